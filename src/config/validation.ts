import { Cron } from "croner";
import { closest, distance } from "fastest-levenshtein";
import * as semver from "semver";
import { z } from "zod";

/**
 * Raised when a configuration file or the props of a construct are invalid.
 *
 * The message names the offending field path, the value it got and what is
 * allowed, so that a user can fix the input without reading the code.
 */
export class ValidationError extends Error {
  public readonly issues: readonly string[];

  constructor(where: string, issues: readonly string[]) {
    super(`${where}:\n${issues.map((i) => `  - ${i}`).join("\n")}`);
    this.name = "ValidationError";
    this.issues = issues;
  }
}

/**
 * Collects the problems of a construct's props, each as `prop: what is allowed (got value)`,
 * and throws them together as one {@link ValidationError}.
 */
export class PropIssues {
  private readonly lines: string[] = [];

  /** Records that `prop` got `value`, and what is allowed. */
  public readonly bad = (prop: string, value: unknown, allowed: string): void => {
    this.lines.push(`${prop}: ${allowed} (got ${describeValue(value)})`);
  };

  /** Records a bad Helm release timeout (`timeoutSeconds`: unset, or whole seconds >= 60). */
  public timeoutSeconds(timeout: number | undefined): void {
    if (timeout !== undefined && (!Number.isInteger(timeout) || timeout < 60))
      this.bad("timeoutSeconds", timeout, "must be a whole number of seconds >= 60");
  }

  /** Records lines already worded. */
  public add(...lines: string[]): void {
    this.lines.push(...lines);
  }

  /** Throws a {@link ValidationError} naming `where` when anything was recorded. */
  public throwIfAny(where: string): void {
    if (this.lines.length > 0) throw new ValidationError(where, this.lines);
  }
}

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
    const got = "input" in issue && issue.code !== "unrecognized_keys" ? ` (got ${describeValue(issue.input)})` : "";
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

// ---------------------------------------------------------------------------
// Reusable field schemas. Each one carries a message that says what is allowed.
// ---------------------------------------------------------------------------

/**
 * Whether `name` can be a server-side-apply field manager of at most `max`
 * characters: letters, digits, '-', '_' or '.', starting with a letter or digit.
 */
