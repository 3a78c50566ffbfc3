// The hcloud provider bindings of src/providers/hcloud/, generated as `cdktf get` generates them:
// cdktf's own provider generator (@cdktf/provider-generator 0.21, what `cdktf get` runs) over the
// provider's real schema (`tofu providers schema -json`), committed as src/providers/hcloud/schema.json.
//
// The committed schema keeps names, types and nesting only: the provider's description texts are
// stripped (each generated class links to the provider's documentation page instead), and only the
// resources this project uses are kept (HCLOUD_RESOURCES; add one there to get its binding).
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PROVIDERS, cliConfigPath, enginePath } from "../engines/catalog";

/**
 * The provider the bindings are generated for. cdktf writes its exact version into the stack's
 * `required_providers`, as for any `cdktf get` binding: the bindings match that schema exactly.
 */
export const HCLOUD_PROVIDER = {
  source: "hetznercloud/hcloud",
  // One source: the provider that `npm run engines:build` builds (and whose schema it prints).
  version: hcloudEngineVersion(),
} as const;

function hcloudEngineVersion(): string {
  const engine = PROVIDERS.find((p) => p.namespace === "hetznercloud" && p.type === "hcloud");
  if (!engine) throw new Error("scripts/engines/catalog.ts builds no hetznercloud/hcloud provider");
  return engine.version.replace(/^v/, "");
}

/** The resource types that get a binding. */
export const HCLOUD_RESOURCES = [
  "hcloud_firewall",
  "hcloud_load_balancer",
  "hcloud_load_balancer_network",
  "hcloud_load_balancer_service",
  "hcloud_load_balancer_target",
  "hcloud_network",
  "hcloud_network_subnet",
  "hcloud_placement_group",
  "hcloud_server",
  "hcloud_ssh_key",
  "hcloud_volume",
  "hcloud_volume_attachment",
] as const;

export const BINDINGS_DIR = path.join(__dirname, "..", "..", "src", "providers", "hcloud");
export const SCHEMA_FILE = path.join(BINDINGS_DIR, "schema.json");

/** The provider's key in a schema: registry.terraform.io, as `cdktf get` (which runs terraform) sees it. */
const FQPN = `registry.terraform.io/${HCLOUD_PROVIDER.source}`;

/** A provider schema as `providers schema -json` prints it (the parts the generator reads). */
export interface ProviderSchemaJson {
  readonly format_version: string;
  readonly provider_schemas: Record<string, Record<string, unknown>>;
  readonly provider_versions?: Record<string, string>;
}

/** A block of a provider schema, as far as description texts go. */
interface SchemaBlockJson {
  readonly attributes?: Record<string, Record<string, unknown>>;
  readonly block_types?: Record<string, { readonly block: SchemaBlockJson } & Record<string, unknown>>;
  readonly [key: string]: unknown;
}

/** The fields of a block or attribute that hold prose, not schema. */
const TEXT_FIELDS = new Set(["description", "description_kind", "deprecation_message"]);

function withoutTexts<T extends Record<string, unknown>>(node: T): T {
  return Object.fromEntries(Object.entries(node).filter(([key]) => !TEXT_FIELDS.has(key))) as T;
}

/**
 * Drops the description texts of a block, its attributes and its nested blocks, by position (never
 * inside a `type`, where an object type may have a field named `description`), keeping names,
 * types, nesting and flags such as `deprecated`.
 */
function withoutDescriptions(block: SchemaBlockJson): SchemaBlockJson {
  const attributes = block.attributes && Object.fromEntries(Object.entries(block.attributes).map(([name, a]) => [name, withoutTexts(a)]));
  const blockTypes =
    block.block_types &&
    Object.fromEntries(Object.entries(block.block_types).map(([name, b]) => [name, { ...b, block: withoutDescriptions(b.block) }]));
  return { ...withoutTexts(block), ...(attributes ? { attributes } : {}), ...(blockTypes ? { block_types: blockTypes } : {}) };
}

/** The prose fields left in a schema's blocks and attributes (none, for one that bindingSchema wrote). */
export function textFieldsOf(schema: ProviderSchemaJson): string[] {
  const found: string[] = [];
  const walk = (where: string, block: SchemaBlockJson) => {
    for (const key of Object.keys(block)) if (TEXT_FIELDS.has(key)) found.push(`${where}.${key}`);
    for (const [name, a] of Object.entries(block.attributes ?? {}))
      for (const key of Object.keys(a)) if (TEXT_FIELDS.has(key)) found.push(`${where}.${name}.${key}`);
    for (const [name, b] of Object.entries(block.block_types ?? {})) walk(`${where}.${name}`, b.block);
  };
  for (const [fqpn, p] of Object.entries(schema.provider_schemas)) {
    const provider = p as { provider: { block: SchemaBlockJson }; resource_schemas: Record<string, { block: SchemaBlockJson }> };
    walk(`${fqpn}.provider`, provider.provider.block);
    for (const [type, r] of Object.entries(provider.resource_schemas)) walk(`${fqpn}.${type}`, r.block);
  }
  return found;
}

