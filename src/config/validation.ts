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

/** Dot-separated DNS labels of 1-63 lowercase letters, digits and '-', none starting or ending with '-'. */
const DNS_HOST = /^(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))*$/;
/** A DNS name of at least two labels. */
const DNS_NAME = /^(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$/;

/**
 * A DNS domain name without scheme, path or trailing dot, e.g. `kube.rocks`: labels of 1-63 characters,
 * at most 253 in all, with room for the subdomains the stack publishes (`longhorn.<domain>`, 64 more).
 */
export const domainName = z
  .string()
  .regex(DNS_NAME, { message: "must be a lowercase domain name such as 'example.org', without scheme, port, path or trailing dot" })
  .max(189, { message: "must be at most 189 characters: DNS names end at 253, and the stack adds '<subdomain>.' (up to 64)" });

/** A dotted-quad IPv4 address, each octet 0-255 without leading zeros. */
const IPV4_ADDRESS = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/**
 * A host name for an S3 endpoint, with optional port but without scheme: `s3.fr-par.scw.cloud`,
 * `minio.local:9000`, `10.0.0.5:9000`. A host of digits and dots only must be an IPv4 address.
 */
export const endpointHost = z.string().refine(
  (v) => {
    const m = /^([^:]+)(?::(\d{1,5}))?$/.exec(v);
    if (!m) return false;
    const host = m[1];
    const hostOk = /^[\d.]+$/.test(host) ? IPV4_ADDRESS.test(host) : host.length <= 253 && DNS_HOST.test(host);
    return hostOk && (m[2] === undefined || (Number(m[2]) >= 1 && Number(m[2]) <= 65535));
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
const CRON_FIELDS: readonly { name: string; min: number; max: number; names?: readonly string[] }[] = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12, names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"] },
  { name: "day of week", min: 0, max: 6, names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] },
];

/** The number a field's value stands for: digits, or a month or day name (JAN is 1, SUN is 0). */
function cronNumber(value: string, spec: (typeof CRON_FIELDS)[number]): number | undefined {
  if (/^\d+$/.test(value)) return Number(value);
  const index = spec.names?.indexOf(value.toUpperCase()) ?? -1;
  return index < 0 ? undefined : index + spec.min;
}

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
      const n = cronNumber(bound, spec);
      if (n === undefined) return `${spec.name}: '${bound}' is not understood by Kubernetes' cron parser (no L, W, # or seconds field)`;
      if (n > spec.max) {
        return spec.name === "day of week" && bound === "7"
          ? "day of week: 7 is not a day for Kubernetes' cron parser; Sunday is 0"
          : `${spec.name}: ${bound} is beyond ${spec.max}`;
      }
      if (n < spec.min) return `${spec.name}: ${bound} is below ${spec.min}`;
    }
  }
  return undefined;
}

function findCronProblem(expression: string): string | undefined {
  const trimmed = expression.trim();
  if (CRON_DESCRIPTORS.has(trimmed)) return undefined;
  // robfig's "@every <Go duration>", e.g. @every 1h30m
  const every = /^@every\s+(\S+)$/.exec(trimmed);
  if (every) {
    const positive = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(every[1]) && /[1-9]/.test(every[1]);
    return positive ? undefined : `'${every[1]}' is not a positive Go duration such as 1h or 90m`;
  }
  const fields = trimmed.split(/\s+/);
  if (fields.length !== 5) return `has ${fields.length} fields, expected 5`;
  for (const [i, field] of fields.entries()) {
    const problem = robfigFieldProblem(field, CRON_FIELDS[i]);
    if (problem) return problem;
  }
  // For croner: names as numbers, and robfig's "n/step" (n up to the field's end) spelt out as "n-max/step".
  const spelt = fields.map((f, i) =>
    f
      .replace(/[A-Za-z]+/g, (name) => String(cronNumber(name, CRON_FIELDS[i])))
      .replace(/(^|,)(\d+)\/(\d+)/g, (_, sep: string, n: string, step: string) => `${sep}${n}-${CRON_FIELDS[i].max}/${step}`),
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

// ---------------------------------------------------------------------------
// IP ranges, parsed for real: octets, prefix, host bits (issue 12, item 4).
// ---------------------------------------------------------------------------

/** An IP range: its family, its first address as a number, and its prefix length. */
export interface IpRange {
  readonly family: 4 | 6;
  /** The address as written (host bits included), as a 32- or 128-bit number. */
  readonly address: bigint;
  readonly prefix: number;
}

const IPV4_OCTET = /^(0|[1-9]\d{0,2})$/;

/** An IPv4 address as a number, or why it is not one. */
function parseIpv4Address(text: string): bigint | string {
  const octets = text.split(".");
  if (octets.length !== 4) return `'${text}' is not an IPv4 address of 4 octets`;
  let value = 0n;
  for (const octet of octets) {
    if (!IPV4_OCTET.test(octet)) return `octet '${octet}' of '${text}' is not a number from 0 to 255 (without leading zeros)`;
    if (Number(octet) > 255) return `octet ${octet} of '${text}' is beyond 255`;
    value = (value << 8n) | BigInt(octet);
  }
  return value;
}

/** An IPv6 address as a number, or why it is not one (`::` shorthand and a trailing dotted IPv4 allowed). */
function parseIpv6Address(text: string): bigint | string {
  const invalid = `'${text}' is not an IPv6 address`;
  const halves = text.split("::");
  if (halves.length > 2) return invalid;
  const groupsOf = (part: string): string[] | undefined => {
    if (part === "") return [];
    const groups = part.split(":");
    const last = groups[groups.length - 1];
    if (last.includes(".")) {
      const v4 = parseIpv4Address(last);
      if (typeof v4 === "string") return undefined;
      groups.splice(groups.length - 1, 1, (v4 >> 16n).toString(16), (v4 & 0xffffn).toString(16));
    }
    return groups.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g)) ? groups : undefined;
  };
  const head = groupsOf(halves[0]);
  const tail = halves.length === 2 ? groupsOf(halves[1]) : [];
  if (!head || !tail) return invalid;
  // An embedded IPv4 may only end the address.
  if (halves.length === 2 && halves[0].includes(".")) return invalid;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return invalid;
  return [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail].reduce(
    (value, group) => (value << 16n) | BigInt(`0x${group}`),
    0n,
  );
}

