import { DataResource } from "cdktf";
import { parse } from "yaml";
import { Construct } from "constructs";
import {
  DUMP_SCRIPT,
  POSTGRESQL_DUMP_CRON_JOB_DEFAULTS,
  PostgresqlDumpCronJob,
  PostgresqlDumpCronJobProps,
} from "../../src/databases/postgresql-dump-cron-job";
import { legacyImage } from "../../src/databases/bitnami-image";
import { IPostgresql, Postgresql } from "../../src/databases/postgresql";
import { existingStorageClass } from "../../src/storage/storage-class";
import { errorOf, onlyResource, resourcesOf, synthScope } from "../helpers";
import { unusedTokens } from "../tokens";
import { guidePostgresql } from "./fixtures";

/** A PostgreSQL made elsewhere, as a plain IPostgresql whose release is a stand-in resource. */
function postgresqlIn(scope: Construct, overrides: Partial<IPostgresql> = {}): IPostgresql {
  return {
    namespaceName: "postgres",
    releaseName: "postgresql",
    primaryHost: "postgresql-primary.postgres.svc.cluster.local",
    port: 5432,
    authSecretName: "postgresql-auth",
    adminPasswordKey: "postgres-password",
    image: legacyImage("postgresql", "17.6.0-debian-12-r4"),
    release: new DataResource(scope, "PostgresqlRelease", {}),
    ...overrides,
  };
}

function synthDump(props: Partial<PostgresqlDumpCronJobProps> = {}, postgresql: Partial<IPostgresql> = {}) {
  let construct!: PostgresqlDumpCronJob;
  const { json, parsed } = synthScope((s) => {
    construct = new PostgresqlDumpCronJob(s, "Dumps", {
      postgresql: postgresqlIn(s, postgresql),
      volume: { storageClass: existingStorageClass("longhorn-fast") },
      ...props,
    });
  });
  const release = onlyResource(parsed, "helm_release") as Record<string, any>;
  const manifests = parse(release.values[0]).manifests as Record<string, any>[];
  expect(manifests).toHaveLength(1);
  const cronJob = manifests[0];
  const pod = cronJob.spec.jobTemplate.spec.template.spec;
  return { json, parsed, release, construct, cronJob, pod, container: pod.containers[0] };
}

