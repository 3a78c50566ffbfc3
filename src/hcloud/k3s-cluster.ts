import { Fn, Token } from "cdktf";
import { Construct } from "constructs";
import { z } from "zod";
import { spreadGroupNames, hetznerLocation, hetznerNetworkZone, placementProblems } from "./catalog";
import { ClusterToken } from "./cluster-token";
import { shellQuote } from "./cloud-init";
import {
  CONTROL_PLANE_DEFAULTS,
  ControlPlane,
  ControlPlaneProps,
  EtcdS3Snapshots,
  checkControlPlaneNodes,
  checkK3sServerConfig,
} from "./control-plane";
import { IN_CLOUD_CONFIG, K3S_NODE_SETTINGS_DEFAULTS, K3sNodeSettings } from "./k3s-node";
import {
  FIREWALL_INBOUND_RULE_DEFAULTS,
  FirewallInboundRule,
  NodeFirewall,
  firewallSources,
  inboundRuleIssues,
  inboundRuleLimit,
  wideSourceIssues,
} from "./node-firewall";
import {
  NODE_POOL_DEFAULTS,
  NodePool,
  NodePoolLoadBalancer,
  NodePoolProps,
  NodePoolVolume,
  checkNodePoolFields,
  loadBalancerSshIssues,
  mountPathHomeIssues,
} from "./node-pool";
import { PrivateNetwork } from "./private-network";
import {
  FieldIssue,
  HETZNER_NETWORK_MAX_SERVERS,
  K3S_RANGE_NAMES,
  clusterName,
  debianPackage,
  firewallPort,
  firewallProtocol,
  firewallRuleDescription,
  k3sRangeClashes,
  k3sRangeProblem,
  kubeletArg,
  networkIpRange,
  networkIpRangeProblem,
  podRangeCapacity,
  podRangeCapacityProblem,
  poolName,
  serverImage,
  sshKeyListIssues,
  sshKeyName,
  sshPort,
  sshPublicKey,
  sshUser,
} from "../validation/hcloud";
import { k3sChannel, k3sVersion } from "../validation/k3s-version";
import { KUBECONFIG_TEXT, KUBECONFIG_TEXT_RULE, PropIssues, duplicates, formatPath, isUnresolved } from "../validation";
import { SshKey } from "../providers/hcloud/ssh-key";

/** Credentials of the etcd snapshot bucket, as Terraform references (sensitive variables). */
export interface EtcdS3Credentials {
  /** Access key id. */
  readonly accessKey: string;
  /** Secret access key. */
  readonly secretKey: string;
}

/** A public key given to Hetzner and to the nodes' sudo user. */
export interface K3sClusterSshKey {
  /** Key name in the Hetzner project, a DNS-1123 label, each once. Must be known at synth time: it names the key's construct id. */
  readonly name: string;
  /** OpenSSH public key line (each key once). Must be known at synth time: it is written into the nodes' cloud-config. */
  readonly publicKey: string;
}

/** SSH access to the nodes. Must be known at synth time: both are written into the nodes' cloud-config. */
export interface K3sClusterSsh {
  /**
   * Sudo user created on every node; root login is disabled. Not an account or group of the image
   * (root, ubuntu, sudo, ...).
   * @default "k3s-admin"
   */
  readonly user?: string;
  /**
   * SSH port of every node; not a port k3s uses, nor a NodePort.
   * @default 22
   */
  readonly port?: number;
}

/** The defaults of {@link K3sClusterSsh}. */
export const K3S_CLUSTER_SSH_DEFAULTS = { user: "k3s-admin", port: 22 } as const satisfies K3sClusterSsh;

/** The agents' firewall (the private network is not filtered). */
export interface K3sClusterFirewall {
  /**
   * Ports opened on the agent nodes' public interface: never the SSH port or k3s's ports, at most 48
   * rules. Ports and sources may be tokens.
   * @default []
   */
  readonly workerInbound?: readonly FirewallInboundRule[];
}

/** The defaults of {@link K3sClusterFirewall}. */
export const K3S_CLUSTER_FIREWALL_DEFAULTS = { workerInbound: [] } as const satisfies K3sClusterFirewall;

