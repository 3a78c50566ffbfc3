import { closest, distance } from "fastest-levenshtein";
import { z } from "zod";
import { ValidationError } from "./errors";
import { sshPublicKeyShown } from "./ssh-public-key";

/*
 * How a problem is worded: `path: what is allowed (got value)`, for config files and construct props alike.
 */

/** Renders a value for an error message, short enough to stay on one line. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "undefined";
  // JSON has no NaN or Infinity (YAML's .nan, .inf): it would print them as null.
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Renders a zod issue path as `a.b[0].c`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += out === "" ? String(segment) : `.${String(segment)}`;
  }
  return out === "" ? "(root)" : out;
}

/** The keys an object schema (under wrappers such as optional or default) declares at `path`. */
function declaredKeys(schema: z.core.$ZodType, path: readonly PropertyKey[]): string[] {
  type Inner = z.core.$ZodType;
  const def = schema._zod.def as unknown as {
    readonly type: string;
    readonly innerType: Inner;
    readonly in: Inner;
    readonly options: readonly Inner[];
    readonly element: Inner;
    readonly valueType: Inner;
    readonly shape: Readonly<Record<string, Inner | undefined>>;
  };
  switch (def.type) {
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "readonly":
    case "catch":
      return declaredKeys(def.innerType, path);
    case "pipe":
      return declaredKeys(def.in, path);
    case "union":
      return def.options.flatMap((option) => declaredKeys(option, path));
    case "array":
      return typeof path[0] === "number" ? declaredKeys(def.element, path.slice(1)) : [];
    case "record":
      return path.length > 0 ? declaredKeys(def.valueType, path.slice(1)) : [];
    case "object": {
      if (path.length === 0) return Object.keys(def.shape);
      const field = def.shape[String(path[0])];
      return field ? declaredKeys(field, path.slice(1)) : [];
    }
    default:
      return [];
  }
}

/** `(did you mean "x"?)` for a key one or two typos away from a declared one; "" otherwise. */
function suggestion(key: string, declared: readonly string[]): string {
  if (declared.length === 0) return "";
  const best = closest(key, [...declared]);
  return distance(key.toLowerCase(), best.toLowerCase()) <= Math.max(2, Math.floor(key.length / 4)) ? ` (did you mean "${best}"?)` : "";
}

/** A value for a message: under `sshKeys`, a key's type and comment only, never its key material. */
function shownInput(path: readonly PropertyKey[], input: unknown): string {
  if (!path.includes("sshKeys")) return describeValue(input);
  if (typeof input !== "string") return "<not shown>";
  // A key name or a comment is shown; anything holding a run of base64 (key data) is not.
  if (!/PRIVATE KEY|[A-Za-z0-9+/=]{16}/.test(input)) return describeValue(input);
  // A check that shows the key itself already passes it through sshPublicKeyShown.
  return describeValue(/<(key data|key line|a private key)[^>]*not shown>/.test(input) ? input : sshPublicKeyShown(input));
}

/**
 * One line per issue: `path: message (got value)`. With the `schema` that was parsed, an unknown key
 * also names the declared key it is closest to.
 */
export function formatIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = [], schema?: z.core.$ZodType): string[] {
  return issues.map((issue) => {
    const path = formatPath([...prefix, ...issue.path]);
    if (issue.code === "unrecognized_keys" && schema) {
      const declared = declaredKeys(schema, issue.path);
      return `${path}: ${issue.keys.map((k) => `unknown key ${describeValue(k)}${suggestion(k, declared)}`).join("; ")}`;
    }
    // A field left out: say so, rather than "expected string, received undefined".
    if (issue.code === "invalid_type" && "input" in issue && issue.input === undefined) return `${path}: is required (${issue.expected})`;
    const got =
      "input" in issue && issue.code !== "unrecognized_keys" ? ` (got ${shownInput([...prefix, ...issue.path], issue.input)})` : "";
    return `${path}: ${issueMessage(issue)}${got}`;
  });
}

/** The message of an issue; for record keys and unions, the messages of the nested issues that explain it. */
function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_key" && issue.issues.length > 0) {
    return `invalid key: ${issue.issues.map((i) => i.message).join("; ")}`;
  }
  if (issue.code === "invalid_union" && issue.errors.length > 0) {
    const alternatives = issue.errors.map((branch) =>
      branch.map((i) => `${i.path.length > 0 ? `${formatPath(i.path)} ` : ""}${i.message}`).join(", "),
    );
    return `must match one of: ${alternatives.map((a, i) => `(${i + 1}) ${a}`).join(" | ")}`;
  }
  return issue.message;
}

/**
 * Validates `value` with `schema`, throwing a {@link ValidationError} that names
 * `where` (a construct path or a file) and every offending field, its path
 * after `prefix` (e.g. `["jobs"]` when `value` is the prop `jobs`).
 */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: string,
  prefix: readonly PropertyKey[] = [],
): z.output<S> {
  const result = schema.safeParse(value, { reportInput: true });
  if (!result.success) throw new ValidationError(where, formatIssues(result.error.issues, prefix, schema));
  return result.data;
}
