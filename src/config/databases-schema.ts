import { z } from "zod";
import { BITNAMI_OCI_REPOSITORY, bitnamiImageOverrideSchema } from "../databases/bitnami-image";
import {
  DEFAULT_POSTGRESQL_CHART_VERSION,
  GUIDE_DUMP_SCHEDULE,
  PG_IDENTIFIER,
  POSTGRESQL_CHART_VERSIONS,
  POSTGRESQL_STATEFULSET_SUFFIX,
} from "../databases/postgresql-values";
import {
  DEFAULT_REDIS_CHART_VERSION,
  REDIS_ARCHITECTURES,
  REDIS_CHARTS,
  REDIS_CHART_VERSIONS,
  REDIS_STATEFULSET_SUFFIX,
} from "../databases/redis-values";
import { maxReleaseName, releaseNameRule } from "../databases/bitnami-database-props";
import { TIME_ZONE_RULE, isTimeZone } from "../validation";
import { POSTGRESQL_DEFAULT_RESOURCES, REDIS_DEFAULT_RESOURCES, resourcesByContainerSchema } from "../databases/resources";
import { volumeSize } from "../databases/volume-size";
import { LONGHORN_CHART_STORAGE_CLASS } from "../storage/longhorn-values";
import { nodeNames } from "./hcloud-schema";
import { cronExpression, dnsLabel, dnsSubdomain, duplicates } from "./validation";

const pgIdentifier = z.string().regex(PG_IDENTIFIER, {
  message: "must be a lowercase PostgreSQL identifier: a letter or '_', then letters, digits or '_', at most 63",
});

/** Role names PostgreSQL refuses to create ("role name ... is reserved"). */
const RESERVED_ROLES = new Set(["public", "none", "current_user", "session_user", "current_role"]);

/** A role the chart creates: a PostgreSQL identifier that CREATE ROLE accepts. */
const pgRole = pgIdentifier.superRefine((name, ctx) => {
  if (name.startsWith("pg_") || RESERVED_ROLES.has(name)) {
    ctx.addIssue({
      code: "custom",
      input: name,
      message: "must not be a name PostgreSQL reserves for roles ('pg_*', public, none, current_user, session_user, current_role)",
    });
  }
});

/** A database the chart creates: not one every cluster already has. */
const pgDatabase = pgIdentifier.refine((name) => !["postgres", "template0", "template1"].includes(name), {
  message: "must not be postgres, template0 or template1 (every PostgreSQL cluster has them: the chart would not create it)",
});

const chartRepository = z
  .string()
  .regex(/^(oci|https?):\/\/[^\s]+$/, { message: "must be an oci://, https:// or http:// chart repository URL" })
  .default(BITNAMI_OCI_REPOSITORY);

const postgresqlSchema = z.strictObject({
  chartVersion: z
    .enum(POSTGRESQL_CHART_VERSIONS, {
      message: `must be a postgresql chart version this project knows: ${POSTGRESQL_CHART_VERSIONS.join(", ")}`,
    })
    .default(DEFAULT_POSTGRESQL_CHART_VERSION)
    .describe("Bitnami postgresql chart version (each one's values are checked by the project)."),
  repository: chartRepository.describe("Helm repository of the chart; default Bitnami's OCI registry."),
  namespace: dnsLabel().default("postgres").describe("Namespace created for PostgreSQL."),
  releaseName: dnsLabel(maxReleaseName(POSTGRESQL_STATEFULSET_SUFFIX), releaseNameRule(POSTGRESQL_STATEFULSET_SUFFIX))
    .default("postgresql")
    .describe("Release name; services are <releaseName>-primary and <releaseName>-read."),
  user: pgRole
    .default("kube")
    .describe("Application user (the guide's pgsql_user); its password is the sensitive variable pgsql_password."),
  database: pgDatabase.optional().describe("Application database; defaults to the user name."),
  replicationUser: pgRole
    .default("replication")
    .describe("Replication user; its password is the sensitive variable pgsql_replication_password."),
  readReplicas: z.number().int().min(1).default(1).describe("Read replicas, one per read node."),
  volumeSize: volumeSize.default("10Gi").describe("Volume of the primary and of each replica, on the fast StorageClass."),
  metrics: z.boolean().default(true).describe("Run the postgres-exporter sidecar (its ServiceMonitor follows monitoring.serviceMonitors)."),
  resources: resourcesByContainerSchema(POSTGRESQL_DEFAULT_RESOURCES),
  images: z
    .strictObject({
      postgresql: bitnamiImageOverrideSchema.optional(),
      metrics: bitnamiImageOverrideSchema.optional(),
      volumePermissions: bitnamiImageOverrideSchema.optional(),
    })
    .default({})
    .describe("Image overrides (registry, repository, tag); default docker.io/bitnamilegacy at the chart version's tags."),
  dumps: z
    .strictObject({
      enabled: z.boolean().default(true).describe("Run the dump CronJob."),
      schedule: cronExpression.default(GUIDE_DUMP_SCHEDULE).describe("Cron schedule of pg_dumpall (the guide's: every 8 hours)."),
      timeZone: z
        .string()
        .refine(isTimeZone, { message: TIME_ZONE_RULE })
        .optional()
        .describe("IANA time zone of the schedule; default the cluster's (UTC)."),
      retain: z.number().int().min(1).max(1000).default(3).describe("Dumps kept on the volume (the guide's: 3)."),
      claimName: dnsSubdomain.default("postgresql-dumps").describe("Claim of the dump volume, in the PostgreSQL namespace."),
      volumeSize: volumeSize.default("5Gi").describe("Size of the dump volume (backed up by the Longhorn recurring jobs)."),
      storageClass: dnsSubdomain
        .default(LONGHORN_CHART_STORAGE_CLASS)
        .describe(
          "StorageClass of the dump volume: 'longhorn' (the chart's class, longhorn.replicaCount replicas: the dumps survive a storage node) or the fast class (longhorn.storageClass.name, usually one replica). Fixed once the claim exists.",
        ),
      preventDestroy: z
        .boolean()
        .optional()
        .describe(
          "Terraform's prevent_destroy on the dump claim (default true): a plan that would delete the dumps fails instead. Set false and deploy only to delete them on purpose.",
        ),
    })
    .prefault({})
    .describe("Scheduled pg_dumpall into a dedicated volume."),
});

