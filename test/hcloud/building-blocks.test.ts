import { TerraformOutput, Token } from "cdktf";
import { ControlPlane } from "../../src/hcloud/control-plane";
import { NodeFirewall, NodeFirewallProps, inboundRuleIssues, wideSourceIssues } from "../../src/hcloud/node-firewall";
import { PrivateNetwork } from "../../src/hcloud/private-network";
import { spreadGroupNames } from "../../src/hcloud/catalog";
import { SpreadPlacementGroups } from "../../src/hcloud/spread-placement-groups";
import { escapeTemplate, fillTemplate } from "../../src/hcloud/terraform-template";
import { InternalError, ValidationError } from "../../src/validation";
import { errorOf, onlyResource, resourcesOf, synthScope } from "../helpers";
import { fieldsOf, issueLinesOf } from "../issues";
import { numberToken, stringToken, unusedTokens } from "../tokens";
import { parse } from "yaml";
import { evaluateTemplate, evaluatedUserData, parseCloudConfig } from "./user-data";

describe("Terraform template escaping", () => {
  it("escapes interpolations and directives, and inserts references for placeholders", () => {
    expect(escapeTemplate('echo "${HOME}" %{x} $PATH')).toBe('echo "$${HOME}" %%{x} $PATH');
    expect(fillTemplate("id=TFVALUE_ID home=${HOME}", { TFVALUE_ID: "${hcloud_volume.v.id}" })).toBe(
      "id=${hcloud_volume.v.id} home=$${HOME}",
    );
    const filled = fillTemplate("id=TFVALUE_ID home=${HOME}", { TFVALUE_ID: "${hcloud_volume.v[each.key].id}" });
    expect(evaluateTemplate(filled, { "hcloud_volume.v[each.key].id": "104857600" })).toBe("id=104857600 home=${HOME}");
    expect(() => evaluateTemplate(filled)).toThrow("no sample value for Terraform expression ${hcloud_volume.v[each.key].id}");
  });

  it("fails on a missing or unused placeholder", () => {
    expect(errorOf(() => fillTemplate("a TFVALUE_A", {}))).toBe("no value given for placeholder TFVALUE_A");
    expect(errorOf(() => fillTemplate("a", { TFVALUE_A: "x" }))).toBe("placeholder TFVALUE_A does not occur in the template");
    // The placeholders are the project's own, never a user's input.
    expect(() => fillTemplate("a TFVALUE_A", {})).toThrow(InternalError);
  });

  it("takes only whole TFVALUE_ names as placeholders, and finds one left at any length", () => {
    for (const name of ["X_TFVALUE_A", "TFVALUE_A-1", "TFVALUE_a"]) {
      expect(errorOf(() => fillTemplate(`a ${name}`, { [name]: "x" }))).toBe(`placeholder ${name} must match TFVALUE_[A-Z0-9_]+`);
    }
    expect(errorOf(() => fillTemplate("a TFVALUE_AB TFVALUE_CD", { TFVALUE_AB: "x" }))).toBe("no value given for placeholder TFVALUE_CD");
  });
});