describe("PostgresqlDumpCronJob with the guide's rhythm", () => {
  const { json, parsed, release, construct, cronJob, pod, container } = synthDump();

  it("matches the snapshot", () => {
    expect(json).toMatchSnapshot();
  });

  it("installs a batch/v1 CronJob, checked against the Kubernetes API schema, as a release of the manifests chart", () => {
    expect([cronJob.apiVersion, cronJob.kind]).toEqual(["batch/v1", "CronJob"]);
    expect(release).toMatchObject({ name: "postgresql-dump", namespace: "postgres" });
    expect(release.chart).toMatch(/^\.\/assets\/ManifestsChart\//);
    expect(construct.cronJob).toEqual(cronJob);
    expect(resourcesOfType(parsed)).toEqual(["helm_release", "kubernetes_persistent_volume_claim_v1", "terraform_data"]);
  });

  it("runs every 8 hours, one run at a time, keeping 3 dumps", () => {
    expect(cronJob.metadata).toMatchObject({ name: "postgresql-dump", namespace: "postgres" });
    expect(cronJob.spec).toMatchObject({ schedule: "0 */8 * * *", concurrencyPolicy: "Forbid" });
    expect(cronJob.spec).not.toHaveProperty("timeZone");
    expect(container.env).toContainEqual({ name: "RETAIN", value: "3" });
    expect(pod.restartPolicy).toBe("Never");
  });

  it("reads the superuser password from the existing Secret: the password is never in the spec", () => {
    expect(container.env).toContainEqual({
      name: "PGPASSWORD",
      valueFrom: { secretKeyRef: { name: "postgresql-auth", key: "postgres-password" } },
    });
    const pgpassword = container.env.filter((e: any) => e.name === "PGPASSWORD");
    expect(pgpassword).toHaveLength(1);
    expect(pgpassword[0]).not.toHaveProperty("value");
    expect(json).not.toMatch(/var\.pgsql/);
  });

  it("connects to the primary's service as postgres", () => {
    expect(container.env).toEqual(
      expect.arrayContaining([
        { name: "PGHOST", value: "postgresql-primary.postgres.svc.cluster.local" },
        { name: "PGPORT", value: "5432" },
        { name: "PGUSER", value: "postgres" },
        { name: "DUMP_DIR", value: "/dumps" },
      ]),
    );
  });

  it("runs pg_dumpall -c | gzip from the server's image, writes atomically and prunes old dumps", () => {
    expect(container.image).toBe("docker.io/bitnamilegacy/postgresql:17.6.0-debian-12-r4");
    expect(container.command).toEqual(["/bin/bash", "-c", DUMP_SCRIPT]);
    expect(DUMP_SCRIPT).toContain("set -euo pipefail");
    expect(DUMP_SCRIPT).toContain('pg_dumpall --clean --if-exists | gzip > "$file.partial"');
    expect(DUMP_SCRIPT).toContain('mv -- "$file.partial" "$file"');
    expect(DUMP_SCRIPT).toContain('tail -n +"$((RETAIN + 1))"');
  });

  it("writes to a dedicated RWO claim on longhorn-fast, writable by the Bitnami user", () => {
    const claim = onlyResource(parsed, "kubernetes_persistent_volume_claim_v1") as Record<string, any>;
    expect(claim.metadata).toMatchObject({ name: "postgresql-dumps", namespace: "postgres" });
    expect(claim.spec).toEqual({
      access_modes: ["ReadWriteOnce"],
      storage_class_name: "longhorn-fast",
      resources: { requests: { storage: "5Gi" } },
    });
    expect(claim.wait_until_bound).toBe(false);
    // A plan that would delete the claim (a destroy, another StorageClass) fails instead of deleting the dumps.
    expect(claim.lifecycle).toEqual({ prevent_destroy: true });
    expect(pod.volumes).toEqual([{ name: "dumps", persistentVolumeClaim: { claimName: "postgresql-dumps" } }]);
    expect(container.volumeMounts).toEqual([{ name: "dumps", mountPath: "/dumps" }]);
    expect(pod.securityContext).toEqual({ runAsUser: 1001, runAsGroup: 1001, fsGroup: 1001, runAsNonRoot: true });
    expect(container.securityContext).toEqual({ allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } });
    expect(pod.automountServiceAccountToken).toBe(false);
    // The release needs the claim; removing the release leaves the claim and its dumps alone.
    expect(release.depends_on).toEqual([
      `kubernetes_persistent_volume_claim_v1.${Object.keys(parsed.resource!.kubernetes_persistent_volume_claim_v1)[0]}`,
      "terraform_data.PostgresqlRelease",
    ]);
    // The claim waits for the PostgreSQL release, which brings the namespace.
    expect(claim.depends_on).toEqual(["terraform_data.PostgresqlRelease"]);
  });

  it("labels the claim, and the CronJob, its Jobs and their pods as the dump component, for kubectl -l", () => {
    const claim = onlyResource(parsed, "kubernetes_persistent_volume_claim_v1") as Record<string, any>;
    expect(claim.metadata.labels).toEqual({ "app.kubernetes.io/name": "postgresql-dump" });
    const labels = { "app.kubernetes.io/name": "postgresql-dump", "app.kubernetes.io/component": "dump" };
    expect([
      cronJob.metadata.labels,
      cronJob.spec.jobTemplate.metadata.labels,
      cronJob.spec.jobTemplate.spec.template.metadata.labels,
    ]).toEqual([labels, labels, labels]);
    expect(container.name).toBe("pg-dumpall");
  });

  it("applies the defaults of POSTGRESQL_DUMP_CRON_JOB_DEFAULTS, and is named after the PostgreSQL release", () => {
    const D = POSTGRESQL_DUMP_CRON_JOB_DEFAULTS;
    expect(construct.name).toBe("postgresql-dump");
    expect(construct.schedule).toBe(D.schedule);
    expect(construct.retain).toBe(D.retain);
    expect(construct.claimName).toBe(D.volume.claimName);
    expect(container.env).toContainEqual({ name: "PGUSER", value: D.username });
  });
});

