import { Fn, TerraformIterator, TerraformResource, Token } from "cdktf";
import { Construct } from "constructs";
import { z } from "zod";
import { placementProblems, privateInterfaceFor } from "./catalog";
import { CloudInitTemplate } from "./cloud-init";
import {
  IN_CLOUD_CONFIG,
  K3S_NODE_SETTINGS_DEFAULTS,
  K3S_TOKEN_PLACEHOLDER,
  K3sNodeSettings,
  checkK3sNodeSettings,
  checkServerGroup,
  createK3sServer,
  renderK3sConfig,
  renderNodeCloudInit,
} from "./k3s-node";
import { POOL_INDEX } from "./private-network";
import { SpreadPlacementGroups } from "./spread-placement-groups";
import {
  FieldIssue,
  loadBalancerAlgorithm,
  loadBalancerDestinationPort,
  loadBalancerProtocol,
  loadBalancerServiceListIssues,
  loadBalancerSshProblem,
  loadBalancerType,
  mountPathProblem,
  poolName,
  poolServerCount,
  portNumber,
  sshPort,
  sshUserProblem,
  volumeFormat,
  volumeMountPath,
  volumeSize,
} from "../validation/hcloud";
import { PropIssues, formatPath, isUnresolved } from "../validation";
import { LoadBalancer } from "../providers/hcloud/load-balancer";
import { LoadBalancerNetwork } from "../providers/hcloud/load-balancer-network";
import { LoadBalancerService } from "../providers/hcloud/load-balancer-service";
import { LoadBalancerTargetA as LoadBalancerTarget } from "../providers/hcloud/load-balancer-target";
import { Server } from "../providers/hcloud/server";
import { Volume } from "../providers/hcloud/volume";
import { VolumeAttachment } from "../providers/hcloud/volume-attachment";

/** Placeholders of what differs between a pool's nodes in its user data; Terraform fills them in per server. */
const VOLUME_ID_PLACEHOLDER = "TFVALUE_VOLUME_ID";
const NODE_NAME_PLACEHOLDER = "TFVALUE_NODE_NAME";
const NODE_IP_PLACEHOLDER = "TFVALUE_NODE_IP";

/**
 * An attribute of one node's instance of a pool's `for_each` resource:
 * `<type>.<name>["<node>"].<attribute>` (or `[each.key]` inside another `for_each`).
 */
function instanceAttribute(resource: TerraformResource, node: string, attribute: string): string {
  return Token.asString(Fn.lookupNested(resource, [node, attribute]));
}

/** A block volume per node. */
export interface NodePoolVolume {
  /** Size in GB, 10 to 10240. */
  readonly size: number;
  /**
   * Filesystem. Must be known at synth time (the cloud-config formats the volume).
   * @default "ext4"
   */
  readonly format?: "ext4" | "xfs";
  /**
   * Stable mount path on the node: absolute, written normalized, and not `/`, a system directory,
   * `/home` or the SSH user's home. Must be known at synth time: it is written into the cloud-config.
   * @default "/mnt/data"
   */
  readonly mountPath?: string;
  /**
   * Hetzner delete protection of the volumes (on by default: they hold the nodes' data). Set it to false
   * and deploy before removing the pool, shrinking it or replacing a volume.
   * @default true
   */
  readonly deleteProtection?: boolean;
}

/** The defaults of {@link NodePoolVolume}. */
export const NODE_POOL_VOLUME_DEFAULTS = {
  format: "ext4",
  mountPath: "/mnt/data",
  deleteProtection: true,
} as const satisfies Partial<NodePoolVolume>;

/** A port forwarded by the pool's load balancer. */
export interface NodePoolLoadBalancerService {
  /**
   * Protocol.
   * @default "tcp"
   */
  readonly protocol?: "tcp" | "http";
  /** Public port. Must be known at synth time: it names the service's construct id. */
  readonly listenPort: number;
  /** Port on the nodes: never one of k3s's ports or the SSH port. */
  readonly destinationPort: number;
  /**
   * Send the PROXY protocol header.
   * @default false
   */
  readonly proxyprotocol?: boolean;
}

