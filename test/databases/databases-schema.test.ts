import { DatabasesConfig, databasesSchema, resolveNodeRoles } from "../../src/config/databases-schema";
import { POSTGRESQL_DEFAULTS } from "../../src/databases/postgresql";
import { POSTGRESQL_DUMP_CRON_JOB_DEFAULTS } from "../../src/databases/postgresql-dump-cron-job";
import { REDIS_DEFAULTS } from "../../src/databases/redis";
import { parseConfig } from "../../src/config/load-config";
import { configIssues, editedConfig, loadRepoConfig } from "../config/fixtures";
import { errorOf } from "../helpers";

/** The validation message for the default config with `edit` applied. */
function errorFor(edit: (raw: Record<string, any>) => void): string {
  return errorOf(() => parseConfig(editedConfig(edit), "config/test.yaml"));
}

describe("databases config section", () => {
  it("is optional: without it the stack installs no database", () => {
    const config = parseConfig(editedConfig((raw) => delete raw.databases));
    expect(config.databases).toBeUndefined();
  });

  it("applies defaults: guide names, bitnamilegacy images, the guide's dump rhythm", () => {
    const db = databasesSchema.parse({ postgresql: {}, redis: {} });
    expect(db.nodeRoles).toEqual({});
    expect(db.postgresql).toMatchObject({
      chartVersion: "16.7.27",
      repository: "oci://registry-1.docker.io/bitnamicharts",
      namespace: "postgres",
      releaseName: "postgresql",
      user: "kube",
      replicationUser: "replication",
      readReplicas: 1,
      volumeSize: "10Gi",
      metrics: true,
      images: {},
      dumps: {
        enabled: true,
        schedule: "0 */8 * * *",
        retain: 3,
        claimName: "postgresql-dumps",
        volumeSize: "5Gi",
        storageClass: "longhorn",
      },
    });
    expect(db.postgresql!.database).toBeUndefined();
    expect(db.redis).toMatchObject({
      chartVersion: "23.1.1",
      namespace: "redis",
      releaseName: "redis",
      architecture: "replication",
      volumeSize: "10Gi",
      metrics: true,
    });
    expect(db.redis!.replicas).toBeUndefined();
  });

  it("takes its defaults from the constructs' DEFAULTS objects", () => {
    const db = databasesSchema.parse({ postgresql: {}, redis: {} });
    const pg = POSTGRESQL_DEFAULTS;
    expect(db.postgresql).toMatchObject({
      chartVersion: pg.chartVersion,
      repository: pg.repository,
      namespace: pg.namespace,
      releaseName: pg.releaseName,
      replicationUser: pg.replicationUsername,
      readReplicas: pg.readReplicas,
      volumeSize: pg.volumeSize,
      metrics: pg.metrics,
    });
    const dump = POSTGRESQL_DUMP_CRON_JOB_DEFAULTS;
    expect(db.postgresql!.dumps).toMatchObject({
      schedule: dump.schedule,
      retain: dump.retain,
      claimName: dump.volume.claimName,
      volumeSize: dump.volume.size,
    });
    const r = REDIS_DEFAULTS;
    expect(db.redis).toMatchObject({
      chartVersion: r.chartVersion,
      repository: r.repository,
      namespace: r.namespace,
      releaseName: r.releaseName,
      architecture: r.architecture,
      volumeSize: r.volumeSize,
      metrics: r.metrics,
    });
  });

  it("loads default.yaml and guide.yaml with the guide's layout and chart pins", () => {
    const def = loadRepoConfig("default").databases!;
    const guide = loadRepoConfig("guide").databases!;
    for (const db of [def, guide]) {
      expect(db.nodeRoles).toEqual({ primary: "kube-storage-01", read: ["kube-storage-02"] });
      expect(db.postgresql).toMatchObject({ user: "kube", replicationUser: "replication", readReplicas: 1, volumeSize: "10Gi" });
      expect(db.redis).toMatchObject({ architecture: "replication", replicas: 1, volumeSize: "10Gi" });
    }
    expect([def.postgresql!.chartVersion, def.redis!.chartVersion]).toEqual(["16.7.27", "23.1.1"]);
    expect([guide.postgresql!.chartVersion, guide.redis!.chartVersion]).toEqual(["12.8.5", "17.15.6"]);
  });

  it("defaults the roles to the first storage node and the others", () => {
    const db: DatabasesConfig = databasesSchema.parse({});
    expect(resolveNodeRoles(db, ["s-01", "s-02", "s-03"])).toEqual({ primary: "s-01", read: ["s-02", "s-03"] });
    expect(resolveNodeRoles(databasesSchema.parse({ nodeRoles: { primary: "s-02" } }), ["s-01", "s-02"])).toEqual({
      primary: "s-02",
      read: ["s-01"],
    });
    const config = parseConfig(editedConfig((raw) => delete raw.databases.nodeRoles));
    expect(config.databases!.nodeRoles).toEqual({});
  });
});