/** etcd snapshots to S3; the bucket's keys are {@link K3sClusterProps.etcdS3Credentials}. */
export type K3sClusterEtcdS3Snapshots = Omit<EtcdS3Snapshots, "accessKeyJson" | "secretKeyJson">;

/**
 * The k3s installation of every node. Must be known at synth time: all of it is written into the nodes'
 * cloud-config.
 */
export interface K3sClusterK3s
  extends
    Pick<ControlPlaneProps, "clusterCidr" | "serviceCidr" | "tlsSans" | "disable" | "secretsEncryption" | "wireguard">,
    Pick<K3sNodeSettings, "kubeletArgs"> {
  /**
   * k3s release channel: stable, latest, testing, or a supported minor channel such as `v1.36`.
   * @default "stable"
   */
  readonly channel?: string;
  /**
   * Exact k3s version of a supported minor, e.g. `v1.36.4+k3s1`; overrides the channel.
   * @default - the channel's current release
   */
  readonly version?: string;
  /**
   * etcd snapshots to an S3 bucket; needs {@link K3sClusterProps.etcdS3Credentials}.
   * @default - local snapshots only
   */
  readonly etcdS3Snapshots?: K3sClusterEtcdS3Snapshots;
}

/** The defaults of {@link K3sClusterK3s} (the servers' own are {@link CONTROL_PLANE_DEFAULTS}). */
export const K3S_CLUSTER_K3S_DEFAULTS = { channel: "stable" } as const satisfies K3sClusterK3s;

/** The k3s servers, named `<cluster>-controller-<NN>`. */
export interface K3sClusterControlPlane extends Pick<ControlPlaneProps, "labels" | "taints" | "privateInterface"> {
  /**
   * Hetzner server type of the servers. Must be known at synth time unless `privateInterface` is set.
   * @default "cx23"
   */
  readonly serverType?: string;
  /**
   * Hetzner location of the servers.
   * @default - the cluster's location
   */
  readonly location?: string;
  /**
   * 1, or 3 for embedded etcd HA. Must be known at synth time: it decides how many servers exist.
   * @default 1
   */
  readonly count?: number;
}

/** The defaults of {@link K3sClusterControlPlane} (labels and taints: {@link CONTROL_PLANE_DEFAULTS}). */
export const K3S_CLUSTER_CONTROL_PLANE_DEFAULTS = { serverType: "cx23", count: 1 } as const satisfies K3sClusterControlPlane;

/** A pool of identical agent nodes, named `<cluster>-<pool>-<NN>` (see {@link NodePoolProps}). */
export interface K3sClusterNodePool extends Pick<
  NodePoolProps,
  "name" | "serverType" | "count" | "labels" | "taints" | "privateInterface" | "volume" | "loadBalancer"
> {
  /**
   * Hetzner location of the pool's servers, volumes and load balancer.
   * @default - the cluster's location
   */
  readonly location?: string;
}

/** The most node pools a cluster has. */
export const K3S_CLUSTER_MAX_NODE_POOLS = 50;

/**
 * Props of {@link K3sCluster}: the shape of the `hcloud` section of the platform config (so that
 * `{ clusterName, ...config.hcloud }` are props), every field a construct prop with its default.
 *
 * What names resources or decides how many exist (the cluster, pool and key names, the counts) and what
 * is written into the nodes' cloud-config (SSH, packages, k3s, labels, taints, mount paths, the network
 * range the addresses derive from) must be known at synth time. Locations, the network zone, the image,
 * the allowed sources, the agents' firewall rules, volume sizes and load balancer destination ports may
 * be tokens; the rules across props (a location in the network's zone, the SSH port against firewall
 * rules and load balancers...) then skip them.
 */