export function isFieldManager(name: string, max = 128): boolean {
  return new RegExp(`^[A-Za-z0-9][-A-Za-z0-9_.]{0,${max - 1}}$`).test(name);
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A DNS-1123 label (Kubernetes names of namespaces, releases, pools, jobs); `why` explains a `max` below 63. */
export const dnsLabel = (max = 63, why?: string) =>
  z
    .string()
    .max(max, { message: `must be at most ${max} characters${why ? ` (${why})` : ""}` })
    .regex(DNS_LABEL, {
      message: "must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit",
    });

/** A DNS-1123 subdomain (Kubernetes object names such as StorageClasses and Secrets). */
export const dnsSubdomain = z
  .string()
  .max(253, { message: "must be at most 253 characters" })
  .refine((v) => v.split(".").every((part) => DNS_LABEL.test(part)), {
    message: "must be a DNS-1123 subdomain: dot-separated lowercase labels of letters, digits and '-'",
  });

const DNS_NAME = /^(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$/;

/**
 * A DNS domain name without scheme, path or trailing dot, e.g. `kube.rocks`: labels of 1-63 characters,
 * at most 253 in all, with room for the subdomains the stack publishes (`longhorn.<domain>`, 64 more).
 */
export const domainName = z
  .string()
  .regex(DNS_NAME, { message: "must be a lowercase domain name such as 'example.org', without scheme, port, path or trailing dot" })
  .max(189, { message: "must be at most 189 characters: DNS names end at 253, and the stack adds '<subdomain>.' (up to 64)" });

/** A host name for an S3 endpoint, with optional port but without scheme: `s3.fr-par.scw.cloud`. */
export const endpointHost = z.string().refine(
  (v) => {
    const m = /^([^:]+)(?::(\d{1,5}))?$/.exec(v);
    const host = m?.[1] ?? "";
    const isIp = /^\d{1,3}(\.\d{1,3}){3}$/.test(host) && host.split(".").every((o) => Number(o) <= 255);
    return (
      !!m &&
      (isIp || (host.length <= 253 && /^(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))*$/.test(host))) &&
      (m[2] === undefined || (Number(m[2]) >= 1 && Number(m[2]) <= 65535))
    );
  },
  { message: "must be a host name or IPv4 address (optionally with :port 1-65535) without scheme or path, e.g. 's3.fr-par.scw.cloud'" },
);

/**
 * An S3 bucket name by the S3 naming rules: 3-63 lowercase letters, digits, '.' and '-', starting and
 * ending with a letter or digit, no '..', not an IPv4 address, none of the reserved prefixes and suffixes.
 */
export const s3Bucket = z
  .string()
  .refine(
    (v) =>
      /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(v) &&
      !v.includes("..") &&
      !/^\d+\.\d+\.\d+\.\d+$/.test(v) &&
      !/^(xn--|sthree-|amzn-s3-demo-)/.test(v) &&
      !/(-s3alias|--ol-s3|--x-s3|\.mrap)$/.test(v),
    {
      message:
        "must be a bare S3 bucket name: 3-63 lowercase letters, digits, '.' or '-', starting and ending with a letter or digit, no '..', not an IP address, no 'xn--' prefix or '-s3alias' suffix; without 's3://' or slashes",
    },
  );

/** An S3 region such as `fr-par` or `eu-central-1`, as it goes into Longhorn's `s3://bucket@region/`. */
export const s3Region = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, {
  message: "must be an S3 region such as 'fr-par' or 'eu-central-1' (lowercase letters, digits and '-')",
});

/** A Kubernetes qualified name used as label or annotation key, with optional DNS prefix. */
export const labelKey = z.string().refine(
  (v) => {
    const parts = v.split("/");
    if (parts.length > 2) return false;
    const name = parts[parts.length - 1];
    const prefix = parts.length === 2 ? parts[0] : undefined;
    const nameOk = name.length <= 63 && /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(name);
    const prefixOk = prefix === undefined || dnsSubdomain.safeParse(prefix).success;
    return nameOk && prefixOk;
  },
  { message: "must be a Kubernetes label key: [prefix/]name, name up to 63 alphanumerics, '-', '_' or '.'" },
);

/** A Kubernetes label value (may be empty). */
export const labelValue = z.string().regex(/^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/, {
  message: "must be a Kubernetes label value: up to 63 alphanumerics, '-', '_' or '.', starting and ending alphanumeric",
});

/** An IPv4 or IPv6 CIDR range such as `203.0.113.4/32`. */
export const cidr = z.string().refine((v) => z.cidrv4().safeParse(v).success || z.cidrv6().safeParse(v).success, {
  message: "must be an IPv4 or IPv6 CIDR range such as '203.0.113.4/32'",
});

/**
 * The syntax of a Kubernetes resource quantity (apimachinery's `resource.ParseQuantity`): a sign, a
 * number, then at most one suffix: Ki Mi Gi Ti Pi Ei, n u m k M G T P E, or an exponent (`1e3`). Groups:
 * sign, number, suffix, exponent. `10Gii` or `10 Gi` are not quantities.
 */
export const QUANTITY_PATTERN = /^([+-]?)([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)|[eE]([+-]?[0-9]+))?$/;

/** A Kubernetes resource quantity such as `10Gi` or `500M`. */
export const quantity = z.string().regex(QUANTITY_PATTERN, {
  message: "must be a Kubernetes quantity such as '10Gi' or '512Mi'",
});

