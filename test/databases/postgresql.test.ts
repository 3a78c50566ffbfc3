import { DataResource, TerraformVariable } from "cdktf";
import { parse } from "yaml";
import { DatabaseNodeRoles } from "../../src/databases/node-roles";
import { POSTGRESQL_DEFAULTS, Postgresql } from "../../src/databases/postgresql";
import { POSTGRESQL_CHARTS, POSTGRESQL_CHART_VERSIONS } from "../../src/databases/postgresql-values";
import { InternalError, ValidationError } from "../../src/validation";
import { errorOf, onlyResource, synthScope } from "../helpers";
import { unusedTokens } from "../tokens";
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

  it("is an IPostgresql: what a client needs to connect as the superuser", () => {
    expect(pg.namespaceName).toBe("postgres");
    expect(pg.releaseName).toBe("postgresql");
    expect(pg.authSecretName).toBe("postgresql-auth");
    expect(pg.adminPasswordKey).toBe("postgres-password");
    expect(pg.image).toEqual(pg.images.postgresql);
    expect(pg.release).toBe(pg.node.findChild("Release"));
  });

  it("applies the defaults of POSTGRESQL_DEFAULTS", () => {
    expect(release).toMatchObject({
      name: POSTGRESQL_DEFAULTS.releaseName,
      repository: POSTGRESQL_DEFAULTS.repository,
      version: POSTGRESQL_DEFAULTS.chartVersion,
      timeout: POSTGRESQL_DEFAULTS.timeoutSeconds,
    });
    expect(values.readReplicas.replicaCount).toBe(POSTGRESQL_DEFAULTS.readReplicas);
    expect(values.primary.persistence.size).toBe(POSTGRESQL_DEFAULTS.volumeSize);
  });
});

describe("Postgresql composed from the node roles and the StorageClass", () => {
  it("selects the role nodes and waits for their labels and for the StorageClass's creator", () => {
    const { parsed } = synthScope((s) => {
      const roles = new DatabaseNodeRoles(s, "Roles", { primary: "s-01", read: ["s-02"] });
      const creator = new DataResource(s, "ClassCreator", {});
      new Postgresql(s, "PG", guidePostgresql({ nodes: roles, storageClass: { storageClassName: "fast", storageClassCreator: creator } }));
    });
    const release = onlyResource(parsed, "helm_release") as Record<string, any>;
    const values = parse(release.values[0]);
    expect(values.primary.nodeSelector).toEqual({ "node-role.kubernetes.io/primary": "true" });
    expect(values.readReplicas.nodeSelector).toEqual({ "node-role.kubernetes.io/read": "true" });
    expect(values.primary.persistence.storageClass).toBe("fast");
    const labels = Object.keys(parsed.resource!.kubernetes_labels).map((id) => `kubernetes_labels.${id}`);
    expect(release.depends_on).toEqual([expect.stringMatching(/^kubernetes_secret_v1\./), ...labels, "terraform_data.ClassCreator"]);
  });

  it("takes nodes labelled some other way as a plain object, and a class made elsewhere by name", () => {
    const { parsed } = synthScope((s) => {
      new Postgresql(s, "PG", guidePostgresql({ nodes: { primarySelector: { db: "primary" }, readSelector: { db: "read" } } }));
    });
    const release = onlyResource(parsed, "helm_release") as Record<string, any>;
    expect(parse(release.values[0]).readReplicas.nodeSelector).toEqual({ db: "read" });
    expect(release.depends_on).toEqual([expect.stringMatching(/^kubernetes_secret_v1\./)]);
  });
});

