import { Construct } from "constructs";
import { K3sNodeSettings } from "../../src/hcloud/k3s-node";
import { NodePool, NodePoolProps, checkNodePoolFields } from "../../src/hcloud/node-pool";
import { PrivateNetwork } from "../../src/hcloud/private-network";
import { ValidationError } from "../../src/validation";
import { errorOf, onlyResource, resourcesOf, synthScope } from "../helpers";
import { fieldsOf, issuesOf } from "../issues";
import { TokenFactory, numberToken, stringToken, unusedTokens } from "../tokens";
import { hcloudSchemaProblems } from "../providers/hcloud-schema-check";
import { VOLUME_ID_BASE, evaluatedUserData } from "./user-data";

/** Shared node settings on a fresh network (token and keys are plain strings here). */
function settings(scope: Construct): K3sNodeSettings {
  return {
    clusterName: "kube",
    image: "ubuntu-24.04",
    network: new PrivateNetwork(scope, "Network", { name: "kube", ipRange: "10.0.0.0/16", networkZone: "eu-central" }),
    sshKeyIds: ["my-key"],
    sshUser: "rocks",
    sshPort: 2222,
    sshAuthorizedKeys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOA1mEy07+bGGwKa/2pr5jndZcdS4l2EYbYj4i0cXDi6 me@example.org"],
    packages: ["nfs-common", "open-iscsi"],
    k3sChannel: "stable",
    k3sToken: "sample-token",
    kubeletArgs: ["eviction-hard=memory.available<250Mi"],
  };
}

const STORAGE: Omit<NodePoolProps, "settings"> = {
  name: "storage",
  poolIndex: 1,
  serverType: "cx23",
  location: "nbg1",
  count: 2,
  serverUrl: "https://10.0.0.2:6443",
  firewallIds: [42],
  labels: { "node.kubernetes.io/server-usage": "storage" },
  taints: ["node-role.kubernetes.io/storage:NoSchedule"],
  volume: { size: 10, format: "ext4", mountPath: "/mnt/longhorn", deleteProtection: true },
  loadBalancer: { type: "lb11", services: [{ listenPort: 443, destinationPort: 443, proxyprotocol: true }] },
};

function synthPool(props: Partial<NodePoolProps> = {}) {
  let pool!: NodePool;
  const out = synthScope((scope) => {
    pool = new NodePool(scope, "Storage", { settings: settings(scope), ...STORAGE, ...props });
  });
  return { ...out, pool };
}

