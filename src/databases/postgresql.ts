import { Release } from "@cdktf/provider-helm/lib/release";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { ITerraformDependable } from "cdktf";
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
  POSTGRESQL_CHARTS,
  POSTGRESQL_IMAGE_SLOTS,
  POSTGRESQL_SECRET_KEYS,
  POSTGRESQL_STATEFULSET_SUFFIX,
  PostgresqlChartValues,
  PostgresqlChartVersion,
  PostgresqlImageSlot,
  PostgresqlResourceComponent,
  pgDatabase,
  pgUser,
  postgresqlChartValues,
  postgresqlChartVersion,
  replicationUserProblem,
} from "./postgresql-values";
import { POSTGRESQL_DEFAULT_RESOURCES, withDefaultResources } from "./resources";

/** The three passwords of the auth Secret; pass sensitive Terraform variables, never literals. */
export interface PostgresqlPasswords {
  /** Password of the `postgres` superuser (key `postgres-password`). */
  readonly admin: string;
  /** Password of the application user (key `password`). */
  readonly user: string;
  /** Password of the replication user (key `replication-password`). */
  readonly replication: string;
}

/** Defaults of {@link PostgresqlProps}, those of {@link BitnamiDatabaseProps} included; the platform config applies them too. */
export const POSTGRESQL_DEFAULTS = {
  ...BITNAMI_DATABASE_DEFAULTS,
  chartVersion: "16.7.27",
  namespace: "postgres",
  releaseName: "postgresql",
  replicationUsername: "replication",
  authSecretName: "postgresql-auth",
  readReplicas: 1,
} as const satisfies Partial<PostgresqlProps> & { readonly chartVersion: PostgresqlChartVersion };

/**
 * What a client of a PostgreSQL needs: where it is, the superuser's password, the server's image and
 * what to wait for. {@link Postgresql} is one; {@link PostgresqlDumpCronJob} takes one.
 */
export interface IPostgresql {
  /** Namespace of the release, where the auth Secret lives. */
  readonly namespaceName: string;
  /** Helm release name, the prefix of its objects. */
  readonly releaseName: string;
  /** In-cluster host of the primary (read-write) service. */
  readonly primaryHost: string;
  /** Service port. */
  readonly port: number;
  /** Name of the Secret holding the passwords, in {@link namespaceName}. */
  readonly authSecretName: string;
  /** Key of the superuser's (`postgres`) password in that Secret. */
  readonly adminPasswordKey: string;
  /** The PostgreSQL server image, which clients such as `pg_dumpall` should match. */
  readonly image: BitnamiImage;
  /** What must exist before a client runs: the release. */
  readonly release: ITerraformDependable;
}

/** Props of {@link Postgresql}; image slots: `postgresql`, `metrics`, `volumePermissions`. */
export interface PostgresqlProps extends BitnamiDatabaseProps<PostgresqlImageSlot, PostgresqlResourceComponent> {
  /**
   * Exact Bitnami postgresql chart version, one of {@link POSTGRESQL_CHART_VERSIONS}. Must be known at
   * synth time: it decides the chart values and the default images.
   * @default "16.7.27"
   */
  readonly chartVersion?: string;
  /**
   * Namespace created for PostgreSQL.
   * @default "postgres"
   */
  readonly namespace?: string;
  /**
   * Helm release name, also the prefix of every object (`<name>-primary`, `<name>-read`).
   * @default "postgresql"
   */
  readonly releaseName?: string;
  /** Application user (the guide's `pgsql_user`); not `postgres`, the superuser. */
  readonly username: string;
  /**
   * Application database.
   * @default - the username
   */
  readonly database?: string;
  /**
   * Replication user; not the application user (unchecked when either is a token).
   * @default "replication"
   */
  readonly replicationUsername?: string;
  /** Passwords written to the auth Secret. */
  readonly passwords: PostgresqlPasswords;
  /**
   * Name of the auth Secret the chart reads (`auth.existingSecret`).
   * @default "postgresql-auth"
   */
  readonly authSecretName?: string;
  /**
   * Number of read replicas; each needs its own read node (hard anti-affinity).
   * @default 1
   */
  readonly readReplicas?: number;
}

/**
 * PostgreSQL with streaming replication (Bitnami chart, `architecture: replication`):
 * namespace, auth Secret and release. The primary runs on the node selected by
 * `nodes.primarySelector`, the read replicas on the read nodes, each with its own
 * volume on `storageClass`; both tolerate the storage nodes' taint. Passwords only go to the
 * Secret, which the chart reads through `auth.existingSecret`. An {@link IPostgresql}, for clients
 * such as {@link PostgresqlDumpCronJob}.
 *
 * Images: every image slot is pulled from `docker.io/bitnamilegacy` by default,
 * where Bitnami froze its versioned images on 2025-08-28.
 */
