import { z } from "zod";
import { InternalError } from "./errors";

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
  if (typeof range === "string") throw new InternalError(`${text}: ${range}`);
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
