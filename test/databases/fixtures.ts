import { Taint } from "../../src/validation";
import { PostgresqlProps } from "../../src/databases/postgresql";
import { RedisProps } from "../../src/databases/redis";
import { IDatabaseNodes } from "../../src/databases/node-roles";
import { existingStorageClass } from "../../src/storage/storage-class";

/** The storage nodes' taint in the guide. */
export const STORAGE_TAINT: Taint = { key: "node-role.kubernetes.io/storage", effect: "NoSchedule" };

/** The toleration the charts get for it. */
export const STORAGE_TOLERATION = { key: "node-role.kubernetes.io/storage", operator: "Exists", effect: "NoSchedule" };

export const PRIMARY = { "node-role.kubernetes.io/primary": "true" };
export const READ = { "node-role.kubernetes.io/read": "true" };

/** The guide's role nodes, labelled already (no label resources to wait for). */
export const NODES: IDatabaseNodes = { primarySelector: PRIMARY, readSelector: READ };

/** The fast StorageClass, made elsewhere. */
export const FAST = existingStorageClass("longhorn-fast");

/** Stand-ins for sensitive variables: tokens, as the stack passes them. */
export const PASSWORDS = {
  admin: "${var.pgsql_admin_password}",
  user: "${var.pgsql_password}",
  replication: "${var.pgsql_replication_password}",
};

/** The guide's PostgreSQL, as props. */
export function guidePostgresql(overrides: Partial<PostgresqlProps> = {}): PostgresqlProps {
  return {
    username: "kube",
    passwords: PASSWORDS,
    nodes: NODES,
    tolerateTaints: [STORAGE_TAINT],
    storageClass: FAST,
    ...overrides,
  };
}

/** The guide's Redis, as props. */
export function guideRedis(overrides: Partial<RedisProps> = {}): RedisProps {
  return {
    password: "${var.redis_password}",
    nodes: NODES,
    tolerateTaints: [STORAGE_TAINT],
    storageClass: FAST,
    ...overrides,
  };
}