/** An exact semantic version, e.g. `1.12.1`. */
/**
 * Whether `version` is exactly one version in `range`, written `<prefix><major>.<minor>.<patch>`
 * (`prefix` "v" for release tags such as cert-manager's charts): `semver.valid` alone also takes
 * surrounding spaces and a `v`, and drops build metadata.
 */
export function isExactVersionIn(version: string, range: string, prefix: "" | "v" = ""): boolean {
  const v = semver.valid(version);
  return !!v && version === `${prefix}${v}` && semver.satisfies(v, range);
}

/**
 * The versions of a chart or release this project supports: the ones actually published (a list, since
 * a range also admits versions that were never released), all inside `range`. One object per chart is
 * both the construct's check and the config schema's.
 */
export class SupportedReleases {
  constructor(
    /** What the versions are of, in messages: "kured chart". */
    readonly what: string,
    /** The range the project was checked against, e.g. `>=5.0.0 <7.0.0`. */
    readonly range: string,
    /** Every published version in `range`, as written (with a `v` where the project tags so), oldest first. */
    readonly released: readonly string[],
  ) {
    for (const v of released) {
      if (!semver.satisfies(semver.valid(v) ?? "", range)) throw new Error(`${what} ${v} is outside ${range}`);
    }
  }

  /** Whether `version` is one of the published versions, exactly as written. */
  includes(version: unknown): boolean {
    return typeof version === "string" && this.released.includes(version);
  }

  /** What is allowed, for messages: runs of patch releases are shortened (`5.4.0-5.4.5`). */
  get rule(): string {
    const runs: string[][] = [];
    for (const v of this.released) {
      const last = runs[runs.length - 1]?.at(-1);
      const [a, b] = [semver.parse(last ?? ""), semver.parse(v)!];
      if (a && a.major === b.major && a.minor === b.minor && a.patch + 1 === b.patch) runs[runs.length - 1].push(v);
      else runs.push([v]);
    }
    const text = runs.map((r) => (r.length === 1 ? r[0] : `${r[0]}-${r[r.length - 1]}`)).join(", ");
    return `must be a ${this.what} version this project supports, exactly as published: ${text}`;
  }

  /** The config schema of such a version. */
  schema(): z.ZodString {
    return z.string().refine((v) => this.includes(v), { message: this.rule });
  }
}

/** A k3s release as k3s names them, e.g. `v1.36.4+k3s1`. */
export const K3S_VERSION = /^v\d+\.\d+\.\d+\+k3s\d+$/;

export const exactSemver = z.string().refine((v) => semver.valid(v) === v, {
  message: "must be an exact semantic version such as '1.2.3' (no range, no 'v' prefix)",
  abort: true, // checks chained after it (supported ranges) only see versions
});

const CRON_DESCRIPTORS = new Set(["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"]);

/** Answers of {@link cronProblem}: the config schema and the construct check each schedule once each. */
const cronProblems = new Map<string, string | undefined>();

/**
 * Why `expression` is not a standard 5-field cron expression (or a descriptor
 * such as `@daily`) that fires at least once, or undefined when it is one.
 */
export function cronProblem(expression: string): string | undefined {
  if (!cronProblems.has(expression)) cronProblems.set(expression, findCronProblem(expression));
  return cronProblems.get(expression);
}

/** Each field of a standard cron expression as robfig/cron's standard parser reads it: name, range, names. */
const CRON_FIELDS: readonly { name: string; max: number; names?: readonly string[] }[] = [
  { name: "minute", max: 59 },
  { name: "hour", max: 23 },
  { name: "day of month", max: 31 },
  { name: "month", max: 12, names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"] },
  { name: "day of week", max: 6, names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] },
];

/**
 * What robfig/cron's standard parser (Kubernetes CronJobs, Longhorn RecurringJobs, k3s etcd snapshots)
 * refuses in a field that croner accepts: `L`, `W`, `#`, `7` for Sunday, names in the wrong field.
 */
