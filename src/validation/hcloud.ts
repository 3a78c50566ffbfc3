import { z } from "zod";
import { IpRange, formatIpRange, hasHostBits, ipRange, ipRangeWithin, ipRangesOverlap, parseIpRange } from "./ip-range";
import { dnsLabel, duplicates, labelKey, labelValue, parseTaint, taintString } from "./rules";
import { sshPublicKeyProblem, sshPublicKeyShown } from "./ssh-public-key";
import { isUnresolved } from "./tokens";

/*
 * Rules of a k3s cluster on Hetzner Cloud (issue 12, items 4-6), shared by the hcloud constructs
 * (src/hcloud) and the config schema (src/config/hcloud-schema.ts): networks and k3s's ranges, ports and
 * firewalls, mount paths, the SSH user and keys, kubelet arguments and node labels. Each `...Problem`
 * function says why a value is refused, or undefined; each rule (a zod schema) words it the same way for
 * `PropIssues.check` and the config schema.
 */

/** A problem found in a group of fields: where (a path under the group), the value, and what is allowed. */
export interface FieldIssue {
  readonly path: readonly (string | number)[];
  readonly input: unknown;
  readonly message: string;
}

/**
 * The rule whose problem `problem(value)` finds, as a zod schema whose issue shows `shown(value)` (default:
 * the value); a token is skipped (it is only known at apply time). `pattern`, a looser regular expression,
 * is what editors check (config/schema.json).
 */
export function problemRule(
  problem: (value: string) => string | undefined,
  options: { readonly shown?: (value: string) => string; readonly pattern?: string } = {},
): z.ZodString {
  const schema = z.string().superRefine((value, ctx) => {
    if (isUnresolved(value)) return;
    const message = problem(value);
    if (message) ctx.addIssue({ code: "custom", input: options.shown ? options.shown(value) : value, message });
  });
  return options.pattern ? schema.meta({ pattern: options.pattern }) : schema;
}

/** A Linux network interface name, e.g. `enp7s0`. */
export const interfaceName = z.string().regex(/^[a-z][a-z0-9]{1,14}$/, {
  message: "must be a Linux interface name such as 'enp7s0' or 'ens10'",
});

const RESTRICTED_LABEL_PREFIX = /(^|\.)(kubernetes\.io|k8s\.io)\//;
const KUBELET_ALLOWED_LABEL =
  /^(kubernetes\.io\/(hostname|arch|os)|beta\.kubernetes\.io\/(arch|os|instance-type)|node\.kubernetes\.io\/instance-type|(failure-domain\.beta|topology)\.kubernetes\.io\/(region|zone)|([a-z0-9-]+\.)*(kubelet|node)\.kubernetes\.io\/[^/]+)$/;

/**
 * A node label the kubelet may set on its own node (NodeRestriction): keys under
 * `kubernetes.io/` or `k8s.io/` only in `node.kubernetes.io/`, `kubelet.kubernetes.io/`
 * and the well-known topology labels. `node-role.kubernetes.io/*` must be set
 * through the API instead.
 */
export const kubeletLabelKey = labelKey.refine((key) => !RESTRICTED_LABEL_PREFIX.test(key) || KUBELET_ALLOWED_LABEL.test(key), {
  message:
    "is a label the kubelet may not set on itself (NodeRestriction); under kubernetes.io/ and k8s.io/ only node.kubernetes.io/*, kubelet.kubernetes.io/* and the topology labels are allowed (set node-role.kubernetes.io/* through the API)",
});

// ---------------------------------------------------------------------------
// Rules shared by the config schema and the constructs (issue 12, items 4-6). Each returns why a
// value is refused, or undefined; the schema and the construct word the same message.
// ---------------------------------------------------------------------------

/** RFC 1918's private ranges: Hetzner requires a network's ip_range inside one of them. */
export const RFC1918_RANGES: readonly string[] = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"];
/** RFC 6598's shared address space: never routed on the internet, so also fit for pods and Services. */
const SHARED_ADDRESS_SPACE = "100.64.0.0/10";

