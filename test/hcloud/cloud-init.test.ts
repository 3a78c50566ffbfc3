import { parse } from "yaml";
import { CloudInitTemplate, NodeIdentity, renderBootstrapScript, renderCloudInit, shellQuote } from "../../src/hcloud/cloud-init";
import { InternalError, ValidationError } from "../../src/validation";
import { renderK3sConfig } from "../../src/hcloud/k3s-node";
import { cloudInitSchema, evaluatedUserData, itWithTool, parseCloudConfig, shellcheck } from "./user-data";
import { haEdit, synthCluster } from "./fixtures";

const standard = evaluatedUserData(synthCluster().parsed);
const ha = evaluatedUserData(synthCluster(haEdit).parsed);

/** One node of each kind. */
const NODE_KINDS: [string, string][] = [
  ["single control plane server", standard["kube-controller-01"]],
  ["first control plane server of three", ha["kube-controller-01"]],
  ["second control plane server of three", ha["kube-controller-02"]],
  ["agent without volume", standard["kube-worker-01"]],
  ["agent with an ext4 volume", standard["kube-storage-01"]],
  ["agent with an xfs volume", ha["kube-storage-02"]],
];

/** The cloud-config modules the nodes use; a typo in a top-level key would pass cloud-init's schema silently. */
const KNOWN_KEYS = ["package_update", "packages", "users", "disable_root", "ssh_pwauth", "write_files", "runcmd"];

/** Hetzner's user_data limit. */
const USER_DATA_LIMIT = 32 * 1024;

describe.each(NODE_KINDS)("cloud-init of the %s", (_kind, userData) => {
  const { config, files } = parseCloudConfig(userData);

  itWithTool("cloud-init")("is a valid cloud-config (cloud-init schema -c)", () => {
    const run = cloudInitSchema(userData);
    expect(run.output).toMatch(/Valid cloud-config/);
    expect(run.status).toBe(0);
  });

  itWithTool("shellcheck")("has shell scripts that pass shellcheck", () => {
    const scripts = files.filter((f) => f.content.startsWith("#!"));
    expect(scripts.length).toBeGreaterThanOrEqual(1);
    for (const script of scripts) {
      const run = shellcheck(script.content);
      expect({ path: script.path, output: run.output }).toEqual({ path: script.path, output: "" });
      expect(run.status).toBe(0);
    }
  });

  it(`stays under Hetzner's ${USER_DATA_LIMIT} bytes of user_data`, () => {
    expect(Buffer.byteLength(userData, "utf8")).toBeLessThan(USER_DATA_LIMIT);
  });

  it("uses only the intended cloud-config modules and runs the bootstrap once", () => {
    expect(Object.keys(config).filter((k) => !KNOWN_KEYS.includes(k))).toEqual([]);
    expect(config.runcmd).toEqual([["/usr/local/sbin/k3s-node-bootstrap"]]);
    expect(config.package_update).toBe(true); // the package index, before the packages install
    expect(config.disable_root).toBe(true);
    expect(config.ssh_pwauth).toBe(false);
    expect(files.find((f) => f.path === "/usr/local/sbin/k3s-node-bootstrap")?.permissions).toBe("0755");
  });

  it("keeps pods away from the metadata service (which serves this user data) before k3s starts", () => {
    const unit = files.find((f) => f.path === "/etc/systemd/system/block-pod-metadata.service")!.content;
    expect(unit).toContain("iptables -w -t raw -I PREROUTING 1 -d 169.254.169.254/32 -j DROP");
    expect(unit).toMatch(/Before=k3s\.service k3s-agent\.service/);
    const bootstrap = files.find((f) => f.path === "/usr/local/sbin/k3s-node-bootstrap")!.content;
    expect(bootstrap.indexOf("systemctl enable --now block-pod-metadata.service")).toBeGreaterThan(0);
    expect(bootstrap.indexOf("systemctl enable --now block-pod-metadata.service")).toBeLessThan(bootstrap.indexOf("https://get.k3s.io"));
  });

  it("writes the k3s config as valid YAML, readable by root only", () => {
    const file = files.find((f) => f.path === "/etc/rancher/k3s/config.yaml")!;
    expect(file.permissions).toBe("0600");
    const k3s = parse(file.content);
    expect(k3s).toMatchObject({ token: "0f3a9c2e7b1d4e8fa6c5b3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2", "flannel-iface": "enp7s0" });
    expect(k3s["node-ip"]).toMatch(/^10\.0\.\d+\.\d+$/);
  });
});