describe("PostgresqlDumpCronJob composed from a Postgresql", () => {
  it("takes the namespace, host, port, password Secret, image and release from it, and waits for the class's creator", () => {
    let pg!: Postgresql;
    const { parsed } = synthScope((s) => {
      pg = new Postgresql(s, "PG", guidePostgresql({ releaseName: "pg", namespace: "db", chartVersion: "12.8.5" }));
      const creator = new DataResource(s, "ClassCreator", {});
      new PostgresqlDumpCronJob(s, "Dumps", {
        postgresql: pg,
        volume: { storageClass: { storageClassName: "longhorn", storageClassCreator: creator } },
      });
    });
    const releases = Object.values(resourcesOf(parsed, "helm_release")) as Record<string, any>[];
    const dump = releases.find((r) => r.name === "pg-dump")!;
    expect(dump.namespace).toBe("db");
    const cronJob = parse(dump.values[0]).manifests[0];
    expect(cronJob.metadata).toMatchObject({ name: "pg-dump", namespace: "db" });
    const container = cronJob.spec.jobTemplate.spec.template.spec.containers[0];
    expect(container.image).toBe("docker.io/bitnamilegacy/postgresql:15.4.0-debian-11-r10");
    expect(container.env).toEqual(
      expect.arrayContaining([
        { name: "PGHOST", value: "pg-primary.db.svc.cluster.local" },
        { name: "PGPORT", value: "5432" },
        { name: "PGPASSWORD", valueFrom: { secretKeyRef: { name: "postgresql-auth", key: "postgres-password" } } },
      ]),
    );
    const claim = onlyResource(parsed, "kubernetes_persistent_volume_claim_v1") as Record<string, any>;
    expect(claim.metadata.namespace).toBe("db");
    expect(claim.spec.storage_class_name).toBe("longhorn");
    const pgRelease = `helm_release.${Object.entries(resourcesOf(parsed, "helm_release")).find(([, r]) => r.name === "pg")![0]}`;
    expect(claim.depends_on).toEqual([pgRelease, "terraform_data.ClassCreator"]);
    expect(dump.depends_on).toEqual([
      expect.stringMatching(/^kubernetes_persistent_volume_claim_v1\./),
      pgRelease,
      "terraform_data.ClassCreator",
    ]);
  });
});

/** The resource types of a synthesized stack. */
function resourcesOfType(parsed: { resource?: Record<string, unknown> }): string[] {
  return Object.keys(parsed.resource ?? {}).sort();
}