/** What `hcloud.networkIpRange` may be. */
export const NETWORK_IP_RANGE_RULE =
  "must be a private /16 range (RFC 1918: inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16, as Hetzner requires) such as '10.0.0.0/16'";

/** Exactly the ranges {@link networkIpRangeProblem} takes, for editors (config/schema.json). */
export const NETWORK_IP_RANGE_PATTERN = "^(10\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)|172\\.(1[6-9]|2\\d|3[01])|192\\.168)\\.0\\.0\\/16$";

/** Why `text` is not a network range the stack can use (see {@link NETWORK_IP_RANGE_RULE}), or undefined. */
export function networkIpRangeProblem(text: string): string | undefined {
  const range = parseIpRange(text);
  if (typeof range === "string") return range;
  if (range.family !== 4) return "Hetzner networks are IPv4 only";
  if (range.prefix !== 16) return `/${range.prefix} is not /16, which the address plan (x.y.<pool>.<node>) needs`;
  if (hasHostBits(range)) return `host bits are set: the network is ${formatIpRange(range)}`;
  if (!RFC1918_RANGES.some((r) => ipRangeWithin(range, ipRange(r)))) return `${text} is a public range`;
  return undefined;
}

/** k3s's pod range (`cluster-cidr`) unless configured: written to k3s's config only when it differs. */
export const K3S_DEFAULT_CLUSTER_CIDR = "10.42.0.0/16";
/** k3s's Service range (`service-cidr`) unless configured: written to k3s's config only when it differs. */
export const K3S_DEFAULT_SERVICE_CIDR = "10.43.0.0/16";
/** k3s gives each node a /24 of the pod range (kube-controller-manager's node-cidr-mask-size). */
export const K3S_NODE_POD_PREFIX = 24;

/**
 * The prefixes a k3s range may have. Pods: from /8 (kube-controller-manager carves at most 16 bits of
 * node ranges) to /24 (one node; {@link podRangeCapacity} counts the nodes). Services: from /12 (the
 * widest kube-apiserver takes) to /24 (each Service takes an address, this platform creates a few dozen,
 * and k3s puts its DNS at the tenth).
 */
const K3S_RANGE_PREFIXES = {
  clusterCidr: { widest: 8, narrowest: 24, example: K3S_DEFAULT_CLUSTER_CIDR },
  serviceCidr: { widest: 12, narrowest: 24, example: K3S_DEFAULT_SERVICE_CIDR },
} as const;

/** What `hcloud.k3s.clusterCidr` or `.serviceCidr` may be. */
export function k3sRangeRule(which: "clusterCidr" | "serviceCidr"): string {
  const { widest, narrowest, example } = K3S_RANGE_PREFIXES[which];
  return `must be one private IPv4 range (RFC 1918 or 100.64.0.0/10) from /${widest} to /${narrowest}, without host bits set, such as '${example}' (k3s's default)`;
}

/** Why `text` cannot be k3s's pod (`clusterCidr`) or Service (`serviceCidr`) range, or undefined. */
export function k3sRangeProblem(which: "clusterCidr" | "serviceCidr", text: string): string | undefined {
  const range = parseIpRange(text);
  if (typeof range === "string") return range;
  if (range.family !== 4) return "only IPv4 is supported here (dual-stack clusters are not)";
  const { widest, narrowest } = K3S_RANGE_PREFIXES[which];
  if (range.prefix < widest || range.prefix > narrowest) return `/${range.prefix} is outside /${widest} to /${narrowest}`;
  if (hasHostBits(range)) return `host bits are set: the range is ${formatIpRange(range)}`;
  if (![...RFC1918_RANGES, SHARED_ADDRESS_SPACE].some((r) => ipRangeWithin(range, ipRange(r)))) return `${text} is a public range`;
  return undefined;
}

/** Two ranges that overlap: k3s's `range`, and `other` (the network's range, or k3s's other range). */
export interface K3sRangeClash {
  readonly range: "clusterCidr" | "serviceCidr";
  readonly other: "network" | "clusterCidr" | "serviceCidr";
  /** What would go wrong. */
  readonly why: string;
}