describe("databases placement safety", () => {
  it("refuses a read node that is the primary's node", () => {
    const msg = errorFor((raw) => (raw.databases.nodeRoles.read = ["kube-storage-01"]));
    expect(msg).toContain("config/test.yaml is invalid:");
    expect(msg).toContain(
      "databases.nodeRoles.read: must not include the primary's node 'kube-storage-01': the primary and a read replica must never share a node (got \"kube-storage-01\")",
    );
  });

  it("refuses role nodes that are not storage nodes", () => {
    const msg = errorFor((raw) => {
      raw.databases.nodeRoles.primary = "kube-worker-01";
      raw.databases.nodeRoles.read = ["kube-storage-02", "kube-storage-03"];
    });
    expect(msg).toContain(
      "databases.nodeRoles.primary: must be a storage node (storage pool 'storage': kube-storage-01, kube-storage-02) (got \"kube-worker-01\")",
    );
    expect(msg).toContain(
      "databases.nodeRoles.read[1]: must be a storage node (storage pool 'storage': kube-storage-01, kube-storage-02) (got \"kube-storage-03\")",
    );
  });

  it("refuses a read node listed twice", () => {
    expect(errorFor((raw) => (raw.databases.nodeRoles.read = ["kube-storage-02", "kube-storage-02"]))).toContain(
      "databases.nodeRoles.read: node 'kube-storage-02' is listed more than once (got \"kube-storage-02\")",
    );
  });

  it("refuses more read replicas than storage nodes besides the primary's", () => {
    const msg = errorFor((raw) => {
      raw.databases.postgresql.readReplicas = 2;
      raw.databases.redis.replicas = 3;
    });
    expect(msg).toContain(
      "databases.postgresql.readReplicas: too many read replicas for the storage nodes: at most 1 (one per storage node other than the primary's; storage pool 'storage': kube-storage-01, kube-storage-02) (got 2)",
    );
    expect(msg).toContain(
      "databases.redis.replicas: too many replicas for the storage nodes: at most 1 (one per storage node other than the primary's;",
    );
  });

  it.each<[string, (roles: Record<string, any>) => void, string]>([
    ["a primary off the storage pool", (r) => (r.primary = "kube-worker-01"), "databases.nodeRoles.primary"],
    ["a read node off the storage pool", (r) => (r.read = ["kube-worker-01"]), "databases.nodeRoles.read[0]"],
    ["a read node listed twice", (r) => (r.read = ["kube-storage-02", "kube-storage-02"]), "databases.nodeRoles.read"],
    ["the primary's node as a read node", (r) => (r.read = ["kube-storage-01"]), "databases.nodeRoles.read"],
  ])("with %s, reports the roles alone, not the replica counts they would change", (_name, edit, path) => {
    const issues = configIssues((raw) => {
      edit(raw.databases.nodeRoles);
      raw.databases.postgresql.readReplicas = 2;
      raw.databases.redis.replicas = 3;
    });
    expect(issues.map((issue) => issue.split(":")[0])).toEqual([path]);
  });

  it("refuses more replicas than read nodes", () => {
    const msg = errorFor((raw) => {
      raw.hcloud.nodePools[1].count = 3;
      raw.databases.postgresql.readReplicas = 2;
    });
    expect(msg).toContain(
      "databases.postgresql.readReplicas: too many read replicas for the storage nodes: at most the number of read nodes (1: kube-storage-02); add nodes to databases.nodeRoles.read (got 2)",
    );
  });

  it("says 'none' when no node is a read node, and lists several read nodes comma-separated", () => {
    const none = errorFor((raw) => {
      raw.databases.nodeRoles = { primary: "kube-storage-01", read: [] };
      raw.databases.postgresql.readReplicas = 1;
    });
    expect(none).toContain("at most the number of read nodes (0: none); add nodes to databases.nodeRoles.read (got 1)");
    const two = errorFor((raw) => {
      raw.hcloud.nodePools[1].count = 4;
      raw.databases.nodeRoles = { primary: "kube-storage-01", read: ["kube-storage-02", "kube-storage-03"] };
      raw.databases.postgresql.readReplicas = 3;
    });
    expect(two).toContain("at most the number of read nodes (2: kube-storage-02, kube-storage-03); add nodes");
  });

  it("refuses replication on a single storage node: no node is left for the replica", () => {
    const msg = errorFor((raw) => {
      raw.hcloud.nodePools[1].count = 1;
      raw.longhorn.storageClass.numberOfReplicas = 1;
      delete raw.longhorn.replicaCount;
      delete raw.databases.nodeRoles;
    });
    expect(msg).toContain("databases.postgresql.readReplicas: too many read replicas for the storage nodes: at most 0");
    expect(msg).toContain("databases.redis.replicas: too many replicas for the storage nodes: at most 0");
  });

  it("accepts Redis standalone on a single storage node, and refuses replicas with it", () => {
    const ok = parseConfig(
      editedConfig((raw) => {
        raw.hcloud.nodePools[1].count = 1;
        delete raw.databases.nodeRoles;
        delete raw.databases.postgresql;
        raw.databases.redis.architecture = "standalone";
        delete raw.databases.redis.replicas;
      }),
    );
    expect(ok.databases!.redis!.architecture).toBe("standalone");
    expect(errorFor((raw) => (raw.databases.redis.architecture = "standalone"))).toContain(
      "databases.redis.replicas: must be unset with architecture 'standalone' (the chart ignores replica.* there); use architecture 'replication' (got 1)",
    );
  });
});