describe("PrivateNetwork", () => {
  it("plans addresses: control planes from .0.2, pool N from .N.1, its load balancer at .N.254", () => {
    let net!: PrivateNetwork;
    const { parsed } = synthScope((scope) => {
      net = new PrivateNetwork(scope, "Net", {
        name: "kube",
        ipRange: "172.16.0.0/16",
        networkZone: "us-east",
        labels: { cluster: "kube" },
      });
    });
    expect([net.controlPlaneIp(0), net.controlPlaneIp(2), net.nodeIp(0, 0), net.nodeIp(1, 98), net.loadBalancerIp(1)]).toEqual([
      "172.16.0.2",
      "172.16.0.4",
      "172.16.1.1",
      "172.16.2.99",
      "172.16.2.254",
    ]);
    expect(onlyResource(parsed, "hcloud_network")).toEqual({ name: "kube", ip_range: "172.16.0.0/16", labels: { cluster: "kube" } });
    expect(onlyResource(parsed, "hcloud_network_subnet")).toEqual({
      network_id: expect.stringMatching(/^\$\{hcloud_network\.Net_Network_[0-9A-F]{8}\.id\}$/),
      type: "cloud",
      network_zone: "us-east",
      ip_range: "172.16.0.0/16",
    });
  });

  it("accepts tokens for every prop it validates that may be one (the zone), and refuses a range that is one", () => {
    expect(
      unusedTokens((scope, t) => {
        new PrivateNetwork(scope, "Net", { name: t.string("name"), ipRange: "10.0.0.0/16", networkZone: t.string("zone") });
      }),
    ).toEqual([]);
    expect(
      errorOf(() =>
        unusedTokens((scope, t) => new PrivateNetwork(scope, "Net", { name: "n", ipRange: t.string("range"), networkZone: "eu-central" })),
      ),
    ).toBe(
      "tokens/Net props:\n  - ipRange: must be known at synth time, not a token (the address plan, every node's private IP, derives from it)",
    );
  });

  it("refuses an index outside the address plan, or a token, as a ValidationError naming the method", () => {
    let net!: PrivateNetwork;
    synthScope((scope) => {
      net = new PrivateNetwork(scope, "Net", { name: "kube", ipRange: "10.0.0.0/16", networkZone: "eu-central" });
    });
    expect(() => net.controlPlaneIp(253)).toThrow(ValidationError);
    expect(errorOf(() => net.controlPlaneIp(253))).toBe(
      "test/Net controlPlaneIp:\n  - index: Too big: expected number to be <=252 (got 253)",
    );
    expect(errorOf(() => net.nodeIp(-1, 1.5))).toBe(
      "test/Net nodeIp:\n  - poolIndex: Too small: expected number to be >=0 (got -1)\n  - index: Invalid input: expected int, received number (got 1.5)",
    );
    expect(errorOf(() => net.loadBalancerIp(254))).toBe(
      "test/Net loadBalancerIp:\n  - poolIndex: Too big: expected number to be <=253 (got 254)",
    );
    expect(errorOf(() => net.loadBalancerIp(Token.asNumber("${var.x}")))).toBe(
      "test/Net loadBalancerIp:\n  - poolIndex: must be known at synth time, not a token (it picks an address of the plan, written into the nodes' cloud-config)",
    );
  });

  it("rejects a public or non-/16 range and an unknown zone", () => {
    const text = errorOf(() =>
      synthScope((scope) => new PrivateNetwork(scope, "Net", { name: "n", ipRange: "10.0.0.0/24", networkZone: "eu-west" })),
    );
    expect(text).toBe(
      'test/Net props:\n  - ipRange: must be a private /16 range (RFC 1918: inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16, as Hetzner requires) such as \'10.0.0.0/16\': /24 is not /16, which the address plan (x.y.<pool>.<node>) needs (got "10.0.0.0/24")\n  - networkZone: must be a Hetzner network zone: eu-central, us-east, us-west, ap-southeast (got "eu-west")',
    );
  });
});

