import * as net from "net";
import { isWideSource } from "../../src/validation/hcloud";
import {
  firewallCidrProblem,
  formatIpAddress,
  formatIpRange,
  hasHostBits,
  ipRange,
  ipRangeWithin,
  ipRangesOverlap,
  parseIpRange,
} from "../../src/validation/ip-range";

/*
 * The address parser and printer checked against Node's own: net.isIP says which texts are addresses,
 * and the WHATWG URL parser prints an IPv6 address canonically (RFC 5952: lowercase, the longest run of
 * two or more zero groups as '::', the first of equal runs).
 */

/** A deterministic stream of numbers in [0, 1) (a linear congruential generator). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const canonicalIpv6 = (text: string) => new URL(`http://[${text}]/`).hostname.slice(1, -1);

/** Addresses as users write them: full, compressed, upper-case, with leading zeros, an IPv4 tail. */
function ipv6Texts(): string[] {
  const next = random(42);
  const texts: string[] = [];
  for (let n = 0; n < 300; n++) {
    const groups = Array.from({ length: 8 }, () => (next() < 0.5 ? 0 : Math.floor(next() * 0x10000)));
    const full = groups.map((g) => g.toString(16)).join(":");
    texts.push(full, canonicalIpv6(full), full.toUpperCase(), groups.map((g) => g.toString(16).padStart(4, "0")).join(":"));
    texts.push(
      `${groups
        .slice(0, 6)
        .map((g) => g.toString(16))
        .join(":")}:${groups[6] >> 8}.${groups[6] & 255}.${groups[7] >> 8}.${groups[7] & 255}`,
    );
  }
  return texts;
}

const IPV6_EDGES = [
  "::", "::1", "1::", "1::2", "::1:2:3:4:5:6:7", "1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8", "1::2::3",
  ":1::", "::1:", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "12345::", "g::", "::ffff:1.2.3.4", "::1.2.3.4", "1:2:3:4:5:6:1.2.3.4",
  "1:2:3:4:5:6:7:1.2.3.4", "::1.2.3.4.5", "::1.2.3", "::01.2.3.4", "::256.1.1.1", "1.2.3.4::", "1.2.3.4::1", "1:2:3:4:5:1.2.3.4",
  "0:0:1:0:0:1:0:0", "1:0:0:2:0:0:0:3", "0:0:0:1:0:0:0:0", "1:0:2:0:3:0:4:0",
]; // prettier-ignore

const IPV4_EDGES = [
  "0.0.0.0",
  "255.255.255.255",
  "256.0.0.0",
  "01.2.3.4",
  "1.2.3",
  "1.2.3.4.5",
  "1..2.3",
  "1.2.3.-4",
  "a.b.c.d",
  "1.2.3.4 ",
];

