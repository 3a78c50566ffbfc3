import { Release } from "@cdktf/provider-helm/lib/release";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { Construct } from "constructs";
import { BitnamiImage, resolveImages } from "./bitnami-image";
import { BitnamiDatabaseProps, bitnamiRelease, bitnamiValuesInput, validateBitnamiDatabaseProps } from "./bitnami-database-props";
import {
  DEFAULT_REDIS_CHART_VERSION,
  REDIS_ARCHITECTURES,
  REDIS_CHARTS,
  REDIS_CHART_VERSIONS,
  REDIS_SECRET_KEY,
  REDIS_STATEFULSET_SUFFIX,
  RedisArchitecture,
  RedisChartValues,
  RedisChartVersion,
  RedisImageSlot,
  redisChartValues,
  RedisResourceComponent,
} from "./redis-values";
import { REDIS_DEFAULT_RESOURCES, withDefaultResources } from "./resources";

/**
 * Props of {@link Redis}; image slots: `redis`, `sentinel`, `metrics`, `volumePermissions`, `sysctl`,
 * and `kubectl` from chart 22.
 */
export interface RedisProps extends BitnamiDatabaseProps<RedisImageSlot, RedisResourceComponent> {
  /**
   * Exact Bitnami redis chart version, one of {@link REDIS_CHART_VERSIONS}.
   * @default "23.1.1"
   */
  readonly chartVersion?: string;
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
      ...bitnamiValuesInput(props, releaseName, this.authSecretName),
      architecture: this.architecture,
      replicas: props.replicas ?? 1,
      masterNodeSelector: props.masterNodeSelector,
      replicaNodeSelector: props.replicaNodeSelector ?? {},
      masterVolumeSize: volumeSize,
      replicaVolumeSize: volumeSize,
      images: this.images,
      resources: withDefaultResources(REDIS_DEFAULT_RESOURCES, props.resources),
    });
    this.release = bitnamiRelease(this, {
      chart: "redis",
      chartVersion: this.chartVersion,
      valueKeys: support.valueKeys,
      releaseName,
      namespace: this.namespace.metadata.name,
      values: this.values,
      authSecret: this.authSecret,
      props,
    });
  }

  private validate(props: RedisProps, chartVersion: string, releaseName: string, volumeSize: string): void {
    const known = (REDIS_CHART_VERSIONS as readonly string[]).includes(chartVersion);
    const replication = this.architecture !== "standalone";
    validateBitnamiDatabaseProps(
      this.node.path,
      {
        chart: "redis",
        chartVersions: REDIS_CHART_VERSIONS,
        chartVersion,
        namespace: this.namespaceName,
        releaseName,
        statefulSetSuffix: REDIS_STATEFULSET_SUFFIX,
        authSecretName: this.authSecretName,
        primary: { prop: "masterNodeSelector", selector: props.masterNodeSelector, role: "master", required: true },
        replicas: {
          prop: "replicaNodeSelector",
          selector: props.replicaNodeSelector,
          role: "replica",
          required: replication && "is required with architecture 'replication' (select the read nodes)",
          // an empty selector is already reported as missing
          distinct: replication && Object.keys(props.replicaNodeSelector ?? {}).length > 0,
        },
        volumeSize,
        storageClassName: props.storageClassName,
        imageSlots: known ? Object.keys(REDIS_CHARTS[chartVersion as RedisChartVersion].images) : undefined,
        images: props.images,
        timeoutSeconds: props.timeoutSeconds,
        resources: props.resources,
        resourceComponents: Object.keys(REDIS_DEFAULT_RESOURCES).filter((c) => replication || c !== "replica"),
      },
      (bad) => {
        if (!(REDIS_ARCHITECTURES as readonly string[]).includes(this.architecture)) {
          bad("architecture", this.architecture, `must be one of ${REDIS_ARCHITECTURES.join(", ")}`);
        }
        if (!replication && props.replicas !== undefined) {
          bad(
            "replicas",
            props.replicas,
            "must be unset with architecture 'standalone' (the chart ignores replica.* there); use 'replication'",
          );
        } else if (props.replicas !== undefined && (!Number.isInteger(props.replicas) || props.replicas < 1)) {
          bad("replicas", props.replicas, "must be an integer >= 1");
        }
      },
    );
  }
}
