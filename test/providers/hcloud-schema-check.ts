import { committedSchema } from "../../scripts/providers/hcloud-bindings";
import { SynthesizedStack } from "../helpers";

/*
 * Checks synthesized hcloud resources against the provider's real schema (src/providers/hcloud/schema.json,
 * printed by `tofu providers schema -json` for the pinned provider): every argument exists and is settable,
 * has the schema's type, and every required one is there; blocks nest as the schema says.
 */

type SchemaType = string | [string, SchemaType];
interface SchemaAttribute {
  readonly type: SchemaType;
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly deprecated?: boolean;
}
interface SchemaBlock {
  readonly attributes?: Record<string, SchemaAttribute>;
  readonly block_types?: Record<
    string,
    {
      readonly nesting_mode: "single" | "list" | "set";
      readonly max_items?: number;
      readonly block: SchemaBlock & { readonly deprecated?: boolean };
    }
  >;
}

const provider = Object.values(committedSchema().provider_schemas)[0] as unknown as {
  provider: { block: SchemaBlock };
  resource_schemas: Record<string, { block: SchemaBlock }>;
};

/** The resource types of the provider's schema that the bindings cover. */
export const HCLOUD_SCHEMA_RESOURCES: readonly string[] = Object.keys(provider.resource_schemas).sort();

/** Terraform meta-arguments cdktf may add to any resource, and to a provider block. */
const META_ARGUMENTS = new Set(["depends_on", "count", "for_each", "provider", "lifecycle", "connection", "provisioner", "//"]);
const PROVIDER_META_ARGUMENTS = new Set(["alias", "//"]);

const isExpression = (v: unknown) => typeof v === "string" && /^\$\{.*\}$/s.test(v);

function typeProblem(type: SchemaType, value: unknown): string | undefined {
  if (isExpression(value)) return undefined; // known only at apply time
  const expected = () => `expected ${JSON.stringify(type)}`;
  if (typeof type === "string") {
    const ok = { string: typeof value === "string", number: typeof value === "number", bool: typeof value === "boolean" }[type];
    return ok ? undefined : expected();
  }
  const [kind, inner] = type;
  if (kind === "list" || kind === "set") {
    return Array.isArray(value) && value.every((v) => typeProblem(inner, v) === undefined) ? undefined : expected();
  }
  if (kind === "map") {
    return value &&
      typeof value === "object" &&
      !Array.isArray(value) &&
      Object.values(value).every((v) => typeProblem(inner, v) === undefined)
      ? undefined
      : expected();
  }
  return `type ${JSON.stringify(type)} is not checked here`;
}

/** Problems of one object (resource body or block) against its schema block. */
function check(where: string, body: Record<string, unknown>, block: SchemaBlock, meta: ReadonlySet<string> = new Set()): string[] {
  const problems: string[] = [];
  const attributes = block.attributes ?? {};
  const blocks = block.block_types ?? {};
  for (const [key, value] of Object.entries(body)) {
    if (meta.has(key)) continue;
    const attribute = attributes[key];
    const nested = blocks[key];
    if (attribute) {
      if (!attribute.required && !attribute.optional) {
        problems.push(`${where}.${key}: computed by the provider, not an argument`);
        continue;
      }
      if (attribute.deprecated) problems.push(`${where}.${key}: deprecated by the provider`);
      const p = typeProblem(attribute.type, value);
      if (p) problems.push(`${where}.${key}: ${p} (got ${JSON.stringify(value)})`);
    } else if (nested && isExpression(value)) {
      continue; // a whole block from an expression: known only at apply time
    } else if (nested) {
      if (nested.block.deprecated) problems.push(`${where}.${key}: deprecated by the provider`);
      // Terraform's JSON syntax takes a block as one object or a list of them.
      const items = Array.isArray(value) ? value : [value];
      if (nested.nesting_mode === "single" && Array.isArray(value)) problems.push(`${where}.${key}: a single block, not a list`);
      if (nested.max_items !== undefined && items.length > nested.max_items)
        problems.push(`${where}.${key}: at most ${nested.max_items} block(s)`);
      items.forEach((v, i) => problems.push(...check(`${where}.${key}[${i}]`, v as Record<string, unknown>, nested.block)));
    } else {
      problems.push(`${where}.${key}: not an argument of the provider's schema`);
    }
  }
  for (const [key, attribute] of Object.entries(attributes)) {
    if (attribute.required && !(key in body)) problems.push(`${where}.${key}: required argument missing`);
  }
  return problems;
}

/**
 * Every hcloud argument of a synthesized stack that the provider's schema does not have, has
 * another type, or is required but missing. Resource types outside the schema are problems too.
 */
export function hcloudSchemaProblems(stack: SynthesizedStack): string[] {
  const problems: string[] = [];
  for (const [type, resources] of Object.entries(stack.resource ?? {})) {
    if (!type.startsWith("hcloud_")) continue;
    const schema = provider.resource_schemas[type];
    if (!schema) {
      problems.push(`${type}: not in the committed provider schema`);
      continue;
    }
    for (const [id, body] of Object.entries(resources)) problems.push(...check(`${type}.${id}`, body, schema.block, META_ARGUMENTS));
  }
  for (const [i, body] of (stack.provider?.hcloud ?? []).entries()) {
    problems.push(...check(`provider.hcloud[${i}]`, body as Record<string, unknown>, provider.provider.block, PROVIDER_META_ARGUMENTS));
  }
  return problems;
}