/** The defaults of {@link NodePoolLoadBalancerService}. */
export const NODE_POOL_LOAD_BALANCER_SERVICE_DEFAULTS = {
  protocol: "tcp",
  proxyprotocol: false,
} as const satisfies Partial<NodePoolLoadBalancerService>;

/** The services of a pool's load balancer when none are listed: 80 and 443 over TCP. */
export const DEFAULT_LOAD_BALANCER_SERVICES = [
  { ...NODE_POOL_LOAD_BALANCER_SERVICE_DEFAULTS, listenPort: 80, destinationPort: 80 },
  { ...NODE_POOL_LOAD_BALANCER_SERVICE_DEFAULTS, listenPort: 443, destinationPort: 443 },
] as const;

/** A load balancer in front of the pool, reaching the nodes over the private network. */
export interface NodePoolLoadBalancer {
  /**
   * Load balancer type.
   * @default "lb11"
   */
  readonly type?: "lb11" | "lb21" | "lb31";
  /**
   * Algorithm.
   * @default "round_robin"
   */
  readonly algorithm?: "round_robin" | "least_connections";
  /**
   * Forwarded ports (at least one when listed, each listen port once).
   * @default - 80 and 443 over TCP
   */
  readonly services?: readonly NodePoolLoadBalancerService[];
}

/** The defaults of {@link NodePoolLoadBalancer}. */
export const NODE_POOL_LOAD_BALANCER_DEFAULTS = {
  type: "lb11",
  algorithm: "round_robin",
} as const satisfies Partial<NodePoolLoadBalancer>;

/**
 * Props of {@link NodePool}. What names resources or decides how many exist (`name`, `count`,
 * `poolIndex`, a service's `listenPort`) and what is written into the nodes' cloud-config (`serverUrl`,
 * labels, taints, the interface, the volume's format and mount path) must be known at synth time;
 * `location`, the volume's size and the services' destination ports may be tokens.
 */
export interface NodePoolProps {
  /** Settings shared by every node of the cluster. */
  readonly settings: K3sNodeSettings;
  /**
   * Pool name (DNS label, at most 20 characters, not `controller`); nodes are `<cluster>-<name>-<NN>`.
   * Must be known at synth time: it names the nodes and the pool's Terraform addresses.
   */
  readonly name: string;
  /**
   * Position of the pool in the cluster (0-based, at most 253): its nodes get `x.y.(poolIndex+1).N`.
   * Must be known at synth time.
   */
  readonly poolIndex: number;
  /**
   * Hetzner server type sold today, e.g. `cx33`. Must be known at synth time unless `privateInterface`
   * is set: the interface name, written into the cloud-config, derives from it.
   */
  readonly serverType: string;
  /** Hetzner location, e.g. `nbg1`, in the network's zone. */
  readonly location: string;
  /** Number of servers, 1 to 99. Must be known at synth time: it decides how many servers exist. */
  readonly count: number;
  /** URL of a k3s server the agents join, e.g. `https://10.0.0.2:6443`. Must be known at synth time. */
  readonly serverUrl: string;
  /** Firewalls attached to every server before its first boot. */
  readonly firewallIds: readonly number[];
  /**
   * Kubernetes labels the nodes register with (kubelet-settable keys only).
   * @default {}
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Kubernetes taints, `key[=value]:Effect`.
   * @default []
   */
  readonly taints?: readonly string[];
  /**
   * Private network interface.
   * @default - by server type: `enp7s0`, `ens10` on old cx*1/ccx*1
   */
  readonly privateInterface?: string;
  /**
   * A block volume per node, always mounted at `mountPath`.
   * @default - none
   */
  readonly volume?: NodePoolVolume;
  /**
   * A load balancer in front of the pool.
   * @default - none
   */
  readonly loadBalancer?: NodePoolLoadBalancer;
}

/** The defaults of {@link NodePoolProps}. */
export const NODE_POOL_DEFAULTS = { labels: {}, taints: [] } as const satisfies Partial<NodePoolProps>;

/** Node names of a pool: `<cluster>-<pool>-<NN>`, numbered from 01. */
export function nodeNames(clusterName: string, pool: { readonly name: string; readonly count: number }): string[] {
  return Array.from({ length: pool.count }, (_, i) => `${clusterName}-${pool.name}-${String(i + 1).padStart(2, "0")}`);
}

