// Scenario 4 of `npm run test:engines`: the dump CronJob's script and README's restore, run against a
// real PostgreSQL server (Debian's `postgresql` package, which .ci/run installs): no pod runs here, so
// the scenario takes the container's command and environment from the synthesized k3s stack, resolves
// PGPASSWORD through the stack's Secret to its Terraform variable, seeds a server as the Bitnami chart's
// values say (superuser, application user and database, replication user, each with the variable's
// password), and runs the job as the CronJob would, then restores as README says.
//
// The passwords below are test values: psql gets them through its environment (\getenv), never on a
// command line; don't reuse this code with real TF_VAR_* values.
import { ChildProcess, spawn, spawnSync, SpawnSyncReturns } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { releasesInOrder } from "./k3s-release-scenarios";
import { freePort } from "./kube-cluster";
import { Scenario } from "./scenario";
import { synthApp } from "./tofu";

const ROOT = path.join(__dirname, "..", "..");

/** The Terraform variables the scenario deploys with (each with characters a shell or SQL would mangle). */
const VARIABLES: Readonly<Record<string, string>> = {
  pgsql_admin_password: "admin 'pass' $HOME \"1\"",
  pgsql_password: "app pass; DROP TABLE x; --",
  pgsql_replication_password: "repl `pass` \\2",
};

/** The errors README's restore says psql prints, and the only ones it may print (messages in English: LC_ALL=C). */
const RESTORE_ERRORS = ["current user cannot be dropped", 'role "postgres" already exists'];

/** One server command (initdb, a dump, a restore) fails the scenario after this long. */
const PG_COMMAND_TIMEOUT_MS = 60_000;

/** The newest PostgreSQL server binaries installed (Debian keeps them outside PATH), or undefined. */
function postgresqlBinDir(): string | undefined {
  const base = "/usr/lib/postgresql";
  const versions = fs.existsSync(base) ? fs.readdirSync(base).filter((v) => /^\d+$/.test(v)) : [];
  return versions
    .sort((a, b) => Number(b) - Number(a))
    .map((v) => path.join(base, v, "bin"))
    .find((d) => fs.existsSync(path.join(d, "initdb")));
}

/** Runs a command to its end, in the C locale (messages in English, whatever the machine's). */
function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env, input?: string) {
  return spawnSync(command, args, { encoding: "utf8", timeout: PG_COMMAND_TIMEOUT_MS, env: { ...env, LC_ALL: "C" }, input });
}

/** The command's stdout, or an Error with what it printed and why it ended (exit status, signal, spawn error). */
function ok(r: SpawnSyncReturns<string>, what: string): string {
  if (r.status === 0) return r.stdout;
  const why = r.error ? r.error.message : r.signal ? `killed by ${r.signal}` : `exit status ${r.status}`;
  throw new Error(`${what} failed (${why}):\n${r.stdout ?? ""}${r.stderr ?? ""}`);
}

/**
 * A throwaway server on 127.0.0.1 with password (SCRAM) authentication for every connection, as the
 * chart's pods accept clients. The postmaster is a child of this process (as KubeCluster's etcd is), so
 * it dies with the run; initdb and postgres refuse to run as root, so as root they run as the `postgres`
 * system user the package creates (setpriv execs, it leaves no process between).
 */
class PgServer {
  private stopped = false;

  private constructor(
    readonly bin: string,
    readonly dir: string,
    readonly port: number,
    private readonly postmaster: ChildProcess,
    private readonly killOnExit: () => void,
  ) {}