describe("NodeFirewall", () => {
  it("opens configured ports to their own sources", () => {
    const { parsed } = synthScope((scope) => {
      new NodeFirewall(scope, "Fw", {
        name: "agents",
        allowedIps: ["198.51.100.0/24", "2001:db8::/32"],
        sshPort: 22,
        inbound: [{ protocol: "tcp", port: "30000-32767", sourceIps: ["0.0.0.0/0"], description: "node ports" }],
      });
    });
    expect(onlyResource(parsed, "hcloud_firewall").rule).toEqual([
      { direction: "in", protocol: "icmp", source_ips: ["198.51.100.0/24", "2001:db8::/32"], description: "ping from allowed IPs" },
      {
        direction: "in",
        protocol: "tcp",
        port: "22",
        source_ips: ["198.51.100.0/24", "2001:db8::/32"],
        description: "SSH from allowed IPs",
      },
      { direction: "in", protocol: "tcp", port: "30000-32767", source_ips: ["0.0.0.0/0"], description: "node ports" },
    ]);
  });

  it("accepts tokens for every prop it validates: name, sources, SSH port, ports, descriptions", () => {
    expect(
      unusedTokens((scope, t) => {
        new NodeFirewall(scope, "Fw", {
          name: t.string("name"),
          allowedIps: [t.string("my_ip")],
          sshPort: t.number("ssh_port"),
          kubernetesApi: true,
          inbound: [
            { protocol: "tcp", port: t.string("port"), sourceIps: t.list("sources"), description: t.string("why") },
            { protocol: "udp", port: "30000-32767", sourceIps: [t.string("one_source")] },
          ],
        });
      }),
    ).toEqual([]);
  });

  it("counts the rules with a token inside them: the limit still holds", () => {
    const text = errorOf(() =>
      unusedTokens((scope, t) => {
        const why = t.string("why");
        new NodeFirewall(scope, "Fw", {
          name: "f",
          allowedIps: ["203.0.113.4/32"],
          sshPort: 22,
          inbound: Array.from({ length: 60 }, (_, i) => ({
            protocol: "tcp" as const,
            port: String(1000 + i),
            description: i === 0 ? why : "x",
          })),
        });
      }),
    );
    expect(text).toMatch(/inbound: must list at most \d+ rules/);
  });

  it("rejects empty or malformed sources and ports", () => {
    const text = errorOf(() =>
      synthScope(
        (scope) =>
          new NodeFirewall(scope, "Fw", {
            name: "f",
            allowedIps: ["1.2.3.4"],
            sshPort: 70000,
            inbound: [{ protocol: "udp", port: "any", sourceIps: [] }],
          }),
      ),
    );
    expect(text).toMatch(/allowedIps\[0\]: must be an IPv4 or IPv6 CIDR range .*\(got "1\.2\.3\.4"\)/);
    expect(text).toMatch(/sshPort: Too big: expected number to be <=65535 \(got 70000\)/);
    expect(text).toMatch(/inbound\[0\]\.port: must be a port '80' or a range '30000-32767' \(got "any"\)/);
    expect(text).toMatch(/inbound\[0\]\.sourceIps: must list at least one CIDR range \(got \[\]\)/);
  });
});

describe("NodeFirewall's fields and rules", () => {
  const firewall = (props: Partial<NodeFirewallProps>) =>
    synthScope((scope) => new NodeFirewall(scope, "Fw", { name: "f", allowedIps: ["203.0.113.4/32"], sshPort: 22, ...props }));

  it("labels the firewall with its labels, none by default", () => {
    expect(onlyResource(firewall({}).parsed, "hcloud_firewall").labels).toEqual({});
    expect(onlyResource(firewall({ labels: { cluster: "kube" } }).parsed, "hcloud_firewall").labels).toEqual({ cluster: "kube" });
  });

  it("names the rule and field of each bad inbound rule", () => {
    const lines = issueLinesOf(() =>
      firewall({
        inbound: [
          { protocol: "tcp", port: "80" },
          { protocol: "sctp" as never, port: "80", description: "x".repeat(300) },
        ],
      }),
    );
    expect(fieldsOf(lines)).toEqual(["inbound[1].protocol", "inbound[1].description"]);
  });

  it("finds the SSH port and k3s's ports among the rules, and leaves what is not known or not valid to other checks", () => {
    const rules = [
      { protocol: "tcp" as const, port: "20-30" },
      { protocol: "tcp" as const, port: "6443" },
      { protocol: "udp" as const, port: "20-30" },
      { protocol: "tcp" as const, port: "any" },
    ];
    expect(inboundRuleIssues(rules, 22, "sshPort", "allowedIps").map((p) => [p.path, p.input])).toEqual([
      [[0, "port"], "20-30"],
      [[1, "port"], "6443"],
    ]);
    // An SSH port that is a token, or refused on its own (a fraction), is no SSH port to look for.
    const ssh = numberToken();
    expect(inboundRuleIssues(rules.slice(0, 1), ssh, "sshPort", "allowedIps")).toEqual([]);
    expect(inboundRuleIssues(rules.slice(0, 1), 22.5, "sshPort", "allowedIps")).toEqual([]);
    const port = stringToken();
    expect(inboundRuleIssues([{ protocol: "tcp", port }], 22, "sshPort", "allowedIps")).toEqual([]);
  });

  it("calls a source wide only when it is a valid range (host bits are their own mistake)", () => {
    expect(wideSourceIssues(["0.0.0.0/0", "1.2.3.4/4", "10.0.0.0/8"], false, "allowAnySource").map((p) => p.path)).toEqual([[0]]);
    expect(wideSourceIssues(["0.0.0.0/0"], true, "allowAnySource")).toEqual([]);
  });
});

