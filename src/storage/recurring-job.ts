import * as semver from "semver";
import { z } from "zod";
import { cronExpression, dnsLabel } from "../validation";

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

/** Schema of one recurring job, shared by the configuration file and the construct props. */
export const recurringJobSchema = z.strictObject({
  name: dnsLabel(40).describe("Job name, also the RecurringJob object name (at most 40 characters)."),
  cron: cronExpression.describe("Standard 5-field cron schedule, in the Longhorn manager's time zone (UTC)."),
  task: z.enum(RECURRING_JOB_TASKS).default("backup").describe("What the job does."),
  retain: z.number().int().min(1).max(100).describe("How many snapshots or backups the job keeps."),
  concurrency: z.number().int().min(1).default(1).describe("How many volumes the job processes at once."),
  groups: z.array(dnsLabel()).default(["default"]).describe("Volume groups the job applies to; 'default' is every volume without a group."),
  labels: z.record(z.string(), z.string()).default({}).describe("Labels added to the snapshots or backups the job creates."),
  parameters: z.record(z.string(), z.string()).optional().describe("Task parameters (Longhorn >= 1.7), e.g. full-backup-interval."),
});

/** One Longhorn recurring job, as given in configuration or props. */
export type RecurringJobSpec = z.input<typeof recurringJobSchema>;

/** A recurring job with every default applied. */
export type ResolvedRecurringJob = z.output<typeof recurringJobSchema>;

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
 * @param longhornVersion a Longhorn version; without one, the latest schema
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