export interface K3sClusterProps {
  /**
   * Cluster name (DNS label of at most 20 characters that starts with a letter), prefix of every node
   * name. Must be known at synth time: it begins the servers' Terraform addresses.
   */
  readonly clusterName: string;
  /**
   * Default Hetzner location of servers.
   * @default "nbg1"
   */
  readonly location?: string;
  /**
   * Network zone of the private subnet; every location must be in it.
   * @default "eu-central"
   */
  readonly networkZone?: string;
  /**
   * Private /16 network: control planes get `.0.2-.0.4`, pool N (from 1) `.N.1-.N.99`, its load balancer
   * `.N.254`; apart from k3s's ranges. Must be known at synth time: the address plan derives from it.
   * @default "10.0.0.0/16"
   */
  readonly networkIpRange?: string;
  /**
   * OS image of every server (Ubuntu or Debian).
   * @default "ubuntu-24.04"
   */
  readonly image?: string;
  /**
   * Sources allowed to reach SSH and the Kubernetes API (e.g. `203.0.113.4/32`), 1 to 100; none wider
   * than /8 (IPv4) or /32 (IPv6) unless {@link allowAnySource}.
   */
  readonly allowedIps: readonly string[];
  /**
   * Allow `allowedIps` wider than /8 (IPv4) or /32 (IPv6), `0.0.0.0/0` and `::/0` included.
   * @default false
   */
  readonly allowAnySource?: boolean;
  /** Public keys allowed to log in as the SSH user (and given to Hetzner so no root password is mailed); at least one. */
  readonly sshKeys: readonly K3sClusterSshKey[];
  /**
   * SSH access to the nodes.
   * @default - each field's default
   */
  readonly ssh?: K3sClusterSsh;
  /**
   * Debian packages installed on every node (Longhorn needs open-iscsi and nfs-common). Must be known at
   * synth time.
   * @default ["nfs-common", "open-iscsi"]
   */
  readonly packages?: readonly string[];
  /**
   * The agents' firewall.
   * @default - each field's default
   */
  readonly firewall?: K3sClusterFirewall;
  /**
   * The k3s installation.
   * @default - each field's default
   */
  readonly k3s?: K3sClusterK3s;
  /**
   * The k3s servers.
   * @default - each field's default
   */
  readonly controlPlane?: K3sClusterControlPlane;
  /** The agent node pools, 1 to 50, each name once. */
  readonly nodePools: readonly K3sClusterNodePool[];
  /**
   * Bucket credentials; required when `k3s.etcdS3Snapshots` is set.
   * @default - none
   */
  readonly etcdS3Credentials?: EtcdS3Credentials;
  /**
   * An existing join token to adopt when the token is created (see
   * {@link ClusterTokenProps.adopt}): a Terraform reference to a sensitive string.
   * @default - generate a new token
   */
  readonly adoptToken?: string;
}

/** The defaults of {@link K3sClusterProps}. */
export const K3S_CLUSTER_DEFAULTS = {
  location: "nbg1",
  networkZone: "eu-central",
  networkIpRange: "10.0.0.0/16",
  image: "ubuntu-24.04",
  allowAnySource: false,
  packages: ["nfs-common", "open-iscsi"],
} as const satisfies Partial<K3sClusterProps>;

/**
 * What the rules across a cluster's fields read ({@link k3sClusterIssues}), every default applied: the
 * output of the config's `hcloud` section, or a {@link K3sCluster}'s resolved props.
 */
export interface K3sClusterRuleInput {
  readonly location: string;
  readonly networkZone: string;
  readonly networkIpRange: string;
  readonly allowedIps: readonly string[];
  readonly allowAnySource: boolean;
  readonly ssh: { readonly user: string; readonly port: number };
  readonly firewall: { readonly workerInbound: readonly Pick<FirewallInboundRule, "protocol" | "port">[] };
  readonly k3s: { readonly clusterCidr: string; readonly serviceCidr: string };
  readonly controlPlane: { readonly serverType: string; readonly location?: string; readonly count: number };
  readonly nodePools: readonly {
    readonly name: string;
    readonly serverType: string;
    readonly location?: string;
    readonly count: number;
    readonly volume?: NodePoolVolume;
    readonly loadBalancer?: NodePoolLoadBalancer;
  }[];
}

/** How {@link k3sClusterIssues} names the fields in its messages. */
export interface K3sClusterIssueNames {
  /** Prefix of the other fields a message names: `hcloud.` in the config, none for props. */
  readonly fieldPrefix: string;
  /** What holds the nodes, in messages: "the config", "the cluster". */
  readonly holder: string;
}

/** A whole number of servers, at least one: what the rules across fields count with. */
const countable = (n: number) => !isUnresolved(n) && Number.isInteger(n) && n >= 1;