  /** initdb, then the postmaster on a free port (another one if that port was taken meanwhile). */
  static async start(bin: string, name: string, superuserPassword: string): Promise<PgServer> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `engines-pg-${name}-`));
    const data = path.join(dir, "data");
    const asServerUser = process.getuid?.() === 0 ? ["setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--"] : [];
    const command = (tool: string, args: string[]): [string, string[]] => {
      const [first, ...rest] = [...asServerUser, path.join(bin, tool), ...args];
      return [first, rest];
    };
    try {
      if (asServerUser.length) {
        const id = (flag: string) => Number(ok(run("id", [flag, "postgres"]), "id postgres"));
        fs.chmodSync(dir, 0o755);
        fs.chownSync(dir, id("-u"), id("-g"));
      }
      const pwfile = path.join(dir, "pwfile");
      fs.writeFileSync(pwfile, `${superuserPassword}\n`, { mode: 0o600 });
      fs.chownSync(pwfile, fs.statSync(dir).uid, fs.statSync(dir).gid);
      const initdb = ["-D", data, "-U", "postgres", "--auth=scram-sha-256", `--pwfile=${pwfile}`, "-E", "UTF8", "--no-locale", "--no-sync"];
      ok(run(...command("initdb", initdb)), "initdb");
      fs.rmSync(pwfile);
      for (let attempt = 1; ; attempt++) {
        const port = await freePort();
        const args = [
          "-D",
          data,
          "-p",
          String(port),
          "-c",
          "listen_addresses=127.0.0.1",
          "-c",
          "unix_socket_directories=",
          "-c",
          "fsync=off",
        ];
        const postmaster = spawn(...command("postgres", args), { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, LC_ALL: "C" } });
        let log = "";
        const append = (d: Buffer) => (log = (log + d.toString()).slice(-20_000));
        postmaster.stdout!.on("data", append);
        postmaster.stderr!.on("data", append);
        const killOnExit = () => {
          postmaster.kill("SIGKILL");
          fs.rmSync(dir, { recursive: true, force: true });
        };
        process.once("exit", killOnExit);
        const ready = await new Promise<boolean>((resolve) => {
          const deadline = Date.now() + 30_000;
          postmaster.once("exit", () => resolve(false));
          const poll = () => {
            if (postmaster.exitCode !== null) return;
            if (run(path.join(bin, "pg_isready"), ["-q", "-h", "127.0.0.1", "-p", String(port)]).status === 0) return resolve(true);
            if (Date.now() > deadline) return resolve(false);
            setTimeout(poll, 100);
          };
          poll();
        });
        if (ready) return new PgServer(bin, dir, port, postmaster, killOnExit);
        postmaster.kill("SIGKILL");
        process.off("exit", killOnExit);
        // Another process took the port between freePort() and the bind: try another one.
        if (attempt < 3 && /could not bind|Address already in use/.test(log)) continue;
        throw new Error(`postgres did not start:\n${log.slice(-3000)}`);
      }
    } catch (e) {
      fs.rmSync(dir, { recursive: true, force: true });
      throw e;
    }
  }

  /** libpq's environment for this server: the variables the CronJob and README's restore set. */
  clientEnv(user: string, password: string): NodeJS.ProcessEnv {
    return {
      PATH: `${this.bin}:${process.env.PATH}`,
      PGHOST: "127.0.0.1",
      PGPORT: String(this.port),
      PGUSER: user,
      PGPASSWORD: password,
    };
  }

  /**
   * Runs `sql` with psql (stops at the first error). Each of `vars` becomes a psql variable read from the
   * environment (\getenv), used quoted as :'name' or :"name".
   */
  psql(user: string, password: string, database: string, sql: string, vars: Readonly<Record<string, string>> = {}): string {
    const env: NodeJS.ProcessEnv = this.clientEnv(user, password);
    const getenv = Object.entries(vars).map(([k, v]) => {
      env[`SCENARIO_${k}`] = v;
      return `\\getenv ${k} SCENARIO_${k}\n`;
    });
    const args = ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", database];
    return ok(run(path.join(this.bin, "psql"), args, env, getenv.join("") + sql), `psql as ${user} on ${database}`).trim();
  }

  /** Whether `user` can log in with `password`. */
  canLogIn(user: string, password: string, database: string): boolean {
    return run(path.join(this.bin, "psql"), ["-X", "-d", database, "-c", "select 1"], this.clientEnv(user, password)).status === 0;
  }

  /** Stops the postmaster (fast shutdown, killed after 10 s) and removes the data; never throws. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.postmaster.exitCode === null && this.postmaster.signalCode === null) {
      const exited = new Promise<void>((resolve) => this.postmaster.once("exit", () => resolve()));
      this.postmaster.kill("SIGINT");
      const timer = setTimeout(() => this.postmaster.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    }
    process.off("exit", this.killOnExit);
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

type StackJson = { resource: Record<string, Record<string, Record<string, any>>> };

/** An environment variable of the dump container. */
interface EnvVar {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: { readonly secretKeyRef?: { readonly name: string; readonly key: string } };
}