/**
 * The problems of a pool's load balancer against the nodes' SSH port `ssh` (a token is skipped): a
 * service forwarding to it, or the default services (80 and 443) when none are listed. Paths are under
 * the load balancer; `sshField` names the SSH port in messages.
 */
export function loadBalancerSshIssues(lb: NodePoolLoadBalancer | undefined, ssh: number, sshField: string): FieldIssue[] {
  // An SSH port refused on its own has its own message.
  if (!lb || isUnresolved(ssh) || !sshPort.safeParse(ssh).success) return [];
  if (!lb.services) {
    return DEFAULT_LOAD_BALANCER_SERVICES.some((d) => d.destinationPort === ssh)
      ? [
          {
            path: ["services"],
            input: undefined,
            message: `must not forward to the SSH port ${ssh} (${sshField}): without services listed the load balancer forwards its defaults, 80 and 443, to the nodes; choose another SSH port`,
          },
        ]
      : [];
  }
  return lb.services.flatMap((service, j) =>
    service.destinationPort === ssh
      ? [{ path: ["services", j, "destinationPort"], input: ssh, message: loadBalancerSshProblem(ssh, sshField) }]
      : [],
  );
}

/**
 * The problem of a volume mounted on the SSH user's home (`sshUser`, a token skipped), or none; a mount
 * path refused on its own is left to its own message. `userField` names the SSH user in the message.
 */
export function mountPathHomeIssues(volume: NodePoolVolume | undefined, sshUser: string, userField: string): FieldIssue[] {
  const path = volume?.mountPath ?? NODE_POOL_VOLUME_DEFAULTS.mountPath;
  if (!volume || isUnresolved(path) || isUnresolved(sshUser) || mountPathProblem(path) || sshUserProblem(sshUser)) return [];
  const problem = mountPathProblem(path, sshUser, userField);
  return problem ? [{ path: ["mountPath"], input: path, message: problem }] : [];
}

/** The problems of a pool's load balancer on its own (its ssh port aside), recorded under `prefix`. */
function checkLoadBalancer(issues: PropIssues, prefix: string, lb: NodePoolLoadBalancer | undefined): void {
  if (!lb) return;
  issues.check(`${prefix}.type`, lb.type, loadBalancerType);
  issues.check(`${prefix}.algorithm`, lb.algorithm, loadBalancerAlgorithm);
  if (!lb.services) return;
  issues.check(`${prefix}.services`, lb.services, z.array(z.unknown()).min(1));
  lb.services.forEach((service, j) => {
    const at = `${prefix}.services[${j}]`;
    issues.check(`${at}.protocol`, service.protocol, loadBalancerProtocol);
    issues.known(`${at}.listenPort`, service.listenPort, "it names the service's construct id");
    issues.check(`${at}.listenPort`, service.listenPort, portNumber);
    issues.check(`${at}.destinationPort`, service.destinationPort, loadBalancerDestinationPort);
  });
  for (const p of loadBalancerServiceListIssues(lb.services)) issues.bad(formatPath([`${prefix}.services`, ...p.path]), p.input, p.message);
}

/** The problems of a pool's volume on its own (the SSH user's home aside), recorded under `prefix`. */
function checkVolume(issues: PropIssues, prefix: string, volume: NodePoolVolume | undefined): void {
  if (!volume) return;
  issues.check(`${prefix}.size`, volume.size, volumeSize);
  issues.known(`${prefix}.format`, volume.format, IN_CLOUD_CONFIG);
  issues.check(`${prefix}.format`, volume.format, volumeFormat);
  issues.known(`${prefix}.mountPath`, volume.mountPath, IN_CLOUD_CONFIG);
  issues.check(`${prefix}.mountPath`, volume.mountPath, volumeMountPath);
}

