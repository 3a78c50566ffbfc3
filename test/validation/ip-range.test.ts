import * as net from "net";
import { formatIpAddress, formatIpRange, hasHostBits, ipRangeWithin, ipRangesOverlap, parseIpRange } from "../../src/validation/ip-range";

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
  const r = (text: string) => {
    const range = parseIpRange(text);
    if (typeof range === "string") throw new Error(range);
    return range;
  };

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
