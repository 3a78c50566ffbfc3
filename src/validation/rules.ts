import { z } from "zod";

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

/** A k3s release as k3s names them, e.g. `v1.36.4+k3s1`. */
export const K3S_VERSION = /^v\d+\.\d+\.\d+\+k3s\d+$/;
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

/**
 * An image name without tag or digest, with an optional registry: `rancher/k3s-upgrade`, `registry.example.org:5000/team/app`;
 * path components as the distribution reference grammar has them (words joined by '.', '_', '__' or a run of '-').
 */
export const IMAGE_NAME =
  /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?(:[0-9]{1,5})?\/)?[a-z0-9]+((?:[._]|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((?:[._]|__|-+)[a-z0-9]+)*)*$/;

/**
 * A kubeconfig path or context the hcloud output `kubeconfig_command` can single-quote for a shell and the
 * HCL output (`npm run synth:hcl`) can hold: no quote, backslash or control character.
 */
// eslint-disable-next-line no-control-regex -- control characters are what it refuses
export const KUBECONFIG_TEXT = /^[^'"\\\x00-\x1f\x7f]+$/;
/** What {@link KUBECONFIG_TEXT} allows, for messages. */
export const KUBECONFIG_TEXT_RULE =
  "must not be empty or contain a quote, a backslash or a control character (the hcloud output kubeconfig_command passes it to a shell)";

/** What {@link positiveInteger} allows, for messages. */
export const POSITIVE_INTEGER_RULE = "must be a whole number >= 1";

/** A count of at least one: replicas, nodes upgraded at once. */
export const positiveInteger = z.number().int({ message: POSITIVE_INTEGER_RULE }).min(1, { message: POSITIVE_INTEGER_RULE });