describe("SpreadPlacementGroups", () => {
  it("labels every group with its labels, none by default", () => {
    const labelsOf = (labels?: Record<string, string>) =>
      Object.values(
        resourcesOf(
          synthScope((scope) => new SpreadPlacementGroups(scope, "G", { name: "g", servers: 11, labels })).parsed,
          "hcloud_placement_group",
        ),
      ).map((g) => g.labels);
    expect(labelsOf()).toEqual([{}, {}]);
    expect(labelsOf({ pool: "storage" })).toEqual([{ pool: "storage" }, { pool: "storage" }]);
  });

  it("needs the server index known at synth to pick a group", () => {
    let groups!: SpreadPlacementGroups;
    synthScope((scope) => {
      groups = new SpreadPlacementGroups(scope, "G", { name: "g", servers: 11 });
    });
    expect(errorOf(() => groups.groupFor(numberToken()))).toBe(
      "test/G groupFor:\n  - index: must be known at synth time, not a token (it picks one of the groups)",
    );
  });

  it("names each group by its position only, so growing a pool never moves an existing server", () => {
    expect(spreadGroupNames("kube-storage", 10)).toEqual(["kube-storage"]);
    expect(spreadGroupNames("kube-storage", 11)).toEqual(["kube-storage", "kube-storage-2"]);
    expect(spreadGroupNames("kube-storage", 31)).toEqual(["kube-storage", "kube-storage-2", "kube-storage-3", "kube-storage-4"]);
    const groupOf = (servers: number, index: number) => {
      let group = "";
      synthScope((scope) => {
        group = new SpreadPlacementGroups(scope, "G", { name: "g", servers }).groupFor(index).nameInput!;
      });
      return group;
    };
    for (const index of [0, 9]) expect(groupOf(11, index)).toBe(groupOf(10, index));
    expect(groupOf(11, 10)).toBe("g-2");
  });

  it("needs its name and number of servers known at synth: they name the groups and decide how many exist", () => {
    expect(
      errorOf(() => unusedTokens((scope, t) => new SpreadPlacementGroups(scope, "G", { name: t.string("name"), servers: t.number("n") }))),
    ).toBe(
      "tokens/G props:\n  - name: must be known at synth time, not a token (it names the groups' construct ids, so their Terraform addresses)\n  - servers: must be known at synth time, not a token (it decides how many groups exist)",
    );
  });

  it("refuses a server index outside its places as a ValidationError", () => {
    let groups!: SpreadPlacementGroups;
    synthScope((scope) => {
      groups = new SpreadPlacementGroups(scope, "G", { name: "g", servers: 11 });
    });
    expect(groups.groupFor(19).nameInput).toBe("g-2");
    expect(() => groups.groupFor(20)).toThrow(ValidationError);
    expect(errorOf(() => groups.groupFor(20))).toBe("test/G groupFor:\n  - index: Too big: expected number to be <=19 (got 20)");
  });

  it("needs at least one server", () => {
    expect(errorOf(() => synthScope((scope) => new SpreadPlacementGroups(scope, "G", { name: "g", servers: 0 })))).toMatch(
      /servers: Too small: expected number to be >=1 \(got 0\)/,
    );
  });
});