/**
 * The rules across the fields of a cluster (issue 12, items 4-6), shared by {@link K3sCluster} and the
 * config's `hcloud` section: pool names and their placement groups, locations against the network's
 * zone and the server types sold there, sources of SSH and the Kubernetes API, the SSH port against the
 * firewall and load balancers, volumes against the SSH user's home, the network against k3s's ranges,
 * and room for every node in the pod range and on one network. A value that is a token, or refused on
 * its own (with its own message), is skipped.
 */
export function k3sClusterIssues(c: K3sClusterRuleInput, names: K3sClusterIssueNames): FieldIssue[] {
  const f = (field: string) => `${names.fieldPrefix}${field}`;
  const found: FieldIssue[] = [];
  const under = (prefix: readonly (string | number)[], issues: readonly FieldIssue[]) =>
    found.push(...issues.map((i) => ({ ...i, path: [...prefix, ...i.path] })));
  const issue = (path: (string | number)[], input: unknown, message: string) => found.push({ path, input, message });

  const duplicateNames = duplicates(c.nodePools.map((p) => p.name).filter((n) => !isUnresolved(n)));
  for (const name of duplicateNames) {
    issue(["nodePools"], name, `pool name '${name}' is used more than once; pool names must be unique`);
  }
  // Placement groups are named <cluster>-<pool>, then <cluster>-<pool>-2, -3... past each SPREAD_GROUP_LIMIT servers:
  // pools 'a' (11 nodes) and 'a-2' would both create <cluster>-a-2. The control plane's, <cluster>-controller,
  // cannot clash: the pool name rule reserves 'controller' and 'controller-<NN>'. A pool name used twice is
  // reported above, and a name or count refused on its own has its own message: neither is reported again here.
  if (duplicateNames.length === 0) {
    const groups = new Map<string, string>();
    c.nodePools.forEach((p, i) => {
      if (isUnresolved(p.name) || !poolName.safeParse(p.name).success || !countable(p.count)) return;
      for (const name of spreadGroupNames(p.name, p.count)) {
        const owner = groups.get(name);
        if (owner) {
          issue(
            ["nodePools", i, "name"],
            p.name,
            `its placement group '<cluster>-${name}' would also be the placement group of ${owner}; rename one of the pools`,
          );
        }
        groups.set(name, `pool '${p.name}'`);
      }
    });
  }
  under(["controlPlane"], placementProblems(c.controlPlane.serverType, c.controlPlane.location ?? c.location, c.networkZone));
  c.nodePools.forEach((p, i) => under(["nodePools", i], placementProblems(p.serverType, p.location ?? c.location, c.networkZone)));

  under(["allowedIps"], wideSourceIssues(c.allowedIps, c.allowAnySource, f("allowAnySource")));
  under(["firewall", "workerInbound"], inboundRuleIssues(c.firewall.workerInbound, c.ssh.port, f("ssh.port"), f("allowedIps")));
  c.nodePools.forEach((pool, i) => {
    under(["nodePools", i, "loadBalancer"], loadBalancerSshIssues(pool.loadBalancer, c.ssh.port, f("ssh.port")));
    under(["nodePools", i, "volume"], mountPathHomeIssues(pool.volume, c.ssh.user, f("ssh.user")));
  });

  const { clusterCidr, serviceCidr } = c.k3s;
  const rangesKnown = [c.networkIpRange, clusterCidr, serviceCidr].every((r) => !isUnresolved(r));
  const rangesValid =
    rangesKnown &&
    !networkIpRangeProblem(c.networkIpRange) &&
    !k3sRangeProblem("clusterCidr", clusterCidr) &&
    !k3sRangeProblem("serviceCidr", serviceCidr);
  if (rangesValid) {
    for (const { range, other, why } of k3sRangeClashes(c.networkIpRange, clusterCidr, serviceCidr)) {
      const value = c.k3s[range];
      if (other === "network" && value === CONTROL_PLANE_DEFAULTS[range]) {
        // k3s's range was left at its default: the network's range is the one to change.
        const name = `k3s's ${K3S_RANGE_NAMES[range]} range ${f(`k3s.${range}`)} (${value}, the default)`;
        issue(["networkIpRange"], c.networkIpRange, `must not overlap ${name}: ${why}`);
      } else {
        const name = other === "network" ? `${f("networkIpRange")} (${c.networkIpRange})` : `${f(`k3s.${other}`)} (${c.k3s[other]})`;
        issue(["k3s", range], value, `must not overlap ${name}: ${why}`);
      }
    }
  }

  const counts = [c.controlPlane.count, ...c.nodePools.map((p) => p.count)];
  if (counts.every(countable)) {
    const inPools = c.nodePools.reduce((sum, p) => sum + p.count, 0);
    const servers = c.controlPlane.count + inPools;
    const capacity = isUnresolved(clusterCidr) || k3sRangeProblem("clusterCidr", clusterCidr) ? undefined : podRangeCapacity(clusterCidr);
    if (capacity !== undefined && servers > capacity) {
      issue(["k3s", "clusterCidr"], clusterCidr, podRangeCapacityProblem(clusterCidr, capacity, servers, names.holder));
    }
    if (servers > HETZNER_NETWORK_MAX_SERVERS) {
      issue(
        ["nodePools"],
        servers,
        `must hold at most ${HETZNER_NETWORK_MAX_SERVERS} servers together with the control plane: Hetzner attaches at most ${HETZNER_NETWORK_MAX_SERVERS} servers to one network (here ${c.controlPlane.count} + ${inPools})`,
      );
    }
  }
  return found;
}

