import { Token } from "cdktf";

/**
 * Whether `value` is or holds a token: a value that only Terraform knows, such as a variable, a
 * resource attribute or a string built from one (`${token}.example.org`). Validation skips such values
 * (as aws-cdk-lib's validators do) and checks everything else.
 */
export function isUnresolved(value: unknown): boolean {
  if (typeof value === "string" || typeof value === "number") return Token.isUnresolved(value);
  if (Array.isArray(value)) return Token.isUnresolved(value) || value.some(isUnresolved);
  return value !== null && typeof value === "object" && Token.isUnresolved(value);
}