/**
 * A pool of identical k3s agent nodes on Hetzner Cloud: servers spread over
 * placement groups, each joining the cluster from cloud-init, with an optional
 * block volume per node and an optional load balancer.
 *
 * A volume is created on its own, then attached to its server; the node waits
 * for `/dev/disk/by-id/scsi-0HC_Volume_<id>` (however late it attaches),
 * formats it if it is blank, records it in fstab and mounts it at `mountPath`
 * at every boot, and k3s only starts once it is mounted. No
 * `/mnt/HC_Volume_<id>` path has to be copied anywhere by hand.
 *
 * Servers, volumes, volume attachments and load balancer targets are one
 * resource each, with an instance per node (`for_each` keyed by node name,
 * e.g. `hcloud_server.kube-storage["kube-storage-01"]`): a larger pool adds
 * instances, not resources, and one node can still be replaced on its own
 * (`terraform apply -replace='hcloud_server.kube-storage["kube-storage-01"]'`).
 * The pool's cloud-config is written once, with Terraform filling in each
 * server's name, IP and volume id.
 */
export class NodePool extends Construct {
  /** Node names, `<cluster>-<pool>-<NN>`. */
  public readonly nodeNames: readonly string[];
  /** Static private IPs, by node. */
  public readonly privateIps: readonly string[];
  /** The private interface k3s uses. */
  public readonly privateInterface: string;
  /** The servers: one resource, an instance per node keyed by node name. */
  public readonly servers: Server;
  /**
   * The pool's user data, with Terraform references: `each.key` and
   * `each.value.ip` for the server's name and IP, and its volume's id.
   */
  public readonly userData: string;
  /** The spread placement groups (at most 10 servers each). */
  public readonly placementGroups: SpreadPlacementGroups;
  /** The volumes: one resource, an instance per node keyed by node name (when the pool has volumes). */
  public readonly volumes?: Volume;
  /** The volume attachments: one resource, an instance per node keyed by node name (when the pool has volumes). */
  public readonly volumeAttachments?: VolumeAttachment;
  /** The load balancer targets: one resource, an instance per node keyed by node name (with a load balancer). */
  public readonly loadBalancerTargets?: LoadBalancerTarget;
  /** The mount path of the volumes, when the pool has some. */
  public readonly mountPath?: string;
  /** The load balancer, when configured. */
  public readonly loadBalancer?: LoadBalancer;