describe("Postgresql options", () => {
  const valuesOf = (props: Parameters<typeof guidePostgresql>[0]) => {
    const { parsed } = synthScope((s) => new Postgresql(s, "PG", guidePostgresql(props)));
    const release = onlyResource(parsed, "helm_release") as Record<string, any>;
    return { release, values: parse(release.values[0]), parsed };
  };

  it("keeps a component's default resources when resources names it without a value", () => {
    expect(valuesOf({ resources: { primary: undefined } }).values).toEqual(valuesOf({}).values);
  });

  it("gives the pods no toleration without tolerateTaints", () => {
    const { values } = valuesOf({ tolerateTaints: undefined });
    expect([values.primary.tolerations, values.readReplicas.tolerations]).toEqual([[], []]);
  });

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
      repository: "registry-1.docker.io/bitnamicharts",
      namespace: "Postgres",
      releaseName: "pg_sql",
      authSecretName: "Auth",
      username: "Kube",
      database: "my-db",
      readReplicas: 0,
      volumeSize: "10 GB",
      storageClass: { storageClassName: "Longhorn Fast" },
      timeoutSeconds: 0,
    });
    expect(msg).toContain("test/PG props:");
    expect(msg).toContain("timeoutSeconds: must be a whole number of seconds >= 60 (got 0)");
    expect(msg).toContain('chartVersion: must be a postgresql chart version this project knows: 12.8.5, 16.7.27, 17.1.0 (got "15.0.0")');
    expect(msg).toContain(
      'repository: must be an oci://, https:// or http:// chart repository URL (got "registry-1.docker.io/bitnamicharts")',
    );
    expect(msg).toContain(
      "namespace: must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit (got \"Postgres\")",
    );
    expect(msg).toContain(
      "releaseName: must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit (got \"pg_sql\")",
    );
    expect(msg).toContain(
      "authSecretName: must be a DNS-1123 subdomain: dot-separated lowercase labels of letters, digits and '-' (got \"Auth\")",
    );
    expect(msg).toContain(
      "username: must be a lowercase PostgreSQL identifier: a letter or '_', then letters, digits or '_', at most 63 (got \"Kube\")",
    );
    expect(msg).toContain(
      "database: must be a lowercase PostgreSQL identifier: a letter or '_', then letters, digits or '_', at most 63 (got \"my-db\")",
    );
    expect(msg).toContain("readReplicas: must be a whole number >= 1 (got 0)");
    expect(msg).toContain("volumeSize: must be a positive Kubernetes quantity such as '10Gi' or '500Mi' (got \"10 GB\")");
    expect(msg).toContain(
      "storageClass.storageClassName: must be a DNS-1123 subdomain: dot-separated lowercase labels of letters, digits and '-' (got \"Longhorn Fast\")",
    );
  });

  it("refuses a release name too long for its StatefulSets, in the config schema's words", () => {
    expect(fails({ releaseName: "p".repeat(45) })).toContain(
      `releaseName: must be at most 44 characters (its StatefulSet <releaseName>-primary may have 52, or its pods cannot be created) (got "${"p".repeat(45)}")`,
    );
  });

  it("refuses 'postgres' as application or replication user, a replication user equal to the application user, a template database", () => {
    expect(fails({ username: "postgres" })).toContain(
      "username: must not be 'postgres': that is the superuser (its password is passwords.admin; in the app, the variable pgsql_admin_password) (got \"postgres\")",
    );
    expect(fails({ replicationUsername: "kube" })).toContain(
      'replicationUsername: must differ from the application user (the two roles would collide) (got "kube")',
    );
    expect(fails({ replicationUsername: "postgres" })).toContain(
      "replicationUsername: must not be 'postgres': that is the superuser (its password is passwords.admin; in the app, the variable pgsql_admin_password) (got \"postgres\")",
    );
    expect(fails({ username: "pg_app" })).toContain(
      "username: must not be a name PostgreSQL reserves for roles ('pg_*', public, none, current_user, session_user, current_role) (got \"pg_app\")",
    );
    expect(fails({ database: "template1" })).toContain(
      'database: must not be postgres, template0 or template1 (every PostgreSQL cluster has them: the chart would not create it) (got "template1")',
    );
  });

  it("compares the two selectors label by label, and only when both are known and not empty", () => {
    const build = (primarySelector: Record<string, string>, readSelector: Record<string, string>) => () =>
      synthScope((s) => new Postgresql(s, "PG", guidePostgresql({ nodes: { primarySelector, readSelector } })));
    expect(build({ db: "main", zone: "a" }, { db: "main", zone: "b" })).not.toThrow(); // one value differs
    expect(build({ db: "main" }, { db: "main", zone: "b" })).not.toThrow(); // one more label
    const issues = (primarySelector: Record<string, string>, readSelector: Record<string, string>) =>
      errorOf(build(primarySelector, readSelector))
        .split("\n")
        .filter((l) => l.startsWith("  - "));
    expect(issues({}, {})).toEqual([
      "  - nodes.primarySelector: must select nodes with at least one label (got {})",
      "  - nodes.readSelector: must select nodes with at least one label (got {})",
    ]);
    synthScope((s) => {
      const zone = new TerraformVariable(s, "zone", { type: "string" }).stringValue;
      const nodes = { primarySelector: { zone }, readSelector: { zone } };
      expect(() => new Postgresql(s, "PG", guidePostgresql({ nodes }))).not.toThrow();
    });
  });

  it("refuses a missing read selector, as a JavaScript caller may leave it out", () => {
    expect(fails({ nodes: { primarySelector: { db: "primary" } } as never })).toContain(
      "nodes.readSelector: must select nodes with at least one label (got undefined)",
    );
  });

  it("refuses a read selector equal to the primary's: they would share a node", () => {
    const primarySelector = { "node-role.kubernetes.io/primary": "true" };
    expect(fails({ nodes: { primarySelector, readSelector: { ...primarySelector } } })).toContain(
      "nodes.readSelector: must differ from nodes.primarySelector: the primary and a read replica never share a node",
    );
    expect(fails({ nodes: { primarySelector: {}, readSelector: { db: "read" } } })).toContain(
      "nodes.primarySelector: must select nodes with at least one label (got {})",
    );
    expect(fails({ nodes: { primarySelector, readSelector: {} } })).toContain(
      "nodes.readSelector: must select nodes with at least one label (got {})",
    );
    expect(fails({ nodes: { primarySelector, readSelector: { "bad key!": "x" } } })).toContain(
      "nodes.readSelector.bad key!: invalid key: must be a Kubernetes label key: [prefix/]name, name up to 63 alphanumerics, '-', '_' or '.' (got \"bad key!\")",
    );
  });

  it("refuses zero, negative and malformed sizes", () => {
    for (const size of ["0", "-1Gi", "0Gi", "ten", "10 Gi"])
      expect(fails({ volumeSize: size })).toContain(`volumeSize: must be a positive Kubernetes quantity`);
  });

  it("is a ValidationError, which a caller can tell from an internal error", () => {
    expect(() => synthScope((s) => new Postgresql(s, "PG", guidePostgresql({ namespace: "Postgres" })))).toThrow(ValidationError);
  });

  it("treats values outside the chart version's key list as an internal error (a table that drifts)", () => {
    const support = POSTGRESQL_CHARTS["16.7.27"];
    (POSTGRESQL_CHARTS as Record<string, unknown>)["16.7.27"] = {
      ...support,
      valueKeys: support.valueKeys.filter((k) => k !== "global.security.allowInsecureImages" && k !== "fullnameOverride"),
    };
    try {
      const build = () => synthScope((s) => new Postgresql(s, "PG", guidePostgresql()));
      expect(build).toThrow(InternalError);
      expect(errorOf(build)).toBe(
        "test/PG: values not in postgresql chart 16.7.27:\n  - global.security.allowInsecureImages: unknown key\n  - fullnameOverride: unknown key",
      );
    } finally {
      (POSTGRESQL_CHARTS as Record<string, unknown>)["16.7.27"] = support;
    }
  });

  it("refuses unknown image slots and invalid image fields", () => {
    const msg = fails({
      images: { sentinel: { tag: "1" }, postgresql: { registry: "https://docker.io", repository: "Bitnami/PG", tag: "latest" } } as never,
    });
    expect(msg).toContain(
      'images.sentinel: is not an image of postgresql chart 16.7.27 (its images: postgresql, metrics, volumePermissions) (got {"tag":"1"})',
    );
    expect(msg).toContain(
      "images.postgresql.registry: must be a registry host (optionally with :port) without scheme or path, e.g. 'docker.io' (got \"https://docker.io\")",
    );
    expect(msg).toContain("images.postgresql.repository: must be a repository path");
    expect(msg).toContain("images.postgresql.tag: must be an immutable tag, not 'latest' (got \"latest\")");
  });
});