/** A cluster's props with every default applied. */
function resolvedCluster(props: K3sClusterProps) {
  const d = K3S_CLUSTER_DEFAULTS;
  const cp = props.controlPlane;
  const k3s = props.k3s;
  const location = props.location ?? d.location;
  return {
    clusterName: props.clusterName,
    location,
    networkZone: props.networkZone ?? d.networkZone,
    networkIpRange: props.networkIpRange ?? d.networkIpRange,
    image: props.image ?? d.image,
    allowedIps: props.allowedIps,
    allowAnySource: props.allowAnySource ?? d.allowAnySource,
    sshKeys: props.sshKeys,
    ssh: {
      user: props.ssh?.user ?? K3S_CLUSTER_SSH_DEFAULTS.user,
      port: props.ssh?.port ?? K3S_CLUSTER_SSH_DEFAULTS.port,
    },
    packages: props.packages ?? d.packages,
    firewall: {
      workerInbound: (props.firewall?.workerInbound ?? K3S_CLUSTER_FIREWALL_DEFAULTS.workerInbound).map((rule) => ({
        ...rule,
        sourceIps: rule.sourceIps ?? FIREWALL_INBOUND_RULE_DEFAULTS.sourceIps,
      })),
    },
    k3s: {
      channel: k3s?.channel ?? K3S_CLUSTER_K3S_DEFAULTS.channel,
      version: k3s?.version,
      clusterCidr: k3s?.clusterCidr ?? CONTROL_PLANE_DEFAULTS.clusterCidr,
      serviceCidr: k3s?.serviceCidr ?? CONTROL_PLANE_DEFAULTS.serviceCidr,
      tlsSans: k3s?.tlsSans ?? CONTROL_PLANE_DEFAULTS.tlsSans,
      disable: k3s?.disable ?? CONTROL_PLANE_DEFAULTS.disable,
      kubeletArgs: k3s?.kubeletArgs ?? K3S_NODE_SETTINGS_DEFAULTS.kubeletArgs,
      secretsEncryption: k3s?.secretsEncryption ?? CONTROL_PLANE_DEFAULTS.secretsEncryption,
      wireguard: k3s?.wireguard ?? CONTROL_PLANE_DEFAULTS.wireguard,
      etcdS3Snapshots: k3s?.etcdS3Snapshots,
    },
    controlPlane: {
      serverType: cp?.serverType ?? K3S_CLUSTER_CONTROL_PLANE_DEFAULTS.serverType,
      location: cp?.location,
      count: cp?.count ?? K3S_CLUSTER_CONTROL_PLANE_DEFAULTS.count,
      labels: cp?.labels ?? CONTROL_PLANE_DEFAULTS.labels,
      taints: cp?.taints ?? CONTROL_PLANE_DEFAULTS.taints,
      privateInterface: cp?.privateInterface,
    },
    nodePools: props.nodePools.map((pool) => ({
      ...pool,
      labels: pool.labels ?? NODE_POOL_DEFAULTS.labels,
      taints: pool.taints ?? NODE_POOL_DEFAULTS.taints,
    })),
  };
}

