import { z } from "zod";
import { isUnresolved } from "../validation";
import { BitnamiImage, legacyImage } from "./bitnami-image";
import { ContainerResources } from "./resources";
import { BitnamiMetricsValues, BitnamiPodValues, BitnamiValuesInput, bitnamiMetricsValues, bitnamiPodValues } from "./bitnami-values";

/** The longest suffix of the chart's StatefulSets (`<fullname>-primary`, `<fullname>-read`). */
export const POSTGRESQL_STATEFULSET_SUFFIX = "-primary";

/** Bitnami postgresql chart versions this project knows the values of. */
export const POSTGRESQL_CHART_VERSIONS = ["12.8.5", "16.7.27", "17.1.0"] as const;
/** A supported postgresql chart version. */
export type PostgresqlChartVersion = (typeof POSTGRESQL_CHART_VERSIONS)[number];
/** A postgresql chart version this project knows the values of, one of {@link POSTGRESQL_CHART_VERSIONS}. */
export const postgresqlChartVersion = z.enum(POSTGRESQL_CHART_VERSIONS, {
  message: `must be a postgresql chart version this project knows: ${POSTGRESQL_CHART_VERSIONS.join(", ")}`,
});

/** The image slots of the postgresql chart: server, metrics exporter, volume-permissions init container. */
export const POSTGRESQL_IMAGE_SLOTS = ["postgresql", "metrics", "volumePermissions"] as const;
/** One image slot of the postgresql chart. */
export type PostgresqlImageSlot = (typeof POSTGRESQL_IMAGE_SLOTS)[number];

/** A PostgreSQL role or database name this project accepts: lowercase, safe unquoted. */
export const PG_IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** A PostgreSQL identifier matching {@link PG_IDENTIFIER}. */
export const pgIdentifier = z.string().regex(PG_IDENTIFIER, {
  message: "must be a lowercase PostgreSQL identifier: a letter or '_', then letters, digits or '_', at most 63",
});

/** Role names PostgreSQL refuses to create ("role name ... is reserved"). */
const RESERVED_ROLES = new Set(["public", "none", "current_user", "session_user", "current_role"]);

/** A role name CREATE ROLE accepts: a {@link pgIdentifier}, neither `pg_*` nor a reserved name. */
export const pgRole = pgIdentifier.superRefine((name, ctx) => {
  if (name.startsWith("pg_") || RESERVED_ROLES.has(name)) {
    ctx.addIssue({
      code: "custom",
      input: name,
      message: "must not be a name PostgreSQL reserves for roles ('pg_*', public, none, current_user, session_user, current_role)",
    });
  }
});

/** A role the chart creates next to the superuser (the application user, the replication user): a {@link pgRole} other than `postgres`. */
export const pgUser = pgRole.refine((name) => name !== "postgres", {
  message: "must not be 'postgres': that is the superuser (its password is passwords.admin; in the app, the variable pgsql_admin_password)",
});

/** A database the chart creates: a {@link pgIdentifier}, not one every cluster already has. */
export const pgDatabase = pgIdentifier.refine((name) => !["postgres", "template0", "template1"].includes(name), {
  message: "must not be postgres, template0 or template1 (every PostgreSQL cluster has them: the chart would not create it)",
});

/**
 * Why `replicationUsername` cannot be the replication user next to the application user `username`, or
 * undefined; undefined too when either is a token (not checked).
 */
export function replicationUserProblem(username: string, replicationUsername: string): string | undefined {
  if (isUnresolved(username) || isUnresolved(replicationUsername) || username !== replicationUsername) return undefined;
  return "must differ from the application user (the two roles would collide)";
}

/** The guide's dump rhythm: every 8 hours, three dumps a day. */
export const GUIDE_DUMP_SCHEDULE = "0 */8 * * *";

/** The auth secret keys the postgresql chart reads from `auth.existingSecret`. */
export const POSTGRESQL_SECRET_KEYS = {
  admin: "postgres-password",
  user: "password",
  replication: "replication-password",
} as const;

/** What the project knows about one chart version. */
export interface PostgresqlChartSupport {
  /** Default image of every slot: the tag the chart version ships with, from `bitnamilegacy`. */
  readonly images: Readonly<Record<PostgresqlImageSlot, BitnamiImage>>;
  /** Whether the chart has `global.security.allowInsecureImages` (and refuses substituted images without it). */
  readonly allowInsecureImagesKey: boolean;
  /** Every values key this project sets, each present in that version's values.yaml. */
  readonly valueKeys: readonly string[];
}

const KEYS_ALL_VERSIONS = [
  "fullnameOverride",
  "architecture",
  "image.registry",
  "image.repository",
  "image.tag",
  "auth.enablePostgresUser",
  "auth.username",
  "auth.database",
  "auth.replicationUsername",
  "auth.existingSecret",
  "auth.secretKeys.adminPasswordKey",
  "auth.secretKeys.userPasswordKey",
  "auth.secretKeys.replicationPasswordKey",
  "primary.nodeSelector",
  "primary.tolerations",
  "primary.persistence.enabled",
  "primary.persistence.storageClass",
  "primary.persistence.size",
  "primary.resources",
  "readReplicas.replicaCount",
  "readReplicas.nodeSelector",
  "readReplicas.tolerations",
  "readReplicas.podAntiAffinityPreset",
  "readReplicas.persistence.enabled",
  "readReplicas.persistence.storageClass",
  "readReplicas.persistence.size",
  "readReplicas.resources",
  "metrics.enabled",
  "metrics.image.registry",
  "metrics.image.repository",
  "metrics.image.tag",
  "metrics.serviceMonitor.enabled",
  "metrics.resources",
  "volumePermissions.image.registry",
  "volumePermissions.image.repository",
  "volumePermissions.image.tag",
] as const;

