import { Release } from "@cdktf/provider-helm/lib/release";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { stringify } from "yaml";
import { Taint, ValidationError, describeValue, dnsLabel, dnsSubdomain, labelKey, labelValue } from "../config/validation";
import { tolerationFor } from "../storage/longhorn-values";
import { BITNAMI_OCI_REPOSITORY, BitnamiImage, BitnamiImageOverride, imageOverrideIssues, resolveImages } from "./bitnami-image";
import { unknownValueKeys } from "./chart-value-keys";
import { VOLUME_SIZE_RULE, isVolumeSize } from "./volume-size";
import {
  DEFAULT_REDIS_CHART_VERSION,
  REDIS_ARCHITECTURES,
  REDIS_CHARTS,
  REDIS_CHART_VERSIONS,
  REDIS_SECRET_KEY,
  RedisArchitecture,
  RedisChartValues,
  RedisChartVersion,
  RedisImageSlot,
  redisChartValues,
} from "./redis-values";

/** Props of {@link Redis}. */
export interface RedisProps {
  /**
   * Exact Bitnami redis chart version, one of {@link REDIS_CHART_VERSIONS}.
   * @default "23.1.1"
   */
  readonly chartVersion?: string;
  /**
   * Helm repository of the chart.
   * @default "oci://registry-1.docker.io/bitnamicharts"
   */
  readonly repository?: string;
  /**
   * Namespace created for Redis.
   * @default "redis"
   */
  readonly namespace?: string;
  /**
   * Helm release name, also the prefix of every object (`<name>-master`, `<name>-replicas`).
   * @default "redis"
   */
  readonly releaseName?: string;
  /** The Redis password (key `redis-password` of the auth Secret); pass a sensitive Terraform variable. */
  readonly password: string;
  /**
   * Name of the auth Secret the chart reads (`auth.existingSecret`).
   * @default "redis-auth"
   */
  readonly authSecretName?: string;
  /**
   * `replication`: a master and read replicas; `standalone`: a master only.
   * @default "replication"
   */
  readonly architecture?: RedisArchitecture;
  /**
   * Number of replicas, with `replication` only; each needs its own read node (hard anti-affinity).
   * @default 1 with replication; must be unset with standalone
   */
  readonly replicas?: number;
  /** Node selector of the master, e.g. `DatabaseNodeRoles.primarySelector`. */
  readonly masterNodeSelector: Readonly<Record<string, string>>;
  /**
   * Node selector of the replicas, e.g. `DatabaseNodeRoles.readSelector`.
   * @default - required with replication
   */
  readonly replicaNodeSelector?: Readonly<Record<string, string>>;
  /**
   * Taints of the storage nodes, tolerated by the master and the replicas.
   * @default - no tolerations
   */
  readonly tolerateTaints?: readonly Taint[];
  /** StorageClass of the volumes. */
  readonly storageClassName: string;
  /**
   * Size of each volume, a Kubernetes quantity.
   * @default "10Gi"
   */
  readonly volumeSize?: string;
  /**
   * Run the redis-exporter sidecar.
   * @default true
   */
  readonly metrics?: boolean;
  /**
   * Let the chart create a ServiceMonitor; needs the monitoring.coreos.com CRDs.
   * @default false
   */
  readonly serviceMonitor?: boolean;
  /**
   * Image overrides per slot (`redis`, `sentinel`, `metrics`, `volumePermissions`, `sysctl`, and `kubectl` from chart 22).
   * @default - every slot from docker.io/bitnamilegacy at the tag the chart version ships with
   */
  readonly images?: Readonly<Partial<Record<RedisImageSlot, BitnamiImageOverride>>>;
  /**
   * Seconds Helm waits for the release to be ready (image pulls and the first
   * attachment of the Longhorn volumes take a while on a fresh cluster).
   * @default 600
   */
  readonly timeoutSeconds?: number;
  /**
   * Extra Helm values documents, merged after the computed ones. Never put passwords here.
   * @default - none
   */
  readonly additionalValues?: readonly Record<string, unknown>[];
  /**
   * Resources that must exist first: the node role labels, the StorageClass.
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Redis (Bitnami chart): namespace, auth Secret and release, the master on the
 * primary's node and, with `replication` (the default, the guide's intended
 * layout), replicas on the read nodes. `replica.*` values are only produced with
 * `replication`, where the chart reads them. Sentinel is not enabled; its image
 * (and every other image slot) still points at `docker.io/bitnamilegacy` so that
 * no slot pulls from the dead `docker.io/bitnami` namespace.
 */
export class Redis extends Construct {
  /** The namespace. */
  public readonly namespace: NamespaceV1;
  /** The namespace name. */
  public readonly namespaceName: string;
  /** The auth Secret (`redis-password`). */
  public readonly authSecret: SecretV1;
  /** The auth Secret name. */
  public readonly authSecretName: string;
  /** The Helm release. */
  public readonly release: Release;
  /** The chart version installed. */
  public readonly chartVersion: RedisChartVersion;
  /** The layout. */
  public readonly architecture: RedisArchitecture;
  /** The images of every slot of the chart version, overrides applied. */
  public readonly images: Readonly<Partial<Record<RedisImageSlot, BitnamiImage>>>;
  /** The chart values this construct computed (without `additionalValues`). */
  public readonly values: RedisChartValues;
  /** In-cluster host of the master (read-write). */
  public readonly masterHost: string;
  /** In-cluster host of the replicas (read-only), with replication. */
  public readonly replicasHost?: string;
  /** Service port. */
  public readonly port = 6379;