/**
 * A k3s cluster on Hetzner Cloud: private network, SSH keys, firewalls, the
 * control plane and the agent node pools, every node set up by cloud-init.
 *
 * Its props have the shape of the platform config's `hcloud` section; it checks them all at once, with
 * the same rules and words as the config (the paths without `hcloud.`), before building anything.
 */
export class K3sCluster extends Construct {
  /** The private network and its address plan. */
  public readonly network: PrivateNetwork;
  /** The Hetzner SSH keys, in the order of `sshKeys`. */
  public readonly sshKeys: readonly SshKey[];
  /** Firewall of the control plane (SSH, ICMP, Kubernetes API from allowed IPs). */
  public readonly controlPlaneFirewall: NodeFirewall;
  /** Firewall of the agents (SSH, ICMP from allowed IPs, configured ports). */
  public readonly agentFirewall: NodeFirewall;
  /** The join token (sensitive, generated once). */
  public readonly token: ClusterToken;
  /** The k3s servers. */
  public readonly controlPlane: ControlPlane;
  /** The agent pools, by pool name. */
  public readonly nodePools: Readonly<Record<string, NodePool>>;
  /** The cluster name. */
  public readonly clusterName: string;
  /** SSH user of the nodes. */
  public readonly sshUser: string;
  /** SSH port of the nodes. */
  public readonly sshPort: number;

  constructor(scope: Construct, id: string, props: K3sClusterProps) {
    super(scope, id);
    const config = resolvedCluster(props);
    this.validate(props, config);
    const cluster = config.clusterName;
    this.clusterName = cluster;
    const labels = { cluster };
    this.sshUser = config.ssh.user;
    this.sshPort = config.ssh.port;

    this.network = new PrivateNetwork(this, "Network", {
      name: cluster,
      ipRange: config.networkIpRange,
      networkZone: config.networkZone,
      labels,
    });
    this.sshKeys = config.sshKeys.map((k) => new SshKey(this, `SshKey-${k.name}`, { name: k.name, publicKey: k.publicKey, labels }));
    this.controlPlaneFirewall = new NodeFirewall(this, "ControlPlaneFirewall", {
      name: `${cluster}-controller`,
      allowedIps: config.allowedIps,
      allowAnySource: config.allowAnySource,
      sshPort: config.ssh.port,
      kubernetesApi: true,
      labels,
    });
    this.agentFirewall = new NodeFirewall(this, "AgentFirewall", {
      name: `${cluster}-agent`,
      allowedIps: config.allowedIps,
      allowAnySource: config.allowAnySource,
      sshPort: config.ssh.port,
      inbound: config.firewall.workerInbound,
      labels,
    });
    this.token = new ClusterToken(this, "Token", { logicalId: `${cluster.replace(/-/g, "_")}_k3s_token`, adopt: props.adoptToken });

    const settings: K3sNodeSettings = {
      clusterName: cluster,
      image: config.image,
      network: this.network,
      sshKeyIds: this.sshKeys.map((k) => k.id),
      sshUser: config.ssh.user,
      sshPort: config.ssh.port,
      sshAuthorizedKeys: config.sshKeys.map((k) => k.publicKey),
      packages: config.packages,
      k3sChannel: config.k3s.channel,
      k3sVersion: config.k3s.version,
      k3sToken: this.token.value,
      kubeletArgs: config.k3s.kubeletArgs,
    };

    const s3 = config.k3s.etcdS3Snapshots;
    const cp = config.controlPlane;
    this.controlPlane = new ControlPlane(this, "ControlPlane", {
      settings,
      serverType: cp.serverType,
      location: cp.location ?? config.location,
      count: cp.count,
      firewallIds: [Token.asNumber(this.controlPlaneFirewall.firewall.id)],
      labels: cp.labels,
      taints: cp.taints,
      privateInterface: cp.privateInterface,
      tlsSans: config.k3s.tlsSans,
      disable: config.k3s.disable,
      secretsEncryption: config.k3s.secretsEncryption,
      wireguard: config.k3s.wireguard,
      clusterCidr: config.k3s.clusterCidr,
      serviceCidr: config.k3s.serviceCidr,
      etcdS3Snapshots:
        s3 && props.etcdS3Credentials
          ? {
              ...s3,
              accessKeyJson: Fn.jsonencode(props.etcdS3Credentials.accessKey),
              secretKeyJson: Fn.jsonencode(props.etcdS3Credentials.secretKey),
            }
          : undefined,
    });

    const pools: Record<string, NodePool> = {};
    config.nodePools.forEach((pool, poolIndex) => {
      pools[pool.name] = new NodePool(this, `NodePool-${pool.name}`, {
        settings,
        poolIndex,
        name: pool.name,
        serverType: pool.serverType,
        location: pool.location ?? config.location,
        count: pool.count,
        labels: pool.labels,
        taints: pool.taints,
        privateInterface: pool.privateInterface,
        volume: pool.volume,
        loadBalancer: pool.loadBalancer,
        serverUrl: this.controlPlane.serverUrl,
        firewallIds: [Token.asNumber(this.agentFirewall.firewall.id)],
      });
    });
    this.nodePools = pools;
  }

