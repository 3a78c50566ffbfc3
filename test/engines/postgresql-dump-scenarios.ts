// Scenario 4 of `npm run test:engines`: the dump CronJob's script and README's restore, run against a
// real PostgreSQL server (Debian's `postgresql` package, which .ci/run installs): no pod runs here, so
// the scenario takes the container's command and environment from the synthesized k3s stack, resolves
// PGPASSWORD through the stack's Secret to its Terraform variable, seeds a server as the Bitnami chart's
// values say (superuser, application user and database, replication user, each with the variable's
// password), and runs the job as the CronJob would, then restores as README says.
import { spawnSync, SpawnSyncReturns } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { Scenario } from "./scenario";
import { synthApp } from "./tofu";
import { releasesInOrder } from "./k3s-release-scenarios";

const ROOT = path.join(__dirname, "..", "..");

/** The Terraform variables the scenario deploys with (each with characters a shell or SQL would mangle). */
const VARIABLES: Record<string, string> = {
  pgsql_admin_password: "admin 'pass' $HOME \"1\"",
  pgsql_password: "app pass; DROP TABLE x; --",
  pgsql_replication_password: "repl `pass` \\2",
};

/** A server command fails the scenario after this long (initdb, pg_ctl, one dump). */
const COMMAND_TIMEOUT_MS = 60_000;

/** The newest PostgreSQL server binaries installed (Debian keeps them outside PATH), or undefined. */
export function postgresqlBinDir(): string | undefined {
  const base = "/usr/lib/postgresql";
  const versions = fs.existsSync(base) ? fs.readdirSync(base).filter((v) => /^\d+$/.test(v)) : [];
  const dirs = versions
    .sort((a, b) => Number(b) - Number(a))
    .map((v) => path.join(base, v, "bin"))
    .filter((d) => fs.existsSync(path.join(d, "initdb")));
  return dirs[0];
}

function run(command: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv; input?: string } = {}) {
  return spawnSync(command, args, {
    encoding: "utf8",
    timeout: COMMAND_TIMEOUT_MS,
    env: options.env ?? process.env,
    input: options.input,
  });
}