/**
 * The overlaps between the network's range and k3s's pod and Service ranges (unparsable ranges
 * are skipped: they have their own message). Of the pod and Service ranges, `range` is the one
 * changed from its default, the Service range when both were.
 */
export function k3sRangeClashes(networkIpRange: string, clusterCidr: string, serviceCidr: string): K3sRangeClash[] {
  const parse = (text: string): IpRange | undefined => {
    const r = parseIpRange(text);
    return typeof r === "string" ? undefined : r;
  };
  const [network, pods, services] = [networkIpRange, clusterCidr, serviceCidr].map(parse);
  const clashes: K3sRangeClash[] = [];
  if (network && pods && ipRangesOverlap(network, pods))
    clashes.push({ range: "clusterCidr", other: "network", why: "nodes and pods would share addresses" });
  if (network && services && ipRangesOverlap(network, services)) {
    clashes.push({ range: "serviceCidr", other: "network", why: "nodes and Services would share addresses" });
  }
  if (pods && services && ipRangesOverlap(pods, services)) {
    const changed = serviceCidr !== K3S_DEFAULT_SERVICE_CIDR || clusterCidr === K3S_DEFAULT_CLUSTER_CIDR ? "serviceCidr" : "clusterCidr";
    clashes.push({
      range: changed,
      other: changed === "serviceCidr" ? "clusterCidr" : "serviceCidr",
      why: "pods and Services would share addresses",
    });
  }
  return clashes;
}

/** What k3s's ranges hold, for messages. */
export const K3S_RANGE_NAMES = { clusterCidr: "pod", serviceCidr: "Service" } as const;

/** How many nodes a pod range holds: one /24 each ({@link K3S_NODE_POD_PREFIX}). */
export function podRangeCapacity(clusterCidr: string): number | undefined {
  const range = parseIpRange(clusterCidr);
  return typeof range === "string" ? undefined : 2 ** Math.max(0, K3S_NODE_POD_PREFIX - range.prefix);
}

/** Hetzner attaches at most this many servers to one network. */
export const HETZNER_NETWORK_MAX_SERVERS = 100;
/** Hetzner's firewall limits: rules per firewall, source ranges per rule. */
export const HETZNER_FIREWALL_LIMITS = { rules: 50, sourcesPerRule: 100 } as const;

/** A range of ports, both ends included, and what uses them. */
export interface PortRange {
  readonly from: number;
  readonly to: number;
  readonly what: string;
}

/**
 * TCP ports k3s uses on a node: those other nodes reach (docs.k3s.io, "Inbound Rules for K3s
 * Nodes": 2379-2380, 6443, 10250) and those its components bind on localhost (etcd's metrics 2381,
 * the API server behind the supervisor 6444, containerd's stream server 10010, the health and
 * metrics ports of the kubelet, kube-proxy, controller managers and scheduler 10248-10259). 9345 is
 * RKE2's supervisor port, not k3s's (k3s serves its supervisor on 6443).
 */
export const K3S_TCP_PORTS: readonly PortRange[] = [
  { from: 2379, to: 2381, what: "etcd" },
  { from: 6443, to: 6444, what: "the k3s supervisor and Kubernetes API" },
  { from: 10010, to: 10010, what: "containerd's stream server" },
  { from: 10248, to: 10259, what: "the kubelet, kube-proxy, controller managers and scheduler" },
];
/** UDP ports k3s uses between nodes: flannel's VXLAN and WireGuard backends. */
export const K3S_UDP_PORTS: readonly PortRange[] = [
  { from: 8472, to: 8472, what: "flannel's VXLAN" },
  { from: 51820, to: 51821, what: "flannel's WireGuard" },
];
/** Kubernetes' NodePort range: kube-proxy sends a Service's traffic there, whatever else listens. */
export const NODE_PORT_RANGE: PortRange = { from: 30000, to: 32767, what: "Kubernetes' NodePort range" };

const portsText = (ranges: readonly PortRange[]) => ranges.map((r) => (r.from === r.to ? `${r.from}` : `${r.from}-${r.to}`)).join(", ");
/** The k3s ports, for messages. */
export const K3S_PORTS_TEXT = `TCP ${portsText(K3S_TCP_PORTS)}, UDP ${portsText(K3S_UDP_PORTS)}`;