const DEBIAN_12_IMAGES: Record<PostgresqlImageSlot, BitnamiImage> = {
  postgresql: legacyImage("postgresql", "17.6.0-debian-12-r4"),
  metrics: legacyImage("postgres-exporter", "0.17.1-debian-12-r16"),
  volumePermissions: legacyImage("os-shell", "12-debian-12-r51"),
};

/** Per chart version: default images and the values keys used (checked against each values.yaml). */
export const POSTGRESQL_CHARTS: Readonly<Record<PostgresqlChartVersion, PostgresqlChartSupport>> = {
  // 2023-09, the guide's era: PostgreSQL 15.4, no image verification.
  "12.8.5": {
    images: {
      postgresql: legacyImage("postgresql", "15.4.0-debian-11-r10"),
      metrics: legacyImage("postgres-exporter", "0.13.2-debian-11-r25"),
      volumePermissions: legacyImage("os-shell", "11-debian-11-r43"),
    },
    allowInsecureImagesKey: false,
    valueKeys: [...KEYS_ALL_VERSIONS],
  },
  // PostgreSQL 17.6; refuses non-Bitnami image repositories unless allowInsecureImages.
  "16.7.27": {
    images: DEBIAN_12_IMAGES,
    allowInsecureImagesKey: true,
    valueKeys: [...KEYS_ALL_VERSIONS, "global.security.allowInsecureImages"],
  },
  // Same images as 16.7.27; adds an optional metrics user this project does not use.
  "17.1.0": {
    images: DEBIAN_12_IMAGES,
    allowInsecureImagesKey: true,
    valueKeys: [...KEYS_ALL_VERSIONS, "global.security.allowInsecureImages"],
  },
};

/** Values of one image slot. */
export type ImageValues = BitnamiImage;

/** The subset of the postgresql chart's values this project sets (see {@link POSTGRESQL_CHARTS} for the versions). */
export interface PostgresqlChartValues {
  /** Only for chart versions that have image verification. */
  readonly global?: { readonly security: { readonly allowInsecureImages: boolean } };
  /** Object names are `<fullnameOverride>-primary`, `-read`, ... whatever the release name. */
  readonly fullnameOverride: string;
  readonly architecture: "replication";
  readonly image: ImageValues;
  readonly auth: {
    readonly enablePostgresUser: true;
    readonly username: string;
    readonly database: string;
    readonly replicationUsername: string;
    /** Passwords come from this Secret only; no password is ever a value. */
    readonly existingSecret: string;
    readonly secretKeys: {
      readonly adminPasswordKey: string;
      readonly userPasswordKey: string;
      readonly replicationPasswordKey: string;
    };
  };
  readonly primary: PostgresqlPodValues;
  readonly readReplicas: PostgresqlPodValues & {
    readonly replicaCount: number;
    readonly podAntiAffinityPreset: "hard";
  };
  readonly metrics: BitnamiMetricsValues;
  readonly volumePermissions: { readonly image: ImageValues };
}

/** Placement and volume of the primary or the read replicas. */
export type PostgresqlPodValues = BitnamiPodValues;

/** Inputs of {@link postgresqlChartValues}. */
export interface PostgresqlValuesInput extends BitnamiValuesInput {
  readonly chartVersion: PostgresqlChartVersion;
  readonly username: string;
  readonly database: string;
  readonly replicationUsername: string;
  readonly readReplicas: number;
  readonly primaryNodeSelector: Readonly<Record<string, string>>;
  readonly readNodeSelector: Readonly<Record<string, string>>;
  readonly primaryVolumeSize: string;
  readonly readVolumeSize: string;
  readonly images: Readonly<Record<PostgresqlImageSlot, BitnamiImage>>;
  /** Requests and limits of each container. */
  readonly resources: Readonly<Record<PostgresqlResourceComponent, ContainerResources>>;
}

/** The containers whose resources the project sets. */
export type PostgresqlResourceComponent = "primary" | "readReplicas" | "metrics";

/** Helm values of the postgresql chart, for a primary and read replicas on their own nodes. */
export function postgresqlChartValues(input: PostgresqlValuesInput): PostgresqlChartValues {
  const support = POSTGRESQL_CHARTS[input.chartVersion];
  return {
    ...(support.allowInsecureImagesKey ? { global: { security: { allowInsecureImages: true } } } : {}),
    fullnameOverride: input.fullname,
    architecture: "replication",
    image: { ...input.images.postgresql },
    auth: {
      enablePostgresUser: true,
      username: input.username,
      database: input.database,
      replicationUsername: input.replicationUsername,
      existingSecret: input.existingSecret,
      secretKeys: {
        adminPasswordKey: POSTGRESQL_SECRET_KEYS.admin,
        userPasswordKey: POSTGRESQL_SECRET_KEYS.user,
        replicationPasswordKey: POSTGRESQL_SECRET_KEYS.replication,
      },
    },
    primary: bitnamiPodValues(input, input.primaryNodeSelector, input.primaryVolumeSize, input.resources.primary),
    readReplicas: {
      replicaCount: input.readReplicas,
      podAntiAffinityPreset: "hard",
      ...bitnamiPodValues(input, input.readNodeSelector, input.readVolumeSize, input.resources.readReplicas),
    },
    metrics: bitnamiMetricsValues(input, { ...input.images.metrics }, input.resources.metrics),
    volumePermissions: { image: { ...input.images.volumePermissions } },
  };
}
