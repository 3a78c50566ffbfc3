import { Token } from "cdktf";
import { Construct } from "constructs";
import { z } from "zod";
import { placementProblems, privateInterfaceFor } from "./catalog";
import { ClusterPeers } from "./cloud-init";
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
import { SpreadPlacementGroups } from "./spread-placement-groups";
import {
  K3S_DEFAULT_CLUSTER_CIDR,
  K3S_DEFAULT_SERVICE_CIDR,
  controlPlaneCount,
  etcdS3Folder,
  etcdSnapshotRetention,
  k3sClusterCidr,
  k3sComponent,
  k3sRangeClashes,
  k3sRangeProblem,
  k3sServiceCidr,
  tlsSan,
} from "../validation/hcloud";
import { PropIssues, cronExpression, endpointHost, formatPath, isUnresolved, s3Bucket, s3Region } from "../validation";
import { Server } from "../providers/hcloud/server";

const S3_ACCESS_KEY_PLACEHOLDER = "TFVALUE_S3_ACCESS_KEY";
const S3_SECRET_KEY_PLACEHOLDER = "TFVALUE_S3_SECRET_KEY";

/**
 * etcd snapshots to an S3 bucket. Everything but the keys is written into k3s's config on the servers'
 * cloud-config, so must be known at synth time; the keys are Terraform expressions filled in at apply.
 */
export interface EtcdS3Snapshots {
  /** Endpoint host (optionally with `:port`, without scheme), e.g. `s3.fr-par.scw.cloud`. */
  readonly endpoint: string;
  /** Region, e.g. `fr-par`. */
  readonly region: string;
  /** Bucket name. */
  readonly bucket: string;
  /**
   * Folder inside the bucket, relative, e.g. `etcd/kube`.
   * @default - the bucket's root
   */
  readonly folder?: string;
  /**
   * Cron schedule of the snapshots (standard 5 fields).
   * @default "0 0 * * *"
   */
  readonly scheduleCron?: string;
  /**
   * Snapshots kept.
   * @default 5
   */
  readonly retention?: number;
  /**
   * Access key: a Terraform expression producing a JSON string, e.g. `Fn.jsonencode(variable.value)`
   * (JSON is valid YAML, so any character of the key is safe in k3s's config file).
   */
  readonly accessKeyJson: string;
  /** Secret key, as a JSON-string expression like {@link accessKeyJson}. */
  readonly secretKeyJson: string;
}

/** The defaults of {@link EtcdS3Snapshots}. */
export const ETCD_S3_SNAPSHOTS_DEFAULTS = { scheduleCron: "0 0 * * *", retention: 5 } as const satisfies Partial<EtcdS3Snapshots>;

/**
 * Props of {@link ControlPlane}. What is written into the servers' cloud-config (labels, taints, the
 * interface, k3s's settings and ranges, the etcd snapshot bucket) must be known at synth time.
 */
export interface ControlPlaneProps {
  /** Settings shared by every node of the cluster. */
  readonly settings: K3sNodeSettings;
  /**
   * Hetzner server type sold today. Must be known at synth time unless `privateInterface` is set: the
   * interface name, written into the cloud-config, derives from it.
   */
  readonly serverType: string;
  /** Hetzner location, in the network's zone (a token is checked by Hetzner only). */
  readonly location: string;
  /** 1, or 3 for embedded etcd HA. Must be known at synth time: it decides how many servers exist. */
  readonly count: number;
  /** Firewalls attached before first boot. */
  readonly firewallIds: readonly number[];
  /**
   * Kubernetes labels of the control plane nodes (kubelet-settable keys only).
   * @default {}
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Taints, `key[=value]:Effect`.
   * @default ["node-role.kubernetes.io/control-plane:NoSchedule"]
   */
  readonly taints?: readonly string[];
  /**
   * Private network interface.
   * @default - by server type: `enp7s0`, `ens10` on old cx*1/ccx*1
   */
  readonly privateInterface?: string;
  /**
   * Extra names in the API server certificate (the node's public IPv4 is always added).
   * @default []
   */
  readonly tlsSans?: readonly string[];
  /**
   * Bundled k3s components to disable, e.g. `traefik`.
   * @default []
   */
  readonly disable?: readonly string[];
  /**
   * Encrypt Secrets at rest.
   * @default false
   */
  readonly secretsEncryption?: boolean;
  /**
   * Encrypt pod traffic with flannel's wireguard-native backend.
   * @default false
   */
  readonly wireguard?: boolean;
  /**
   * etcd snapshots to S3.
   * @default - local snapshots only
   */
  readonly etcdS3Snapshots?: EtcdS3Snapshots;
  /**
   * k3s's pod range (`cluster-cidr`): a private IPv4 range apart from the network and the Service
   * range. Written to k3s's config only when it differs from the default. Set at creation: a server
   * with another one cannot join the cluster.
   * @default "10.42.0.0/16" (k3s's default)
   */
  readonly clusterCidr?: string;
  /**
   * k3s's Service range (`service-cidr`), apart from the network and the pod range; written to
   * k3s's config only when it differs from the default. Set at creation, as `clusterCidr`.
   * @default "10.43.0.0/16" (k3s's default)
   */
  readonly serviceCidr?: string;
}

