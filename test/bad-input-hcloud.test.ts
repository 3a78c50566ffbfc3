import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { Testing } from "cdktf";
import { loadConfigFile, parseConfig } from "../src/config/load-config";
import { ValidationError } from "../src/validation";
import { HcloudStack } from "../stacks/hcloud-stack";
import { synthPlatform } from "../stacks/platform";
import { editedConfig } from "./config/fixtures";
import { FAKE_PRIVATE_KEY, KEYS, keyData, keyFields, keyLine } from "./config/ssh-keys";
import { resourcesOf, SynthesizedStack } from "./helpers";
import { configFailure } from "./config/bad-config";

/*
 * Bad hcloud input end to end (issue 12, items 4-6: networks, exposure, hosts): each case is
 * config/default.yaml edited as a user would, read and synthesized exactly as main.ts does. Each must
 * stop with a ValidationError carrying exactly one line, `  - <field path>: must ... (got <value>)`,
 * and write nothing; each group ends with valid variants that still synthesize.
 */
let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bad-input-hcloud-"));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The message that stops the synth of `text` (see configFailure). */
function failure(text: string): string {
  return configFailure(tmp, text);
}

/**
 * An edited default config, validated as main.ts does, and its hcloud stack built and synthesized
 * in memory (the k3s stack reads none of these fields; writing files would only slow the suite).
 */
function synthesized(edit: (raw: Record<string, any>) => void): SynthesizedStack {
  const config = parseConfig(editedConfig(edit), "platform.yaml");
  return JSON.parse(Testing.synth(new HcloudStack(Testing.app(), "hcloud", { config }))) as SynthesizedStack;
}

type Case = [string, (raw: Record<string, any>) => void, RegExp];

/** Runs each case: one issue line, matching, in the `  - field: must ... (got value)` shape. */
function refuses(cases: Case[]): void {
  it.each(cases)("%s", (_name, edit, expected) => {
    const message = failure(stringify(editedConfig(edit)));
    const lines = message.split("\n").filter((l) => l.startsWith("  - "));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^ {2}- [\w.[\]-]+: must .* \(got .*\)$/);
    expect(lines[0]).toMatch(expected);
  });
}

/** Runs each valid variant through the synth. */
function accepts(cases: [string, (raw: Record<string, any>) => void][]): void {
  it.each(cases)("still accepts %s", (_name, edit) => {
    expect(() => synthesized(edit)).not.toThrow();
  });
}

const worker = (c: Record<string, any>) => c.hcloud.nodePools[0];
const storage = (c: Record<string, any>) => c.hcloud.nodePools[1];

