import { z } from "zod";
import { InternalError, isUnresolved } from "../validation";
import { BitnamiImage, legacyImage } from "./bitnami-image";
import { ContainerResources } from "./resources";
import { BitnamiMetricsValues, BitnamiPodValues, BitnamiValuesInput, bitnamiMetricsValues, bitnamiPodValues } from "./bitnami-values";

/** The longest suffix of the chart's StatefulSets (`<fullname>-master`, `<fullname>-replicas`). */
export const REDIS_STATEFULSET_SUFFIX = "-replicas";

/** Bitnami redis chart versions this project knows the values of. */
export const REDIS_CHART_VERSIONS = ["17.15.6", "22.0.7", "23.1.1"] as const;
/** A supported redis chart version. */
export type RedisChartVersion = (typeof REDIS_CHART_VERSIONS)[number];
/** A redis chart version this project knows the values of, one of {@link REDIS_CHART_VERSIONS}. */
export const redisChartVersion = z.enum(REDIS_CHART_VERSIONS, {
  message: `must be a redis chart version this project knows: ${REDIS_CHART_VERSIONS.join(", ")}`,
});

/** Every image slot a redis chart version may have. */
export const REDIS_IMAGE_SLOTS = ["redis", "sentinel", "metrics", "volumePermissions", "sysctl", "kubectl"] as const;
/** One image slot of the redis chart. */
export type RedisImageSlot = (typeof REDIS_IMAGE_SLOTS)[number];

/** The key of the redis password in the auth Secret. */
export const REDIS_SECRET_KEY = "redis-password";

/** Layouts offered: a lone master, or a master with replicas (the guide's intended layout). */
export const REDIS_ARCHITECTURES = ["standalone", "replication"] as const;
/** A redis layout. */
export type RedisArchitecture = (typeof REDIS_ARCHITECTURES)[number];

/** A redis layout, one of {@link REDIS_ARCHITECTURES}. */
export const redisArchitecture = z.enum(REDIS_ARCHITECTURES, { message: `must be one of ${REDIS_ARCHITECTURES.join(", ")}` });

/**
 * Why `replicas` does not go with `architecture`, or undefined: a standalone Redis has no replicas (the
 * chart ignores `replica.*` there). Undefined when `architecture` is a token.
 */
export function redisReplicasProblem(architecture: string, replicas: number | undefined): string | undefined {
  if (isUnresolved(architecture) || architecture !== "standalone" || replicas === undefined) return undefined;
  return "must be unset with architecture 'standalone' (the chart ignores replica.* there); use architecture 'replication'";
}

/** The image slots of redis chart `version`, or undefined when the project does not know that version. */
export function redisImageSlots(version: string): readonly string[] | undefined {
  const support = (REDIS_CHARTS as Readonly<Record<string, RedisChartSupport | undefined>>)[version];
  return support && Object.keys(support.images);
}

/** What the project knows about one chart version. */
export interface RedisChartSupport {
  /** Default image of every slot the version has (`kubectl` only from 22.x), from `bitnamilegacy`. */
  readonly images: Readonly<Partial<Record<RedisImageSlot, BitnamiImage>>>;
  /** Whether the chart has `global.security.allowInsecureImages`. */
  readonly allowInsecureImagesKey: boolean;
  /** Every values key this project sets, each present in that version's values.yaml. */
  readonly valueKeys: readonly string[];
}

const imageKeys = (slot: string) => [`${slot}.image.registry`, `${slot}.image.repository`, `${slot}.image.tag`];

const KEYS_ALL_VERSIONS = [
  "fullnameOverride",
  "architecture",
  "image.registry",
  "image.repository",
  "image.tag",
  "auth.enabled",
  "auth.existingSecret",
  "auth.existingSecretPasswordKey",
  "master.nodeSelector",
  "master.tolerations",
  "master.persistence.enabled",
  "master.persistence.storageClass",
  "master.persistence.size",
  "master.resources",
  "replica.replicaCount",
  "replica.nodeSelector",
  "replica.tolerations",
  "replica.podAntiAffinityPreset",
  "replica.persistence.enabled",
  "replica.persistence.storageClass",
  "replica.persistence.size",
  "replica.resources",
  "metrics.enabled",
  "metrics.serviceMonitor.enabled",
  "metrics.resources",
  ...imageKeys("sentinel"),
  ...imageKeys("metrics"),
  ...imageKeys("volumePermissions"),
  ...imageKeys("sysctl"),
];

const DEBIAN_12_IMAGES: Partial<Record<RedisImageSlot, BitnamiImage>> = {
  redis: legacyImage("redis", "8.2.1-debian-12-r0"),
  sentinel: legacyImage("redis-sentinel", "8.2.1-debian-12-r0"),
  metrics: legacyImage("redis-exporter", "1.76.0-debian-12-r0"),
  volumePermissions: legacyImage("os-shell", "12-debian-12-r51"),
  sysctl: legacyImage("os-shell", "12-debian-12-r51"),
  kubectl: legacyImage("kubectl", "1.33.4-debian-12-r0"),
};