/** The k3s port range of `protocol` that `from`-`to` touches, if any. */
export function k3sPortHit(protocol: "tcp" | "udp", from: number, to = from): PortRange | undefined {
  return (protocol === "tcp" ? K3S_TCP_PORTS : K3S_UDP_PORTS).find((r) => from <= r.to && r.from <= to);
}

/** A firewall port `80` or range `30000-32767` as numbers, or why it is not one. */
export function parsePortRange(text: string): { from: number; to: number } | string {
  const match = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text);
  if (!match) return "is not a port or a range";
  const from = Number(match[1]);
  const to = Number(match[2] ?? match[1]);
  if (from < 1 || to > 65535) return "ports go from 1 to 65535";
  if (from > to) return `the range goes from ${from} down to ${to}`;
  return { from, to };
}

/** Why `port` cannot be the nodes' SSH port, or undefined. */
export function sshPortProblem(port: number): string | undefined {
  if (!Number.isInteger(port) || port < 1 || port > 65535) return "must be a port from 1 to 65535";
  const hit = k3sPortHit("tcp", port) ?? (NODE_PORT_RANGE.from <= port && port <= NODE_PORT_RANGE.to ? NODE_PORT_RANGE : undefined);
  if (hit) {
    return `must not be a TCP port k3s uses on the nodes (${portsText(K3S_TCP_PORTS)}) or a NodePort (${NODE_PORT_RANGE.from}-${NODE_PORT_RANGE.to}): ${port} is ${hit.what}'s`;
  }
  return undefined;
}

/** Why a load balancer may not forward to `port` on the nodes (k3s's own ports), or undefined; the SSH port is checked apart. */
export function loadBalancerDestinationProblem(port: number): string | undefined {
  // Load balancer services are TCP (tcp, http, https): only k3s's TCP ports can clash.
  const hit = k3sPortHit("tcp", port);
  return hit
    ? `must not be a TCP port k3s uses on the nodes (${portsText(K3S_TCP_PORTS)}): ${port} is ${hit.what}'s, never exposed by a load balancer`
    : undefined;
}

/** The widest sources SSH and the Kubernetes API take without `hcloud.allowAnySource`: /8 for IPv4, /32 for IPv6. */
export const WIDEST_ALLOWED_SOURCE = { 4: 8, 6: 32 } as const;

/** Whether `text` is a source range wider than {@link WIDEST_ALLOWED_SOURCE} (`0.0.0.0/0`, `::/0`, `10.0.0.0/7`). */
export function isWideSource(text: string): boolean {
  const range = parseIpRange(text);
  return typeof range !== "string" && range.prefix < WIDEST_ALLOWED_SOURCE[range.family];
}

/** The message for a wide source of SSH and the Kubernetes API; `optIn` names the switch that allows it. */
export function wideSourceRule(optIn = "hcloud.allowAnySource"): string {
  return `must be a /8 (IPv4) or /32 (IPv6) or narrower: SSH and the Kubernetes API are opened to it; set ${optIn}: true to open them that wide on purpose`;
}

/**
 * Directories of the system a volume must never be mounted on or inside: it would hide what the
 * image installed there (or, for /tmp, be emptied by systemd-tmpfiles).
 */
export const SYSTEM_DIRECTORIES: readonly string[] = [
  "/bin",
  "/boot",
  "/dev",
  "/etc",
  "/lib",
  "/lib32",
  "/lib64",
  "/libx32",
  "/proc",
  "/root",
  "/run",
  "/sbin",
  "/snap",
  "/sys",
  "/tmp",
  "/usr",
  "/var",
];

/** A path with `//`, `.` and `..` resolved and no trailing `/` (`/usr/local/../..` is `/`). */
export function normalizePath(path: string): string {
  const parts: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return `/${parts.join("/")}`;
}

/**
 * Why `path` cannot be a volume's mount path, or undefined: it must be absolute, written
 * normalized, and neither `/`, a system directory (or inside one), `/home`, nor the SSH user's
 * home (or inside it); `userField` names where the SSH user comes from, in the message.
 */
