import { Release } from "@cdktf/provider-helm/lib/release";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { Construct } from "constructs";
import { BitnamiImage, resolveImages } from "./bitnami-image";
import { BitnamiDatabaseProps, bitnamiRelease, bitnamiValuesInput, validateBitnamiDatabaseProps } from "./bitnami-database-props";
import {
  DEFAULT_POSTGRESQL_CHART_VERSION,
  PG_IDENTIFIER,
  POSTGRESQL_CHARTS,
  POSTGRESQL_CHART_VERSIONS,
  POSTGRESQL_IMAGE_SLOTS,
  POSTGRESQL_SECRET_KEYS,
  POSTGRESQL_STATEFULSET_SUFFIX,
  PostgresqlChartValues,
  PostgresqlChartVersion,
  PostgresqlImageSlot,
  postgresqlChartValues,
  PostgresqlResourceComponent,
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

/** Props of {@link Postgresql}; image slots: `postgresql`, `metrics`, `volumePermissions`. */
export interface PostgresqlProps extends BitnamiDatabaseProps<PostgresqlImageSlot, PostgresqlResourceComponent> {
  /**
   * Exact Bitnami postgresql chart version, one of {@link POSTGRESQL_CHART_VERSIONS}.
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
  /** Application user (the guide's `pgsql_user`). */
  readonly username: string;
  /**
   * Application database.
   * @default - the username
   */
  readonly database?: string;
  /**
   * Replication user.
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
  /** Node selector of the primary, e.g. `DatabaseNodeRoles.primarySelector`. */
  readonly primaryNodeSelector: Readonly<Record<string, string>>;
  /** Node selector of the read replicas, e.g. `DatabaseNodeRoles.readSelector`. */
  readonly readNodeSelector: Readonly<Record<string, string>>;
}

/**
 * PostgreSQL with streaming replication (Bitnami chart, `architecture: replication`):
 * namespace, auth Secret and release. The primary runs on the node selected by
 * `primaryNodeSelector`, the read replicas on the read nodes, each with its own
 * volume; both tolerate the storage nodes' taint. Passwords only go to the Secret,
 * which the chart reads through `auth.existingSecret`.
 *
 * Images: every image slot is pulled from `docker.io/bitnamilegacy` by default,
 * where Bitnami froze its versioned images on 2025-08-28.
 */
export class Postgresql extends Construct {
  /** The namespace. */
  public readonly namespace: NamespaceV1;
  /** The namespace name, known at synth time. */
  public readonly namespaceName: string;
  /** The auth Secret (`postgres-password`, `password`, `replication-password`). */
  public readonly authSecret: SecretV1;
  /** The auth Secret name. */
  public readonly authSecretName: string;
  /** The Helm release. */
  public readonly release: Release;
  /** The chart version installed. */
  public readonly chartVersion: PostgresqlChartVersion;
  /** The images of every slot, overrides applied. */
  public readonly images: Readonly<Record<PostgresqlImageSlot, BitnamiImage>>;
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
    const chartVersion = props.chartVersion ?? DEFAULT_POSTGRESQL_CHART_VERSION;
    const releaseName = props.releaseName ?? "postgresql";
    this.namespaceName = props.namespace ?? "postgres";
    this.authSecretName = props.authSecretName ?? "postgresql-auth";
    const database = props.database ?? props.username;
    const replicationUsername = props.replicationUsername ?? "replication";
    const readReplicas = props.readReplicas ?? 1;
    const volumeSize = props.volumeSize ?? "10Gi";
    this.validate(props, { chartVersion, releaseName, database, replicationUsername, readReplicas, volumeSize });
    this.chartVersion = chartVersion as PostgresqlChartVersion;
    const support = POSTGRESQL_CHARTS[this.chartVersion];
    this.images = resolveImages(support.images, props.images);
    this.primaryHost = `${releaseName}-primary.${this.namespaceName}.svc.cluster.local`;
    this.readHost = `${releaseName}-read.${this.namespaceName}.svc.cluster.local`;

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
      ...bitnamiValuesInput(props, releaseName, this.authSecretName),
      username: props.username,
      database,
      replicationUsername,
      readReplicas,
      primaryNodeSelector: props.primaryNodeSelector,
      readNodeSelector: props.readNodeSelector,
      primaryVolumeSize: volumeSize,
      readVolumeSize: volumeSize,
      images: this.images,
      resources: withDefaultResources(POSTGRESQL_DEFAULT_RESOURCES, props.resources),
    });
    this.release = bitnamiRelease(this, {
      chart: "postgresql",
      chartVersion: this.chartVersion,
      valueKeys: support.valueKeys,
      releaseName,
      namespace: this.namespace.metadata.name,
      values: this.values,
      authSecret: this.authSecret,
      props,
    });
  }

  private validate(
    props: PostgresqlProps,
    r: {
      chartVersion: string;
      releaseName: string;
      database: string;
      replicationUsername: string;
      readReplicas: number;
      volumeSize: string;
    },
  ): void {
    validateBitnamiDatabaseProps(
      this.node.path,
      {
        chart: "postgresql",
        chartVersions: POSTGRESQL_CHART_VERSIONS,
        chartVersion: r.chartVersion,
        namespace: this.namespaceName,
        releaseName: r.releaseName,
        statefulSetSuffix: POSTGRESQL_STATEFULSET_SUFFIX,
        authSecretName: this.authSecretName,
        primary: { prop: "primaryNodeSelector", selector: props.primaryNodeSelector, role: "primary", required: true },
        replicas: { prop: "readNodeSelector", selector: props.readNodeSelector, role: "read replica", required: true, distinct: true },
        volumeSize: r.volumeSize,
        storageClassName: props.storageClassName,
        imageSlots: POSTGRESQL_IMAGE_SLOTS,
        images: props.images,
        timeoutSeconds: props.timeoutSeconds,
        resources: props.resources,
        resourceComponents: Object.keys(POSTGRESQL_DEFAULT_RESOURCES),
      },
      (bad) => {
        if (!PG_IDENTIFIER.test(props.username) || props.username === "postgres") {
          bad("username", props.username, "must be a lowercase PostgreSQL identifier ([a-z_][a-z0-9_]*, at most 63) other than 'postgres'");
        }
        if (!PG_IDENTIFIER.test(r.database))
          bad("database", r.database, "must be a lowercase PostgreSQL identifier ([a-z_][a-z0-9_]*, at most 63)");
        if (!PG_IDENTIFIER.test(r.replicationUsername) || r.replicationUsername === "postgres") {
          bad("replicationUsername", r.replicationUsername, "must be a lowercase PostgreSQL identifier other than 'postgres'");
        } else if (r.replicationUsername === props.username) {
          bad("replicationUsername", r.replicationUsername, "must differ from username (the two roles would collide)");
        }
        if (!Number.isInteger(r.readReplicas) || r.readReplicas < 1)
          bad("readReplicas", r.readReplicas, "must be an integer >= 1 (architecture is replication)");
      },
    );
  }
}
