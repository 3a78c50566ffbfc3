import { TerraformVariable, Token } from "cdktf";
import { Construct } from "constructs";
import { ControlPlane, ControlPlaneProps } from "../../src/hcloud/control-plane";
import { K3sNodeSettings } from "../../src/hcloud/k3s-node";
import { NodeFirewall, NodeFirewallProps } from "../../src/hcloud/node-firewall";
import { NodePool, NodePoolProps } from "../../src/hcloud/node-pool";
import { PrivateNetwork } from "../../src/hcloud/private-network";
import { FAKE_PRIVATE_KEY, KEYS } from "../config/ssh-keys";
import { errorOf, resourcesOf, synthScope } from "../helpers";

/*
 * The constructs check the rules of issue 12, items 4-6 on their own props, with the rules the config
 * schema composes (src/validation/hcloud.ts): a library user who builds them without the config gets
 * the same refusals. Values that are cdktf tokens are known at apply time only and are skipped, unless
 * they go into the nodes' cloud-config (checked at synth): those must be known.
 */

function settings(scope: Construct, over: Partial<K3sNodeSettings> = {}): K3sNodeSettings {
  return {
    clusterName: "kube",
    image: "ubuntu-24.04",
    network: new PrivateNetwork(scope, "Network", { name: "kube", ipRange: "10.0.0.0/16", networkZone: "eu-central" }),
    sshKeyIds: ["my-key"],
    sshUser: "rocks",
    sshPort: 2222,
    sshAuthorizedKeys: [KEYS.ed25519],
    packages: [],
    k3sChannel: "stable",
    k3sToken: "sample-token",
    kubeletArgs: [],
    ...over,
  };
}

const POOL: Omit<NodePoolProps, "settings"> = {
  name: "storage",
  poolIndex: 1,
  serverType: "cx23",
  location: "nbg1",
  count: 2,
  serverUrl: "https://10.0.0.2:6443",
  firewallIds: [42],
  volume: { size: 10, mountPath: "/mnt/longhorn" },
};

const pool = (props: Partial<NodePoolProps> = {}, over: Partial<K3sNodeSettings> = {}) =>
  synthScope((scope) => new NodePool(scope, "Pool", { settings: settings(scope, over), ...POOL, ...props }));

const controlPlane = (props: Partial<ControlPlaneProps> = {}, over: Partial<K3sNodeSettings> = {}) =>
  synthScope(
    (scope) =>
      new ControlPlane(scope, "ControlPlane", {
        settings: settings(scope, over),
        serverType: "cx23",
        location: "nbg1",
        count: 1,
        firewallIds: [1],
        ...props,
      }),
  );

const firewall = (props: Partial<NodeFirewallProps>) =>
  synthScope((scope) => new NodeFirewall(scope, "Fw", { name: "f", allowedIps: ["203.0.113.10/32"], sshPort: 2222, ...props }));

