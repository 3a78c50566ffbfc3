import * as semver from "semver";
import { z } from "zod";
import { PropIssues, cronExpression, describeValue, dnsLabel, duplicates } from "../validation";

/**
 * Tasks a Longhorn RecurringJob can run (CRD `recurringjobs.longhorn.io`, v1beta2).
 * `system-backup` exists from Longhorn 1.9.
 */
export const RECURRING_JOB_TASKS = [
  "snapshot",
  "snapshot-force-create",
  "snapshot-cleanup",
  "snapshot-delete",
  "backup",
  "backup-force-create",
  "filesystem-trim",
  "system-backup",
] as const;

/** First Longhorn version whose RecurringJob has `parameters`. */
export const RECURRING_JOB_PARAMETERS_SINCE = "1.7.0";
/** First Longhorn version with the `system-backup` task. */
export const SYSTEM_BACKUP_TASK_SINCE = "1.9.0";

/** A task a Longhorn RecurringJob runs. */
export type RecurringJobTask = (typeof RECURRING_JOB_TASKS)[number];

/** One Longhorn recurring job, as given in configuration or props. */
export interface RecurringJobSpec {
  /** Job name, also the RecurringJob object name: a DNS-1123 label of at most 40 characters. */
  readonly name: string;
  /** Standard 5-field cron schedule (or `@daily`...), in the Longhorn manager's time zone (UTC). */
  readonly cron: string;
  /**
   * What the job does.
   * @default "backup"
   */
  readonly task?: RecurringJobTask;
  /** How many snapshots or backups the job keeps, 1 to 100. */
  readonly retain: number;
  /**
   * How many volumes the job processes at once, at least 1.
   * @default 1
   */
  readonly concurrency?: number;
  /**
   * Volume groups the job applies to; `default` is every volume without a group.
   * @default ["default"]
   */
  readonly groups?: readonly string[];
  /**
   * Labels added to the snapshots or backups the job creates.
   * @default {}
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Task parameters (Longhorn >= 1.7), e.g. `full-backup-interval`.
   * @default - none
   */
  readonly parameters?: Readonly<Record<string, string>>;
}

/** Defaults of {@link RecurringJobSpec}, which the platform config applies too. */
export const RECURRING_JOB_SPEC_DEFAULTS: {
  readonly task: RecurringJobTask;
  readonly concurrency: number;
  readonly groups: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
} = { task: "backup", concurrency: 1, groups: ["default"], labels: {} };

/** A recurring job with every default applied. */
export type ResolvedRecurringJob = Required<Omit<RecurringJobSpec, "parameters">> & Pick<RecurringJobSpec, "parameters">;

/** The rule of each field of a {@link RecurringJobSpec}. */
export const RECURRING_JOB_RULES = {
  name: dnsLabel(40, "Longhorn's limit for a recurring job name"),
  cron: cronExpression,
  task: z.enum(RECURRING_JOB_TASKS),
  retain: z.number().int().min(1).max(100),
  concurrency: z.number().int().min(1),
  groups: z.array(dnsLabel()),
  labels: z.record(z.string(), z.string()),
  parameters: z.record(z.string(), z.string()),
} as const;

/** Schema of one recurring job in the configuration file: the rules and defaults of {@link RecurringJobSpec}. */
export const recurringJobSchema = z.strictObject({
  name: RECURRING_JOB_RULES.name.describe("Job name, also the RecurringJob object name (at most 40 characters)."),
  cron: RECURRING_JOB_RULES.cron.describe("Standard 5-field cron schedule, in the Longhorn manager's time zone (UTC)."),
  task: RECURRING_JOB_RULES.task.default(RECURRING_JOB_SPEC_DEFAULTS.task).describe("What the job does."),
  retain: RECURRING_JOB_RULES.retain.describe("How many snapshots or backups the job keeps."),
  concurrency: RECURRING_JOB_RULES.concurrency
    .default(RECURRING_JOB_SPEC_DEFAULTS.concurrency)
    .describe("How many volumes the job processes at once."),
  groups: RECURRING_JOB_RULES.groups
    .default(() => [...RECURRING_JOB_SPEC_DEFAULTS.groups])
    .describe("Volume groups the job applies to; 'default' is every volume without a group."),
  labels: RECURRING_JOB_RULES.labels
    .default(() => ({ ...RECURRING_JOB_SPEC_DEFAULTS.labels }))
    .describe("Labels added to the snapshots or backups the job creates."),
  parameters: RECURRING_JOB_RULES.parameters.optional().describe("Task parameters (Longhorn >= 1.7), e.g. full-backup-interval."),
});

/** The fields a {@link RecurringJobSpec} must have. */
const REQUIRED_JOB_FIELDS = { name: "string", cron: "string", retain: "number" } as const;

/** What a list of jobs needs: at least one. */
export const NO_RECURRING_JOB = "must list at least one job";

/** Why a job name is refused in a list of jobs: another job has it (each is a RecurringJob object's name). */
export function duplicateJobName(name: string): string {
  return `job name '${name}' is used more than once; job names must be unique`;
}

/**
 * The rule of a list of jobs in the configuration (`longhorn.recurringJobs`): at least one, each a
 * {@link recurringJobSchema}, names unique. `recurringJobsIssues` checks a construct's `jobs` alike.
 */