describe("ControlPlane", () => {
  function controlPlane(props: Partial<ConstructorParameters<typeof ControlPlane>[2]> = {}) {
    let cp!: ControlPlane;
    const out = synthScope((scope) => {
      const network = new PrivateNetwork(scope, "Net", { name: "kube", ipRange: "10.0.0.0/16", networkZone: "eu-central" });
      cp = new ControlPlane(scope, "ControlPlane", {
        settings: {
          clusterName: "kube",
          image: "debian-12",
          network,
          sshKeyIds: ["k"],
          sshUser: "ops",
          sshPort: 22,
          sshAuthorizedKeys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOA1mEy07+bGGwKa/2pr5jndZcdS4l2EYbYj4i0cXDi6 k"],
          packages: [],
          k3sChannel: "latest",
          k3sToken: "t",
        },
        serverType: "cax21",
        location: "fsn1",
        count: 3,
        firewallIds: [1],
        ...props,
      });
      new TerraformOutput(scope, "url", { value: cp.serverUrl });
    });
    return { ...out, cp };
  }

  it("matches the snapshot (3 servers, no etcd snapshots)", () => {
    const { json, cp, parsed } = controlPlane();
    expect(json).toMatchSnapshot();
    expect(cp.serverUrl).toBe("https://10.0.0.2:6443");
    expect(cp.privateInterface).toBe("enp7s0");
    expect(Object.keys(resourcesOf(parsed, "hcloud_server")).sort()).toEqual([
      "kube-controller-01",
      "kube-controller-02",
      "kube-controller-03",
    ]);
    expect(resourcesOf(parsed, "hcloud_server")["kube-controller-02"].user_data).toContain(
      "node-taint:\n        - node-role.kubernetes.io/control-plane:NoSchedule",
    );
    expect(resourcesOf(parsed, "hcloud_server")["kube-controller-02"].user_data).not.toContain("etcd-s3");
    // Three servers: none is told to start the cluster; each chooses among the other two at first boot.
    for (const [name, call] of [
      ["kube-controller-01", "60 5 init '10.0.0.3' '10.0.0.4'"],
      ["kube-controller-02", "1800 5 wait '10.0.0.2' '10.0.0.4'"],
      ["kube-controller-03", "1800 5 wait '10.0.0.2' '10.0.0.3'"],
    ]) {
      const userData = String(resourcesOf(parsed, "hcloud_server")[name].user_data);
      expect(userData).not.toMatch(/^\s*cluster-init: true$/m);
      expect(userData).not.toContain("server: https://");
      expect(userData).toContain(`choose_cluster '/etc/rancher/k3s/config.yaml.d/40-cluster.yaml' ${call}\n`);
    }
  });

  it("writes k3s's config from its props: labels, taints, ranges, certificate names, etcd snapshots with their defaults", () => {
    const k3sConfigOf = (props: Parameters<typeof controlPlane>[0]) => {
      const { parsed } = controlPlane({ count: 1, ...props });
      const userData = evaluatedUserData(parsed)["kube-controller-01"];
      return parse(parseCloudConfig(userData).files.find((f) => f.path === "/etc/rancher/k3s/config.yaml")!.content) as Record<
        string,
        unknown
      >;
    };
    const s3 = { endpoint: "s3.fr-par.scw.cloud", region: "fr-par", bucket: "etcd", accessKeyJson: "a", secretKeyJson: "s" };
    const config = k3sConfigOf({
      labels: { tier: "control", zone: "a" },
      tlsSans: ["k8s.example.org"],
      disable: ["traefik"],
      clusterCidr: "10.244.0.0/16",
      etcdS3Snapshots: s3,
    });
    expect(config).toMatchObject({
      "node-label": ["tier=control", "zone=a"],
      "node-taint": ["node-role.kubernetes.io/control-plane:NoSchedule"],
      "tls-san": ["k8s.example.org"],
      disable: ["traefik"],
      "cluster-cidr": "10.244.0.0/16",
      "etcd-s3": true,
      "etcd-s3-region": "fr-par",
      "etcd-snapshot-schedule-cron": "0 0 * * *",
      "etcd-snapshot-retention": 5,
    });
    expect(config).not.toHaveProperty("service-cidr");
    expect(k3sConfigOf({ etcdS3Snapshots: { ...s3, scheduleCron: "0 */6 * * *", retention: 12 } })).toMatchObject({
      "etcd-snapshot-schedule-cron": "0 */6 * * *",
      "etcd-snapshot-retention": 12,
    });
  });

  it("labels its servers and placement group as the control plane's, and hands out each server's user data", () => {
    const { parsed, cp } = controlPlane();
    const labels = { cluster: "kube", pool: "controller", role: "server" };
    for (const server of Object.values(resourcesOf(parsed, "hcloud_server"))) expect(server.labels).toEqual(labels);
    expect(onlyResource(parsed, "hcloud_placement_group").labels).toEqual(labels);
    expect(cp.userData).toEqual(Object.values(resourcesOf(parsed, "hcloud_server")).map((s) => s.user_data));
  });

  it("checks the ranges against each other only once each is known and valid alone: one message per mistake", () => {
    const lines = (props: Parameters<typeof controlPlane>[0]) => issueLinesOf(() => controlPlane(props));
    // 10.0.0.1/16 overlaps the network, but its host bits are the mistake to fix first.
    expect(lines({ clusterCidr: "10.0.0.1/16" })).toEqual([expect.stringMatching(/^clusterCidr: .*host bits are set/)]);
    expect(lines({ serviceCidr: "10.42.0.1/16" })).toEqual([expect.stringMatching(/^serviceCidr: .*host bits are set/)]);
    expect(lines({ clusterCidr: stringToken() })).toEqual([expect.stringMatching(/^clusterCidr: must be known at synth time/)]);
  });

  it("starts the cluster on a single server itself (cluster-init), probing no other server", () => {
    const { parsed } = controlPlane({ count: 1 });
    const userData = String(resourcesOf(parsed, "hcloud_server")["kube-controller-01"].user_data);
    expect(userData).toContain("    content: |\n      cluster-init: true\n      token: t\n");
    expect(userData).not.toContain("choose_cluster");
  });

  it.each([
    ["2 servers", { count: 2 }, /count: must be 1, or 3 for embedded etcd HA .*\(got 2\)/],
    ["4 servers", { count: 4 }, /count: must be 1, or 3 .*\(got 4\)/],
    ["cx21", { serverType: "cx21" }, /serverType: server type 'cx21' was removed in 2024; use 'cx23' instead \(got "cx21"\)/],
    ["an unknown location", { location: "fra1" }, /location: must be a Hetzner location: .* \(got "fra1"\)/],
    [
      "a location outside the network's zone",
      { location: "ash" },
      /\n {2}- location: is in network zone us-east, but the private network is in eu-central \(got "ash"\)/,
    ],
    [
      "a node-role label",
      { labels: { "node-role.kubernetes.io/master": "true" } },
      /labels\.node-role\.kubernetes\.io\/master: invalid key: is a label the kubelet may not set on itself \(NodeRestriction\).*\(got "node-role\.kubernetes\.io\/master"\)/,
    ],
    ["a bad taint", { taints: ["NoSchedule"] }, /taints\[0\]: must be a taint 'key\[=value\]:Effect'.*\(got "NoSchedule"\)/],
    ["a bad interface", { privateInterface: "eth 0" }, /privateInterface: must be a Linux interface name .*\(got "eth 0"\)/],
  ] as const)("rejects %s", (_name, props, message) => {
    const text = errorOf(() => controlPlane(props as never));
    expect(text).toMatch(/^test\/ControlPlane props:\n/);
    expect(text).toMatch(message);
  });
});