describe("k3s configuration by node kind", () => {
  const k3sConfig = (userData: string) =>
    parse(parseCloudConfig(userData).files.find((f) => f.path === "/etc/rancher/k3s/config.yaml")!.content);
  const script = (userData: string, path: string) => parseCloudConfig(userData).files.find((f) => f.path === path)?.content;

  it("starts the cluster on the first server, with etcd snapshots to S3 and any secret character intact", () => {
    expect(k3sConfig(standard["kube-controller-01"])).toEqual({
      "cluster-init": true,
      token: "0f3a9c2e7b1d4e8fa6c5b3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2",
      "node-name": "kube-controller-01",
      "node-ip": "10.0.0.2",
      "advertise-address": "10.0.0.2",
      "flannel-iface": "enp7s0",
      "write-kubeconfig-mode": "0600",
      "tls-san": ["cp.kube.rocks"],
      disable: ["traefik"],
      "kubelet-arg": ["eviction-hard=memory.available<250Mi"],
      "node-taint": ["node-role.kubernetes.io/control-plane:NoSchedule"],
      "etcd-s3": true,
      "etcd-s3-endpoint": "s3.fr-par.scw.cloud",
      "etcd-s3-region": "fr-par",
      "etcd-s3-bucket": "mykuberocks",
      "etcd-s3-access-key": "SCW0ACCESS0KEY0EXAMPLE",
      "etcd-s3-secret-key": `s3cr3t/with+"quotes"\\and: colons # hash`,
      "etcd-snapshot-schedule-cron": "0 0 * * *",
      "etcd-snapshot-retention": 5,
    });
    expect(script(standard["kube-controller-01"], "/usr/local/sbin/k3s-node-bootstrap")).toMatch(
      /169\.254\.169\.254\/hetzner\/v1\/metadata\/public-ipv4/,
    );
  });

  it("tells no server of three whom to join or to start the cluster: each chooses among the other two at first boot", () => {
    const bootstrap = (node: string) => script(ha[node], "/usr/local/sbin/k3s-node-bootstrap")!;
    const chooseCalls = (node: string) => bootstrap(node).match(/^choose_cluster .*$/gm);
    for (const node of ["kube-controller-01", "kube-controller-02", "kube-controller-03"]) {
      const cfg = k3sConfig(ha[node]);
      expect({ node, server: cfg.server, clusterInit: cfg["cluster-init"] }).toEqual({ node, server: undefined, clusterInit: undefined });
      expect(bootstrap(node)).not.toContain("JOIN_URL");
    }
    // The first server waits a minute for another one, then starts a cluster; the others wait for any other one.
    expect(chooseCalls("kube-controller-01")).toEqual([
      "choose_cluster '/etc/rancher/k3s/config.yaml.d/40-cluster.yaml' 60 5 init '10.0.0.3' '10.0.0.4'",
    ]);
    expect(chooseCalls("kube-controller-02")).toEqual([
      "choose_cluster '/etc/rancher/k3s/config.yaml.d/40-cluster.yaml' 1800 5 wait '10.0.0.2' '10.0.0.4'",
    ]);
    expect(chooseCalls("kube-controller-03")).toEqual([
      "choose_cluster '/etc/rancher/k3s/config.yaml.d/40-cluster.yaml' 1800 5 wait '10.0.0.2' '10.0.0.3'",
    ]);
    // The choice is made before k3s is installed (the installer starts it), after the private network is up.
    const first = bootstrap("kube-controller-01");
    expect(first.indexOf("wait_for 600")).toBeLessThan(first.indexOf("\nchoose_cluster '"));
    expect(first.indexOf("\nchoose_cluster '")).toBeLessThan(first.indexOf("https://get.k3s.io"));
    expect(k3sConfig(ha["kube-controller-03"])).toMatchObject({
      "node-ip": "10.0.0.4",
      "flannel-backend": "wireguard-native",
      "secrets-encryption": true,
    });
    expect(bootstrap("kube-controller-03")).toContain("INSTALL_K3S_VERSION='v1.33.5+k3s1'");
    expect(bootstrap("kube-controller-03")).toMatch(/sh "\$installer" server\n/);
  });

  it("keeps a single server as it was: cluster-init in config.yaml, no probing of other servers", () => {
    const bootstrap = script(standard["kube-controller-01"], "/usr/local/sbin/k3s-node-bootstrap")!;
    expect(k3sConfig(standard["kube-controller-01"])["cluster-init"]).toBe(true);
    expect(bootstrap).not.toContain("choose_cluster");
    expect(bootstrap).not.toContain("40-cluster.yaml");
  });

  it("registers agents with their pool's labels and taints, no etcd settings", () => {
    const cfg = k3sConfig(standard["kube-storage-02"]);
    expect(cfg).toEqual({
      server: "https://10.0.0.2:6443",
      token: "0f3a9c2e7b1d4e8fa6c5b3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2",
      "node-name": "kube-storage-02",
      "node-ip": "10.0.2.2",
      "flannel-iface": "enp7s0",
      "node-label": ["node.kubernetes.io/server-usage=storage"],
      "node-taint": ["node-role.kubernetes.io/storage:NoSchedule"],
      "kubelet-arg": ["eviction-hard=memory.available<250Mi"],
    });
    expect(script(standard["kube-worker-01"], "/usr/local/sbin/k3s-node-bootstrap")).toMatch(/sh "\$installer" agent\n/);
  });

  it("mounts a storage node's volume by id at the configured path before k3s starts, at every boot", () => {
    const { files, config } = parseCloudConfig(standard["kube-storage-01"]);
    const mount = files.find((f) => f.path === "/usr/local/sbin/hc-volume-mount")!.content;
    expect(mount).toContain("readonly DEVICE='/dev/disk/by-id/scsi-0HC_Volume_104857600'");
    expect(mount).toContain("readonly MOUNT_PATH='/mnt/longhorn'");
    expect(mount).toContain("readonly FS_TYPE='ext4'");
    expect(mount).toMatch(/until \[ -b "\$DEVICE" \]/); // waits for a late attachment
    expect(mount).toContain("discard,nofail,defaults 0 0"); // survives reboots, never blocks boot
    const unit = files.find((f) => f.path === "/etc/systemd/system/hc-volume-mount.service")!.content;
    expect(unit).toMatch(/Type=oneshot/);
    expect(unit).toMatch(/WantedBy=multi-user\.target/);
    expect(files.find((f) => f.path === "/etc/systemd/system/k3s-agent.service.d/10-hc-volume.conf")!.content).toMatch(
      /Requires=hc-volume-mount\.service\nAfter=hc-volume-mount\.service/,
    );
    const bootstrap = files.find((f) => f.path === "/usr/local/sbin/k3s-node-bootstrap")!.content;
    expect(bootstrap.indexOf("systemctl enable --now hc-volume-mount.service")).toBeLessThan(bootstrap.indexOf("https://get.k3s.io"));
    expect(config.packages).toEqual(["nfs-common", "open-iscsi", "iptables"]);
    expect(parseCloudConfig(ha["kube-storage-01"]).config.packages).toEqual(["nfs-common", "open-iscsi", "iptables", "xfsprogs"]);
  });

  it("gives workers no volume files", () => {
    const paths = parseCloudConfig(standard["kube-worker-01"]).files.map((f) => f.path);
    expect(paths).toEqual([
      "/etc/ssh/sshd_config.d/10-k3s-node.conf",
      "/etc/rancher/k3s/config.yaml",
      "/etc/systemd/system/block-pod-metadata.service",
      "/usr/local/sbin/k3s-node-bootstrap",
    ]);
  });

  it("moves SSH to the configured port and creates the sudo user with the configured keys", () => {
    const { files, config } = parseCloudConfig(standard["kube-worker-02"]);
    expect(files[0].content).toBe("Port 2222\nPermitRootLogin no\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n");
    expect(config.users).toEqual([
      {
        name: "rocks",
        groups: ["sudo"],
        sudo: "ALL=(ALL) NOPASSWD:ALL",
        shell: "/bin/bash",
        lock_passwd: true,
        ssh_authorized_keys: [expect.stringMatching(/^ssh-ed25519 AAAA/)],
      },
    ]);
  });

  it.each(NODE_KINDS)(
    "makes the scripts of the %s executable, the k3s config (with the token) private, the rest readable",
    (_kind, userData) => {
      const { files } = parseCloudConfig(userData);
      const mode = (f: { path: string; content: string }) =>
        f.content.startsWith("#!") ? "0755" : f.path === "/etc/rancher/k3s/config.yaml" ? "0600" : "0644";
      const modes = files.map((f) => [f.path, mode(f)]);
      expect(files.map((f) => [f.path, f.permissions])).toEqual(modes);
      expect(new Set(files.map((f) => f.owner))).toEqual(new Set(["root:root"]));
    },
  );

  it("orders a server's k3s.service after its volume, an agent's k3s-agent.service", () => {
    const unitsOf = (role: "server" | "agent") =>
      parseCloudConfig(
        renderCloudInit({
          nodeName: "n1",
          role,
          privateIp: "10.0.0.2",
          privateInterface: "enp7s0",
          k3sConfig: "",
          k3sChannel: "stable",
          sshUser: "kube",
          sshPort: 2222,
          sshAuthorizedKeys: [],
          packages: [],
          volume: { volumeId: "1", mountPath: "/mnt/data", format: "ext4" },
        }),
      )
        .files.map((f) => f.path)
        .filter((p) => p.includes("10-hc-volume.conf"));
    expect(unitsOf("server")).toEqual(["/etc/systemd/system/k3s.service.d/10-hc-volume.conf"]);
    expect(unitsOf("agent")).toEqual(["/etc/systemd/system/k3s-agent.service.d/10-hc-volume.conf"]);
  });
});