const redisSchema = z.strictObject({
  chartVersion: z
    .enum(REDIS_CHART_VERSIONS, { message: `must be a redis chart version this project knows: ${REDIS_CHART_VERSIONS.join(", ")}` })
    .default(DEFAULT_REDIS_CHART_VERSION)
    .describe("Bitnami redis chart version (each one's values are checked by the project)."),
  repository: chartRepository.describe("Helm repository of the chart; default Bitnami's OCI registry."),
  namespace: dnsLabel().default("redis").describe("Namespace created for Redis."),
  releaseName: dnsLabel(maxReleaseName(REDIS_STATEFULSET_SUFFIX), releaseNameRule(REDIS_STATEFULSET_SUFFIX))
    .default("redis")
    .describe("Release name; services are <releaseName>-master and <releaseName>-replicas."),
  architecture: z
    .enum(REDIS_ARCHITECTURES)
    .default("replication")
    .describe("'replication': master on the primary node, replicas on the read nodes; 'standalone': master only."),
  replicas: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe("Replicas with 'replication' (default 1, one per read node); not allowed with 'standalone'."),
  volumeSize: volumeSize.default("10Gi").describe("Volume of the master and of each replica, on the fast StorageClass."),
  metrics: z.boolean().default(true).describe("Run the redis-exporter sidecar (its ServiceMonitor follows monitoring.serviceMonitors)."),
  resources: resourcesByContainerSchema(REDIS_DEFAULT_RESOURCES, { replica: "With 'replication' only." }),
  images: z
    .strictObject({
      redis: bitnamiImageOverrideSchema.optional(),
      sentinel: bitnamiImageOverrideSchema.optional(),
      metrics: bitnamiImageOverrideSchema.optional(),
      volumePermissions: bitnamiImageOverrideSchema.optional(),
      sysctl: bitnamiImageOverrideSchema.optional(),
      kubectl: bitnamiImageOverrideSchema.optional().describe("Chart >= 22 only."),
    })
    .default({})
    .describe("Image overrides (registry, repository, tag); default docker.io/bitnamilegacy at the chart version's tags."),
});

/** The `databases:` section: node roles, PostgreSQL, Redis and dumps. */
export const databasesSchema = z.strictObject({
  nodeRoles: z
    .strictObject({
      primary: dnsSubdomain
        .optional()
        .describe("Storage node serving the PostgreSQL primary and the Redis master; default the first storage node."),
      read: z.array(dnsSubdomain).optional().describe("Storage nodes serving reads (replicas); default every other storage node."),
    })
    .prefault({})
    .describe("Which storage nodes get node-role.kubernetes.io/primary=true and node-role.kubernetes.io/read=true."),
  postgresql: postgresqlSchema.optional().describe("PostgreSQL with replication (Bitnami chart); omit to not install it."),
  redis: redisSchema.optional().describe("Redis (Bitnami chart); omit to not install it."),
});

/** The databases section, defaults applied. */
export type DatabasesConfig = z.output<typeof databasesSchema>;

/** The part of the root configuration the database checks read. */
interface DatabasesContext {
  readonly cluster: { readonly name: string };
  readonly hcloud: { readonly nodePools: readonly { readonly name: string; readonly count: number }[] };
  readonly longhorn: { readonly storagePool: string; readonly namespace: string; readonly storageClass: { readonly name: string } };
  readonly databases?: DatabasesConfig;
}

/** The storage nodes that serve the primary and the reads, defaults applied. */
export interface ResolvedNodeRoles {
  readonly primary: string;
  readonly read: readonly string[];
}