/** The defaults of {@link ControlPlaneProps}. */
export const CONTROL_PLANE_DEFAULTS = {
  labels: {},
  taints: ["node-role.kubernetes.io/control-plane:NoSchedule"],
  tlsSans: [],
  disable: [],
  secretsEncryption: false,
  wireguard: false,
  clusterCidr: K3S_DEFAULT_CLUSTER_CIDR,
  serviceCidr: K3S_DEFAULT_SERVICE_CIDR,
} as const satisfies Partial<ControlPlaneProps>;

/** Names of the control plane nodes: `<cluster>-controller-<NN>`, numbered from 01. */
export function controlPlaneNames(clusterName: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${clusterName}-controller-${String(i + 1).padStart(2, "0")}`);
}

/**
 * The k3s servers: 1, or 3 for embedded etcd HA, named `<cluster>-controller-<NN>`
 * at static private IPs. k3s is installed by cloud-init only, configured by
 * /etc/rancher/k3s/config.yaml.
 *
 * A single server starts the cluster (`cluster-init`: embedded etcd even when
 * alone, so it can grow to 3 and take etcd snapshots). With 3, no user data
 * says "start the cluster": servers are created again by `-replace`, and a
 * replaced server must join the running cluster, never start a new one. At
 * first boot each server joins whichever other server answers; the first one
 * starts a new cluster only when none answers within a minute (the first
 * deploy, when the others wait for it). The choice is written to a k3s config
 * drop-in, `/etc/rancher/k3s/config.yaml.d/40-cluster.yaml` (`CLUSTER_DROP_IN`).
 */
export class ControlPlane extends Construct {
  /** Node names. */
  public readonly nodeNames: readonly string[];
  /** Static private IPs, by node. */
  public readonly privateIps: readonly string[];
  /** The private interface k3s uses. */
  public readonly privateInterface: string;
  /** URL of the first server's API on the private network, for joining agents. */
  public readonly serverUrl: string;
  /** The servers. */
  public readonly servers: readonly Server[];
  /** The rendered user data (with Terraform references), by node. */
  public readonly userData: readonly string[];
  /** The spread placement group. */
  public readonly placementGroups: SpreadPlacementGroups;

  constructor(scope: Construct, id: string, props: ControlPlaneProps) {
    super(scope, id);
    const { settings } = props;
    const d = CONTROL_PLANE_DEFAULTS;
    const taints = props.taints ?? d.taints;
    const clusterCidr = props.clusterCidr ?? d.clusterCidr;
    const serviceCidr = props.serviceCidr ?? d.serviceCidr;
    this.validate(props, { taints, clusterCidr, serviceCidr });
    const cluster = settings.clusterName;
    this.nodeNames = controlPlaneNames(cluster, props.count);
    this.privateIps = this.nodeNames.map((_, i) => settings.network.controlPlaneIp(i));
    this.privateInterface = props.privateInterface ?? privateInterfaceFor(props.serverType);
    this.serverUrl = `https://${this.privateIps[0]}:6443`;
    const hetznerLabels = { cluster, pool: "controller", role: "server" };
    this.placementGroups = new SpreadPlacementGroups(this, "PlacementGroups", {
      name: `${cluster}-controller`,
      servers: props.count,
      labels: hetznerLabels,
    });

    const s3 = props.etcdS3Snapshots;
    const alone = props.count === 1;
    const servers: Server[] = [];
    const userData: string[] = [];
    this.nodeNames.forEach((nodeName, i) => {
      // With several servers, neither `server` nor `cluster-init` is in config.yaml: the drop-in written
      // at first boot holds exactly one of them, so the merged config is never ambiguous.
      const clusterPeers: ClusterPeers | undefined = alone
        ? undefined
        : { ips: this.privateIps.filter((_, j) => j !== i), initializeIfAlone: i === 0 };
      const k3sConfig = renderK3sConfig({
        "cluster-init": alone ? true : undefined,
        token: K3S_TOKEN_PLACEHOLDER,
        "node-name": nodeName,
        "node-ip": this.privateIps[i],
        "advertise-address": this.privateIps[i],
        "flannel-iface": this.privateInterface,
        "flannel-backend": (props.wireguard ?? d.wireguard) ? "wireguard-native" : undefined,
        // k3s's own defaults are left out of its config.
        "cluster-cidr": clusterCidr === K3S_DEFAULT_CLUSTER_CIDR ? undefined : clusterCidr,
        "service-cidr": serviceCidr === K3S_DEFAULT_SERVICE_CIDR ? undefined : serviceCidr,
        "secrets-encryption": (props.secretsEncryption ?? d.secretsEncryption) ? true : undefined,
        "write-kubeconfig-mode": "0600",
        "tls-san": props.tlsSans ?? d.tlsSans,
        disable: props.disable ?? d.disable,
        "kubelet-arg": settings.kubeletArgs ?? K3S_NODE_SETTINGS_DEFAULTS.kubeletArgs,
        "node-label": Object.entries(props.labels ?? d.labels).map(([k, v]) => `${k}=${v}`),
        "node-taint": taints,
        ...(s3
          ? {
              "etcd-s3": true,
              "etcd-s3-endpoint": s3.endpoint,
              "etcd-s3-region": s3.region,
              "etcd-s3-bucket": s3.bucket,
              "etcd-s3-folder": s3.folder,
              "etcd-s3-access-key": S3_ACCESS_KEY_PLACEHOLDER,
              "etcd-s3-secret-key": S3_SECRET_KEY_PLACEHOLDER,
              "etcd-snapshot-schedule-cron": s3.scheduleCron ?? ETCD_S3_SNAPSHOTS_DEFAULTS.scheduleCron,
              "etcd-snapshot-retention": s3.retention ?? ETCD_S3_SNAPSHOTS_DEFAULTS.retention,
            }
          : {}),
      });
      const node = createK3sServer(this, settings, {
        address: nodeName,
        name: nodeName,
        serverType: props.serverType,
        location: props.location,
        privateIp: this.privateIps[i],
        labels: hetznerLabels,
        firewallIds: props.firewallIds,
        placementGroupId: Token.asNumber(this.placementGroups.groupFor(i).id),
        cloudInit: renderNodeCloudInit(settings, {
          nodeName,
          role: "server",
          privateIp: this.privateIps[i],
          privateInterface: this.privateInterface,
          k3sConfig,
          clusterPeers,
          tlsSanPublicIpv4: true,
        }),
        templateValues: s3 ? { [S3_ACCESS_KEY_PLACEHOLDER]: s3.accessKeyJson, [S3_SECRET_KEY_PLACEHOLDER]: s3.secretKeyJson } : {},
      });
      servers.push(node.server);
      userData.push(node.userData);
    });
    this.servers = servers;
    this.userData = userData;
  }

  private validate(
    props: ControlPlaneProps,
    applied: { readonly taints: readonly string[]; readonly clusterCidr: string; readonly serviceCidr: string },
  ): void {
    const issues = new PropIssues();
    checkControlPlaneNodes(issues, "", { ...props, taints: applied.taints });
    for (const p of placementProblems(props.serverType, props.location, props.settings.network.networkZone)) {
      issues.bad(formatPath(p.path), p.input, p.message);
    }
    checkK3sServerConfig(issues, "", { ...props, ...applied });
    const network = props.settings.network.ipRange;
    for (const { range, other, why } of controlPlaneRangeClashes(network, applied.clusterCidr, applied.serviceCidr)) {
      const name = other === "network" ? `the network's range (${network})` : `${other} (${applied[other]})`;
      issues.bad(range, applied[range], `must not overlap ${name}: ${why}`);
    }
    checkK3sNodeSettings(issues, props.settings);
    issues.throwIfAny(`${this.node.path} props`);
  }
}