  /** Checks every prop, with the rules (and words) of the config's `hcloud` section, before anything is built. */
  private validate(props: K3sClusterProps, c: ReturnType<typeof resolvedCluster>): void {
    const issues = new PropIssues();
    issues.known("clusterName", c.clusterName, "it begins every node name, so the servers' Terraform addresses");
    issues.check("clusterName", c.clusterName, clusterName);
    issues.check("location", c.location, hetznerLocation);
    issues.check("networkZone", c.networkZone, hetznerNetworkZone);
    issues.known("networkIpRange", c.networkIpRange, "the address plan, every node's private IP, derives from it");
    issues.check("networkIpRange", c.networkIpRange, networkIpRange);
    issues.check("image", c.image, serverImage);
    issues.check("allowedIps", c.allowedIps, firewallSources);
    issues.check("sshKeys", c.sshKeys, z.array(z.unknown()).min(1));
    c.sshKeys.forEach((key, i) => {
      issues.known(`sshKeys[${i}].name`, key.name, "it names the key's construct id");
      issues.check(`sshKeys[${i}].name`, key.name, sshKeyName);
      issues.known(`sshKeys[${i}].publicKey`, key.publicKey, IN_CLOUD_CONFIG);
      issues.check(`sshKeys[${i}].publicKey`, key.publicKey, sshPublicKey);
    });
    for (const p of sshKeyListIssues(c.sshKeys)) issues.bad(formatPath(["sshKeys", ...p.path]), p.input, p.message);
    issues.known("ssh.user", c.ssh.user, IN_CLOUD_CONFIG);
    issues.check("ssh.user", c.ssh.user, sshUser);
    issues.known("ssh.port", c.ssh.port, IN_CLOUD_CONFIG);
    issues.check("ssh.port", c.ssh.port, sshPort);
    issues.known("packages", c.packages, IN_CLOUD_CONFIG);
    issues.check("packages", c.packages, z.array(debianPackage));

    const inbound = c.firewall.workerInbound;
    const limit = inboundRuleLimit(false, "the agents' firewall");
    if (inbound.length > limit.max) issues.bad("firewall.workerInbound", inbound, limit.message);
    inbound.forEach((rule, i) => {
      issues.check(`firewall.workerInbound[${i}].protocol`, rule.protocol, firewallProtocol);
      issues.check(`firewall.workerInbound[${i}].port`, rule.port, firewallPort);
      issues.check(`firewall.workerInbound[${i}].sourceIps`, rule.sourceIps, firewallSources);
      issues.check(`firewall.workerInbound[${i}].description`, rule.description, firewallRuleDescription);
    });

    issues.known("k3s.channel", c.k3s.channel, IN_CLOUD_CONFIG);
    issues.check("k3s.channel", c.k3s.channel, k3sChannel);
    issues.known("k3s.version", c.k3s.version, IN_CLOUD_CONFIG);
    issues.check("k3s.version", c.k3s.version, k3sVersion);
    issues.known("k3s.kubeletArgs", c.k3s.kubeletArgs, IN_CLOUD_CONFIG);
    issues.check("k3s.kubeletArgs", c.k3s.kubeletArgs, z.array(kubeletArg));
    checkK3sServerConfig(issues, "k3s.", c.k3s);
    if (c.k3s.etcdS3Snapshots && !props.etcdS3Credentials) {
      issues.bad("etcdS3Credentials", undefined, "must be given while k3s.etcdS3Snapshots is set");
    }

    checkControlPlaneNodes(issues, "controlPlane.", c.controlPlane);
    issues.check("nodePools", c.nodePools, z.array(z.unknown()).min(1).max(K3S_CLUSTER_MAX_NODE_POOLS));
    c.nodePools.forEach((pool, i) => checkNodePoolFields(issues, `nodePools[${i}].`, pool));

    for (const p of k3sClusterIssues(c, { fieldPrefix: "", holder: "the cluster" })) issues.bad(formatPath(p.path), p.input, p.message);
    issues.throwIfAny(`${this.node.path} props`);
  }