describe("parseIpRange and formatIpAddress, as Node reads and prints addresses", () => {
  it("takes an IPv6 address exactly when Node does, and prints it as the URL parser does", () => {
    const wrong: unknown[] = [];
    for (const text of [...IPV6_EDGES, ...ipv6Texts()]) {
      const range = parseIpRange(`${text}/128`);
      const valid = net.isIP(text) === 6;
      if ((typeof range !== "string") !== valid) wrong.push({ text, valid, got: range });
      else if (typeof range !== "string" && formatIpAddress(6, range.address) !== canonicalIpv6(text)) {
        wrong.push({ text, printed: formatIpAddress(6, range.address), canonical: canonicalIpv6(text) });
      }
    }
    expect(wrong).toEqual([]);
  });

  it("takes an IPv4 address exactly when Node does, and prints it back", () => {
    const next = random(7);
    const generated = Array.from({ length: 200 }, () => Array.from({ length: 4 }, () => Math.floor(next() * 300)).join("."));
    const wrong: unknown[] = [];
    for (const text of [...IPV4_EDGES, ...generated]) {
      const range = parseIpRange(`${text}/32`);
      const valid = net.isIP(text) === 4;
      if ((typeof range !== "string") !== valid) wrong.push({ text, valid, got: range });
      else if (typeof range !== "string" && formatIpAddress(4, range.address) !== text)
        wrong.push({ text, printed: formatIpAddress(4, range.address) });
    }
    expect(wrong).toEqual([]);
  });

  it("says what is wrong with the address or the prefix", () => {
    expect(parseIpRange("1.2.3")).toBe("'1.2.3' is not an IP address or range");
    expect(parseIpRange("1.2.3.4")).toBe("no /prefix: write '1.2.3.4/32' for this one address, or the network's range");
    expect(parseIpRange("::1")).toBe("no /prefix: write '::1/128' for this one address, or the network's range");
    expect(parseIpRange("1.2.3.4/8/9")).toBe("'1.2.3.4/8/9' is not written address/prefix");
    expect(parseIpRange("1.2.3/8")).toBe("'1.2.3' is not an IPv4 address of 4 octets");
    expect(parseIpRange("01.2.3.4/8")).toBe("octet '01' of '01.2.3.4' is not a number from 0 to 255 (without leading zeros)");
    expect(parseIpRange("1.2.3.256/8")).toBe("octet 256 of '1.2.3.256' is beyond 255");
    expect(parseIpRange("1::2::3/64")).toBe("'1::2::3' is not an IPv6 address");
    expect(parseIpRange("1.2.3.4/033")).toBe("prefix '/033' is not a number from 0 to 32");
    expect(parseIpRange("::/1000")).toBe("prefix '/1000' is not a number from 0 to 128");
    expect(parseIpRange("1.2.3.4/33")).toBe("prefix /33 is beyond /32 for IPv4");
    expect(parseIpRange("::/129")).toBe("prefix /129 is beyond /128 for IPv6");
    expect(parseIpRange("::/128")).toEqual({ family: 6, address: 0n, prefix: 128 });
    expect(parseIpRange("1.2.3.4/0")).toEqual({ family: 4, address: 0x01020304n, prefix: 0 });
  });
});

describe("ranges", () => {
  const r = ipRange;

  it("finds host bits and prints the network without them", () => {
    expect([hasHostBits(r("10.0.1.0/16")), formatIpRange(r("10.0.1.0/16"))]).toEqual([true, "10.0.0.0/16"]);
    expect([hasHostBits(r("10.0.0.0/16")), hasHostBits(r("10.0.0.1/32")), hasHostBits(r("0.0.0.0/0"))]).toEqual([false, false, false]);
    expect([hasHostBits(r("2001:db8::1/64")), formatIpRange(r("2001:db8::1/64"))]).toEqual([true, "2001:db8::/64"]);
  });

  it("finds overlaps and containment in either order, never across families", () => {
    const [net16, net24, other, v6] = [r("10.0.0.0/16"), r("10.0.5.0/24"), r("10.1.0.0/16"), r("::/0")];
    expect([ipRangesOverlap(net16, net24), ipRangesOverlap(net24, net16), ipRangesOverlap(net16, other)]).toEqual([true, true, false]);
    expect([ipRangeWithin(net24, net16), ipRangeWithin(net16, net24), ipRangeWithin(net16, net16)]).toEqual([true, false, true]);
    expect([ipRangesOverlap(r("0.0.0.0/0"), v6), ipRangeWithin(r("0.0.0.0/0"), v6)]).toEqual([false, false]);
    expect(ipRangesOverlap(r("10.0.255.255/32"), net16)).toBe(true);
    expect(ipRangesOverlap(r("10.1.0.0/32"), net16)).toBe(false);
  });
});

