import { PersistentVolumeClaimV1 } from "@cdktf/provider-kubernetes/lib/persistent-volume-claim-v1";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { z } from "zod";
import { KubernetesObject, ManifestRelease } from "../kubernetes/manifest-release";
import { cronJobModel, validatedObject } from "../kubernetes/models";
import { IStorageClass } from "../storage/storage-class";
import { PropIssues, TIME_ZONE_RULE, cronExpression, dnsLabel, dnsSubdomain, isTimeZone } from "../validation";
import { imageReference, imageRegistry, imageRepository, imageTag } from "./bitnami-image";
import { IPostgresql } from "./postgresql";
import { GUIDE_DUMP_SCHEDULE, pgRole } from "./postgresql-values";
import { volumeSize } from "./volume-size";

/**
 * A key of an existing Secret.
 * @deprecated {@link PostgresqlDumpCronJobProps} no longer takes one (`passwordSecret`): the dump reads the
 * superuser's password from its `postgresql` (`authSecretName`, `adminPasswordKey`).
 */
export interface SecretKeyReference {
  /** Secret name, in the CronJob's namespace. */
  readonly name: string;
  /** Key holding the value. */
  readonly key: string;
}

/** Defaults of {@link PostgresqlDumpCronJobProps}; the platform config applies them too. */
export const POSTGRESQL_DUMP_CRON_JOB_DEFAULTS = {
  schedule: GUIDE_DUMP_SCHEDULE,
  retain: 3,
  username: "postgres",
  volume: { claimName: "postgresql-dumps", size: "5Gi", preventDestroy: true },
} as const;

/** How many dumps may be kept: a whole number from 1 to 1000. */
export const dumpRetain = z
  .number()
  .int({ message: "must be a whole number from 1 to 1000" })
  .min(1, { message: "must be a whole number from 1 to 1000" })
  .max(1000, { message: "must be a whole number from 1 to 1000" });

/** An IANA time zone of a CronJob's schedule (`spec.timeZone`). */
export const cronTimeZone = z.string().refine(isTimeZone, { message: TIME_ZONE_RULE });

/** A CronJob name: the controller appends an 11-character suffix to its Jobs' names, which are labels of 63. */
export const cronJobName = dnsLabel(52, "the CronJob controller appends an 11-character suffix to the names of its Jobs");

/** A TCP port. */
const tcpPort = z
  .number()
  .int({ message: "must be a TCP port (1-65535)" })
  .min(1, { message: "must be a TCP port (1-65535)" })
  .max(65535, { message: "must be a TCP port (1-65535)" });

/** A key of a Secret's data. */
const secretKey = z.string().regex(/^[-._a-zA-Z0-9]+$/, { message: "must be a Secret key: letters, digits, '-', '_' or '.'" });

/** A container image reference's parts, each checked. */
const image = z.object({ registry: imageRegistry, repository: imageRepository, tag: imageTag });

/**
 * Why the dump claim `claimName` collides with the data claims of the PostgreSQL release `releaseName`
 * (`data-<release>-primary-0`, `data-<release>-read-N`), or undefined. A token never starts with the
 * prefix, so a token claim name passes; a release name token only collides with a claim name made from it.
 */
export function dumpClaimNameProblem(claimName: string, releaseName: string): string | undefined {
  if (!claimName.startsWith(`data-${releaseName}-`)) return undefined;
  return `collides with the chart's data claims (data-${releaseName}-primary-0, data-${releaseName}-read-N)`;
}

