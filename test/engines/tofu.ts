// A synthesized stack in a directory of its own, driven through the real OpenTofu CLI.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { engineBinary, tofuEnv } from "./engines";
import { editedConfig } from "../config/fixtures";

const ROOT = path.join(__dirname, "..", "..");

/** No engine command may hang a CI run: each is killed after this long (the slowest takes about 70 s). */
export const COMMAND_TIMEOUT_MS = 10 * 60 * 1000;

/** A plan's change of one resource instance, as `tofu show -json` reports it. */
export interface ResourceChange {
  readonly address: string;
  readonly type: string;
  readonly actions: readonly string[];
}

/** Thrown when a tofu command fails; carries its output. */
export class TofuError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly output: string,
  ) {
    super(`tofu ${args.join(" ")} failed:\n${output.trim().split("\n").slice(-40).join("\n")}`);
  }
}

let configDir: string | undefined;
let configCount = 0;

/** Writes `config` (an object) as a YAML file in a temporary directory removed at exit; returns its path. */
export function writeConfig(config: unknown): string {
  if (!configDir) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "engines-config-"));
    process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
    configDir = dir;
  }
  const file = path.join(configDir, `config-${++configCount}.yaml`);
  fs.writeFileSync(file, stringify(config));
  return file;
}

/** The storage pool (longhorn.storagePool) of a raw config. */
export function storagePool(raw: Record<string, any>): Record<string, any> {
  return raw.hcloud.nodePools.find((p: { name: string }) => p.name === raw.longhorn.storagePool);
}

/** config/default.yaml with the storage pool at `count` nodes, then `edit` applied, written by {@link writeConfig}. */
export function withStorageNodes(count: number, edit: (raw: Record<string, any>) => void = () => {}): string {
  return writeConfig(
    editedConfig((raw) => {
      storagePool(raw).count = count;
      edit(raw);
    }),
  );
}

/**
 * The environment of the engines: this process's, without what a user may have exported for a real
 * deploy (Terraform variables, hcloud credentials, Terraform's debug logs, which print request bodies):
 * a scenario sets what it needs.
 */
export function engineProcessEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(TF_VAR_|TF_LOG|HCLOUD_|HETZNER_)/.test(k)));
}

/**
 * Synthesizes both stacks with the app command of cdktf.json (as `cdktf synth` runs it) and the
 * given config file, into `outdir`.
 */
export function synthApp(configFile: string, outdir: string): void {
  const app = JSON.parse(fs.readFileSync(path.join(ROOT, "cdktf.json"), "utf8")).app as string;
  const r = spawnSync(app, {
    timeout: COMMAND_TIMEOUT_MS,
    shell: true,
    cwd: ROOT,
    encoding: "utf8",
    // No `terraform` binary: the app must synthesize without one (the engines run OpenTofu).
    env: {
      ...engineProcessEnv(),
      PLATFORM_CONFIG: configFile,
      CDKTF_OUTDIR: outdir,
      CHECKPOINT_DISABLE: "1",
      TERRAFORM_BINARY_NAME: "gitops-day-platform-no-terraform",
    },
  });
  if (r.status !== 0) throw new Error(`synth with ${configFile} failed:\n${r.stdout}${r.stderr}`);
}

/**
 * One stack of one synthesized app: `dir` stands for the project, the app is synthesized into
 * `dir/cdktf.out` and Terraform runs in `dir/cdktf.out/stacks/<stack>`, as with `cdktf deploy`. The
 * state stays where the stack's local backend puts it (`dir/terraform.<stack>.tfstate`), so a
 * re-synthesis (a changed config) continues from the same state, as a user's second deploy does.
 */
export class StackWorkspace {
  readonly outdir: string;
  readonly stackDir: string;
  /** What the last {@link plan} printed (what a user or a pull request comment sees). */
  lastPlanOutput = "";
  private initialized = false;

  constructor(
    readonly dir: string,
    readonly stack: string,
    private readonly env: NodeJS.ProcessEnv = {},
    private readonly overrides?: Record<string, unknown>,
  ) {
    this.outdir = path.join(dir, "cdktf.out");
    this.stackDir = path.join(this.outdir, "stacks", stack);
  }

  /** Synthesizes the app with `configFile` into this workspace (keeping state and .terraform). */
  synth(configFile: string): void {
    synthApp(configFile, this.outdir);
    // Test-only provider settings (the simulator's endpoint, a short poll interval), merged by
    // OpenTofu's override files; the stack's own files stay as synthesized.
    if (this.overrides) fs.writeFileSync(path.join(this.stackDir, "engines_override.tf.json"), JSON.stringify(this.overrides, null, 2));
  }

  /** Runs tofu in the stack directory; returns stdout, or throws TofuError (unless `allowFailure`). */
  tofu(args: string[], opts: { allowFailure?: boolean; exitCodes?: number[] } = {}): { status: number; output: string } {
    if (!this.initialized && args[0] !== "init") this.init();
    const r = spawnSync(engineBinary("tofu"), args, {
      cwd: this.stackDir,
      timeout: COMMAND_TIMEOUT_MS,
      killSignal: "SIGKILL",
      encoding: "utf8",
      maxBuffer: 256 << 20,
      env: { ...engineProcessEnv(), ...tofuEnv(), ...this.env },
    });
    if (r.error) throw new Error(`tofu ${args.join(" ")}: ${r.error.message}`); // e.g. the timeout
    const output = `${r.stdout}${r.stderr}`;
    const ok = (opts.exitCodes ?? [0]).includes(r.status ?? -1);
    if (!ok && !opts.allowFailure) throw new TofuError(args, output);
    return { status: r.status ?? -1, output };
  }

  init(): void {
    this.initialized = true;
    this.tofu(["init", "-input=false", "-no-color"]);
  }

  apply(...extra: string[]): string {
    return this.tofu(["apply", "-input=false", "-no-color", "-auto-approve", ...extra]).output;
  }

  /** Plans (with `extra` arguments) and returns every resource instance the plan would change. */
  plan(...extra: string[]): ResourceChange[] {
    const planFile = path.join(this.stackDir, "engines.tfplan");
    this.lastPlanOutput = this.tofu(["plan", "-input=false", "-no-color", `-out=${planFile}`, ...extra]).output;
    const shown = JSON.parse(this.tofu(["show", "-json", planFile]).output) as {
      resource_changes?: { address: string; type: string; change: { actions: string[] } }[];
    };
    return (shown.resource_changes ?? [])
      .map((c) => ({ address: c.address, type: c.type, actions: c.change.actions }))
      .filter((c) => !(c.actions.length === 1 && (c.actions[0] === "no-op" || c.actions[0] === "read")));
  }

  /** The state as `tofu show -json` gives it. */
  state(): { values?: { root_module?: { resources?: { address: string; type: string; values: Record<string, unknown> }[] } } } {
    return JSON.parse(this.tofu(["show", "-json"]).output);
  }
}

/** A readable list of changes, for failure messages. */
export function describeChanges(changes: readonly ResourceChange[]): string {
  return changes.map((c) => `${c.actions.join("+")} ${c.address}`).join("\n  ") || "(none)";
}
