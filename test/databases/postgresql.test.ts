import { parse } from "yaml";
import { Postgresql } from "../../src/databases/postgresql";
import { POSTGRESQL_CHARTS, POSTGRESQL_CHART_VERSIONS } from "../../src/databases/postgresql-values";
import { errorOf, onlyResource, synthScope } from "../helpers";
import { PASSWORDS, STORAGE_TOLERATION, guidePostgresql } from "./fixtures";

describe("Postgresql with the guide's settings", () => {
  let pg!: Postgresql;
  const { json, parsed } = synthScope((s) => {
    pg = new Postgresql(s, "PostgreSQL", guidePostgresql());
  });
  const release = onlyResource(parsed, "helm_release") as Record<string, any>;
  const values = parse(release.values[0]);

  it("matches the snapshot", () => {
    expect(json).toMatchSnapshot();
  });

  it("installs the pinned chart from Bitnami's OCI registry into its own namespace", () => {
    expect(release).toMatchObject({
      name: "postgresql",
      chart: "postgresql",
      repository: "oci://registry-1.docker.io/bitnamicharts",
      version: "16.7.27",
      timeout: 600,
    });
    expect(release.namespace).toMatch(/^\$\{kubernetes_namespace_v1\..*\.metadata\[0\]\.name\}$/);
    expect((onlyResource(parsed, "kubernetes_namespace_v1").metadata as any).name).toBe("postgres");
    expect(release.values).toHaveLength(1);
  });

  it("puts the three passwords in the auth Secret under the chart's keys, from the variables", () => {
    const secret = onlyResource(parsed, "kubernetes_secret_v1") as Record<string, any>;
    expect(secret.metadata.name).toBe("postgresql-auth");
    expect(secret.data).toEqual({
      "postgres-password": "${var.pgsql_admin_password}",
      password: "${var.pgsql_password}",
      "replication-password": "${var.pgsql_replication_password}",
    });
    expect(release.depends_on).toContain(`kubernetes_secret_v1.${Object.keys(parsed.resource!.kubernetes_secret_v1)[0]}`);
  });

  it("reads every password from the existing Secret: none is a value", () => {
    expect(values.auth).toEqual({
      enablePostgresUser: true,
      username: "kube",
      database: "kube",
      replicationUsername: "replication",
      existingSecret: "postgresql-auth",
      secretKeys: { adminPasswordKey: "postgres-password", userPasswordKey: "password", replicationPasswordKey: "replication-password" },
    });
    for (const p of Object.values(PASSWORDS)) expect(release.values[0]).not.toContain(p);
    expect(release.values[0]).not.toMatch(/existingSecretPasswordKey|postgresPassword|replicationPassword:/);
    expect(release).not.toHaveProperty("set");
    expect(release).not.toHaveProperty("set_sensitive");
  });

  it("declares architecture once, as replication", () => {
    expect(values.architecture).toBe("replication");
    expect(release.values[0].match(/^architecture:/gm)).toHaveLength(1);
  });

  it("places the primary and the read replica on their role nodes, tolerating the storage taint", () => {
    expect(values.primary.nodeSelector).toEqual({ "node-role.kubernetes.io/primary": "true" });
    expect(values.readReplicas.nodeSelector).toEqual({ "node-role.kubernetes.io/read": "true" });
    expect(values.primary.tolerations).toEqual([STORAGE_TOLERATION]);
    expect(values.readReplicas.tolerations).toEqual([STORAGE_TOLERATION]);
    expect(values.readReplicas.replicaCount).toBe(1);
    expect(values.readReplicas.podAntiAffinityPreset).toBe("hard");
  });

  it("gives each a 10Gi volume on longhorn-fast", () => {
    for (const role of ["primary", "readReplicas"]) {
      expect(values[role].persistence).toEqual({ enabled: true, storageClass: "longhorn-fast", size: "10Gi" });
    }
  });

  it("pulls every image from docker.io/bitnamilegacy and allows the substitution", () => {
    expect(values.image).toEqual({ registry: "docker.io", repository: "bitnamilegacy/postgresql", tag: "17.6.0-debian-12-r4" });
    expect(values.metrics.image).toEqual({
      registry: "docker.io",
      repository: "bitnamilegacy/postgres-exporter",
      tag: "0.17.1-debian-12-r16",
    });
    expect(values.volumePermissions.image).toEqual({
      registry: "docker.io",
      repository: "bitnamilegacy/os-shell",
      tag: "12-debian-12-r51",
    });
    expect(values.global).toEqual({ security: { allowInsecureImages: true } });
    expect(release.values[0]).not.toMatch(/repository: bitnami\//);
  });

  it("runs the exporter, without a ServiceMonitor unless asked", () => {
    expect(values.metrics.enabled).toBe(true);
    expect(values.metrics.serviceMonitor).toEqual({ enabled: false });
  });

  it("exposes the service hosts and the resolved images", () => {
    expect(pg.primaryHost).toBe("postgresql-primary.postgres.svc.cluster.local");
    expect(pg.readHost).toBe("postgresql-read.postgres.svc.cluster.local");
    expect(pg.port).toBe(5432);
    expect(pg.images.postgresql.repository).toBe("bitnamilegacy/postgresql");
    expect(values.fullnameOverride).toBe("postgresql");
  });
});

describe("Postgresql options", () => {
  const valuesOf = (props: Parameters<typeof guidePostgresql>[0]) => {
    const { parsed } = synthScope((s) => new Postgresql(s, "PG", guidePostgresql(props)));
    const release = onlyResource(parsed, "helm_release") as Record<string, any>;
    return { release, values: parse(release.values[0]), parsed };
  };

  it("has no global.security key on chart 12.8.5, which predates image verification", () => {
    const { values, release } = valuesOf({ chartVersion: "12.8.5" });
    expect(values).not.toHaveProperty("global");
    expect(release.version).toBe("12.8.5");
    expect(values.image).toEqual({ registry: "docker.io", repository: "bitnamilegacy/postgresql", tag: "15.4.0-debian-11-r10" });
    expect(values.metrics.image.tag).toBe("0.13.2-debian-11-r25");
    expect(values.volumePermissions.image.tag).toBe("11-debian-11-r43");
  });

  it("takes image overrides per field and slot, for mirrors", () => {
    const { values } = valuesOf({
      images: { postgresql: { registry: "registry.example.com:5000" }, metrics: { repository: "mirror/postgres-exporter", tag: "0.17.1" } },
    });
    expect(values.image).toEqual({
      registry: "registry.example.com:5000",
      repository: "bitnamilegacy/postgresql",
      tag: "17.6.0-debian-12-r4",
    });
    expect(values.metrics.image).toEqual({ registry: "docker.io", repository: "mirror/postgres-exporter", tag: "0.17.1" });
  });

  it("turns the ServiceMonitor on with metrics, never without", () => {
    expect(valuesOf({ serviceMonitor: true }).values.metrics).toMatchObject({ enabled: true, serviceMonitor: { enabled: true } });
    expect(valuesOf({ serviceMonitor: true, metrics: false }).values.metrics).toMatchObject({
      enabled: false,
      serviceMonitor: { enabled: false },
    });
  });

  it("sets names, database, sizes and replica count", () => {
    const { values, release, parsed } = valuesOf({
      namespace: "db",
      releaseName: "pg",
      database: "app",
      replicationUsername: "repl",
      readReplicas: 2,
      volumeSize: "20Gi",
      authSecretName: "pg-auth",
      repository: "oci://mirror.example.com/charts",
      timeoutSeconds: 900,
    });
    expect(release.timeout).toBe(900);
    expect(release).toMatchObject({ name: "pg", repository: "oci://mirror.example.com/charts" });
    expect(values.fullnameOverride).toBe("pg");
    expect(values.auth).toMatchObject({ database: "app", replicationUsername: "repl", existingSecret: "pg-auth" });
    expect(values.readReplicas.replicaCount).toBe(2);
    expect(values.primary.persistence.size).toBe("20Gi");
    expect((onlyResource(parsed, "kubernetes_namespace_v1").metadata as any).name).toBe("db");
  });

  it("appends additional values documents after its own", () => {
    const { release } = valuesOf({ additionalValues: [{ primary: { resources: { requests: { cpu: "100m" } } } }] });
    expect(release.values).toHaveLength(2);
    expect(parse(release.values[1])).toEqual({ primary: { resources: { requests: { cpu: "100m" } } } });
  });

  it.each(POSTGRESQL_CHART_VERSIONS)("only produces keys of chart %s's values.yaml (project key list)", (version) => {
    for (const opts of [{}, { metrics: false }, { serviceMonitor: true }, { readReplicas: 3 }]) {
      const { values } = valuesOf({ chartVersion: version, ...opts });
      const keys = new Set(POSTGRESQL_CHARTS[version].valueKeys);
      const walk = (o: Record<string, unknown>, prefix: string): string[] =>
        Object.entries(o).flatMap(([k, v]) => {
          const path = prefix ? `${prefix}.${k}` : k;
          return keys.has(path) || typeof v !== "object" || v === null || Array.isArray(v)
            ? [path]
            : walk(v as Record<string, unknown>, path);
        });
      expect(walk(values, "").filter((p) => !keys.has(p))).toEqual([]);
    }
  });
});

describe("Postgresql validation", () => {
  const fails = (props: Parameters<typeof guidePostgresql>[0]) =>
    errorOf(() => synthScope((s) => new Postgresql(s, "PG", guidePostgresql(props))));

  it("names the construct and every bad prop with its value and what is allowed", () => {
    const msg = fails({
      chartVersion: "15.0.0",
      namespace: "Postgres",
      releaseName: "pg_sql",
      authSecretName: "Auth",
      username: "Kube",
      database: "my-db",
      readReplicas: 0,
      volumeSize: "10 GB",
      storageClassName: "Longhorn Fast",
      timeoutSeconds: 0,
    });
    expect(msg).toContain("timeoutSeconds: must be a whole number of seconds >= 1 (got 0)");
    expect(msg).toContain("test/PG props:");
    expect(msg).toContain('chartVersion: must be a postgresql chart version this project knows (12.8.5, 16.7.27, 17.1.0) (got "15.0.0")');
    expect(msg).toContain('namespace: must be a DNS-1123 label (got "Postgres")');
    expect(msg).toContain(
      'releaseName: must be a DNS-1123 label of at most 44 characters (its StatefulSet <releaseName>-primary may have 52, or its pods cannot be created) (got "pg_sql")',
    );
    expect(msg).toContain('authSecretName: must be a DNS-1123 subdomain (got "Auth")');
    expect(msg).toContain("username: must be a lowercase PostgreSQL identifier");
    expect(msg).toContain('database: must be a lowercase PostgreSQL identifier ([a-z_][a-z0-9_]*, at most 63) (got "my-db")');
    expect(msg).toContain("readReplicas: must be an integer >= 1 (architecture is replication) (got 0)");
    expect(msg).toContain("volumeSize: must be a positive Kubernetes quantity such as '10Gi' or '500Mi' (got \"10 GB\")");
    expect(msg).toContain('storageClassName: must be a StorageClass name (DNS-1123 subdomain) (got "Longhorn Fast")');
  });

  it("refuses 'postgres' as application user and a replication user equal to it", () => {
    expect(fails({ username: "postgres" })).toContain(
      "username: must be a lowercase PostgreSQL identifier ([a-z_][a-z0-9_]*, at most 63) other than 'postgres' (got \"postgres\")",
    );
    expect(fails({ replicationUsername: "kube" })).toContain(
      'replicationUsername: must differ from username (the two roles would collide) (got "kube")',
    );
    expect(fails({ replicationUsername: "postgres" })).toContain(
      "replicationUsername: must be a lowercase PostgreSQL identifier other than 'postgres'",
    );
  });

  it("refuses a read selector equal to the primary's: they would share a node", () => {
    const same = { "node-role.kubernetes.io/primary": "true" };
    expect(fails({ readNodeSelector: same })).toContain(
      "readNodeSelector: must differ from primaryNodeSelector: the primary and a read replica never share a node",
    );
    expect(fails({ primaryNodeSelector: {} })).toContain("primaryNodeSelector: must select nodes with at least one label (got {})");
    expect(fails({ readNodeSelector: { "bad key!": "x" } })).toContain("readNodeSelector.bad key!: must be a valid label key and value");
  });

  it("refuses zero, negative and malformed sizes", () => {
    for (const size of ["0", "-1Gi", "0Gi", "ten", "10 Gi"])
      expect(fails({ volumeSize: size })).toContain(`volumeSize: must be a positive Kubernetes quantity`);
  });

  it("refuses values outside the chart version's key list (guard against a table that drifts)", () => {
    const support = POSTGRESQL_CHARTS["16.7.27"];
    (POSTGRESQL_CHARTS as Record<string, unknown>)["16.7.27"] = {
      ...support,
      valueKeys: support.valueKeys.filter((k) => k !== "global.security.allowInsecureImages"),
    };
    try {
      expect(fails({})).toContain("test/PG: values not in postgresql chart 16.7.27:\n  - global.security.allowInsecureImages: unknown key");
    } finally {
      (POSTGRESQL_CHARTS as Record<string, unknown>)["16.7.27"] = support;
    }
  });

  it("refuses unknown image slots and invalid image fields", () => {
    const msg = fails({
      images: { sentinel: { tag: "1" }, postgresql: { registry: "https://docker.io", repository: "Bitnami/PG", tag: "latest" } } as never,
    });
    expect(msg).toContain(
      'images.sentinel: is not an image of this chart version (got "sentinel"; allowed: postgresql, metrics, volumePermissions)',
    );
    expect(msg).toContain(
      "images.postgresql.registry: must be a registry host (optionally with :port) without scheme or path, e.g. 'docker.io' (got \"https://docker.io\")",
    );
    expect(msg).toContain("images.postgresql.repository: must be a repository path");
    expect(msg).toContain("images.postgresql.tag: must be an immutable tag, not 'latest' (got \"latest\")");
  });
});
