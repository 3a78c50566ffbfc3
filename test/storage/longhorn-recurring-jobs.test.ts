import { parse } from "yaml";
import { LonghornRecurringJobs, LonghornRecurringJobsProps } from "../../src/storage/longhorn-recurring-jobs";
import { errorOf, onlyResource, synthScope } from "../helpers";

function synth(props: Partial<LonghornRecurringJobsProps> = {}) {
  return synthScope((scope) => new LonghornRecurringJobs(scope, "Jobs", { namespace: "longhorn-system", ...props }));
}

function manifests(props: Partial<LonghornRecurringJobsProps> = {}) {
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

  it("installs through the local manifests chart after its dependencies", () => {
    const { parsed } = synthScope((scope) => {
      const dep = new LonghornRecurringJobs(scope, "Before", { namespace: "longhorn-system", releaseName: "first" });
      new LonghornRecurringJobs(scope, "Jobs", { namespace: "longhorn-system", dependsOn: [dep.manifests.release] });
    });
    const releases = Object.entries(parsed.resource!.helm_release);
    const [firstId] = releases.find(([, r]) => r.name === "first")!;
    const [, release] = releases.find(([, r]) => r.name === "longhorn-recurring-jobs")!;
    expect(release.chart).toMatch(/^\.\/assets\/ManifestsChart\/[0-9A-F]{32}$/);
    expect(release.depends_on).toEqual([`helm_release.${firstId}`]);
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

  it.each<[string, Partial<LonghornRecurringJobsProps>, RegExp]>([
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
      /jobs: job name "a" is used more than once/,
    ],
    ["no job", { jobs: [] }, /jobs: Too small: expected array to have >=1 items/],
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
});