/** What the stack tells the scenario: the chart's auth values, the dump container, the secrets' variables. */
interface Deployed {
  readonly auth: {
    readonly username: string;
    readonly database: string;
    readonly replicationUsername: string;
    readonly existingSecret: string;
    readonly secretKeys: Readonly<Record<string, string>>;
  };
  readonly container: {
    readonly command: readonly string[];
    readonly env: readonly EnvVar[];
    readonly volumeMounts: readonly { readonly mountPath: string }[];
  };
  /** The value of `key` of Secret `name` as deployed: its Terraform variable's value. */
  secret(name: string, key: string): string;
}

/** Synthesizes the app with `configFile` and reads what the scenario needs from the k3s stack. */
function deployed(configFile: string): Deployed {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "engines-pg-synth-"));
  try {
    synthApp(configFile, outdir);
    const stack: StackJson = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", "k3s", "cdk.tf.json"), "utf8"));
    const releases = releasesInOrder(stack);
    const postgresql = releases.find((r) => r.repository && r.chart === "postgresql");
    if (!postgresql) throw new Error("the k3s stack installs no postgresql chart");
    const manifests = releases.flatMap((r) => r.values.flatMap((v) => (parse(v) as { manifests?: any[] } | null)?.manifests ?? []));
    const cronJobs = manifests.filter((m) => m.kind === "CronJob");
    if (cronJobs.length !== 1) throw new Error(`expected one CronJob (the dump), got ${cronJobs.length}`);
    const containers = cronJobs[0].spec.jobTemplate.spec.template.spec.containers;
    if (containers.length !== 1) throw new Error(`expected one dump container, got ${containers.length}`);
    const secrets = Object.values(stack.resource.kubernetes_secret_v1 ?? {});
    return {
      auth: Object.assign({}, ...postgresql.values.map((v) => (parse(v) as { auth?: object }).auth ?? {})),
      container: containers[0],
      secret(name, key) {
        const secret = secrets.find((s) => s.metadata.name === name);
        const variable = /^\$\{var\.(\w+)\}$/.exec(secret?.data?.[key] ?? "")?.[1];
        if (!variable || !(variable in VARIABLES))
          throw new Error(`Secret ${name} key ${key} is not one of the scenario's variables: ${secret?.data?.[key]}`);
        return VARIABLES[variable];
      },
    };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** The chart's passwords, by role, as the stack deploys them (the Secret's keys the chart's values name). */
function passwords(d: Deployed): Record<string, string> {
  const keys = d.auth.secretKeys;
  return {
    postgres: d.secret(d.auth.existingSecret, keys.adminPasswordKey),
    [d.auth.username]: d.secret(d.auth.existingSecret, keys.userPasswordKey),
    [d.auth.replicationUsername]: d.secret(d.auth.existingSecret, keys.replicationPasswordKey),
  };
}

/** A server as the chart's first start leaves it: the application role and database, the replication role. */
async function chartServer(bin: string, name: string, d: Deployed): Promise<PgServer> {
  const pw = passwords(d);
  const server = await PgServer.start(bin, name, pw.postgres);
  try {
    server.psql(
      "postgres",
      pw.postgres,
      "postgres",
      [
        "CREATE ROLE :\"app\" LOGIN PASSWORD :'app_pw';",
        'CREATE DATABASE :"db" OWNER :"app";',
        "CREATE ROLE :\"repl\" REPLICATION LOGIN PASSWORD :'repl_pw';",
      ].join("\n"),
      {
        app: d.auth.username,
        app_pw: pw[d.auth.username],
        db: d.auth.database,
        repl: d.auth.replicationUsername,
        repl_pw: pw[d.auth.replicationUsername],
      },
    );
    return server;
  } catch (e) {
    await server.stop();
    throw e;
  }
}

/**
 * The dump container's environment as synthesized, every entry: literal values as they are, the password
 * through its Secret; `overrides` replace what only the cluster has (the Service name, the mount path).
 */
function jobEnv(d: Deployed, overrides: Readonly<Record<string, string>>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const e of d.container.env) {
    const ref = e.valueFrom?.secretKeyRef;
    if (e.value !== undefined) env[e.name] = e.value;
    else if (ref) env[e.name] = d.secret(ref.name, ref.key);
    else throw new Error(`the dump container's ${e.name} comes from something the scenario does not resolve`);
  }
  return { ...env, ...overrides };
}

