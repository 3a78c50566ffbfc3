// Builds the real engines of `npm run test:engines` from their Go modules, pinned, into a cache
// outside the repository: OpenTofu, the Terraform providers the stacks require (laid out as a
// filesystem mirror, with a CLI config file so that `tofu init` works offline), helm, etcd and
// kube-apiserver. Idempotent: builds only what is missing, and prints what it built and how long
// it took. Needs Go (>= the version each module's go.mod names) and the Go module proxy.
//
//   npm run engines:build              build what is missing
//   npm run engines:build -- --check   exit 1 if something is missing, build nothing
//
// Cache: $ENGINES_CACHE, default ~/.cache/gitops-day-platform/engines/<name>-<version>/.
// A module that declares local `replace` directives (go.etcd.io/etcd/server/v3, k8s.io/kubernetes)
// cannot be built with `go install pkg@version`; it is built from a small wrapper module that
// requires the same modules at their published versions (see wrapperGoMod).
import { SpawnSyncOptions, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ENGINES, Engine, cacheDir, cliConfigPath, engineDir, providerMirror, writeCliConfig } from "./catalog";

interface GoMod {
  Go: string;
  Require?: { Path: string; Version: string }[];
  Replace?: { Old: { Path: string; Version?: string }; New: { Path: string; Version?: string } }[];
}

function run(cmd: string, args: string[], opts: SpawnSyncOptions = {}): string {
  const r = spawnSync(cmd, args, { maxBuffer: 64 << 20, ...opts, encoding: "utf8" });
  if (r.error) throw r.error;
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(" ")} exited ${r.status}:\n${(r.stderr || r.stdout).trim()}`);
  }
  return r.stdout;
}

/** go.mod of `module@version`, parsed by `go mod edit -json`. */
function upstreamGoMod(module: string, version: string, env: NodeJS.ProcessEnv): GoMod {
  const info = JSON.parse(run("go", ["mod", "download", "-json", `${module}@${version}`], { env }));
  if (info.Error) throw new Error(info.Error);
  return JSON.parse(run("go", ["mod", "edit", "-json", info.GoMod], { env }));
}

/**
 * The wrapper module's go.mod: requires the engine's module, repeats its `replace` directives that
 * point at other modules, and pins each module it replaces by a local path (a staging or sibling
 * directory of its repository) to the version published from that directory.
 */
function wrapperGoMod(engine: Engine, upstream: GoMod): string {
  const lines = ["module engines.local/wrapper", "", `go ${upstream.Go}`, "", "require ("];
  lines.push(`\t${engine.module} ${engine.version}`);
  const replaces: string[] = [];
  const required = new Set((upstream.Require ?? []).map((r) => r.Path));
  for (const r of upstream.Replace ?? []) {
    const local = r.New.Path.startsWith(".") || r.New.Path.startsWith("/");
    if (!local) replaces.push(`\t${r.Old.Path}${r.Old.Version ? ` ${r.Old.Version}` : ""} => ${r.New.Path} ${r.New.Version}`);
    else if (required.has(r.Old.Path)) {
      if (!engine.localVersion) throw new Error(`${engine.module} replaces ${r.Old.Path} by ${r.New.Path}: its version is unknown`);
      lines.push(`\t${r.Old.Path} ${engine.localVersion(r.Old.Path)}`);
    }
  }
  lines.push(")");
  if (replaces.length) lines.push("", "replace (", ...replaces, ")");
  return `${lines.join("\n")}\n`;
}

/** The environment's GOFLAGS with `extra` appended. */
function withGoflags(env: NodeJS.ProcessEnv, extra: string): NodeJS.ProcessEnv {
  return { ...env, GOFLAGS: `${env.GOFLAGS ?? ""} ${extra}`.trim() };
}

function build(engine: Engine, env: NodeJS.ProcessEnv): void {
  const dir = engineDir(engine);
  fs.mkdirSync(dir, { recursive: true });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `engine-${engine.name}-`));
  // Built next to its final place, then renamed: a failed or interrupted build never leaves a binary
  // under the final name, and the rename stays within one filesystem.
  const partial = path.join(dir, `.${engine.binary}.partial-${process.pid}`);
  try {
    const upstream = upstreamGoMod(engine.module, engine.version, env);
    fs.writeFileSync(path.join(work, "go.mod"), wrapperGoMod(engine, upstream));
    // Resolve the whole graph with the versions the wrapper pins (MVS may raise none of them).
    run("go", ["mod", "download", "all"], { cwd: work, env: withGoflags(env, "-mod=mod") });
    run("go", ["get", `${engine.module}@${engine.version}`], { cwd: work, env });
    const ldflags = ["-s", "-w", ...(engine.ldflags ?? []).map((x) => `-X=${x}`)].join(" ");
    run("go", ["build", "-trimpath", `-ldflags=${ldflags}`, "-o", partial, engine.package], {
      cwd: work,
      env: { ...withGoflags(env, "-mod=mod -buildvcs=false"), CGO_ENABLED: "0" },
    });
    fs.renameSync(partial, path.join(dir, engine.binary));
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
    fs.rmSync(partial, { force: true });
  }
}

function main(): void {
  const check = process.argv.includes("--check");
  const only = process.argv.slice(2).filter((a) => !a.startsWith("--"));
  const env = { ...process.env, GOTOOLCHAIN: process.env.GOTOOLCHAIN ?? "local" };
  if (!check && spawnSync("go", ["version"]).status !== 0) {
    console.error("engines: Go is required to build the engines (go version failed)");
    process.exit(1);
  }
  let missing = 0;
  let failed = 0;
  const total = process.hrtime.bigint();
  for (const engine of ENGINES.filter((e) => !only.length || only.includes(e.name))) {
    const binary = path.join(engineDir(engine), engine.binary);
    if (fs.existsSync(binary)) {
      console.log(`engines: ${engine.name} ${engine.version}: cached (${binary})`);
      continue;
    }
    missing++;
    if (check) {
      console.log(`engines: ${engine.name} ${engine.version}: missing`);
      continue;
    }
    const start = process.hrtime.bigint();
    process.stdout.write(`engines: ${engine.name} ${engine.version}: building from ${engine.module} ... `);
    try {
      build(engine, env);
      const s = Number(process.hrtime.bigint() - start) / 1e9;
      console.log(`built in ${s.toFixed(1)} s`);
    } catch (e) {
      failed++;
      console.log("FAILED");
      console.error(`engines: ${engine.name}: ${(e as Error).message.split("\n").slice(0, 12).join("\n  ")}`);
    }
  }
  if (!check) {
    writeCliConfig();
    console.log(`engines: provider mirror ${providerMirror()}, CLI config ${cliConfigPath()}`);
    console.log(`engines: ${(Number(process.hrtime.bigint() - total) / 1e9).toFixed(1)} s in all, cache ${cacheDir()}`);
  }
  if (check ? missing : failed) process.exit(1);
}

main();