  constructor(scope: Construct, id: string, props: RedisProps) {
    super(scope, id);
    const chartVersion = props.chartVersion ?? DEFAULT_REDIS_CHART_VERSION;
    const releaseName = props.releaseName ?? "redis";
    this.namespaceName = props.namespace ?? "redis";
    this.authSecretName = props.authSecretName ?? "redis-auth";
    this.architecture = props.architecture ?? "replication";
    const volumeSize = props.volumeSize ?? "10Gi";
    this.validate(props, chartVersion, releaseName, volumeSize);
    this.chartVersion = chartVersion as RedisChartVersion;
    const support = REDIS_CHARTS[this.chartVersion];
    this.images = resolveImages(support.images as Record<RedisImageSlot, BitnamiImage>, props.images);
    this.masterHost = `${releaseName}-master.${this.namespaceName}.svc.cluster.local`;
    if (this.architecture === "replication") this.replicasHost = `${releaseName}-replicas.${this.namespaceName}.svc.cluster.local`;

    this.namespace = new NamespaceV1(this, "Namespace", { metadata: { name: this.namespaceName } });
    this.authSecret = new SecretV1(this, "AuthSecret", {
      metadata: { name: this.authSecretName, namespace: this.namespace.metadata.name },
      data: { [REDIS_SECRET_KEY]: props.password },
    });

    this.values = redisChartValues({
      chartVersion: this.chartVersion,
      fullname: releaseName,
      architecture: this.architecture,
      replicas: props.replicas ?? 1,
      existingSecret: this.authSecretName,
      masterNodeSelector: props.masterNodeSelector,
      replicaNodeSelector: props.replicaNodeSelector ?? {},
      tolerations: (props.tolerateTaints ?? []).map(tolerationFor),
      storageClassName: props.storageClassName,
      masterVolumeSize: volumeSize,
      replicaVolumeSize: volumeSize,
      metrics: props.metrics ?? true,
      serviceMonitor: props.serviceMonitor ?? false,
      images: this.images,
    });
    const unknown = unknownValueKeys(this.values, support.valueKeys);
    if (unknown.length > 0) {
      throw new ValidationError(
        `${this.node.path}: values not in redis chart ${chartVersion}`,
        unknown.map((k) => `${k}: unknown key`),
      );
    }

    this.release = new Release(this, "Release", {
      name: releaseName,
      chart: "redis",
      repository: props.repository ?? BITNAMI_OCI_REPOSITORY,
      version: this.chartVersion,
      namespace: this.namespace.metadata.name,
      values: [stringify(this.values), ...(props.additionalValues ?? []).map((v) => stringify(v))],
      timeout: props.timeoutSeconds ?? 600,
      dependsOn: [this.authSecret, ...(props.dependsOn ?? [])],
    });
  }