  constructor(scope: Construct, id: string, props: NodePoolProps) {
    super(scope, id);
    this.validate(props);
    const { settings } = props;
    const pool = resolvedPool(props);
    const cluster = settings.clusterName;
    this.nodeNames = nodeNames(cluster, pool);
    this.privateIps = this.nodeNames.map((_, i) => settings.network.nodeIp(props.poolIndex, i));
    this.privateInterface = pool.privateInterface ?? privateInterfaceFor(pool.serverType);
    this.mountPath = pool.volume?.mountPath;
    const hetznerLabels = { cluster, pool: pool.name, role: "agent" };
    // Name of the pool's placement group and load balancer, and address of its for_each resources.
    const address = `${cluster}-${pool.name}`;

    this.placementGroups = new SpreadPlacementGroups(this, "PlacementGroups", {
      name: address,
      servers: pool.count,
      labels: hetznerLabels,
    });

    // Every node of the pool has the same cloud-config but for its name and IP: YAML is rendered twice
    // (to place the stand-ins), not once per node.
    const cloudInit = new CloudInitTemplate(
      ({ nodeName, privateIp }) =>
        renderNodeCloudInit(settings, {
          nodeName,
          role: "agent",
          privateIp,
          privateInterface: this.privateInterface,
          k3sConfig: renderK3sConfig({
            server: props.serverUrl,
            token: K3S_TOKEN_PLACEHOLDER,
            "node-name": nodeName,
            "node-ip": privateIp,
            "flannel-iface": this.privateInterface,
            "node-label": Object.entries(pool.labels).map(([k, v]) => `${k}=${v}`),
            "node-taint": pool.taints,
            "kubelet-arg": settings.kubeletArgs ?? K3S_NODE_SETTINGS_DEFAULTS.kubeletArgs,
          }),
          joinUrl: props.serverUrl,
          volume: pool.volume && { volumeId: VOLUME_ID_PLACEHOLDER, mountPath: pool.volume.mountPath, format: pool.volume.format },
        }),
      `${this.node.path} props`,
    );
    if (pool.volume) {
      const nodes = TerraformIterator.fromList([...this.nodeNames]);
      this.volumes = new Volume(this, "Volumes", {
        forEach: nodes,
        name: nodes.value as string,
        size: pool.volume.size,
        location: props.location,
        format: pool.volume.format,
        deleteProtection: pool.volume.deleteProtection,
        labels: hetznerLabels,
      });
      // `hcloud_volume.<cluster>-<pool>["<node name>"]`
      this.volumes.overrideLogicalId(address);
    }
    const volumes = this.volumes;
    this.nodeNames.forEach((nodeName, i) => CloudInitTemplate.check({ nodeName, privateIp: this.privateIps[i] }));
    const nodes = TerraformIterator.fromMap(
      Object.fromEntries(
        this.nodeNames.map((name, i) => [name, { ip: this.privateIps[i], placement_group_id: this.placementGroups.groupFor(i).id }]),
      ),
    );
    const server = createK3sServer(this, settings, {
      address,
      forEach: nodes,
      name: nodes.key,
      serverType: pool.serverType,
      location: props.location,
      privateIp: nodes.getString("ip"),
      labels: hetznerLabels,
      firewallIds: props.firewallIds,
      placementGroupId: nodes.getNumber("placement_group_id"),
      cloudInit: cloudInit.withPlaceholders({ nodeName: NODE_NAME_PLACEHOLDER, privateIp: NODE_IP_PLACEHOLDER }),
      templateValues: {
        [NODE_NAME_PLACEHOLDER]: nodes.key,
        [NODE_IP_PLACEHOLDER]: nodes.getString("ip"),
        ...(volumes ? { [VOLUME_ID_PLACEHOLDER]: instanceAttribute(volumes, nodes.key, "id") } : {}),
      },
      // A node name is a DNS label, an IPv4 a dotted quad, a Hetzner id a 64-bit number.
      templateValueBytes: { [NODE_NAME_PLACEHOLDER]: 63, [NODE_IP_PLACEHOLDER]: 15, [VOLUME_ID_PLACEHOLDER]: 20 },
    });
    this.servers = server.server;
    this.userData = server.userData;
    if (volumes) {
      const servers = TerraformIterator.fromResources(this.servers);
      this.volumeAttachments = new VolumeAttachment(this, "VolumeAttachments", {
        forEach: servers,
        volumeId: Token.asNumber(instanceAttribute(volumes, servers.key, "id")),
        serverId: Token.asNumber(servers.getString("id")),
        // Hetzner's automount would mount at /mnt/HC_Volume_<id>; the node mounts it at mountPath itself.
        automount: false,
      });
      this.volumeAttachments.overrideLogicalId(address);
    }

    if (pool.loadBalancer) {
      const lb = pool.loadBalancer;
      this.loadBalancer = new LoadBalancer(this, "LoadBalancer", {
        name: address,
        loadBalancerType: lb.type,
        location: props.location,
        algorithm: { type: lb.algorithm },
        labels: hetznerLabels,
      });
      const lbId = Token.asNumber(this.loadBalancer.id);
      const attachment = new LoadBalancerNetwork(this, "LoadBalancerNetwork", {
        loadBalancerId: lbId,
        subnetId: settings.network.subnet.id,
        ip: settings.network.loadBalancerIp(props.poolIndex),
      });
      for (const service of lb.services) {
        new LoadBalancerService(this, `LoadBalancerService-${service.listenPort}`, {
          // A string in the provider's schema (a number for the other load balancer resources).
          loadBalancerId: this.loadBalancer.id,
          protocol: service.protocol,
          listenPort: service.listenPort,
          destinationPort: service.destinationPort,
          proxyprotocol: service.proxyprotocol,
        });
      }
      const servers = TerraformIterator.fromResources(this.servers);
      this.loadBalancerTargets = new LoadBalancerTarget(this, "LoadBalancerTargets", {
        forEach: servers,
        type: "server",
        loadBalancerId: lbId,
        serverId: Token.asNumber(servers.getString("id")),
        usePrivateIp: true,
        dependsOn: [attachment],
      });
      this.loadBalancerTargets.overrideLogicalId(address);
    }
  }

