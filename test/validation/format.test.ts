import { z } from "zod";
import { describeValue, formatIssues, formatPath, parseOrThrow } from "../../src/validation";
import { KEYS } from "../config/ssh-keys";
import { errorOf } from "../helpers";
import { issueLinesOf } from "../issues";

/** The issue lines `schema` refuses `value` with. */
const linesOf = (schema: z.ZodType, value: unknown) => issueLinesOf(() => parseOrThrow(schema, value, "x"));

describe("describeValue", () => {
  it("shows NaN and Infinity as themselves (JSON would print null)", () => {
    expect([NaN, Infinity, -Infinity, 1, "x"].map(describeValue)).toEqual(["NaN", "Infinity", "-Infinity", "1", '"x"']);
  });
  it("keeps a value of 80 characters whole, and cuts a longer one to 77 and '...'", () => {
    const text = (n: number) => "x".repeat(n - 2); // JSON adds the two quotes
    expect(describeValue(text(80))).toBe(JSON.stringify(text(80)));
    expect(describeValue(text(81))).toBe(`${JSON.stringify(text(81)).slice(0, 77)}...`);
    expect(describeValue(undefined)).toBe("undefined");
  });
});

describe("formatPath", () => {
  it("writes keys with dots and list positions in brackets, (root) for none", () => {
    expect(formatPath(["a", 0, "b", 1, 2])).toBe("a[0].b[1][2]");
    expect(formatPath([0, "a"])).toBe("[0].a");
    expect(formatPath([])).toBe("(root)");
  });
});

describe("unknown keys under every kind of wrapper", () => {
  const inner = z.strictObject({ name: z.string() });
  it.each<[string, z.ZodType, unknown, string]>([
    ["optional", z.strictObject({ a: inner.optional() }), { a: { nmae: "x" } }, "a"],
    ["nullable", z.strictObject({ a: inner.nullable() }), { a: { nmae: "x" } }, "a"],
    ["default", z.strictObject({ a: inner.default({ name: "n" }) }), { a: { nmae: "x" } }, "a"],
    ["prefault", z.strictObject({ a: inner.prefault({ name: "n" }) }), { a: { nmae: "x" } }, "a"],
    ["readonly", z.strictObject({ a: inner.readonly() }), { a: { nmae: "x" } }, "a"],
    ["pipe", z.strictObject({ a: inner.pipe(z.any()) }), { a: { nmae: "x" } }, "a"],
    [
      "discriminated union",
      z.strictObject({
        a: z.discriminatedUnion("kind", [
          z.strictObject({ kind: z.literal("x"), name: z.string() }),
          z.strictObject({ kind: z.literal("y") }),
        ]),
      }),
      { a: { kind: "x", name: "n", nmae: "x" } },
      "a",
    ],
    ["array", z.strictObject({ a: z.array(inner) }), { a: [{ nmae: "x" }] }, "a[0]"],
    ["record", z.strictObject({ a: z.record(z.string(), inner) }), { a: { k: { nmae: "x" } } }, "a.k"],
  ])("%s: suggests the declared key", (_kind, schema, value, path) => {
    expect(linesOf(schema, value)).toContainEqual(`${path}: unknown key "nmae" (did you mean "name"?)`);
  });

  /** The line of an unknown key "nmae" reported at `path` of `schema`. */
  const unknownAt = (schema: z.ZodType, path: PropertyKey[]) =>
    formatIssues([{ code: "unrecognized_keys", keys: ["nmae"], path, message: "" }], [], schema);

  it("looks through catch too (whose fallback hides the issue from a parse)", () => {
    expect(unknownAt(z.strictObject({ a: inner.catch({ name: "n" }) }), ["a"])).toEqual(['a: unknown key "nmae" (did you mean "name"?)']);
  });

  it("suggests nothing where the path leaves the schema", () => {
    const schema = z.strictObject({ a: inner, list: z.array(inner), map: z.record(z.string(), inner), text: z.string() });
    for (const path of [["zz"], ["list", "x"], ["map"], ["text"], ["a", "name"]]) {
      expect(unknownAt(schema, path)).toEqual([`${formatPath(path)}: unknown key "nmae"`]);
    }
    expect(unknownAt(schema, ["list", 0])).toEqual(['list[0]: unknown key "nmae" (did you mean "name"?)']);
  });

  it("suggests a key within a quarter of its length in edits (at least two)", () => {
    const schema = z.strictObject({ abcdefghijklmnop: z.string().optional(), ab: z.string().optional() });
    expect(linesOf(schema, { abcdefghijklWXYZ: "" })).toEqual([
      '(root): unknown key "abcdefghijklWXYZ" (did you mean "abcdefghijklmnop"?)',
    ]);
    expect(linesOf(schema, { abcdefghijkVWXYZ: "" })).toEqual(['(root): unknown key "abcdefghijkVWXYZ"']);
    expect(linesOf(schema, { xy: "" })).toEqual(['(root): unknown key "xy" (did you mean "ab"?)']);
  });

  it("lists every unknown key of an object on its line", () => {
    expect(linesOf(z.strictObject({ name: z.string().optional() }), { nmae: "", zzzz: "" })).toEqual([
      '(root): unknown key "nmae" (did you mean "name"?); unknown key "zzzz"',
    ]);
  });
});