describe("PostgresqlDumpCronJob options and validation", () => {
  it("makes the claim and the CronJob's release wait for what dependsOn lists too", () => {
    const withEarlier = synthScope((s) => {
      new PostgresqlDumpCronJob(s, "Dumps", {
        postgresql: postgresqlIn(s),
        volume: { storageClass: existingStorageClass("longhorn-fast") },
        dependsOn: [new DataResource(s, "Earlier", {})],
      });
    }).parsed;
    const claim = onlyResource(withEarlier, "kubernetes_persistent_volume_claim_v1");
    expect(claim.depends_on).toEqual(["terraform_data.PostgresqlRelease", "terraform_data.Earlier"]);
    expect(onlyResource(withEarlier, "helm_release").depends_on).toEqual([
      `kubernetes_persistent_volume_claim_v1.${Object.keys(withEarlier.resource!.kubernetes_persistent_volume_claim_v1)[0]}`,
      "terraform_data.PostgresqlRelease",
      "terraform_data.Earlier",
    ]);
  });

  it("takes schedule, time zone, retention, claim and connection from props", () => {
    const { cronJob, container, parsed } = synthDump(
      {
        name: "nightly-dump",
        schedule: "@daily",
        timeZone: "Europe/Paris",
        retain: 7,
        username: "admin",
        volume: { claimName: "dumps", size: "20Gi", storageClass: existingStorageClass("longhorn"), preventDestroy: false },
      },
      { port: 5433 },
    );
    expect(cronJob.metadata.name).toBe("nightly-dump");
    expect(cronJob.spec).toMatchObject({ schedule: "@daily", timeZone: "Europe/Paris" });
    expect(container.env).toEqual(
      expect.arrayContaining([
        { name: "RETAIN", value: "7" },
        { name: "PGPORT", value: "5433" },
        { name: "PGUSER", value: "admin" },
      ]),
    );
    const claim = onlyResource(parsed, "kubernetes_persistent_volume_claim_v1") as Record<string, any>;
    expect(claim.spec).toMatchObject({ storage_class_name: "longhorn", resources: { requests: { storage: "20Gi" } } });
    expect(claim.lifecycle).toEqual({ prevent_destroy: false });
  });

  it("names every bad prop with its value and what is allowed", () => {
    const msg = errorOf(() =>
      synthDump(
        {
          name: "x".repeat(53),
          schedule: "every 8 hours",
          timeZone: "Paris time",
          retain: 0,
          username: "Admin",
          volume: { claimName: "Dumps", size: "5 GB", storageClass: existingStorageClass("Fast SC") },
        },
        {
          namespaceName: "Postgres",
          primaryHost: "http://db",
          port: 70000,
          authSecretName: "Auth",
          adminPasswordKey: "pass word",
          image: { registry: "docker.io", repository: "bitnamilegacy/postgresql", tag: "latest" },
        },
      ),
    );
    expect(msg).toContain("test/Dumps props:");
    expect(msg).toContain(
      `name: must be at most 52 characters (the CronJob controller appends an 11-character suffix to the names of its Jobs) (got "${"x".repeat(53)}")`,
    );
    expect(msg).toContain(
      'schedule: must be a standard 5-field cron expression (minute hour day-of-month month day-of-week) or @daily/@weekly/...: has 3 fields, expected 5 (got "every 8 hours")',
    );
    expect(msg).toContain(
      "timeZone: must be an IANA time zone spelt as in the tz database (case-sensitive), such as 'Europe/Paris' or 'UTC' (got \"Paris time\")",
    );
    expect(msg).toContain("retain: must be a whole number from 1 to 1000 (got 0)");
    expect(msg).toContain(
      "username: must be a lowercase PostgreSQL identifier: a letter or '_', then letters, digits or '_', at most 63 (got \"Admin\")",
    );
    expect(msg).toContain(
      "postgresql.namespaceName: must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit (got \"Postgres\")",
    );
    expect(msg).toContain(
      "postgresql.primaryHost: must be a DNS-1123 subdomain: dot-separated lowercase labels of letters, digits and '-' (got \"http://db\")",
    );
    expect(msg).toContain("postgresql.port: must be a TCP port (1-65535) (got 70000)");
    expect(msg).toContain(
      "postgresql.authSecretName: must be a DNS-1123 subdomain: dot-separated lowercase labels of letters, digits and '-' (got \"Auth\")",
    );
    expect(msg).toContain("postgresql.adminPasswordKey: must be a Secret key: letters, digits, '-', '_' or '.' (got \"pass word\")");
    expect(msg).toContain("postgresql.image.tag: must be an immutable tag, not 'latest' (got \"latest\")");
    expect(msg).toContain(
      "volume.claimName: must be a DNS-1123 subdomain: dot-separated lowercase labels of letters, digits and '-' (got \"Dumps\")",
    );
    expect(msg).toContain("volume.size: must be a positive Kubernetes quantity such as '10Gi' or '500Mi' (got \"5 GB\")");
    expect(msg).toContain(
      "volume.storageClass.storageClassName: must be a DNS-1123 subdomain: dot-separated lowercase labels of letters, digits and '-' (got \"Fast SC\")",
    );
  });

  it.each([0, 1.5, 1001])("refuses to retain %p dumps, in one message", (retain) => {
    expect(errorOf(() => synthDump({ retain }))).toBe(
      `test/Dumps props:\n  - retain: must be a whole number from 1 to 1000 (got ${retain})`,
    );
  });

  it.each([0, 1.5, 65536])("refuses PostgreSQL port %p, in one message", (port) => {
    expect(errorOf(() => synthDump({}, { port }))).toBe(
      `test/Dumps props:\n  - postgresql.port: must be a TCP port (1-65535) (got ${port})`,
    );
  });

  it("refuses the PostgreSQL release's own name, and a claim named like its data claims", () => {
    expect(errorOf(() => synthDump({ name: "postgresql" }))).toContain(
      "name: must differ from the PostgreSQL release's name: it is also the name of the dump's Helm release (got \"postgresql\")",
    );
    expect(
      errorOf(() => synthDump({ volume: { claimName: "data-postgresql-primary-0", storageClass: existingStorageClass("longhorn") } })),
    ).toContain(
      'volume.claimName: collides with the chart\'s data claims (data-postgresql-primary-0, data-postgresql-read-N) (got "data-postgresql-primary-0")',
    );
  });
});

describe("PostgresqlDumpCronJob and tokens", () => {
  it("accepts tokens for every prop it validates", () => {
    expect(
      unusedTokens((scope, t) => {
        new PostgresqlDumpCronJob(scope, "Dumps", {
          postgresql: postgresqlIn(scope, {
            namespaceName: t.string("namespace"),
            releaseName: t.string("release"),
            primaryHost: t.string("host"),
            port: t.number("port"),
            authSecretName: t.string("secret"),
            adminPasswordKey: t.string("key"),
            image: { registry: t.string("registry"), repository: t.string("repository"), tag: t.string("tag") },
          }),
          schedule: t.string("schedule"),
          timeZone: t.string("zone"),
          retain: t.number("retain"),
          username: t.string("user"),
          volume: { claimName: t.string("claim"), size: t.string("size"), storageClass: existingStorageClass(t.string("class")) },
        });
      }),
    ).toEqual([]);
  });

  it("names itself after a PostgreSQL release name that is a token", () => {
    let dump!: PostgresqlDumpCronJob;
    unusedTokens((scope, t) => {
      dump = new PostgresqlDumpCronJob(scope, "Dumps", {
        postgresql: postgresqlIn(scope, { releaseName: t.string("release") }),
        volume: { storageClass: existingStorageClass("longhorn") },
      });
    });
    expect(dump.name).toMatch(/^\$\{TfToken\[TOKEN\.\d+\]\}-dump$/);
  });
});
