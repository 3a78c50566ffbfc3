/** Type of a Terraform argument, in Terraform's type syntax. */
export type TerraformArgumentType = "string" | "number" | "bool" | "list(string)" | "list(number)" | "map(string)";

/** A plain argument of a resource or block. */
export interface TerraformArgument {
  /** Terraform type of the value. */
  readonly type: TerraformArgumentType;
  /** Whether the provider requires it. */
  readonly required: boolean;
}

/** A nested block (synthesized as a JSON list of objects). */
export interface TerraformBlockArgument {
  /** How Terraform nests the block. */
  readonly nesting: "list" | "set";
  /** Maximum number of blocks, when the provider limits it. */
  readonly maxItems?: number;
  /** Arguments of the block. */
  readonly block: TerraformArguments;
}

/**
 * The arguments a binding can synthesize, by Terraform name. Every binding of
 * this folder exports one (`<RESOURCE>_ARGUMENTS`, also `X.tfArguments`), so
 * that tests can check a synthesized configuration against the declared schema.
 */
export interface TerraformArguments {
  readonly [name: string]: TerraformArgument | TerraformBlockArgument;
}

/**
 * The arguments that are set. cdktf drops unset ones from the JSON anyway, but
 * only after resolving each of them three times per synth; a binding that
 * leaves them out saves that (10 ms of a 50-node cluster's synth). The output
 * is the same as with cdktf's generated bindings.
 */
export function setArguments(attributes: { [name: string]: unknown }): { [name: string]: unknown } {
  const set: { [name: string]: unknown } = {};
  for (const [name, value] of Object.entries(attributes)) if (value !== undefined) set[name] = value;
  return set;
}