function ok(r: SpawnSyncReturns<string>, what: string): string {
  if (r.status !== 0) throw new Error(`${what} failed (${r.status ?? r.signal}):\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A throwaway server on 127.0.0.1 with password (SCRAM) authentication for every connection, as the
 * chart's pods accept clients. initdb refuses to run as root: then the server runs as the `postgres`
 * system user the package creates.
 */
class PgServer {
  private stopped = false;

  private constructor(
    readonly bin: string,
    readonly dir: string,
    readonly port: number,
    private readonly asServerUser: string[],
  ) {}

  static async start(bin: string, name: string, superuserPassword: string): Promise<PgServer> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `engines-pg-${name}-`));
    const asServerUser = process.getuid?.() === 0 ? ["runuser", "-u", "postgres", "--"] : [];
    if (asServerUser.length) {
      const id = (flag: string) => Number(ok(run("id", [flag, "postgres"]), "id postgres"));
      fs.chmodSync(dir, 0o755);
      fs.chownSync(dir, id("-u"), id("-g"));
    }
    const pwfile = path.join(dir, "pwfile");
    fs.writeFileSync(pwfile, `${superuserPassword}\n`, { mode: 0o600 });
    if (asServerUser.length) fs.chownSync(pwfile, fs.statSync(dir).uid, fs.statSync(dir).gid);
    const server = new PgServer(bin, dir, await freePort(), asServerUser);
    const data = path.join(dir, "data");
    server.serverCommand("initdb", ["-D", data, "-U", "postgres", "--auth=scram-sha-256", `--pwfile=${pwfile}`, "-E", "UTF8", "--no-sync"]);
    fs.rmSync(pwfile);
    process.once("exit", () => server.stop());
    const options = `-p ${server.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off`;
    server.serverCommand("pg_ctl", ["-D", data, "-l", path.join(dir, "server.log"), "-o", options, "-w", "-t", "30", "start"]);
    return server;
  }

  private serverCommand(tool: string, args: string[]): string {
    const [command, ...prefix] = [...this.asServerUser, path.join(this.bin, tool)];
    return ok(run(command, [...prefix, ...args]), `${tool} ${args.join(" ")}`);
  }

  /** libpq's environment for this server: the variables the CronJob and README's restore set. */
  clientEnv(user: string, password: string): NodeJS.ProcessEnv {
    return { PATH: `${this.bin}:${process.env.PATH}`, PGHOST: "127.0.0.1", PGPORT: String(this.port), PGUSER: user, PGPASSWORD: password };
  }

  /** Runs `sql` with psql (stops at the first error); `vars` become psql variables, quoted with :'name'. */
  psql(user: string, password: string, database: string, sql: string, vars: Record<string, string> = {}): string {
    const args = ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", database];
    for (const [k, v] of Object.entries(vars)) args.push("-v", `${k}=${v}`);
    return ok(
      run(path.join(this.bin, "psql"), args, { env: this.clientEnv(user, password), input: sql }),
      `psql as ${user} on ${database}`,
    ).trim();
  }

  /** Whether `user` can log in with `password`. */
  canLogIn(user: string, password: string, database: string): boolean {
    return (
      run(path.join(this.bin, "psql"), ["-X", "-A", "-t", "-d", database, "-c", "select 1"], { env: this.clientEnv(user, password) })
        .status === 0
    );
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    try {
      this.serverCommand("pg_ctl", ["-D", path.join(this.dir, "data"), "-m", "immediate", "stop"]);
    } finally {
      fs.rmSync(this.dir, { recursive: true, force: true });
    }
  }
}

type StackJson = { resource: Record<string, Record<string, Record<string, any>>> };

/** What the stack tells the scenario: the chart's auth values, the dump container, the secrets' variables. */
interface Deployed {
  readonly auth: {
    username: string;
    database: string;
    replicationUsername: string;
    existingSecret: string;
    secretKeys: Record<string, string>;
  };
  readonly container: {
    command: string[];
    env: { name: string; value?: string; valueFrom?: any }[];
    volumeMounts: { mountPath: string }[];
  };
  /** The value of `key` of Secret `name` as deployed: its Terraform variable's value. */
  secret(name: string, key: string): string;
}

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
}

/** Waits until the wall clock's second changes: the dump file name has a resolution of one second. */
function nextSecond(): void {
  const until = Math.ceil(Date.now() / 1000) * 1000 + 20;
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.max(0, until - Date.now()));
}

/** README's restore: `gunzip -c <dump> | psql -d postgres` with the restore pod's environment. Returns the ERROR lines. */
function restore(server: PgServer, dump: string, adminPassword: string): string[] {
  const r = run("bash", ["-c", 'set -o pipefail; gunzip -c "$1" | psql -X -q -d postgres', "restore", dump], {
    env: server.clientEnv("postgres", adminPassword),
  });
  // psql goes on after an error (no ON_ERROR_STOP, as in README) and exits 0 unless it cannot connect.
  ok(r, `restore of ${path.basename(dump)}`);
  return r.stderr
    .split("\n")
    .filter((l) => /ERROR:/.test(l))
    .map((l) => l.replace(/^.*ERROR:\s*/, ""));
}

/** The ERROR messages README's restore paragraph must name: those the scenario sees. */
function undocumentedErrors(errors: readonly string[]): string[] {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  const restoreSection = readme.slice(readme.indexOf("### Dumps and restoring one"), readme.indexOf("### The Bitnami image situation"));
  return [...new Set(errors)].filter((e) => !restoreSection.includes(`"${e}"`));
}

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
        const env = new Map(d.container.env.map((e) => [e.name, e]));
        const literal = (name: string) => {
          const value = env.get(name)?.value;
          if (value === undefined) throw new Error(`the dump container sets no literal ${name}`);
          return value;
        };
        const ref = env.get("PGPASSWORD")?.valueFrom?.secretKeyRef;
        if (!ref) throw new Error("the dump container takes PGPASSWORD from no Secret");
        const problems: string[] = [];
        if (literal("PGUSER") !== "postgres")
          problems.push(`the dump connects as ${literal("PGUSER")}, not the superuser pg_dumpall needs`);
        if (d.secret(ref.name, ref.key) !== pw.postgres)
          problems.push(`PGPASSWORD (Secret ${ref.name} key ${ref.key}) is not the superuser's password the chart sets`);
        if (!d.container.volumeMounts.some((m) => m.mountPath === literal("DUMP_DIR")))
          problems.push(`DUMP_DIR ${literal("DUMP_DIR")} is not the claim's mount path`);
        const retain = Number(literal("RETAIN"));

        const a = await chartServer(bin, "a", d);
        let b: PgServer | undefined;
        const dumps = fs.mkdtempSync(path.join(os.tmpdir(), "engines-pg-dumps-"));
        try {
          const app = d.auth.username;
          a.psql(
            app,
            pw[app],
            d.auth.database,
            "CREATE TABLE events (id serial PRIMARY KEY, what text NOT NULL, at timestamptz DEFAULT now());",
          );
          // The job as the CronJob runs it: its command, its environment; the Service name and the mount
          // path are the cluster's, the server and the claim are here.
          const job = (password = pw.postgres) => {
            const [command, ...args] = d.container.command;
            const jobEnv = { ...a.clientEnv(literal("PGUSER"), password), DUMP_DIR: dumps, RETAIN: String(retain) };
            return run(command, args, { env: jobEnv });
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
          const dumped = rows(a);

          // README's restore into the same server, after a row the dump does not hold and the loss of a table.
          a.psql(app, pw[app], d.auth.database, "INSERT INTO events (what) VALUES ('after the dump'); CREATE TABLE lost (x int);");
          a.psql("postgres", pw.postgres, "postgres", 'DROP DATABASE :"db" WITH (FORCE);', { db: d.auth.database });
          const errorsA = restore(a, newest, pw.postgres);
          if (rows(a) !== dumped) problems.push(`restore into the same server: rows ${rows(a)}, dumped ${dumped}`);

          // A new cluster (deployed again with the same variables): the chart's roles and an empty database.
          b = await chartServer(bin, "b", d);
          const errorsB = restore(b, newest, pw.postgres);
          if (rows(b) !== dumped) problems.push(`restore into a new server: rows ${rows(b)}, dumped ${dumped}`);
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
          const undocumented = undocumentedErrors([...errorsA, ...errorsB]);
          if (undocumented.length)
            problems.push(`README's restore names not every error the restore prints: ${undocumented.map((e) => `"${e}"`).join(", ")}`);
          if (problems.length) throw new Error(problems.join("\n"));
        } finally {
          a.stop();
          b?.stop();
          fs.rmSync(dumps, { recursive: true, force: true });
        }
      },
    },
  ];
}
