import { DataResource } from "cdktf";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { gunzipSync } from "zlib";
import { PostgresqlDumpCronJob } from "../../src/databases/postgresql-dump-cron-job";
import { legacyImage } from "../../src/databases/bitnami-image";
import { existingStorageClass } from "../../src/storage/storage-class";
import { synthScope } from "../helpers";
import { NO_STDIN } from "../sandbox";

/*
 * The dump script as the CronJob's container runs it (its command and environment, taken from the
 * synthesized object), run by bash in a sandbox: the dump volume is a temporary directory, and
 * pg_dumpall and date are stubs on PATH (a dump's content names its run; date counts the runs, so
 * each run has its own, later time stamp).
 */
function container(retain: number): { command: string[]; env: Record<string, string> } {
  let cronJob!: Record<string, any>;
  synthScope((s) => {
    cronJob = new PostgresqlDumpCronJob(s, "Dumps", {
      postgresql: {
        namespaceName: "postgres",
        releaseName: "postgresql",
        primaryHost: "postgresql-primary",
        port: 5432,
        authSecretName: "postgresql-auth",
        adminPasswordKey: "postgres-password",
        image: legacyImage("postgresql", "17.6.0-debian-12-r4"),
        release: new DataResource(s, "PostgresqlRelease", {}),
      },
      volume: { storageClass: existingStorageClass("longhorn") },
      retain,
    }).cronJob as unknown as Record<string, any>;
  });
  const c = cronJob.spec.jobTemplate.spec.template.spec.containers[0];
  return { command: c.command, env: Object.fromEntries(c.env.filter((e: any) => "value" in e).map((e: any) => [e.name, e.value])) };
}

class Sandbox {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), "dump-script-"));
  readonly dumps = path.join(this.dir, "dumps");
  private readonly bin = path.join(this.dir, "bin");
  private runs = 0;

  constructor(private readonly retain: number) {
    fs.mkdirSync(this.dumps);
    fs.mkdirSync(this.bin);
    // date +%Y%m%d-%H%M%S: 2026-12-01 at 00:00:<run> (the script's only use of date)
    fs.writeFileSync(path.join(this.bin, "date"), `#!/bin/bash\nprintf '20261201-0000%02d\\n' "$RUN"\n`, { mode: 0o755 });
    // pg_dumpall: the SQL of this run, or part of it and a failure
    fs.writeFileSync(
      path.join(this.bin, "pg_dumpall"),
      `#!/bin/bash\n[ "$*" = "--clean --if-exists" ] || exit 9\necho "-- dump of run $RUN"\nif [ -n "$FAIL" ]; then echo "connection lost" >&2; exit 1; fi\n`,
      { mode: 0o755 },
    );
  }

  run(fail = false): { status: number | null; stdout: string; stderr: string } {
    this.runs += 1;
    const { command, env } = container(this.retain);
    const r = spawnSync(command[0], command.slice(1), {
      encoding: "utf8",
      stdio: NO_STDIN,
      env: { ...env, DUMP_DIR: this.dumps, PATH: `${this.bin}:/usr/bin:/bin`, RUN: String(this.runs), ...(fail ? { FAIL: "1" } : {}) },
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  /** Dump file names, sorted, and the run each one holds. */
  contents(): Record<string, string> {
    return Object.fromEntries(
      fs
        .readdirSync(this.dumps)
        .sort()
        .map((f) => [
          f,
          f.endsWith(".gz")
            ? gunzipSync(fs.readFileSync(path.join(this.dumps, f)))
                .toString()
                .trim()
            : "(partial)",
        ]),
    );
  }
}

describe("the dump script, run by bash with a stubbed pg_dumpall", () => {
  it("keeps the newest `retain` dumps, each complete, and deletes the oldest", () => {
    const box = new Sandbox(3);
    for (let i = 0; i < 5; i++) expect(box.run().status).toBe(0);
    expect(box.contents()).toEqual({
      "dump_20261201-000003.sql.gz": "-- dump of run 3",
      "dump_20261201-000004.sql.gz": "-- dump of run 4",
      "dump_20261201-000005.sql.gz": "-- dump of run 5",
    });
  });

  it("a failed dump replaces no good one and prunes nothing; the next run cleans its leftover", () => {
    const box = new Sandbox(2);
    box.run();
    box.run();
    const good = box.contents();
    const failed = box.run(true);
    expect(failed.status).not.toBe(0);
    expect(failed.stderr).toContain("connection lost");
    // the two good dumps untouched; the failed one only as a .partial, never as a dump
    expect(Object.entries(box.contents()).filter(([f]) => f.endsWith(".sql.gz"))).toEqual(Object.entries(good));
    expect(Object.keys(box.contents()).filter((f) => f.endsWith(".partial"))).toEqual(["dump_20261201-000003.sql.gz.partial"]);
    expect(box.run().status).toBe(0);
    expect(box.contents()).toEqual({
      "dump_20261201-000002.sql.gz": "-- dump of run 2",
      "dump_20261201-000004.sql.gz": "-- dump of run 4",
    });
  });

  it("retain 1 keeps exactly the dump just written, and says which in the Job's log", () => {
    const box = new Sandbox(1);
    box.run();
    const { stdout } = box.run();
    expect(box.contents()).toEqual({ "dump_20261201-000002.sql.gz": "-- dump of run 2" });
    expect(stdout).toMatch(/^wrote dump_20261201-000002\.sql\.gz; kept:\n\S+ .* dump_20261201-000002\.sql\.gz\n$/);
  });
});