/** Per chart version: default images and the values keys used (checked against each values.yaml). */
export const REDIS_CHARTS: Readonly<Record<RedisChartVersion, RedisChartSupport>> = {
  // The guide's pin (2023-08): Redis 7.2.0.
  "17.15.6": {
    images: {
      redis: legacyImage("redis", "7.2.0-debian-11-r3"),
      sentinel: legacyImage("redis-sentinel", "7.2.0-debian-11-r3"),
      metrics: legacyImage("redis-exporter", "1.52.0-debian-11-r23"),
      volumePermissions: legacyImage("os-shell", "11-debian-11-r43"),
      sysctl: legacyImage("os-shell", "11-debian-11-r43"),
    },
    allowInsecureImagesKey: false,
    valueKeys: KEYS_ALL_VERSIONS,
  },
  // Redis 8.2.1; a kubectl image (Sentinel's label updater) and image verification appear.
  "22.0.7": {
    images: DEBIAN_12_IMAGES,
    allowInsecureImagesKey: true,
    valueKeys: [...KEYS_ALL_VERSIONS, ...imageKeys("kubectl"), "global.security.allowInsecureImages"],
  },
  "23.1.1": {
    images: DEBIAN_12_IMAGES,
    allowInsecureImagesKey: true,
    valueKeys: [...KEYS_ALL_VERSIONS, ...imageKeys("kubectl"), "global.security.allowInsecureImages"],
  },
};

/** Placement and volume of the master or the replicas. */
export type RedisPodValues = BitnamiPodValues;

/** The subset of the redis chart's values this project sets (see {@link REDIS_CHARTS} for the versions). */
export interface RedisChartValues {
  /** Only for chart versions that have image verification. */
  readonly global?: { readonly security: { readonly allowInsecureImages: boolean } };
  /** Object names are `<fullnameOverride>-master`, `-replicas`, ... whatever the release name. */
  readonly fullnameOverride: string;
  readonly architecture: RedisArchitecture;
  readonly image: BitnamiImage;
  readonly auth: {
    readonly enabled: true;
    /** The password comes from this Secret only; it is never a value. */
    readonly existingSecret: string;
    readonly existingSecretPasswordKey: string;
  };
  readonly master: RedisPodValues;
  /** Only with `architecture: replication`: the chart ignores `replica.*` otherwise. */
  readonly replica?: RedisPodValues & { readonly replicaCount: number; readonly podAntiAffinityPreset: "hard" };
  readonly metrics: BitnamiMetricsValues;
  /** Never enabled here; its image is still overridden so that enabling it pulls. */
  readonly sentinel: { readonly image: BitnamiImage };
  readonly volumePermissions: { readonly image: BitnamiImage };
  readonly sysctl: { readonly image: BitnamiImage };
  /** Chart >= 22 only. */
  readonly kubectl?: { readonly image: BitnamiImage };
}

/** Inputs of {@link redisChartValues}. */
export interface RedisValuesInput extends BitnamiValuesInput {
  readonly chartVersion: RedisChartVersion;
  readonly architecture: RedisArchitecture;
  /** Replica count; ignored with `standalone`. */
  readonly replicas: number;
  readonly masterNodeSelector: Readonly<Record<string, string>>;
  readonly replicaNodeSelector: Readonly<Record<string, string>>;
  readonly masterVolumeSize: string;
  readonly replicaVolumeSize: string;
  /** One image per slot of the chart version. */
  readonly images: Readonly<Partial<Record<RedisImageSlot, BitnamiImage>>>;
  /** Requests and limits of each container (`replica`'s only with `replication`). */
  readonly resources: Readonly<Record<RedisResourceComponent, ContainerResources>>;
}

/** The containers whose resources the project sets. */
export type RedisResourceComponent = "master" | "replica" | "metrics";

/** Helm values of the redis chart: master on the primary node, replicas (with `replication`) on the read nodes. */
export function redisChartValues(input: RedisValuesInput): RedisChartValues {
  const support = REDIS_CHARTS[input.chartVersion];
  const image = (slot: RedisImageSlot): BitnamiImage => {
    const found = input.images[slot];
    if (!found) throw new InternalError(`redis chart ${input.chartVersion}: no image for slot '${slot}'`);
    return { ...found };
  };
  return {
    ...(support.allowInsecureImagesKey ? { global: { security: { allowInsecureImages: true } } } : {}),
    fullnameOverride: input.fullname,
    architecture: input.architecture,
    image: image("redis"),
    auth: { enabled: true, existingSecret: input.existingSecret, existingSecretPasswordKey: REDIS_SECRET_KEY },
    master: bitnamiPodValues(input, input.masterNodeSelector, input.masterVolumeSize, input.resources.master),
    ...(input.architecture === "replication"
      ? {
          replica: {
            replicaCount: input.replicas,
            podAntiAffinityPreset: "hard" as const,
            ...bitnamiPodValues(input, input.replicaNodeSelector, input.replicaVolumeSize, input.resources.replica),
          },
        }
      : {}),
    metrics: bitnamiMetricsValues(input, image("metrics"), input.resources.metrics),
    sentinel: { image: image("sentinel") },
    volumePermissions: { image: image("volumePermissions") },
    sysctl: { image: image("sysctl") },
    ...(support.images.kubectl ? { kubectl: { image: image("kubectl") } } : {}),
  };
}