/** Parses `address/prefix` (IPv4 or IPv6); returns why it is not such a range otherwise. Host bits may be set. */
export function parseIpRange(text: string): IpRange | string {
  const slash = text.split("/");
  if (slash.length === 1) {
    const v6 = text.includes(":");
    if (typeof (v6 ? parseIpv6Address(text) : parseIpv4Address(text)) === "string") return `'${text}' is not an IP address or range`;
    return `no /prefix: write '${text}/${v6 ? 128 : 32}' for this one address, or the network's range`;
  }
  if (slash.length !== 2) return `'${text}' is not written address/prefix`;
  const [addressText, prefixText] = slash;
  const family = addressText.includes(":") ? 6 : 4;
  const address = family === 4 ? parseIpv4Address(addressText) : parseIpv6Address(addressText);
  if (typeof address === "string") return address;
  const bits = family === 4 ? 32 : 128;
  if (!/^(0|[1-9]\d{0,2})$/.test(prefixText)) return `prefix '/${prefixText}' is not a number from 0 to ${bits}`;
  const prefix = Number(prefixText);
  if (prefix > bits) return `prefix /${prefix} is beyond /${bits} for IPv${family}`;
  return { family, address, prefix };
}

function hostMask(range: IpRange): bigint {
  return (1n << BigInt((range.family === 4 ? 32 : 128) - range.prefix)) - 1n;
}

/** The first address of a range (its host bits cleared). */
export function networkAddress(range: IpRange): bigint {
  return range.address & ~hostMask(range);
}

/** Whether the range has host bits set (`10.0.1.0/16`): not a network as Hetzner and Kubernetes take one. */
export function hasHostBits(range: IpRange): boolean {
  return (range.address & hostMask(range)) !== 0n;
}

/** Renders an address of a family: dotted quad, or IPv6 with the longest run of zero groups as `::`. */
export function formatIpAddress(family: 4 | 6, address: bigint): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((shift) => String((address >> shift) & 0xffn)).join(".");
  const groups = Array.from({ length: 8 }, (_, i) => Number((address >> BigInt(112 - 16 * i)) & 0xffffn));
  let best = { start: -1, length: 0 };
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.length && j - i >= 2) best = { start: i, length: j - i };
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.start < 0) return hex.join(":");
  return `${hex.slice(0, best.start).join(":")}::${hex.slice(best.start + best.length).join(":")}`;
}

/** `network/prefix` of a range, host bits cleared: `10.0.0.0/16`. */
export function formatIpRange(range: IpRange): string {
  return `${formatIpAddress(range.family, networkAddress(range))}/${range.prefix}`;
}

/** Whether two ranges share an address. */
export function ipRangesOverlap(a: IpRange, b: IpRange): boolean {
  if (a.family !== b.family) return false;
  const wider = a.prefix <= b.prefix ? a : b;
  const narrower = wider === a ? b : a;
  return networkAddress(wider) === (narrower.address & ~hostMask(wider));
}

