// Scenario 1 of `npm run test:engines`: `tofu init` + `tofu validate` of the synthesized stacks.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Scenario } from "./scenario";
import { COMMAND_TIMEOUT_MS, engineProcessEnv, StackWorkspace, synthApp, withStorageNodes } from "./tofu";
import { CONFIG_DIR } from "../config/fixtures";

const ROOT = path.join(__dirname, "..", "..");

/** The configs validated: both shipped files and a large cluster. */
function configs(): [string, string][] {
  return [
    ["config/default.yaml", path.join(CONFIG_DIR, "default.yaml")],
    ["config/guide.yaml", path.join(CONFIG_DIR, "guide.yaml")],
    ["50 storage nodes", withStorageNodes(50)],
  ];
}

/** `tofu init` and `tofu validate` of `stacks` for each config. */
export function validateScenario(stacks: readonly string[]): Scenario {
  return {
    name: `1 validate: ${stacks.join(", ")} stack with config/default.yaml, config/guide.yaml, 50 storage nodes`,
    async run() {
      const failures: string[] = [];
      for (const [label, file] of configs()) {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "engines-validate-"));
        try {
          for (const stack of stacks) {
            const ws = new StackWorkspace(dir, stack);
            if (stack === stacks[0]) ws.synth(file);
            const r = ws.tofu(["validate", "-no-color"], { allowFailure: true });
            if (r.status !== 0) failures.push(`${stack} stack, ${label}:\n${r.output}`);
          }
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      }
      if (failures.length) throw new Error(failures.join("\n"));
    },
  };
}

/**
 * The committed provider schema (src/providers/hcloud/schema.json, which the bindings are generated from)
 * is what the pinned provider itself prints, reduced as `npm run providers:generate` reduces it: the
 * bindings' test only shows that the bindings match the committed schema.
 */
export function providerSchemaScenario(): Scenario {
  return {
    name: "1b providers: the committed hcloud schema is what the pinned provider prints (`npm run providers:generate`)",
    async run() {
      const { bindingSchema, printedSchema, schemaText, SCHEMA_FILE } = await import("../../scripts/providers/hcloud-bindings");
      const printed = schemaText(bindingSchema(printedSchema()));
      if (printed !== fs.readFileSync(SCHEMA_FILE, "utf8")) {
        throw new Error("src/providers/hcloud/schema.json differs from the provider's schema: run `npm run providers:generate`");
      }
    },
  };
}

/** HCL parsed by cdktf's hcl2json (Terraform's HCL parser compiled to wasm), in a child process: its Go runtime keeps handles open. */
function parseHcl(text: string): Record<string, any> {
  const script = `require("@cdktf/hcl2json").parse("cdk.tf", require("fs").readFileSync(0, "utf8"))
    .then((j) => { process.stdout.write(JSON.stringify(j)); process.exit(0); }, (e) => { console.error(String(e)); process.exit(1); });`;
  const r = spawnSync("node", ["-e", script], {
    input: text,
    encoding: "utf8",
    env: { ...engineProcessEnv(), TF_CLI_CONFIG_FILE: "/dev/null" },
  });
  if (r.status !== 0) throw new Error(`hcl2json refused the HCL: ${r.stderr}`);
  return JSON.parse(r.stdout) as Record<string, any>;
}

/** `type.name` of every resource of a parsed configuration (HCL or JSON), sorted. */
function addresses(doc: Record<string, any>): string[] {
  return Object.entries((doc.resource ?? {}) as Record<string, object>)
    .flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`))
    .sort();
}

/**
 * `npm run synth:hcl` (the way out of CDKTF: `cdktf synth --hcl` and the script's corrections) writes
 * HCL that OpenTofu validates with the real hcloud provider (the k3s stack's providers cannot be built
 * here: its HCL is parsed by Terraform's HCL parser instead), with the resources, variables and outputs
 * of the JSON synth, number lists of references as bare expressions, helm 3.x's `kubernetes` as an
 * object attribute, and the manifests chart beside it.
 */
export function hclScenario(): Scenario {
  return {
    name: "1c synth:hcl: both stacks' HCL has the JSON synth's resources; tofu validates the hcloud stack's",
    async run() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "engines-hcl-"));
      try {
        const hclOut = path.join(dir, "cdktf.out");
        const jsonOut = path.join(dir, "json");
        const r = spawnSync("node", [path.join(ROOT, "scripts", "synth-hcl.js"), "--output", hclOut], {
          cwd: ROOT,
          encoding: "utf8",
          timeout: COMMAND_TIMEOUT_MS,
          env: { ...engineProcessEnv(), CHECKPOINT_DISABLE: "1" },
        });
        if (r.status !== 0) throw new Error(`npm run synth:hcl failed:\n${r.stdout}${r.stderr}`);
        synthApp(path.join(CONFIG_DIR, "default.yaml"), jsonOut);
        for (const stack of ["hcloud", "k3s"]) {
          const text = fs.readFileSync(path.join(hclOut, "stacks", stack, "cdk.tf"), "utf8");
          const hcl = parseHcl(text);
          const json = JSON.parse(fs.readFileSync(path.join(jsonOut, "stacks", stack, "cdk.tf.json"), "utf8"));
          assert.ok(addresses(hcl).length > 10, `${stack}: only ${addresses(hcl).length} resources in the HCL`);
          assert.deepStrictEqual(addresses(hcl), addresses(json), `${stack}: resources`);
          assert.deepStrictEqual(Object.keys(hcl.variable ?? {}).sort(), Object.keys(json.variable ?? {}).sort(), `${stack}: variables`);
          assert.deepStrictEqual(Object.keys(hcl.output ?? {}).sort(), Object.keys(json.output ?? {}).sort(), `${stack}: outputs`);
          for (const [name, server] of Object.entries((json.resource.hcloud_server ?? {}) as Record<string, any>)) {
            assert.deepStrictEqual(hcl.resource.hcloud_server[name][0].firewall_ids, server.firewall_ids, `${name}: firewall_ids`);
          }
          if (stack === "k3s") {
            assert.match(text, /provider "helm" \{\n\s+kubernetes = \{/, "helm provider 3.x takes kubernetes as an object attribute");
            assert.deepStrictEqual(hcl.provider.helm[0].kubernetes, { config_context: "kube", config_path: "~/.kube/config" });
            const chart = /chart\s+= "(\.\/assets\/ManifestsChart\/[0-9A-F]+)"/.exec(text);
            assert.ok(chart, "no release uses the manifests chart");
            assert.ok(
              fs.existsSync(path.join(hclOut, "stacks", stack, chart[1], "Chart.yaml")),
              `${chart[1]}/Chart.yaml is not beside the HCL`,
            );
          }
        }
        const validated = new StackWorkspace(dir, "hcloud").tofu(["validate", "-no-color"], { allowFailure: true });
        if (validated.status !== 0) throw new Error(`tofu validate of the hcloud stack's HCL:\n${validated.output}`);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
