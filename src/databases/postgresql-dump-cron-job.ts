import { PersistentVolumeClaimV1 } from "@cdktf/provider-kubernetes/lib/persistent-volume-claim-v1";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { PropIssues, dnsLabel, dnsSubdomain, isValidCron } from "../validation";
import { KubernetesObject, ManifestRelease } from "../kubernetes/manifest-release";
import { cronJobModel, validatedObject } from "../kubernetes/models";
import { BitnamiImage, imageReference } from "./bitnami-image";
import { GUIDE_DUMP_SCHEDULE } from "./postgresql-values";
import { TIME_ZONE_RULE, isTimeZone } from "../validation";
import { VOLUME_SIZE_RULE, isVolumeSize } from "./volume-size";

/** A key of an existing Secret. */
export interface SecretKeyReference {
  /** Secret name, in the CronJob's namespace. */
  readonly name: string;
  /** Key holding the value. */
  readonly key: string;
}

/** Props of {@link PostgresqlDumpCronJob}. */
export interface PostgresqlDumpCronJobProps {
  /** Namespace of the CronJob and its volume (the PostgreSQL namespace, where the auth Secret lives). */
  readonly namespace: string;
  /**
   * CronJob name, also the name of the Helm release that installs it.
   * @default "postgresql-dump"
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
   * How many dumps are kept; older ones are deleted after each successful dump.
   * @default 3 (the guide's three rolling dumps)
   */
  readonly retain?: number;
  /** Host of the PostgreSQL primary, e.g. `Postgresql.primaryHost`. */
  readonly host: string;
  /**
   * Port of the primary.
   * @default 5432
   */
  readonly port?: number;
  /**
   * Role the dump connects as; `pg_dumpall` reads every database and the roles, so a superuser.
   * @default "postgres"
   */
  readonly username?: string;
  /** Secret key holding that role's password; it reaches the pod as an env var from the Secret, never as a literal. */
  readonly passwordSecret: SecretKeyReference;
  /** Image with `pg_dumpall` and `gzip`; use the server's own image so client and server versions match. */
  readonly image: BitnamiImage;
  /** The volume the dumps are written to: a claim created here. */
  readonly volume: {
    /**
     * Claim name.
     * @default "postgresql-dumps"
     */
    readonly claimName?: string;
    /**
     * Claim size, a Kubernetes quantity.
     * @default "5Gi"
     */
    readonly size?: string;
    /** StorageClass of the claim, e.g. `longhorn-fast`. */
    readonly storageClassName: string;
    /**
     * Terraform's `prevent_destroy` on the claim: a plan that would delete it (a destroy, or a change
     * that replaces it, such as another StorageClass) fails instead of deleting the dumps. Turn it
     * off, and deploy, only to delete the dumps on purpose.
     * @default true
     */
    readonly preventDestroy?: boolean;
  };
  /**
   * Resources that must exist first, e.g. the PostgreSQL release.
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

  constructor(scope: Construct, id: string, props: PostgresqlDumpCronJobProps) {
    super(scope, id);
    const name = props.name ?? "postgresql-dump";
    this.schedule = props.schedule ?? GUIDE_DUMP_SCHEDULE;
    this.retain = props.retain ?? 3;
    this.claimName = props.volume.claimName ?? "postgresql-dumps";
    const size = props.volume.size ?? "5Gi";
    const port = props.port ?? 5432;
    this.validate(props, name, size, port);

    this.claim = new PersistentVolumeClaimV1(this, "Claim", {
      metadata: { name: this.claimName, namespace: props.namespace, labels: { "app.kubernetes.io/name": name } },
      spec: {
        accessModes: ["ReadWriteOnce"],
        storageClassName: props.volume.storageClassName,
        resources: { requests: { storage: size } },
      },
      // With a WaitForFirstConsumer class the claim binds at the first run, not at apply.
      waitUntilBound: false,
      dependsOn: props.dependsOn,
      lifecycle: { preventDestroy: props.volume.preventDestroy ?? true },
    });

    const labels = { "app.kubernetes.io/name": name, "app.kubernetes.io/component": "dump" };
    const CronJob = cronJobModel();
    this.cronJob = validatedObject(
      new CronJob({
        metadata: { name, namespace: props.namespace, labels },
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
                      image: imageReference(props.image),
                      imagePullPolicy: "IfNotPresent",
                      command: ["/bin/bash", "-c", DUMP_SCRIPT],
                      env: [
                        { name: "PGHOST", value: props.host },
                        { name: "PGPORT", value: String(port) },
                        { name: "PGUSER", value: props.username ?? "postgres" },
                        {
                          name: "PGPASSWORD",
                          valueFrom: { secretKeyRef: { name: props.passwordSecret.name, key: props.passwordSecret.key } },
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
      namespace: props.namespace,
      manifests: [this.cronJob],
      dependsOn: [this.claim, ...(props.dependsOn ?? [])],
    });
  }

  private validate(props: PostgresqlDumpCronJobProps, name: string, size: string, port: number): void {
    const issues = new PropIssues();
    const bad = issues.bad;
    if (!dnsLabel().safeParse(props.namespace).success) bad("namespace", props.namespace, "must be a DNS-1123 label");
    // A CronJob name is at most 52 characters: the controller appends an 11-character suffix to its Jobs.
    if (!dnsLabel(52).safeParse(name).success) bad("name", name, "must be a DNS-1123 label of at most 52 characters");
    if (!isValidCron(this.schedule)) bad("schedule", this.schedule, "must be a standard 5-field cron expression or @daily/@weekly/...");
    if (props.timeZone !== undefined && !isTimeZone(props.timeZone)) bad("timeZone", props.timeZone, TIME_ZONE_RULE);
    if (!Number.isInteger(this.retain) || this.retain < 1 || this.retain > 1000)
      bad("retain", this.retain, "must be an integer from 1 to 1000");
    if (!dnsSubdomain.safeParse(props.host).success) bad("host", props.host, "must be a host name");
    if (!Number.isInteger(port) || port < 1 || port > 65535) bad("port", port, "must be a TCP port (1-65535)");
    if (!dnsSubdomain.safeParse(props.passwordSecret.name).success)
      bad("passwordSecret.name", props.passwordSecret.name, "must be a Secret name");
    if (!/^[-._a-zA-Z0-9]+$/.test(props.passwordSecret.key)) bad("passwordSecret.key", props.passwordSecret.key, "must be a Secret key");
    if (!dnsSubdomain.safeParse(this.claimName).success) bad("volume.claimName", this.claimName, "must be a DNS-1123 subdomain");
    if (!isVolumeSize(size)) bad("volume.size", size, VOLUME_SIZE_RULE);
    if (!dnsSubdomain.safeParse(props.volume.storageClassName).success)
      bad("volume.storageClassName", props.volume.storageClassName, "must be a StorageClass name");
    issues.throwIfAny(`${this.node.path} props`);
  }
}
