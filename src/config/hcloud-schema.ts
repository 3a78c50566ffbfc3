import { z } from "zod";
import { LOCATIONS, NETWORK_ZONES, availabilityProblem, locationProblem, serverTypeProblem, spreadGroupNames } from "../hcloud/catalog";
import {
  cronExpression,
  dnsLabel,
  duplicates,
  endpointHost,
  firewallCidr,
  formatIpRange,
  hasHostBits,
  IpRange,
  ipRange,
  ipRangesOverlap,
  ipRangeWithin,
  K3S_VERSION,
  labelKey,
  labelValue,
  parseIpRange,
  parseTaint,
  s3Bucket,
  s3Region,
  sshPublicKeyProblem,
  sshPublicKeyShown,
  taintString,
} from "./validation";

/** A Hetzner server type that can be ordered today; retired types are rejected with their replacement. */
export const serverTypeSchema = z.string().superRefine((value, ctx) => {
  const problem = serverTypeProblem(value);
  if (problem) ctx.addIssue({ code: "custom", input: value, message: problem });
});

/** A Hetzner location such as `nbg1`. */
export const locationSchema = z.string().superRefine((value, ctx) => {
  const problem = locationProblem(value);
  if (problem) ctx.addIssue({ code: "custom", input: value, message: problem });
});

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
const NETWORK_IP_RANGE_PATTERN = "^(10\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)|172\\.(1[6-9]|2\\d|3[01])|192\\.168)\\.0\\.0\\/16$";

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

const K3S_RANGE_NAMES = { clusterCidr: "pod", serviceCidr: "Service" } as const;

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
 * home (or inside it).
 */