export function mountPathProblem(path: string, sshUser?: string, userField = "hcloud.ssh.user"): string | undefined {
  if (!/^\/[A-Za-z0-9._/-]*$/.test(path))
    return "must be an absolute path of letters, digits, '.', '_', '-' and '/', such as '/mnt/longhorn'";
  const normal = normalizePath(path);
  const as = normal === path ? `'${path}'` : `'${path}' (${normal})`;
  const inside = (dir: string) => normal === dir || normal.startsWith(`${dir}/`);
  if (normal === "/") return `must not be the root directory: ${as} is '/'; use a path under /mnt or /srv`;
  const system = SYSTEM_DIRECTORIES.find(inside);
  if (system) return `must not be inside a system directory: ${as} is in ${system}; use a path under /mnt or /srv`;
  if (normal === "/home") return `must not be /home: ${as} would hide every user's home; use a path under /mnt or /srv`;
  if (sshUser && inside(`/home/${sshUser}`)) {
    return `must not be the SSH user's home or inside it: ${as} would hide /home/${sshUser}/.ssh/authorized_keys (${userField} '${sshUser}'); use a path under /mnt or /srv`;
  }
  if (normal !== path) return `must be written normalized, as '${normal}' (no '//', '.', '..' or trailing '/')`;
  return undefined;
}

/**
 * Accounts and groups of the server images (Ubuntu 24.04 and 22.04, Debian 12: base-passwd and the
 * cloud images' packages), and their default users. The SSH user is created with a group of its
 * name: cloud-init cannot create one that exists, and must never hand a system account a login.
 */
export const SYSTEM_ACCOUNTS: ReadonlySet<string> = new Set([
  // users of base-passwd and the cloud images
  "root", "daemon", "bin", "sys", "sync", "games", "man", "lp", "mail", "news", "uucp", "proxy", "www-data", "backup",
  "list", "irc", "gnats", "nobody", "messagebus", "syslog", "sshd", "uuidd", "tcpdump", "tss", "landscape",
  "pollinate", "fwupd-refresh", "usbmux", "dnsmasq", "lxd", "polkitd", "dhcpcd", "statd", "chrony", "ntp",
  // default users of the images
  "ubuntu", "debian",
  // groups of base-passwd and the images
  "adm", "tty", "disk", "kmem", "dialout", "fax", "voice", "cdrom", "floppy", "tape", "sudo", "audio", "dip",
  "operator", "src", "shadow", "utmp", "video", "sasl", "plugdev", "staff", "users", "nogroup", "input", "sgx",
  "kvm", "render", "netdev", "crontab", "ssh", "lpadmin", "sambashare", "rdma", "wheel",
]); // prettier-ignore

/** Why `user` cannot be the SSH user, or undefined. */
export function sshUserProblem(user: string): string | undefined {
  if (!/^[a-z_][a-z0-9_-]{0,30}$/.test(user)) return "must be a Linux user name (lowercase letters, digits, '_' or '-')";
  if (user === "root") return "must not be root: root login is disabled";
  if (SYSTEM_ACCOUNTS.has(user) || user.startsWith("systemd-") || user.startsWith("_")) {
    return "must not be an account or group of the server image (root, daemon, bin, sys, www-data, nobody, sshd, syslog, ubuntu, debian, sudo, adm, systemd-*, _apt and the like): choose a name of your own such as 'k3s-admin'";
  }
  return undefined;
}

const TRUE_VALUES = new Set(["1", "t", "T", "true", "TRUE", "True"]);
const FALSE_VALUES = new Set(["0", "f", "F", "false", "FALSE", "False"]);

/**
 * Why `arg` (a kubelet argument `flag=value`, as `hcloud.k3s.kubeletArgs` lists them) is refused, or
 * undefined: it must not switch off the kubelet's authentication or authorization, open its
 * read-only port, or set labels the kubelet may not set on itself.
 */
