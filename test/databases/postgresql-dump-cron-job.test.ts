import { parse } from "yaml";
import { DUMP_SCRIPT, PostgresqlDumpCronJob, PostgresqlDumpCronJobProps } from "../../src/databases/postgresql-dump-cron-job";
import { legacyImage } from "../../src/databases/bitnami-image";
import { errorOf, onlyResource, synthScope } from "../helpers";

const PROPS: PostgresqlDumpCronJobProps = {
  namespace: "postgres",
  host: "postgresql-primary.postgres.svc.cluster.local",
  passwordSecret: { name: "postgresql-auth", key: "postgres-password" },
  image: legacyImage("postgresql", "17.6.0-debian-12-r4"),
  volume: { storageClassName: "longhorn-fast" },
};

function synthDump(props: Partial<PostgresqlDumpCronJobProps> = {}) {
  let construct!: PostgresqlDumpCronJob;
  const { json, parsed } = synthScope((s) => {
    construct = new PostgresqlDumpCronJob(s, "Dumps", { ...PROPS, ...props });
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
    expect(resourcesOfType(parsed)).toEqual(["helm_release", "kubernetes_persistent_volume_claim_v1"]);
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
    ]);
  });
});

/** The resource types of a synthesized stack. */
function resourcesOfType(parsed: { resource?: Record<string, unknown> }): string[] {
  return Object.keys(parsed.resource ?? {}).sort();
}

describe("PostgresqlDumpCronJob options and validation", () => {
  it("takes schedule, time zone, retention, claim and connection from props", () => {
    const { cronJob, container, parsed } = synthDump({
      name: "nightly-dump",
      schedule: "@daily",
      timeZone: "Europe/Paris",
      retain: 7,
      port: 5433,
      username: "admin",
      volume: { claimName: "dumps", size: "20Gi", storageClassName: "longhorn", preventDestroy: false },
    });
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
      synthDump({
        namespace: "Postgres",
        name: "x".repeat(53),
        schedule: "every 8 hours",
        timeZone: "Paris time",
        retain: 0,
        host: "http://db",
        port: 70000,
        passwordSecret: { name: "Auth", key: "pass word" },
        volume: { claimName: "Dumps", size: "5 GB", storageClassName: "Fast SC" },
      }),
    );
    expect(msg).toContain("test/Dumps props:");
    expect(msg).toContain('namespace: must be a DNS-1123 label (got "Postgres")');
    expect(msg).toContain("name: must be a DNS-1123 label of at most 52 characters");
    expect(msg).toContain('schedule: must be a standard 5-field cron expression or @daily/@weekly/... (got "every 8 hours")');
    expect(msg).toContain(
      "timeZone: must be an IANA time zone spelt as in the tz database (case-sensitive), such as 'Europe/Paris' or 'UTC' (got \"Paris time\")",
    );
    expect(msg).toContain("retain: must be an integer from 1 to 1000 (got 0)");
    expect(msg).toContain('host: must be a host name (got "http://db")');
    expect(msg).toContain("port: must be a TCP port (1-65535) (got 70000)");
    expect(msg).toContain('passwordSecret.name: must be a Secret name (got "Auth")');
    expect(msg).toContain('passwordSecret.key: must be a Secret key (got "pass word")');
    expect(msg).toContain('volume.claimName: must be a DNS-1123 subdomain (got "Dumps")');
    expect(msg).toContain("volume.size: must be a positive Kubernetes quantity such as '10Gi' or '500Mi' (got \"5 GB\")");
    expect(msg).toContain('volume.storageClassName: must be a StorageClass name (got "Fast SC")');
  });
});