describe("IP ranges, parsed for real", () => {
  it.each<[string, string]>([
    ["10.0.0/16", "'10.0.0' is not an IPv4 address of 4 octets"],
    ["10.0.0.256/32", "octet 256 of '10.0.0.256' is beyond 255"],
    ["10.0.0.01/32", "octet '01' of '10.0.0.01' is not a number from 0 to 255 (without leading zeros)"],
    ["10.0.0.0/33", "prefix /33 is beyond /32 for IPv4"],
    ["10.0.0.0/08", "prefix '/08' is not a number from 0 to 32"],
    ["10.0.0.0/", "prefix '/' is not a number from 0 to 32"],
    ["10.0.0.0/16/1", "'10.0.0.0/16/1' is not written address/prefix"],
    ["2001:db8::/129", "prefix /129 is beyond /128 for IPv6"],
    ["2001:db8:::1/64", "'2001:db8:::1' is not an IPv6 address"],
    ["2001:db8::1::2/64", "'2001:db8::1::2' is not an IPv6 address"],
    ["1:2:3:4:5:6:7:8:9/64", "'1:2:3:4:5:6:7:8:9' is not an IPv6 address"],
    ["2001:db8::g/64", "'2001:db8::g' is not an IPv6 address"],
    ["my-laptop", "'my-laptop' is not an IP address or range"],
  ])("refuses %s: %s", (text, problem) => {
    const result = parseIpRange(text);
    expect(typeof result).toBe("string");
    expect(result as string).toContain(problem);
  });

  it("says how to write one address", () => {
    expect(parseIpRange("203.0.113.4")).toBe("no /prefix: write '203.0.113.4/32' for this one address, or the network's range");
    expect(parseIpRange("2001:db8::4")).toBe("no /prefix: write '2001:db8::4/128' for this one address, or the network's range");
  });

  it.each<[string, string, boolean]>([
    ["10.0.0.0/16", "10.0.0.0/16", false],
    ["10.0.1.0/16", "10.0.0.0/16", true],
    ["0.0.0.0/0", "0.0.0.0/0", false],
    ["203.0.113.10/32", "203.0.113.10/32", false],
    ["::/0", "::/0", false],
    ["2001:db8::1/64", "2001:db8::/64", true],
    ["2001:db8:0:0:1:0:0:1/128", "2001:db8::1:0:0:1/128", false],
    ["::ffff:10.0.0.1/128", "::ffff:a00:1/128", false],
    ["fe80:0:0:0:0:0:0:0/10", "fe80::/10", false],
    ["1:0:0:2:0:0:0:3/128", "1:0:0:2::3/128", false],
  ])("reads %s as %s (host bits set: %s)", (text, formatted, hostBits) => {
    const range = ipRange(text);
    expect(formatIpRange(range)).toBe(formatted);
    expect(hasHostBits(range)).toBe(hostBits);
  });

  it("tells overlapping and nested ranges", () => {
    expect(ipRangesOverlap(ipRange("10.0.0.0/16"), ipRange("10.0.255.0/24"))).toBe(true);
    expect(ipRangesOverlap(ipRange("10.0.0.0/16"), ipRange("10.1.0.0/16"))).toBe(false);
    expect(ipRangesOverlap(ipRange("10.0.0.0/8"), ipRange("10.42.0.0/16"))).toBe(true);
    expect(ipRangesOverlap(ipRange("10.0.0.0/8"), ipRange("::/0"))).toBe(false);
    expect(ipRangeWithin(ipRange("172.31.0.0/16"), ipRange("172.16.0.0/12"))).toBe(true);
    expect(ipRangeWithin(ipRange("172.32.0.0/16"), ipRange("172.16.0.0/12"))).toBe(false);
    expect(ipRangeWithin(ipRange("10.0.0.0/8"), ipRange("10.0.0.0/16"))).toBe(false);
  });

  it("takes firewall sources that are networks or single hosts", () => {
    expect(firewallCidrProblem("203.0.113.0/24")).toBeUndefined();
    expect(firewallCidrProblem("203.0.113.4/32")).toBeUndefined();
    expect(firewallCidrProblem("2001:db8::/32")).toBeUndefined();
    expect(firewallCidrProblem("203.0.113.4/24")).toBe(
      "'203.0.113.4/24' has host bits set: write 203.0.113.0/24 for the network, or 203.0.113.4/32 for the one address",
    );
  });

  it.each<[string, boolean]>([
    ["0.0.0.0/0", true],
    ["::/0", true],
    ["0.0.0.0/1", true],
    ["10.0.0.0/7", true],
    ["10.0.0.0/8", false],
    ["203.0.113.4/32", false],
    ["2001:db8::/31", true],
    ["2001:db8::/32", false],
  ])("calls %s a wide source: %s", (text, wide) => {
    expect(isWideSource(text)).toBe(wide);
  });
});
