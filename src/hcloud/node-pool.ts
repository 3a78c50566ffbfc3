import { Fn, TerraformIterator, TerraformResource, Token } from "cdktf";
import { Construct } from "constructs";
import { placementIssues, privateInterfaceFor } from "./catalog";
import { CloudInitTemplate } from "./cloud-init";
import {
  K3S_TOKEN_PLACEHOLDER,
  K3sNodeSettings,
  createK3sServer,
  k3sNodeSettingsIssues,
  renderK3sConfig,
  renderNodeCloudInit,
} from "./k3s-node";
import { SpreadPlacementGroups } from "./spread-placement-groups";
import {
  DEFAULT_LOAD_BALANCER_SERVICES,
  loadBalancerSshProblem,
  mountPathProblem,
  nodeNames,
  nodePoolSchema,
} from "../config/hcloud-schema";
import { ValidationError, describeValue, parseOrThrow } from "../validation";
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
   * Filesystem.
   * @default "ext4"
   */
  readonly format?: "ext4" | "xfs";
  /**
   * Stable mount path on the node: absolute, written normalized, and not `/`, a system directory,
   * `/home` or the SSH user's home.
   * @default "/mnt/data"
   */
  readonly mountPath?: string;
  /**
   * Hetzner delete protection of the volume.
   * @default false
   */
  readonly deleteProtection?: boolean;
}

/** A port forwarded by the pool's load balancer. */
export interface NodePoolLoadBalancerService {
  /**
   * Protocol.
   * @default "tcp"
   */
  readonly protocol?: "tcp" | "http";
  /** Public port. */
  readonly listenPort: number;
  /** Port on the nodes: never one of k3s's ports or the SSH port. */
  readonly destinationPort: number;
  /**
   * Send the PROXY protocol header.
   * @default false
   */
  readonly proxyprotocol?: boolean;
}

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
   * Forwarded ports.
   * @default - 80 and 443 over TCP
   */
  readonly services?: readonly NodePoolLoadBalancerService[];
}

/** Props of {@link NodePool}. */
export interface NodePoolProps {
  /** Settings shared by every node of the cluster. */
  readonly settings: K3sNodeSettings;
  /** Pool name (DNS label, at most 20 characters); nodes are `<cluster>-<name>-<NN>`. */
  readonly name: string;
  /** Position of the pool in the cluster (0-based): its nodes get `x.y.(poolIndex+1).N`. */
  readonly poolIndex: number;
  /** Hetzner server type sold today, e.g. `cx33`. */
  readonly serverType: string;
  /** Hetzner location, e.g. `nbg1`. */
  readonly location: string;
  /** Number of servers, 1 to 99. */
  readonly count: number;
  /** URL of a k3s server the agents join, e.g. `https://10.0.0.2:6443`. */
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
    const pool = parseOrThrow(
      nodePoolSchema,
      {
        name: props.name,
        serverType: props.serverType,
        location: props.location,
        count: props.count,
        labels: props.labels,
        taints: props.taints,
        privateInterface: props.privateInterface,
        volume: props.volume,
        loadBalancer: props.loadBalancer,
      },
      `${this.node.path} props`,
    );
    const { settings } = props;
    const issues = placementIssues(pool.serverType, props.location, settings.network.networkZone);
    if (!Number.isInteger(props.poolIndex) || props.poolIndex < 0 || props.poolIndex > 253) {
      issues.push(`poolIndex: must be a whole number from 0 to 253 (got ${describeValue(props.poolIndex)})`);
    }
    issues.push(...k3sNodeSettingsIssues(settings));
    const homeProblem = pool.volume && !Token.isUnresolved(settings.sshUser) && mountPathProblem(pool.volume.mountPath, settings.sshUser);
    if (homeProblem) issues.push(`volume.mountPath: ${homeProblem} (got ${describeValue(pool.volume!.mountPath)})`);
    (pool.loadBalancer ? (pool.loadBalancer.services ?? DEFAULT_LOAD_BALANCER_SERVICES) : []).forEach((service, i) => {
      if (service.destinationPort === settings.sshPort) {
        issues.push(
          `loadBalancer.services[${i}].destinationPort: ${loadBalancerSshProblem(settings.sshPort, "settings.sshPort")} (got ${service.destinationPort})`,
        );
      }
    });
    if (issues.length > 0) throw new ValidationError(`${this.node.path} props`, issues);
    const cluster = settings.clusterName;
    this.nodeNames = nodeNames(cluster, pool);
    this.privateIps = this.nodeNames.map((_, i) => settings.network.nodeIp(props.poolIndex, i));
    this.privateInterface = pool.privateInterface ?? privateInterfaceFor(pool.serverType);
    this.mountPath = pool.volume?.mountPath;
    const hetznerLabels = { cluster, pool: pool.name, role: "agent" };
    // Name of the pool's placement group and load balancer, and address of its for_each resources.
    const poolName = `${cluster}-${pool.name}`;

    this.placementGroups = new SpreadPlacementGroups(this, "PlacementGroups", {
      name: poolName,
      servers: pool.count,
      labels: hetznerLabels,
    });

    // Every node of the pool has the same cloud-config but for its name and IP: YAML is rendered twice
    // (to place the stand-ins), not once per node.
    const cloudInit = new CloudInitTemplate(({ nodeName, privateIp }) =>
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
          "kubelet-arg": settings.kubeletArgs,
        }),
        joinUrl: props.serverUrl,
        volume: pool.volume && { volumeId: VOLUME_ID_PLACEHOLDER, mountPath: pool.volume.mountPath, format: pool.volume.format },
      }),
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
      this.volumes.overrideLogicalId(poolName);
    }
    const volumes = this.volumes;
    this.nodeNames.forEach((nodeName, i) => CloudInitTemplate.check({ nodeName, privateIp: this.privateIps[i] }));
    const nodes = TerraformIterator.fromMap(
      Object.fromEntries(
        this.nodeNames.map((name, i) => [name, { ip: this.privateIps[i], placement_group_id: this.placementGroups.groupFor(i).id }]),
      ),
    );
    const server = createK3sServer(this, settings, {
      address: poolName,
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
      this.volumeAttachments.overrideLogicalId(poolName);
    }

    if (pool.loadBalancer) {
      const lb = pool.loadBalancer;
      this.loadBalancer = new LoadBalancer(this, "LoadBalancer", {
        name: poolName,
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
      for (const service of lb.services ?? DEFAULT_LOAD_BALANCER_SERVICES) {
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
      this.loadBalancerTargets.overrideLogicalId(poolName);
    }
  }

  /** The public IPv4 of one node (a Terraform reference to its server instance). */
  public ipv4Address(nodeName: string): string {
    if (!this.nodeNames.includes(nodeName)) throw new Error(`${nodeName} is not a node of ${this.node.path}`);
    return instanceAttribute(this.servers, nodeName, "ipv4_address");
  }
}