  /**
   * An OpenSSH client config: the first control plane by its public IP (`Host <cluster>`),
   * every node by name through it (ProxyJump over the private network).
   */
  public sshConfig(): string {
    const cluster = this.clusterName;
    const first = this.controlPlane.servers[0];
    const lines = [`Host ${cluster}`, `    HostName ${first.ipv4Address}`, `    User ${this.sshUser}`, `    Port ${this.sshPort}`, ""];
    const nodes: [string, string][] = [
      ...this.controlPlane.nodeNames.map((n, i): [string, string] => [n, this.controlPlane.privateIps[i]]),
      ...Object.values(this.nodePools).flatMap((p) => p.nodeNames.map((n, i): [string, string] => [n, p.privateIps[i]])),
    ];
    for (const [name, ip] of nodes) {
      lines.push(
        `Host ${name}`,
        `    HostName ${ip}`,
        `    HostKeyAlias ${name}`,
        `    User ${this.sshUser}`,
        `    Port ${this.sshPort}`,
        `    ProxyJump ${cluster}`,
        "",
      );
    }
    return lines.join("\n");
  }

  /**
   * A shell command that fetches the cluster's kubeconfig over SSH (see
   * {@link sshConfig}), points it at the first control plane's public IPv4 (in
   * the API certificate), names its cluster and user after the cluster and its
   * context `context`, and merges it into the kubeconfig at `configPath` (kept
   * otherwise). Users paste it into a shell: `configPath` and `context` are
   * single-quoted (a leading `~/` stays the home directory), so no value of
   * theirs runs as a command. Neither may contain a quote, a backslash or a
   * control character (`KUBECONFIG_TEXT`): single quotes cannot hold a
   * single quote, and the HCL output (`npm run synth:hcl`) cannot hold a double
   * quote in a string with a reference.
   */
  public kubeconfigCommand(configPath: string, context: string): string {
    const issues = new PropIssues();
    if (!KUBECONFIG_TEXT.test(configPath)) issues.bad("configPath", configPath, KUBECONFIG_TEXT_RULE);
    if (!KUBECONFIG_TEXT.test(context)) issues.bad("context", context, KUBECONFIG_TEXT_RULE);
    issues.throwIfAny(`${this.node.path} kubeconfigCommand`);
    const first = this.controlPlane.servers[0];
    // The cluster name is a DNS label: the same text in a shell word, a sed expression and YAML.
    const fetched = `~/.kube/${this.clusterName}.k3s.yaml`;
    const config = shellPath(configPath);
    const merged = shellPath(`${configPath}.merged`);
    return [
      `mkdir -p ~/.kube`,
      // k3s names its cluster, user and context "default": they become the cluster's name
      `ssh ${this.clusterName} sudo cat /etc/rancher/k3s/k3s.yaml | sed -e 's/127.0.0.1/${first.ipv4Address}/' -e 's/: default$/: ${this.clusterName}/' > ${fetched}`,
      // then the context its configured name, as an argument: never part of a YAML or sed text
      ...(context === this.clusterName
        ? []
        : [`kubectl --kubeconfig ${fetched} config rename-context ${this.clusterName} ${shellQuote(context)}`]),
      `KUBECONFIG=${fetched}:${config} kubectl config view --flatten > ${merged}`,
      `mv ${merged} ${config}`,
      `chmod 600 ${config} ${fetched}`,
      `kubectl --context ${shellQuote(context)} get nodes`,
    ].join(" && ");
  }
}

/** A path for a shell: quoted, except a leading `~/`, which stays the home directory. */
function shellPath(path: string): string {
  return path.startsWith("~/") ? `~/${shellQuote(path.slice(2))}` : shellQuote(path);
}