describe("NodePool", () => {
  const { json, parsed, pool } = synthPool();

  it("matches the snapshot", () => {
    expect(json).toMatchSnapshot();
  });

  it("synthesizes only arguments the bindings declare", () => {
    expect(hcloudSchemaProblems(parsed)).toEqual([]);
  });

  it("names nodes <cluster>-<pool>-<NN> at static private IPs of the pool's block: one server resource, an instance per node", () => {
    expect(pool.nodeNames).toEqual(["kube-storage-01", "kube-storage-02"]);
    expect(pool.privateIps).toEqual(["10.0.2.1", "10.0.2.2"]);
    expect(pool.privateInterface).toBe("enp7s0");
    expect(pool.mountPath).toBe("/mnt/longhorn");
    const server = onlyResource(parsed, "hcloud_server");
    expect(Object.keys(resourcesOf(parsed, "hcloud_server"))).toEqual(["kube-storage"]);
    expect(server.for_each).toEqual({
      "kube-storage-01": {
        ip: "10.0.2.1",
        placement_group_id: expect.stringMatching(/^\$\{hcloud_placement_group\.Storage_PlacementGroups_kube-storage_[0-9A-F]{8}\.id\}$/),
      },
      "kube-storage-02": {
        ip: "10.0.2.2",
        placement_group_id: expect.stringMatching(/^\$\{hcloud_placement_group\.Storage_PlacementGroups_kube-storage_[0-9A-F]{8}\.id\}$/),
      },
    });
    expect(server).toMatchObject({
      name: "${each.key}",
      server_type: "cx23",
      image: "ubuntu-24.04",
      location: "nbg1",
      ssh_keys: ["my-key"],
      firewall_ids: [42],
      labels: { cluster: "kube", pool: "storage", role: "agent" },
      placement_group_id: "${each.value.placement_group_id}",
      network: [
        {
          subnet_id: expect.stringMatching(/^\$\{hcloud_network_subnet\.Network_Subnet_[0-9A-F]{8}\.id\}$/),
          ip: "${each.value.ip}",
          alias_ips: [],
        },
      ],
      public_net: [{ ipv4_enabled: true, ipv6_enabled: true }],
      depends_on: [expect.stringMatching(/^hcloud_network_subnet\.Network_Subnet_/)],
      lifecycle: { ignore_changes: ["user_data", "ssh_keys", "image"] },
    });
  });

  it("creates the volumes on their own (one resource, an instance per node), attaches them without Hetzner's automount, and mounts each by id", () => {
    expect(resourcesOf(parsed, "hcloud_volume")["kube-storage"]).toEqual({
      for_each: '${toset(["kube-storage-01", "kube-storage-02"])}',
      name: "${each.value}",
      size: 10,
      location: "nbg1",
      format: "ext4",
      delete_protection: true,
      labels: { cluster: "kube", pool: "storage", role: "agent" },
    });
    expect(resourcesOf(parsed, "hcloud_volume_attachment")["kube-storage"]).toEqual({
      for_each: "${hcloud_server.kube-storage}",
      volume_id: "${hcloud_volume.kube-storage[each.key].id}",
      server_id: "${each.value.id}",
      automount: false,
    });
    // One user data for the pool: Terraform fills in each server's name, IP and volume id.
    const userData = String(onlyResource(parsed, "hcloud_server").user_data);
    const volumeId = "${hcloud_volume.kube-storage[each.key].id}";
    expect(userData).toContain(`readonly DEVICE='/dev/disk/by-id/scsi-0HC_Volume_${volumeId}'`);
    expect(userData).toContain("node-name: ${each.key}\n");
    expect(userData).toContain("node-ip: ${each.value.ip}\n");
    expect(userData).toContain("token: sample-token");
    // every other ${ is escaped
    const references = [volumeId, "${each.key}", "${each.value.ip}"];
    expect(references.reduce((text, r) => text.split(r).join(""), userData)).not.toMatch(/(^|[^$])\$\{/);
    const byNode = evaluatedUserData(parsed);
    expect(Object.keys(byNode)).toEqual(["kube-storage-01", "kube-storage-02"]);
    expect(byNode["kube-storage-02"]).toContain("node-name: kube-storage-02\n");
    expect(byNode["kube-storage-02"]).toContain("node-ip: 10.0.2.2\n");
    expect(byNode["kube-storage-02"]).toContain("readonly PRIVATE_IP='10.0.2.2'");
    // Each node waits for its own volume.
    expect(byNode["kube-storage-01"]).toContain(`readonly DEVICE='/dev/disk/by-id/scsi-0HC_Volume_${VOLUME_ID_BASE}'`);
    expect(byNode["kube-storage-02"]).toContain(`readonly DEVICE='/dev/disk/by-id/scsi-0HC_Volume_${VOLUME_ID_BASE + 1}'`);
    expect(pool.volumes).toBeDefined();
    expect(pool.volumeAttachments).toBeDefined();
  });

  it("puts a load balancer in front of the pool, reaching the nodes over the private network", () => {
    expect(onlyResource(parsed, "hcloud_load_balancer")).toMatchObject({
      name: "kube-storage",
      load_balancer_type: "lb11",
      location: "nbg1",
      algorithm: { type: "round_robin" },
    });
    expect(onlyResource(parsed, "hcloud_load_balancer_network")).toMatchObject({ ip: "10.0.2.254" });
    expect(onlyResource(parsed, "hcloud_load_balancer_service")).toMatchObject({
      protocol: "tcp",
      listen_port: 443,
      destination_port: 443,
      proxyprotocol: true,
    });
    expect(resourcesOf(parsed, "hcloud_load_balancer_target")["kube-storage"]).toMatchObject({
      for_each: "${hcloud_server.kube-storage}",
      server_id: "${each.value.id}",
      type: "server",
      use_private_ip: true,
      depends_on: [expect.stringMatching(/^hcloud_load_balancer_network\./)],
    });
    expect(pool.loadBalancerTargets).toBeDefined();
  });

  it("without volume or load balancer creates only servers and a placement group", () => {
    const { parsed: plain, pool: workers } = synthPool({
      name: "worker",
      poolIndex: 0,
      volume: undefined,
      loadBalancer: undefined,
      labels: undefined,
      taints: undefined,
    });
    expect(Object.keys(plain.resource ?? {}).sort()).toEqual([
      "hcloud_network",
      "hcloud_network_subnet",
      "hcloud_placement_group",
      "hcloud_server",
    ]);
    expect(workers.privateIps).toEqual(["10.0.1.1", "10.0.1.2"]);
    expect(workers.volumes).toBeUndefined();
    expect(workers.volumeAttachments).toBeUndefined();
    expect(workers.loadBalancerTargets).toBeUndefined();
    expect(evaluatedUserData(plain)["kube-worker-01"]).not.toContain("hc-volume-mount");
  });

  it("spreads servers over one placement group per 10 servers", () => {
    const { parsed: big, pool: many } = synthPool({ count: 12, volume: undefined, loadBalancer: undefined });
    const groups = resourcesOf(big, "hcloud_placement_group");
    expect(
      Object.values(groups)
        .map((g) => g.name)
        .sort(),
    ).toEqual(["kube-storage", "kube-storage-2"]);
    expect(Object.values(groups).every((g) => g.type === "spread")).toBe(true);
    expect(many.nodeNames[11]).toBe("kube-storage-12");
    const nodes = onlyResource(big, "hcloud_server").for_each as Record<string, { placement_group_id: string }>;
    const groupId = (node: string) => /hcloud_placement_group\.(\S+)\.id/.exec(nodes[node].placement_group_id)![1];
    expect(groups[groupId("kube-storage-10")].name).toBe("kube-storage");
    expect(groups[groupId("kube-storage-11")].name).toBe("kube-storage-2");
  });

  it("takes the private interface from the server type, or the override", () => {
    const ens10 = synthPool({ privateInterface: "ens10", volume: undefined });
    expect(ens10.pool.privateInterface).toBe("ens10");
    expect(evaluatedUserData(ens10.parsed)["kube-storage-01"]).toContain("flannel-iface: ens10");
    expect(synthPool({ serverType: "cax21", volume: undefined }).pool.privateInterface).toBe("enp7s0");
  });

  describe("rejects bad props at construction, naming the prop, the value and what is allowed", () => {
    const cases: [string, Partial<NodePoolProps>, RegExp][] = [
      ["count 0", { count: 0 }, /count: Too small: expected number to be >=1 \(got 0\)/],
      ["a volume of 5 GB", { volume: { size: 5 } }, /volume\.size: Too small: expected number to be >=10 \(got 5\)/],
      ["an unknown location", { location: "nbg2" }, /location: must be a Hetzner location: fsn1, nbg1, hel1, ash, hil, sin \(got "nbg2"\)/],
      [
        "bad taint syntax",
        { taints: ["node-role.kubernetes.io/storage=NoSchedule"] },
        /taints\[0\]: must be a taint 'key\[=value\]:Effect'.*\(got "node-role\.kubernetes\.io\/storage=NoSchedule"\)/,
      ],
      ["the retired cx21", { serverType: "cx21" }, /serverType: server type 'cx21' was removed in 2024; use 'cx23' instead \(got "cx21"\)/],
      [
        "an unknown server type",
        { serverType: "cx99" },
        /serverType: must be a server type Hetzner sells today: cx23, cx33, .* \(got "cx99"\)/,
      ],
      [
        "a type not sold in the location",
        { serverType: "cax11", location: "ash" },
        /location: is in network zone us-east, but the private network is in eu-central[\s\S]*serverType: server type 'cax11' is not sold in ash/,
      ],
      [
        "a node-role label the kubelet may not set",
        { labels: { "node-role.kubernetes.io/storage": "true" } },
        /labels\.node-role\.kubernetes\.io\/storage: invalid key: is a label the kubelet may not set on itself/,
      ],
      ["a relative mount path", { volume: { size: 10, mountPath: "mnt/data" } }, /volume\.mountPath: must be an absolute path/],
      [
        "a mount path in /etc",
        { volume: { size: 10, mountPath: "/etc/longhorn" } },
        /volume\.mountPath: must not be inside a system directory/,
      ],
      ["the reserved pool name", { name: "controller" }, /name: 'controller' is reserved/],
      ["a bad pool index", { poolIndex: 254 }, /poolIndex: Too big: expected number to be <=253 \(got 254\)/],
    ];
    it.each(cases)("%s", (_name, props, message) => {
      const text = errorOf(() => synthPool(props));
      expect(text).toMatch(/^test\/Storage props:\n/);
      expect(text).toMatch(message);
    });
  });

  it("applies its DEFAULTS: volume and load balancer fields left out", () => {
    const { parsed: out } = synthPool({ volume: { size: 10 }, loadBalancer: {} });
    expect(resourcesOf(out, "hcloud_volume")["kube-storage"]).toMatchObject({ format: "ext4", delete_protection: true });
    expect(evaluatedUserData(out)["kube-storage-01"]).toContain("readonly MOUNT_PATH='/mnt/data'");
    expect(onlyResource(out, "hcloud_load_balancer")).toMatchObject({ load_balancer_type: "lb11", algorithm: { type: "round_robin" } });
    const services = Object.values(resourcesOf(out, "hcloud_load_balancer_service"));
    expect(services.map((s) => [s.listen_port, s.protocol, s.proxyprotocol]).sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual([
      [80, "tcp", false],
      [443, "tcp", false],
    ]);
  });

  it("refuses settings that hold every stand-in its cloud-config is rendered with, naming its props", () => {
    const standIns = Array.from({ length: 10 }, (_, i) => `198.51.100.${200 + i}`);
    const text = errorOf(() =>
      synthScope((scope) => new NodePool(scope, "Storage", { ...STORAGE, settings: { ...settings(scope), packages: standIns } })),
    );
    expect(text).toMatch(/^test\/Storage props:\n {2}- settings: must not contain every stand-in for a node's name or IP/);
  });

  it("refuses a node that is not its own in ipv4Address, as a ValidationError", () => {
    expect(pool.ipv4Address("kube-storage-02")).toMatch(/^\$\{TfToken\[TOKEN\.\d+\]\}$/);
    expect(() => pool.ipv4Address("kube-storage-03")).toThrow(ValidationError);
    expect(errorOf(() => pool.ipv4Address("kube-storage-03"))).toBe(
      'test/Storage ipv4Address:\n  - nodeName: must be a node of this pool: kube-storage-01, kube-storage-02 (got "kube-storage-03")',
    );
  });
});

describe("NodePool and tokens", () => {
  it("accepts tokens for every prop it validates that may be one: server type (with the interface), location, volume size, destination port, image", () => {
    expect(
      unusedTokens((scope, t) => {
        new NodePool(scope, "Storage", {
          ...STORAGE,
          settings: { ...settings(scope), image: t.string("image"), sshKeyIds: [t.string("key_id")], k3sToken: t.string("token") },
          serverType: t.string("server_type"),
          privateInterface: "enp7s0",
          location: t.string("location"),
          firewallIds: [t.number("firewall")],
          volume: { size: t.number("volume_size"), mountPath: "/mnt/longhorn" },
          loadBalancer: { services: [{ listenPort: 443, destinationPort: t.number("destination_port") }] },
        });
      }),
    ).toEqual([]);
  });

  it.each<[string, (t: TokenFactory) => Partial<NodePoolProps>, string]>([
    [
      "the name",
      (t) => ({ name: t.string("name") }),
      "name: must be known at synth time, not a token (it names the nodes and the pool's Terraform addresses)",
    ],
    [
      "the pool index",
      (t) => ({ poolIndex: t.number("index") }),
      "poolIndex: must be known at synth time, not a token (the pool's private addresses derive from it)",
    ],
    [
      "the count",
      (t) => ({ count: t.number("count") }),
      "count: must be known at synth time, not a token (it decides how many servers exist, each a for_each key)",
    ],
    [
      "the server type, without the interface",
      (t) => ({ serverType: t.string("type") }),
      "serverType: must be known at synth time, not a token (the private interface derives from it and it is written into the nodes' cloud-config, whose size (Hetzner's 32 KiB) and content are checked at synth; or set privateInterface)",
    ],
    [
      "the server URL",
      (t) => ({ serverUrl: t.string("url") }),
      "serverUrl: must be known at synth time, not a token (it is written into the nodes' cloud-config, whose size (Hetzner's 32 KiB) and content are checked at synth)",
    ],
    ["a label", (t) => ({ labels: { tier: t.string("tier") } }), "labels: must be known at synth time"],
    ["a taint", (t) => ({ taints: [t.string("taint")] }), "taints: must be known at synth time"],
    ["the mount path", (t) => ({ volume: { size: 10, mountPath: t.string("path") } }), "volume.mountPath: must be known at synth time"],
    [
      "a listen port",
      (t) => ({ loadBalancer: { services: [{ listenPort: t.number("port"), destinationPort: 8443 }] } }),
      "loadBalancer.services[0].listenPort: must be known at synth time, not a token (it names the service's construct id)",
    ],
  ])("refuses a token for %s, which must be known at synth", (_name, change, message) => {
    const text = errorOf(() =>
      unusedTokens((scope, t) => {
        new NodePool(scope, "Storage", { settings: settings(scope), ...STORAGE, ...change(t) });
      }),
    );
    expect(text).toMatch(/^tokens\/Storage props:\n/);
    expect(text.split("\n").filter((l) => l.startsWith("  - "))).toEqual([expect.stringContaining(`  - ${message}`)]);
  });
});

describe("checkNodePoolFields", () => {
  const POOL = { name: "storage", serverType: "cx23", location: "nbg1", count: 2, volume: { size: 10 }, loadBalancer: { services: [] } };

  it("takes a valid pool, and a load balancer whose services are left out", () => {
    expect(issuesOf((issues) => checkNodePoolFields(issues, "nodePools[1].", { ...POOL, loadBalancer: {} }))).toEqual([]);
  });

  it("names each field under the prefix", () => {
    const bad = {
      name: "controller",
      serverType: "cx21",
      location: "fra1",
      count: 0,
      volume: { size: 5, format: "btrfs" as never, mountPath: "/etc" },
      loadBalancer: {
        type: "lb99" as never,
        algorithm: "random" as never,
        services: [
          { protocol: "udp" as never, listenPort: 0, destinationPort: 0 },
          { listenPort: 443, destinationPort: 443 },
          { listenPort: 443, destinationPort: 8443 },
        ],
      },
    };
    expect(fieldsOf(issuesOf((issues) => checkNodePoolFields(issues, "nodePools[1].", bad)))).toEqual([
      "nodePools[1].name",
      "nodePools[1].count",
      "nodePools[1].serverType",
      "nodePools[1].location",
      "nodePools[1].volume.size",
      "nodePools[1].volume.format",
      "nodePools[1].volume.mountPath",
      "nodePools[1].loadBalancer.type",
      "nodePools[1].loadBalancer.algorithm",
      "nodePools[1].loadBalancer.services[0].protocol",
      "nodePools[1].loadBalancer.services[0].listenPort",
      "nodePools[1].loadBalancer.services[0].destinationPort",
      "nodePools[1].loadBalancer.services",
    ]);
    expect(fieldsOf(issuesOf((issues) => checkNodePoolFields(issues, "p.", POOL)))).toEqual(["p.loadBalancer.services"]);
  });

  it("asks for what names servers or goes into the cloud-config to be known at synth", () => {
    const tokens = {
      ...POOL,
      name: stringToken(),
      count: numberToken(),
      volume: { size: numberToken(), format: stringToken() as never, mountPath: stringToken() },
      loadBalancer: { services: [{ listenPort: numberToken(), destinationPort: numberToken() }] },
    };
    expect(fieldsOf(issuesOf((issues) => checkNodePoolFields(issues, "p.", tokens)))).toEqual([
      "p.name",
      "p.count",
      "p.volume.format",
      "p.volume.mountPath",
      "p.loadBalancer.services[0].listenPort",
    ]);
  });
});