export function kubeletArgProblem(arg: string): string | undefined {
  const match = /^([a-z][a-z0-9-]*)=(\S+)$/.exec(arg);
  if (!match) return "must be 'flag=value' without leading dashes";
  const [, flag, value] = match;
  if (flag === "anonymous-auth" && !FALSE_VALUES.has(value)) {
    return `must not switch on the kubelet's anonymous access: anonymous-auth must be false, k3s's default${TRUE_VALUES.has(value) ? "" : ` ('${value}' is not a boolean)`}`;
  }
  if (flag === "authorization-mode" && value !== "Webhook") {
    return "must not switch off the kubelet's authorization: authorization-mode must be Webhook, k3s's default";
  }
  if (flag === "read-only-port" && value !== "0") {
    return "must not open the kubelet's unauthenticated read-only port: read-only-port must be 0, k3s's default";
  }
  if (flag === "node-labels") {
    for (const pair of value.split(",")) {
      const key = pair.split("=")[0];
      if (!kubeletLabelKey.safeParse(key).success) {
        return `must not set '${key}' through node-labels: the kubelet may not set that label on itself (NodeRestriction) and would not start; set pool labels under 'labels', node-role.kubernetes.io/* through the API`;
      }
    }
  }
  return undefined;
}

/** The message for a firewall rule that opens the SSH port (`field` names it, `sources` the SSH rule's sources). */
export function sshPortOpenedProblem(sshPort: number, field = "hcloud.ssh.port", sources = "hcloud.allowedIps"): string {
  return `must not open the SSH port ${sshPort} (${field}): SSH is open to ${sources} only`;
}

/** The message for a firewall rule that opens one of k3s's ports. */
export function k3sPortOpenedProblem(protocol: "tcp" | "udp", hit: PortRange): string {
  const ports = hit.from === hit.to ? `${hit.from}` : `${hit.from}-${hit.to}`;
  return `must not open a port k3s uses on the nodes (${K3S_PORTS_TEXT}): ${protocol.toUpperCase()} ${ports} is ${hit.what}'s, reached over the private network only`;
}

/** The message for a load balancer service forwarding to the SSH port (`field` names it). */
export function loadBalancerSshProblem(sshPort: number, field = "hcloud.ssh.port"): string {
  return `must not be the SSH port ${sshPort} (${field}): SSH is open to the firewall's allowed sources only, never through a load balancer`;
}

/** The message for a pod range too small for the nodes (of `holder`: the config, the cluster). */
export function podRangeCapacityProblem(clusterCidr: string, capacity: number, nodes: number, holder = "the config"): string {
  const prefix = clusterCidr.split("/")[1];
  return `must hold a /${K3S_NODE_POD_PREFIX} for each node (k3s gives each node one for its pods): a /${prefix} holds ${capacity}, ${holder} has ${nodes} nodes`;
}

// ---------------------------------------------------------------------------
// The rules as zod schemas: a construct's prop (`PropIssues.check`) and a config field checked with the
// same one are refused in the same words. Tokens are skipped (`PropIssues.check` leaves them out).
// ---------------------------------------------------------------------------

/** A private /16 range for the cluster's network (see {@link NETWORK_IP_RANGE_RULE}). */
export const networkIpRange = problemRule(
  (range) => {
    const problem = networkIpRangeProblem(range);
    return problem && `${NETWORK_IP_RANGE_RULE}: ${problem}`;
  },
  { pattern: NETWORK_IP_RANGE_PATTERN },
);

/** k3s's pod range (`cluster-cidr`, see {@link k3sRangeRule}). */
export const k3sClusterCidr = problemRule((range) => {
  const problem = k3sRangeProblem("clusterCidr", range);
  return problem && `${k3sRangeRule("clusterCidr")}: ${problem}`;
});

/** k3s's Service range (`service-cidr`, see {@link k3sRangeRule}). */
export const k3sServiceCidr = problemRule((range) => {
  const problem = k3sRangeProblem("serviceCidr", range);
  return problem && `${k3sRangeRule("serviceCidr")}: ${problem}`;
});

/** A TCP or UDP port number, 1 to 65535. */
export const portNumber = z.number().int().min(1).max(65535);