/** Whether `inner` lies entirely inside `outer`. */
export function ipRangeWithin(inner: IpRange, outer: IpRange): boolean {
  return inner.family === outer.family && inner.prefix >= outer.prefix && ipRangesOverlap(inner, outer);
}

/** Parses a range that is known to be valid (constants); throws otherwise. */
export function ipRange(text: string): IpRange {
  const range = parseIpRange(text);
  if (typeof range === "string") throw new Error(`${text}: ${range}`);
  return range;
}

/**
 * Why `text` is not a CIDR range as Hetzner's firewall takes one, or undefined: an IPv4 or IPv6
 * `address/prefix` whose host bits are clear (a network, or a single host as /32 or /128).
 */
export function firewallCidrProblem(text: string): string | undefined {
  const range = parseIpRange(text);
  if (typeof range === "string") return range;
  if (hasHostBits(range)) {
    const single = `${formatIpAddress(range.family, range.address)}/${range.family === 4 ? 32 : 128}`;
    return `'${text}' has host bits set: write ${formatIpRange(range)} for the network, or ${single} for the one address`;
  }
  return undefined;
}

/** The rule of {@link firewallCidr}, for messages. */
export const FIREWALL_CIDR_RULE = "must be an IPv4 or IPv6 CIDR range such as '203.0.113.4/32', a network without host bits set";

/** A CIDR range without host bits set, as Hetzner's firewall takes one (`203.0.113.0/24`, `203.0.113.4/32`). */
export const firewallCidr = z.string().superRefine((value, ctx) => {
  const problem = firewallCidrProblem(value);
  if (problem) ctx.addIssue({ code: "custom", input: value, message: `${FIREWALL_CIDR_RULE}: ${problem}` });
});

// ---------------------------------------------------------------------------
// OpenSSH public keys, decoded (issue 12, item 6). Messages never show key material.
// ---------------------------------------------------------------------------

/** Key types taken as `hcloud.sshKeys[].publicKey` (Hetzner takes them all; DSA is refused by OpenSSH). */
export const SSH_PUBLIC_KEY_TYPES = [
  "ssh-ed25519",
  "ecdsa-sha2-nistp256",
  "ecdsa-sha2-nistp384",
  "ecdsa-sha2-nistp521",
  "ssh-rsa",
  "sk-ssh-ed25519@openssh.com",
  "sk-ecdsa-sha2-nistp256@openssh.com",
] as const;

/** The smallest RSA key taken, in bits (OpenSSH's own minimum for new keys is 1024; NIST's is 2048). */
export const MIN_RSA_BITS = 2048;

/** What a public key line may be, for messages. */
export const SSH_PUBLIC_KEY_RULE = `must be an OpenSSH public key line 'type key-data [comment]' such as 'ssh-ed25519 AAAA... me@example.org', of type ssh-ed25519, ecdsa-sha2-nistp256/384/521, ssh-rsa (${MIN_RSA_BITS} bits or more), sk-ssh-ed25519@openssh.com or sk-ecdsa-sha2-nistp256@openssh.com`;

const PRIVATE_KEY = /PRIVATE KEY|PuTTY-User-Key-File|^\s*-----BEGIN /;

/** Reads the SSH wire format: uint32 length-prefixed strings. */
class SshBlobReader {
  private offset = 0;
  constructor(private readonly blob: Buffer) {}
  string(): Buffer | undefined {
    if (this.offset + 4 > this.blob.length) return undefined;
    const length = this.blob.readUInt32BE(this.offset);
    if (this.offset + 4 + length > this.blob.length) return undefined;
    const value = this.blob.subarray(this.offset + 4, this.offset + 4 + length);
    this.offset += 4 + length;
    return value;
  }
  get done(): boolean {
    return this.offset === this.blob.length;
  }
}

/** Bits of an SSH mpint (big-endian, a leading 0 byte keeps it positive). */
function mpintBits(value: Buffer): number {
  let i = 0;
  while (i < value.length && value[i] === 0) i++;
  if (i === value.length) return 0;
  return (value.length - i - 1) * 8 + value[i].toString(2).length;
}

const EC_POINT_BYTES: Readonly<Record<string, number>> = { nistp256: 65, nistp384: 97, nistp521: 133 };