describe("Postgresql and tokens", () => {
  it("accepts tokens for every prop it validates", () => {
    expect(
      unusedTokens((scope, t) => {
        new Postgresql(scope, "PG", {
          ...guidePostgresql(),
          repository: t.string("repository"),
          namespace: t.string("namespace"),
          releaseName: t.string("release"),
          authSecretName: t.string("secret"),
          username: t.string("user"),
          database: t.string("database"),
          replicationUsername: t.string("replication"),
          readReplicas: t.number("replicas"),
          volumeSize: t.string("size"),
          timeoutSeconds: t.number("timeout"),
          storageClass: { storageClassName: t.string("class") },
          nodes: { primarySelector: { db: t.string("primary") }, readSelector: { [t.string("readKey")]: t.string("read") } },
          images: { postgresql: { registry: t.string("registry"), repository: t.string("image"), tag: t.string("tag") } },
          resources: { primary: { requests: { cpu: t.string("cpu"), memory: t.string("memory") }, limits: { memory: t.string("limit") } } },
        });
      }),
    ).toEqual([]);
  });

  it("refuses an unknown resources component even when its amounts are tokens", () => {
    const msg = errorOf(() =>
      unusedTokens((scope, t) => {
        new Postgresql(scope, "PG", guidePostgresql({ resources: { primry: { requests: { cpu: t.string("cpu") } } } as never }));
      }),
    );
    expect(msg).toContain("resources.primry: must be one of primary, readReplicas, metrics");
  });

  it("refuses a chart version that is a token: it decides the values and the images", () => {
    expect(
      errorOf(() =>
        unusedTokens((scope, t) => {
          new Postgresql(scope, "PG", guidePostgresql({ chartVersion: t.string("version") }));
        }),
      ),
    ).toContain(
      "chartVersion: must be known at synth time, not a token (the chart version decides the chart values and the default images)",
    );
  });
});