describe("values under sshKeys", () => {
  const schema = z.strictObject({ sshKeys: z.array(z.strictObject({ name: z.string().max(3), publicKey: z.string().max(10) })) });

  it("shows a key's name and a short text, never key data nor what is not text", () => {
    const key = KEYS.ed25519;
    expect(linesOf(schema, { sshKeys: [{ name: "laptop", publicKey: key }] })).toEqual([
      expect.stringMatching(/^sshKeys\[0\]\.name: .* \(got "laptop"\)$/),
      expect.stringMatching(/^sshKeys\[0\]\.publicKey: .* \(got "ssh-ed25519 <key data not shown>.*"\)$/),
    ]);
    expect(linesOf(schema, { sshKeys: [{ name: 1, publicKey: "short text!" }] })).toEqual([
      expect.stringMatching(/^sshKeys\[0\]\.name: .* \(got <not shown>\)$/),
      expect.stringMatching(/^sshKeys\[0\]\.publicKey: .* \(got "short text!"\)$/),
    ]);
    expect(formatIssues([{ code: "custom", path: ["sshKeys", 0], input: "<a private key, not shown>", message: "m" }])).toEqual([
      'sshKeys[0]: m (got "<a private key, not shown>")',
    ]);
  });
});

describe("messages of unions and record keys", () => {
  it("names each alternative of a union, with the path inside it", () => {
    const schema = z.union([z.strictObject({ a: z.string() }), z.number()]);
    expect(linesOf(schema, { a: 1 })).toEqual([
      '(root): must match one of: (1) a Invalid input: expected string, received number | (2) Invalid input: expected number, received object (got {"a":1})',
    ]);
  });

  it("says why a record key is refused", () => {
    const schema = z.record(z.string().regex(/^[a-z]+$/, { message: "lowercase only" }), z.string());
    expect(linesOf(schema, { AB: "x" })).toEqual(['AB: invalid key: lowercase only (got "AB")']);
  });
});

describe("parseOrThrow messages", () => {
  const schema = z.strictObject({
    cluster: z.strictObject({ name: z.string(), domain: z.string() }),
    pools: z.array(z.strictObject({ serverType: z.string() })).default([]),
    labels: z.record(z.string(), z.strictObject({ value: z.string() })).optional(),
  });
  const message = (value: unknown) => errorOf(() => parseOrThrow(schema, value, "file.yaml is invalid"));

  it("suggests the declared key closest to an unknown one, at any depth, and none when nothing is close", () => {
    expect(message({ cluster: { name: "a", domian: "b", domain: "c" } })).toContain(
      'cluster: unknown key "domian" (did you mean "domain"?)',
    );
    expect(message({ cluster: { name: "a", domain: "c" }, pools: [{ serverType: "x", servertype: "y" }] })).toContain(
      'pools[0]: unknown key "servertype" (did you mean "serverType"?)',
    );
    expect(message({ cluster: { name: "a", domain: "c" }, labels: { k: { value: "v", valeu: "w" } } })).toContain(
      'labels.k: unknown key "valeu" (did you mean "value"?)',
    );
    expect(message({ cluster: { name: "a", domain: "c", zzzzzzzz: 1 } })).toMatch(/cluster: unknown key "zzzzzzzz"$/);
  });

  it("says a missing field is required, with its type", () => {
    expect(message({ cluster: { name: "a" } })).toContain("cluster.domain: is required (string)");
  });
});
