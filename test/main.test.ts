import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.join(__dirname, "..");

/** Runs the app as `cdktf synth` does (same command as cdktf.json), into `outdir`. */
function runApp(outdir: string, env: Record<string, string> = {}) {
  const app = JSON.parse(fs.readFileSync(path.join(ROOT, "cdktf.json"), "utf8")).app as string;
  return spawnSync(app, { shell: true, cwd: ROOT, encoding: "utf8", env: { ...process.env, CDKTF_OUTDIR: outdir, ...env } });
}

/** Every file below `dir`, relative path to content. */
function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const full = path.join(entry.parentPath, entry.name);
      out[path.relative(dir, full)] = fs.readFileSync(full, "utf8");
    }
  }
  return out;
}

const CANARIES: Record<string, string> = {
  TF_VAR_s3_access_key: "canary-s3-access-7f3a",
  TF_VAR_s3_secret_key: "canary-s3-secret-9b1c",
  TF_VAR_longhorn_ui_htpasswd: "canary-htpasswd-2d4e",
  TF_VAR_pgsql_admin_password: "canary-pg-admin-5a6b",
  TF_VAR_pgsql_password: "canary-pg-user-8c9d",
  TF_VAR_pgsql_replication_password: "canary-pg-repl-1e2f",
  TF_VAR_redis_password: "canary-redis-3a4b",
  TF_VAR_middleware_auth_htpasswd: "canary-middleware-auth-4f5a",
  TF_VAR_dns_api_token: "canary-dns-token-0b1c",
  HCLOUD_TOKEN: "canary-hcloud-token-6c7d",
};

describe("the app (main.ts)", () => {
  let tmp: string;
  /** The app's output with config/default.yaml and the canaries exported, made once (the first test to need it). */
  let synthesized: { dir: string; stdout: string; stderr: string } | undefined;
  const synthesizedOnce = () => {
    if (!synthesized) {
      const dir = path.join(tmp, "first");
      const run = runApp(dir, CANARIES);
      expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: "" });
      synthesized = { dir, stdout: run.stdout, stderr: run.stderr };
    }
    return synthesized;
  };
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "app-"));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("synthesizes both stacks deterministically, with no secret, absolute path or timestamp", () => {
    const first = synthesizedOnce();
    // A second run, without the canaries: the same files (the app reads no TF_VAR_ or credential).
    const second = path.join(tmp, "second");
    expect(runApp(second).status).toBe(0);

    const tree = readTree(first.dir);
    expect(Object.keys(tree)).toEqual(expect.arrayContaining(["manifest.json", "stacks/hcloud/cdk.tf.json", "stacks/k3s/cdk.tf.json"]));
    expect(readTree(second)).toEqual(tree);

    const all = Object.values(tree).join("\n") + first.stdout + first.stderr;
    expect(all).toContain("pg_dumpall"); // the dump job is there: its password stays a Secret reference
    for (const canary of Object.values(CANARIES)) expect(all).not.toContain(canary);
    expect(all).not.toContain(ROOT);
    // The output directory's own path (a temporary directory): the controller's `/tmp` mount is no path of this machine.
    expect(all).not.toContain(tmp);
    expect(all).not.toMatch(/20\d\d-\d\d-\d\dT\d\d:\d\d/);
  });

  it("the fast app command (bundle + V8 code cache) writes exactly what main.ts run directly writes", () => {
    const direct = path.join(tmp, "direct");
    const run = spawnSync("node", ["-r", "./scripts/register.js", "main.ts"], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, CDKTF_OUTDIR: direct },
    });
    expect(run.status).toBe(0);
    expect(readTree(synthesizedOnce().dir)).toEqual(readTree(direct));
    // The bundle imports the CRD models by name (bundled), not by path through Node's ES module loader.
    const meta = JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules", ".cache", "app", "main.meta.json"), "utf8"));
    expect(Object.keys(meta.inputs)).toContain("src/kubernetes/model-classes.bundled.ts");
    expect(Object.keys(meta.inputs)).not.toContain("src/kubernetes/model-classes.ts");
  });

  it("stops with exit code 1 and one clear message on a bad config, leaving an earlier output untouched", () => {
    const outdir = synthesizedOnce().dir;
    const before = readTree(outdir);

    const bad = path.join(tmp, "bad.yaml");
    fs.writeFileSync(
      bad,
      fs.readFileSync(path.join(ROOT, "config", "default.yaml"), "utf8").replace('cron: "15 0 * * *"', 'cron: "15 0 * *"'),
    );
    const run = runApp(outdir, { PLATFORM_CONFIG: bad });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /^Error: bad\.yaml is invalid:\n {2}- longhorn\.recurringJobs\[0\]\.cron: must be a standard 5-field cron expression.*\(got "15 0 \* \*"\)\n$/,
    );
    expect(run.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    expect(readTree(outdir)).toEqual(before);
  });
});
