import { Release } from "@cdktf/provider-helm/lib/release";
import { helmRelease } from "../kubernetes/helm-release";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { PropIssues, Taint, dnsLabel, endpointHost, positiveInteger, s3Bucket, s3Region } from "../validation";
import { LONGHORN_CHART_STORAGE_CLASS, LONGHORN_RELEASES, LonghornChartValues, longhornChartValues } from "./longhorn-values";
import { helmValuesYaml } from "../kubernetes/helm-values";
import { IStorageClass } from "./storage-class";

/**
 * A Longhorn installation as the constructs that run on it see it: {@link Longhorn}, or one installed
 * elsewhere. {@link LonghornRecurringJobs} takes one.
 */
export interface ILonghorn {
  /** The namespace Longhorn runs in. */
  readonly namespaceName: string;
  /** The Longhorn chart version installed (Longhorn's own version), e.g. `1.12.1`. */
  readonly chartVersion: string;
  /** What installs Longhorn and its CRDs (the Helm release): what runs on Longhorn goes after it. */
  readonly release: ITerraformDependable;
}

/** S3 backup target of Longhorn. Every string may be a token. */
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
   * Exact Longhorn chart version. Must be known at synth time: the chart values differ by version
   * (where the backup target goes, the drain policy, the storage reservation setting).
   * @default "1.12.1"
   */
  readonly chartVersion?: string;
  /**
   * Helm repository of the chart.
   * @default "https://charts.longhorn.io"
   */
  readonly repository?: string;
  /**
   * Namespace created for Longhorn, a DNS-1123 label.
   * @default "longhorn-system"
   */
  readonly namespace?: string;
  /**
   * Replica count of the chart's default StorageClass and of volumes created in the UI;
   * set it to the number of storage nodes. A whole number >= 1.
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
   * @default []
   */
  readonly tolerateTaints?: readonly Taint[];
  /**
   * Extra Helm values documents, merged by Helm after the ones this construct computes.
   * @default []
   */
  readonly additionalValues?: readonly Record<string, unknown>[];
  /**
   * Seconds Helm waits for Longhorn's pods to be ready; its first start pulls a dozen images. Whole
   * seconds, at least 60.
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

/** Defaults of {@link LonghornProps}; the platform config's `longhorn` section applies them too. */
export const LONGHORN_DEFAULTS = {
  chartVersion: "1.12.1",
  repository: "https://charts.longhorn.io",
  namespace: "longhorn-system",
  replicaCount: 3,
  tolerateTaints: [] as readonly Taint[],
  additionalValues: [] as readonly Record<string, unknown>[],
  timeoutSeconds: 900,
  preventDestroy: true,
} as const satisfies Partial<LonghornProps>;

/** The rules of {@link LonghornProps}, which the platform config checks too. */
export const LONGHORN_RULES = {
  chartVersion: LONGHORN_RELEASES.schema(),
  namespace: dnsLabel(),
  replicaCount: positiveInteger,
  backup: { endpoint: endpointHost, region: s3Region, bucket: s3Bucket },
} as const;

/**
 * Longhorn installed by its Helm chart: namespace, backup credential Secret and
 * release, with values that are right for the pinned chart version.
 *
 * Longhorn creates disks only on nodes labelled for it
 * (`createDefaultDiskLabeledNodes`); see {@link LonghornStorageNodes}.
 */
export class Longhorn extends Construct implements ILonghorn {
  /** The Longhorn namespace. */
  public readonly namespace: NamespaceV1;
  /** The namespace name, as given (a token when the prop is one). */
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
  /** The chart's `longhorn` StorageClass, for what takes an {@link IStorageClass}: created by {@link release}. */
  public readonly chartStorageClass: IStorageClass;
  /** The chart version installed. */
  public readonly chartVersion: string;
  /** The chart values this construct computed (without `additionalValues`). */
  public readonly values: LonghornChartValues;

  constructor(scope: Construct, id: string, props: LonghornProps = {}) {
    super(scope, id);
    this.chartVersion = props.chartVersion ?? LONGHORN_DEFAULTS.chartVersion;
    this.namespaceName = props.namespace ?? LONGHORN_DEFAULTS.namespace;
    const replicaCount = props.replicaCount ?? LONGHORN_DEFAULTS.replicaCount;
    const preventDestroy = props.preventDestroy ?? LONGHORN_DEFAULTS.preventDestroy;
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
      tolerateTaints: props.tolerateTaints ?? LONGHORN_DEFAULTS.tolerateTaints,
      allowUninstall: !preventDestroy,
    });

    const dependsOn: ITerraformDependable[] = this.backupSecret ? [this.backupSecret] : [];
    if (props.dependsOn) dependsOn.push(...props.dependsOn);
    const additionalValues = props.additionalValues ?? LONGHORN_DEFAULTS.additionalValues;
    this.release = helmRelease(this, "Release", {
      name: "longhorn",
      chart: "longhorn",
      repository: props.repository ?? LONGHORN_DEFAULTS.repository,
      version: this.chartVersion,
      namespace: this.namespace.metadata.name,
      values: [helmValuesYaml(this.values), ...additionalValues.map((v) => helmValuesYaml(v))],
      timeout: props.timeoutSeconds ?? LONGHORN_DEFAULTS.timeoutSeconds,
      dependsOn,
      lifecycle: { preventDestroy },
    });
    this.chartStorageClass = { storageClassName: this.storageClassName, storageClassCreator: this.release };
  }

  private validate(props: LonghornProps, replicaCount: number): void {
    const issues = new PropIssues();
    issues.known("chartVersion", this.chartVersion, "the chart values differ by version");
    issues.check("chartVersion", this.chartVersion, LONGHORN_RULES.chartVersion);
    issues.check("namespace", this.namespaceName, LONGHORN_RULES.namespace);
    issues.check("replicaCount", replicaCount, LONGHORN_RULES.replicaCount);
    issues.timeoutSeconds(props.timeoutSeconds);
    if (props.backup) {
      for (const key of ["endpoint", "region", "bucket"] as const) {
        issues.check(`backup.${key}`, props.backup[key], LONGHORN_RULES.backup[key]);
      }
    }
    issues.throwIfAny(`${this.node.path} props`);
  }
}
