import * as fs from "fs";
import * as path from "path";
import { TerraformOutput, TerraformStack, Testing, Token } from "cdktf";
import { Firewall } from "../../src/providers/hcloud/firewall";
import { LoadBalancer } from "../../src/providers/hcloud/load-balancer";
import { LoadBalancerNetwork } from "../../src/providers/hcloud/load-balancer-network";
import { LoadBalancerService } from "../../src/providers/hcloud/load-balancer-service";
import { LoadBalancerTargetA } from "../../src/providers/hcloud/load-balancer-target";
import { Network } from "../../src/providers/hcloud/network";
import { NetworkSubnet } from "../../src/providers/hcloud/network-subnet";
import { PlacementGroup } from "../../src/providers/hcloud/placement-group";
import { HcloudProvider } from "../../src/providers/hcloud/provider";
import { Server } from "../../src/providers/hcloud/server";
import { SshKey } from "../../src/providers/hcloud/ssh-key";
import { Volume } from "../../src/providers/hcloud/volume";
import { VolumeAttachment } from "../../src/providers/hcloud/volume-attachment";
import { onlyResource, synthScope } from "../helpers";
import {
  HCLOUD_PROVIDER,
  HCLOUD_RESOURCES,
  committedSchema,
  generateBindings,
  textFieldsOf,
} from "../../scripts/providers/hcloud-bindings";
import { HCLOUD_SCHEMA_RESOURCES, hcloudSchemaProblems } from "./hcloud-schema-check";

/** One of each binding, every argument set, wired together by references. */
function everyBinding() {
  return synthScope((scope) => {
    new HcloudProvider(scope, "hcloud", { pollInterval: "1s", pollFunction: "constant" });
    const network = new Network(scope, "network", {
      name: "kube",
      ipRange: "10.0.0.0/16",
      labels: { cluster: "kube" },
      deleteProtection: true,
      exposeRoutesToVswitch: false,
    });
    const subnet = new NetworkSubnet(scope, "subnet", {
      networkId: Token.asNumber(network.id),
      type: "cloud",
      ipRange: "10.0.0.0/16",
      networkZone: "eu-central",
    });
    const key = new SshKey(scope, "key", {
      name: "me",
      publicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIK0wmN/Cr3JXqmLW7u+g9pTh+wyqDHpSQEIQczXkVx9q me@example.org",
      labels: { a: "b" },
    });
    const group = new PlacementGroup(scope, "group", { name: "kube-worker", type: "spread", labels: { pool: "worker" } });
    const firewall = new Firewall(scope, "firewall", {
      name: "kube",
      labels: { cluster: "kube" },
      rule: [
        { direction: "in", protocol: "tcp", port: "22", sourceIps: ["203.0.113.4/32"], description: "ssh" },
        { direction: "out", protocol: "udp", port: "any", destinationIps: ["0.0.0.0/0"] },
      ],
      applyTo: [{ labelSelector: "cluster=kube" }],
    });
    const server = new Server(scope, "server", {
      name: "kube-worker-01",
      serverType: "cx23",
      image: "ubuntu-24.04",
      location: "nbg1",
      userData: "#cloud-config\n",
      sshKeys: [key.id],
      keepDisk: true,
      labels: { pool: "worker" },
      backups: false,
      firewallIds: [Token.asNumber(firewall.id)],
      ignoreRemoteFirewallIds: false,
      placementGroupId: Token.asNumber(group.id),
      deleteProtection: false,
      rebuildProtection: false,
      shutdownBeforeDeletion: true,
      publicNet: [{ ipv4Enabled: true, ipv6Enabled: false }],
      timeouts: { create: "30m" },
      network: [{ subnetId: subnet.id, ip: "10.0.1.1", aliasIps: [] }],
      dependsOn: [subnet],
    });
    const volume = new Volume(scope, "volume", {
      name: "kube-storage-01",
      size: 10,
      location: "nbg1",
      format: "ext4",
      deleteProtection: true,
      labels: { pool: "storage" },
    });
    new VolumeAttachment(scope, "attachment", {
      volumeId: Token.asNumber(volume.id),
      serverId: Token.asNumber(server.id),
      automount: false,
    });
    const lb = new LoadBalancer(scope, "lb", {
      name: "kube-worker",
      loadBalancerType: "lb11",
      location: "nbg1",
      algorithm: { type: "round_robin" },
      labels: { pool: "worker" },
      deleteProtection: false,
    });
    new LoadBalancerNetwork(scope, "lb-network", {
      loadBalancerId: Token.asNumber(lb.id),
      subnetId: subnet.id,
      ip: "10.0.255.1",
      enablePublicInterface: true,
    });
    new LoadBalancerService(scope, "lb-service", {
      loadBalancerId: lb.id, // a string in the provider's schema
      protocol: "tcp",
      listenPort: 443,
      destinationPort: 443,
      proxyprotocol: true,
      healthCheck: {
        protocol: "http",
        port: 80,
        interval: 10,
        timeout: 5,
        retries: 3,
        http: { domain: "kube.rocks", path: "/ping", statusCodes: ["200"], tls: false },
      },
    });
    new LoadBalancerTargetA(scope, "lb-target", {
      type: "server",
      loadBalancerId: Token.asNumber(lb.id),
      serverId: Token.asNumber(server.id),
      usePrivateIp: true,
    });
  });
}

