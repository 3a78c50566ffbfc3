import { Token } from "cdktf";

/**
 * Whether `value` is or holds a token: a value that only Terraform knows, such as a variable, a
 * resource attribute or a string built from one (`${token}.example.org`). Validation skips such values
 * (as aws-cdk-lib's validators do) and checks everything else.
 */
export function isUnresolved(value: unknown): boolean {
  if (isToken(value)) return true;
  if (Array.isArray(value)) return value.some(isUnresolved);
  // A plain object (a label map, a reference) holding a token somewhere is not known either.
  return isPlainObject(value) && Object.entries(value).some(([k, v]) => isToken(k) || isUnresolved(v));
}

/** Whether `value` itself is a token (a string holding one, a number, a list or an IResolvable); not what it holds. */
export function isToken(value: unknown): boolean {
  return Token.isUnresolved(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