/** The nodes' SSH port: not a port k3s uses, nor a NodePort ({@link sshPortProblem}). */
export const sshPort = portNumber.superRefine((port, ctx) => {
  // A port outside 1-65535 has its own message above.
  const problem = !isUnresolved(port) && Number.isInteger(port) && port >= 1 && port <= 65535 && sshPortProblem(port);
  if (problem) ctx.addIssue({ code: "custom", input: port, message: problem });
});

/** A port a load balancer forwards to on the nodes: never one of k3s's TCP ports ({@link loadBalancerDestinationProblem}). */
export const loadBalancerDestinationPort = portNumber.superRefine((port, ctx) => {
  const problem = !isUnresolved(port) && loadBalancerDestinationProblem(port);
  if (problem) ctx.addIssue({ code: "custom", input: port, message: problem });
});

/** What a firewall rule's port may be. */
export const FIREWALL_PORT_RULE = "must be a port '80' or a range '30000-32767'";

/** A firewall rule's port `80` or range `30000-32767` ({@link parsePortRange}). */
export const firewallPort = z
  .string()
  .regex(/^(\d{1,5})(-\d{1,5})?$/, { message: FIREWALL_PORT_RULE, abort: true })
  .superRefine((port, ctx) => {
    const range = parsePortRange(port);
    if (typeof range === "string") ctx.addIssue({ code: "custom", input: port, message: `${FIREWALL_PORT_RULE}: ${range}` });
  });

/** The description of a firewall rule (Hetzner takes at most 255 characters). */
export const firewallRuleDescription = z.string().max(255);

/** The protocol of a firewall rule. */
export const firewallProtocol = z.enum(["tcp", "udp"]);

/** The sudo user created on every node ({@link sshUserProblem}). */
export const sshUser = problemRule(sshUserProblem, { pattern: "^[a-z_][a-z0-9_-]{0,30}$" });

/**
 * A public key as written in authorized_keys, decoded: its key data must hold a key of the type the
 * line declares (RSA of 2048 bits or more). A refused key is shown by its type and comment only.
 */
export const sshPublicKey = problemRule(sshPublicKeyProblem, {
  shown: sshPublicKeyShown,
  pattern:
    "^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\\.com|sk-ecdsa-sha2-nistp256@openssh\\.com) [A-Za-z0-9+/]+={0,2}( [^\\n]*)?$",
});

/** The name of an SSH key in the Hetzner project. */
export const sshKeyName = dnsLabel(63);

/**
 * The problems across a list of SSH keys: a name used twice, and a key given twice (Hetzner refuses a
 * second key with the same fingerprint; the comment does not count). Paths are under the list.
 */
export function sshKeyListIssues(keys: readonly { readonly name: string; readonly publicKey: string }[]): FieldIssue[] {
  const found: FieldIssue[] = [];
  const named = keys.filter((k) => !isUnresolved(k.name));
  for (const name of duplicates(named.map((k) => k.name))) {
    found.push({ path: [], input: name, message: `key name '${name}' is used more than once` });
  }
  const seen = new Map<string, string>();
  keys.forEach((k, i) => {
    if (isUnresolved(k.publicKey) || typeof k.publicKey !== "string") return;
    const material = k.publicKey.trim().split(/\s+/).slice(0, 2).join(" ");
    const first = seen.get(material);
    if (first !== undefined && first !== k.name) {
      found.push({ path: [i, "publicKey"], input: k.name, message: `is the same key as '${first}' (Hetzner takes each public key once)` });
    }
    if (first === undefined) seen.set(material, k.name);
  });
  return found;
}

/** A kubelet argument `flag=value` ({@link kubeletArgProblem}). */
export const kubeletArg = problemRule(kubeletArgProblem, { pattern: "^[a-z][a-z0-9-]*=\\S+$" });

/** Where a pool's volume is mounted ({@link mountPathProblem}; the SSH user's home is checked apart). */
export const volumeMountPath = problemRule((path) => mountPathProblem(path), { pattern: "^/[A-Za-z0-9._/-]*$" });

