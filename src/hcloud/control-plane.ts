import { Token } from "cdktf";
import { Construct } from "constructs";
import { placementIssues, privateInterfaceFor, serverTypeProblem, locationProblem } from "./catalog";
import { ClusterPeers } from "./cloud-init";
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
  K3S_DEFAULT_CLUSTER_CIDR,
  K3S_DEFAULT_SERVICE_CIDR,
  controlPlaneNames,
  interfaceName,
  k3sRangeClashes,
  k3sRangeProblem,
  k3sRangeRule,
  kubeletLabelKey,
} from "../config/hcloud-schema";
import { PropIssues, describeValue, labelValue, parseTaint } from "../validation";
import { Server } from "../providers/hcloud/server";

const S3_ACCESS_KEY_PLACEHOLDER = "TFVALUE_S3_ACCESS_KEY";
const S3_SECRET_KEY_PLACEHOLDER = "TFVALUE_S3_SECRET_KEY";

/** etcd snapshots to an S3 bucket. */
export interface EtcdS3Snapshots {
  /** Endpoint host, e.g. `s3.fr-par.scw.cloud`. */
  readonly endpoint: string;
  /** Region. */
  readonly region: string;
  /** Bucket. */
  readonly bucket: string;
  /**
   * Folder inside the bucket.
   * @default - the bucket's root
   */
  readonly folder?: string;
  /**
   * Cron schedule of the snapshots.
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

/** Props of {@link ControlPlane}. */
export interface ControlPlaneProps {
  /** Settings shared by every node of the cluster. */
  readonly settings: K3sNodeSettings;
  /** Hetzner server type sold today. */
  readonly serverType: string;
  /** Hetzner location. */
  readonly location: string;
  /** 1, or 3 for embedded etcd HA. */
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
    const taints = props.taints ?? ["node-role.kubernetes.io/control-plane:NoSchedule"];
    this.validate(props, taints);
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
        "flannel-backend": props.wireguard ? "wireguard-native" : undefined,
        "cluster-cidr": props.clusterCidr === K3S_DEFAULT_CLUSTER_CIDR ? undefined : props.clusterCidr,
        "service-cidr": props.serviceCidr === K3S_DEFAULT_SERVICE_CIDR ? undefined : props.serviceCidr,
        "secrets-encryption": props.secretsEncryption ? true : undefined,
        "write-kubeconfig-mode": "0600",
        "tls-san": props.tlsSans,
        disable: props.disable,
        "kubelet-arg": settings.kubeletArgs,
        "node-label": Object.entries(props.labels ?? {}).map(([k, v]) => `${k}=${v}`),
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
              "etcd-snapshot-schedule-cron": s3.scheduleCron ?? "0 0 * * *",
              "etcd-snapshot-retention": s3.retention ?? 5,
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

  private validate(props: ControlPlaneProps, taints: readonly string[]): void {
    const issues = new PropIssues();
    if (props.count !== 1 && props.count !== 3) {
      issues.add(
        `count: must be 1, or 3 for embedded etcd HA (an even count tolerates no more failures than one less, more than 3 is not supported here) (got ${describeValue(props.count)})`,
      );
    }
    const typeProblem = serverTypeProblem(props.serverType);
    if (typeProblem) issues.add(`serverType: ${typeProblem} (got ${describeValue(props.serverType)})`);
    const locProblem = locationProblem(props.location);
    if (locProblem) issues.add(`location: ${locProblem} (got ${describeValue(props.location)})`);
    if (!typeProblem && !locProblem) issues.add(...placementIssues(props.serverType, props.location, props.settings.network.networkZone));
    for (const [key, value] of Object.entries(props.labels ?? {})) {
      const keyResult = kubeletLabelKey.safeParse(key);
      if (!keyResult.success) issues.add(`labels: key ${describeValue(key)} ${keyResult.error.issues[0].message}`);
      if (!labelValue.safeParse(value).success) issues.bad(`labels.${key}`, value, "must be a Kubernetes label value");
    }
    taints.forEach((t, i) => {
      if (!parseTaint(t))
        issues.add(
          `taints[${i}]: must be a taint 'key[=value]:Effect' with Effect one of NoSchedule, PreferNoSchedule, NoExecute (got ${describeValue(t)})`,
        );
    });
    if (props.privateInterface !== undefined && !interfaceName.safeParse(props.privateInterface).success) {
      issues.bad("privateInterface", props.privateInterface, "must be a Linux interface name such as 'enp7s0'");
    }
    const ranges = {
      clusterCidr: props.clusterCidr ?? K3S_DEFAULT_CLUSTER_CIDR,
      serviceCidr: props.serviceCidr ?? K3S_DEFAULT_SERVICE_CIDR,
    };
    let rangesOk = true;
    for (const which of ["clusterCidr", "serviceCidr"] as const) {
      if (Token.isUnresolved(ranges[which])) {
        rangesOk = false; // known at apply time only: k3s checks it
        continue;
      }
      const problem = k3sRangeProblem(which, ranges[which]);
      if (problem) issues.bad(which, ranges[which], `${k3sRangeRule(which)}: ${problem}`);
      rangesOk &&= !problem;
    }
    if (rangesOk && !Token.isUnresolved(props.settings.network.ipRange)) {
      for (const { range, other, why } of k3sRangeClashes(props.settings.network.ipRange, ranges.clusterCidr, ranges.serviceCidr)) {
        const name = other === "network" ? `the network's range (${props.settings.network.ipRange})` : `${other} (${ranges[other]})`;
        issues.bad(range, ranges[range], `must not overlap ${name}: ${why}`);
      }
    }
    issues.add(...k3sNodeSettingsIssues(props.settings));
    issues.throwIfAny(`${this.node.path} props`);
  }
}
