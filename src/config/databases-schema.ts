import { z } from "zod";
import { bitnamiImageOverrideSchema, imageSlotProblem } from "../databases/bitnami-image";
import { bitnamiReleaseName, chartRepository, replicaCount } from "../databases/bitnami-database-props";
import { POSTGRESQL_DEFAULTS } from "../databases/postgresql";
import { POSTGRESQL_DUMP_CRON_JOB_DEFAULTS, cronTimeZone, dumpClaimNameProblem, dumpRetain } from "../databases/postgresql-dump-cron-job";
import {
  POSTGRESQL_STATEFULSET_SUFFIX,
  pgDatabase,
  pgUser,
  postgresqlChartVersion,
  replicationUserProblem,
} from "../databases/postgresql-values";
import { REDIS_DEFAULTS } from "../databases/redis";
import {
  REDIS_STATEFULSET_SUFFIX,
  redisArchitecture,
  redisChartVersion,
  redisImageSlots,
  redisReplicasProblem,
} from "../databases/redis-values";
import { POSTGRESQL_DEFAULT_RESOURCES, REDIS_DEFAULT_RESOURCES, resourcesByContainerSchema } from "../databases/resources";
import { volumeSize } from "../databases/volume-size";
import { LONGHORN_CHART_STORAGE_CLASS } from "../storage/longhorn-values";
import { cronExpression, dnsLabel, dnsSubdomain, duplicates } from "../validation";
import { nodeNames } from "./hcloud-schema";

/*
 * The defaults and rules are the constructs' (POSTGRESQL_DEFAULTS, REDIS_DEFAULTS,
 * POSTGRESQL_DUMP_CRON_JOB_DEFAULTS and their rules): the config says the same as the constructs, in the
 * same words. Only the application user's name ("kube", the guide's) is the config's own default.
 */

const postgresqlSchema = z.strictObject({
  chartVersion: postgresqlChartVersion
    .default(POSTGRESQL_DEFAULTS.chartVersion)
    .describe("Bitnami postgresql chart version (each one's values are checked by the project)."),
  repository: chartRepository
    .default(POSTGRESQL_DEFAULTS.repository)
    .describe("Helm repository of the chart; default Bitnami's OCI registry."),
  namespace: dnsLabel().default(POSTGRESQL_DEFAULTS.namespace).describe("Namespace created for PostgreSQL."),
  releaseName: bitnamiReleaseName(POSTGRESQL_STATEFULSET_SUFFIX)
    .default(POSTGRESQL_DEFAULTS.releaseName)
    .describe("Release name; services are <releaseName>-primary and <releaseName>-read."),
  user: pgUser
    .default("kube")
    .describe("Application user (the guide's pgsql_user); its password is the sensitive variable pgsql_password."),
  database: pgDatabase.optional().describe("Application database; defaults to the user name."),
  replicationUser: pgUser
    .default(POSTGRESQL_DEFAULTS.replicationUsername)
    .describe("Replication user; its password is the sensitive variable pgsql_replication_password."),
  readReplicas: replicaCount.default(POSTGRESQL_DEFAULTS.readReplicas).describe("Read replicas, one per read node."),
  volumeSize: volumeSize
    .default(POSTGRESQL_DEFAULTS.volumeSize)
    .describe("Volume of the primary and of each replica, on the fast StorageClass."),
  metrics: z
    .boolean()
    .default(POSTGRESQL_DEFAULTS.metrics)
    .describe("Run the postgres-exporter sidecar (its ServiceMonitor follows monitoring.serviceMonitors)."),
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
      schedule: cronExpression
        .default(POSTGRESQL_DUMP_CRON_JOB_DEFAULTS.schedule)
        .describe("Cron schedule of pg_dumpall (the guide's: every 8 hours)."),
      timeZone: cronTimeZone.optional().describe("IANA time zone of the schedule; default the cluster's (UTC)."),
      retain: dumpRetain.default(POSTGRESQL_DUMP_CRON_JOB_DEFAULTS.retain).describe("Dumps kept on the volume (the guide's: 3)."),
      claimName: dnsSubdomain
        .default(POSTGRESQL_DUMP_CRON_JOB_DEFAULTS.volume.claimName)
        .describe("Claim of the dump volume, in the PostgreSQL namespace."),
      volumeSize: volumeSize
        .default(POSTGRESQL_DUMP_CRON_JOB_DEFAULTS.volume.size)
        .describe("Size of the dump volume (backed up by the Longhorn recurring jobs)."),
      storageClass: dnsSubdomain
        .default(LONGHORN_CHART_STORAGE_CLASS)
        .describe(
          "StorageClass of the dump volume: 'longhorn' (the chart's class, longhorn.replicaCount replicas: the dumps survive a storage node) or the fast class (longhorn.storageClass.name, usually one replica). Fixed once the claim exists.",
        ),
      preventDestroy: z
        .boolean()
        .optional()
        .describe(
          `Terraform's prevent_destroy on the dump claim (default ${POSTGRESQL_DUMP_CRON_JOB_DEFAULTS.volume.preventDestroy}): a plan that would delete the dumps fails instead. Set false and deploy only to delete them on purpose.`,
        ),
    })
    .prefault({})
    .describe("Scheduled pg_dumpall into a dedicated volume."),
});

