/**
 * IPv4 arithmetic for private networks (ranges, containment, overlap) and CIDR checks for firewall
 * rules. IPv6 is only validated (firewall rules), never allocated from: public IPv6 networks are
 * handed out by the store from the 2001:db8::/32 documentation prefix.
 */
import { isIPv4, isIPv6 } from "node:net";

/** An IPv4 range: first address and prefix length. */
export interface Ipv4Range {
  readonly base: number;
  readonly prefix: number;
}

/** The IPv4 address as an unsigned 32-bit number, or undefined when it is not a dotted quad. */
export function parseIpv4(ip: string): number | undefined {
  if (!isIPv4(ip)) return undefined;
  return ip.split(".").reduce((n, part) => n * 256 + Number(part), 0);
}

/** Dotted quad of an unsigned 32-bit number. */
export function formatIpv4(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join(".");
}

/**
 * An IPv4 CIDR such as `10.0.0.0/16`, or undefined when malformed. With `strict`, host bits must be
 * zero (Hetzner refuses `10.0.0.1/16` as a network range).
 */
export function parseIpv4Cidr(cidr: string, strict = true): Ipv4Range | undefined {
  const match = /^([^/]+)\/(\d{1,2})$/.exec(cidr);
  if (!match) return undefined;
  const address = parseIpv4(match[1]);
  const prefix = Number(match[2]);
  if (address === undefined || prefix > 32) return undefined;
  const size = 2 ** (32 - prefix);
  const base = Math.floor(address / size) * size;
  if (strict && base !== address) return undefined;
  return { base, prefix };
}

/** Number of addresses in the range. */
export function rangeSize(range: Ipv4Range): number {
  return 2 ** (32 - range.prefix);
}

/** `a.b.c.d/p` of a range. */
export function formatRange(range: Ipv4Range): string {
  return `${formatIpv4(range.base)}/${range.prefix}`;
}

/** Whether `ip` lies in `range`. */
export function contains(range: Ipv4Range, ip: number): boolean {
  return ip >= range.base && ip < range.base + rangeSize(range);
}

/** Whether `inner` lies entirely in `outer`. */
export function containsRange(outer: Ipv4Range, inner: Ipv4Range): boolean {
  return inner.prefix >= outer.prefix && contains(outer, inner.base);
}

/** Whether two ranges share an address. */
export function overlaps(a: Ipv4Range, b: Ipv4Range): boolean {
  return containsRange(a, b) || containsRange(b, a);
}

const RFC1918 = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map((c) => parseIpv4Cidr(c) as Ipv4Range);

/** Whether the range lies in one of the private ranges of RFC 1918. */
export function isPrivateRange(range: Ipv4Range): boolean {
  return RFC1918.some((r) => containsRange(r, range));
}

/** Whether `cidr` is a valid IPv4 or IPv6 CIDR (as firewall rules take them). */
export function isCidr(cidr: string): boolean {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(cidr);
  if (!match) return false;
  const prefix = Number(match[2]);
  if (isIPv4(match[1])) return prefix <= 32;
  return isIPv6(match[1]) && prefix <= 128;
}