export class Postgresql extends Construct implements IPostgresql {
  /** The namespace. */
  public readonly namespace: NamespaceV1;
  /** The namespace name (the `namespace` prop). */
  public readonly namespaceName: string;
  /** The Helm release name, the prefix of every object. */
  public readonly releaseName: string;
  /** The auth Secret (`postgres-password`, `password`, `replication-password`). */
  public readonly authSecret: SecretV1;
  /** The auth Secret name. */
  public readonly authSecretName: string;
  /** Key of the superuser's password in the auth Secret. */
  public readonly adminPasswordKey: string = POSTGRESQL_SECRET_KEYS.admin;
  /** The Helm release. */
  public readonly release: Release;
  /** The chart version installed. */
  public readonly chartVersion: PostgresqlChartVersion;
  /** The images of every slot, overrides applied. */
  public readonly images: Readonly<Record<PostgresqlImageSlot, BitnamiImage>>;
  /** The server image (the `postgresql` slot). */
  public readonly image: BitnamiImage;
  /** The chart values this construct computed (without `additionalValues`). */
  public readonly values: PostgresqlChartValues;
  /** In-cluster host of the primary (read-write) service. */
  public readonly primaryHost: string;
  /** In-cluster host of the read replicas' service. */
  public readonly readHost: string;
  /** Service port. */
  public readonly port = 5432;

  constructor(scope: Construct, id: string, props: PostgresqlProps) {
    super(scope, id);
    const chartVersion = props.chartVersion ?? POSTGRESQL_DEFAULTS.chartVersion;
    this.releaseName = props.releaseName ?? POSTGRESQL_DEFAULTS.releaseName;
    this.namespaceName = props.namespace ?? POSTGRESQL_DEFAULTS.namespace;
    this.authSecretName = props.authSecretName ?? POSTGRESQL_DEFAULTS.authSecretName;
    const database = props.database ?? props.username;
    const replicationUsername = props.replicationUsername ?? POSTGRESQL_DEFAULTS.replicationUsername;
    const readReplicas = props.readReplicas ?? POSTGRESQL_DEFAULTS.readReplicas;
    const volumeSize = props.volumeSize ?? POSTGRESQL_DEFAULTS.volumeSize;

    const issues = new PropIssues();
    checkBitnamiDatabaseProps(issues, props, {
      chart: "postgresql",
      chartVersion,
      chartVersionRule: postgresqlChartVersion,
      namespace: this.namespaceName,
      releaseName: this.releaseName,
      statefulSetSuffix: POSTGRESQL_STATEFULSET_SUFFIX,
      authSecretName: this.authSecretName,
      volumeSize,
      imageSlots: POSTGRESQL_IMAGE_SLOTS,
      resourceComponents: Object.keys(POSTGRESQL_DEFAULT_RESOURCES),
      primaryRole: "primary",
      readRole: "read replica",
    });
    issues.check("username", props.username, pgUser);
    issues.check("database", database, pgDatabase);
    issues.check("replicationUsername", replicationUsername, pgUser);
    const collision = replicationUserProblem(props.username, replicationUsername);
    if (collision) issues.bad("replicationUsername", replicationUsername, collision);
    issues.check("readReplicas", readReplicas, replicaCount);
    issues.throwIfAny(`${this.node.path} props`);

    this.chartVersion = postgresqlChartVersion.parse(chartVersion);
    const support = POSTGRESQL_CHARTS[this.chartVersion];
    this.images = resolveImages(support.images, props.images);
    this.image = this.images.postgresql;
    this.primaryHost = `${this.releaseName}-primary.${this.namespaceName}.svc.cluster.local`;
    this.readHost = `${this.releaseName}-read.${this.namespaceName}.svc.cluster.local`;

    this.namespace = new NamespaceV1(this, "Namespace", { metadata: { name: this.namespaceName } });
    this.authSecret = new SecretV1(this, "AuthSecret", {
      metadata: { name: this.authSecretName, namespace: this.namespace.metadata.name },
      data: {
        [POSTGRESQL_SECRET_KEYS.admin]: props.passwords.admin,
        [POSTGRESQL_SECRET_KEYS.user]: props.passwords.user,
        [POSTGRESQL_SECRET_KEYS.replication]: props.passwords.replication,
      },
    });

    this.values = postgresqlChartValues({
      chartVersion: this.chartVersion,
      ...bitnamiValuesInput(props, this.releaseName, this.authSecretName),
      username: props.username,
      database,
      replicationUsername,
      readReplicas,
      primaryNodeSelector: props.nodes.primarySelector,
      readNodeSelector: props.nodes.readSelector,
      primaryVolumeSize: volumeSize,
      readVolumeSize: volumeSize,
      images: this.images,
      resources: withDefaultResources(POSTGRESQL_DEFAULT_RESOURCES, props.resources),
    });
    this.release = bitnamiRelease(this, {
      chart: "postgresql",
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
