import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import * as semver from "semver";
import { InternalError, PropIssues, describeValue, isUnresolved } from "../validation";
import { ManifestRelease } from "../kubernetes/manifest-release";
import type { ILonghorn } from "./longhorn";
import {
  GUIDE_BACKUP_JOBS,
  RECURRING_JOB_PARAMETERS_SINCE,
  SYSTEM_BACKUP_TASK_SINCE,
  RecurringJobSpec,
  ResolvedRecurringJob,
  recurringJobManifest,
  recurringJobObjectSchema,
  recurringJobsIssues,
  resolveRecurringJob,
} from "./recurring-job";

/** Props of {@link LonghornRecurringJobs}. */
export interface LonghornRecurringJobsProps {
  /**
   * The Longhorn the jobs run on ({@link Longhorn}, or any {@link ILonghorn}): the jobs go into its
   * namespace, after its release (which brings the RecurringJob CRD), and fields its version lacks are
   * refused (`parameters` before 1.7, `system-backup` before 1.9; not checked when the version is a token).
   */
  readonly longhorn: ILonghorn;
  /**
   * The jobs. Any string or number field of a job may be a token.
   * @default - the guide's daily (keep 7), weekly (keep 4) and monthly (keep 3) backups
   */
  readonly jobs?: readonly RecurringJobSpec[];
  /**
   * Helm release name of the jobs.
   * @default "longhorn-recurring-jobs"
   */
  readonly releaseName?: string;
  /**
   * Resources that must exist first, besides the Longhorn release.
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/** Defaults of {@link LonghornRecurringJobsProps}. */
export const LONGHORN_RECURRING_JOBS_DEFAULTS = {
  jobs: GUIDE_BACKUP_JOBS,
  releaseName: "longhorn-recurring-jobs",
} as const satisfies Partial<LonghornRecurringJobsProps>;

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
    const specs = props.jobs ?? LONGHORN_RECURRING_JOBS_DEFAULTS.jobs;
    const version = props.longhorn.chartVersion;
    const issues = new PropIssues();
    recurringJobsIssues(issues, "jobs", specs);
    const checkVersion = !isUnresolved(version);
    if (checkVersion && semver.valid(version) === null) {
      issues.bad("longhorn.chartVersion", version, "must be a Longhorn version such as '1.12.1'");
    } else if (checkVersion) {
      specs.forEach((job, i) => {
        if (job.parameters && semver.lt(version, RECURRING_JOB_PARAMETERS_SINCE)) {
          issues.add(
            `jobs[${i}].parameters: needs Longhorn >= ${RECURRING_JOB_PARAMETERS_SINCE} (got ${describeValue(job.parameters)} with Longhorn ${version})`,
          );
        }
        if (job.task === "system-backup" && semver.lt(version, SYSTEM_BACKUP_TASK_SINCE)) {
          issues.add(`jobs[${i}].task: 'system-backup' needs Longhorn >= ${SYSTEM_BACKUP_TASK_SINCE} (got Longhorn ${version})`);
        }
      });
    }
    issues.throwIfAny(`${this.node.path} props`);

    const jobs = specs.map(resolveRecurringJob);
    this.jobs = jobs;
    // Every object is checked against the CRD's schema, as the typed models check the other custom resources.
    const objectSchema = recurringJobObjectSchema(checkVersion ? version : undefined);
    const manifests = jobs.map((job, i) => {
      const manifest = recurringJobManifest(job, props.longhorn.namespaceName);
      const result = objectSchema.safeParse(manifest, { reportInput: true });
      const problems = result.success ? [] : result.error.issues.filter((issue) => !("input" in issue && isUnresolved(issue.input)));
      if (problems.length > 0) {
        throw new InternalError(
          `${this.node.path}: generated RecurringJob jobs[${i}] does not match its CRD schema: ${problems.map((p) => `${p.path.join(".")}: ${p.message}`).join("; ")}`,
        );
      }
      return manifest;
    });
    const dependsOn: ITerraformDependable[] = [props.longhorn.release];
    if (props.dependsOn) dependsOn.push(...props.dependsOn);
    this.manifests = new ManifestRelease(this, "Manifests", {
      releaseName: props.releaseName ?? LONGHORN_RECURRING_JOBS_DEFAULTS.releaseName,
      namespace: props.longhorn.namespaceName,
      manifests: manifests as never,
      dependsOn,
    });
  }
}
