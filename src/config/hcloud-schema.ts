import { z } from "zod";
import { hetznerLocation, hetznerNetworkZone, hetznerServerType } from "../hcloud/catalog";
import { CONTROL_PLANE_DEFAULTS, ETCD_S3_SNAPSHOTS_DEFAULTS } from "../hcloud/control-plane";
import {
  K3S_CLUSTER_CONTROL_PLANE_DEFAULTS,
  K3S_CLUSTER_DEFAULTS,
  K3S_CLUSTER_FIREWALL_DEFAULTS,
  K3S_CLUSTER_K3S_DEFAULTS,
  K3S_CLUSTER_MAX_NODE_POOLS,
  K3S_CLUSTER_SSH_DEFAULTS,
  k3sClusterIssues,
} from "../hcloud/k3s-cluster";
import { K3S_NODE_SETTINGS_DEFAULTS } from "../hcloud/k3s-node";
import { FIREWALL_INBOUND_RULE_DEFAULTS, firewallSources, inboundRuleLimit } from "../hcloud/node-firewall";
import {
  NODE_POOL_DEFAULTS,
  NODE_POOL_LOAD_BALANCER_DEFAULTS,
  NODE_POOL_LOAD_BALANCER_SERVICE_DEFAULTS,
  NODE_POOL_VOLUME_DEFAULTS,
} from "../hcloud/node-pool";
import {
  FieldIssue,
  controlPlaneCount,
  debianPackage,
  etcdS3Folder,
  etcdSnapshotRetention,
  firewallPort,
  firewallProtocol,
  firewallRuleDescription,
  interfaceName,
  k3sClusterCidr,
  k3sComponent,
  k3sServiceCidr,
  kubeletArg,
  loadBalancerAlgorithm,
  loadBalancerDestinationPort,
  loadBalancerProtocol,
  loadBalancerServiceListIssues,
  loadBalancerType,
  networkIpRange,
  nodeLabels,
  nodeTaints,
  poolName,
  poolServerCount,
  portNumber,
  serverImage,
  sshKeyListIssues,
  sshKeyName,
  sshPort,
  sshPublicKey,
  sshUser,
  tlsSan,
  volumeFormat,
  volumeMountPath,
  volumeSize,
} from "../validation/hcloud";
import { K3S_SUPPORTED_MINORS, k3sChannel, k3sVersion } from "../validation/k3s-version";
import { cronExpression, endpointHost, s3Bucket, s3Region } from "../validation";

/*
 * The `hcloud` section of the platform config: the props of K3sCluster (src/hcloud/k3s-cluster.ts) as a
 * file gives them. Each field is the construct's rule with the construct's default; the rules across
 * fields are the construct's own (k3sClusterIssues). Nothing here is decided twice.
 */

// Rules and names that lived here before 0.6.0, for code that imports them from this path.
export { DEFAULT_LOAD_BALANCER_SERVICES, nodeNames } from "../hcloud/node-pool";
export { controlPlaneNames } from "../hcloud/control-plane";
export {
  HETZNER_FIREWALL_LIMITS,
  HETZNER_NETWORK_MAX_SERVERS,
  K3S_DEFAULT_CLUSTER_CIDR,
  K3S_DEFAULT_SERVICE_CIDR,
  K3S_NODE_POD_PREFIX,
  K3S_PORTS_TEXT,
  K3S_TCP_PORTS,
  K3S_UDP_PORTS,
  NETWORK_IP_RANGE_RULE,
  NODE_PORT_RANGE,
  RFC1918_RANGES,
  SYSTEM_ACCOUNTS,
  SYSTEM_DIRECTORIES,
  WIDEST_ALLOWED_SOURCE,
  clusterName,
  interfaceName,
  isWideSource,
  k3sPortHit,
  k3sPortOpenedProblem,
  k3sRangeClashes,
  k3sRangeProblem,
  k3sRangeRule,
  kubeletArgProblem,
  kubeletLabelKey,
  loadBalancerDestinationProblem,
  loadBalancerSshProblem,
  mountPathProblem,
  networkIpRangeProblem,
  normalizePath,
  parsePortRange,
  podRangeCapacity,
  podRangeCapacityProblem,
  sshPortOpenedProblem,
  sshPortProblem,
  sshPublicKey,
  sshUserProblem,
  wideSourceRule,
} from "../validation/hcloud";
export type { K3sRangeClash, PortRange } from "../validation/hcloud";
export {
  K3S_CHANNEL,
  K3S_CHANNEL_RULE,
  K3S_SUPPORTED_MINORS,
  K3S_SUPPORTED_VERSION,
  K3S_VERSION_FORMAT_RULE,
  K3S_VERSION_RULE,
  k3sVersionProblem,
} from "../validation/k3s-version";