/** Waits until the wall clock's second changes: the dump file name has a resolution of one second. */
function nextSecond(): void {
  const until = Math.ceil(Date.now() / 1000) * 1000 + 20;
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.max(0, until - Date.now()));
}

/** README's restore: `gunzip -c <dump> | psql -d postgres` with the restore pod's environment. Returns the ERROR messages. */
function restore(server: PgServer, dump: string, adminPassword: string): string[] {
  const r = run(
    "bash",
    ["-c", 'set -o pipefail; gunzip -c "$1" | psql -X -q -d postgres', "restore", dump],
    server.clientEnv("postgres", adminPassword),
  );
  // psql goes on after an error (no ON_ERROR_STOP, as in README) and exits 0 unless it cannot connect.
  ok(r, `restore of ${path.basename(dump)}`);
  return r.stderr
    .split("\n")
    .filter((l) => /ERROR:/.test(l))
    .map((l) => l.replace(/^.*ERROR:\s*/, ""));
}

/** README's "Dumps and restoring one" section. */
function restoreSection(): string {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  const [start, end] = [readme.indexOf("### Dumps and restoring one"), readme.indexOf("### The Bitnami image situation")];
  if (start < 0 || end < start) throw new Error("README has no section 'Dumps and restoring one' before 'The Bitnami image situation'");
  return readme.slice(start, end);
}

