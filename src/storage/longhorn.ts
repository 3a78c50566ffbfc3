import { Release } from "@cdktf/provider-helm/lib/release";
import { helmRelease } from "../kubernetes/helm-release";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { PropIssues, Taint, dnsLabel, endpointHost, s3Bucket } from "../validation";
import { LONGHORN_CHART_STORAGE_CLASS, LONGHORN_RELEASES, LonghornChartValues, longhornChartValues } from "./longhorn-values";
import { helmValuesYaml } from "../kubernetes/helm-values";

/** S3 backup target of Longhorn. */
export interface LonghornS3Backup {
  /** S3 endpoint host without scheme, e.g. `s3.fr-par.scw.cloud`; `https://` is prepended. */
  readonly endpoint: string;
  /** S3 region, e.g. `fr-par`. */
  readonly region: string;
  /** Bucket name, without `s3://`. */
  readonly bucket: string;
  /** Access key id; pass a sensitive Terraform variable, never a literal. */
  readonly accessKeyId: string;
  /** Secret access key; pass a sensitive Terraform variable, never a literal. */
  readonly secretAccessKey: string;
}

/** Props of {@link Longhorn}. */
export interface LonghornProps {
  /**
   * Exact Longhorn chart version.
   * @default "1.12.1"
   */
  readonly chartVersion?: string;
  /**
   * Helm repository of the chart.
   * @default "https://charts.longhorn.io"
   */
  readonly repository?: string;
  /**
   * Namespace created for Longhorn.
   * @default "longhorn-system"
   */
  readonly namespace?: string;
  /**
   * Replica count of the chart's default StorageClass and of volumes created in the UI;
   * set it to the number of storage nodes.
   * @default 3
   */
  readonly replicaCount?: number;
  /**
   * S3 backup target; its credentials go into a Secret in the namespace.
   * @default - no backup target
   */
  readonly backup?: LonghornS3Backup;
  /**
   * Taints of the storage nodes, tolerated by the manager and by every component Longhorn manages.
   * @default - no tolerations
   */
  readonly tolerateTaints?: readonly Taint[];
  /**
   * Extra Helm values documents, merged by Helm after the ones this construct computes.
   * @default - none
   */
  readonly additionalValues?: readonly Record<string, unknown>[];
  /**
   * Seconds Helm waits for Longhorn's pods to be ready; its first start pulls a dozen images.
   * @default 900
   */
  readonly timeoutSeconds?: number;
  /**
   * Guards Longhorn against being uninstalled, which deletes every Longhorn volume: Terraform's
   * `prevent_destroy` on the release (a plan that would uninstall or replace it, such as a destroy or
   * another namespace, fails before anything is deleted) and Longhorn's `deleting-confirmation-flag`
   * off. To uninstall on purpose, set it to false and deploy (the flag is then set, so Longhorn's
   * pre-delete hook goes ahead), then destroy.
   * @default true
   */
  readonly preventDestroy?: boolean;
  /**
   * Resources that must exist before the chart is installed, e.g. the node labels
   * and annotations that declare the default disks.
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Longhorn installed by its Helm chart: namespace, backup credential Secret and
 * release, with values that are right for the pinned chart version.
 *
 * Longhorn creates disks only on nodes labelled for it
 * (`createDefaultDiskLabeledNodes`); see {@link LonghornStorageNodes}.
 */
export class Longhorn extends Construct {
  /** The Longhorn namespace. */
  public readonly namespace: NamespaceV1;
  /** The namespace name, known at synth time. */
  public readonly namespaceName: string;
  /** The Helm release. */
  public readonly release: Release;
  /** The Secret with the S3 credentials, when a backup target is set. */
  public readonly backupSecret?: SecretV1;
  /**
   * The StorageClass the chart creates, `longhorn`: `replicaCount` replicas on any disk. It exists once
   * longhorn-manager runs, so depend on {@link release}.
   */
  public readonly storageClassName = LONGHORN_CHART_STORAGE_CLASS;
  /** The chart version installed. */
  public readonly chartVersion: string;
  /** The chart values this construct computed (without `additionalValues`). */
  public readonly values: LonghornChartValues;

  constructor(scope: Construct, id: string, props: LonghornProps = {}) {
    super(scope, id);
    this.chartVersion = props.chartVersion ?? "1.12.1";
    this.namespaceName = props.namespace ?? "longhorn-system";
    const replicaCount = props.replicaCount ?? 3;
    const preventDestroy = props.preventDestroy ?? true;
    this.validate(props, replicaCount);

    this.namespace = new NamespaceV1(this, "Namespace", { metadata: { name: this.namespaceName } });

    if (props.backup) {
      this.backupSecret = new SecretV1(this, "BackupCredential", {
        metadata: { name: "longhorn-backup-credential", namespace: this.namespace.metadata.name },
        data: {
          AWS_ENDPOINTS: `https://${props.backup.endpoint}`,
          AWS_ACCESS_KEY_ID: props.backup.accessKeyId,
          AWS_SECRET_ACCESS_KEY: props.backup.secretAccessKey,
          AWS_REGION: props.backup.region,
        },
      });
    }

    this.values = longhornChartValues({
      chartVersion: this.chartVersion,
      replicaCount,
      backupTarget: props.backup ? `s3://${props.backup.bucket}@${props.backup.region}/` : "",
      backupCredentialSecret: this.backupSecret ? "longhorn-backup-credential" : "",
      tolerateTaints: props.tolerateTaints ?? [],
      allowUninstall: !preventDestroy,
    });

    this.release = helmRelease(this, "Release", {
      name: "longhorn",
      chart: "longhorn",
      repository: props.repository ?? "https://charts.longhorn.io",
      version: this.chartVersion,
      namespace: this.namespace.metadata.name,
      values: [helmValuesYaml(this.values), ...(props.additionalValues ?? []).map((v) => helmValuesYaml(v))],
      timeout: props.timeoutSeconds ?? 900,
      dependsOn: [...(this.backupSecret ? [this.backupSecret] : []), ...(props.dependsOn ?? [])],
      lifecycle: { preventDestroy },
    });
  }

  private validate(props: LonghornProps, replicaCount: number): void {
    const issues = new PropIssues();
    const where = issues.bad;
    if (!LONGHORN_RELEASES.includes(this.chartVersion)) where("chartVersion", this.chartVersion, LONGHORN_RELEASES.rule);
    if (!dnsLabel().safeParse(this.namespaceName).success) where("namespace", this.namespaceName, "must be a DNS-1123 label");
    if (!Number.isInteger(replicaCount) || replicaCount < 1) where("replicaCount", replicaCount, "must be an integer >= 1");
    issues.timeoutSeconds(props.timeoutSeconds);
    if (props.backup) {
      if (!endpointHost.safeParse(props.backup.endpoint).success)
        where("backup.endpoint", props.backup.endpoint, "must be a host name without scheme");
      if (!s3Bucket.safeParse(props.backup.bucket).success)
        where("backup.bucket", props.backup.bucket, "must be a bare bucket name without 's3://'");
      if (props.backup.region === "") where("backup.region", props.backup.region, "must not be empty");
    }
    issues.throwIfAny(`${this.node.path} props`);
  }
}
