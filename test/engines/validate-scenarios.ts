// Scenario 1 of `npm run test:engines`: `tofu init` + `tofu validate` of the synthesized stacks.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Scenario } from "./scenario";
import { StackWorkspace, withStorageNodes } from "./tofu";
import { CONFIG_DIR } from "../config/fixtures";

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
