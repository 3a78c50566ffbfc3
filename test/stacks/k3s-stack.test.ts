import { Testing } from "cdktf";
import { parse } from "yaml";
import { K3sStack } from "../../stacks/k3s-stack";
import { PlatformConfig } from "../../src/config/schema";
import { parseConfig } from "../../src/config/load-config";
import { editedConfig, loadRepoConfig } from "../config/fixtures";
import { SynthesizedStack, expectDescribed, forEachKeys, onlyResource, resourcesOf } from "../helpers";

function synth(config: PlatformConfig): { json: string; parsed: SynthesizedStack } {
  const stack = new K3sStack(Testing.app(), "k3s", { config });
  const json = Testing.synth(stack);
  return { json, parsed: JSON.parse(json) };
}

function release(parsed: SynthesizedStack, name: string): Record<string, any> {
  const found = Object.values(resourcesOf(parsed, "helm_release")).find((r) => r.name === name);
  if (!found) throw new Error(`no helm_release named ${name}`);
  return found;
}

function values(parsed: SynthesizedStack, name: string): Record<string, any> {
  return parse(release(parsed, name).values[0]);
}

describe.each(["default", "guide"] as const)("K3sStack with config/%s.yaml", (name) => {
  const config = loadRepoConfig(name);
  const { json, parsed } = synth(config);

  it("matches the snapshot", () => {
    expect(json).toMatchSnapshot();
  });

  it("keeps its state out of cdktf.out with a relative local backend", () => {
    expect(parsed.terraform!.backend).toEqual({ local: { path: "../../../terraform.k3s.tfstate" } });
  });

  it("declares the S3 keys as sensitive variables without defaults", () => {
    for (const v of ["s3_access_key", "s3_secret_key"]) {
      expect(parsed.variable![v]).toMatchObject({ type: "string", sensitive: true, nullable: false });
      expect(parsed.variable![v]).not.toHaveProperty("default");
    }
  });

  it("declares disks on the two storage nodes only, before Longhorn starts", () => {
    const labels = Object.values(resourcesOf(parsed, "kubernetes_labels")).filter(
      (l) => "node.longhorn.io/create-default-disk" in (l.labels as object),
    );
    expect(labels).toHaveLength(1);
    expect(forEachKeys(labels[0])).toEqual(["kube-storage-01", "kube-storage-02"]);
    const annotations = onlyResource(parsed, "kubernetes_annotations");
    expect(forEachKeys(annotations)).toEqual(["kube-storage-01", "kube-storage-02"]);
    // Reservations declared in bytes for both disks: 10 GiB of the root filesystem for the system, none of
    // the dedicated volume (Longhorn 1.8+ would make a 0 into 30% unless its percentage setting is 0).
    expect(JSON.parse((annotations.annotations as any)["node.longhorn.io/default-disks-config"])).toEqual([
      { name: "default-disk", path: "/var/lib/longhorn/", allowScheduling: true, storageReserved: 10 * 2 ** 30, tags: ["fast"] },
      { name: "disk-mnt", path: "/mnt/longhorn", allowScheduling: true, storageReserved: 0, tags: [] },
    ]);
    const settings = parse(release(parsed, "longhorn").values[0]).defaultSettings;
    if (config.longhorn.chartVersion === "1.5.1") expect(settings).not.toHaveProperty("storageReservedPercentageForDefaultDisk");
    else expect(settings.storageReservedPercentageForDefaultDisk).toBe("0");
    const dependsOn = release(parsed, "longhorn").depends_on as string[];
    expect(dependsOn.filter((d) => d.startsWith("kubernetes_labels.") || d.startsWith("kubernetes_annotations."))).toEqual([
      expect.stringMatching(/^kubernetes_labels\.LonghornStorageNodes_Labels_/),
      expect.stringMatching(/^kubernetes_annotations\.LonghornStorageNodes_Annotations_/),
    ]);
  });

  it("labels and annotates no Node before the storage nodes registered (kubectl wait, bounded)", () => {
    const wait = onlyResource(parsed, "terraform_data");
    expect(forEachKeys(wait)).toEqual(["kube-storage-01", "kube-storage-02"]);
    expect((wait.provisioner as any)[0]["local-exec"].interpreter).toEqual([
      "kubectl",
      "--kubeconfig",
      '${pathexpand("~/.kube/config")}',
      "--context",
      "kube",
      "wait",
      "--for=create",
      "--timeout=900s",
    ]);
    const waitId = `terraform_data.${Object.keys(resourcesOf(parsed, "terraform_data"))[0]}`;
    const onNodes = [
      ...Object.values(resourcesOf(parsed, "kubernetes_labels")),
      ...Object.values(resourcesOf(parsed, "kubernetes_annotations")),
    ].filter((r) => r.kind === "Node");
    expect(onNodes.length).toBeGreaterThanOrEqual(3);
    expect(onNodes.filter((r) => !(r.depends_on as string[] | undefined)?.includes(waitId))).toEqual([]);
  });

  it("gives every kubernetes_labels/annotations on the nodes its own field manager (server-side apply would drop the others')", () => {
    const onNodes = [
      ...Object.values(resourcesOf(parsed, "kubernetes_labels")),
      ...Object.values(resourcesOf(parsed, "kubernetes_annotations")),
    ].filter((r) => r.kind === "Node");
    expect(onNodes.length).toBeGreaterThanOrEqual(3);
    const managers = onNodes.map((r) => r.field_manager);
    expect(managers.every((m) => typeof m === "string" && m !== "Terraform")).toBe(true);
    // One manager per resource, except that the node-role labels share theirs: they set different keys on different nodes.
    const roles = Object.entries(resourcesOf(parsed, "kubernetes_labels")).filter(([id]) => id.startsWith("DatabaseNodeRoles_"));
    expect(new Set(managers).size).toBe(managers.length - Math.max(0, roles.length - 1));
  });

  it("installs Longhorn with replica count 2, the storage toleration and the S3 target", () => {
    const lh = release(parsed, "longhorn");
    expect(lh.version).toBe(config.longhorn.chartVersion);
    const v = values(parsed, "longhorn");
    expect(v.persistence).toEqual({ defaultClass: false, defaultClassReplicaCount: 2 });
    expect(v.defaultSettings.defaultReplicaCount).toBe("2");
    expect(v.defaultSettings.taintToleration).toBe("node-role.kubernetes.io/storage:NoSchedule");
    expect(v.longhornManager.tolerations).toEqual([{ key: "node-role.kubernetes.io/storage", operator: "Exists", effect: "NoSchedule" }]);
    const store = name === "guide" ? v.defaultSettings : v.defaultBackupStore;
    expect(store.backupTarget).toBe("s3://mykuberocks@fr-par/");
    expect(store.backupTargetCredentialSecret).toBe("longhorn-backup-credential");
    const secret = Object.values(resourcesOf(parsed, "kubernetes_secret_v1")).find(
      (s) => (s.metadata as any).name === "longhorn-backup-credential",
    )!;
    expect(secret.data).toEqual({
      AWS_ENDPOINTS: "https://s3.fr-par.scw.cloud",
      AWS_ACCESS_KEY_ID: "${var.s3_access_key}",
      AWS_SECRET_ACCESS_KEY: "${var.s3_secret_key}",
      AWS_REGION: "fr-par",
    });
  });

  it("guards Longhorn against an uninstall, and retries a failed first install of any release", () => {
    const lh = release(parsed, "longhorn");
    expect(lh.lifecycle).toEqual({ prevent_destroy: true });
    expect(values(parsed, "longhorn").defaultSettings.deletingConfirmationFlag).toBe("false");
    const releases = Object.values(resourcesOf(parsed, "helm_release"));
    expect(releases.length).toBeGreaterThan(5);
    expect(releases.filter((r) => r.replace !== true).map((r) => r.name)).toEqual([]);
  });

  it("creates longhorn-fast with the guide's parameters", () => {
    const sc = Object.values(resourcesOf(parsed, "kubernetes_storage_class_v1")).find((s) => (s.metadata as any).name === "longhorn-fast")!;
    expect(sc).toMatchObject({
      storage_provisioner: "driver.longhorn.io",
      allow_volume_expansion: true,
      reclaim_policy: "Delete",
      volume_binding_mode: "Immediate",
    });
    expect(sc.parameters).toEqual({
      numberOfReplicas: "1",
      staleReplicaTimeout: "30",
      fromBackup: "",
      fsType: "ext4",
      diskSelector: "fast",
    });
  });

  it("installs the guide's three backup jobs after Longhorn", () => {
    const jobs = release(parsed, "longhorn-recurring-jobs");
    expect(jobs.depends_on).toContain(
      `helm_release.${Object.entries(resourcesOf(parsed, "helm_release")).find(([, r]) => r.name === "longhorn")![0]}`,
    );
    expect(values(parsed, "longhorn-recurring-jobs").manifests.map((m: any) => [m.metadata.name, m.spec.cron, m.spec.retain])).toEqual([
      ["daily", "15 0 * * *", 7],
      ["weekly", "30 0 * * 1", 4],
      ["monthly", "45 0 1 * *", 3],
    ]);
  });

  it("exposes the UI through the guide's middlewares", () => {
    const route = values(parsed, "longhorn-ingress").manifests[0];
    expect(route.spec.routes[0]).toMatchObject({
      match: "Host(`longhorn.kube.rocks`)",
      middlewares: [
        { name: "middleware-ip", namespace: "traefik" },
        { name: "middleware-auth", namespace: "traefik" },
      ],
      services: [{ name: "longhorn-frontend", port: "http" }],
    });
  });

  it("adds the Longhorn ServiceMonitor after the prometheus-operator CRDs, and leaves it out without monitoring.serviceMonitors", () => {
    const names = (stack: SynthesizedStack) => Object.values(resourcesOf(stack, "helm_release")).map((r) => r.name);
    expect(names(parsed)).toContain("longhorn-metrics");
    expect(release(parsed, "longhorn-metrics").depends_on).toEqual(
      expect.arrayContaining([expect.stringMatching(/^helm_release\.PrometheusOperatorCrds_Release_/)]),
    );
    const { parsed: unmonitored } = synth({ ...config, monitoring: { ...config.monitoring, serviceMonitors: false } });
    expect(names(unmonitored)).not.toContain("longhorn-metrics");
    expect(names(unmonitored)).not.toContain("prometheus-operator-crds");
  });

  it("scrapes the longhorn-manager pods on their manager port", () => {
    const monitor = parse((release(parsed, "longhorn-metrics").values as string[])[0]).manifests[0];
    expect(monitor.kind).toBe("ServiceMonitor");
    expect(monitor.spec.selector).toEqual({ matchLabels: { app: "longhorn-manager" } });
    expect(monitor.spec.endpoints).toEqual([expect.objectContaining({ port: "manager" })]);
  });

  it("explains every variable it declares", () => {
    expectDescribed(parsed.variable ?? {});
  });

  it("contains no kubernetes_manifest: every custom resource plans without its CRD", () => {
    expect(resourcesOf(parsed, "kubernetes_manifest")).toEqual({});
  });
});