describe("ControlPlane and tokens", () => {
  const KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOA1mEy07+bGGwKa/2pr5jndZcdS4l2EYbYj4i0cXDi6 k";

  it("accepts tokens for every prop it validates that may be one: server type (with the interface), location, image, zone", () => {
    expect(
      unusedTokens((scope, t) => {
        const network = new PrivateNetwork(scope, "Net", { name: "kube", ipRange: "10.0.0.0/16", networkZone: t.string("zone") });
        new ControlPlane(scope, "ControlPlane", {
          settings: {
            clusterName: "kube",
            image: t.string("image"),
            network,
            sshKeyIds: [t.string("key_id")],
            sshUser: "ops",
            sshPort: 22,
            sshAuthorizedKeys: [KEY],
            packages: [],
            k3sChannel: "stable",
            k3sToken: t.string("token"),
          },
          serverType: t.string("server_type"),
          privateInterface: "enp7s0",
          location: t.string("location"),
          count: 3,
          firewallIds: [t.number("firewall")],
          etcdS3Snapshots: {
            endpoint: "s3.fr-par.scw.cloud",
            region: "fr-par",
            bucket: "etcd",
            accessKeyJson: t.string("access_key"),
            secretKeyJson: t.string("secret_key"),
          },
        });
      }),
    ).toEqual([]);
  });

  it("refuses tokens for what goes into the servers' cloud-config or decides how many exist", () => {
    const text = errorOf(() =>
      unusedTokens((scope, t) => {
        const network = new PrivateNetwork(scope, "Net", { name: "kube", ipRange: "10.0.0.0/16", networkZone: "eu-central" });
        new ControlPlane(scope, "ControlPlane", {
          settings: {
            clusterName: t.string("cluster"),
            image: "debian-12",
            network,
            sshKeyIds: [],
            sshUser: "ops",
            sshPort: t.number("ssh_port"),
            sshAuthorizedKeys: [KEY],
            packages: [],
            k3sChannel: t.string("channel"),
            k3sToken: "t",
          },
          serverType: t.string("server_type"),
          location: "nbg1",
          count: t.number("count"),
          firewallIds: [],
          taints: [t.string("taint")],
          clusterCidr: t.string("pods"),
          etcdS3Snapshots: { endpoint: t.string("endpoint"), region: "fr-par", bucket: "etcd", accessKeyJson: "a", secretKeyJson: "s" },
        });
      }),
    );
    const lines = text.split("\n").filter((l) => l.startsWith("  - "));
    expect(lines.map((l) => l.replace(/: must be known at synth time, not a token .*/, ""))).toEqual([
      "  - count",
      "  - serverType",
      "  - taints",
      "  - clusterCidr",
      "  - etcdS3Snapshots.endpoint",
      "  - settings.clusterName",
      "  - settings.sshPort",
      "  - settings.k3sChannel",
    ]);
    expect(text).toMatch(
      /serverType: must be known at synth time, not a token \(the private interface derives from it .*; or set privateInterface\)/,
    );
  });

  it("checks the etcd snapshot bucket with the config's rules", () => {
    const text = errorOf(() =>
      synthScope((scope) => {
        const network = new PrivateNetwork(scope, "Net", { name: "kube", ipRange: "10.0.0.0/16", networkZone: "eu-central" });
        new ControlPlane(scope, "ControlPlane", {
          settings: {
            clusterName: "kube",
            image: "debian-12",
            network,
            sshKeyIds: [],
            sshUser: "ops",
            sshPort: 22,
            sshAuthorizedKeys: [KEY],
            packages: [],
            k3sChannel: "stable",
            k3sToken: "t",
          },
          serverType: "cx23",
          location: "nbg1",
          count: 1,
          firewallIds: [],
          etcdS3Snapshots: {
            endpoint: "https://s3.example.org",
            region: "fr-par",
            bucket: "b",
            folder: "/etcd",
            scheduleCron: "0 0 * *",
            retention: 0,
            accessKeyJson: "a",
            secretKeyJson: "s",
          },
        });
      }),
    );
    expect(text).toMatch(/etcdS3Snapshots\.endpoint: must be a host name or IPv4 address .*\(got "https:\/\/s3\.example\.org"\)/);
    expect(text).toMatch(/etcdS3Snapshots\.bucket: must be a bare S3 bucket name/);
    expect(text).toMatch(/etcdS3Snapshots\.folder: must be a relative folder such as 'etcd\/kube'/);
    expect(text).toMatch(/etcdS3Snapshots\.scheduleCron: must be a standard 5-field cron expression .*: has 4 fields, expected 5/);
    expect(text).toMatch(/etcdS3Snapshots\.retention: Too small: expected number to be >=1 \(got 0\)/);
  });
});
