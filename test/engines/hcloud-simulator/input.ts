/**
 * Reading request bodies the way the API validates them: typed fields, labels (Hetzner's label
 * syntax), ids or names, and a check that the body holds only fields the simulator models. A field
 * that the API knows but the simulator does not model is refused with 501 when it carries a value
 * (null, absent and empty lists are fine): the simulator would otherwise silently ignore it.
 */
import { ApiError, NotModeledError, invalidInput, notFound } from "./errors";
import type { RequestContext } from "./route";
import type { Labels } from "./store";

type Body = Record<string, unknown>;

/** Refuses fields of `body` outside `modeled` that carry a value. */
export function onlyModeledFields(body: Body, modeled: readonly string[], where: string): void {
  for (const [key, value] of Object.entries(body)) {
    if (modeled.includes(key) || value === null || value === undefined) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    throw new NotModeledError(`field '${key}' of ${where}`);
  }
}

/** The numeric `{id}` of the path. */
export function pathId(ctx: RequestContext, what: string): number {
  const raw = ctx.params.id;
  if (!/^[1-9]\d{0,15}$/.test(raw)) throw notFound(what);
  return Number(raw);
}

/**
 * The value of `field` when `valid` holds for it; `undefined` when absent or null (`invalid_input`
 * "is required" instead when `required`); `invalid_input` "must be <kind>" otherwise.
 */
function typedField<T>(body: Body, field: string, required: boolean, valid: (value: unknown) => value is T, kind: string): T | undefined {
  const value = body[field];
  if (value === undefined || value === null) {
    if (required) throw invalidInput(field, "is required");
    return undefined;
  }
  if (!valid(value)) throw invalidInput(field, `must be ${kind}`);
  return value;
}

const isString = (value: unknown): value is string => typeof value === "string";
const isInteger = (value: unknown): value is number => typeof value === "number" && Number.isInteger(value);
const isBoolean = (value: unknown): value is boolean => typeof value === "boolean";
const isObject = (value: unknown): value is Body => typeof value === "object" && !Array.isArray(value);

/** A required or optional string field. */
export function stringField(body: Body, field: string, required: true): string;
export function stringField(body: Body, field: string, required?: false): string | undefined;
export function stringField(body: Body, field: string, required = false): string | undefined {
  return typedField(body, field, required, isString, "a string");
}

/** A required or optional integer field. */
export function intField(body: Body, field: string, required: true): number;
export function intField(body: Body, field: string, required?: false): number | undefined;
export function intField(body: Body, field: string, required = false): number | undefined {
  return typedField(body, field, required, isInteger, "an integer");
}

/** An optional boolean field. */
export function boolField(body: Body, field: string): boolean | undefined {
  return typedField(body, field, false, isBoolean, "a boolean");
}

/** An optional object field. */
export function objectField(body: Body, field: string): Body | undefined {
  return typedField(body, field, false, isObject, "an object");
}

/** An optional list field. */
export function listField(body: Body, field: string): unknown[] | undefined {
  return typedField(body, field, false, Array.isArray, "a list");
}

/** The `name` of a creation request: a string, required and not empty. */
export function requiredName(body: Body): string {
  const name = stringField(body, "name", true);
  if (name === "") throw invalidInput("name", "is required");
  return name;
}

/** An "ID or name" field: a number, a numeric string or a name. */
export function idOrNameField(body: Body, field: string): number | string | undefined {
  const value = body[field];
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value === "number" && Number.isInteger(value)) return value;
  if (typeof value === "string") return /^\d+$/.test(value) ? Number(value) : value;
  throw invalidInput(field, "must be an ID or a name");
}

// Hetzner's label syntax: a name segment of at most 63 characters, alphanumeric at both ends, with
// an optional DNS subdomain prefix; values alike (or empty). The `hetzner.cloud/` prefix is reserved.
const LABEL_NAME = /^[a-zA-Z0-9]([-a-zA-Z0-9_.]{0,61}[a-zA-Z0-9])?$/;
const LABEL_PREFIX = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^([a-zA-Z0-9]([-a-zA-Z0-9_.]{0,61}[a-zA-Z0-9])?)?$/;

/** Why a label key is invalid, or undefined. */
function labelKeyProblem(key: string): string | undefined {
  const slash = key.lastIndexOf("/");
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix === "hetzner.cloud") return `label key '${key}' uses the reserved prefix hetzner.cloud/`;
  if (prefix !== undefined && !LABEL_PREFIX.test(prefix)) return `label key '${key}' has an invalid prefix`;
  if (!LABEL_NAME.test(name)) return `label key '${key}' is invalid`;
  return undefined;
}

/** The `labels` field, validated; `{}` when absent. */
export function labelsField(body: Body): Labels {
  const value = objectField(body, "labels");
  if (!value) return {};
  const labels: Labels = {};
  for (const [key, v] of Object.entries(value)) {
    const keyProblem = labelKeyProblem(key);
    if (keyProblem) throw invalidInput("labels", keyProblem);
    if (typeof v !== "string" || !LABEL_VALUE.test(v)) throw invalidInput("labels", `label value of '${key}' is invalid`);
    labels[key] = v;
  }
  return labels;
}

/** Refuses `name` when another resource of the same kind already has it. */
export function assertUniqueName(existing: Iterable<{ id: number; name: string }>, name: string, what: string, selfId?: number): void {
  for (const other of existing) {
    if (other.name === name && other.id !== selfId) {
      throw new ApiError(409, "uniqueness_error", `${what} name is already used`, { fields: [{ name: "name" }] });
    }
  }
}

/** The record with `id`, or a `not_found` error. */
export function mustGet<T>(map: ReadonlyMap<number, T>, id: number, what: string): T {
  const record = map.get(id);
  if (!record) throw notFound(what);
  return record;
}

/** Applies `{name, labels}` of an update request (`PUT /<resources>/{id}`). */
export function applyNameAndLabels(
  body: Body,
  record: { id: number; name: string; labels: Labels },
  existing: Iterable<{ id: number; name: string }>,
  what: string,
  validName: (name: string) => boolean = (name) => name.length > 0,
): void {
  const name = stringField(body, "name");
  if (name !== undefined && name !== "") {
    if (!validName(name)) throw invalidInput("name", "is invalid");
    assertUniqueName(existing, name, what, record.id);
    record.name = name;
  }
  if (body.labels !== undefined && body.labels !== null) record.labels = labelsField(body);
}