/** The committed form of a schema printed by `tofu providers schema -json`: HCLOUD_RESOURCES only, no descriptions. */
export function bindingSchema(printed: ProviderSchemaJson): ProviderSchemaJson {
  const provider = Object.entries(printed.provider_schemas).find(([fqpn]) => fqpn.endsWith(`/${HCLOUD_PROVIDER.source}`))?.[1] as
    | { provider: { block: SchemaBlockJson } & Record<string, unknown>; resource_schemas: Record<string, { block: SchemaBlockJson }> }
    | undefined;
  if (!provider) throw new Error(`the schema has no ${HCLOUD_PROVIDER.source}`);
  const missing = HCLOUD_RESOURCES.filter((r) => !provider.resource_schemas[r]);
  if (missing.length) throw new Error(`${HCLOUD_PROVIDER.source} ${HCLOUD_PROVIDER.version} has no ${missing.join(", ")}`);
  return {
    format_version: printed.format_version,
    provider_schemas: {
      [FQPN]: {
        provider: { ...provider.provider, block: withoutDescriptions(provider.provider.block) },
        resource_schemas: Object.fromEntries(
          HCLOUD_RESOURCES.map((r) => [
            r,
            { ...provider.resource_schemas[r], block: withoutDescriptions(provider.resource_schemas[r].block) },
          ]),
        ),
        data_source_schemas: {},
      },
    },
    provider_versions: { [FQPN]: HCLOUD_PROVIDER.version },
  };
}

/** The schema's text as committed (stable key order from the printed schema, 2-space JSON). */
export function schemaText(schema: ProviderSchemaJson): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

const INDEX_HEADER = `// Typed bindings of the ${HCLOUD_PROVIDER.source} Terraform provider ${HCLOUD_PROVIDER.version}, one module per resource,
// generated by \`npm run providers:generate\` (scripts/providers/hcloud-bindings.ts) with cdktf's provider
// generator from schema.json: do not edit. Import the module you need (\`providers/hcloud/server\`), not this
// index, to keep synth fast.
`;

/**
 * The binding files generated from `schema`, by file name: `<resource>.ts` for each resource and
 * `provider.ts` (the generator's `<name>/index.ts`, one file each, so that deep imports stay
 * `providers/hcloud/<name>`), and an index that re-exports them all.
 */
export async function generateBindings(schema: ProviderSchemaJson): Promise<Map<string, string>> {
  // The generator's package loads @cdktf/commons, which runs `terraform version` and cdktf's checkpoint
  // call when it is first required: neither is wanted (nor any Terraform binary on the PATH).
  process.env.CHECKPOINT_DISABLE = "1";
  process.env.TERRAFORM_BINARY_NAME = "gitops-day-platform-no-terraform";
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only here, with the environment above
  const { CodeMaker, TerraformProviderGenerator } = require("@cdktf/provider-generator") as typeof import("@cdktf/provider-generator");
  const code = new CodeMaker();
  new TerraformProviderGenerator(code, schema as never).generate({
    source: HCLOUD_PROVIDER.source,
    version: HCLOUD_PROVIDER.version,
    name: "hcloud",
    fqn: HCLOUD_PROVIDER.source,
    namespace: "hetznercloud",
    isModule: false,
    isProvider: true,
    targetLanguage: "typescript",
  } as never);
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "hcloud-bindings-"));
  try {
    await code.save(out);
    const root = path.join(out, "providers", "hcloud");
    const files = new Map<string, string>();
    const modules = fs
      .readdirSync(root, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    for (const name of modules) {
      // One file per module (plus its README): a split module would not survive the flattening.
      const extra = fs.readdirSync(path.join(root, name)).filter((f) => f !== "index.ts" && f !== "README.md");
      if (extra.length) throw new Error(`the generator wrote more than index.ts for ${name}: ${extra.join(", ")}`);
      files.set(`${name}.ts`, fs.readFileSync(path.join(root, name, "index.ts"), "utf8"));
    }
    files.set("index.ts", INDEX_HEADER + modules.map((name) => `export * from "./${name}";\n`).join(""));
    return files;
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

/** The committed schema. */
export function committedSchema(): ProviderSchemaJson {
  return JSON.parse(fs.readFileSync(SCHEMA_FILE, "utf8"));
}

/**
 * The schema as the pinned provider prints it (`tofu providers schema -json`), offline: the provider comes
 * from the filesystem mirror of `npm run engines:build` (ENGINES_TOFU: another tofu or terraform).
 */
export function printedSchema(): ProviderSchemaJson {
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
      const r = spawnSync(tofu, args, { cwd: dir, env, encoding: "utf8", maxBuffer: 256 << 20, timeout: 10 * 60_000 });
      if (r.status !== 0) throw new Error(`tofu ${args.join(" ")} failed:\n${r.stdout}${r.stderr}`);
      return r.stdout;
    };
    run(["init", "-input=false", "-backend=false"]);
    return JSON.parse(run(["providers", "schema", "-json"]));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