/** Scenario 4, for one of the repository's config files. */
export function postgresqlDumpScenarios(configName: "default" | "guide"): Scenario[] {
  const configFile = path.join(ROOT, "config", `${configName}.yaml`);
  return [
    {
      name: `4 postgresql dumps (config/${configName}.yaml): the CronJob's script against a real PostgreSQL server keeps the newest dumps, a failed dump replaces none; README's restore brings the rows and logins back, in the same server and a new one`,
      async run() {
        const bin = postgresqlBinDir();
        if (!bin)
          throw new Error(
            "no PostgreSQL server installed (/usr/lib/postgresql/<version>/bin/initdb): apt-get install postgresql (.ci/run does)",
          );
        const d = deployed(configFile);
        const pw = passwords(d);
        const app = d.auth.username;
        const literal = (name: string) => {
          const value = d.container.env.find((e) => e.name === name)?.value;
          if (value === undefined) throw new Error(`the dump container sets no literal ${name}`);
          return value;
        };
        const problems: string[] = [];
        if (literal("PGUSER") !== "postgres")
          problems.push(`the dump connects as ${literal("PGUSER")}, not the superuser pg_dumpall needs`);
        if (jobEnv(d, {}).PGPASSWORD !== pw.postgres)
          problems.push("PGPASSWORD (through its Secret) is not the superuser's password the chart sets");
        if (!d.container.volumeMounts.some((m) => m.mountPath === literal("DUMP_DIR")))
          problems.push(`DUMP_DIR ${literal("DUMP_DIR")} is not the claim's mount path`);
        const retain = Number(literal("RETAIN"));
        const section = restoreSection();
        const undocumented = RESTORE_ERRORS.filter((e) => !section.includes(`"${e}"`));
        if (undocumented.length) problems.push(`README's restore does not name ${undocumented.join(", ")}`);

        const servers: PgServer[] = [];
        const dumps = fs.mkdtempSync(path.join(os.tmpdir(), "engines-pg-dumps-"));
        const removeDumps = () => fs.rmSync(dumps, { recursive: true, force: true });
        process.once("exit", removeDumps);
        try {
          const a = await chartServer(bin, "a", d);
          servers.push(a);
          a.psql(
            app,
            pw[app],
            d.auth.database,
            "CREATE TABLE events (id serial PRIMARY KEY, what text NOT NULL, at timestamptz DEFAULT now());",
          );
          // The job as the CronJob runs it: its command, its whole environment; the Service name and the
          // mount path are the cluster's, the server and the claim are here.
          const job = (password = pw.postgres) => {
            const [command, ...args] = d.container.command;
            const env = jobEnv(d, { PGHOST: "127.0.0.1", PGPORT: String(a.port), DUMP_DIR: dumps, PGPASSWORD: password });
            return run(command, args, { PATH: `${bin}:${process.env.PATH}`, ...env });
          };
          const files = () => fs.readdirSync(dumps).sort();
          const written: string[] = [];
          for (let i = 1; i <= retain + 1; i++) {
            a.psql(app, pw[app], d.auth.database, "INSERT INTO events (what) VALUES (:'what');", { what: `run ${i} ünïcödé` });
            nextSecond();
            const out = ok(job(), `dump job run ${i}`);
            const name = /^wrote (dump_\d{8}-\d{6}\.sql\.gz); kept:/.exec(out)?.[1];
            if (!name) problems.push(`run ${i}: the Job log does not say which dump it wrote:\n${out}`);
            else written.push(name);
          }
          const kept = written.slice(-retain);
          if (JSON.stringify(files()) !== JSON.stringify(kept))
            problems.push(`after ${retain + 1} runs with RETAIN=${retain}: ${files().join(", ")}; expected the newest ${kept.join(", ")}`);
          for (const f of files()) {
            const sql = ok(run("gunzip", ["-c", path.join(dumps, f)]), `gunzip ${f}`);
            if (!sql.includes("PostgreSQL database cluster dump complete")) problems.push(`${f} is not a complete pg_dumpall output`);
          }

          // A failed dump (the password refused): the job fails, no dump replaced or pruned.
          nextSecond();
          const failed = job("wrong password");
          if (failed.status === 0) problems.push("a dump whose connection failed exited 0");
          const afterFailure = files().filter((f) => !f.endsWith(".partial"));
          if (JSON.stringify(afterFailure) !== JSON.stringify(kept))
            problems.push(`a failed dump changed the dumps: ${files().join(", ")}`);
          nextSecond();
          ok(job(), "the dump job after a failed one");
          if (files().some((f) => f.endsWith(".partial"))) problems.push(`the next run left a partial dump: ${files().join(", ")}`);
          const newest = path.join(dumps, files()[files().length - 1]);
          const rows = (s: PgServer) => s.psql(app, pw[app], d.auth.database, "SELECT string_agg(what, ',' ORDER BY id) FROM events;");
          const tables = (s: PgServer) =>
            s.psql(
              app,
              pw[app],
              d.auth.database,
              "SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'public';",
            );
          const dumped = rows(a);

          // README's restore into the same server, as it runs (no client connected), after a row and a table
          // the dump does not hold: the dump drops and recreates the database.
          a.psql(app, pw[app], d.auth.database, "INSERT INTO events (what) VALUES ('after the dump'); CREATE TABLE later (x int);");
          const errorsA = restore(a, newest, pw.postgres);
          if (rows(a) !== dumped) problems.push(`restore into the same server: rows ${rows(a)}, dumped ${dumped}`);
          if (tables(a) !== "events") problems.push(`restore into the same server: tables ${tables(a)}, dumped events`);

          // A new cluster (deployed again with the same variables): the chart's roles and an empty database.
          const b = await chartServer(bin, "b", d);
          servers.push(b);
          const errorsB = restore(b, newest, pw.postgres);
          if (rows(b) !== dumped) problems.push(`restore into a new server: rows ${rows(b)}, dumped ${dumped}`);
          for (const [label, errors] of [
            ["same server", errorsA],
            ["new server", errorsB],
          ] as const) {
            const got = [...new Set(errors)].sort();
            if (JSON.stringify(got) !== JSON.stringify([...RESTORE_ERRORS].sort()))
              problems.push(
                `${label}: the restore printed ${got.map((e) => `"${e}"`).join(", ") || "no error"}; README names ${RESTORE_ERRORS.join(", ")}`,
              );
          }
          for (const [server, label] of [
            [a, "same server"],
            [b, "new server"],
          ] as const) {
            for (const [role, password] of Object.entries(pw)) {
              const database = role === app ? d.auth.database : "postgres";
              if (!server.canLogIn(role, password, database))
                problems.push(`${label}: ${role} cannot log in with the Secret's password after the restore`);
            }
            const repl = server.psql("postgres", pw.postgres, "postgres", "SELECT rolreplication FROM pg_roles WHERE rolname = :'r';", {
              r: d.auth.replicationUsername,
            });
            if (repl !== "t") problems.push(`${label}: the replication role lost REPLICATION (${repl || "missing"})`);
          }
          // A dump carries the roles' password hashes: one taken before a password change brings the old one back.
          b.psql("postgres", pw.postgres, "postgres", "ALTER ROLE :\"app\" PASSWORD 'rotated';", { app });
          restore(b, newest, pw.postgres);
          if (b.canLogIn(app, "rotated", d.auth.database) || !b.canLogIn(app, pw[app], d.auth.database)) {
            problems.push("a restore did not bring back the password the dump holds (README says it does)");
          }
          // A client still connected: the dump's DROP DATABASE fails and psql restores into the database as it
          // is (README says to stop the clients first).
          const client = spawn(path.join(bin, "psql"), ["-X", "-d", d.auth.database, "-c", "SELECT pg_sleep(60)"], {
            env: { ...b.clientEnv(app, pw[app]), LC_ALL: "C" },
            stdio: "ignore",
          });
          try {
            const deadline = Date.now() + 10_000;
            const connected = () =>
              b.psql(
                "postgres",
                pw.postgres,
                "postgres",
                "SELECT count(*) FROM pg_stat_activity WHERE datname = :'db' AND usename = :'app';",
                {
                  db: d.auth.database,
                  app,
                },
              ) !== "0";
            while (!connected() && Date.now() < deadline) nextSecond();
            const errors = restore(b, newest, pw.postgres);
            if (!errors.some((e) => /is being accessed by other users/.test(e)))
              problems.push(`a restore with a client connected printed no "being accessed by other users": ${errors.join("; ")}`);
            if (!section.includes("is being accessed by other users"))
              problems.push("README's restore does not say to stop the clients first");
          } finally {
            client.kill("SIGKILL");
          }
          if (problems.length) throw new Error(problems.join("\n"));
        } finally {
          for (const s of servers) await s.stop();
          removeDumps();
          process.off("exit", removeDumps);
        }
      },
    },
  ];
}