describe("databases name collisions", () => {
  it("refuses namespaces shared with Longhorn or with each other", () => {
    expect(errorFor((raw) => (raw.databases.postgresql.namespace = "longhorn-system"))).toContain(
      'databases.postgresql.namespace: collides with longhorn.namespace: each installation creates its own namespace, so they must differ (got "longhorn-system")',
    );
    expect(errorFor((raw) => (raw.databases.redis.namespace = "postgres"))).toContain(
      'databases.redis.namespace: collides with databases.postgresql.namespace: each installation creates its own namespace, so they must differ (got "postgres")',
    );
  });

  it("refuses colliding PostgreSQL roles", () => {
    expect(errorFor((raw) => (raw.databases.postgresql.user = "postgres"))).toContain(
      "databases.postgresql.user: must not be 'postgres': that is the superuser (its password is passwords.admin; in the app, the variable pgsql_admin_password) (got \"postgres\")",
    );
    expect(errorFor((raw) => (raw.databases.postgresql.replicationUser = "postgres"))).toContain(
      "databases.postgresql.replicationUser: must not be 'postgres': that is the superuser (its password is passwords.admin; in the app, the variable pgsql_admin_password) (got \"postgres\")",
    );
    expect(errorFor((raw) => (raw.databases.postgresql.replicationUser = "kube"))).toContain(
      'databases.postgresql.replicationUser: must differ from the application user (the two roles would collide) (got "kube")',
    );
  });

  it("refuses release names too long for the charts' StatefulSets (their pods could not be created)", () => {
    expect(errorFor((raw) => (raw.databases.postgresql.releaseName = "p".repeat(45)))).toContain(
      `databases.postgresql.releaseName: must be at most 44 characters (its StatefulSet <releaseName>-primary may have 52, or its pods cannot be created) (got "${"p".repeat(45)}")`,
    );
    expect(errorFor((raw) => (raw.databases.redis.releaseName = "r".repeat(44)))).toContain(
      `databases.redis.releaseName: must be at most 43 characters (its StatefulSet <releaseName>-replicas may have 52, or its pods cannot be created) (got "${"r".repeat(44)}")`,
    );
    const longest = parseConfig(
      editedConfig((raw) => {
        raw.databases.postgresql.releaseName = "p".repeat(44);
        raw.databases.redis.releaseName = "r".repeat(43);
      }),
    );
    expect(longest.databases!.postgresql!.releaseName).toHaveLength(44);
  });

  it("refuses a dump claim named like the chart's data claims", () => {
    expect(errorFor((raw) => (raw.databases.postgresql.dumps.claimName = "data-postgresql-primary-0"))).toContain(
      'databases.postgresql.dumps.claimName: collides with the chart\'s data claims (data-postgresql-primary-0, data-postgresql-read-N) (got "data-postgresql-primary-0")',
    );
  });

  it("refuses a dump StorageClass the stack does not create, and accepts the fast one", () => {
    expect(errorFor((raw) => (raw.databases.postgresql.dumps.storageClass = "local-path"))).toContain(
      "databases.postgresql.dumps.storageClass: must be a StorageClass the stack creates: 'longhorn' or 'longhorn-fast' (got \"local-path\")",
    );
    const fast = parseConfig(editedConfig((raw) => (raw.databases.postgresql.dumps.storageClass = "longhorn-fast")));
    expect(fast.databases!.postgresql!.dumps.storageClass).toBe("longhorn-fast");
  });

  it("refuses the name of the chart's own class for the fast StorageClass", () => {
    expect(errorFor((raw) => (raw.longhorn.storageClass.name = "longhorn"))).toContain(
      "longhorn.storageClass.name: must not be 'longhorn': the Longhorn chart creates that StorageClass",
    );
  });
});

