import { Release } from "@cdktf/provider-helm/lib/release";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { Construct } from "constructs";
import { PropIssues } from "../validation";
import { BitnamiImage, resolveImages } from "./bitnami-image";
import {
  BITNAMI_DATABASE_DEFAULTS,
  BitnamiDatabaseProps,
  bitnamiRelease,
  bitnamiValuesInput,
  checkBitnamiDatabaseProps,
  replicaCount,
} from "./bitnami-database-props";
import {
  REDIS_CHARTS,
  REDIS_SECRET_KEY,
  REDIS_STATEFULSET_SUFFIX,
  RedisArchitecture,
  RedisChartValues,
  RedisChartVersion,
  RedisImageSlot,
  RedisResourceComponent,
  redisArchitecture,
  redisChartValues,
  redisChartVersion,
  redisImageSlots,
  redisReplicasProblem,
} from "./redis-values";
import { REDIS_DEFAULT_RESOURCES, withDefaultResources } from "./resources";

/** Defaults of {@link RedisProps}, those of {@link BitnamiDatabaseProps} included; the platform config applies them too. */
export const REDIS_DEFAULTS = {
  ...BITNAMI_DATABASE_DEFAULTS,
  chartVersion: "23.1.1",
  namespace: "redis",
  releaseName: "redis",
  authSecretName: "redis-auth",
  architecture: "replication",
  replicas: 1,
} as const satisfies Partial<RedisProps> & { readonly chartVersion: RedisChartVersion };

/** Why the architecture must be known at synth time, for messages. */
const ARCHITECTURE_KNOWN = "it decides which values the chart gets: replica.* with replication only";

/**
 * Props of {@link Redis}; image slots: `redis`, `sentinel`, `metrics`, `volumePermissions`, `sysctl`,
 * and `kubectl` from chart 22. With `replication`, the master runs on `nodes.primarySelector` and the
 * replicas on `nodes.readSelector`; `standalone` only uses `nodes.primarySelector`.
 */
export interface RedisProps extends BitnamiDatabaseProps<RedisImageSlot, RedisResourceComponent> {
  /**
   * Exact Bitnami redis chart version, one of {@link REDIS_CHART_VERSIONS}. Must be known at synth
   * time: it decides the chart values and the default images.
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
   * `replication`: a master and read replicas; `standalone`: a master only. Must be known at synth
   * time: it decides which values the chart gets.
   * @default "replication"
   */
  readonly architecture?: RedisArchitecture;
  /**
   * Number of replicas, with `replication` only; each needs its own read node (hard anti-affinity).
   * @default 1 with replication; must be unset with standalone
   */
  readonly replicas?: number;
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
  /** The Helm release name, the prefix of every object. */
  public readonly releaseName: string;
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
    const chartVersion = props.chartVersion ?? REDIS_DEFAULTS.chartVersion;
    this.releaseName = props.releaseName ?? REDIS_DEFAULTS.releaseName;
    this.namespaceName = props.namespace ?? REDIS_DEFAULTS.namespace;
    this.authSecretName = props.authSecretName ?? REDIS_DEFAULTS.authSecretName;
    const architecture = props.architecture ?? REDIS_DEFAULTS.architecture;
    const volumeSize = props.volumeSize ?? REDIS_DEFAULTS.volumeSize;
    const replication = architecture !== "standalone";

    const issues = new PropIssues();
    checkBitnamiDatabaseProps(issues, props, {
      chart: "redis",
      chartVersion,
      chartVersionRule: redisChartVersion,
      namespace: this.namespaceName,
      releaseName: this.releaseName,
      statefulSetSuffix: REDIS_STATEFULSET_SUFFIX,
      authSecretName: this.authSecretName,
      volumeSize,
      imageSlots: redisImageSlots(chartVersion),
      resourceComponents: Object.keys(REDIS_DEFAULT_RESOURCES).filter((c) => replication || c !== "replica"),
      primaryRole: "master",
      readRole: replication ? "replica" : undefined,
    });
    issues.known("architecture", architecture, ARCHITECTURE_KNOWN);
    issues.check("architecture", architecture, redisArchitecture);
    const standaloneReplicas = redisReplicasProblem(architecture, props.replicas);
    // Set at all is wrong under standalone, whatever value a token would bring.
    if (standaloneReplicas) issues.refuse("replicas", props.replicas, standaloneReplicas);
    else issues.check("replicas", props.replicas, replicaCount);
    issues.throwIfAny(`${this.node.path} props`);

    this.chartVersion = redisChartVersion.parse(chartVersion);
    this.architecture = architecture;
    const support = REDIS_CHARTS[this.chartVersion];
    this.images = resolveImages(support.images, props.images);
    this.masterHost = `${this.releaseName}-master.${this.namespaceName}.svc.cluster.local`;
    if (replication) this.replicasHost = `${this.releaseName}-replicas.${this.namespaceName}.svc.cluster.local`;

    this.namespace = new NamespaceV1(this, "Namespace", { metadata: { name: this.namespaceName } });
    this.authSecret = new SecretV1(this, "AuthSecret", {
      metadata: { name: this.authSecretName, namespace: this.namespace.metadata.name },
      data: { [REDIS_SECRET_KEY]: props.password },
    });

    this.values = redisChartValues({
      chartVersion: this.chartVersion,
      ...bitnamiValuesInput(props, this.releaseName, this.authSecretName),
      architecture: this.architecture,
      replicas: props.replicas ?? REDIS_DEFAULTS.replicas,
      masterNodeSelector: props.nodes.primarySelector,
      replicaNodeSelector: props.nodes.readSelector,
      masterVolumeSize: volumeSize,
      replicaVolumeSize: volumeSize,
      images: this.images,
      resources: withDefaultResources(REDIS_DEFAULT_RESOURCES, props.resources),
    });
    this.release = bitnamiRelease(this, {
      chart: "redis",
      chartVersion: this.chartVersion,
      valueKeys: support.valueKeys,
      releaseName: this.releaseName,
      namespace: this.namespace.metadata.name,
      values: this.values,
      authSecret: this.authSecret,
      props,
    });
  }
}
