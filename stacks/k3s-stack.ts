import { LocalBackend, TerraformStack, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { PlatformConfig, storageNodes } from "../src/config/schema";
import { parseTaint } from "../src/config/validation";
import { BasicAuth, IpAllowList, ProtectedIngressRoute } from "../src/ingress/protected-ingress-route";
import { ClusterProviders } from "../src/kubernetes/cluster-providers";
import { PrometheusServiceMonitor } from "../src/monitoring/prometheus-service-monitor";
import { Longhorn } from "../src/storage/longhorn";
import { LonghornRecurringJobs } from "../src/storage/longhorn-recurring-jobs";
import { LonghornStorageClass } from "../src/storage/longhorn-storage-class";
import { LonghornDisk, LonghornStorageNodes } from "../src/storage/longhorn-storage-nodes";

/** Props of {@link K3sStack}. */
export interface K3sStackProps {
  /** The validated platform configuration. */
  readonly config: PlatformConfig;
}

/**
 * Everything installed on the k3s cluster: Longhorn with its disks, backups,
 * StorageClass, UI and metrics.
 *
 * Secrets are sensitive Terraform variables (export `TF_VAR_<name>`).
 */
export class K3sStack extends TerraformStack {
  /** The providers the stack deploys with. */
  public readonly providers: ClusterProviders;
  /** Declared disks and node tags of the storage nodes. */
  public readonly storageNodes: LonghornStorageNodes;
  /** The Longhorn installation. */
  public readonly longhorn: Longhorn;
  /** The fast StorageClass. */
  public readonly fastStorageClass: LonghornStorageClass;
  /** The recurring backup jobs. */
  public readonly recurringJobs: LonghornRecurringJobs;
  /** The Longhorn UI route, when exposed. */
  public readonly longhornUi?: ProtectedIngressRoute;
  /** The Longhorn ServiceMonitor, when monitoring is on. */
  public readonly longhornServiceMonitor?: PrometheusServiceMonitor;

  constructor(scope: Construct, id: string, props: K3sStackProps) {
    super(scope, id);
    const { config } = props;
    new LocalBackend(this, { path: `../../terraform.${id}.tfstate` });
    this.providers = new ClusterProviders(this, "Providers", config.kubernetes);

    const s3AccessKey = this.secret("s3_access_key", "Access key id of the S3 bucket Longhorn backs up to.");
    const s3SecretKey = this.secret("s3_secret_key", "Secret access key of the S3 bucket Longhorn backs up to.");

    const lh = config.longhorn;
    const storage = storageNodes(config);
    const disks: LonghornDisk[] = [{ name: "default-disk", path: lh.disks.rootDiskPath, tags: lh.disks.rootDiskTags }];
    if (storage.pool.volume) {
      disks.push({ name: lh.disks.volumeDiskName, path: storage.pool.volume.mountPath, tags: lh.disks.volumeDiskTags });
    }
    this.storageNodes = new LonghornStorageNodes(this, "LonghornStorageNodes", {
      nodeNames: storage.names,
      disks,
      nodeTags: lh.disks.nodeTags,
    });

    this.longhorn = new Longhorn(this, "Longhorn", {
      chartVersion: lh.chartVersion,
      namespace: lh.namespace,
      replicaCount: lh.replicaCount ?? storage.names.length,
      backup: { ...lh.backup.s3, accessKeyId: s3AccessKey, secretAccessKey: s3SecretKey },
      tolerateTaints: storage.pool.taints.map((t) => parseTaint(t)!),
      dependsOn: [...this.storageNodes.labels, ...this.storageNodes.annotations],
    });
    const afterLonghorn = [this.longhorn.release];

    this.fastStorageClass = new LonghornStorageClass(this, "FastStorageClass", { ...lh.storageClass, dependsOn: afterLonghorn });

    this.recurringJobs = new LonghornRecurringJobs(this, "RecurringJobs", {
      namespace: lh.namespace,
      jobs: lh.recurringJobs,
      longhornVersion: lh.chartVersion,
      dependsOn: afterLonghorn,
    });

    if (lh.ui.enabled) {
      const basicAuth: BasicAuth | undefined =
        lh.ui.basicAuth && "create" in lh.ui.basicAuth
          ? { users: this.secret("longhorn_ui_htpasswd", "htpasswd lines (user:bcrypt-hash) allowed into the Longhorn UI.") }
          : lh.ui.basicAuth;
      this.longhornUi = new ProtectedIngressRoute(this, "LonghornUi", {
        name: "longhorn",
        namespace: lh.namespace,
        host: `${lh.ui.subdomain}.${config.cluster.domain}`,
        serviceName: "longhorn-frontend",
        servicePort: "http",
        entryPoints: lh.ui.entryPoints,
        ipAllowList: lh.ui.ipAllowList as IpAllowList,
        basicAuth: basicAuth as BasicAuth,
        tls: lh.ui.tls,
        dependsOn: afterLonghorn,
      });
    }

    if (config.monitoring.serviceMonitors) {
      this.longhornServiceMonitor = new PrometheusServiceMonitor(this, "LonghornServiceMonitor", {
        name: "longhorn-manager",
        namespace: lh.namespace,
        matchLabels: { app: "longhorn-manager" },
        endpoints: [{ port: "manager" }],
        releaseName: "longhorn-metrics",
        dependsOn: afterLonghorn,
      });
    }
  }

  /** A sensitive string variable, set with `TF_VAR_<name>`; its value never reaches the synthesized files. */
  private secret(name: string, description: string): string {
    return new TerraformVariable(this, name, { type: "string", sensitive: true, nullable: false, description }).stringValue;
  }
}