describe("NodeFirewall", () => {
  it.each<[string, Partial<NodeFirewallProps>, RegExp]>([
    [
      "every IPv4 address",
      { allowedIps: ["0.0.0.0/0"] },
      /^ {2}- allowedIps\[0\]: must be a \/8 \(IPv4\) or \/32 \(IPv6\) or narrower: .*set allowAnySource: true .*\(got "0\.0\.0\.0\/0"\)$/m,
    ],
    ["every IPv6 address", { allowedIps: ["203.0.113.10/32", "::/0"] }, /allowedIps\[1\]: must be a \/8 .*\(got "::\/0"\)/],
    [
      "host bits",
      { allowedIps: ["203.0.113.10/24"] },
      /allowedIps\[0\]: must be an IPv4 or IPv6 CIDR range .*write 203\.0\.113\.0\/24 for the network/,
    ],
    [
      "101 sources",
      { allowedIps: Array.from({ length: 101 }, (_, i) => `198.51.100.${i}/32`) },
      /allowedIps: must list at most 100 ranges: Hetzner takes at most 100 sources per firewall rule \(got \["198\.51\.100\.0\/32",/,
    ],
    ["SSH on the API's port", { sshPort: 6443 }, /sshPort: must not be a TCP port k3s uses on the nodes .*\(got 6443\)/],
    [
      "a rule on the SSH port",
      { inbound: [{ protocol: "tcp", port: "2200-2300", sourceIps: ["0.0.0.0/0"] }] },
      /inbound\[0\]\.port: must not open the SSH port 2222 \(sshPort\): SSH is open to allowedIps only \(got "2200-2300"\)/,
    ],
    [
      "a rule on the kubelet",
      { inbound: [{ protocol: "tcp", port: "10250", sourceIps: ["0.0.0.0/0"] }] },
      /inbound\[0\]\.port: must not open a port k3s uses on the nodes/,
    ],
    [
      "a rule on WireGuard",
      { inbound: [{ protocol: "udp", port: "51821", sourceIps: ["0.0.0.0/0"] }] },
      /inbound\[0\]\.port: must not open a port k3s uses .*UDP 51820-51821 is flannel's WireGuard's/,
    ],
    [
      "a range upside down",
      { inbound: [{ protocol: "tcp", port: "90-80", sourceIps: ["0.0.0.0/0"] }] },
      /inbound\[0\]\.port: must be a port '80' or a range '30000-32767': the range goes from 90 down to 80 \(got "90-80"\)/,
    ],
    [
      "a source with host bits",
      { inbound: [{ protocol: "tcp", port: "80", sourceIps: ["198.51.100.7/24"] }] },
      /inbound\[0\]\.sourceIps\[0\]: must be an IPv4 or IPv6 CIDR range/,
    ],
    [
      "51 rules",
      {
        kubernetesApi: true,
        inbound: Array.from({ length: 48 }, (_, i) => ({ protocol: "tcp" as const, port: String(30000 + i), sourceIps: ["0.0.0.0/0"] })),
      },
      /inbound: must list at most 47 rules: Hetzner takes at most 50 rules per firewall, and the firewall has 3 of its own \(ICMP, SSH and the Kubernetes API\) \(got \[\{"protocol":"tcp","port":"30000"/,
    ],
  ])("refuses %s", (_name, props, message) => {
    const text = errorOf(() => firewall(props));
    expect(text).toMatch(/^test\/Fw props:\n/);
    expect(text).toMatch(message);
    expect(text.split("\n").filter((l) => l.startsWith("  - "))).toHaveLength(1);
  });

  it("opens SSH and the API to everyone with allowAnySource, and takes 50 rules", () => {
    const { parsed } = firewall({
      allowedIps: ["0.0.0.0/0", "::/0"],
      allowAnySource: true,
      kubernetesApi: true,
      inbound: Array.from({ length: 47 }, (_, i) => ({ protocol: "tcp" as const, port: String(30000 + i), sourceIps: ["0.0.0.0/0"] })),
    });
    const rules = Object.values(resourcesOf(parsed, "hcloud_firewall"))[0].rule as Record<string, unknown>[];
    expect(rules).toHaveLength(50);
    expect(rules[1]).toMatchObject({ port: "2222", source_ips: ["0.0.0.0/0", "::/0"] });
  });

  it("leaves sources that are tokens to Hetzner", () => {
    expect(() =>
      synthScope((scope) => {
        const mine = new TerraformVariable(scope, "my_ip", { type: "string" }).stringValue;
        new NodeFirewall(scope, "Fw", {
          name: "f",
          allowedIps: [mine],
          sshPort: 2222,
          inbound: [{ protocol: "tcp", port: "80", sourceIps: [Token.asString(mine)] }],
        });
      }),
    ).not.toThrow();
  });
});

describe("PrivateNetwork", () => {
  it.each<[string, RegExp]>([
    [
      "10.0.1.0/16",
      /ipRange: must be a private \/16 range .*: host bits are set: the network is 10\.0\.0\.0\/16 \(got "10\.0\.1\.0\/16"\)/,
    ],
    ["10.256.0.0/16", /ipRange: .*: octet 256 of '10\.256\.0\.0' is beyond 255/],
    ["100.64.0.0/16", /ipRange: .*: 100\.64\.0\.0\/16 is a public range/],
  ])("refuses %s", (ipRange, message) => {
    expect(
      errorOf(() => synthScope((scope) => new PrivateNetwork(scope, "Net", { name: "n", ipRange, networkZone: "eu-central" }))),
    ).toMatch(message);
  });
});

describe("NodePool", () => {
  it.each<[string, Partial<NodePoolProps>, Partial<K3sNodeSettings>, RegExp]>([
    [
      "a system SSH user",
      {},
      { sshUser: "ubuntu" },
      /settings\.sshUser: must not be an account or group of the server image .*\(got "ubuntu"\)/,
    ],
    ["SSH on a NodePort", {}, { sshPort: 30022 }, /settings\.sshPort: must not be a TCP port k3s uses .* \(got 30022\)/],
    [
      "a private key",
      {},
      { sshAuthorizedKeys: [FAKE_PRIVATE_KEY] },
      /settings\.sshAuthorizedKeys\[0\]: must be an OpenSSH public key line, not a private key.*\(got "<a private key, not shown>"\)/,
    ],
    [
      "a short RSA key",
      {},
      { sshAuthorizedKeys: [KEYS.ed25519, KEYS.rsa1024] },
      /settings\.sshAuthorizedKeys\[1\]: .*RSA key of 1024 bits.*\(got "ssh-rsa <key data not shown> me@rsa1024"\)/,
    ],
    [
      "anonymous kubelet access",
      {},
      { kubeletArgs: ["anonymous-auth=true"] },
      /settings\.kubeletArgs\[0\]: must not switch on the kubelet's anonymous access/,
    ],
    ["an old minor channel", {}, { k3sChannel: "v1.29" }, /settings\.k3sChannel: must be a k3s release channel: .*\(got "v1\.29"\)/],
    ["an old k3s", {}, { k3sVersion: "v1.29.1+k3s1" }, /settings\.k3sVersion: must be a k3s release of a minor this project supports/],
    [
      "a volume on the SSH user's home",
      { volume: { size: 10, mountPath: "/home/rocks" } },
      {},
      /volume\.mountPath: must not be the SSH user's home or inside it: '\/home\/rocks'.*\(got "\/home\/rocks"\)/,
    ],
    [
      "a volume on //etc",
      { volume: { size: 10, mountPath: "//etc" } },
      {},
      /volume\.mountPath: must not be inside a system directory: '\/\/etc' \(\/etc\) is in \/etc/,
    ],
    [
      "a service to the SSH port",
      { loadBalancer: { services: [{ listenPort: 22, destinationPort: 2222 }] } },
      {},
      /loadBalancer\.services\[0\]\.destinationPort: must not be the SSH port 2222 \(settings\.sshPort\).*\(got 2222\)/,
    ],
    [
      "default services to the SSH port",
      { loadBalancer: {} },
      { sshPort: 443 },
      /loadBalancer\.services: must not forward to the SSH port 443 \(settings\.sshPort\): without services listed the load balancer forwards its defaults, 80 and 443, to the nodes; choose another SSH port \(got undefined\)/,
    ],
    [
      "a service to etcd",
      { loadBalancer: { services: [{ listenPort: 2379, destinationPort: 2379 }] } },
      {},
      /loadBalancer\.services\[0\]\.destinationPort: must not be a TCP port k3s uses on the nodes .*2379 is etcd's/,
    ],
  ])("refuses %s", (_name, props, over, message) => {
    const text = errorOf(() => pool(props, over));
    expect(text).toMatch(/^test\/Pool props:\n/);
    expect(text).toMatch(message);
    expect(text.split("\n").filter((l) => l.startsWith("  - "))).toHaveLength(1);
  });

  it("refuses settings that are tokens where the cloud-config needs them: it is checked at synth", () => {
    const text = errorOf(() =>
      synthScope((scope) => {
        const user = new TerraformVariable(scope, "ssh_user", { type: "string" }).stringValue;
        const key = new TerraformVariable(scope, "ssh_key", { type: "string" }).stringValue;
        new NodePool(scope, "Pool", { settings: settings(scope, { sshUser: user, sshAuthorizedKeys: [key] }), ...POOL });
      }),
    );
    expect(text).toBe(
      "test/Pool props:\n" +
        "  - settings.sshUser: must be known at synth time, not a token (it is written into the nodes' cloud-config, whose size (Hetzner's 32 KiB) and content are checked at synth)\n" +
        "  - settings.sshAuthorizedKeys: must be known at synth time, not a token (it is written into the nodes' cloud-config, whose size (Hetzner's 32 KiB) and content are checked at synth)",
    );
  });

  it("refuses user data past Hetzner's 32 KiB, naming the pool's server resource", () => {
    const packages = Array.from({ length: 300 }, (_, i) => `package-${i}-${"x".repeat(90)}`);
    expect(errorOf(() => pool({}, { packages }))).toMatch(
      /^test\/Pool props:\n {2}- hcloud_server\.kube-storage\.user_data: must be at most 32768 bytes, Hetzner's limit: .* \(got \d+ bytes, counting the longest values Terraform fills in\)$/,
    );
  });
});

describe("ControlPlane", () => {
  const serverConfig = (parsed: ReturnType<typeof controlPlane>["parsed"]) =>
    String(resourcesOf(parsed, "hcloud_server")["kube-controller-01"].user_data);

  it("writes cluster-cidr and service-cidr only when they differ from k3s's defaults", () => {
    expect(serverConfig(controlPlane().parsed)).not.toMatch(/cluster-cidr|service-cidr/);
    expect(serverConfig(controlPlane({ clusterCidr: "10.42.0.0/16", serviceCidr: "10.43.0.0/16" }).parsed)).not.toMatch(
      /cluster-cidr|service-cidr/,
    );
    const custom = serverConfig(controlPlane({ clusterCidr: "10.244.0.0/16", serviceCidr: "10.96.0.0/12" }).parsed);
    expect(custom).toContain("cluster-cidr: 10.244.0.0/16\n");
    expect(custom).toContain("service-cidr: 10.96.0.0/12\n");
  });

  it.each<[string, Partial<ControlPlaneProps>, Partial<K3sNodeSettings>, RegExp]>([
    [
      "a pod range over the network",
      { clusterCidr: "10.0.0.0/15" },
      {},
      /clusterCidr: must not overlap the network's range \(10\.0\.0\.0\/16\): nodes and pods would share addresses \(got "10\.0\.0\.0\/15"\)/,
    ],
    [
      "a Service range in the pod range",
      { serviceCidr: "10.42.0.0/24" },
      {},
      /serviceCidr: must not overlap clusterCidr \(10\.42\.0\.0\/16\): pods and Services would share addresses \(got "10\.42\.0\.0\/24"\)/,
    ],
    [
      "a public pod range",
      { clusterCidr: "8.0.0.0/16" },
      {},
      /clusterCidr: must be one private IPv4 range .*: 8\.0\.0\.0\/16 is a public range/,
    ],
    [
      "a Service range with host bits",
      { serviceCidr: "10.43.0.1/16" },
      {},
      /serviceCidr: .*: host bits are set: the range is 10\.43\.0\.0\/16/,
    ],
    ["a system SSH user", {}, { sshUser: "syslog" }, /settings\.sshUser: must not be an account .*\(got "syslog"\)/],
    [
      "an unknown kubelet flag form",
      {},
      { kubeletArgs: ["--v=2"] },
      /settings\.kubeletArgs\[0\]: must be 'flag=value' without leading dashes/,
    ],
  ])("refuses %s", (_name, props, over, message) => {
    const text = errorOf(() => controlPlane(props, over));
    expect(text).toMatch(/^test\/ControlPlane props:\n/);
    expect(text).toMatch(message);
    expect(text.split("\n").filter((l) => l.startsWith("  - "))).toHaveLength(1);
  });
});
