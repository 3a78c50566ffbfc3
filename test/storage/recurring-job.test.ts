import {
  RECURRING_JOB_SPEC_DEFAULTS,
  RECURRING_JOB_TASKS,
  recurringJobManifest,
  recurringJobObjectSchema,
  recurringJobSchema,
  recurringJobsIssues,
  recurringJobsSchema,
  resolveRecurringJob,
} from "../../src/storage/recurring-job";
import { PropIssues, formatIssues } from "../../src/validation";
import { errorOf } from "../helpers";

const job = (spec: Record<string, unknown>) =>
  recurringJobManifest(recurringJobSchema.parse({ name: "daily", cron: "15 0 * * *", retain: 7, ...spec }), "longhorn-system");

/** The messages of the issues the schema finds, path first. */
function problems(object: unknown, longhornVersion?: string): string[] {
  const result = recurringJobObjectSchema(longhornVersion).safeParse(object);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.code}`);
}

describe("recurringJobObjectSchema (the RecurringJob CRD, longhorn.io/v1beta2)", () => {
  it.each(RECURRING_JOB_TASKS)("accepts the object made for a %s job on the latest Longhorn", (task) => {
    expect(problems(job({ task, labels: { tier: "db" } }))).toEqual([]);
  });

  it("accepts parameters from Longhorn 1.7 and system-backup from 1.9", () => {
    expect(problems(job({ parameters: { "full-backup-interval": "4" } }), "1.7.0")).toEqual([]);
    expect(problems(job({ task: "system-backup" }), "1.9.0")).toEqual([]);
  });

  it("refuses what Longhorn 1.5 and 1.8 do not declare", () => {
    expect(problems(job({ parameters: { "full-backup-interval": "4" } }), "1.6.4")).toEqual(["spec: unrecognized_keys"]);
    expect(problems(job({ task: "system-backup" }), "1.8.0")).toEqual(["spec.task: invalid_value"]);
  });

  it("refuses a field the CRD does not declare, which the API server would prune silently", () => {
    const typo = job({});
    (typo.spec as Record<string, unknown>).retention = 7;
    expect(problems(typo)).toEqual(["spec: unrecognized_keys"]);
    expect(problems({ ...job({}), status: {} })).toEqual([": unrecognized_keys"]);
  });

  it("refuses wrong types and another API version", () => {
    const wrong = job({});
    Object.assign(wrong.spec as Record<string, unknown>, { retain: "7", concurrency: 1.5, groups: "default", labels: { a: 1 } });
    expect(problems(wrong)).toEqual([
      "spec.groups: invalid_type",
      "spec.retain: invalid_type",
      "spec.concurrency: invalid_type",
      "spec.labels.a: invalid_type",
    ]);
    expect(problems({ ...job({}), apiVersion: "longhorn.io/v1beta1" })).toEqual(["apiVersion: invalid_value"]);
  });
});

describe("one rule and one set of defaults for a job, in the config and in the construct", () => {
  it("applies RECURRING_JOB_SPEC_DEFAULTS in both", () => {
    expect(RECURRING_JOB_SPEC_DEFAULTS).toEqual({ task: "backup", concurrency: 1, groups: ["default"], labels: {} });
    const spec = { name: "daily", cron: "15 0 * * *", retain: 7 };
    expect(resolveRecurringJob(spec)).toEqual(recurringJobSchema.parse(spec));
  });

  it.each<[string, unknown[]]>([
    [
      "a duplicate name",
      [
        { name: "a", cron: "@daily", retain: 1 },
        { name: "a", cron: "@weekly", retain: 1 },
      ],
    ],
    ["no job", []],
    ["a bad cron and a retain of 0", [{ name: "a", cron: "* * *", retain: 0 }]],
    ["a missing name and an unknown key", [{ cron: "@daily", retain: 1, retention: 7 }]],
    [
      "two missing names (not a duplicate)",
      [
        { cron: "@daily", retain: 1 },
        { cron: "@weekly", retain: 1 },
      ],
    ],
  ])("words %s alike", (_, jobs) => {
    const result = recurringJobsSchema.safeParse(jobs, { reportInput: true });
    const fromSchema = result.success ? [] : formatIssues(result.error.issues, ["jobs"], recurringJobsSchema);
    const issues = new PropIssues();
    recurringJobsIssues(issues, "jobs", jobs as never);
    const fromConstruct = errorOf(() => issues.throwIfAny("x"))
      .split("\n")
      .slice(1)
      .map((l) => l.replace(/^ {2}- /, ""));
    expect(fromConstruct.length).toBeGreaterThan(0);
    expect(fromConstruct.sort()).toEqual([...fromSchema].sort());
  });
});