describe("hcloud bindings", () => {
  const { json, parsed } = everyBinding();

  it("synthesizes every binding in snake_case (snapshot)", () => {
    expect(json).toMatchSnapshot();
  });

  it("synthesizes what the provider's real schema takes: every argument with its type, none missing", () => {
    expect(hcloudSchemaProblems(parsed)).toEqual([]);
    expect(Object.keys(parsed.resource ?? {}).sort()).toEqual(HCLOUD_SCHEMA_RESOURCES);
  });

  it("pins the provider to the version the bindings come from, and leaves the token to HCLOUD_TOKEN", () => {
    expect(parsed.terraform?.required_providers).toEqual({ hcloud: { source: "hetznercloud/hcloud", version: HCLOUD_PROVIDER.version } });
    expect(parsed.provider?.hcloud).toEqual([{ poll_function: "constant", poll_interval: "1s" }]);
    expect(json).not.toMatch(/"token"/);
  });

  it("maps nested blocks and references", () => {
    const server = onlyResource(parsed, "hcloud_server");
    expect(server).toMatchObject({
      server_type: "cx23",
      ssh_keys: ["${hcloud_ssh_key.key.id}"],
      firewall_ids: ["${hcloud_firewall.firewall.id}"],
      placement_group_id: "${hcloud_placement_group.group.id}",
      timeouts: { create: "30m" },
      network: [{ subnet_id: "${hcloud_network_subnet.subnet.id}", ip: "10.0.1.1", alias_ips: [] }],
      public_net: [{ ipv4_enabled: true, ipv6_enabled: false }],
      depends_on: ["hcloud_network_subnet.subnet"],
    });
    expect(onlyResource(parsed, "hcloud_load_balancer_service")).toMatchObject({
      listen_port: 443,
      load_balancer_id: "${hcloud_load_balancer.lb.id}",
      health_check: { protocol: "http", port: 80, retries: 3, http: { status_codes: ["200"], tls: false } },
    });
    expect(onlyResource(parsed, "hcloud_firewall").rule).toEqual([
      { direction: "in", protocol: "tcp", port: "22", source_ips: ["203.0.113.4/32"], description: "ssh" },
      { direction: "out", protocol: "udp", port: "any", destination_ips: ["0.0.0.0/0"] },
    ]);
  });

  it("exposes typed attribute getters as Terraform references", () => {
    let server!: Server;
    const { parsed: refs } = synthScope((scope) => {
      server = new Server(scope, "s", { name: "a", serverType: "cx23", image: "debian-12" });
      const volume = new Volume(scope, "v", { name: "v", size: 10, location: "nbg1" });
      new TerraformOutput(scope, "ip", { value: server.ipv4Address });
      new TerraformOutput(scope, "disk", { value: server.primaryDiskSize });
      new TerraformOutput(scope, "name", { value: server.name });
      new TerraformOutput(scope, "device", { value: volume.linuxDevice });
    });
    expect(Server.tfResourceType).toBe("hcloud_server");
    expect(Object.fromEntries(Object.entries(refs.output ?? {}).map(([k, v]) => [k, v.value]))).toEqual({
      ip: "${hcloud_server.s.ipv4_address}",
      disk: "${hcloud_server.s.primary_disk_size}",
      name: "${hcloud_server.s.name}",
      device: "${hcloud_volume.v.linux_device}",
    });
    expect(server.serverTypeInput).toBe("cx23");
    expect(server.userDataInput).toBeUndefined();
  });

  it("requires in the types what the provider requires", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "types");
    // @ts-expect-error server_type is required (image is not: a server can boot from a snapshot or ISO)
    new Server(stack, "s", { name: "a", image: "debian-12" });
    // @ts-expect-error size is required
    new Volume(stack, "v", { name: "v" });
    // @ts-expect-error network_zone is required
    new NetworkSubnet(stack, "n", { networkId: 1, type: "cloud", ipRange: "10.0.0.0/24" });
    // @ts-expect-error direction is required in a rule
    new Firewall(stack, "f", { name: "f", rule: [{ protocol: "icmp" }] });
    // @ts-expect-error a placement group needs a name
    new PlacementGroup(stack, "p", { type: "spread" });
    // @ts-expect-error a firewall needs a name
    new Firewall(stack, "f2", {});
    new HcloudProvider(stack, "hcloud"); // the token is optional: HCLOUD_TOKEN
    expect(stack).toBeDefined();
  });

  it("reports arguments the provider's schema does not have, or with another type", () => {
    const problems = hcloudSchemaProblems(
      synthScope((scope) => {
        const s = new Server(scope, "s", { name: "a", serverType: "cx23", image: "debian-12", network: [{ ip: "10.0.0.2" }] });
        s.addOverride("ipv4_address", "203.0.113.9");
        s.addOverride("datacenter", "nbg1-dc3");
        s.addOverride("network.0.mac_address", "x");
        new Volume(scope, "v", { name: "v", size: "10" as unknown as number });
      }).parsed,
    );
    expect(problems).toEqual([
      "hcloud_server.s.datacenter: deprecated by the provider",
      "hcloud_server.s.ipv4_address: computed by the provider, not an argument",
      "hcloud_server.s.network[0].mac_address: computed by the provider, not an argument",
      'hcloud_volume.v.size: expected "number" (got "10")',
    ]);
  });

  it("synthesizes HCL too (cdktf synth --hcl)", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "hcl");
    new Firewall(stack, "f", { name: "f", rule: [{ direction: "in", protocol: "tcp", port: "22", sourceIps: ["0.0.0.0/0"] }] });
    const hcl = String(Testing.synthHcl(stack));
    expect(hcl).toMatch(/resource "hcloud_firewall" "f"/);
    expect(hcl).toMatch(/rule \{/);
  });

  it("has one deep-importable module per binding, each re-exported by the index", () => {
    const dir = path.join(__dirname, "..", "..", "src", "providers", "hcloud");
    const index = fs.readFileSync(path.join(dir, "index.ts"), "utf8");
    const modules = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith(".ts") && f !== "index.ts")
      .map((f) => f.replace(/\.ts$/, ""));
    for (const m of modules) expect(index).toContain(`export * from "./${m}";`);
    expect(modules).toHaveLength(HCLOUD_RESOURCES.length + 1); // + provider
  });

  it("are exactly what cdktf's provider generator makes of the committed schema (npm run providers:generate)", async () => {
    const dir = path.join(__dirname, "..", "..", "src", "providers", "hcloud");
    const generated = await generateBindings(committedSchema());
    const committed = fs.readdirSync(dir).filter((f) => f !== "schema.json");
    expect(committed.sort()).toEqual([...generated.keys()].sort());
    for (const [name, text] of generated)
      expect({ name, same: fs.readFileSync(path.join(dir, name), "utf8") === text }).toEqual({ name, same: true });
  });

  it("come from a schema with names, types and nesting only (no description texts)", () => {
    expect(textFieldsOf(committedSchema())).toEqual([]);
    // What the reduction keeps: an attribute named description (a firewall rule's), the deprecated flags.
    const text = fs.readFileSync(path.join(__dirname, "..", "..", "src", "providers", "hcloud", "schema.json"), "utf8");
    expect(text).toMatch(/"description": \{\s*"type": "string"/);
    expect(text).toMatch(/"deprecated": true/);
    expect(HCLOUD_SCHEMA_RESOURCES).toEqual([...HCLOUD_RESOURCES].sort());
  });
});

describe("imports of the hcloud code", () => {
  it("are deep: no provider index (each costs time and memory at synth)", () => {
    const root = path.join(__dirname, "..", "..");
    const files = [
      ...fs.readdirSync(path.join(root, "src", "hcloud")).map((f) => path.join(root, "src", "hcloud", f)),
      path.join(root, "stacks", "hcloud-stack.ts"),
    ];
    for (const file of files) {
      const text = fs.readFileSync(file, "utf8");
      expect({
        file: path.relative(root, file),
        index: /from "(@cdktf\/provider-[a-z]+|[./]*providers\/hcloud(\/index)?)"/.test(text),
      }).toEqual({
        file: path.relative(root, file),
        index: false,
      });
    }
  });
});
