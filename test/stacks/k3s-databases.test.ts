import { Testing } from "cdktf";
import { parse } from "yaml";
import { PlatformConfig } from "../../src/config/schema";
import { K3sStack } from "../../stacks/k3s-stack";
import { editedConfig, loadRepoConfig } from "../config/fixtures";
import { parseConfig } from "../../src/config/load-config";
import { SynthesizedStack, resourcesOf } from "../helpers";

/** Logical-id prefixes of the database constructs in the k3s stack. */
const DATABASE_IDS = /^(DatabaseNodeRoles|PostgreSQL|PostgreSQLDumps|Redis)_/;
const DATABASE_VARIABLES = ["pgsql_admin_password", "pgsql_password", "pgsql_replication_password", "redis_password"];

function synth(config: PlatformConfig): { json: string; parsed: SynthesizedStack; stack: K3sStack } {
  const stack = new K3sStack(Testing.app(), "k3s", { config });
  const json = Testing.synth(stack);
  return { json, parsed: JSON.parse(json), stack };
}

/** The database part of a synthesized stack: its resources and variables. */
function databasePart(parsed: SynthesizedStack): Record<string, unknown> {
  const resources: Record<string, Record<string, unknown>> = {};
  for (const [type, byId] of Object.entries(parsed.resource ?? {})) {
    for (const [id, r] of Object.entries(byId)) if (DATABASE_IDS.test(id)) (resources[type] ??= {})[id] = r;
  }
  const variables = Object.fromEntries(DATABASE_VARIABLES.filter((v) => parsed.variable?.[v]).map((v) => [v, parsed.variable![v]]));
  return { resource: resources, variable: variables };
}

function byName(parsed: SynthesizedStack, type: string, name: string): Record<string, any> {
  const found = Object.values(resourcesOf(parsed, type)).find((r) => r.name === name || (r.metadata as any)?.name === name);
  if (!found) throw new Error(`no ${type} named ${name}`);
  return found;
}

/** The dump CronJob, from the values of the release that installs it. */
function dumpCronJob(parsed: SynthesizedStack): Record<string, any> {
  return parse(byName(parsed, "helm_release", "postgresql-dump").values[0]).manifests[0];
}

const idOf = (parsed: SynthesizedStack, type: string, name: string) =>
  `${type}.${Object.entries(resourcesOf(parsed, type)).find(([, r]) => r.name === name || (r.metadata as any)?.name === name)![0]}`;

