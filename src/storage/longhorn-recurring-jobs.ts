import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import * as semver from "semver";
import { z } from "zod";
import { ValidationError, describeValue, duplicates, parseOrThrow } from "../validation";
import { ManifestRelease } from "../kubernetes/manifest-release";
import {
  GUIDE_BACKUP_JOBS,
  RECURRING_JOB_PARAMETERS_SINCE,
  SYSTEM_BACKUP_TASK_SINCE,
  RecurringJobSpec,
  ResolvedRecurringJob,
  recurringJobManifest,
  recurringJobObjectSchema,
  recurringJobSchema,
} from "./recurring-job";

/** Props of {@link LonghornRecurringJobs}. */
export interface LonghornRecurringJobsProps {
  /** Namespace Longhorn runs in. */
  readonly namespace: string;
  /**
   * The jobs.
   * @default - the guide's daily (keep 7), weekly (keep 4) and monthly (keep 3) backups
   */
  readonly jobs?: readonly RecurringJobSpec[];
  /**
   * Longhorn version the jobs run on; rejects fields that version lacks
   * (`parameters` before 1.7, `system-backup` before 1.9).
   * @default - no version check
   */
  readonly longhornVersion?: string;
  /**
   * Helm release name of the jobs.
   * @default "longhorn-recurring-jobs"
   */
  readonly releaseName?: string;
  /** Resources that must exist first: the Longhorn release, which brings the RecurringJob CRD. */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Longhorn RecurringJobs (`longhorn.io/v1beta2`), installed after Longhorn
 * through a {@link ManifestRelease} so that a fresh cluster plans in one pass.
 */
export class LonghornRecurringJobs extends Construct {
  /** The jobs, defaults applied. */
  public readonly jobs: readonly ResolvedRecurringJob[];
  /** The release carrying the RecurringJob objects. */
  public readonly manifests: ManifestRelease;

  constructor(scope: Construct, id: string, props: LonghornRecurringJobsProps) {
    super(scope, id);
    const where = `${this.node.path} props`;
    const jobs = parseOrThrow(z.array(recurringJobSchema).min(1), props.jobs ?? GUIDE_BACKUP_JOBS, where, ["jobs"]);

    const issues = duplicates(jobs.map((j) => j.name)).map(
      (n) => `jobs: job name ${describeValue(n)} is used more than once; names must be unique`,
    );
    if (props.longhornVersion) {
      const version = props.longhornVersion;
      jobs.forEach((job, i) => {
        if (job.parameters && semver.lt(version, RECURRING_JOB_PARAMETERS_SINCE)) {
          issues.push(
            `jobs[${i}].parameters: needs Longhorn >= ${RECURRING_JOB_PARAMETERS_SINCE} (got ${describeValue(job.parameters)} with Longhorn ${version})`,
          );
        }
        if (job.task === "system-backup" && semver.lt(version, SYSTEM_BACKUP_TASK_SINCE)) {
          issues.push(`jobs[${i}].task: 'system-backup' needs Longhorn >= ${SYSTEM_BACKUP_TASK_SINCE} (got Longhorn ${version})`);
        }
      });
    }
    if (issues.length > 0) throw new ValidationError(where, issues);

    this.jobs = jobs;
    // Every object is checked against the CRD's schema, as the typed models check the other custom resources.
    const objectSchema = recurringJobObjectSchema(props.longhornVersion);
    const manifests = jobs.map((job, i) => {
      const manifest = recurringJobManifest(job, props.namespace);
      parseOrThrow(objectSchema, manifest, `${this.node.path}: generated RecurringJob does not match its CRD schema`, ["jobs", i]);
      return manifest;
    });
    this.manifests = new ManifestRelease(this, "Manifests", {
      releaseName: props.releaseName ?? "longhorn-recurring-jobs",
      namespace: props.namespace,
      manifests: manifests as never,
      dependsOn: props.dependsOn,
    });
  }
}