/** Node roles of a configuration: as configured, else the first storage node for the primary and the others for reads. */
export function resolveNodeRoles(databases: DatabasesConfig, storageNodeNames: readonly string[]): ResolvedNodeRoles {
  const primary = databases.nodeRoles.primary ?? storageNodeNames[0];
  return { primary, read: databases.nodeRoles.read ?? storageNodeNames.filter((n) => n !== primary) };
}

/**
 * Cross-field checks of the databases section, called from the root schema's
 * superRefine: the role nodes are storage nodes, the primary and a replica never
 * share a node, replica counts fit the read nodes, names do not collide.
 */
export function checkDatabases(cfg: DatabasesContext, ctx: z.RefinementCtx): void {
  const db = cfg.databases;
  if (!db) return;
  const pool = cfg.hcloud.nodePools.find((p) => p.name === cfg.longhorn.storagePool);
  if (!pool) return;
  const storage = nodeNames(cfg.cluster.name, pool);
  const issue = (path: PropertyKey[], input: unknown, message: string) =>
    ctx.addIssue({ code: "custom", path: ["databases", ...path], input, message });
  const roles = resolveNodeRoles(db, storage);
  const where = `storage pool '${pool.name}': ${storage.join(", ")}`;

  if (!storage.includes(roles.primary)) issue(["nodeRoles", "primary"], roles.primary, `must be a storage node (${where})`);
  roles.read.forEach((n, i) => {
    if (!storage.includes(n)) issue(["nodeRoles", "read", i], n, `must be a storage node (${where})`);
  });
  for (const n of duplicates([...roles.read])) issue(["nodeRoles", "read"], n, `node '${n}' is listed more than once`);
  if (roles.read.includes(roles.primary)) {
    issue(
      ["nodeRoles", "read"],
      roles.primary,
      `must not include the primary's node '${roles.primary}': the primary and a read replica must never share a node`,
    );
  }

  // Replica counts are only judged against a valid role layout: one mistake, one message.
  const rolesValid =
    storage.includes(roles.primary) &&
    roles.read.every((n) => storage.includes(n)) &&
    duplicates([...roles.read]).length === 0 &&
    !roles.read.includes(roles.primary);
  const readNodes = new Set(roles.read).size;
  const fits = (path: PropertyKey[], count: number, what: string) => {
    if (!rolesValid) return;
    if (count > storage.length - 1) {
      issue(path, count, `${what}: at most ${storage.length - 1} (one per storage node other than the primary's; ${where})`);
    } else if (count > readNodes) {
      issue(
        path,
        count,
        `${what}: at most the number of read nodes (${readNodes}: ${roles.read.join(", ") || "none"}); add nodes to databases.nodeRoles.read`,
      );
    }
  };
  if (db.postgresql) fits(["postgresql", "readReplicas"], db.postgresql.readReplicas, "too many read replicas for the storage nodes");
  if (db.redis) {
    if (db.redis.architecture === "standalone" && db.redis.replicas !== undefined) {
      issue(
        ["redis", "replicas"],
        db.redis.replicas,
        "must be unset with architecture 'standalone' (the chart ignores replica.* there); use architecture 'replication'",
      );
    }
    if (db.redis.architecture === "replication")
      fits(["redis", "replicas"], db.redis.replicas ?? 1, "too many replicas for the storage nodes");
    if (db.redis.images.kubectl && !REDIS_CHARTS[db.redis.chartVersion].images.kubectl) {
      issue(
        ["redis", "images", "kubectl"],
        db.redis.images.kubectl,
        `redis chart ${db.redis.chartVersion} has no kubectl image (from 22.0.7 on)`,
      );
    }
  }

  const pg = db.postgresql;
  if (pg) {
    if (pg.user === "postgres")
      issue(["postgresql", "user"], pg.user, "must not be 'postgres' (the superuser, whose password is pgsql_admin_password)");
    if (pg.replicationUser === pg.user || pg.replicationUser === "postgres") {
      issue(
        ["postgresql", "replicationUser"],
        pg.replicationUser,
        `must differ from the application user and from 'postgres' (roles would collide)`,
      );
    }
    const dumpClasses = [LONGHORN_CHART_STORAGE_CLASS, cfg.longhorn.storageClass.name];
    if (pg.dumps.enabled && !dumpClasses.includes(pg.dumps.storageClass)) {
      issue(
        ["postgresql", "dumps", "storageClass"],
        pg.dumps.storageClass,
        `must be a StorageClass the stack creates: ${dumpClasses.map((c) => `'${c}'`).join(" or ")}`,
      );
    }
    if (pg.dumps.enabled && pg.dumps.claimName.startsWith(`data-${pg.releaseName}-`)) {
      issue(
        ["postgresql", "dumps", "claimName"],
        pg.dumps.claimName,
        `collides with the chart's data claims (data-${pg.releaseName}-primary-0, data-${pg.releaseName}-read-N)`,
      );
    }
  }
}
