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

/** A required or optional string field. */
export function stringField(body: Body, field: string, required: true): string;
export function stringField(body: Body, field: string, required?: false): string | undefined;
export function stringField(body: Body, field: string, required = false): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) {
    if (required) throw invalidInput(field, "is required");
    return undefined;
  }
  if (typeof value !== "string") throw invalidInput(field, "must be a string");
  return value;
}

/** A required or optional integer field. */
export function intField(body: Body, field: string, required: true): number;
export function intField(body: Body, field: string, required?: false): number | undefined;
export function intField(body: Body, field: string, required = false): number | undefined {
  const value = body[field];
  if (value === undefined || value === null) {
    if (required) throw invalidInput(field, "is required");
    return undefined;
  }
  if (typeof value !== "number" || !Number.isInteger(value)) throw invalidInput(field, "must be an integer");
  return value;
}

/** An optional boolean field. */
export function boolField(body: Body, field: string): boolean | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") throw invalidInput(field, "must be a boolean");
  return value;
}

/** An optional object field. */
export function objectField(body: Body, field: string): Body | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "object" || Array.isArray(value)) throw invalidInput(field, "must be an object");
  return value as Body;
}

/** An optional list field. */
export function listField(body: Body, field: string): unknown[] | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw invalidInput(field, "must be a list");
  return value;
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