describe("shellQuote", () => {
  it("single-quotes a value, a single quote inside closed, escaped and reopened", () => {
    expect(shellQuote("a b")).toBe("'a b'");
    expect(shellQuote("it's")).toBe(`'it'"'"'s'`);
  });
});

describe("CloudInitTemplate (a pool's cloud-config, rendered to YAML once)", () => {
  /** The cloud-config of an agent with a volume: the name and IP appear in YAML, in the k3s config and in shell scripts. */
  const render = ({ nodeName, privateIp }: NodeIdentity) =>
    renderCloudInit({
      nodeName,
      role: "agent",
      privateIp,
      privateInterface: "enp7s0",
      k3sConfig: renderK3sConfig({ "node-name": nodeName, "node-ip": privateIp, "node-label": ["a=b"] }),
      k3sChannel: "stable",
      joinUrl: "https://10.0.0.2:6443",
      sshUser: "kube",
      sshPort: 2222,
      sshAuthorizedKeys: ["ssh-ed25519 AAAA kube"],
      packages: [],
      volume: { volumeId: "TFVALUE_VOLUME_ID", mountPath: "/mnt/longhorn", format: "ext4" },
    });
  const template = new CloudInitTemplate(render);

  it.each<NodeIdentity>([
    { nodeName: "kube-storage-01", privateIp: "10.0.2.1" },
    { nodeName: "kube-storage-50", privateIp: "10.0.2.50" },
    { nodeName: "a", privateIp: "0.0.0.0" },
    { nodeName: "x1", privateIp: "255.255.255.255" },
    { nodeName: `n${"-x".repeat(31)}`, privateIp: "192.168.100.200" },
    { nodeName: "true-1", privateIp: "172.16.0.1" },
    { nodeName: "n2", privateIp: "240.0.0.1" },
  ])("gives exactly the directly rendered cloud-config for %p", (node) => {
    const text = template.forNode(node);
    expect(text).toBe(render(node));
    expect(text).toContain(`node-name: ${node.nodeName}\n`);
  });

  it.each([
    [
      "a number YAML would quote",
      { nodeName: "123", privateIp: "10.0.0.1" },
      /nodeName must be a DNS-1123 label that YAML writes unquoted \(got "123"\)/,
    ],
    ["a boolean YAML would quote", { nodeName: "true", privateIp: "10.0.0.1" }, /\(got "true"\)/],
    ["a float YAML would quote", { nodeName: "1e-5", privateIp: "10.0.0.1" }, /\(got "1e-5"\)/],
    ["an upper-case name", { nodeName: "Kube-01", privateIp: "10.0.0.1" }, /\(got "Kube-01"\)/],
    ["a name with a quote", { nodeName: "a'b", privateIp: "10.0.0.1" }, /\(got "a'b"\)/],
    ["an IPv4 out of range", { nodeName: "kube-1", privateIp: "10.0.0.256" }, /privateIp must be an IPv4 address \(got "10.0.0.256"\)/],
    ["text before an IPv4", { nodeName: "kube-1", privateIp: "x10.0.0.1" }, /privateIp must be an IPv4 address \(got "x10\.0\.0\.1"\)/],
    ["text after an IPv4", { nodeName: "kube-1", privateIp: "10.0.0.1x" }, /privateIp must be an IPv4 address \(got "10\.0\.0\.1x"\)/],
    ["an IPv6", { nodeName: "kube-1", privateIp: "fd00::1" }, /privateIp must be an IPv4 address \(got "fd00::1"\)/],
  ])("refuses %s, as a broken invariant (names and IPs come from validated props)", (_what, node, expected) => {
    expect(() => template.forNode(node)).toThrow(expected);
    expect(() => template.forNode(node)).toThrow(InternalError);
  });

  it("renders YAML twice for the whole pool, however many nodes", () => {
    let renders = 0;
    const counted = new CloudInitTemplate((node) => {
      renders++;
      return render(node);
    });
    for (let i = 1; i <= 50; i++) counted.forNode({ nodeName: `kube-storage-${i}`, privateIp: `10.0.2.${i}` });
    expect(renders).toBe(2);
  });

  it("takes other stand-ins when a setting contains one, and stays exact", () => {
    let renders = 0;
    // A kubelet argument that happens to hold the IP the first stand-ins use.
    const odd = (node: NodeIdentity) => {
      renders++;
      return render(node) + "# node-ip-flag: --node-ip=198.51.100.200\n";
    };
    const template = new CloudInitTemplate(odd);
    expect(renders).toBe(4); // the first pair shows the clash, the second does not
    const node = { nodeName: "kube-storage-01", privateIp: "10.0.2.1" };
    const text = template.forNode(node);
    expect(text).toBe(odd(node));
    expect(text).toContain("--node-ip=198.51.100.200");
  });

  it("refuses settings that contain every stand-in", () => {
    const all = Array.from({ length: 10 }, (_, i) => `198.51.100.${200 + i}`).join(",");
    const refuse = () => new CloudInitTemplate((node) => render(node) + `# ${all}\n`, "test/Pool props");
    // A user's settings (labels, kubelet arguments...) could hold them all: a ValidationError, not a bug.
    expect(refuse).toThrow(ValidationError);
    expect(() => new CloudInitTemplate((node) => render(node) + `# ${all}\n`)).toThrow(/^CloudInitTemplate:\n {2}- settings: /);
    expect(refuse).toThrow(
      "test/Pool props:\n  - settings: must not contain every stand-in for a node's name or IP (node-name-stand-in-0a to -4b, 198.51.100.200-209), which a pool's cloud-config is rendered with",
    );
  });

  it("puts placeholders where a node's name and IP go, for Terraform to fill in", () => {
    const text = template.withPlaceholders({ nodeName: "TFVALUE_NODE_NAME", privateIp: "TFVALUE_NODE_IP" });
    const node = { nodeName: "kube-storage-07", privateIp: "10.0.2.7" };
    expect(text.split("TFVALUE_NODE_NAME").join(node.nodeName).split("TFVALUE_NODE_IP").join(node.privateIp)).toBe(render(node));
    expect(text).not.toContain("stand-in");
  });
});

