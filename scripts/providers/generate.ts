// `npm run providers:generate`: refreshes src/providers/hcloud/schema.json from the provider itself
// (`tofu providers schema -json`, offline, with the provider of `npm run engines:build`), then writes
// the bindings generated from it. `-- --from-committed` skips the refresh: no Go, no Terraform needed.
import * as fs from "fs";
import * as path from "path";
import { BINDINGS_DIR, SCHEMA_FILE, bindingSchema, committedSchema, generateBindings, printedSchema, schemaText } from "./hcloud-bindings";

async function main(): Promise<void> {
  const started = Date.now();
  if (!process.argv.includes("--from-committed")) {
    fs.writeFileSync(SCHEMA_FILE, schemaText(bindingSchema(printedSchema())));
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