/** A Hetzner server type that can be ordered today; retired types are rejected with their replacement. */
export const serverTypeSchema = hetznerServerType;

/** A Hetzner location such as `nbg1`. */
export const locationSchema = hetznerLocation;

/** Adds the issues a rule across fields found, at their paths under the refined value. */
function addIssues(ctx: z.RefinementCtx, issues: readonly FieldIssue[]): void {
  for (const { path, input, message } of issues) ctx.addIssue({ code: "custom", path: [...path], input, message });
}

/** A block volume attached to every server of a node pool. */
export const nodePoolVolumeSchema = z.strictObject({
  size: volumeSize.describe("Volume size in GB (Hetzner allows 10 to 10240)."),
  format: volumeFormat.default(NODE_POOL_VOLUME_DEFAULTS.format).describe("Filesystem the volume is formatted with."),
  mountPath: volumeMountPath
    .default(NODE_POOL_VOLUME_DEFAULTS.mountPath)
    .describe(
      "Stable path the volume is mounted at on the node (given to Longhorn as its second disk): absolute, normalized, not '/', a system directory, /home or the SSH user's home.",
    ),
  deleteProtection: z
    .boolean()
    .default(NODE_POOL_VOLUME_DEFAULTS.deleteProtection)
    .describe(
      "Hetzner's delete protection of the pool's volumes (on by default: they hold the storage nodes' data). Set it to false and apply before removing the pool, shrinking it or replacing a volume.",
    ),
});

/** A service of a pool's load balancer. */
export const loadBalancerServiceSchema = z.strictObject({
  protocol: loadBalancerProtocol
    .default(NODE_POOL_LOAD_BALANCER_SERVICE_DEFAULTS.protocol)
    .describe("Service protocol (tcp passes TLS through)."),
  listenPort: portNumber.describe("Port the load balancer listens on."),
  destinationPort: loadBalancerDestinationPort.describe("Port on the nodes; never one of k3s's ports or the SSH port."),
  proxyprotocol: z
    .boolean()
    .default(NODE_POOL_LOAD_BALANCER_SERVICE_DEFAULTS.proxyprotocol)
    .describe("Send the PROXY protocol header to the nodes."),
});

/** A Hetzner load balancer in front of a pool (targets use the private network). */
export const loadBalancerSchema = z.strictObject({
  type: loadBalancerType.default(NODE_POOL_LOAD_BALANCER_DEFAULTS.type).describe("Load balancer type."),
  algorithm: loadBalancerAlgorithm.default(NODE_POOL_LOAD_BALANCER_DEFAULTS.algorithm).describe("Balancing algorithm."),
  services: z
    .array(loadBalancerServiceSchema)
    .min(1)
    .optional()
    .describe(
      "Forwarded ports; default 80 and 443 over TCP. On Traefik's pool (traefik.loadBalancerPool) Traefik's 80 and 443 come from the traefik section: list only other ports here.",
    )
    .superRefine((services, ctx) => addIssues(ctx, loadBalancerServiceListIssues(services ?? []))),
});

/** A pool of identical agent nodes. */
export const nodePoolSchema = z.strictObject({
  name: poolName.describe("Pool name; nodes are named <cluster>-<pool>-<NN>."),
  serverType: hetznerServerType.describe("Hetzner server type, e.g. cx33."),
  location: hetznerLocation.optional().describe("Hetzner location; defaults to hcloud.location."),
  count: poolServerCount.describe("Number of servers."),
  labels: nodeLabels.default({ ...NODE_POOL_DEFAULTS.labels }).describe("Kubernetes node labels set by k3s at registration."),
  taints: nodeTaints.default([...NODE_POOL_DEFAULTS.taints]).describe("Kubernetes node taints, 'key[=value]:Effect'."),
  privateInterface: interfaceName
    .optional()
    .describe("Private network interface; defaults to the one of the server type (enp7s0, ens10 on old cx*1/ccx*1)."),
  volume: nodePoolVolumeSchema.optional().describe("Block volume attached to each server of the pool."),
  loadBalancer: loadBalancerSchema.optional().describe("Load balancer in front of the pool's servers."),
});