function robfigFieldProblem(field: string, spec: (typeof CRON_FIELDS)[number]): string | undefined {
  for (const part of field.split(",")) {
    const [range, step, extra] = part.split("/");
    if (extra !== undefined || (step !== undefined && !/^\d+$/.test(step))) return `${spec.name}: '${part}' is not a range with a step`;
    if (range === "*" || range === "?") continue;
    for (const bound of range.split("-")) {
      if (/^\d+$/.test(bound)) {
        if (Number(bound) > spec.max) {
          return spec.name === "day of week" && bound === "7"
            ? "day of week: 7 is not a day for Kubernetes' cron parser; Sunday is 0"
            : `${spec.name}: ${bound} is beyond ${spec.max}`;
        }
      } else if (!spec.names?.includes(bound.toUpperCase())) {
        return `${spec.name}: '${bound}' is not understood by Kubernetes' cron parser (no L, W, # or seconds field)`;
      }
    }
  }
  return undefined;
}

function findCronProblem(expression: string): string | undefined {
  const trimmed = expression.trim();
  if (CRON_DESCRIPTORS.has(trimmed)) return undefined;
  const fields = trimmed.split(/\s+/);
  if (fields.length !== 5) return `has ${fields.length} fields, expected 5`;
  for (const [i, field] of fields.entries()) {
    const problem = robfigFieldProblem(field, CRON_FIELDS[i]);
    if (problem) return problem;
  }
  // robfig reads "n/step" as "n-max/step"; croner wants it spelt out.
  const spelt = fields.map((f, i) =>
    f.replace(/(^|,)(\d+)\/(\d+)/g, (_, sep: string, n: string, step: string) => `${sep}${n}-${CRON_FIELDS[i].max}/${step}`),
  );
  try {
    const cron = new Cron(spelt.join(" "), { paused: true });
    return cron.nextRun() === null ? "never fires" : undefined;
  } catch (e) {
    return (e as Error).message.replace(/^CronPattern: /, "");
  }
}

/** True for a standard 5-field cron expression (or a descriptor such as `@daily`) that fires. */
export function isValidCron(expression: string): boolean {
  return cronProblem(expression) === undefined;
}

/** A standard 5-field cron expression, e.g. `15 0 * * *`. */
export const cronExpression = z.string().superRefine((value, ctx) => {
  const problem = cronProblem(value);
  if (problem !== undefined) {
    ctx.addIssue({
      code: "custom",
      input: value,
      message: `must be a standard 5-field cron expression (minute hour day-of-month month day-of-week) or @daily/@weekly/...: ${problem}`,
    });
  }
});

/** A taint in k3s/kubectl syntax: `key[=value]:Effect`. */
export interface Taint {
  readonly key: string;
  readonly value?: string;
  readonly effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
}

const TAINT = /^([^=:\s]+)(?:=([^:\s]*))?:(NoSchedule|PreferNoSchedule|NoExecute)$/;

/** Parses `key[=value]:Effect`, or returns undefined when the syntax or the key is invalid. */
export function parseTaint(text: string): Taint | undefined {
  const match = TAINT.exec(text);
  if (!match || !labelKey.safeParse(match[1]).success) return undefined;
  if (match[2] !== undefined && !labelValue.safeParse(match[2]).success) return undefined;
  return { key: match[1], value: match[2] || undefined, effect: match[3] as Taint["effect"] };
}

/** A taint string in `key[=value]:Effect` syntax. */
export const taintString = z.string().refine((v) => parseTaint(v) !== undefined, {
  message: "must be a taint 'key[=value]:Effect' with Effect one of NoSchedule, PreferNoSchedule, NoExecute",
});

/** Names of the duplicated entries of a list, in order of first repetition. */
export function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const v of values) (seen.has(v) ? repeated : seen).add(v);
  return [...repeated];
}

/** An image name without tag or digest, with an optional registry: `rancher/k3s-upgrade`, `registry.example.org:5000/team/app`. */
export const IMAGE_NAME = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?(:[0-9]{1,5})?\/)?[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;