/** Kubernetes labels a node registers with: keys the kubelet may set on itself ({@link kubeletLabelKey}). */
export const nodeLabels = z.record(kubeletLabelKey, labelValue);

/** Taints of one node: Kubernetes refuses two with the same key and effect ("taints must be unique by key and effect pair"). */
export const nodeTaints = z.array(taintString).superRefine((taints, ctx) => {
  // A taint that does not parse has its own message.
  const pairs = taints.flatMap((t) => {
    const taint = isUnresolved(t) ? undefined : parseTaint(t);
    return taint ? [`${taint.key}:${taint.effect}`] : [];
  });
  for (const pair of duplicates(pairs)) {
    ctx.addIssue({ code: "custom", input: taints, message: `has two taints with key and effect '${pair}': Kubernetes refuses the node` });
  }
});

/**
 * The cluster name: a DNS-1123 label of at most 20 characters that starts with
 * a letter, since it begins node names and Terraform resource names
 * (`hcloud_server.<cluster>-controller-01`), which may not start with a digit.
 */
export const clusterName = dnsLabel(20).refine((name) => !/^[0-9]/.test(name), {
  message: "must start with a letter (it begins Terraform resource names)",
  // Only for an otherwise valid label: one mistake, one message.
  when: (payload) => payload.issues.length === 0,
});

/** A node pool's name: nodes are `<cluster>-<pool>-<NN>`; `controller` is the control plane's. */
export const poolName = dnsLabel(20).refine((n) => !/^controller(-\d+)?$/.test(n), {
  message: "'controller' is reserved for the control plane nodes, and so is 'controller-<NN>' (the address of its servers)",
});

/** The number of servers of a node pool: 1 to 99 (the address plan gives each pool x.y.<pool>.1-99). */
export const poolServerCount = z.number().int().min(1).max(99);

/** The number of control plane servers: 1, or 3 for embedded etcd HA. */
export const controlPlaneCount = z
  .number()
  .int()
  .refine((n) => n === 1 || n === 3, {
    message:
      "must be 1, or 3 for embedded etcd HA (an even count tolerates no more failures than one less, more than 3 is not supported here)",
  });

/** A Hetzner volume's size in GB: 10 to 10240. */
export const volumeSize = z.number().int().min(10).max(10240);

/** The filesystem of a pool's volumes. */
export const volumeFormat = z.enum(["ext4", "xfs"]);

/** A Hetzner load balancer type. */
export const loadBalancerType = z.enum(["lb11", "lb21", "lb31"]);

/** A Hetzner load balancer's algorithm. */
export const loadBalancerAlgorithm = z.enum(["round_robin", "least_connections"]);

/** The protocol of a load balancer service (tcp passes TLS through). */
export const loadBalancerProtocol = z.enum(["tcp", "http"]);

/** The problems across a load balancer's services: a listen port used twice. Paths are under the list. */
export function loadBalancerServiceListIssues(services: readonly { readonly listenPort: number }[]): FieldIssue[] {
  const ports = services.filter((s) => !isUnresolved(s.listenPort)).map((s) => String(s.listenPort));
  return duplicates(ports).map((port) => ({ path: [], input: Number(port), message: `listen port ${port} is used more than once` }));
}

/** A Debian package name such as `nfs-common`. */
export const debianPackage = z.string().regex(/^[a-z0-9][a-z0-9+.-]*$/, { message: "must be a Debian package name such as 'nfs-common'" });

/** An OS image of Hetzner (a name such as `ubuntu-24.04`, or an id). */
export const serverImage = z.string().min(1);

/** A bundled k3s component that can be disabled. */
export const k3sComponent = z.enum(["traefik", "servicelb", "local-storage", "metrics-server", "coredns"]);

/** An extra name or IP of the API server certificate. */
export const tlsSan = z.string().min(1);

/** A folder inside the etcd snapshot bucket. */
export const etcdS3Folder = z.string().regex(/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/, {
  message: "must be a relative folder such as 'etcd/kube', without leading or trailing '/'",
});

/** The number of etcd snapshots kept. */
export const etcdSnapshotRetention = z.number().int().min(1);
