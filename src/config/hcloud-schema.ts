import { z } from "zod";
import { LOCATIONS, NETWORK_ZONES, availabilityProblem, locationProblem, serverTypeProblem, spreadGroupNames } from "../hcloud/catalog";
import {
  cidr,
  cronExpression,
  dnsLabel,
  duplicates,
  endpointHost,
  K3S_VERSION,
  labelKey,
  labelValue,
  parseTaint,
  s3Bucket,
  s3Region,
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
  /^(kubernetes\.io\/(hostname|arch|os)|(beta\.kubernetes\.io|node\.kubernetes\.io)\/instance-type|(failure-domain\.beta|topology)\.kubernetes\.io\/(region|zone)|(kubelet|node)\.kubernetes\.io\/[^/]+)$/;

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

/** A block volume attached to every server of a node pool. */
export const nodePoolVolumeSchema = z.strictObject({
  size: z.number().int().min(10).max(10240).describe("Volume size in GB (Hetzner allows 10 to 10240)."),
  format: z.enum(["ext4", "xfs"]).default("ext4").describe("Filesystem the volume is formatted with."),
  mountPath: z
    .string()
    .regex(/^\/[A-Za-z0-9._/-]*[A-Za-z0-9._-]$/, { message: "must be an absolute path without trailing slash, e.g. '/mnt/longhorn'" })
    .refine((p) => !/^\/(bin|boot|dev|etc|lib|lib64|proc|root|run|sbin|sys|usr|var)(\/|$)/.test(p) && !p.split("/").includes(".."), {
      message: "must not be inside a system directory or contain '..'; use a path under /mnt or /srv",
    })
    .default("/mnt/data")
    .describe("Stable path the volume is mounted at on the node (given to Longhorn as its second disk)."),
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
  destinationPort: z.number().int().min(1).max(65535).describe("Port on the nodes."),
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

/** A public key as written in authorized_keys. */
export const sshPublicKey = z
  .string()
  .regex(
    /^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-nistp256@openssh\.com) [A-Za-z0-9+/]+={0,3}( [^\n]*)?$/,
    {
      message: "must be an OpenSSH public key line such as 'ssh-ed25519 AAAA... me@example.org'",
    },
  );

/** A firewall rule opening a port of the agent nodes. */
export const inboundRuleSchema = z.strictObject({
  protocol: z.enum(["tcp", "udp"]).describe("Protocol."),
  port: z
    .string()
    .regex(/^(\d{1,5})(-\d{1,5})?$/, { message: "must be a port '80' or a range '30000-32767'" })
    .describe("Port or range."),
  sourceIps: z.array(cidr).min(1).default(["0.0.0.0/0", "::/0"]).describe("Allowed sources; defaults to everyone."),
  description: z.string().max(255).optional().describe("Description of the rule."),
});

const PRIVATE_16 = /^(10\.(\d{1,3})|172\.(1[6-9]|2\d|3[01])|192\.168)\.0\.0\/16$/;

/** The Hetzner Cloud project: network, control plane and node pools. */
export const hcloudSchema = z
  .strictObject({
    location: locationSchema.default("nbg1").describe("Default Hetzner location of servers."),
    networkZone: z
      .enum(NETWORK_ZONES as [string, ...string[]])
      .default("eu-central")
      .describe("Network zone of the private subnet."),
    networkIpRange: z
      .string()
      .regex(PRIVATE_16, { message: "must be a private /16 range (RFC 1918) such as '10.0.0.0/16'" })
      .default("10.0.0.0/16")
      .describe("Private network; control planes get .0.2-.0.4, pool N (from 1) gets .N.1-.N.99, its load balancer .N.254."),
    image: z.string().min(1).default("ubuntu-24.04").describe("OS image of every server (Ubuntu or Debian)."),
    allowedIps: z
      .array(cidr)
      .min(1)
      .describe("Sources allowed to reach SSH and the Kubernetes API (e.g. your public IP as '203.0.113.4/32')."),
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
        user: z
          .string()
          .regex(/^[a-z_][a-z0-9_-]{0,30}$/, { message: "must be a Linux user name (lowercase letters, digits, '_' or '-')" })
          .refine((u) => u !== "root", { message: "must not be root: root login is disabled" })
          .default("k3s-admin")
          .describe("Sudo user created on every node; root login is disabled."),
        port: z.number().int().min(1).max(65535).default(22).describe("SSH port of every node."),
      })
      .prefault({})
      .describe("SSH access to the nodes."),
    packages: z
      .array(z.string().regex(/^[a-z0-9][a-z0-9+.-]*$/, { message: "must be a Debian package name such as 'nfs-common'" }))
      .default(["nfs-common", "open-iscsi"])
      .describe("Debian packages installed on every node (Longhorn needs open-iscsi and nfs-common)."),
    firewall: z
      .strictObject({
        workerInbound: z.array(inboundRuleSchema).default([]).describe("Ports opened on the agent nodes' public interface."),
      })
      .prefault({})
      .describe("Hetzner firewalls (the private network is not filtered)."),
    k3s: z
      .strictObject({
        channel: z.enum(["stable", "latest", "testing"]).default("stable").describe("k3s release channel."),
        version: z
          .string()
          .regex(K3S_VERSION, { message: "must be a k3s release such as 'v1.33.5+k3s1'" })
          .optional()
          .describe("Exact k3s version; overrides the channel."),
        tlsSans: z
          .array(z.string().min(1))
          .default([])
          .describe("Extra names/IPs in the API server certificate (the public IPv4 is added by the node itself)."),
        disable: z
          .array(z.enum(["traefik", "servicelb", "local-storage", "metrics-server", "coredns"]))
          .default([])
          .describe("Bundled components to disable."),
        kubeletArgs: z
          .array(z.string().regex(/^[a-z][a-z0-9-]*=\S+$/, { message: "must be 'flag=value' without leading dashes" }))
          .default([])
          .describe("Extra kubelet arguments (all nodes)."),
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
  });

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