  /**
   * The public IPv4 of one node (a Terraform reference to its server instance).
   * @throws ValidationError when `nodeName` is not one of {@link nodeNames}
   */
  public ipv4Address(nodeName: string): string {
    const issues = new PropIssues();
    issues.known("nodeName", nodeName, "it picks one instance of the pool's servers");
    if (!this.nodeNames.includes(nodeName)) issues.bad("nodeName", nodeName, `must be a node of this pool: ${this.nodeNames.join(", ")}`);
    issues.throwIfAny(`${this.node.path} ipv4Address`);
    return instanceAttribute(this.servers, nodeName, "ipv4_address");
  }

  private validate(props: NodePoolProps): void {
    const issues = new PropIssues();
    issues.known("poolIndex", props.poolIndex, "the pool's private addresses derive from it");
    issues.check("poolIndex", props.poolIndex, POOL_INDEX);
    checkNodePoolFields(issues, "", props);
    for (const p of placementProblems(props.serverType, props.location, props.settings.network.networkZone)) {
      issues.bad(formatPath(p.path), p.input, p.message);
    }
    issues.known("serverUrl", props.serverUrl, IN_CLOUD_CONFIG);
    for (const p of mountPathHomeIssues(props.volume, props.settings.sshUser, "settings.sshUser")) {
      issues.bad(formatPath(["volume", ...p.path]), p.input, p.message);
    }
    for (const p of loadBalancerSshIssues(props.loadBalancer, props.settings.sshPort, "settings.sshPort")) {
      issues.bad(formatPath(["loadBalancer", ...p.path]), p.input, p.message);
    }
    checkK3sNodeSettings(issues, props.settings);
    issues.throwIfAny(`${this.node.path} props`);
  }
}

/**
 * Checks the fields describing a pool (`name`, `serverType`, `location`, `count`, `labels`, `taints`,
 * `privateInterface`, `volume`, `loadBalancer`), recorded under `prefix` (e.g. `nodePools[0].`). The
 * location against the network's zone, and the volume and load balancer against the SSH user and port,
 * are checked apart.
 */
export function checkNodePoolFields(
  issues: PropIssues,
  prefix: string,
  pool: Pick<NodePoolProps, "name" | "serverType" | "count" | "labels" | "taints" | "privateInterface" | "volume" | "loadBalancer"> & {
    readonly location?: string;
  },
): void {
  issues.known(`${prefix}name`, pool.name, "it names the nodes and the pool's Terraform addresses");
  issues.check(`${prefix}name`, pool.name, poolName);
  issues.known(`${prefix}count`, pool.count, "it decides how many servers exist, each a for_each key");
  issues.check(`${prefix}count`, pool.count, poolServerCount);
  checkServerGroup(issues, prefix, pool);
  checkVolume(issues, `${prefix}volume`, pool.volume);
  checkLoadBalancer(issues, `${prefix}loadBalancer`, pool.loadBalancer);
}

/** A pool's props with every default applied. */
function resolvedPool(props: NodePoolProps) {
  const volume = props.volume;
  const lb = props.loadBalancer;
  return {
    name: props.name,
    count: props.count,
    serverType: props.serverType,
    privateInterface: props.privateInterface,
    labels: props.labels ?? NODE_POOL_DEFAULTS.labels,
    taints: props.taints ?? NODE_POOL_DEFAULTS.taints,
    volume: volume && {
      size: volume.size,
      format: volume.format ?? NODE_POOL_VOLUME_DEFAULTS.format,
      mountPath: volume.mountPath ?? NODE_POOL_VOLUME_DEFAULTS.mountPath,
      deleteProtection: volume.deleteProtection ?? NODE_POOL_VOLUME_DEFAULTS.deleteProtection,
    },
    loadBalancer: lb && {
      type: lb.type ?? NODE_POOL_LOAD_BALANCER_DEFAULTS.type,
      algorithm: lb.algorithm ?? NODE_POOL_LOAD_BALANCER_DEFAULTS.algorithm,
      services: (lb.services ?? DEFAULT_LOAD_BALANCER_SERVICES).map((service) => ({
        listenPort: service.listenPort,
        destinationPort: service.destinationPort,
        protocol: service.protocol ?? NODE_POOL_LOAD_BALANCER_SERVICE_DEFAULTS.protocol,
        proxyprotocol: service.proxyprotocol ?? NODE_POOL_LOAD_BALANCER_SERVICE_DEFAULTS.proxyprotocol,
      })),
    },
  };
}