/** Props of {@link PostgresqlDumpCronJob}. */
export interface PostgresqlDumpCronJobProps {
  /**
   * The PostgreSQL to dump, e.g. a {@link Postgresql}: the CronJob and its volume go to its namespace,
   * connect to its primary with the superuser's password from its auth Secret, run its server image
   * (so that client and server versions match), and wait for its release.
   */
  readonly postgresql: IPostgresql;
  /**
   * CronJob name, also the name of the Helm release that installs it (at most 52 characters).
   * @default - `<postgresql.releaseName>-dump` (never the PostgreSQL release's own name)
   */
  readonly name?: string;
  /**
   * Standard 5-field cron schedule, in the controller's time zone unless `timeZone` is set.
   * @default "0 *\/8 * * *" (the guide's: three dumps a day)
   */
  readonly schedule?: string;
  /**
   * IANA time zone of the schedule, e.g. `Europe/Paris`.
   * @default - the kube-controller-manager's (UTC on k3s)
   */
  readonly timeZone?: string;
  /**
   * How many dumps are kept (1 to 1000); older ones are deleted after each successful dump.
   * @default 3 (the guide's three rolling dumps)
   */
  readonly retain?: number;
  /**
   * Role the dump connects as; `pg_dumpall` reads every database and the roles, so the superuser,
   * whose password `postgresql.adminPasswordKey` holds.
   * @default "postgres"
   */
  readonly username?: string;
  /** The volume the dumps are written to: a claim created here. */
  readonly volume: {
    /**
     * Claim name; not one of the PostgreSQL release's data claims (`data-<releaseName>-...`; unchecked
     * when either is a token).
     * @default "postgresql-dumps"
     */
    readonly claimName?: string;
    /**
     * Claim size, a Kubernetes quantity.
     * @default "5Gi"
     */
    readonly size?: string;
    /**
     * StorageClass of the claim, e.g. a {@link LonghornStorageClass} or `Longhorn.chartStorageClass`;
     * the claim waits for its `storageClassCreator`.
     */
    readonly storageClass: IStorageClass;
    /**
     * Terraform's `prevent_destroy` on the claim: a plan that would delete it (a destroy, or a change
     * that replaces it, such as another StorageClass) fails instead of deleting the dumps. Turn it
     * off, and deploy, only to delete the dumps on purpose.
     * @default true
     */
    readonly preventDestroy?: boolean;
  };
  /**
   * Resources that must exist first besides the PostgreSQL release and the StorageClass, which the
   * claim and the CronJob wait for already.
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/** Where the dump volume is mounted in the pod. */
export const DUMP_MOUNT_PATH = "/dumps";

/** UID/GID of Bitnami images; the dump volume is made writable for it through `fsGroup`. */
const BITNAMI_UID = 1001;

/**
 * The shell script of the dump pod. The connection comes from the PG* variables
 * (the password from the Secret, as PGPASSWORD); the file is written under a
 * temporary name and renamed when complete, so a failed run never replaces a
 * good dump; then only the newest `RETAIN` dumps are kept.
 */
export const DUMP_SCRIPT = [
  "set -euo pipefail",
  'cd "$DUMP_DIR"',
  "rm -f -- *.partial",
  'file="dump_$(date -u +%Y%m%d-%H%M%S).sql.gz"',
  'pg_dumpall --clean --if-exists | gzip > "$file.partial"',
  'mv -- "$file.partial" "$file"',
  'ls -1 dump_*.sql.gz | sort -r | tail -n +"$((RETAIN + 1))" | xargs -r rm -f --',
  'echo "wrote $file; kept:"; ls -l dump_*.sql.gz',
].join("\n");

/**
 * The guide's host crontab (`kubectl exec` into the primary running
 * `pg_dumpall -c | gzip` every 8 hours into the primary's data volume) as a
 * Kubernetes CronJob.
 *
 * Target: a dedicated ReadWriteOnce claim, not the primary's volume. A Longhorn
 * RWO volume is attached to one node at a time, so a job pod cannot mount the
 * primary's volume unless it lands on the same node, and dumps there would eat
 * the database's own space and be lost with it. The dump claim is an ordinary
 * Longhorn volume: the Longhorn recurring backup jobs (group `default`) copy it
 * to S3 with the other volumes. The pod connects to the primary's service over
 * the network, so it may run on any node.
 *
 * The CronJob is a `batch/v1` object checked against the Kubernetes API schema
 * (the kubernetes-models typed model) and installed by a {@link ManifestRelease};
 * the claim is a `kubernetes_persistent_volume_claim_v1`, so removing the
 * release never deletes the dumps.
 */
export class PostgresqlDumpCronJob extends Construct {
  /** The dump volume claim. */
  public readonly claim: PersistentVolumeClaimV1;
  /** The CronJob object, validated against the Kubernetes API schema. */
  public readonly cronJob: KubernetesObject;
  /** The release that installs the CronJob. */
  public readonly manifests: ManifestRelease;
  /** The claim name. */
  public readonly claimName: string;
  /** The schedule. */
  public readonly schedule: string;
  /** Number of dumps kept. */
  public readonly retain: number;
  /** The CronJob name, also its release's. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: PostgresqlDumpCronJobProps) {
    super(scope, id);
    const pg = props.postgresql;
    const D = POSTGRESQL_DUMP_CRON_JOB_DEFAULTS;
    // Also the dump's Helm release name: never the PostgreSQL release's own.
    const defaultName = `${pg.releaseName}-dump`;
    this.name = props.name ?? defaultName;
    this.schedule = props.schedule ?? D.schedule;
    this.retain = props.retain ?? D.retain;
    this.claimName = props.volume.claimName ?? D.volume.claimName;
    const size = props.volume.size ?? D.volume.size;
    const username = props.username ?? D.username;
    this.validate(props, size, username);
    const name = this.name;
    // The PostgreSQL release also brings the namespace.
    const after: ITerraformDependable[] = [pg.release];
    if (props.volume.storageClass.storageClassCreator) after.push(props.volume.storageClass.storageClassCreator);
    if (props.dependsOn) after.push(...props.dependsOn);

    this.claim = new PersistentVolumeClaimV1(this, "Claim", {
      metadata: { name: this.claimName, namespace: pg.namespaceName, labels: { "app.kubernetes.io/name": name } },
      spec: {
        accessModes: ["ReadWriteOnce"],
        storageClassName: props.volume.storageClass.storageClassName,
        resources: { requests: { storage: size } },
      },
      // With a WaitForFirstConsumer class the claim binds at the first run, not at apply.
      waitUntilBound: false,
      dependsOn: after,
      lifecycle: { preventDestroy: props.volume.preventDestroy ?? D.volume.preventDestroy },
    });

    const labels = { "app.kubernetes.io/name": name, "app.kubernetes.io/component": "dump" };
    const CronJob = cronJobModel();
    this.cronJob = validatedObject(
      new CronJob({
        metadata: { name, namespace: pg.namespaceName, labels },
        spec: {
          schedule: this.schedule,
          timeZone: props.timeZone,
          concurrencyPolicy: "Forbid",
          startingDeadlineSeconds: 600,
          successfulJobsHistoryLimit: 3,
          failedJobsHistoryLimit: 3,
          jobTemplate: {
            metadata: { labels },
            spec: {
              backoffLimit: 2,
              template: {
                metadata: { labels },
                spec: {
                  restartPolicy: "Never",
                  automountServiceAccountToken: false,
                  securityContext: { runAsUser: BITNAMI_UID, runAsGroup: BITNAMI_UID, fsGroup: BITNAMI_UID, runAsNonRoot: true },
                  containers: [
                    {
                      name: "pg-dumpall",
                      image: imageReference(pg.image),
                      imagePullPolicy: "IfNotPresent",
                      command: ["/bin/bash", "-c", DUMP_SCRIPT],
                      env: [
                        { name: "PGHOST", value: pg.primaryHost },
                        { name: "PGPORT", value: String(pg.port) },
                        { name: "PGUSER", value: username },
                        {
                          name: "PGPASSWORD",
                          valueFrom: { secretKeyRef: { name: pg.authSecretName, key: pg.adminPasswordKey } },
                        },
                        { name: "DUMP_DIR", value: DUMP_MOUNT_PATH },
                        { name: "RETAIN", value: String(this.retain) },
                      ],
                      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
                      volumeMounts: [{ name: "dumps", mountPath: DUMP_MOUNT_PATH }],
                    },
                  ],
                  volumes: [{ name: "dumps", persistentVolumeClaim: { claimName: this.claimName } }],
                },
              },
            },
          },
        },
      }),
      this.node.path,
    );
    this.manifests = new ManifestRelease(this, "Manifests", {
      releaseName: name,
      namespace: pg.namespaceName,
      manifests: [this.cronJob],
      dependsOn: [this.claim, ...after],
    });
  }

  private validate(props: PostgresqlDumpCronJobProps, size: string, username: string): void {
    const issues = new PropIssues();
    const pg = props.postgresql;
    issues.check("name", this.name, cronJobName);
    // bad() skips a token: the same token twice may well be one name, but it is not known here.
    if (this.name === pg.releaseName) {
      issues.bad("name", this.name, "must differ from the PostgreSQL release's name: it is also the name of the dump's Helm release");
    }
    issues.check("schedule", this.schedule, cronExpression);
    issues.check("timeZone", props.timeZone, cronTimeZone);
    issues.check("retain", this.retain, dumpRetain);
    issues.check("username", username, pgRole);
    issues.check("postgresql.namespaceName", pg.namespaceName, dnsLabel());
    issues.check("postgresql.primaryHost", pg.primaryHost, dnsSubdomain);
    issues.check("postgresql.port", pg.port, tcpPort);
    issues.check("postgresql.authSecretName", pg.authSecretName, dnsSubdomain);
    issues.check("postgresql.adminPasswordKey", pg.adminPasswordKey, secretKey);
    issues.check("postgresql.image", pg.image, image);
    issues.check("volume.claimName", this.claimName, dnsSubdomain);
    const collision = dumpClaimNameProblem(this.claimName, pg.releaseName);
    if (collision) issues.bad("volume.claimName", this.claimName, collision);
    issues.check("volume.size", size, volumeSize);
    issues.check("volume.storageClass.storageClassName", props.volume.storageClass.storageClassName, dnsSubdomain);
    issues.throwIfAny(`${this.node.path} props`);
  }
}