describe("networks: real CIDRs, private ranges, apart from k3s's ranges, room for every node", () => {
  refuses([
    [
      "an octet beyond 255",
      (c) => (c.hcloud.networkIpRange = "10.300.0.0/16"),
      /hcloud\.networkIpRange: must be a private \/16 range \(RFC 1918.*: octet 300 of '10\.300\.0\.0' is beyond 255 \(got "10\.300\.0\.0\/16"\)/,
    ],
    [
      "host bits set",
      (c) => (c.hcloud.networkIpRange = "10.0.1.0/16"),
      /hcloud\.networkIpRange: must be a private \/16 range .*: host bits are set: the network is 10\.0\.0\.0\/16 \(got "10\.0\.1\.0\/16"\)/,
    ],
    [
      "a public range",
      (c) => (c.hcloud.networkIpRange = "8.8.0.0/16"),
      /hcloud\.networkIpRange: must be a private \/16 range .*: 8\.8\.0\.0\/16 is a public range \(got "8\.8\.0\.0\/16"\)/,
    ],
    [
      "just past 172.16.0.0/12",
      (c) => (c.hcloud.networkIpRange = "172.32.0.0/16"),
      /hcloud\.networkIpRange: .*172\.32\.0\.0\/16 is a public range/,
    ],
    [
      "a /24",
      (c) => (c.hcloud.networkIpRange = "10.0.0.0/24"),
      /hcloud\.networkIpRange: .*: \/24 is not \/16, which the address plan .* needs \(got "10\.0\.0\.0\/24"\)/,
    ],
    [
      "an IPv6 range",
      (c) => (c.hcloud.networkIpRange = "fd00::/16"),
      /hcloud\.networkIpRange: .*: Hetzner networks are IPv4 only \(got "fd00::\/16"\)/,
    ],
    [
      "a prefix beyond /32",
      (c) => (c.hcloud.networkIpRange = "10.0.0.0/33"),
      /hcloud\.networkIpRange: .*: prefix \/33 is beyond \/32 for IPv4/,
    ],
    [
      "the network on k3s's default pod range",
      (c) => (c.hcloud.networkIpRange = "10.42.0.0/16"),
      /hcloud\.networkIpRange: must not overlap k3s's pod range hcloud\.k3s\.clusterCidr \(10\.42\.0\.0\/16, the default\): nodes and pods would share addresses \(got "10\.42\.0\.0\/16"\)/,
    ],
    [
      "the network on k3s's default Service range",
      (c) => (c.hcloud.networkIpRange = "10.43.0.0/16"),
      /hcloud\.networkIpRange: must not overlap k3s's Service range hcloud\.k3s\.serviceCidr \(10\.43\.0\.0\/16, the default\)/,
    ],
    [
      "a pod range around the network",
      (c) => (c.hcloud.k3s.clusterCidr = "10.0.0.0/14"),
      /hcloud\.k3s\.clusterCidr: must not overlap hcloud\.networkIpRange \(10\.0\.0\.0\/16\): nodes and pods would share addresses \(got "10\.0\.0\.0\/14"\)/,
    ],
    [
      "a Service range inside the pod range",
      (c) => (c.hcloud.k3s.serviceCidr = "10.42.128.0/17"),
      /hcloud\.k3s\.serviceCidr: must not overlap hcloud\.k3s\.clusterCidr \(10\.42\.0\.0\/16\): pods and Services would share addresses \(got "10\.42\.128\.0\/17"\)/,
    ],
    [
      "a public pod range",
      (c) => (c.hcloud.k3s.clusterCidr = "8.42.0.0/16"),
      /hcloud\.k3s\.clusterCidr: must be one private IPv4 range \(RFC 1918 or 100\.64\.0\.0\/10\) from \/8 to \/24.*: 8\.42\.0\.0\/16 is a public range/,
    ],
    [
      "a pod range with host bits",
      (c) => (c.hcloud.k3s.clusterCidr = "10.42.1.0/16"),
      /hcloud\.k3s\.clusterCidr: .*: host bits are set: the range is 10\.42\.0\.0\/16/,
    ],
    [
      "a pod range narrower than a node's /24",
      (c) => (c.hcloud.k3s.clusterCidr = "10.42.0.0/25"),
      /hcloud\.k3s\.clusterCidr: .*: \/25 is outside \/8 to \/24/,
    ],
    [
      "a Service range wider than /12",
      (c) => (c.hcloud.k3s.serviceCidr = "10.0.0.0/8"),
      /hcloud\.k3s\.serviceCidr: must be one private IPv4 range .* from \/12 to \/24.*: \/8 is outside \/12 to \/24/,
    ],
    [
      "a dual-stack pod range",
      (c) => (c.hcloud.k3s.clusterCidr = "10.42.0.0/16,fd00:42::/56"),
      /hcloud\.k3s\.clusterCidr: .*is not written address\/prefix/,
    ],
    [
      "an IPv6 Service range",
      (c) => (c.hcloud.k3s.serviceCidr = "fd00:43::/112"),
      /hcloud\.k3s\.serviceCidr: .*only IPv4 is supported here/,
    ],
    [
      "a pod range without a /24 for every node",
      (c) => (c.hcloud.k3s.clusterCidr = "10.42.0.0/22"),
      /hcloud\.k3s\.clusterCidr: must hold a \/24 for each node \(k3s gives each node one for its pods\): a \/22 holds 4, the config has 6 nodes \(got "10\.42\.0\.0\/22"\)/,
    ],
    [
      "more servers than Hetzner attaches to a network",
      (c) => (worker(c).count = 98),
      /hcloud\.nodePools: must hold at most 100 servers together with the control plane: Hetzner attaches at most 100 servers to one network \(here 1 \+ 100\) \(got 101\)/,
    ],
  ]);
  accepts([
    ["another private /16 (172.16/12, 192.168/16)", (c) => (c.hcloud.networkIpRange = "172.31.0.0/16")],
    ["192.168.0.0/16", (c) => (c.hcloud.networkIpRange = "192.168.0.0/16")],
    [
      "pod and Service ranges of the shared address space",
      (c) => Object.assign(c.hcloud.k3s, { clusterCidr: "100.64.0.0/16", serviceCidr: "100.65.0.0/16" }),
    ],
    ["a pod range with a /24 for each of the 6 nodes", (c) => (c.hcloud.k3s.clusterCidr = "10.42.0.0/21")],
    ["100 servers", (c) => (worker(c).count = 97)],
  ]);

  it("writes cluster-cidr and service-cidr into the servers' k3s config only when they differ from k3s's defaults", () => {
    const serverConfig = (stack: SynthesizedStack) => String(resourcesOf(stack, "hcloud_server")["kube-controller-01"].user_data);
    const agentConfig = (stack: SynthesizedStack) => String(resourcesOf(stack, "hcloud_server")["kube-worker"].user_data);
    const defaults = synthesized((c) => Object.assign(c.hcloud.k3s, { clusterCidr: "10.42.0.0/16", serviceCidr: "10.43.0.0/16" }));
    expect(serverConfig(defaults)).not.toMatch(/cluster-cidr|service-cidr/);
    const custom = synthesized((c) => Object.assign(c.hcloud.k3s, { clusterCidr: "10.100.0.0/16", serviceCidr: "10.101.0.0/16" }));
    expect(serverConfig(custom)).toContain("cluster-cidr: 10.100.0.0/16\n");
    expect(serverConfig(custom)).toContain("service-cidr: 10.101.0.0/16\n");
    expect(agentConfig(custom)).not.toMatch(/cluster-cidr|service-cidr/); // agents take them from the servers
  });
});

describe("exposure: SSH and the Kubernetes API, the firewall, load balancers, the SSH port", () => {
  refuses([
    [
      "SSH and the API open to every IPv4 address",
      (c) => (c.hcloud.allowedIps = ["0.0.0.0/0"]),
      /hcloud\.allowedIps\[0\]: must be a \/8 \(IPv4\) or \/32 \(IPv6\) or narrower: SSH and the Kubernetes API are opened to it; set hcloud\.allowAnySource: true to open them that wide on purpose \(got "0\.0\.0\.0\/0"\)/,
    ],
    [
      "every IPv6 address",
      (c) => (c.hcloud.allowedIps = ["203.0.113.10/32", "::/0"]),
      /hcloud\.allowedIps\[1\]: must be a \/8 \(IPv4\) or \/32 \(IPv6\) or narrower.*\(got "::\/0"\)/,
    ],
    [
      "an IPv4 range wider than /8",
      (c) => (c.hcloud.allowedIps = ["10.0.0.0/7"]),
      /hcloud\.allowedIps\[0\]: must be a \/8 .*\(got "10\.0\.0\.0\/7"\)/,
    ],
    [
      "an IPv6 range wider than /32",
      (c) => (c.hcloud.allowedIps = ["2001:db8::/31"]),
      /hcloud\.allowedIps\[0\]: must be a \/8 .*\(got "2001:db8::\/31"\)/,
    ],
    [
      "an allowed IP with host bits set",
      (c) => (c.hcloud.allowedIps = ["203.0.113.10/24"]),
      /hcloud\.allowedIps\[0\]: must be an IPv4 or IPv6 CIDR range such as '203\.0\.113\.4\/32', a network without host bits set: '203\.0\.113\.10\/24' has host bits set: write 203\.0\.113\.0\/24 for the network, or 203\.0\.113\.10\/32 for the one address \(got "203\.0\.113\.10\/24"\)/,
    ],
    [
      "an IPv6 source with host bits set",
      (c) => (c.hcloud.allowedIps = ["2001:db8::1/64"]),
      /hcloud\.allowedIps\[0\]: .*write 2001:db8::\/64 for the network, or 2001:db8::1\/128 for the one address/,
    ],
    [
      "an allowed IP with an octet beyond 255",
      (c) => (c.hcloud.allowedIps = ["203.0.113.256/32"]),
      /hcloud\.allowedIps\[0\]: must be an IPv4 or IPv6 CIDR range .*: octet 256 of '203\.0\.113\.256' is beyond 255/,
    ],
    [
      "more than 100 allowed IPs",
      (c) => (c.hcloud.allowedIps = Array.from({ length: 101 }, (_, i) => `198.51.100.${i}/32`)),
      /hcloud\.allowedIps: must list at most 100 ranges: Hetzner takes at most 100 sources per firewall rule \(got \[/,
    ],
    [
      "more worker rules than Hetzner's firewall takes",
      (c) => (c.hcloud.firewall = { workerInbound: Array.from({ length: 49 }, (_, i) => ({ protocol: "tcp", port: String(30000 + i) })) }),
      /hcloud\.firewall\.workerInbound: must list at most 48 rules: Hetzner takes at most 50 rules per firewall, and the agents' firewall has 2 of its own \(ICMP and SSH\)/,
    ],
    [
      "more than 100 sources in a worker rule",
      (c) =>
        (c.hcloud.firewall = {
          workerInbound: [{ protocol: "tcp", port: "30080", sourceIps: Array.from({ length: 101 }, (_, i) => `198.51.100.${i}/32`) }],
        }),
      /hcloud\.firewall\.workerInbound\[0\]\.sourceIps: must list at most 100 ranges/,
    ],
    [
      "a worker rule opening the SSH port",
      (c) => (c.hcloud.firewall = { workerInbound: [{ protocol: "tcp", port: "2222" }] }),
      /hcloud\.firewall\.workerInbound\[0\]\.port: must not open the SSH port 2222 \(hcloud\.ssh\.port\): SSH is open to hcloud\.allowedIps only \(got "2222"\)/,
    ],
    [
      "a worker range around the SSH port",
      (c) => (c.hcloud.firewall = { workerInbound: [{ protocol: "tcp", port: "2000-3000" }] }),
      /workerInbound\[0\]\.port: must not open the SSH port 2222/,
    ],
    [
      "a worker rule opening the kubelet",
      (c) => (c.hcloud.firewall = { workerInbound: [{ protocol: "tcp", port: "10250", sourceIps: ["198.51.100.0/24"] }] }),
      /hcloud\.firewall\.workerInbound\[0\]\.port: must not open a port k3s uses on the nodes \(TCP 2379-2381, 6443-6444, 10010, 10248-10259, UDP 8472, 51820-51821\): TCP 10248-10259 is the kubelet, kube-proxy, controller managers and scheduler's, reached over the private network only \(got "10250"\)/,
    ],
    [
      "a worker rule opening flannel's VXLAN",
      (c) => (c.hcloud.firewall = { workerInbound: [{ protocol: "udp", port: "8472" }] }),
      /workerInbound\[0\]\.port: must not open a port k3s uses .*: UDP 8472 is flannel's VXLAN's/,
    ],
    [
      "a worker rule opening the API",
      (c) => (c.hcloud.firewall = { workerInbound: [{ protocol: "tcp", port: "6000-7000" }] }),
      /workerInbound\[0\]\.port: must not open a port k3s uses .*TCP 6443-6444 is the k3s supervisor/,
    ],
    [
      "port 0",
      (c) => (c.hcloud.firewall = { workerInbound: [{ protocol: "tcp", port: "0" }] }),
      /workerInbound\[0\]\.port: must be a port '80' or a range '30000-32767': ports go from 1 to 65535 \(got "0"\)/,
    ],
    [
      "port 70000",
      (c) => (c.hcloud.firewall = { workerInbound: [{ protocol: "tcp", port: "8000-70000" }] }),
      /workerInbound\[0\]\.port: .*ports go from 1 to 65535/,
    ],
    [
      "a range upside down",
      (c) => (c.hcloud.firewall = { workerInbound: [{ protocol: "tcp", port: "9000-8000" }] }),
      /workerInbound\[0\]\.port: .*the range goes from 9000 down to 8000 \(got "9000-8000"\)/,
    ],
    [
      "a load balancer forwarding to the API",
      (c) => (storage(c).loadBalancer = { services: [{ listenPort: 6443, destinationPort: 6443 }] }),
      /hcloud\.nodePools\[1\]\.loadBalancer\.services\[0\]\.destinationPort: must not be a TCP port k3s uses on the nodes \(.*\): 6443 is the k3s supervisor and Kubernetes API's, never exposed by a load balancer \(got 6443\)/,
    ],
    [
      "a load balancer forwarding to etcd",
      (c) => (worker(c).loadBalancer.services = [{ listenPort: 2379, destinationPort: 2379 }]),
      /nodePools\[0\]\.loadBalancer\.services\[0\]\.destinationPort: must not be a TCP port k3s uses .*: 2379 is etcd's/,
    ],
    [
      "a load balancer forwarding to the kubelet",
      (c) => (worker(c).loadBalancer.services = [{ listenPort: 8443, destinationPort: 10250 }]),
      /destinationPort: must not be a TCP port k3s uses .*\(got 10250\)/,
    ],
    [
      "a load balancer forwarding to the SSH port",
      (c) => (worker(c).loadBalancer.services = [{ listenPort: 22, destinationPort: 2222 }]),
      /hcloud\.nodePools\[0\]\.loadBalancer\.services\[0\]\.destinationPort: must not be the SSH port 2222 \(hcloud\.ssh\.port\): SSH is open to the firewall's allowed sources only, never through a load balancer \(got 2222\)/,
    ],
    [
      "SSH on a port the load balancer's default services forward",
      (c) => (c.hcloud.ssh.port = 443),
      /hcloud\.nodePools\[0\]\.loadBalancer\.services: must not forward to the SSH port 443 \(hcloud\.ssh\.port\): without services listed the load balancer forwards its defaults, 80 and 443/,
    ],
    [
      "SSH on the API's port",
      (c) => (c.hcloud.ssh.port = 6443),
      /hcloud\.ssh\.port: must not be a TCP port k3s uses on the nodes \(2379-2381, 6443-6444, 10010, 10248-10259\) or a NodePort \(30000-32767\): 6443 is the k3s supervisor and Kubernetes API's \(got 6443\)/,
    ],
    [
      "SSH on the kubelet's port",
      (c) => (c.hcloud.ssh.port = 10250),
      /hcloud\.ssh\.port: must not be a TCP port k3s uses .*: 10250 is the kubelet, kube-proxy, controller managers and scheduler's \(got 10250\)/,
    ],
    [
      "SSH on etcd's port",
      (c) => (c.hcloud.ssh.port = 2380),
      /hcloud\.ssh\.port: must not be a TCP port k3s uses .*: 2380 is etcd's \(got 2380\)/,
    ],
    [
      "SSH on a NodePort",
      (c) => (c.hcloud.ssh.port = 30022),
      /hcloud\.ssh\.port: must not be .* or a NodePort \(30000-32767\): 30022 is Kubernetes' NodePort range's \(got 30022\)/,
    ],
  ]);
  accepts([
    ["0.0.0.0/0 and ::/0 with allowAnySource", (c) => Object.assign(c.hcloud, { allowedIps: ["0.0.0.0/0", "::/0"], allowAnySource: true })],
    ["a /8 and a /32 IPv6 range", (c) => (c.hcloud.allowedIps = ["10.0.0.0/8", "2001:db8::/32"])],
    ["100 allowed IPs", (c) => (c.hcloud.allowedIps = Array.from({ length: 100 }, (_, i) => `198.51.100.${i}/32`))],
    ["NodePorts open to the world", (c) => (c.hcloud.firewall = { workerInbound: [{ protocol: "tcp", port: "30000-32767" }] })],
    [
      "48 worker rules",
      (c) => (c.hcloud.firewall = { workerInbound: Array.from({ length: 48 }, (_, i) => ({ protocol: "tcp", port: String(30000 + i) })) }),
    ],
    ["UDP on the SSH port's number", (c) => (c.hcloud.firewall = { workerInbound: [{ protocol: "udp", port: "2222" }] })],
    ["a load balancer forwarding to a NodePort", (c) => (worker(c).loadBalancer.services = [{ listenPort: 8080, destinationPort: 30080 }])],
    ["SSH on port 22", (c) => (c.hcloud.ssh.port = 22)],
  ]);

  it("opens SSH and the API to every address with allowAnySource, as asked", () => {
    const stack = synthesized((c) => Object.assign(c.hcloud, { allowedIps: ["0.0.0.0/0", "::/0"], allowAnySource: true }));
    const rules = Object.values(resourcesOf(stack, "hcloud_firewall")).flatMap((f) => f.rule as Record<string, unknown>[]);
    expect(rules.filter((r) => r.port === "2222" || r.port === "6443").map((r) => r.source_ips)).toEqual([
      ["0.0.0.0/0", "::/0"],
      ["0.0.0.0/0", "::/0"],
      ["0.0.0.0/0", "::/0"],
    ]);
  });
});

describe("hosts: mount paths, SSH keys and user, kubelet arguments, k3s channel and version, user data", () => {
  const mountPath = (p: string) => (c: Record<string, any>) => (storage(c).volume.mountPath = p);
  refuses([
    [
      "a volume on /",
      mountPath("/"),
      /hcloud\.nodePools\[1\]\.volume\.mountPath: must not be the root directory: '\/' is '\/'; use a path under \/mnt or \/srv \(got "\/"\)/,
    ],
    [
      "a volume on //etc",
      mountPath("//etc"),
      /volume\.mountPath: must not be inside a system directory: '\/\/etc' \(\/etc\) is in \/etc; use a path under \/mnt or \/srv \(got "\/\/etc"\)/,
    ],
    [
      "a volume on /./etc",
      mountPath("/./etc"),
      /volume\.mountPath: must not be inside a system directory: '\/\.\/etc' \(\/etc\) is in \/etc/,
    ],
    ["a volume on /etc/", mountPath("/etc/"), /volume\.mountPath: must not be inside a system directory: '\/etc\/' \(\/etc\) is in \/etc/],
    [
      "a volume on /usr/local/../..",
      mountPath("/usr/local/../.."),
      /volume\.mountPath: must not be the root directory: '\/usr\/local\/\.\.\/\.\.' \(\/\) is '\/'/,
    ],
    [
      "a volume on /var/lib/longhorn",
      mountPath("/var/lib/longhorn"),
      /volume\.mountPath: must not be inside a system directory: '\/var\/lib\/longhorn' is in \/var/,
    ],
    [
      "a volume on /tmp/data",
      mountPath("/tmp/data"),
      /volume\.mountPath: must not be inside a system directory: '\/tmp\/data' is in \/tmp/,
    ],
    [
      "a volume on /mnt/../boot",
      mountPath("/mnt/../boot"),
      /volume\.mountPath: must not be inside a system directory: '\/mnt\/\.\.\/boot' \(\/boot\) is in \/boot/,
    ],
    [
      "a volume on the SSH user's home",
      mountPath("/home/rocks"),
      /hcloud\.nodePools\[1\]\.volume\.mountPath: must not be the SSH user's home or inside it: '\/home\/rocks' would hide \/home\/rocks\/\.ssh\/authorized_keys \(hcloud\.ssh\.user 'rocks'\); use a path under \/mnt or \/srv \(got "\/home\/rocks"\)/,
    ],
    [
      "a volume on the SSH user's .ssh",
      mountPath("/home/rocks/.ssh"),
      /volume\.mountPath: must not be the SSH user's home or inside it: '\/home\/rocks\/\.ssh' would hide/,
    ],
    ["a volume on /home", mountPath("/home/"), /volume\.mountPath: must not be \/home: '\/home\/' \(\/home\) would hide every user's home/],
    [
      "a path written with //",
      mountPath("/mnt//longhorn"),
      /volume\.mountPath: must be written normalized, as '\/mnt\/longhorn' \(no '\/\/', '\.', '\.\.' or trailing '\/'\) \(got "\/mnt\/\/longhorn"\)/,
    ],
    ["a path with a trailing /", mountPath("/mnt/longhorn/"), /volume\.mountPath: must be written normalized, as '\/mnt\/longhorn'/],
    ["a path with ..", mountPath("/mnt/disks/../longhorn"), /volume\.mountPath: must be written normalized, as '\/mnt\/longhorn'/],
    [
      "a relative path",
      mountPath("mnt/longhorn"),
      /volume\.mountPath: must be an absolute path of letters, digits, '\.', '_', '-' and '\/', such as '\/mnt\/longhorn' \(got "mnt\/longhorn"\)/,
    ],
  ]);
  accepts([
    ["a volume on /srv/longhorn", mountPath("/srv/longhorn")],
    ["a volume on /mnt", mountPath("/mnt")],
    ["a volume in another user's home", mountPath("/home/data/longhorn")],
  ]);

  const key = (k: string) => (c: Record<string, any>) => (c.hcloud.sshKeys[0].publicKey = k);
  const ed25519 = keyFields(KEYS.ed25519);
  const ecdsa256 = keyFields(KEYS.ecdsa256);
  refuses([
    [
      "a private key pasted by mistake",
      key(FAKE_PRIVATE_KEY),
      /hcloud\.sshKeys\[0\]\.publicKey: must be an OpenSSH public key line, not a private key: paste the public key \(the \.pub file, one line\) instead, and treat this private key as exposed if the file was shared \(got "<a private key, not shown>"\)/,
    ],
    [
      "key data of another type than declared",
      key(`ssh-rsa ${keyData(KEYS.ed25519)} me@laptop`),
      /hcloud\.sshKeys\[0\]\.publicKey: must be an OpenSSH public key line 'type key-data \[comment\]' .*: its key data is of type ssh-ed25519, not the ssh-rsa the line declares \(got "ssh-rsa <key data not shown> me@laptop"\)/,
    ],
    [
      "an ECDSA key of another curve",
      key(`ecdsa-sha2-nistp256 ${keyData(KEYS.ecdsa384)} me@x`),
      /publicKey: .*: its key data is of type ecdsa-sha2-nistp384, not the ecdsa-sha2-nistp256 the line declares/,
    ],
    [
      "an RSA key of 1024 bits",
      key(KEYS.rsa1024),
      /publicKey: .*: it is an RSA key of 1024 bits: at least 2048 are needed .*\(got "ssh-rsa <key data not shown> me@rsa1024"\)/,
    ],
    [
      "a DSA key",
      key(KEYS.dsa),
      /publicKey: .*: DSA \(ssh-dss\) keys are refused by the nodes' OpenSSH .*\(got "ssh-dss <key data not shown> me@dsa"\)/,
    ],
    [
      "key data that is not base64",
      key("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI!!! me@x"),
      /publicKey: .*: its key data is not base64 \(got "ssh-ed25519 <key data not shown> me@x"\)/,
    ],
    [
      "key data cut short",
      key(`ssh-ed25519 ${keyData(KEYS.ed25519).slice(0, 40)} me@x`),
      /publicKey: .*: its key data is (not base64|not a well-formed ssh-ed25519 key)/,
    ],
    [
      "an Ed25519 key of 31 bytes",
      key(keyLine("ssh-ed25519", ["ssh-ed25519", ed25519[1].subarray(1)])),
      /publicKey: .*: its key data is not a well-formed ssh-ed25519 key/,
    ],
    ["extra bytes after the key", key(keyLine("ssh-ed25519", [...ed25519, "x"])), /publicKey: .*extra bytes after the key/],
    [
      "key data without its type",
      key(keyData(KEYS.ed25519)),
      /publicKey: .*: the key type is missing before the key data \(got "<key line not shown>"\)/,
    ],
    ["an unknown key type", key("ssh-ed448 AAAAC3NzaC1lZDQ0OAAAAA== me@x"), /publicKey: .*: the key type is not one of the allowed ones/],
    [
      "an ECDSA point of the wrong size",
      key(keyLine("ecdsa-sha2-nistp256", ["ecdsa-sha2-nistp256", "nistp256", ecdsa256[2].subarray(0, 64)])),
      /publicKey: .*not a well-formed ecdsa-sha2-nistp256 key/,
    ],
  ]);
  accepts([
    ["an ECDSA P-256 key", key(KEYS.ecdsa256)],
    ["an ECDSA P-384 key", key(KEYS.ecdsa384)],
    ["an ECDSA P-521 key", key(KEYS.ecdsa521)],
    ["an RSA key of 2048 bits", key(KEYS.rsa2048)],
    ["an RSA key of 3072 bits", key(KEYS.rsa3072)],
    ["a FIDO Ed25519 key", key(keyLine("sk-ssh-ed25519@openssh.com", ["sk-ssh-ed25519@openssh.com", ed25519[1], "ssh:"]))],
    [
      "a FIDO ECDSA key",
      key(keyLine("sk-ecdsa-sha2-nistp256@openssh.com", ["sk-ecdsa-sha2-nistp256@openssh.com", "nistp256", ecdsa256[2], "ssh:"])),
    ],
    ["a key without comment", key(KEYS.ed25519.split(" ").slice(0, 2).join(" "))],
  ]);

  it("never shows key material in a message", () => {
    for (const line of [FAKE_PRIVATE_KEY, `ssh-rsa ${keyData(KEYS.ed25519)} me`, KEYS.rsa1024, keyData(KEYS.ed25519)]) {
      const message = failure(stringify(editedConfig(key(line))));
      for (const part of line.split(/\s+/).filter((p) => p.length > 20)) expect(message).not.toContain(part.slice(0, 16));
    }
  });

  const user = (u: string) => (c: Record<string, any>) => (c.hcloud.ssh.user = u);
  refuses([
    [
      "the SSH user ubuntu",
      user("ubuntu"),
      /hcloud\.ssh\.user: must not be an account or group of the server image \(root, daemon, .*\): choose a name of your own such as 'k3s-admin' \(got "ubuntu"\)/,
    ],
    [
      "the SSH user www-data",
      user("www-data"),
      /hcloud\.ssh\.user: must not be an account or group of the server image .*\(got "www-data"\)/,
    ],
    ["the SSH user sshd", user("sshd"), /hcloud\.ssh\.user: must not be an account .*\(got "sshd"\)/],
    ["the SSH user nobody", user("nobody"), /hcloud\.ssh\.user: must not be an account .*\(got "nobody"\)/],
    ["a systemd-* SSH user", user("systemd-network"), /hcloud\.ssh\.user: must not be an account .*\(got "systemd-network"\)/],
    ["an _-prefixed SSH user", user("_apt"), /hcloud\.ssh\.user: must not be an account .*\(got "_apt"\)/],
    ["the group sudo as SSH user", user("sudo"), /hcloud\.ssh\.user: must not be an account or group .*\(got "sudo"\)/],
    ["root as SSH user", user("root"), /hcloud\.ssh\.user: must not be root: root login is disabled \(got "root"\)/],
  ]);
  accepts([
    ["the SSH user deploy", user("deploy")],
    ["the SSH user k3s-admin (the default)", (c) => delete c.hcloud.ssh.user],
  ]);

  const kubeletArg = (arg: string) => (c: Record<string, any>) => c.hcloud.k3s.kubeletArgs.push(arg);
  refuses([
    [
      "anonymous-auth=true",
      kubeletArg("anonymous-auth=true"),
      /hcloud\.k3s\.kubeletArgs\[1\]: must not switch on the kubelet's anonymous access: anonymous-auth must be false, k3s's default \(got "anonymous-auth=true"\)/,
    ],
    [
      "anonymous-auth=1",
      kubeletArg("anonymous-auth=1"),
      /kubeletArgs\[1\]: must not switch on the kubelet's anonymous access.*\(got "anonymous-auth=1"\)/,
    ],
    [
      "anonymous-auth=yes",
      kubeletArg("anonymous-auth=yes"),
      /kubeletArgs\[1\]: must not switch on .*\('yes' is not a boolean\) \(got "anonymous-auth=yes"\)/,
    ],
    [
      "authorization-mode=AlwaysAllow",
      kubeletArg("authorization-mode=AlwaysAllow"),
      /kubeletArgs\[1\]: must not switch off the kubelet's authorization: authorization-mode must be Webhook, k3s's default \(got "authorization-mode=AlwaysAllow"\)/,
    ],
    [
      "read-only-port=10255",
      kubeletArg("read-only-port=10255"),
      /kubeletArgs\[1\]: must not open the kubelet's unauthenticated read-only port: read-only-port must be 0, k3s's default \(got "read-only-port=10255"\)/,
    ],
    [
      "a node-role label through node-labels",
      kubeletArg("node-labels=node-role.kubernetes.io/worker=true"),
      /kubeletArgs\[1\]: must not set 'node-role\.kubernetes\.io\/worker' through node-labels: the kubelet may not set that label on itself \(NodeRestriction\) and would not start; .* \(got "node-labels=node-role\.kubernetes\.io\/worker=true"\)/,
    ],
    [
      "a node-role label second in node-labels",
      kubeletArg("node-labels=tier=fast,node-role.kubernetes.io/db="),
      /kubeletArgs\[1\]: must not set 'node-role\.kubernetes\.io\/db' through node-labels/,
    ],
    [
      "a kubernetes.io label through node-labels",
      kubeletArg("node-labels=kubernetes.io/role=db"),
      /kubeletArgs\[1\]: must not set 'kubernetes\.io\/role' through node-labels/,
    ],
    [
      "a flag with dashes",
      kubeletArg("--max-pods=200"),
      /kubeletArgs\[1\]: must be 'flag=value' without leading dashes \(got "--max-pods=200"\)/,
    ],
  ]);
  accepts([
    [
      "anonymous-auth=false and authorization-mode=Webhook",
      (c) => c.hcloud.k3s.kubeletArgs.push("anonymous-auth=false", "authorization-mode=Webhook", "read-only-port=0"),
    ],
    ["node-labels the kubelet may set", kubeletArg("node-labels=node.kubernetes.io/tier=fast,tier=fast")],
    ["max-pods=200", kubeletArg("max-pods=200")],
  ]);

  const channel = (ch: string) => (c: Record<string, any>) => (c.hcloud.k3s.channel = ch);
  const version = (v: string) => (c: Record<string, any>) => (c.hcloud.k3s.version = v);
  refuses([
    [
      "the minor channel v1.30",
      channel("v1.30"),
      /hcloud\.k3s\.channel: must be a k3s release channel: stable, latest, testing, or a minor channel v1\.31 to v1\.36 such as 'v1\.36' \(got "v1\.30"\)/,
    ],
    ["the minor channel v1.37", channel("v1.37"), /hcloud\.k3s\.channel: must be a k3s release channel: .*\(got "v1\.37"\)/],
    ["a channel without its v", channel("1.33"), /hcloud\.k3s\.channel: must be a k3s release channel: .*\(got "1\.33"\)/],
    ["a channel in capitals", channel("Stable"), /hcloud\.k3s\.channel: must be a k3s release channel: .*\(got "Stable"\)/],
    ["a patch release as channel", channel("v1.33.5"), /hcloud\.k3s\.channel: must be a k3s release channel: .*\(got "v1\.33\.5"\)/],
    [
      "k3s v1.30",
      version("v1.30.14+k3s1"),
      /hcloud\.k3s\.version: must be a k3s release of a minor this project supports, v1\.31 to v1\.36, such as 'v1\.36\.4\+k3s1' \(got "v1\.30\.14\+k3s1"\)/,
    ],
    [
      "the guide's k3s v1.27.4",
      version("v1.27.4+k3s1"),
      /hcloud\.k3s\.version: must be a k3s release of a minor this project supports.*\(got "v1\.27\.4\+k3s1"\)/,
    ],
    [
      "k3s v1.37",
      version("v1.37.0+k3s1"),
      /hcloud\.k3s\.version: must be a k3s release of a minor this project supports.*\(got "v1\.37\.0\+k3s1"\)/,
    ],
    ["k3s v2", version("v2.0.0+k3s1"), /hcloud\.k3s\.version: must be a k3s release of a minor this project supports/],
    [
      "a version without +k3s",
      version("v1.36.4"),
      /hcloud\.k3s\.version: must be a k3s release such as 'v1\.33\.5\+k3s1' \(got "v1\.36\.4"\)/,
    ],
  ]);
  accepts([
    ["the minor channel v1.33", channel("v1.33")],
    ["the testing channel", channel("testing")],
    ["k3s v1.31.0+k3s1", version("v1.31.0+k3s1")],
    ["k3s v1.36.5+k3s2", version("v1.36.5+k3s2")],
  ]);

  /** `n` package names of 102 characters, each written into every node's user data. */
  const packagesOfUserData = (n: number) => Array.from({ length: n }, (_, i) => `package-${String(i).padStart(3, "0")}-${"x".repeat(90)}`);

  it("refuses user data past Hetzner's 32 KiB, naming the server, writing no file", () => {
    // The construct refuses it once the YAML is rendered, after cdktf's App has created <outdir>/stacks:
    // synthPlatform removes what the App created, so nothing is left behind.
    const text = stringify(editedConfig((c) => c.hcloud.packages.push(...packagesOfUserData(300))));
    const lines = failure(text)
      .split("\n")
      .filter((l) => l.startsWith("  - "));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^ {2}- hcloud_server\.kube-controller-01\.user_data: must be at most 32768 bytes, Hetzner's limit: every node's cloud-config carries hcloud\.sshKeys, hcloud\.packages, .* \(got \d+ bytes, counting the longest values Terraform fills in\)$/,
    );
    // An existing output directory keeps exactly what it held.
    const file = path.join(tmp, "big.yaml");
    const outdir = path.join(tmp, "big.out");
    fs.writeFileSync(file, text);
    fs.mkdirSync(path.join(outdir, "kept"), { recursive: true });
    fs.writeFileSync(path.join(outdir, "kept", "file"), "x");
    expect(() => synthPlatform({ config: loadConfigFile(file), outdir })).toThrow(ValidationError);
    expect(fs.readdirSync(outdir, { recursive: true }).sort()).toEqual(["kept", path.join("kept", "file")]);
  });
  accepts([["user data just under the limit (200 such packages)", (c) => c.hcloud.packages.push(...packagesOfUserData(200))]]);
});

describe("after review: what real configs hold is accepted, and no message shows key material", () => {
  accepts([
    ["the SSH user admin (no account of Ubuntu's or Debian's images)", (c) => (c.hcloud.ssh.user = "admin")],
    ["a legacy beta os label the kubelet may set", (c) => (storage(c).labels = { "beta.kubernetes.io/os": "linux" })],
    ["a label under a subdomain of node.kubernetes.io", (c) => (storage(c).labels = { "storage.node.kubernetes.io/tier": "fast" })],
    [
      "a load balancer service to 8472 (k3s's port 8472 is UDP; load balancers forward TCP)",
      (c) => (worker(c).loadBalancer.services = [{ listenPort: 8472, destinationPort: 8472 }]),
    ],
    [
      "a load balancer service to 51820 (WireGuard's port is UDP)",
      (c) => (worker(c).loadBalancer.services = [{ listenPort: 51820, destinationPort: 51820 }]),
    ],
  ]);
  refuses([
    [
      "the SSH port 443 next to Traefik's services on a pool that lists its own",
      (c) => {
        c.hcloud.ssh.port = 443;
        worker(c).loadBalancer.services = [{ listenPort: 8080, destinationPort: 8080 }];
      },
      /^ {2}- hcloud\.ssh\.port: must not be 80 or 443 while traefik\.enabled: Traefik's load balancer forwards those ports/,
    ],
  ]);

  it.each<[string, (raw: Record<string, any>) => void]>([
    ["a key line where an entry belongs", (c) => (c.hcloud.sshKeys = ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOA1mEy07+bGGwKa me"])],
    ["a private key as the list", (c) => (c.hcloud.sshKeys = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n")],
    [
      "a private key in a list",
      (c) => (c.hcloud.sshKeys = [{ name: "k", publicKey: ["-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n"] }]),
    ],
  ])("never shows key material: %s", (_name, edit) => {
    const message = failure(stringify(editedConfig(edit)));
    expect(message).toMatch(/hcloud\.sshKeys/);
    expect(message).not.toMatch(/AAAAC3Nza|b3BlbnNzaC1rZXkt/);
  });
});