describe("invariants of the control plane's cloud-config", () => {
  const server = {
    nodeName: "kube-controller-01",
    role: "server" as const,
    privateIp: "10.0.0.2",
    privateInterface: "enp7s0",
    k3sConfig: "",
    k3sChannel: "stable",
    sshUser: "rocks",
    sshPort: 22,
    sshAuthorizedKeys: [],
    packages: [],
  };

  it.each([
    ["peers of an agent", { role: "agent" as const, clusterPeers: { ips: ["10.0.0.3"], initializeIfAlone: true } }, /only for a server/],
    ["no peer", { clusterPeers: { ips: [], initializeIfAlone: true } }, /at least one other server/],
    ["a peer that is no IPv4", { clusterPeers: { ips: ["kube-2"], initializeIfAlone: true } }, /must be IPv4 addresses \(got "kube-2"\)/],
    ["the node itself as a peer", { clusterPeers: { ips: ["10.0.0.2"], initializeIfAlone: false } }, /must not include the node's own IP/],
  ])("are InternalErrors (ControlPlane computes the peers): %s", (_name, over, message) => {
    expect(() => renderBootstrapScript({ ...server, ...over })).toThrow(InternalError);
    expect(() => renderBootstrapScript({ ...server, ...over })).toThrow(message);
  });
});

describe("the validators are real", () => {
  itWithTool("cloud-init")("cloud-init schema rejects a broken cloud-config", () => {
    const run = cloudInitSchema("#cloud-config\nwrite_files:\n  - path: 1\n    permissions: 0755\n    bogus: x\n");
    expect(run.status).not.toBe(0);
    expect(run.output).toMatch(/bogus/);
  });

  itWithTool("shellcheck")("shellcheck rejects a script with an unquoted variable", () => {
    const run = shellcheck("#!/bin/bash\nrm -rf $DIR/*\n");
    expect(run.status).not.toBe(0);
    expect(run.output).toMatch(/SC2086/);
  });
});