export function mountPathProblem(path: string, sshUser?: string): string | undefined {
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
    return `must not be the SSH user's home or inside it: ${as} would hide /home/${sshUser}/.ssh/authorized_keys (hcloud.ssh.user '${sshUser}'); use a path under /mnt or /srv`;
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

/** The k3s minors this project supports: pinned versions and minor channels must be among them. */
export const K3S_SUPPORTED_MINORS = { oldest: 31, newest: 36 } as const;
const K3S_MINOR_ALTERNATION = Array.from(
  { length: K3S_SUPPORTED_MINORS.newest - K3S_SUPPORTED_MINORS.oldest + 1 },
  (_, i) => K3S_SUPPORTED_MINORS.oldest + i,
).join("|");
const K3S_MINORS_TEXT = `v1.${K3S_SUPPORTED_MINORS.oldest} to v1.${K3S_SUPPORTED_MINORS.newest}`;
/** A k3s release channel as k3s names them: `stable`, `latest`, `testing`, or a supported minor such as `v1.33`. */
export const K3S_CHANNEL = new RegExp(`^(stable|latest|testing|v1\\.(${K3S_MINOR_ALTERNATION}))$`);
/** What `hcloud.k3s.channel` may be. */
export const K3S_CHANNEL_RULE = `must be a k3s release channel: stable, latest, testing, or a minor channel ${K3S_MINORS_TEXT} such as 'v1.36'`;
/** A k3s release of a supported minor, e.g. `v1.36.4+k3s1`. */
export const K3S_SUPPORTED_VERSION = new RegExp(`^v1\\.(${K3S_MINOR_ALTERNATION})\\.\\d+\\+k3s\\d+$`);
/** What `hcloud.k3s.version` may be. */
export const K3S_VERSION_FORMAT_RULE = "must be a k3s release such as 'v1.33.5+k3s1'";
/** What `hcloud.k3s.version` may be, once it is a k3s release. */
export const K3S_VERSION_RULE = `must be a k3s release of a minor this project supports, ${K3S_MINORS_TEXT}, such as 'v1.36.4+k3s1'`;

/** Why `version` cannot be the pinned k3s version, or undefined. */
export function k3sVersionProblem(version: string): string | undefined {
  if (!K3S_VERSION.test(version)) return K3S_VERSION_FORMAT_RULE;
  if (!K3S_SUPPORTED_VERSION.test(version)) return K3S_VERSION_RULE;
  return undefined;
}

/**
 * The problem `problem(value)` finds, as a schema check whose issue shows `shown(value)` (default: the
 * value); `pattern`, a looser regular expression, is what editors check (config/schema.json).
 */
function ruleSchema(problem: (value: string) => string | undefined, options: { shown?: (value: string) => string; pattern?: string } = {}) {
  const schema = z.string().superRefine((value, ctx) => {
    const message = problem(value);
    if (message) ctx.addIssue({ code: "custom", input: options.shown ? options.shown(value) : value, message });
  });
  return options.pattern ? schema.meta({ pattern: options.pattern }) : schema;
}

/** A block volume attached to every server of a node pool. */
export const nodePoolVolumeSchema = z.strictObject({
  size: z.number().int().min(10).max(10240).describe("Volume size in GB (Hetzner allows 10 to 10240)."),
  format: z.enum(["ext4", "xfs"]).default("ext4").describe("Filesystem the volume is formatted with."),
  mountPath: ruleSchema((p) => mountPathProblem(p), { pattern: "^/[A-Za-z0-9._/-]*$" })
    .default("/mnt/data")
    .describe(
      "Stable path the volume is mounted at on the node (given to Longhorn as its second disk): absolute, normalized, not '/', a system directory, /home or the SSH user's home.",
    ),
  deleteProtection: z
    .boolean()
    .default(true)
    .describe(
      "Hetzner's delete protection of the pool's volumes (on by default: they hold the storage nodes' data). Set it to false and apply before removing the pool, shrinking it or replacing a volume.",
    ),
});

/** A service of a pool's load balancer. */
export const loadBalancerServiceSchema = z.strictObject({
  protocol: z.enum(["tcp", "http"]).default("tcp").describe("Service protocol (tcp passes TLS through)."),
  listenPort: z.number().int().min(1).max(65535).describe("Port the load balancer listens on."),
  destinationPort: z
    .number()
    .int()
    .min(1)
    .max(65535)
    .superRefine((port, ctx) => {
      const problem = loadBalancerDestinationProblem(port);
      if (problem) ctx.addIssue({ code: "custom", input: port, message: problem });
    })
    .describe("Port on the nodes; never one of k3s's ports or the SSH port."),
  proxyprotocol: z.boolean().default(false).describe("Send the PROXY protocol header to the nodes."),
});

/** The services of a pool's load balancer when its config lists none: 80 and 443 over TCP. */
export const DEFAULT_LOAD_BALANCER_SERVICES = [
  { protocol: "tcp", listenPort: 80, destinationPort: 80, proxyprotocol: false },
  { protocol: "tcp", listenPort: 443, destinationPort: 443, proxyprotocol: false },
] as const;

/** A Hetzner load balancer in front of a pool (targets use the private network). */
export const loadBalancerSchema = z.strictObject({
  type: z.enum(["lb11", "lb21", "lb31"]).default("lb11").describe("Load balancer type."),
  algorithm: z.enum(["round_robin", "least_connections"]).default("round_robin").describe("Balancing algorithm."),
  services: z
    .array(loadBalancerServiceSchema)
    .min(1)
    .optional()
    .describe(
      "Forwarded ports; default 80 and 443 over TCP. On Traefik's pool (traefik.loadBalancerPool) Traefik's 80 and 443 come from the traefik section: list only other ports here.",
    )
    .superRefine((services, ctx) => {
      for (const port of duplicates((services ?? []).map((s) => String(s.listenPort)))) {
        ctx.addIssue({ code: "custom", input: Number(port), message: `listen port ${port} is used more than once` });
      }
    }),
});

/** Taints of one node: Kubernetes refuses two with the same key and effect ("taints must be unique by key and effect pair"). */
const nodeTaints = z.array(taintString).superRefine((taints, ctx) => {
  // A taint that does not parse has its own message.
  const pairs = taints.flatMap((t) => {
    const taint = parseTaint(t);
    return taint ? [`${taint.key}:${taint.effect}`] : [];
  });
  for (const pair of duplicates(pairs)) {
    ctx.addIssue({ code: "custom", input: taints, message: `has two taints with key and effect '${pair}': Kubernetes refuses the node` });
  }
});

/** Kubernetes labels and taints of the nodes of a pool (also used by the control plane). */
const nodeMetadata = {
  labels: z.record(kubeletLabelKey, labelValue).default({}).describe("Kubernetes node labels set by k3s at registration."),
  taints: nodeTaints.default([]).describe("Kubernetes node taints, 'key[=value]:Effect'."),
};

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

/** A pool of identical agent nodes. */
export const nodePoolSchema = z.strictObject({
  name: dnsLabel(20)
    .refine((n) => !/^controller(-\d+)?$/.test(n), {
      message: "'controller' is reserved for the control plane nodes, and so is 'controller-<NN>' (the address of its servers)",
    })
    .describe("Pool name; nodes are named <cluster>-<pool>-<NN>."),
  serverType: serverTypeSchema.describe("Hetzner server type, e.g. cx33."),
  location: locationSchema.optional().describe("Hetzner location; defaults to hcloud.location."),
  count: z.number().int().min(1).max(99).describe("Number of servers."),
  ...nodeMetadata,
  privateInterface: interfaceName
    .optional()
    .describe("Private network interface; defaults to the one of the server type (enp7s0, ens10 on old cx*1/ccx*1)."),
  volume: nodePoolVolumeSchema.optional().describe("Block volume attached to each server of the pool."),
  loadBalancer: loadBalancerSchema.optional().describe("Load balancer in front of the pool's servers."),
});

/**
 * A public key as written in authorized_keys, decoded: its key data must hold a key of the type the
 * line declares (RSA of 2048 bits or more). A refused key is shown by its type and comment only.
 */
export const sshPublicKey = ruleSchema(sshPublicKeyProblem, {
  shown: sshPublicKeyShown,
  pattern:
    "^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\\.com|sk-ecdsa-sha2-nistp256@openssh\\.com) [A-Za-z0-9+/]+={0,2}( [^\\n]*)?$",
});

/** A firewall rule opening a port of the agent nodes. */
export const inboundRuleSchema = z.strictObject({
  protocol: z.enum(["tcp", "udp"]).describe("Protocol."),
  port: z
    .string()
    .regex(/^(\d{1,5})(-\d{1,5})?$/, { message: "must be a port '80' or a range '30000-32767'", abort: true })
    .superRefine((port, ctx) => {
      const range = parsePortRange(port);
      if (typeof range === "string")
        ctx.addIssue({ code: "custom", input: port, message: `must be a port '80' or a range '30000-32767': ${range}` });
    })
    .describe("Port or range; never the SSH port or one of k3s's ports."),
  sourceIps: z
    .array(firewallCidr)
    .min(1)
    .max(HETZNER_FIREWALL_LIMITS.sourcesPerRule, {
      message: `must list at most ${HETZNER_FIREWALL_LIMITS.sourcesPerRule} ranges: Hetzner takes at most ${HETZNER_FIREWALL_LIMITS.sourcesPerRule} sources per firewall rule`,
    })
    .default(["0.0.0.0/0", "::/0"])
    .describe("Allowed sources; defaults to everyone."),
  description: z.string().max(255).optional().describe("Description of the rule."),
});

/** The rules Hetzner allows per firewall, less the agents' own two (ICMP and SSH). */
const MAX_WORKER_INBOUND_RULES = HETZNER_FIREWALL_LIMITS.rules - 2;

/** The Hetzner Cloud project: network, control plane and node pools. */
export const hcloudSchema = z
  .strictObject({
    location: locationSchema.default("nbg1").describe("Default Hetzner location of servers."),
    networkZone: z
      .enum(NETWORK_ZONES as [string, ...string[]])
      .default("eu-central")
      .describe("Network zone of the private subnet."),
    networkIpRange: ruleSchema(
      (range) => {
        const problem = networkIpRangeProblem(range);
        return problem && `${NETWORK_IP_RANGE_RULE}: ${problem}`;
      },
      { pattern: NETWORK_IP_RANGE_PATTERN },
    )
      .default("10.0.0.0/16")
      .describe("Private network; control planes get .0.2-.0.4, pool N (from 1) gets .N.1-.N.99, its load balancer .N.254."),
    image: z.string().min(1).default("ubuntu-24.04").describe("OS image of every server (Ubuntu or Debian)."),
    allowedIps: z
      .array(firewallCidr)
      .min(1)
      .max(HETZNER_FIREWALL_LIMITS.sourcesPerRule, {
        message: `must list at most ${HETZNER_FIREWALL_LIMITS.sourcesPerRule} ranges: Hetzner takes at most ${HETZNER_FIREWALL_LIMITS.sourcesPerRule} sources per firewall rule`,
      })
      .describe(
        "Sources allowed to reach SSH and the Kubernetes API (e.g. your public IP as '203.0.113.4/32'); none wider than /8 (IPv4) or /32 (IPv6) unless allowAnySource.",
      ),
    allowAnySource: z
      .boolean()
      .default(false)
      .describe(
        "Allow allowedIps wider than /8 (IPv4) or /32 (IPv6), 0.0.0.0/0 and ::/0 included: SSH and the Kubernetes API then answer that much of the internet. Off by default.",
      ),
    sshKeys: z
      .array(
        z.strictObject({
          name: dnsLabel(63).describe("Key name in the Hetzner project."),
          publicKey: sshPublicKey.describe("OpenSSH public key."),
        }),
      )
      .min(1)
      .describe("Public keys allowed to log in as ssh.user (and given to Hetzner so no root password is mailed).")
      .superRefine((keys, ctx) => {
        for (const name of duplicates(keys.map((k) => k.name))) {
          ctx.addIssue({ code: "custom", input: name, message: `key name '${name}' is used more than once` });
        }
        // Hetzner refuses a second key with the same fingerprint; the comment does not count.
        const seen = new Map<string, string>();
        keys.forEach((k, i) => {
          const material = k.publicKey.trim().split(/\s+/).slice(0, 2).join(" ");
          const first = seen.get(material);
          if (first !== undefined && first !== k.name) {
            ctx.addIssue({
              code: "custom",
              path: [i, "publicKey"],
              input: k.name,
              message: `is the same key as '${first}' (Hetzner takes each public key once)`,
            });
          }
          if (first === undefined) seen.set(material, k.name);
        });
      }),
    ssh: z
      .strictObject({
        user: ruleSchema(sshUserProblem, { pattern: "^[a-z_][a-z0-9_-]{0,30}$" })
          .default("k3s-admin")
          .describe(
            "Sudo user created on every node; root login is disabled. Not an account or group of the image (root, ubuntu, sudo, ...).",
          ),
        port: z
          .number()
          .int()
          .min(1)
          .max(65535)
          .superRefine((port, ctx) => {
            // A port outside 1-65535 has its own message above.
            const problem = Number.isInteger(port) && port >= 1 && port <= 65535 && sshPortProblem(port);
            if (problem) ctx.addIssue({ code: "custom", input: port, message: problem });
          })
          .default(22)
          .describe("SSH port of every node; not a port k3s uses, nor a NodePort."),
      })
      .prefault({})
      .describe("SSH access to the nodes."),
    packages: z
      .array(z.string().regex(/^[a-z0-9][a-z0-9+.-]*$/, { message: "must be a Debian package name such as 'nfs-common'" }))
      .default(["nfs-common", "open-iscsi"])
      .describe("Debian packages installed on every node (Longhorn needs open-iscsi and nfs-common)."),
    firewall: z
      .strictObject({
        workerInbound: z
          .array(inboundRuleSchema)
          .max(MAX_WORKER_INBOUND_RULES, {
            message: `must list at most ${MAX_WORKER_INBOUND_RULES} rules: Hetzner takes at most ${HETZNER_FIREWALL_LIMITS.rules} rules per firewall, and the agents' firewall has 2 of its own (ICMP and SSH)`,
          })
          .default([])
          .describe("Ports opened on the agent nodes' public interface (never the SSH port or k3s's ports)."),
      })
      .prefault({})
      .describe("Hetzner firewalls (the private network is not filtered)."),
    k3s: z
      .strictObject({
        channel: z
          .string()
          .regex(K3S_CHANNEL, { message: K3S_CHANNEL_RULE })
          .default("stable")
          .describe(
            `k3s release channel: stable, latest, testing, or a minor channel v1.${K3S_SUPPORTED_MINORS.oldest} to v1.${K3S_SUPPORTED_MINORS.newest}.`,
          ),
        version: z
          .string()
          .regex(K3S_VERSION, { message: K3S_VERSION_FORMAT_RULE, abort: true })
          .regex(K3S_SUPPORTED_VERSION, { message: K3S_VERSION_RULE })
          .optional()
          .describe(
            `Exact k3s version (v1.${K3S_SUPPORTED_MINORS.oldest} to v1.${K3S_SUPPORTED_MINORS.newest}, e.g. v1.36.4+k3s1); overrides the channel.`,
          ),
        clusterCidr: ruleSchema((range) => {
          const problem = k3sRangeProblem("clusterCidr", range);
          return problem && `${k3sRangeRule("clusterCidr")}: ${problem}`;
        })
          .default(K3S_DEFAULT_CLUSTER_CIDR)
          .describe(
            "k3s's pod range (cluster-cidr), a /24 per node; apart from the network and the Service range. Set it before the cluster is created: k3s servers refuse to join with another one.",
          ),
        serviceCidr: ruleSchema((range) => {
          const problem = k3sRangeProblem("serviceCidr", range);
          return problem && `${k3sRangeRule("serviceCidr")}: ${problem}`;
        })
          .default(K3S_DEFAULT_SERVICE_CIDR)
          .describe(
            "k3s's Service range (service-cidr); apart from the network and the pod range. Set it before the cluster is created: k3s servers refuse to join with another one.",
          ),
        tlsSans: z
          .array(z.string().min(1))
          .default([])
          .describe("Extra names/IPs in the API server certificate (the public IPv4 is added by the node itself)."),
        disable: z
          .array(z.enum(["traefik", "servicelb", "local-storage", "metrics-server", "coredns"]))
          .default([])
          .describe("Bundled components to disable."),
        kubeletArgs: z
          .array(ruleSchema(kubeletArgProblem, { pattern: "^[a-z][a-z0-9-]*=\\S+$" }))
          .default([])
          .describe(
            "Extra kubelet arguments (all nodes), 'flag=value'; never switching off the kubelet's authentication or authorization, nor setting node-role labels.",
          ),
        secretsEncryption: z.boolean().default(false).describe("Encrypt Secrets at rest."),
        wireguard: z.boolean().default(false).describe("Encrypt pod traffic with flannel's wireguard-native backend."),
        etcdS3Snapshots: z
          .strictObject({
            endpoint: endpointHost.describe("S3 endpoint host."),
            region: s3Region.describe("S3 region."),
            bucket: s3Bucket.describe("Bucket name."),
            folder: z
              .string()
              .regex(/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/, {
                message: "must be a relative folder such as 'etcd/kube', without leading or trailing '/'",
              })
              .optional()
              .describe("Folder inside the bucket."),
            scheduleCron: cronExpression.default("0 0 * * *").describe("Snapshot schedule."),
            retention: z.number().int().min(1).default(5).describe("Snapshots kept."),
          })
          .optional()
          .describe("etcd snapshots to S3; keys are the sensitive variables s3_access_key and s3_secret_key."),
      })
      .prefault({})
      .describe("k3s installation."),
    controlPlane: z
      .strictObject({
        serverType: serverTypeSchema.default("cx23").describe("Hetzner server type of control plane servers."),
        location: locationSchema.optional().describe("Hetzner location; defaults to hcloud.location."),
        count: z
          .number()
          .int()
          .refine((n) => n === 1 || n === 3, {
            message:
              "must be 1, or 3 for embedded etcd HA (an even count tolerates no more failures than one less, more than 3 is not supported here)",
          })
          .default(1)
          .describe("1, or 3 for embedded etcd HA."),
        labels: nodeMetadata.labels,
        taints: nodeTaints.default(["node-role.kubernetes.io/control-plane:NoSchedule"]).describe("Taints of the control plane nodes."),
        privateInterface: interfaceName.optional().describe("Private network interface; defaults to the one of the server type."),
      })
      .prefault({})
      .describe("k3s servers, named <cluster>-controller-<NN>."),
    nodePools: z.array(nodePoolSchema).min(1).max(50).describe("Agent node pools."),
  })
  .superRefine((h, ctx) => {
    const duplicateNames = duplicates(h.nodePools.map((p) => p.name));
    for (const name of duplicateNames) {
      ctx.addIssue({
        code: "custom",
        path: ["nodePools"],
        input: name,
        message: `pool name '${name}' is used more than once; pool names must be unique`,
      });
    }
    // Placement groups are named <cluster>-<pool>, then <cluster>-<pool>-2, -3... past each SPREAD_GROUP_LIMIT servers
    // (and <cluster>-controller): pools 'a' (11 nodes) and 'a-2' would both create <cluster>-a-2.
    const groups = new Map<string, string>(spreadGroupNames("controller", h.controlPlane.count).map((name) => [name, "the control plane"]));
    // (A pool name used twice is reported above, not again as a placement group clash.)
    if (duplicateNames.length === 0)
      h.nodePools.forEach((p, i) => {
        for (const name of spreadGroupNames(p.name, p.count)) {
          const owner = groups.get(name);
          if (owner) {
            ctx.addIssue({
              code: "custom",
              path: ["nodePools", i, "name"],
              input: p.name,
              message: `its placement group '<cluster>-${name}' would also be the placement group of ${owner}; rename one of the pools`,
            });
          }
          groups.set(name, `pool '${p.name}'`);
        }
      });
    const check = (path: (string | number)[], serverType: string, location: string | undefined) => {
      const where = location ?? h.location;
      const zone = LOCATIONS[where];
      if (zone && zone !== h.networkZone) {
        ctx.addIssue({
          code: "custom",
          path: [...path, "location"],
          input: where,
          message: `is in network zone ${zone}, but the private network is in ${h.networkZone}`,
        });
      }
      const problem = availabilityProblem(serverType, where);
      if (problem) ctx.addIssue({ code: "custom", path: [...path, "serverType"], input: serverType, message: problem });
    };
    check(["controlPlane"], h.controlPlane.serverType, h.controlPlane.location);
    h.nodePools.forEach((p, i) => check(["nodePools", i], p.serverType, p.location));
  })
  .superRefine(checkHcloudRules, { when: (payload) => payload.issues.length === 0 });

/**
 * The rules across fields of the hcloud section (issue 12, items 4-6), run once every field is valid
 * so that one mistake gives one message: sources of SSH and the Kubernetes API, the SSH port against
 * the firewall and load balancers, volumes against the SSH user's home, and the network against
 * k3s's ranges and Hetzner's limits.
 */
function checkHcloudRules(h: z.output<typeof hcloudSchema>, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], input: unknown, message: string) => ctx.addIssue({ code: "custom", path, input, message });
  if (!h.allowAnySource) {
    h.allowedIps.forEach((ip, i) => {
      if (isWideSource(ip)) issue(["allowedIps", i], ip, wideSourceRule());
    });
  }
  const ssh = h.ssh.port;
  h.firewall.workerInbound.forEach((rule, i) => {
    const range = parsePortRange(rule.port);
    if (typeof range === "string") return;
    const hit = k3sPortHit(rule.protocol, range.from, range.to);
    if (rule.protocol === "tcp" && range.from <= ssh && ssh <= range.to) {
      issue(["firewall", "workerInbound", i, "port"], rule.port, sshPortOpenedProblem(ssh));
    } else if (hit) {
      issue(["firewall", "workerInbound", i, "port"], rule.port, k3sPortOpenedProblem(rule.protocol, hit));
    }
  });
  h.nodePools.forEach((pool, i) => {
    if (pool.loadBalancer && !pool.loadBalancer.services && DEFAULT_LOAD_BALANCER_SERVICES.some((d) => d.destinationPort === ssh)) {
      issue(
        ["nodePools", i, "loadBalancer", "services"],
        undefined,
        `must not forward to the SSH port ${ssh} (hcloud.ssh.port): without services listed the load balancer forwards its defaults, 80 and 443, to the nodes; choose another SSH port`,
      );
    }
    (pool.loadBalancer?.services ?? []).forEach((service, j) => {
      if (service.destinationPort === ssh) {
        issue(["nodePools", i, "loadBalancer", "services", j, "destinationPort"], ssh, loadBalancerSshProblem(ssh));
      }
    });
    const problem = pool.volume && mountPathProblem(pool.volume.mountPath, h.ssh.user);
    if (problem) issue(["nodePools", i, "volume", "mountPath"], pool.volume!.mountPath, problem);
  });
  const defaults = { clusterCidr: K3S_DEFAULT_CLUSTER_CIDR, serviceCidr: K3S_DEFAULT_SERVICE_CIDR } as const;
  for (const { range, other, why } of k3sRangeClashes(h.networkIpRange, h.k3s.clusterCidr, h.k3s.serviceCidr)) {
    const value = h.k3s[range];
    if (other === "network" && value === defaults[range]) {
      // k3s's range was left at its default: the network's range is the one to change.
      const name = `k3s's ${K3S_RANGE_NAMES[range]} range hcloud.k3s.${range} (${value}, the default)`;
      issue(["networkIpRange"], h.networkIpRange, `must not overlap ${name}: ${why}`);
    } else {
      const name = other === "network" ? `hcloud.networkIpRange (${h.networkIpRange})` : `hcloud.k3s.${other} (${h.k3s[other]})`;
      issue(["k3s", range], value, `must not overlap ${name}: ${why}`);
    }
  }
  const inPools = h.nodePools.reduce((sum, p) => sum + p.count, 0);
  const servers = h.controlPlane.count + inPools;
  const capacity = podRangeCapacity(h.k3s.clusterCidr);
  if (capacity !== undefined && servers > capacity) {
    issue(["k3s", "clusterCidr"], h.k3s.clusterCidr, podRangeCapacityProblem(h.k3s.clusterCidr, capacity, servers));
  }
  if (servers > HETZNER_NETWORK_MAX_SERVERS) {
    issue(
      ["nodePools"],
      servers,
      `must hold at most ${HETZNER_NETWORK_MAX_SERVERS} servers together with the control plane: Hetzner attaches at most ${HETZNER_NETWORK_MAX_SERVERS} servers to one network (here ${h.controlPlane.count} + ${inPools})`,
    );
  }
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

/** The message for a pod range too small for the nodes. */
export function podRangeCapacityProblem(clusterCidr: string, capacity: number, nodes: number): string {
  const prefix = clusterCidr.split("/")[1];
  return `must hold a /${K3S_NODE_POD_PREFIX} for each node (k3s gives each node one for its pods): a /${prefix} holds ${capacity}, the config has ${nodes} nodes`;
}

/** A node pool as given in configuration. */
export type NodePoolConfig = z.output<typeof nodePoolSchema>;
/** The hcloud section of the configuration. */
export type HcloudConfig = z.output<typeof hcloudSchema>;

/** Node names of a pool: `<cluster>-<pool>-<NN>`, numbered from 01. */
export function nodeNames(clusterName: string, pool: Pick<NodePoolConfig, "name" | "count">): string[] {
  return Array.from({ length: pool.count }, (_, i) => `${clusterName}-${pool.name}-${String(i + 1).padStart(2, "0")}`);
}

/** Names of the control plane nodes: `<cluster>-controller-<NN>`. */
export function controlPlaneNames(clusterName: string, count: number): string[] {
  return nodeNames(clusterName, { name: "controller", count });
}