describe.each(["default", "guide"] as const)("K3sStack databases with config/%s.yaml", (name) => {
  const config = loadRepoConfig(name);
  const { parsed, stack } = synth(config);
  const pgValues = parse(byName(parsed, "helm_release", "postgresql").values[0]);
  const redisValues = parse(byName(parsed, "helm_release", "redis").values[0]);
  const versions = name === "guide" ? { pg: "12.8.5", redis: "17.15.6" } : { pg: "16.7.27", redis: "23.1.1" };

  it("matches the snapshot (database resources and variables)", () => {
    expect(databasePart(parsed)).toMatchSnapshot();
  });

  it("declares the four database passwords as sensitive variables without defaults", () => {
    for (const v of DATABASE_VARIABLES) {
      expect(parsed.variable![v]).toMatchObject({ type: "string", sensitive: true, nullable: false });
      expect(parsed.variable![v]).not.toHaveProperty("default");
    }
  });

  it("labels kube-storage-01 primary and kube-storage-02 read, with its own field manager", () => {
    const roles = Object.values(resourcesOf(parsed, "kubernetes_labels")).filter((l) => l.field_manager === "cdktf-database-node-roles");
    expect(roles.map((l) => [(l.metadata as any).name, l.labels])).toEqual([
      ["kube-storage-01", { "node-role.kubernetes.io/primary": "true" }],
      ["kube-storage-02", { "node-role.kubernetes.io/read": "true" }],
    ]);
    expect(stack.databaseNodeRoles!.primaryNode).toBe("kube-storage-01");
  });

  it("installs both charts after the role labels and the fast StorageClass", () => {
    for (const release of ["postgresql", "redis"]) {
      const r = byName(parsed, "helm_release", release);
      expect(r.repository).toBe("oci://registry-1.docker.io/bitnamicharts");
      expect(r.depends_on).toEqual(expect.arrayContaining([idOf(parsed, "kubernetes_storage_class_v1", "longhorn-fast")]));
      expect(r.depends_on.filter((d: string) => d.startsWith("kubernetes_labels.DatabaseNodeRoles"))).toHaveLength(2);
    }
    expect(byName(parsed, "helm_release", "postgresql").version).toBe(versions.pg);
    expect(byName(parsed, "helm_release", "redis").version).toBe(versions.redis);
  });

  it("puts the PostgreSQL primary and read replica on their nodes with 10Gi longhorn-fast volumes", () => {
    expect(pgValues.architecture).toBe("replication");
    expect(pgValues.auth).toMatchObject({
      username: "kube",
      database: "kube",
      replicationUsername: "replication",
      existingSecret: "postgresql-auth",
    });
    expect(pgValues.primary).toEqual({
      nodeSelector: { "node-role.kubernetes.io/primary": "true" },
      tolerations: [{ key: "node-role.kubernetes.io/storage", operator: "Exists", effect: "NoSchedule" }],
      persistence: { enabled: true, storageClass: "longhorn-fast", size: "10Gi" },
      resources: { requests: { cpu: "250m", memory: "1Gi" }, limits: { memory: "1536Mi" } },
    });
    expect(pgValues.readReplicas).toMatchObject({ replicaCount: 1, nodeSelector: { "node-role.kubernetes.io/read": "true" } });
  });

  it("sets every database container's resources, so no chart's resourcesPreset (nano: 192Mi) applies", () => {
    for (const [values, components] of [
      [pgValues, ["primary", "readReplicas", "metrics"]],
      [redisValues, ["master", "replica", "metrics"]],
    ] as const) {
      for (const c of components) expect((values as any)[c].resources.limits.memory).toMatch(/^\d+Mi$/);
    }
    const { parsed: custom } = synth(
      parseConfig(
        editedConfig((c) => {
          c.databases.postgresql.resources = { primary: { requests: { memory: "2Gi" }, limits: { memory: "3Gi" } } };
          c.databases.redis.resources = { metrics: { limits: { cpu: "100m" } } };
        }),
      ),
    );
    const pg = parse(byName(custom, "helm_release", "postgresql").values[0]);
    expect(pg.primary.resources).toEqual({ requests: { memory: "2Gi" }, limits: { memory: "3Gi" } });
    expect(pg.readReplicas.resources).toEqual({ requests: { cpu: "250m", memory: "1Gi" }, limits: { memory: "1536Mi" } });
    // The side not given is null: Helm then drops the chart's own default for it.
    expect(parse(byName(custom, "helm_release", "redis").values[0]).metrics.resources).toEqual({ requests: null, limits: { cpu: "100m" } });
  });

  it("puts the Redis master on the primary node and its replica on the read node", () => {
    expect(redisValues.architecture).toBe("replication");
    expect(redisValues.master.nodeSelector).toEqual({ "node-role.kubernetes.io/primary": "true" });
    expect(redisValues.replica).toMatchObject({ replicaCount: 1, nodeSelector: { "node-role.kubernetes.io/read": "true" } });
    expect(redisValues.replica.persistence).toEqual({ enabled: true, storageClass: "longhorn-fast", size: "10Gi" });
  });

  it("pulls no image from docker.io/bitnami", () => {
    for (const v of [pgValues, redisValues]) expect(JSON.stringify(v)).not.toMatch(/"repository":"bitnami\//);
    expect(dumpCronJob(parsed).spec.jobTemplate.spec.template.spec.containers[0].image).toMatch(/^docker\.io\/bitnamilegacy\/postgresql:/);
  });

  it("turns the chart ServiceMonitors on as the shipped config asks, after the prometheus-operator CRDs", () => {
    expect(pgValues.metrics).toMatchObject({ enabled: true, serviceMonitor: { enabled: true } });
    expect(redisValues.metrics).toMatchObject({ enabled: true, serviceMonitor: { enabled: true } });
    for (const chart of ["postgresql", "redis"]) {
      expect(byName(parsed, "helm_release", chart).depends_on).toContain(idOf(parsed, "helm_release", "prometheus-operator-crds"));
    }
    const { parsed: off } = synth({ ...config, monitoring: { ...config.monitoring, serviceMonitors: false } });
    expect(parse(byName(off, "helm_release", "postgresql").values[0]).metrics).toMatchObject({
      enabled: true,
      serviceMonitor: { enabled: false },
    });
  });

  it("turns the chart ServiceMonitors on with monitoring.serviceMonitors", () => {
    const { parsed: monitored } = synth({ ...config, monitoring: { ...config.monitoring, serviceMonitors: true } });
    for (const chart of ["postgresql", "redis"]) {
      expect(parse(byName(monitored, "helm_release", chart).values[0]).metrics).toMatchObject({
        enabled: true,
        serviceMonitor: { enabled: true },
      });
    }
  });

  it("dumps every 8 hours into a dedicated claim, password from the PostgreSQL Secret", () => {
    const cj = dumpCronJob(parsed);
    expect(cj.spec.schedule).toBe("0 */8 * * *");
    const env = cj.spec.jobTemplate.spec.template.spec.containers[0].env;
    expect(env).toContainEqual({
      name: "PGPASSWORD",
      valueFrom: { secretKeyRef: { name: "postgresql-auth", key: "postgres-password" } },
    });
    expect(env).toContainEqual({ name: "PGHOST", value: "postgresql-primary.postgres.svc.cluster.local" });
    expect(env).toContainEqual({ name: "RETAIN", value: "3" });
    expect(byName(parsed, "helm_release", "postgresql-dump").depends_on).toContain(idOf(parsed, "helm_release", "postgresql"));
    // Longhorn's replicated class (2 replicas, one per storage node): losing a node loses no dump.
    expect(byName(parsed, "kubernetes_persistent_volume_claim_v1", "postgresql-dumps").spec.storage_class_name).toBe("longhorn");
    const { parsed: fast } = synth(parseConfig(editedConfig((c) => (c.databases.postgresql.dumps.storageClass = "longhorn-fast"))));
    expect(byName(fast, "kubernetes_persistent_volume_claim_v1", "postgresql-dumps").spec.storage_class_name).toBe("longhorn-fast");
    expect(byName(parsed, "kubernetes_persistent_volume_claim_v1", "postgresql-dumps").lifecycle).toEqual({ prevent_destroy: true });
    const { parsed: unprotected } = synth(parseConfig(editedConfig((c) => (c.databases.postgresql.dumps.preventDestroy = false))));
    expect(byName(unprotected, "kubernetes_persistent_volume_claim_v1", "postgresql-dumps").lifecycle).toEqual({ prevent_destroy: false });
  });
});

describe("K3sStack databases options", () => {
  it("names the dump's CronJob and release after the PostgreSQL release, so the two never collide", () => {
    const config = loadRepoConfig("default");
    const db = config.databases!;
    const { parsed } = synth({ ...config, databases: { ...db, postgresql: { ...db.postgresql!, releaseName: "pg" } } });
    const release = byName(parsed, "helm_release", "pg-dump");
    expect(release.namespace).toBe("postgres");
    expect(parse(release.values[0]).manifests[0].metadata.name).toBe("pg-dump");
    expect(byName(parsed, "helm_release", "pg").name).toBe("pg");
  });

  it("installs nothing database-related without a databases section", () => {
    const config = loadRepoConfig("default");
    const { parsed, stack } = synth({ ...config, databases: undefined });
    expect(databasePart(parsed)).toEqual({ resource: {}, variable: {} });
    expect(stack.postgresql).toBeUndefined();
    expect(stack.redis).toBeUndefined();
  });

  it("skips the dumps when disabled and Redis replica values with standalone", () => {
    const config = loadRepoConfig("default");
    const db = config.databases!;
    const { parsed } = synth({
      ...config,
      databases: {
        ...db,
        postgresql: { ...db.postgresql!, dumps: { ...db.postgresql!.dumps, enabled: false } },
        redis: { ...db.redis!, architecture: "standalone", replicas: undefined },
      },
    });
    expect(Object.values(resourcesOf(parsed, "helm_release")).map((r) => r.name)).not.toContain("postgresql-dump");
    expect(resourcesOf(parsed, "kubernetes_persistent_volume_claim_v1")).toEqual({});
    expect(parse(byName(parsed, "helm_release", "redis").values[0])).not.toHaveProperty("replica");
  });

  it("declares only the variables of the databases it installs", () => {
    const config = loadRepoConfig("default");
    const { parsed } = synth({ ...config, databases: { ...config.databases!, postgresql: undefined } });
    expect(Object.keys(parsed.variable!).filter((v) => DATABASE_VARIABLES.includes(v))).toEqual(["redis_password"]);
    const { parsed: noRedis } = synth({ ...config, databases: { ...config.databases!, redis: undefined } });
    expect(Object.keys(noRedis.variable!).filter((v) => DATABASE_VARIABLES.includes(v))).toEqual([
      "pgsql_admin_password",
      "pgsql_password",
      "pgsql_replication_password",
    ]);
  });
});

describe("no database secret reaches the synthesized output", () => {
  const CANARIES: Record<string, string> = {
    TF_VAR_pgsql_admin_password: "canary-db-admin-4f1e2d",
    TF_VAR_pgsql_password: "canary-db-user-8a7b6c",
    TF_VAR_pgsql_replication_password: "canary-db-repl-3c2b1a",
    TF_VAR_redis_password: "canary-db-redis-9e8d7c",
  };
  const saved: Record<string, string | undefined> = {};
  beforeAll(() => {
    for (const [k, v] of Object.entries(CANARIES)) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
  });
  afterAll(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it.each(["default", "guide"] as const)("Testing.synth of the k3s stack with config/%s.yaml", (name) => {
    const { json } = synth(loadRepoConfig(name));
    for (const canary of Object.values(CANARIES)) expect(json).not.toContain(canary);
    for (const v of DATABASE_VARIABLES) expect(json).toContain(`\${var.${v}}`);
  });

  // The app as cdktf runs it, with these variables exported: test/main.test.ts.
});