/** Why the decoded key data does not hold a key of `type`, or undefined. */
function sshBlobProblem(type: string, blob: Buffer): string | undefined {
  const reader = new SshBlobReader(blob);
  const embedded = reader.string();
  if (!embedded) return "its key data is too short to hold a key";
  const embeddedType = embedded.toString("latin1");
  if (embeddedType !== type) {
    const named = (SSH_PUBLIC_KEY_TYPES as readonly string[]).includes(embeddedType) || embeddedType === "ssh-dss";
    return `its key data is ${named ? `of type ${embeddedType}` : "of another type"}, not the ${type} the line declares`;
  }
  const malformed = `its key data is not a well-formed ${type} key`;
  const point = (curve: string): string | undefined => {
    const name = reader.string()?.toString("latin1");
    const q = reader.string();
    if (name !== curve || !q || q.length !== EC_POINT_BYTES[curve] || q[0] !== 4) return malformed;
    return undefined;
  };
  if (type === "ssh-ed25519" || type === "sk-ssh-ed25519@openssh.com") {
    if (reader.string()?.length !== 32) return malformed;
  } else if (type.startsWith("ecdsa-sha2-")) {
    const problem = point(type.slice("ecdsa-sha2-".length));
    if (problem) return problem;
  } else if (type === "sk-ecdsa-sha2-nistp256@openssh.com") {
    const problem = point("nistp256");
    if (problem) return problem;
  } else if (type === "ssh-rsa") {
    const e = reader.string();
    const n = reader.string();
    if (!e || !n || mpintBits(e) < 2) return malformed;
    const bits = mpintBits(n);
    if (bits < MIN_RSA_BITS)
      return `it is an RSA key of ${bits} bits: at least ${MIN_RSA_BITS} are needed (ssh-keygen -t ed25519 makes a better key)`;
  }
  if (type.startsWith("sk-") && !reader.string()) return malformed; // the FIDO application, e.g. "ssh:"
  if (!reader.done) return `${malformed} (extra bytes after the key)`;
  return undefined;
}

/**
 * Why `line` is not a usable OpenSSH public key line (see {@link SSH_PUBLIC_KEY_RULE}), as a whole
 * message, or undefined. The message never quotes the line's key material: use
 * {@link sshPublicKeyShown} to name the key.
 */
export function sshPublicKeyProblem(line: string): string | undefined {
  if (PRIVATE_KEY.test(line)) {
    return "must be an OpenSSH public key line, not a private key: paste the public key (the .pub file, one line) instead, and treat this private key as exposed if the file was shared";
  }
  const problem = publicKeyLineProblem(line);
  return problem && `${SSH_PUBLIC_KEY_RULE}: ${problem}`;
}

function publicKeyLineProblem(line: string): string | undefined {
  if (/^\s*---- BEGIN SSH2 PUBLIC KEY/.test(line))
    return "this is an RFC 4716 key: convert it to one OpenSSH line with 'ssh-keygen -i -f <file>'";
  if (/[\r\n]/.test(line.trim())) return "must be one line";
  const [type, data] = line.trim().split(/[ \t]+/);
  if (!(SSH_PUBLIC_KEY_TYPES as readonly string[]).includes(type)) {
    return type === "ssh-dss"
      ? "DSA (ssh-dss) keys are refused by the nodes' OpenSSH (disabled since OpenSSH 7.0)"
      : /^AAAA/.test(type ?? "")
        ? "the key type is missing before the key data"
        : "the key type is not one of the allowed ones";
  }
  if (data === undefined) return "the key data is missing after the type";
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(data) || data.length % 4 !== 0) return "its key data is not base64";
  const blob = Buffer.from(data, "base64");
  if (blob.toString("base64") !== data) return "its key data is not base64";
  return sshBlobProblem(type, blob);
}

/**
 * A public key line as messages may show it: its type and comment, never its key material
 * (`ssh-ed25519 <key data not shown> me@laptop`); a private key is not shown at all.
 */
export function sshPublicKeyShown(line: string): string {
  if (typeof line !== "string") return "<not a string>";
  if (PRIVATE_KEY.test(line)) return "<a private key, not shown>";
  const [type, , ...comment] = line.trim().split(/[ \t]+/);
  const knownType = (SSH_PUBLIC_KEY_TYPES as readonly string[]).includes(type) || type === "ssh-dss";
  if (!knownType) return "<key line not shown>";
  const text = comment.join(" ").replace(/[\r\n].*$/s, "");
  return `${type} <key data not shown>${text ? ` ${text}` : ""}`;
}

/**
 * A kubeconfig path or context the hcloud output `kubeconfig_command` can single-quote for a shell and the
 * HCL output (`npm run synth:hcl`) can hold: no quote, backslash or control character.
 */
// eslint-disable-next-line no-control-regex -- control characters are what it refuses
export const KUBECONFIG_TEXT = /^[^'"\\\x00-\x1f\x7f]+$/;
/** What {@link KUBECONFIG_TEXT} allows, for messages. */
export const KUBECONFIG_TEXT_RULE =
  "must not be empty or contain a quote, a backslash or a control character (the hcloud output kubeconfig_command passes it to a shell)";