const redisSchema = z.strictObject({
  chartVersion: redisChartVersion
    .default(REDIS_DEFAULTS.chartVersion)
    .describe("Bitnami redis chart version (each one's values are checked by the project)."),
  repository: chartRepository.default(REDIS_DEFAULTS.repository).describe("Helm repository of the chart; default Bitnami's OCI registry."),
  namespace: dnsLabel().default(REDIS_DEFAULTS.namespace).describe("Namespace created for Redis."),
  releaseName: bitnamiReleaseName(REDIS_STATEFULSET_SUFFIX)
    .default(REDIS_DEFAULTS.releaseName)
    .describe("Release name; services are <releaseName>-master and <releaseName>-replicas."),
  architecture: redisArchitecture
    .default(REDIS_DEFAULTS.architecture)
    .describe("'replication': master on the primary node, replicas on the read nodes; 'standalone': master only."),
  replicas: replicaCount
    .optional()
    .describe(`Replicas with 'replication' (default ${REDIS_DEFAULTS.replicas}, one per read node); not allowed with 'standalone'.`),
  volumeSize: volumeSize.default(REDIS_DEFAULTS.volumeSize).describe("Volume of the master and of each replica, on the fast StorageClass."),
  metrics: z
    .boolean()
    .default(REDIS_DEFAULTS.metrics)
    .describe("Run the redis-exporter sidecar (its ServiceMonitor follows monitoring.serviceMonitors)."),
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
  const redis = db.redis;
  if (redis) {
    const standaloneReplicas = redisReplicasProblem(redis.architecture, redis.replicas);
    if (standaloneReplicas) issue(["redis", "replicas"], redis.replicas, standaloneReplicas);
    if (redis.architecture === "replication")
      fits(["redis", "replicas"], redis.replicas ?? REDIS_DEFAULTS.replicas, "too many replicas for the storage nodes");
    const slots = redisImageSlots(redis.chartVersion) ?? [];
    for (const [slot, image] of Object.entries(redis.images)) {
      const problem = image && imageSlotProblem(slot, `redis chart ${redis.chartVersion}`, slots);
      if (problem) issue(["redis", "images", slot], image, problem);
    }
  }

  const pg = db.postgresql;
  if (pg) {
    const collision = replicationUserProblem(pg.user, pg.replicationUser);
    if (collision) issue(["postgresql", "replicationUser"], pg.replicationUser, collision);
    const dumpClasses = [LONGHORN_CHART_STORAGE_CLASS, cfg.longhorn.storageClass.name];
    if (pg.dumps.enabled && !dumpClasses.includes(pg.dumps.storageClass)) {
      issue(
        ["postgresql", "dumps", "storageClass"],
        pg.dumps.storageClass,
        `must be a StorageClass the stack creates: ${dumpClasses.map((c) => `'${c}'`).join(" or ")}`,
      );
    }
    const claimCollision = pg.dumps.enabled && dumpClaimNameProblem(pg.dumps.claimName, pg.releaseName);
    if (claimCollision) issue(["postgresql", "dumps", "claimName"], pg.dumps.claimName, claimCollision);
  }
}
