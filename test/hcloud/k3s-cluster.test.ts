import { TerraformOutput } from "cdktf";
import { HcloudConfig } from "../../src/config/hcloud-schema";
import { parseConfig } from "../../src/config/load-config";
import { K3sCluster, K3sClusterProps, K3sClusterRuleInput, k3sClusterIssues } from "../../src/hcloud/k3s-cluster";
import { formatPath } from "../../src/validation";
import { TokenFactory, numberToken, stringToken, unusedTokens } from "../tokens";
import { editedConfig } from "../config/fixtures";
import { errorOf, forEachKeys, onlyResource, resourcesOf, synthScope } from "../helpers";
import { hcloudSchemaProblems } from "../providers/hcloud-schema-check";
import { haEdit, platformConfig, synthCluster } from "./fixtures";

describe("K3sCluster (config/default.yaml)", () => {
  const { json, parsed, cluster } = synthCluster();

  it("matches the snapshot", () => {
    expect(json).toMatchSnapshot();
  });

  it("synthesizes only arguments the bindings declare", () => {
    expect(hcloudSchemaProblems(parsed)).toEqual([]);
  });

  it("creates the guide's topology: 1 controller, 3 workers, 2 storage nodes with a volume each", () => {
    // Control plane servers one resource each; each pool one resource with an instance per node.
    const servers = resourcesOf(parsed, "hcloud_server");
    expect(Object.keys(servers).sort()).toEqual(["kube-controller-01", "kube-storage", "kube-worker"]);
    expect(Object.keys(servers["kube-storage"].for_each as object)).toEqual(["kube-storage-01", "kube-storage-02"]);
    expect(Object.keys(servers["kube-worker"].for_each as object)).toEqual(["kube-worker-01", "kube-worker-02", "kube-worker-03"]);
    expect(Object.keys(resourcesOf(parsed, "hcloud_volume"))).toEqual(["kube-storage"]);
    expect(forEachKeys(resourcesOf(parsed, "hcloud_volume")["kube-storage"])).toEqual(["kube-storage-01", "kube-storage-02"]);
    expect(cluster.nodePools.storage.mountPath).toBe("/mnt/longhorn");
    expect(
      Object.values(resourcesOf(parsed, "hcloud_placement_group"))
        .map((g) => g.name)
        .sort(),
    ).toEqual(["kube-controller", "kube-storage", "kube-worker"]);
  });

  it("builds one private network with a cloud subnet in the configured zone", () => {
    expect(onlyResource(parsed, "hcloud_network")).toMatchObject({ name: "kube", ip_range: "10.0.0.0/16" });
    expect(onlyResource(parsed, "hcloud_network_subnet")).toMatchObject({
      type: "cloud",
      network_zone: "eu-central",
      ip_range: "10.0.0.0/16",
    });
  });

  it("opens SSH and the Kubernetes API only to the allowed IPs", () => {
    const firewalls = Object.values(resourcesOf(parsed, "hcloud_firewall"));
    const byName = Object.fromEntries(firewalls.map((f) => [f.name, f.rule]));
    const allowed = ["203.0.113.10/32"];
    expect(byName["kube-controller"]).toEqual([
      { direction: "in", protocol: "icmp", source_ips: allowed, description: "ping from allowed IPs" },
      { direction: "in", protocol: "tcp", port: "2222", source_ips: allowed, description: "SSH from allowed IPs" },
      { direction: "in", protocol: "tcp", port: "6443", source_ips: allowed, description: "Kubernetes API from allowed IPs" },
    ]);
    expect(byName["kube-agent"]).toEqual([
      { direction: "in", protocol: "icmp", source_ips: allowed, description: "ping from allowed IPs" },
      { direction: "in", protocol: "tcp", port: "2222", source_ips: allowed, description: "SSH from allowed IPs" },
    ]);
    const servers = resourcesOf(parsed, "hcloud_server");
    expect(servers["kube-controller-01"].firewall_ids).toEqual([expect.stringMatching(/ControlPlaneFirewall/)]);
    expect(servers["kube-worker"].firewall_ids).toEqual([expect.stringMatching(/AgentFirewall/)]);
    expect(servers["kube-storage"].firewall_ids).toEqual([expect.stringMatching(/AgentFirewall/)]);
  });

  it("generates the join token once with Terraform's terraform_data, sensitive, referenced by every node", () => {
    expect(Object.keys(resourcesOf(parsed, "terraform_data"))).toEqual(["kube_k3s_token"]);
    for (const server of Object.values(resourcesOf(parsed, "hcloud_server"))) {
      expect(server.user_data).toContain("token: ${terraform_data.kube_k3s_token.triggers_replace}");
    }
  });

  it("gives every server the configured SSH keys", () => {
    expect(onlyResource(parsed, "hcloud_ssh_key")).toMatchObject({
      name: "placeholder",
      public_key: expect.stringMatching(/^ssh-ed25519 /),
    });
    for (const server of Object.values(resourcesOf(parsed, "hcloud_server")))
      expect(server.ssh_keys).toEqual([expect.stringMatching(/^\$\{hcloud_ssh_key\./)]);
  });

  it("labels every Hetzner resource it makes with the cluster's name", () => {
    const labelled = Object.entries(parsed.resource ?? {})
      .filter(([type]) => type.startsWith("hcloud_"))
      .flatMap(([type, resources]) =>
        Object.values(resources)
          .filter((r) => "labels" in r)
          .map((r) => ({ type, labels: r.labels as Record<string, string> })),
      );
    expect(new Set(labelled.map((r) => r.type))).toEqual(
      new Set([
        "hcloud_network",
        "hcloud_ssh_key",
        "hcloud_firewall",
        "hcloud_server",
        "hcloud_volume",
        "hcloud_load_balancer",
        "hcloud_placement_group",
      ]),
    );
    expect(labelled.filter((r) => r.labels.cluster !== "kube")).toEqual([]);
    // The network, the SSH keys and the firewalls belong to no pool: the cluster label alone.
    expect(labelled.filter((r) => ["hcloud_network", "hcloud_ssh_key", "hcloud_firewall"].includes(r.type)).map((r) => r.labels)).toEqual(
      Array(4).fill({ cluster: "kube" }),
    );
  });

  it("writes an SSH config reaching every node through the first controller, and a kubeconfig command", () => {
    const { parsed: out } = synthScope((scope) => {
      const c = new K3sCluster(scope, "Cluster", {
        clusterName: "kube",
        ...platformConfig().hcloud,
        etcdS3Credentials: { accessKey: "a", secretKey: "b" },
      });
      new TerraformOutput(scope, "ssh", { value: c.sshConfig() });
      new TerraformOutput(scope, "kubeconfig", { value: c.kubeconfigCommand("~/.kube/config", "kube") });
    });
    const ssh = String(out.output?.ssh.value);
    const node = (name: string, ip: string) =>
      [`Host ${name}`, `    HostName ${ip}`, `    HostKeyAlias ${name}`, "    User rocks", "    Port 2222", "    ProxyJump kube", ""].join(
        "\n",
      );
    expect(ssh).toBe(
      [
        "Host kube\n    HostName ${hcloud_server.kube-controller-01.ipv4_address}\n    User rocks\n    Port 2222\n",
        node("kube-controller-01", "10.0.0.2"),
        node("kube-worker-01", "10.0.1.1"),
        node("kube-worker-02", "10.0.1.2"),
        node("kube-worker-03", "10.0.1.3"),
        node("kube-storage-01", "10.0.2.1"),
        node("kube-storage-02", "10.0.2.2"),
      ].join("\n"),
    );
    const kubeconfig = String(out.output?.kubeconfig.value);
    expect(kubeconfig).toContain(
      "ssh kube sudo cat /etc/rancher/k3s/k3s.yaml | sed -e 's/127.0.0.1/${hcloud_server.kube-controller-01.ipv4_address}/' -e 's/: default$/: kube/'",
    );
    expect(kubeconfig).toContain("kubectl --context 'kube' get nodes");
  });
});

describe("K3sCluster, HA variant", () => {
  const { parsed, cluster } = synthCluster(haEdit);

  it("runs 3 control planes at .0.2-.0.4 in one spread group, none of them told to start the cluster", () => {
    expect(cluster.controlPlane.nodeNames).toEqual(["kube-controller-01", "kube-controller-02", "kube-controller-03"]);
    expect(cluster.controlPlane.privateIps).toEqual(["10.0.0.2", "10.0.0.3", "10.0.0.4"]);
    const servers = resourcesOf(parsed, "hcloud_server");
    for (const name of ["kube-controller-01", "kube-controller-02", "kube-controller-03"]) {
      expect(servers[name].user_data).not.toMatch(/^\s*cluster-init: true$/m);
      expect(servers[name].user_data).not.toContain("server: https://");
    }
    expect(servers["kube-controller-01"].user_data).toContain("60 5 init '10.0.0.3' '10.0.0.4'");
    expect(servers["kube-controller-03"].user_data).toContain("1800 5 wait '10.0.0.2' '10.0.0.3'");
    expect(new Set(["kube-controller-01", "kube-controller-02", "kube-controller-03"].map((n) => servers[n].placement_group_id)).size).toBe(
      1,
    );
  });
});

describe("K3sCluster validation", () => {
  const cases: [string, (raw: Record<string, any>) => void, RegExp][] = [
    [
      "duplicate pool names",
      (c) => (c.hcloud.nodePools[0].name = "storage"),
      /hcloud\.nodePools: pool name 'storage' is used more than once/,
    ],
    ["count 0", (c) => (c.hcloud.nodePools[0].count = 0), /hcloud\.nodePools\[0\]\.count: Too small: expected number to be >=1 \(got 0\)/],
    [
      "a volume of 5 GB",
      (c) => (c.hcloud.nodePools[1].volume.size = 5),
      /hcloud\.nodePools\[1\]\.volume\.size: Too small: expected number to be >=10 \(got 5\)/,
    ],
    [
      "an unknown location",
      (c) => (c.hcloud.nodePools[1].location = "nbg9"),
      /hcloud\.nodePools\[1\]\.location: must be a Hetzner location: fsn1, nbg1, hel1, ash, hil, sin \(got "nbg9"\)/,
    ],
    [
      "bad taint syntax",
      (c) => (c.hcloud.nodePools[1].taints = ["storage:NoWay"]),
      /hcloud\.nodePools\[1\]\.taints\[0\]: must be a taint 'key\[=value\]:Effect'.*\(got "storage:NoWay"\)/,
    ],
    [
      "2 control planes",
      (c) => (c.hcloud.controlPlane.count = 2),
      /hcloud\.controlPlane\.count: must be 1, or 3 for embedded etcd HA \(an even count.*\(got 2\)/,
    ],
    [
      "5 control planes",
      (c) => (c.hcloud.controlPlane.count = 5),
      /hcloud\.controlPlane\.count: must be 1, or 3 .*more than 3 is not supported here\) \(got 5\)/,
    ],
    [
      "the guide's cx21",
      (c) => (c.hcloud.controlPlane.serverType = "cx21"),
      /hcloud\.controlPlane\.serverType: server type 'cx21' was removed in 2024; use 'cx23' instead \(got "cx21"\)/,
    ],
    [
      "cpx21, no longer orderable",
      (c) => (c.hcloud.nodePools[0].serverType = "cpx21"),
      /hcloud\.nodePools\[0\]\.serverType: server type 'cpx21' was no longer orderable since 2026-01; use 'cpx22' instead/,
    ],
    [
      "a location outside the network zone",
      (c) => (c.hcloud.nodePools[0].location = "ash"),
      /hcloud\.nodePools\[0\]\.location: is in network zone us-east, but the private network is in eu-central \(got "ash"\)/,
    ],
    [
      "a pool named controller",
      (c) => (c.hcloud.nodePools[0].name = "controller"),
      /hcloud\.nodePools\[0\]\.name: 'controller' is reserved/,
    ],
    ["no SSH key", (c) => (c.hcloud.sshKeys = []), /hcloud\.sshKeys: Too small: expected array to have >=1 items/],
    [
      "a private key instead of a public one",
      (c) => (c.hcloud.sshKeys[0].publicKey = "-----BEGIN OPENSSH PRIVATE KEY-----"),
      /hcloud\.sshKeys\[0\]\.publicKey: must be an OpenSSH public key line/,
    ],
    [
      "an allowed IP without prefix",
      (c) => (c.hcloud.allowedIps = ["203.0.113.10"]),
      /hcloud\.allowedIps\[0\]: must be an IPv4 or IPv6 CIDR range/,
    ],
    ["root as SSH user", (c) => (c.hcloud.ssh.user = "root"), /hcloud\.ssh\.user: must not be root/],
    ["a public network range", (c) => (c.hcloud.networkIpRange = "8.8.0.0/16"), /hcloud\.networkIpRange: must be a private \/16 range/],
    [
      "a k3s version with a v missing",
      (c) => (c.hcloud.k3s.version = "1.33.5+k3s1"),
      /hcloud\.k3s\.version: must be a k3s release such as 'v1\.33\.5\+k3s1'/,
    ],
  ];

  it.each(cases)("rejects %s in the config, naming field, value and what is allowed", (_name, edit, message) => {
    expect(errorOf(() => parseConfig(editedConfig(edit), "default.yaml"))).toMatch(message);
  });

  it("validates its props at construction too, all at once, in the config's words (paths without hcloud.)", () => {
    const hcloud = platformConfig().hcloud;
    const text = errorOf(() =>
      synthScope(
        (scope) =>
          new K3sCluster(scope, "Cluster", {
            ...hcloud,
            clusterName: "Kube!",
            controlPlane: { ...hcloud.controlPlane, count: 4 },
            nodePools: [{ ...hcloud.nodePools[0], serverType: "cpx22", location: "ash" }, ...hcloud.nodePools.slice(1)],
            ssh: { port: 6443 },
          }),
      ),
    );
    expect(text).toMatch(/^test\/Cluster props:\n/);
    expect(text).toMatch(/clusterName: must be a DNS-1123 label: .* \(got "Kube!"\)/);
    const digit = errorOf(() => synthScope((scope) => new K3sCluster(scope, "Cluster", { ...hcloud, clusterName: "1kube" })));
    expect(digit).toMatch(/clusterName: must start with a letter \(it begins Terraform resource names\) \(got "1kube"\)/);
    expect(text).toMatch(/ {2}- controlPlane\.count: must be 1, or 3 .* \(got 4\)/);
    expect(text).toMatch(/ {2}- ssh\.port: must not be a TCP port k3s uses on the nodes .* \(got 6443\)/);
    expect(text).toMatch(
      / {2}- nodePools\[0\]\.location: is in network zone us-east, but the private network is in eu-central \(got "ash"\)/,
    );
    expect(text).toMatch(/ {2}- etcdS3Credentials: must be given while k3s\.etcdS3Snapshots is set \(got undefined\)/);
    expect(text.split("\n").filter((l) => l.startsWith("  - "))).toHaveLength(5);
  });

  it.each<[string, (h: K3sClusterProps) => Partial<K3sClusterProps>, RegExp]>([
    [
      "a volume on the SSH user's home",
      (h) => ({ nodePools: [h.nodePools[0], { ...h.nodePools[1], volume: { size: 10, mountPath: "/home/rocks" } }] }),
      /nodePools\[1\]\.volume\.mountPath: must not be the SSH user's home or inside it: '\/home\/rocks' would hide \/home\/rocks\/\.ssh\/authorized_keys \(ssh\.user 'rocks'\)/,
    ],
    [
      "a worker rule on the SSH port",
      () => ({ firewall: { workerInbound: [{ protocol: "tcp", port: "2222" }] } }),
      /firewall\.workerInbound\[0\]\.port: must not open the SSH port 2222 \(ssh\.port\): SSH is open to allowedIps only \(got "2222"\)/,
    ],
    [
      "the network on k3s's pod range",
      () => ({ networkIpRange: "10.42.0.0/16" }),
      /networkIpRange: must not overlap k3s's pod range k3s\.clusterCidr \(10\.42\.0\.0\/16, the default\)/,
    ],
    [
      "a pod range too small",
      (h) => ({ k3s: { ...h.k3s, clusterCidr: "10.42.0.0/23" } }),
      /k3s\.clusterCidr: must hold a \/24 for each node .*: a \/23 holds 2, the cluster has 6 nodes/,
    ],
    [
      "every address without allowAnySource",
      () => ({ allowedIps: ["0.0.0.0/0"] }),
      /allowedIps\[0\]: must be a \/8 \(IPv4\) or \/32 \(IPv6\) or narrower: .*set allowAnySource: true/,
    ],
    [
      "two pools of one name",
      (h) => ({ nodePools: [h.nodePools[0], h.nodePools[0]] }),
      /nodePools: pool name 'worker' is used more than once/,
    ],
    [
      "one key twice",
      (h) => ({ sshKeys: [h.sshKeys[0], { ...h.sshKeys[0], name: "again" }] }),
      /sshKeys\[1\]\.publicKey: is the same key as 'placeholder'/,
    ],
    ["an unknown location", () => ({ location: "mars1" }), /\n {2}- location: must be /],
    ["an unknown network zone", () => ({ networkZone: "eu-west" as never }), /\n {2}- networkZone: /],
    ["an empty image", () => ({ image: "" }), /\n {2}- image: /],
    ["an allowed source that is no range", () => ({ allowedIps: ["somewhere"] }), /\n {2}- allowedIps(\[0\])?: /],
    ["no SSH key", () => ({ sshKeys: [] }), /\n {2}- sshKeys: /],
    ["an SSH key name Hetzner refuses", (h) => ({ sshKeys: [{ ...h.sshKeys[0], name: "" }] }), /\n {2}- sshKeys\[0\]\.name: /],
    [
      "an SSH key that is no public key",
      (h) => ({ sshKeys: [{ ...h.sshKeys[0], publicKey: "ssh-ed25519" }] }),
      /\n {2}- sshKeys\[0\]\.publicKey: /,
    ],
    ["an SSH user Linux refuses", (h) => ({ ssh: { ...h.ssh, user: "Root User" } }), /\n {2}- ssh\.user: /],
    ["a package name Debian refuses", () => ({ packages: ["Not A Package"] }), /\n {2}- packages(\[0\])?: /],
    [
      "a worker rule of an unknown protocol",
      () => ({ firewall: { workerInbound: [{ protocol: "sctp" as never, port: "9000" }] } }),
      /\n {2}- firewall\.workerInbound\[0\]\.protocol: /,
    ],
    [
      "a worker rule on no port",
      () => ({ firewall: { workerInbound: [{ protocol: "tcp", port: "70000" }] } }),
      /\n {2}- firewall\.workerInbound\[0\]\.port: /,
    ],
    [
      "a worker rule from no range",
      () => ({ firewall: { workerInbound: [{ protocol: "tcp", port: "9000", sourceIps: ["somewhere"] }] } }),
      /\n {2}- firewall\.workerInbound\[0\]\.sourceIps(\[0\])?: /,
    ],
    [
      "a worker rule with a description too long",
      () => ({ firewall: { workerInbound: [{ protocol: "tcp", port: "9000", description: "x".repeat(300) }] } }),
      /\n {2}- firewall\.workerInbound\[0\]\.description: /,
    ],
    ["an unknown k3s channel", (h) => ({ k3s: { ...h.k3s, channel: "nightly build" } }), /\n {2}- k3s\.channel: /],
    ["a k3s version of no release", (h) => ({ k3s: { ...h.k3s, version: "1.36" } }), /\n {2}- k3s\.version: /],
    ["a kubelet argument that is no flag", (h) => ({ k3s: { ...h.k3s, kubeletArgs: ["max-pods"] } }), /\n {2}- k3s\.kubeletArgs(\[0\])?: /],
    [
      "a load balancer type Hetzner lacks",
      (h) => ({ nodePools: [{ ...h.nodePools[0], loadBalancer: { type: "lb99" as never } }, h.nodePools[1]] }),
      /\n {2}- nodePools\[0\]\.loadBalancer\.type: /,
    ],
    [
      "a load balancing algorithm Hetzner lacks",
      (h) => ({ nodePools: [{ ...h.nodePools[0], loadBalancer: { algorithm: "fastest" as never } }, h.nodePools[1]] }),
      /\n {2}- nodePools\[0\]\.loadBalancer\.algorithm: /,
    ],
    [
      "a load balancer service of an unknown protocol",
      (h) => ({
        nodePools: [
          { ...h.nodePools[0], loadBalancer: { services: [{ protocol: "udp" as never, listenPort: 8080, destinationPort: 30080 }] } },
          h.nodePools[1],
        ],
      }),
      /\n {2}- nodePools\[0\]\.loadBalancer\.services\[0\]\.protocol: /,
    ],
    [
      "a load balancer listening on no port",
      (h) => ({
        nodePools: [{ ...h.nodePools[0], loadBalancer: { services: [{ listenPort: 70000, destinationPort: 30080 }] } }, h.nodePools[1]],
      }),
      /\n {2}- nodePools\[0\]\.loadBalancer\.services\[0\]\.listenPort: /,
    ],
    [
      "a volume file system the nodes cannot make",
      (h) => ({ nodePools: [h.nodePools[0], { ...h.nodePools[1], volume: { ...h.nodePools[1].volume!, format: "ntfs" as never } }] }),
      /\n {2}- nodePools\[1\]\.volume\.format: /,
    ],
    ["no node pool", () => ({ nodePools: [] }), /\n {2}- nodePools: /],
  ])("refuses %s, as the config does", (_name, change, message) => {
    const hcloud = platformConfig().hcloud;
    const text = errorOf(() =>
      synthScope(
        (scope) =>
          new K3sCluster(scope, "Cluster", {
            clusterName: "kube",
            ...hcloud,
            etcdS3Credentials: { accessKey: "a", secretKey: "b" },
            ...change({ clusterName: "kube", ...hcloud }),
          }),
      ),
    );
    expect(text).toMatch(/^test\/Cluster props:\n/);
    expect(text.split("\n").filter((l) => l.startsWith("  - "))).toHaveLength(1);
    expect(text).toMatch(message);
  });

  it("passes its control plane's labels and taints on, names the token after a dashed cluster name, and snapshots etcd only when asked", () => {
    const { parsed } = synthScope((scope) => {
      const hcloud = platformConfig().hcloud;
      new K3sCluster(scope, "Cluster", {
        ...hcloud,
        clusterName: "my-kube",
        controlPlane: { ...hcloud.controlPlane, labels: { tier: "control" }, taints: [] },
        k3s: { ...hcloud.k3s, etcdS3Snapshots: undefined },
        etcdS3Credentials: { accessKey: "a", secretKey: "b" },
      });
    });
    const userData = String(resourcesOf(parsed, "hcloud_server")["my-kube-controller-01"].user_data);
    expect(userData).toContain("node-label:\n        - tier=control\n");
    expect(userData).not.toContain("node-taint");
    expect(userData).not.toContain("etcd-s3");
    expect(Object.keys(resourcesOf(parsed, "terraform_data"))).toEqual(["my_kube_k3s_token"]);
  });

  it("takes its defaults from its DEFAULTS objects, as the config does", () => {
    const { parsed } = synthScope((scope) => {
      new K3sCluster(scope, "Cluster", {
        clusterName: "kube",
        allowedIps: ["203.0.113.10/32"],
        sshKeys: platformConfig().hcloud.sshKeys,
        nodePools: [{ name: "worker", serverType: "cx23", count: 1 }],
      });
    });
    const servers = resourcesOf(parsed, "hcloud_server");
    expect(servers["kube-controller-01"]).toMatchObject({ server_type: "cx23", location: "nbg1", image: "ubuntu-24.04" });
    expect(onlyResource(parsed, "hcloud_network")).toMatchObject({ ip_range: "10.0.0.0/16" });
    expect(onlyResource(parsed, "hcloud_network_subnet")).toMatchObject({ network_zone: "eu-central" });
    const userData = String(servers["kube-controller-01"].user_data);
    expect(userData).toContain("INSTALL_K3S_CHANNEL='stable'");
    expect(userData).toContain("Port 22\n");
    expect(userData).toContain("- name: k3s-admin\n");
    expect(userData).toMatch(/packages:\n\s+- nfs-common\n\s+- open-iscsi\n/);
    expect(userData).toContain("- node-role.kubernetes.io/control-plane:NoSchedule");
  });
});

describe("K3sCluster and tokens", () => {
  it("accepts tokens for every prop it validates that may be one", () => {
    const hcloud = platformConfig().hcloud;
    const unused = unusedTokens((scope, t) => {
      new K3sCluster(scope, "Cluster", {
        ...hcloud,
        clusterName: "kube",
        location: t.string("location"),
        networkZone: t.string("network_zone"),
        image: t.string("image"),
        allowedIps: [t.string("allowed_ip")],
        firewall: {
          workerInbound: [
            { protocol: "tcp", port: t.string("worker_port"), sourceIps: t.list("worker_sources"), description: t.string("why") },
          ],
        },
        controlPlane: {
          ...hcloud.controlPlane,
          serverType: t.string("cp_type"),
          location: t.string("cp_location"),
          privateInterface: "enp7s0",
        },
        nodePools: [
          {
            ...hcloud.nodePools[0],
            serverType: t.string("pool_type"),
            location: t.string("pool_location"),
            privateInterface: "enp7s0",
            loadBalancer: { services: [{ listenPort: 8080, destinationPort: t.number("lb_port") }] },
          },
          { ...hcloud.nodePools[1], volume: { ...hcloud.nodePools[1].volume!, size: t.number("volume_size") } },
        ],
        etcdS3Credentials: { accessKey: t.string("s3_access_key"), secretKey: t.string("s3_secret_key") },
        adoptToken: t.string("k3s_token"),
      });
    });
    expect(unused).toEqual([]);
  });

  it.each<[string, (t: TokenFactory, h: HcloudConfig) => Partial<K3sClusterProps>, RegExp]>([
    [
      "the cluster name",
      (t) => ({ clusterName: t.string("name") }),
      /clusterName: must be known at synth time, not a token \(it begins every node name/,
    ],
    [
      "the network range",
      (t) => ({ networkIpRange: t.string("range") }),
      /networkIpRange: must be known at synth time, not a token \(the address plan/,
    ],
    [
      "the SSH port",
      (t) => ({ ssh: { port: t.number("port") } }),
      /ssh\.port: must be known at synth time, not a token \(it is written into the nodes' cloud-config/,
    ],
    ["the SSH user", (t) => ({ ssh: { user: t.string("user") } }), /ssh\.user: must be known at synth time/],
    [
      "a key name",
      (t, h) => ({ sshKeys: [{ ...h.sshKeys[0], name: t.string("key") }] }),
      /sshKeys\[0\]\.name: must be known at synth time, not a token \(it names the key's construct id\)/,
    ],
    [
      "a public key",
      (t, h) => ({ sshKeys: [{ ...h.sshKeys[0], publicKey: t.string("key") }] }),
      /sshKeys\[0\]\.publicKey: must be known at synth time/,
    ],
    ["the packages", (t) => ({ packages: t.list("packages") }), /packages: must be known at synth time/],
    ["the k3s version", (t, h) => ({ k3s: { ...h.k3s, version: t.string("version") } }), /k3s\.version: must be known at synth time/],
    ["the pod range", (t, h) => ({ k3s: { ...h.k3s, clusterCidr: t.string("pods") } }), /k3s\.clusterCidr: must be known at synth time/],
    [
      "the control plane's count",
      (t, h) => ({ controlPlane: { ...h.controlPlane, count: t.number("n") } }),
      /controlPlane\.count: must be known at synth time, not a token \(it decides how many servers exist\)/,
    ],
    [
      "a server type without the interface",
      (t, h) => ({ controlPlane: { ...h.controlPlane, serverType: t.string("type") } }),
      /controlPlane\.serverType: must be known at synth time, not a token \(the private interface derives from it .*; or set privateInterface\)/,
    ],
    [
      "a pool's name",
      (t, h) => ({ nodePools: [{ ...h.nodePools[0], name: t.string("pool") }] }),
      /nodePools\[0\]\.name: must be known at synth time/,
    ],
    [
      "a pool's count",
      (t, h) => ({ nodePools: [{ ...h.nodePools[0], count: t.number("n") }] }),
      /nodePools\[0\]\.count: must be known at synth time/,
    ],
    [
      "a mount path",
      (t, h) => ({ nodePools: [h.nodePools[0], { ...h.nodePools[1], volume: { size: 10, mountPath: t.string("path") } }] }),
      /nodePools\[1\]\.volume\.mountPath: must be known at synth time/,
    ],
    [
      "a listen port",
      (t, h) => ({
        nodePools: [{ ...h.nodePools[0], loadBalancer: { services: [{ listenPort: t.number("port"), destinationPort: 8080 }] } }],
      }),
      /nodePools\[0\]\.loadBalancer\.services\[0\]\.listenPort: must be known at synth time, not a token \(it names the service's construct id\)/,
    ],
  ])("refuses a token for %s, which must be known at synth", (_name, change, message) => {
    const hcloud = platformConfig().hcloud;
    const text = errorOf(() =>
      unusedTokens((scope, t) => {
        new K3sCluster(scope, "Cluster", {
          clusterName: "kube",
          ...hcloud,
          etcdS3Credentials: { accessKey: "a", secretKey: "b" },
          ...change(t, hcloud),
        });
      }),
    );
    expect(text).toMatch(/^tokens\/Cluster props:\n/);
    expect(text).toMatch(message);
  });
});

describe("k3sClusterIssues (the rules across a cluster's fields)", () => {
  const BASE: K3sClusterRuleInput = {
    location: "nbg1",
    networkZone: "eu-central",
    networkIpRange: "10.0.0.0/16",
    allowedIps: ["203.0.113.4/32"],
    allowAnySource: false,
    ssh: { user: "ops", port: 2222 },
    firewall: { workerInbound: [] },
    k3s: { clusterCidr: "10.42.0.0/16", serviceCidr: "10.43.0.0/16" },
    controlPlane: { serverType: "cx23", count: 1 },
    nodePools: [{ name: "worker", serverType: "cx23", count: 3 }],
  };
  const issues = (edit: Partial<K3sClusterRuleInput>) =>
    k3sClusterIssues({ ...BASE, ...edit }, { fieldPrefix: "hcloud.", holder: "the config" }).map((i) => [formatPath(i.path), i.message]);
  const pools = (...p: [string, number][]) => p.map(([name, count]) => ({ name, serverType: "cx23", count }));
  const token = stringToken();

  it("finds nothing in a valid cluster", () => {
    expect(issues({})).toEqual([]);
  });

  it("reports a pool name used twice once, and a name that is a token never", () => {
    expect(issues({ nodePools: pools(["a", 1], ["a", 2]) })).toEqual([
      ["nodePools", "pool name 'a' is used more than once; pool names must be unique"],
    ]);
    expect(issues({ nodePools: pools([token, 1], [token, 2]) })).toEqual([]);
  });

  it("reports a placement group two pools would share, unless a name or count has its own mistake", () => {
    expect(issues({ nodePools: pools(["a", 11], ["a-2", 1]) })).toEqual([
      ["nodePools[1].name", "its placement group '<cluster>-a-2' would also be the placement group of pool 'a'; rename one of the pools"],
    ]);
    for (const count of [10.5, 11.5]) expect(issues({ nodePools: pools(["a", count], ["a-2", 1]) })).toEqual([]);
    // 'controller' is reserved by the pool name rule, and 'A' no pool name: their own messages are enough.
    expect(issues({ nodePools: pools(["controller", 1]) })).toEqual([]);
    expect(issues({ nodePools: pools(["A", 11], ["A-2", 1]) })).toEqual([]);
  });

  it("checks the control plane's location, else the cluster's, against the network zone", () => {
    // cx23 is not sold in ash (us-east) either: moving the location fixes both, changing the zone one.
    const inAsh = [
      ["controlPlane.location", expect.stringContaining("network zone")],
      ["controlPlane.serverType", "server type 'cx23' is not sold in ash (us-east); it is available in eu-central"],
    ];
    expect(issues({ controlPlane: { serverType: "cx23", count: 1, location: "ash" } })).toEqual(inAsh);
    expect(issues({ location: "ash", nodePools: [], controlPlane: { serverType: "cx23", count: 1, location: "hel1" } })).toEqual([]);
    expect(issues({ location: "ash", nodePools: [] })).toEqual(inAsh);
  });

  it("compares the ranges only when all three are known and valid", () => {
    const clash = { networkIpRange: "10.42.0.0/16" };
    expect(issues(clash)).toEqual([["networkIpRange", expect.stringContaining("must not overlap k3s's pod range hcloud.k3s.clusterCidr")]]);
    expect(issues({ ...clash, k3s: { clusterCidr: stringToken(), serviceCidr: "10.43.0.0/16" } })).toEqual([]);
    expect(issues({ networkIpRange: "10.42.0.1/16" })).toEqual([]);
    expect(issues({ ...clash, k3s: { clusterCidr: "10.42.0.0/16", serviceCidr: "10.43.0.1/16" } })).toEqual([]);
  });

  it("needs a pod range with a /24 for every server, counted once every count is a whole number", () => {
    const k3s = { clusterCidr: "10.42.0.0/22", serviceCidr: "10.43.0.0/16" };
    expect(issues({ k3s, nodePools: pools(["a", 3]) })).toEqual([]);
    expect(issues({ k3s, nodePools: pools(["a", 4]) })).toEqual([
      ["k3s.clusterCidr", "must hold a /24 for each node (k3s gives each node one for its pods): a /22 holds 4, the config has 5 nodes"],
    ]);
    expect(issues({ k3s, nodePools: pools(["a", 4], ["b", numberToken()]) })).toEqual([]);
  });
});
