// `npm run providers:generate`: refreshes src/providers/hcloud/schema.json from the provider itself
// (`tofu providers schema -json`, offline, with the provider of `npm run engines:build`), then writes
// the bindings generated from it. `-- --from-committed` skips the refresh: no Go, no Terraform needed.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { cliConfigPath, enginePath } from "../engines/catalog";
import {
  BINDINGS_DIR,
  HCLOUD_PROVIDER,
  SCHEMA_FILE,
  bindingSchema,
  committedSchema,
  generateBindings,
  schemaText,
} from "./hcloud-bindings";

function printedSchema(): string {
  const tofu = process.env.ENGINES_TOFU || enginePath("tofu");
  if (!fs.existsSync(tofu)) throw new Error(`${tofu} is missing: run \`npm run engines:build\` first (or pass --from-committed)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hcloud-schema-"));
  try {
    fs.writeFileSync(
      path.join(dir, "main.tf.json"),
      JSON.stringify({
        terraform: { required_providers: { hcloud: { source: HCLOUD_PROVIDER.source, version: HCLOUD_PROVIDER.version } } },
      }),
    );
    const env = { ...process.env, TF_CLI_CONFIG_FILE: cliConfigPath(), CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };
    const run = (args: string[]) => {
      const r = spawnSync(tofu, args, { cwd: dir, env, encoding: "utf8", maxBuffer: 256 << 20 });
      if (r.status !== 0) throw new Error(`tofu ${args.join(" ")} failed:\n${r.stdout}${r.stderr}`);
      return r.stdout;
    };
    run(["init", "-input=false", "-backend=false"]);
    return run(["providers", "schema", "-json"]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  if (!process.argv.includes("--from-committed")) {
    fs.writeFileSync(SCHEMA_FILE, schemaText(bindingSchema(JSON.parse(printedSchema()))));
    console.log(`providers:generate: wrote ${path.relative(process.cwd(), SCHEMA_FILE)}`);
  }
  const files = await generateBindings(committedSchema());
  const keep = new Set([...files.keys(), "schema.json"]);
  for (const stale of fs.readdirSync(BINDINGS_DIR).filter((f) => !keep.has(f))) fs.rmSync(path.join(BINDINGS_DIR, stale));
  for (const [name, text] of files) fs.writeFileSync(path.join(BINDINGS_DIR, name), text);
  console.log(`providers:generate: ${files.size} files in ${path.relative(process.cwd(), BINDINGS_DIR)} (${Date.now() - started} ms)`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