  private validate(props: RedisProps, chartVersion: string, releaseName: string, volumeSize: string): void {
    const issues: string[] = [];
    const bad = (prop: string, value: unknown, allowed: string) => issues.push(`${prop}: ${allowed} (got ${describeValue(value)})`);
    const known = (REDIS_CHART_VERSIONS as readonly string[]).includes(chartVersion);
    if (!known) bad("chartVersion", chartVersion, `must be a redis chart version this project knows (${REDIS_CHART_VERSIONS.join(", ")})`);
    if (!dnsLabel().safeParse(this.namespaceName).success) bad("namespace", this.namespaceName, "must be a DNS-1123 label");
    if (!dnsLabel(53).safeParse(releaseName).success) bad("releaseName", releaseName, "must be a DNS-1123 label of at most 53 characters");
    if (!dnsSubdomain.safeParse(this.authSecretName).success) bad("authSecretName", this.authSecretName, "must be a DNS-1123 subdomain");
    if (!(REDIS_ARCHITECTURES as readonly string[]).includes(this.architecture)) {
      bad("architecture", this.architecture, `must be one of ${REDIS_ARCHITECTURES.join(", ")}`);
    }
    if (this.architecture === "standalone") {
      if (props.replicas !== undefined)
        bad(
          "replicas",
          props.replicas,
          "must be unset with architecture 'standalone' (the chart ignores replica.* there); use 'replication'",
        );
    } else {
      if (props.replicas !== undefined && (!Number.isInteger(props.replicas) || props.replicas < 1))
        bad("replicas", props.replicas, "must be an integer >= 1");
      if (!props.replicaNodeSelector || Object.keys(props.replicaNodeSelector).length === 0) {
        bad("replicaNodeSelector", props.replicaNodeSelector, "is required with architecture 'replication' (select the read nodes)");
      } else if (JSON.stringify(props.replicaNodeSelector) === JSON.stringify(props.masterNodeSelector)) {
        bad(
          "replicaNodeSelector",
          props.replicaNodeSelector,
          "must differ from masterNodeSelector: the master and a replica never share a node",
        );
      }
    }
    if (Object.keys(props.masterNodeSelector).length === 0)
      bad("masterNodeSelector", props.masterNodeSelector, "must select nodes with at least one label");
    for (const [prop, selector] of [
      ["masterNodeSelector", props.masterNodeSelector],
      ["replicaNodeSelector", props.replicaNodeSelector ?? {}],
    ] as const) {
      for (const [k, v] of Object.entries(selector)) {
        if (!labelKey.safeParse(k).success || !labelValue.safeParse(v).success)
          bad(`${prop}.${k}`, v, "must be a valid label key and value");
      }
    }
    if (!isVolumeSize(volumeSize)) bad("volumeSize", volumeSize, VOLUME_SIZE_RULE);
    if (!dnsSubdomain.safeParse(props.storageClassName).success)
      bad("storageClassName", props.storageClassName, "must be a StorageClass name (DNS-1123 subdomain)");
    if (known)
      issues.push(
        ...imageOverrideIssues("images", Object.keys(REDIS_CHARTS[chartVersion as RedisChartVersion].images), props.images ?? {}),
      );
    if (props.timeoutSeconds !== undefined && (!Number.isInteger(props.timeoutSeconds) || props.timeoutSeconds < 1)) {
      bad("timeoutSeconds", props.timeoutSeconds, "must be a whole number of seconds >= 1");
    }
    if (issues.length > 0) throw new ValidationError(`${this.node.path} props`, issues);
  }
}