/** A firewall rule opening a port of the agent nodes. */
export const inboundRuleSchema = z.strictObject({
  protocol: firewallProtocol.describe("Protocol."),
  port: firewallPort.describe("Port or range; never the SSH port or one of k3s's ports."),
  sourceIps: firewallSources.default([...FIREWALL_INBOUND_RULE_DEFAULTS.sourceIps]).describe("Allowed sources; defaults to everyone."),
  description: firewallRuleDescription.optional().describe("Description of the rule."),
});

/** The agents' firewall takes Hetzner's 50 rules less its own two (ICMP and SSH). */
const WORKER_INBOUND_LIMIT = inboundRuleLimit(false, "the agents' firewall");

/** The Hetzner Cloud project: network, control plane and node pools (the props of K3sCluster). */
export const hcloudSchema = z
  .strictObject({
    location: hetznerLocation.default(K3S_CLUSTER_DEFAULTS.location).describe("Default Hetzner location of servers."),
    networkZone: hetznerNetworkZone.default(K3S_CLUSTER_DEFAULTS.networkZone).describe("Network zone of the private subnet."),
    networkIpRange: networkIpRange
      .default(K3S_CLUSTER_DEFAULTS.networkIpRange)
      .describe("Private network; control planes get .0.2-.0.4, pool N (from 1) gets .N.1-.N.99, its load balancer .N.254."),
    image: serverImage.default(K3S_CLUSTER_DEFAULTS.image).describe("OS image of every server (Ubuntu or Debian)."),
    allowedIps: firewallSources.describe(
      "Sources allowed to reach SSH and the Kubernetes API (e.g. your public IP as '203.0.113.4/32'); none wider than /8 (IPv4) or /32 (IPv6) unless allowAnySource.",
    ),
    allowAnySource: z
      .boolean()
      .default(K3S_CLUSTER_DEFAULTS.allowAnySource)
      .describe(
        "Allow allowedIps wider than /8 (IPv4) or /32 (IPv6), 0.0.0.0/0 and ::/0 included: SSH and the Kubernetes API then answer that much of the internet. Off by default.",
      ),
    sshKeys: z
      .array(
        z.strictObject({
          name: sshKeyName.describe("Key name in the Hetzner project."),
          publicKey: sshPublicKey.describe("OpenSSH public key."),
        }),
      )
      .min(1)
      .describe("Public keys allowed to log in as ssh.user (and given to Hetzner so no root password is mailed).")
      .superRefine((keys, ctx) => addIssues(ctx, sshKeyListIssues(keys))),
    ssh: z
      .strictObject({
        user: sshUser
          .default(K3S_CLUSTER_SSH_DEFAULTS.user)
          .describe(
            "Sudo user created on every node; root login is disabled. Not an account or group of the image (root, ubuntu, sudo, ...).",
          ),
        port: sshPort.default(K3S_CLUSTER_SSH_DEFAULTS.port).describe("SSH port of every node; not a port k3s uses, nor a NodePort."),
      })
      .prefault({})
      .describe("SSH access to the nodes."),
    packages: z
      .array(debianPackage)
      .default([...K3S_CLUSTER_DEFAULTS.packages])
      .describe("Debian packages installed on every node (Longhorn needs open-iscsi and nfs-common)."),
    firewall: z
      .strictObject({
        workerInbound: z
          .array(inboundRuleSchema)
          .max(WORKER_INBOUND_LIMIT.max, { message: WORKER_INBOUND_LIMIT.message })
          .default([...K3S_CLUSTER_FIREWALL_DEFAULTS.workerInbound])
          .describe("Ports opened on the agent nodes' public interface (never the SSH port or k3s's ports)."),
      })
      .prefault({})
      .describe("Hetzner firewalls (the private network is not filtered)."),
    k3s: z
      .strictObject({
        channel: k3sChannel
          .default(K3S_CLUSTER_K3S_DEFAULTS.channel)
          .describe(
            `k3s release channel: stable, latest, testing, or a minor channel v1.${K3S_SUPPORTED_MINORS.oldest} to v1.${K3S_SUPPORTED_MINORS.newest}.`,
          ),
        version: k3sVersion
          .optional()
          .describe(
            `Exact k3s version (v1.${K3S_SUPPORTED_MINORS.oldest} to v1.${K3S_SUPPORTED_MINORS.newest}, e.g. v1.36.4+k3s1); overrides the channel.`,
          ),
        clusterCidr: k3sClusterCidr
          .default(CONTROL_PLANE_DEFAULTS.clusterCidr)
          .describe(
            "k3s's pod range (cluster-cidr), a /24 per node; apart from the network and the Service range. Set it before the cluster is created: k3s servers refuse to join with another one.",
          ),
        serviceCidr: k3sServiceCidr
          .default(CONTROL_PLANE_DEFAULTS.serviceCidr)
          .describe(
            "k3s's Service range (service-cidr); apart from the network and the pod range. Set it before the cluster is created: k3s servers refuse to join with another one.",
          ),
        tlsSans: z
          .array(tlsSan)
          .default([...CONTROL_PLANE_DEFAULTS.tlsSans])
          .describe("Extra names/IPs in the API server certificate (the public IPv4 is added by the node itself)."),
        disable: z
          .array(k3sComponent)
          .default([...CONTROL_PLANE_DEFAULTS.disable])
          .describe("Bundled components to disable."),
        kubeletArgs: z
          .array(kubeletArg)
          .default([...K3S_NODE_SETTINGS_DEFAULTS.kubeletArgs])
          .describe(
            "Extra kubelet arguments (all nodes), 'flag=value'; never switching off the kubelet's authentication or authorization, nor setting node-role labels.",
          ),
        secretsEncryption: z.boolean().default(CONTROL_PLANE_DEFAULTS.secretsEncryption).describe("Encrypt Secrets at rest."),
        wireguard: z
          .boolean()
          .default(CONTROL_PLANE_DEFAULTS.wireguard)
          .describe("Encrypt pod traffic with flannel's wireguard-native backend."),
        etcdS3Snapshots: z
          .strictObject({
            endpoint: endpointHost.describe("S3 endpoint host."),
            region: s3Region.describe("S3 region."),
            bucket: s3Bucket.describe("Bucket name."),
            folder: etcdS3Folder.optional().describe("Folder inside the bucket."),
            scheduleCron: cronExpression.default(ETCD_S3_SNAPSHOTS_DEFAULTS.scheduleCron).describe("Snapshot schedule."),
            retention: etcdSnapshotRetention.default(ETCD_S3_SNAPSHOTS_DEFAULTS.retention).describe("Snapshots kept."),
          })
          .optional()
          .describe("etcd snapshots to S3; keys are the sensitive variables s3_access_key and s3_secret_key."),
      })
      .prefault({})
      .describe("k3s installation."),
    controlPlane: z
      .strictObject({
        serverType: hetznerServerType
          .default(K3S_CLUSTER_CONTROL_PLANE_DEFAULTS.serverType)
          .describe("Hetzner server type of control plane servers."),
        location: hetznerLocation.optional().describe("Hetzner location; defaults to hcloud.location."),
        count: controlPlaneCount.default(K3S_CLUSTER_CONTROL_PLANE_DEFAULTS.count).describe("1, or 3 for embedded etcd HA."),
        labels: nodeLabels.default({ ...CONTROL_PLANE_DEFAULTS.labels }).describe("Kubernetes node labels set by k3s at registration."),
        taints: nodeTaints.default([...CONTROL_PLANE_DEFAULTS.taints]).describe("Taints of the control plane nodes."),
        privateInterface: interfaceName.optional().describe("Private network interface; defaults to the one of the server type."),
      })
      .prefault({})
      .describe("k3s servers, named <cluster>-controller-<NN>."),
    nodePools: z.array(nodePoolSchema).min(1).max(K3S_CLUSTER_MAX_NODE_POOLS).describe("Agent node pools."),
  })
  .superRefine((h, ctx) => addIssues(ctx, k3sClusterIssues(h, { fieldPrefix: "hcloud.", holder: "the config" })));

/** A node pool as given in configuration. */
export type NodePoolConfig = z.output<typeof nodePoolSchema>;
/** The hcloud section of the configuration: the props of K3sCluster (but `clusterName`), defaults applied. */
export type HcloudConfig = z.output<typeof hcloudSchema>;
