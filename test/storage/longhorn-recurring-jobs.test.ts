import { DataResource, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { parse } from "yaml";
import { ILonghorn, Longhorn } from "../../src/storage/longhorn";
import {
  LONGHORN_RECURRING_JOBS_DEFAULTS,
  LonghornRecurringJobs,
  LonghornRecurringJobsProps,
} from "../../src/storage/longhorn-recurring-jobs";
import * as recurringJob from "../../src/storage/recurring-job";
import { GUIDE_BACKUP_JOBS } from "../../src/storage/recurring-job";
import { InternalError } from "../../src/validation";
import { errorOf, onlyResource, resourcesOf, synthScope } from "../helpers";
import { unusedTokens } from "../tokens";

// recurringJobManifest as it is, but replaceable by a test: a broken generator is a bug the construct must catch.
jest.mock("../../src/storage/recurring-job", () => {
  const actual = jest.requireActual("../../src/storage/recurring-job");
  return { ...actual, recurringJobManifest: jest.fn(actual.recurringJobManifest) };
});

/** A Longhorn installed elsewhere: its namespace, version, and a resource standing for its release. */
function installedLonghorn(scope: Construct, chartVersion = "1.12.1", namespaceName = "longhorn-system"): ILonghorn {
  return { namespaceName, chartVersion, release: new DataResource(scope, "LonghornRelease", {}) };
}

type Override = Partial<LonghornRecurringJobsProps> & { readonly longhornVersion?: string };

function synth({ longhornVersion, ...props }: Override = {}) {
  return synthScope((scope) => new LonghornRecurringJobs(scope, "Jobs", { longhorn: installedLonghorn(scope, longhornVersion), ...props }));
}

function manifests(props: Override = {}) {
  const release = onlyResource(synth(props).parsed, "helm_release");
  return parse((release.values as string[])[0]).manifests as Array<Record<string, any>>;
}

describe("LonghornRecurringJobs", () => {
  it("matches the snapshot with the guide's jobs", () => {
    expect(synth().json).toMatchSnapshot();
  });

  it("defaults to the guide's daily, weekly and monthly backups", () => {
    expect(manifests()).toEqual(
      [
        ["daily", "15 0 * * *", 7],
        ["weekly", "30 0 * * 1", 4],
        ["monthly", "45 0 1 * *", 3],
      ].map(([name, cron, retain]) => ({
        apiVersion: "longhorn.io/v1beta2",
        kind: "RecurringJob",
        metadata: { name, namespace: "longhorn-system" },
        spec: { name, cron, task: "backup", groups: ["default"], retain, concurrency: 1, labels: {} },
      })),
    );
  });

  it("installs through the local manifests chart after the Longhorn release and its other dependencies", () => {
    const { parsed } = synthScope((scope) => {
      const longhorn = installedLonghorn(scope);
      const dep = new LonghornRecurringJobs(scope, "Before", { longhorn, releaseName: "first" });
      new LonghornRecurringJobs(scope, "Jobs", { longhorn, dependsOn: [dep.manifests.release] });
    });
    const releases = Object.entries(parsed.resource!.helm_release);
    const [firstId] = releases.find(([, r]) => r.name === "first")!;
    const [, release] = releases.find(([, r]) => r.name === "longhorn-recurring-jobs")!;
    expect(release.chart).toMatch(/^\.\/assets\/ManifestsChart\/[0-9A-F]{32}$/);
    expect(release.depends_on).toEqual(["terraform_data.LonghornRelease", `helm_release.${firstId}`]);
  });

  it("takes its namespace, version and dependency from a Longhorn construct", () => {
    const { parsed } = synthScope((scope) => {
      const longhorn = new Longhorn(scope, "Longhorn", { namespace: "storage", chartVersion: "1.8.0" });
      expect(
        errorOf(
          () =>
            new LonghornRecurringJobs(scope, "Bad", { longhorn, jobs: [{ name: "s", cron: "@daily", retain: 1, task: "system-backup" }] }),
        ),
      ).toContain("jobs[0].task: 'system-backup' needs Longhorn >= 1.9.0 (got Longhorn 1.8.0)");
      new LonghornRecurringJobs(scope, "Jobs", { longhorn });
    });
    const releases = resourcesOf(parsed, "helm_release");
    const [longhornId] = Object.entries(releases).find(([, r]) => r.name === "longhorn")!;
    const jobs = Object.values(releases).find((r) => r.name === LONGHORN_RECURRING_JOBS_DEFAULTS.releaseName)!;
    expect(jobs.namespace).toBe("storage");
    expect(jobs.depends_on).toEqual([`helm_release.${longhornId}`]);
    expect(parse((jobs.values as string[])[0]).manifests[0].metadata).toEqual({ name: "daily", namespace: "storage" });
  });

  it("passes parameters on Longhorn >= 1.7 and system-backup on >= 1.9", () => {
    const jobs = manifests({
      longhornVersion: "1.12.1",
      jobs: [
        { name: "full", cron: "0 3 * * 0", task: "backup", retain: 2, parameters: { "full-backup-interval": "4" } },
        { name: "system", cron: "0 4 * * *", task: "system-backup", retain: 1, groups: [] },
      ],
    });
    expect(jobs[0].spec.parameters).toEqual({ "full-backup-interval": "4" });
    expect(jobs[1].spec).toMatchObject({ task: "system-backup", groups: [] });
  });

  it.each<[string, Override, RegExp]>([
    [
      "an invalid cron",
      { jobs: [{ name: "a", cron: "* * *", retain: 1 }] },
      /jobs\[0\]\.cron: must be a standard 5-field cron expression.*\(got "\* \* \*"\)/,
    ],
    [
      "an unknown task",
      { jobs: [{ name: "a", cron: "@daily", retain: 1, task: "archive" as never }] },
      /jobs\[0\]\.task: Invalid option: expected one of .*"filesystem-trim".*\(got "archive"\)/,
    ],
    ["retain 0", { jobs: [{ name: "a", cron: "@daily", retain: 0 }] }, /jobs\[0\]\.retain: Too small: expected number to be >=1 \(got 0\)/],
    [
      "concurrency 0",
      { jobs: [{ name: "a", cron: "@daily", retain: 1, concurrency: 0 }] },
      /jobs\[0\]\.concurrency: Too small: expected number to be >=1 \(got 0\)/,
    ],
    [
      "a name over 40 characters",
      { jobs: [{ name: "b".repeat(41), cron: "@daily", retain: 1 }] },
      /jobs\[0\]\.name: must be at most 40 characters/,
    ],
    [
      "duplicate names",
      {
        jobs: [
          { name: "a", cron: "@daily", retain: 1 },
          { name: "a", cron: "@weekly", retain: 1 },
        ],
      },
      /jobs: job name 'a' is used more than once; job names must be unique \(got "a"\)/,
    ],
    ["no job", { jobs: [] }, /jobs: must list at least one job \(got \[\]\)/],
    ["a job without name", { jobs: [{ cron: "@daily", retain: 1 } as never] }, /jobs\[0\]\.name: is required \(string\)/],
    [
      "a job with an unknown key",
      { jobs: [{ name: "a", cron: "@daily", retain: 1, retention: 7 } as never] },
      /jobs\[0\]: unknown key "retention"/,
    ],
    [
      "parameters before Longhorn 1.7",
      { longhornVersion: "1.5.1", jobs: [{ name: "a", cron: "@daily", retain: 1, parameters: { x: "1" } }] },
      /jobs\[0\]\.parameters: needs Longhorn >= 1\.7\.0 .*with Longhorn 1\.5\.1/,
    ],
    [
      "system-backup before Longhorn 1.9",
      { longhornVersion: "1.8.0", jobs: [{ name: "a", cron: "@daily", retain: 1, task: "system-backup" }] },
      /jobs\[0\]\.task: 'system-backup' needs Longhorn >= 1\.9\.0 \(got Longhorn 1\.8\.0\)/,
    ],
  ])("rejects %s", (_name, props, expected) => {
    const message = errorOf(() => synth(props));
    expect(message).toMatch(/^test\/Jobs props:/);
    expect(message).toMatch(expected);
  });

  it("has its defaults in LONGHORN_RECURRING_JOBS_DEFAULTS", () => {
    expect(LONGHORN_RECURRING_JOBS_DEFAULTS).toEqual({ jobs: GUIDE_BACKUP_JOBS, releaseName: "longhorn-recurring-jobs" });
  });

  it("refuses a Longhorn version that is not one", () => {
    expect(errorOf(() => synth({ longhornVersion: "latest" }))).toContain(
      "longhorn.chartVersion: must be a Longhorn version such as '1.12.1' (got \"latest\")",
    );
  });

  it("stops with an InternalError naming the job and the field when a generated object does not match the CRD schema", () => {
    const generate = recurringJob.recurringJobManifest as jest.MockedFunction<typeof recurringJob.recurringJobManifest>;
    generate.mockImplementationOnce((job, namespace) => {
      const manifest = jest.requireActual("../../src/storage/recurring-job").recurringJobManifest(job, namespace);
      return { ...manifest, spec: { ...manifest.spec, retain: "7" } };
    });
    let error: unknown;
    try {
      synth();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InternalError);
    expect((error as Error).message).toBe(
      "test/Jobs: generated RecurringJob jobs[0] does not match its CRD schema: spec.retain: Invalid input: expected number, received string",
    );
  });

  it("accepts tokens for every prop it validates, and for every string or number of a job", () => {
    expect(
      unusedTokens((scope, t) => {
        new LonghornRecurringJobs(scope, "Jobs", {
          longhorn: { namespaceName: t.string("ns"), chartVersion: "1.12.1", release: new DataResource(scope, "Release", {}) },
          releaseName: t.string("release"),
          jobs: [
            {
              name: t.string("name"),
              cron: t.string("cron"),
              task: t.string("task") as never,
              retain: t.number("retain"),
              concurrency: t.number("concurrency"),
              groups: t.list("groups"),
              labels: { tier: t.string("tier") },
              parameters: { "full-backup-interval": t.string("interval") },
            },
            { name: "weekly", cron: "@weekly", retain: 4, groups: [t.string("group")] },
          ],
        });
      }),
    ).toEqual([]);
  });

  it("skips the version checks when the Longhorn version is a token", () => {
    const { parsed } = synthScope((scope) => {
      const version = new TerraformVariable(scope, "version", { type: "string" }).stringValue;
      new LonghornRecurringJobs(scope, "Jobs", {
        longhorn: installedLonghorn(scope, version),
        jobs: [{ name: "s", cron: "@daily", retain: 1, task: "system-backup", parameters: { x: "1" } }],
      });
    });
    expect(parse((onlyResource(parsed, "helm_release").values as string[])[0]).manifests[0].spec).toMatchObject({
      task: "system-backup",
      parameters: { x: "1" },
    });
  });
});