describe("K3sStack options", () => {
  it("does not wait for nodes with kubernetes.waitForNodes.enabled false", () => {
    const config = loadRepoConfig("default");
    const { parsed } = synth({
      ...config,
      kubernetes: { ...config.kubernetes, waitForNodes: { ...config.kubernetes.waitForNodes, enabled: false } },
    });
    expect(resourcesOf(parsed, "terraform_data")).toEqual({});
    const labels = Object.values(resourcesOf(parsed, "kubernetes_labels"));
    expect(labels.length).toBeGreaterThan(0);
    expect(labels.filter((l) => l.depends_on !== undefined)).toEqual([]);
  });

  it("creates the UI middlewares and an htpasswd variable when the config asks", () => {
    const config = loadRepoConfig("default");
    const edited: PlatformConfig = {
      ...config,
      longhorn: {
        ...config.longhorn,
        ui: { ...config.longhorn.ui, ipAllowList: { sourceRange: ["203.0.113.4/32"] }, basicAuth: { create: true } },
      },
    };
    const { parsed } = synth(edited);
    expect(parsed.variable!.longhorn_ui_htpasswd).toMatchObject({
      sensitive: true,
      type: "string",
      // What a deploy asks for when TF_VAR_longhorn_ui_htpasswd is not set.
      description: expect.stringMatching(/^htpasswd lines .*Longhorn UI/),
    });
    const users = Object.values(resourcesOf(parsed, "kubernetes_secret_v1")).find(
      (s) => (s.metadata as any).name === "longhorn-basic-auth-users",
    )!;
    expect(users.data).toEqual({ users: "${var.longhorn_ui_htpasswd}" });
    expect(values(parsed, "longhorn-ingress").manifests.map((m: any) => m.kind)).toEqual(["Middleware", "Middleware", "IngressRoute"]);
  });

  it("installs no UI route when the UI is disabled", () => {
    const config = loadRepoConfig("default");
    const { parsed } = synth({ ...config, longhorn: { ...config.longhorn, ui: { ...config.longhorn.ui, enabled: false } } });
    expect(Object.values(resourcesOf(parsed, "helm_release")).map((r) => r.name)).not.toContain("longhorn-ingress");
  });
});

describe("K3sStack with a storage pool without volumes", () => {
  it("gives Longhorn the root disk alone", () => {
    const config = parseConfig(
      editedConfig((raw) => {
        delete raw.hcloud.nodePools.find((p: { name: string }) => p.name === raw.longhorn.storagePool).volume;
      }),
    );
    const annotations = onlyResource(synth(config).parsed, "kubernetes_annotations");
    expect(JSON.parse((annotations.annotations as any)["node.longhorn.io/default-disks-config"])).toEqual([
      { name: "default-disk", path: "/var/lib/longhorn/", allowScheduling: true, storageReserved: 10 * 2 ** 30, tags: ["fast"] },
    ]);
  });
});
