import { spawnSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { SynthesizedStack, itWhen } from "../helpers";

/** Stand-ins for what Terraform knows only at apply time, by expression pattern. */
const SAMPLE_VALUES: [RegExp, string][] = [
  [/^terraform_data\.[\w-]+_k3s_token\.triggers_replace$/, "0f3a9c2e7b1d4e8fa6c5b3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2"],
  // Secrets with characters that break naive quoting: the JSON string must stay valid YAML.
  [/^jsonencode\(var\.s3_access_key\)$/, JSON.stringify("SCW0ACCESS0KEY0EXAMPLE")],
  [/^jsonencode\(var\.s3_secret_key\)$/, JSON.stringify(`s3cr3t/with+"quotes"\\and: colons # hash`)],
];

/**
 * Evaluates a Terraform string template as Terraform would at apply time:
 * `$${` and `%%{` become literal `${` and `%{`, each `${expr}` that `known`
 * gives (e.g. `each.key` of a for_each instance) is replaced with that value,
 * any other with a sample value. Fails on an expression it has no value for,
 * and on a template directive (none is expected).
 */
export function evaluateTemplate(template: string, known: Readonly<Record<string, string>> = {}): string {
  return template.replace(/\$\$\{|%%\{|\$\{([^}]*)\}|%\{/g, (match, expr?: string) => {
    if (match === "$${") return "${";
    if (match === "%%{") return "%{";
    if (match === "%{") throw new Error("unexpected Terraform template directive %{ in user data");
    const key = expr!.trim();
    if (key in known) return known[key];
    const sample = SAMPLE_VALUES.find(([re]) => re.test(key));
    if (!sample) throw new Error(`no sample value for Terraform expression \${${expr}}`);
    return sample[1];
  });
}

/** Sample id of the first node's volume in {@link evaluatedUserData}; the next nodes' count up. */
export const VOLUME_ID_BASE = 104857600;

/**
 * Every server's user data as Terraform would send it, by node name: a server
 * resource's own, and for a pool's (a `for_each` over node name to
 * `{ ip, ... }`) each instance's, with `each.key` and `each.value.*` filled in.
 */
export function evaluatedUserData(stack: SynthesizedStack): Record<string, string> {
  const servers = stack.resource?.hcloud_server ?? {};
  return Object.fromEntries(
    Object.entries(servers).flatMap(([id, s]) => {
      if (s.for_each === undefined) return [[id, evaluateTemplate(String(s.user_data))]];
      return Object.entries(s.for_each as Record<string, Record<string, string>>).map(([node, value], i) => {
        const known = Object.fromEntries([
          ["each.key", node],
          ...Object.entries(value).map(([k, v]) => [`each.value.${k}`, v]),
          // The node's own volume (the pool's volumes have the servers' address): an id per node.
          [`hcloud_volume.${id}[each.key].id`, String(VOLUME_ID_BASE + i)],
        ]);
        return [node, evaluateTemplate(String(s.user_data), known)];
      });
    }),
  );
}

/** A file of a cloud-config's write_files. */
export interface WrittenFile {
  readonly path: string;
  readonly content: string;
  readonly permissions: string;
  readonly owner: string;
}

/** The parsed cloud-config and its files. */
export function parseCloudConfig(userData: string): { config: Record<string, unknown>; files: WrittenFile[] } {
  if (!userData.startsWith("#cloud-config\n")) throw new Error("user data must start with #cloud-config");
  const config = parse(userData) as Record<string, unknown>;
  return { config, files: (config.write_files as WrittenFile[]) ?? [] };
}

/** Whether an executable is on PATH. */
export function hasTool(name: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).status === 0;
}

/**
 * `it` for a test that needs an external validator: runs it when the tool is
 * installed; otherwise the test fails in CI (CI is set) and is skipped locally,
 * with the reason in its name.
 */
export function itWithTool(tool: string): jest.It {
  return itWhen(
    hasTool(tool),
    `${tool} is not installed; .ci/run installs it (apt-get install cloud-init shellcheck)`,
    `${tool} not installed; CI fails instead`,
  );
}

/**
 * Runs a validator on `content` written to a temporary file; returns exit status and output. Under
 * `npm run test:mutation` (MUTATION_TESTING=1) the result is kept per input and tool version in
 * node_modules/.cache/validators: a mutation run loads cloud-init.test for thousands of mutants, most of
 * which leave the user data as it was, and each cloud-init run costs a Python start.
 */
export function runOnFile(
  command: string,
  args: readonly string[],
  content: string,
  suffix: string,
): { status: number | null; output: string } {
  const cached = process.env.MUTATION_TESTING === "1" ? validatorCacheFile(command, args, content, suffix) : undefined;
  if (cached && fs.existsSync(cached)) return JSON.parse(fs.readFileSync(cached, "utf8"));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hcloud-validate-"));
  try {
    const file = path.join(dir, `input${suffix}`);
    fs.writeFileSync(file, content);
    const run = spawnSync(command, [...args, file], { encoding: "utf8" });
    const result = { status: run.status, output: `${run.stdout}${run.stderr}` };
    if (cached && run.status !== null) {
      // Written aside and renamed, so that the other Stryker worker never reads half a file.
      fs.writeFileSync(`${cached}.${process.pid}`, JSON.stringify(result));
      fs.renameSync(`${cached}.${process.pid}`, cached);
    }
    return result;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Where {@link runOnFile} keeps results under `npm run test:mutation`. */
const VALIDATOR_CACHE = path.resolve(__dirname, "../../node_modules/.cache/validators");

/** `<tool> --version` of each tool asked in this process: part of the cache key, so an upgraded tool runs again. */
const toolVersions = new Map<string, string>();

/** Where the result of `command args` on this input is kept (see {@link runOnFile}). */
function validatorCacheFile(command: string, args: readonly string[], content: string, suffix: string): string {
  if (!toolVersions.has(command)) {
    const run = spawnSync(command, ["--version"], { encoding: "utf8" });
    toolVersions.set(command, `${run.status} ${run.stdout}${run.stderr}`);
    fs.mkdirSync(VALIDATOR_CACHE, { recursive: true });
  }
  const key = createHash("sha256")
    .update(JSON.stringify([command, toolVersions.get(command), args, suffix, content]))
    .digest("hex");
  return path.join(VALIDATOR_CACHE, `${key}.json`);
}

/** `cloud-init schema -c <file>` (Debian's cloud-init). */
export function cloudInitSchema(userData: string) {
  return runOnFile("cloud-init", ["schema", "-c"], userData, ".yaml");
}

/** `shellcheck` on a script (shell taken from its shebang). */
export function shellcheck(script: string) {
  return runOnFile("shellcheck", ["--severity=style"], script, ".sh");
}