export const recurringJobsSchema = z
  .array(recurringJobSchema)
  .min(1, { message: NO_RECURRING_JOB })
  .superRefine((jobs, ctx) => {
    for (const name of duplicates(jobs.map((j) => j.name))) ctx.addIssue({ code: "custom", input: name, message: duplicateJobName(name) });
  });

/**
 * Records in `issues` what is wrong with `jobs` (under the prop `prop`), by the rules of
 * {@link recurringJobsSchema}, field by field: a token (a whole list too) is skipped alone.
 */
export function recurringJobsIssues(issues: PropIssues, prop: string, jobs: readonly RecurringJobSpec[]): void {
  if (jobs.length === 0) issues.bad(prop, jobs, NO_RECURRING_JOB);
  jobs.forEach((job, i) => {
    for (const key of Object.keys(job)) {
      if (!Object.hasOwn(RECURRING_JOB_RULES, key)) issues.add(`${prop}[${i}]: unknown key ${describeValue(key)}`);
    }
    for (const [key, type] of Object.entries(REQUIRED_JOB_FIELDS)) {
      if (job[key as keyof RecurringJobSpec] === undefined) issues.add(`${prop}[${i}].${key}: is required (${type})`);
    }
    for (const [key, rule] of Object.entries(RECURRING_JOB_RULES)) {
      issues.check(`${prop}[${i}].${key}`, job[key as keyof RecurringJobSpec], rule);
    }
  });
  // A missing name is reported above, and bad() skips a token (two tokens may or may not be the same name).
  for (const name of duplicates(jobs.map((j) => j.name).filter((n) => typeof n === "string"))) {
    issues.bad(prop, name, duplicateJobName(name));
  }
}

/** A job with every default of {@link RECURRING_JOB_SPEC_DEFAULTS} applied (its fields may be tokens); lists and maps are copies. */
export function resolveRecurringJob(job: RecurringJobSpec): ResolvedRecurringJob {
  return {
    name: job.name,
    cron: job.cron,
    task: job.task ?? RECURRING_JOB_SPEC_DEFAULTS.task,
    retain: job.retain,
    concurrency: job.concurrency ?? RECURRING_JOB_SPEC_DEFAULTS.concurrency,
    groups: [...(job.groups ?? RECURRING_JOB_SPEC_DEFAULTS.groups)],
    labels: { ...(job.labels ?? RECURRING_JOB_SPEC_DEFAULTS.labels) },
    ...(job.parameters === undefined ? {} : { parameters: { ...job.parameters } }),
  };
}

/** The guide's backup strategy: daily for a week, weekly for a month, monthly for a quarter. */
export const GUIDE_BACKUP_JOBS: readonly RecurringJobSpec[] = [
  { name: "daily", cron: "15 0 * * *", task: "backup", retain: 7 },
  { name: "weekly", cron: "30 0 * * 1", task: "backup", retain: 4 },
  { name: "monthly", cron: "45 0 1 * *", task: "backup", retain: 3 },
];

/**
 * The `longhorn.io/v1beta2` RecurringJob object for a job. Its shape follows the
 * CRD schema of Longhorn 1.5 to 1.12; the fields that only exist in later
 * versions are left out when unset.
 */
export function recurringJobManifest(job: ResolvedRecurringJob, namespace: string): Record<string, unknown> {
  return {
    apiVersion: "longhorn.io/v1beta2",
    kind: "RecurringJob",
    metadata: { name: job.name, namespace },
    spec: {
      name: job.name,
      cron: job.cron,
      task: job.task,
      groups: job.groups,
      retain: job.retain,
      concurrency: job.concurrency,
      labels: job.labels,
      ...(job.parameters ? { parameters: job.parameters } : {}),
    },
  };
}

/**
 * The `longhorn.io/v1beta2` RecurringJob object as its CRD declares it, for
 * the given Longhorn version: `parameters` from 1.7, the `system-backup` task
 * from 1.9. Strict where the CRD is not: the API server would silently prune a
 * field the CRD does not declare, so an object that has one is refused here.
 *
 * @param longhornVersion a Longhorn version (semver); without one, the latest schema
 */
export function recurringJobObjectSchema(longhornVersion?: string) {
  const atLeast = (version: string) => longhornVersion === undefined || semver.gte(longhornVersion, version);
  const tasks = RECURRING_JOB_TASKS.filter((t) => t !== "system-backup" || atLeast(SYSTEM_BACKUP_TASK_SINCE));
  const stringMap = z.record(z.string(), z.string());
  return z.strictObject({
    apiVersion: z.literal("longhorn.io/v1beta2"),
    kind: z.literal("RecurringJob"),
    metadata: z.strictObject({ name: z.string().min(1), namespace: z.string().min(1) }),
    spec: z.strictObject({
      name: z.string(),
      cron: z.string(),
      task: z.enum(tasks),
      groups: z.array(z.string()),
      retain: z.number().int(),
      concurrency: z.number().int(),
      labels: stringMap,
      ...(atLeast(RECURRING_JOB_PARAMETERS_SINCE) ? { parameters: stringMap.optional() } : {}),
    }),
  });
}