describe("databases field checks", () => {
  it("refuses sizes that are not Kubernetes quantities", () => {
    const msg = errorFor((raw) => {
      raw.databases.postgresql.volumeSize = "10 GB";
      raw.databases.postgresql.dumps.volumeSize = "0";
      raw.databases.redis.volumeSize = 10;
    });
    expect(msg).toContain(
      "databases.postgresql.volumeSize: must be a positive Kubernetes quantity such as '10Gi' or '500Mi' (got \"10 GB\")",
    );
    expect(msg).toContain(
      "databases.postgresql.dumps.volumeSize: must be a positive Kubernetes quantity such as '10Gi' or '500Mi' (got \"0\")",
    );
    expect(msg).toContain("databases.redis.volumeSize: Invalid input: expected string, received number (got 10)");
  });

  it("refuses chart versions the project does not know", () => {
    const msg = errorFor((raw) => {
      raw.databases.postgresql.chartVersion = "18.0.0";
      raw.databases.redis.chartVersion = "latest";
    });
    expect(msg).toContain(
      'databases.postgresql.chartVersion: must be a postgresql chart version this project knows: 12.8.5, 16.7.27, 17.1.0 (got "18.0.0")',
    );
    expect(msg).toContain(
      'databases.redis.chartVersion: must be a redis chart version this project knows: 17.15.6, 22.0.7, 23.1.1 (got "latest")',
    );
  });

  it("refuses invalid identifiers, names, schedules, retention and repositories", () => {
    const msg = errorFor((raw) => {
      raw.databases.postgresql.user = "Kube-User";
      raw.databases.postgresql.namespace = "Postgres";
      raw.databases.postgresql.readReplicas = 0;
      raw.databases.postgresql.dumps.schedule = "every 8h";
      raw.databases.postgresql.dumps.retain = 0;
      raw.databases.postgresql.dumps.timeZone = "Mars/Olympus_Mons";
      raw.databases.redis.repository = "charts.bitnami.com/bitnami";
      raw.databases.redis.architecture = "cluster";
    });
    expect(msg).toContain(
      "databases.postgresql.user: must be a lowercase PostgreSQL identifier: a letter or '_', then letters, digits or '_', at most 63 (got \"Kube-User\")",
    );
    expect(msg).toContain("databases.postgresql.namespace: must be a DNS-1123 label");
    expect(msg).toContain("databases.postgresql.readReplicas: must be a whole number >= 1 (got 0)");
    expect(msg).toContain("databases.postgresql.dumps.schedule: must be a standard 5-field cron expression");
    expect(msg).toContain("databases.postgresql.dumps.retain: must be a whole number from 1 to 1000 (got 0)");
    expect(msg).toContain(
      "databases.postgresql.dumps.timeZone: must be an IANA time zone spelt as in the tz database (case-sensitive), such as 'Europe/Paris' or 'UTC' (got \"Mars/Olympus_Mons\")",
    );
    expect(msg).toContain(
      'databases.redis.repository: must be an oci://, https:// or http:// chart repository URL (got "charts.bitnami.com/bitnami")',
    );
    expect(msg).toContain('databases.redis.architecture: must be one of standalone, replication (got "cluster")');
  });

  it("refuses unknown keys, unknown image slots and invalid image fields", () => {
    const msg = errorFor((raw) => {
      raw.databases.postgresql.images = { postgresql: { tag: "latest" }, sentinel: {} };
      raw.databases.redis.auth = { password: "x" };
    });
    expect(msg).toContain("databases.postgresql.images.postgresql.tag: must be an immutable tag, not 'latest' (got \"latest\")");
    expect(msg).toContain('databases.postgresql.images: unknown key "sentinel"');
    expect(msg).toContain('databases.redis: unknown key "auth"');
  });

  it("refuses a kubectl image for redis chart 17.15.6, which has none", () => {
    expect(
      errorFor((raw) => {
        raw.databases.redis.chartVersion = "17.15.6";
        raw.databases.redis.images = { kubectl: { tag: "1.28.0" } };
      }),
    ).toContain(
      'databases.redis.images.kubectl: is not an image of redis chart 17.15.6 (its images: redis, sentinel, metrics, volumePermissions, sysctl) (got {"tag":"1.28.0"})',
    );
  });
});