/**
 * Checks the fields describing the control plane's servers (`count`, `serverType`, `location`, `labels`,
 * `taints`, `privateInterface`), recorded under `prefix` (e.g. `controlPlane.`). What goes into the
 * cloud-config must be known at synth time. The location against the network's zone is checked apart.
 */
export function checkControlPlaneNodes(
  issues: PropIssues,
  prefix: string,
  cp: Pick<ControlPlaneProps, "labels" | "taints" | "privateInterface"> & {
    readonly serverType: string;
    readonly location?: string;
    readonly count: number;
  },
): void {
  issues.known(`${prefix}count`, cp.count, "it decides how many servers exist");
  issues.check(`${prefix}count`, cp.count, controlPlaneCount);
  checkServerGroup(issues, prefix, cp);
}

/**
 * Checks the settings of k3s's servers (`tlsSans`, `disable`, `clusterCidr`, `serviceCidr`, the etcd
 * snapshot bucket), recorded under `prefix` (e.g. `k3s.`): all written into the servers' cloud-config,
 * so known at synth time. The ranges against each other and the network are checked apart.
 */
export function checkK3sServerConfig(
  issues: PropIssues,
  prefix: string,
  k3s: Pick<ControlPlaneProps, "tlsSans" | "disable" | "clusterCidr" | "serviceCidr"> & {
    readonly etcdS3Snapshots?: Omit<EtcdS3Snapshots, "accessKeyJson" | "secretKeyJson">;
  },
): void {
  issues.known(`${prefix}tlsSans`, k3s.tlsSans, IN_CLOUD_CONFIG);
  issues.check(`${prefix}tlsSans`, k3s.tlsSans, z.array(tlsSan));
  issues.known(`${prefix}disable`, k3s.disable, IN_CLOUD_CONFIG);
  issues.check(`${prefix}disable`, k3s.disable, z.array(k3sComponent));
  issues.known(`${prefix}clusterCidr`, k3s.clusterCidr, IN_CLOUD_CONFIG);
  issues.check(`${prefix}clusterCidr`, k3s.clusterCidr, k3sClusterCidr);
  issues.known(`${prefix}serviceCidr`, k3s.serviceCidr, IN_CLOUD_CONFIG);
  issues.check(`${prefix}serviceCidr`, k3s.serviceCidr, k3sServiceCidr);
  const s3 = k3s.etcdS3Snapshots;
  if (!s3) return;
  for (const [field, rule] of ETCD_S3_RULES) {
    issues.known(`${prefix}etcdS3Snapshots.${field}`, s3[field], IN_CLOUD_CONFIG);
    issues.check(`${prefix}etcdS3Snapshots.${field}`, s3[field], rule);
  }
}

/** The rule of each field of {@link EtcdS3Snapshots} written into k3s's config. */
const ETCD_S3_RULES: readonly (readonly [Exclude<keyof EtcdS3Snapshots, "accessKeyJson" | "secretKeyJson">, z.ZodType])[] = [
  ["endpoint", endpointHost],
  ["region", s3Region],
  ["bucket", s3Bucket],
  ["folder", etcdS3Folder],
  ["scheduleCron", cronExpression],
  ["retention", etcdSnapshotRetention],
];

/** The clashes of k3s's ranges with the network and each other, once all three are known and each valid alone. */
function controlPlaneRangeClashes(network: string, clusterCidr: string, serviceCidr: string): ReturnType<typeof k3sRangeClashes> {
  if ([network, clusterCidr, serviceCidr].some((r) => isUnresolved(r))) return [];
  if (k3sRangeProblem("clusterCidr", clusterCidr) || k3sRangeProblem("serviceCidr", serviceCidr)) return [];
  return k3sRangeClashes(network, clusterCidr, serviceCidr);
}
