import { HCLOUD_PROVIDER } from "../../scripts/providers/hcloud-bindings";
import { Testing } from "cdktf";
import { nodeNames } from "../../src/config/hcloud-schema";
import { parseConfig } from "../../src/config/load-config";
import { PlatformConfig, storageNodes } from "../../src/config/schema";
import { HcloudStack } from "../../stacks/hcloud-stack";
import { editedConfig, rawConfig } from "../config/fixtures";
import { evaluatedUserData } from "../hcloud/user-data";
import { SynthesizedStack, expectDescribed, resourcesOf } from "../helpers";
import { hcloudSchemaProblems } from "../providers/hcloud-schema-check";

function synth(config: PlatformConfig): { json: string; parsed: SynthesizedStack; stack: HcloudStack } {
  const stack = new HcloudStack(Testing.app(), "hcloud", { config });
  const json = Testing.synth(stack);
  return { json, parsed: JSON.parse(json), stack };
}

const load = (name: "default" | "guide") => parseConfig(rawConfig(name), `config/${name}.yaml`);

describe.each(["default", "guide"] as const)("HcloudStack with config/%s.yaml", (name) => {
  const config = load(name);
  const { json, parsed } = synth(config);

  it("matches the snapshot", () => {
    expect(json).toMatchSnapshot();
  });

  it("synthesizes only hcloud arguments the bindings declare, with their documented types", () => {
    expect(hcloudSchemaProblems(parsed)).toEqual([]);
  });

  it("pins the providers and leaves the hcloud token to HCLOUD_TOKEN", () => {
    expect(parsed.terraform!.required_providers).toEqual({
      hcloud: { source: "hetznercloud/hcloud", version: HCLOUD_PROVIDER.version },
    });
    expect(parsed.provider!.hcloud).toEqual([{}]);
    expect(json).not.toMatch(/"token"\s*:/);
  });

  it("keeps its state out of cdktf.out with a relative local backend", () => {
    expect(parsed.terraform!.backend).toEqual({ local: { path: "../../../terraform.hcloud.tfstate" } });
  });

  it("declares the etcd bucket keys as the same sensitive variables as the k3s stack", () => {
    expect(Object.keys(parsed.variable ?? {}).sort()).toEqual(["k3s_token", "s3_access_key", "s3_secret_key"]);
    for (const v of ["s3_access_key", "s3_secret_key"]) {
      expect(parsed.variable![v]).toMatchObject({ type: "string", sensitive: true, nullable: false });
      expect(parsed.variable![v]).not.toHaveProperty("default");
    }
    expect(resourcesOf(parsed, "hcloud_server")["kube-controller-01"].user_data).toContain(
      "etcd-s3-secret-key: ${jsonencode(var.s3_secret_key)}",
    );
  });

  it("protects the storage volumes against deletion by default", () => {
    expect(resourcesOf(parsed, "hcloud_volume")["kube-storage"]).toMatchObject({ delete_protection: true });
  });

  it("explains every variable and output it declares", () => {
    expectDescribed(parsed.variable ?? {});
    expectDescribed(parsed.output ?? {});
  });

  it("refuses a k3s_token that is not a k3s token, before anything is created", () => {
    expect(parsed.variable!.k3s_token.validation).toEqual([
      {
        condition: '${can(regex("^([A-Za-z0-9]+(::[a-z]+:[A-Za-z0-9]+)?)?$", var.k3s_token))}',
        error_message: "k3s_token must be letters and digits, or a full k3s token K10<hash>::server:<password>.",
      },
    ]);
  });

  it("adopts a join token from the optional sensitive variable k3s_token, else generates one", () => {
    expect(parsed.variable!.k3s_token).toMatchObject({ type: "string", sensitive: true, nullable: false, default: "" });
    expect(resourcesOf(parsed, "terraform_data").kube_k3s_token.triggers_replace).toMatch(/^\$\{coalesce\(var\.k3s_token, sensitive\(/);
    expect(resourcesOf(parsed, "terraform_data").kube_k3s_token.lifecycle).toEqual({ ignore_changes: ["triggers_replace"] });
  });

  it("outputs the node names the k3s stack derives from the same config", () => {
    const outputs = parsed.output!;
    expect(outputs.control_plane_names.value).toEqual(["kube-controller-01"]);
    expect(outputs.node_names.value).toEqual(
      Object.fromEntries(config.hcloud.nodePools.map((p) => [p.name, nodeNames(config.cluster.name, p)])),
    );
    expect((outputs.node_names.value as Record<string, string[]>)[config.longhorn.storagePool]).toEqual(storageNodes(config).names);
    expect(storageNodes(config).names).toEqual(["kube-storage-01", "kube-storage-02"]);
  });

  it("mounts the storage volumes where the k3s stack points Longhorn's second disk", () => {
    expect(parsed.output!.volume_mount_paths.value).toEqual({ storage: storageNodes(config).pool.volume!.mountPath });
    const userData = evaluatedUserData(parsed);
    for (const node of storageNodes(config).names) expect(userData[node]).toContain("readonly MOUNT_PATH='/mnt/longhorn'");
  });

  it("outputs public and private IPs, an SSH config and the kubeconfig command", () => {
    const outputs = parsed.output!;
    expect(outputs.private_ips.value).toEqual({
      "kube-controller-01": "10.0.0.2",
      "kube-worker-01": "10.0.1.1",
      "kube-worker-02": "10.0.1.2",
      "kube-worker-03": "10.0.1.3",
      "kube-storage-01": "10.0.2.1",
      "kube-storage-02": "10.0.2.2",
    });
    expect(outputs.public_ipv4.value).toMatchObject({
      "kube-controller-01": "${hcloud_server.kube-controller-01.ipv4_address}",
      "kube-storage-01": '${hcloud_server.kube-storage["kube-storage-01"].ipv4_address}',
    });
    expect(outputs.load_balancer_ipv4.value).toEqual({ worker: expect.stringMatching(/^\$\{hcloud_load_balancer\..*\.ipv4\}$/) });
    expect(outputs.ssh_config.value).toMatch(/^Host kube\n/);
    // The config's path and context, quoted for the shell (test/hcloud/kubeconfig-command.test.ts runs it).
    expect(config.kubernetes.configPath).toBe("~/.kube/config");
    expect(outputs.kubeconfig_command.value).toContain(`KUBECONFIG=~/.kube/kube.k3s.yaml:~/'.kube/config'`);
    expect(outputs.kubeconfig_command.value).toContain(`kubectl --context '${config.kubernetes.context}' get nodes`);
  });

  it("keeps every node's user data under Hetzner's 32 KiB", () => {
    const sizes = Object.values(evaluatedUserData(parsed)).map((u) => Buffer.byteLength(u, "utf8"));
    expect(sizes).toHaveLength(6);
    for (const size of sizes) expect(size).toBeLessThan(32 * 1024);
  });
});

describe("HcloudStack", () => {
  it("uses the guide's image in guide.yaml and the current LTS by default", () => {
    const image = (c: PlatformConfig) => Object.values(resourcesOf(synth(c).parsed, "hcloud_server")).map((s) => s.image);
    expect(new Set(image(load("guide")))).toEqual(new Set(["ubuntu-22.04"]));
    expect(new Set(image(load("default")))).toEqual(new Set(["ubuntu-24.04"]));
  });

  it("names the kubeconfig context after the cluster unless kubernetes.context says otherwise", () => {
    const command = (edit: (raw: Record<string, any>) => void) =>
      synth(parseConfig(editedConfig(edit))).parsed.output!.kubeconfig_command.value as string;
    expect(command((c) => (c.kubernetes.context = "prod"))).toContain("kubectl --context 'prod' get nodes");
    expect(command((c) => delete c.kubernetes.context)).toContain("kubectl --context 'kube' get nodes");
  });

  it("outputs no ingress address without Traefik", () => {
    const { parsed } = synth(
      parseConfig(
        editedConfig((c) => {
          delete c.traefik;
          delete c.certManager;
        }),
      ),
    );
    expect(Object.keys(parsed.output!)).not.toContain("ingress_ipv4");
    expect(Object.keys(parsed.output!)).toContain("load_balancer_ipv4");
  });

  it("declares no bucket key variable without etcd snapshots", () => {
    const { parsed } = synth(parseConfig(editedConfig((c) => delete c.hcloud.k3s.etcdS3Snapshots)));
    expect(Object.keys(parsed.variable ?? {})).toEqual(["k3s_token"]);
    expect(resourcesOf(parsed, "hcloud_server")["kube-controller-01"].user_data).not.toContain("etcd-s3");
  });

  it("writes no secret into the synthesized configuration", () => {
    const canaries = {
      HCLOUD_TOKEN: "canary-hcloud-4f1e",
      TF_VAR_s3_access_key: "canary-s3-access-9a2b",
      TF_VAR_s3_secret_key: "canary-s3-secret-7c3d",
    };
    const saved = { ...process.env };
    Object.assign(process.env, canaries);
    try {
      const { json } = synth(load("default"));
      for (const canary of Object.values(canaries)) expect(json).not.toContain(canary);
      expect(json).not.toMatch(/BEGIN [A-Z ]*PRIVATE KEY/);
    } finally {
      process.env = saved;
    }
  });
});
