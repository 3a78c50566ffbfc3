import { TerraformStack, TerraformVariable, Testing, Token } from "cdktf";
import { z } from "zod";
import { PropIssues, dnsLabel, isToken, isUnresolved } from "../../src/validation";
import { issuesOf } from "../issues";

const stack = new TerraformStack(Testing.app(), "tokens");
const text = new TerraformVariable(stack, "text", { type: "string" }).stringValue;
const count = Token.asNumber(new TerraformVariable(stack, "count", { type: "number" }).value);
const list = new TerraformVariable(stack, "list", { type: "list(string)" }).listValue;

describe("isUnresolved / isToken", () => {
  it.each([
    ["a string token", text],
    ["a string built from one", `${text}.example.org`],
    ["a number token", count],
    ["a list token", list],
    ["a list holding one", ["a", text]],
    ["a plain object holding one", { tier: text }],
    ["a nested one", { a: [{ b: count }] }],
  ])("%s is unresolved", (_, value) => {
    expect(isUnresolved(value)).toBe(true);
  });

  it.each([
    ["a", "a"],
    ["a number", 3],
    ["a list", ["a", "b"]],
    ["an object", { a: { b: [1] } }],
    ["undefined", undefined],
    ["null", null],
  ])("%s is resolved", (_, value) => {
    expect(isUnresolved(value)).toBe(false);
  });

  it("looks into every entry of a plain object, one without a prototype too, but not into class instances", () => {
    expect(isUnresolved({ a: "x", b: text })).toBe(true);
    expect(isUnresolved(Object.assign(Object.create(null) as object, { a: "x", b: text }))).toBe(true);
    expect(isUnresolved({ [text]: "x" })).toBe(true);
    expect(
      isUnresolved(
        new (class Holder {
          public readonly held = text;
        })(),
      ),
    ).toBe(false);
  });

  it("isToken looks at the value itself, not inside", () => {
    expect(isToken(text)).toBe(true);
    expect(isToken(list)).toBe(true);
    expect(isToken(["a", text])).toBe(false);
    expect(isToken({ tier: text })).toBe(false);
  });
});

describe("PropIssues", () => {
  it("bad records a concrete value and skips a token", () => {
    expect(issuesOf((i) => i.bad("name", "BAD", "must be lowercase"))).toEqual(['name: must be lowercase (got "BAD")']);
    expect(issuesOf((i) => i.bad("name", text, "must be lowercase"))).toEqual([]);
    expect(issuesOf((i) => i.bad("replicas", count, "must be >= 1"))).toEqual([]);
  });

  it("check words a problem with the rule's own message, and skips undefined and tokens", () => {
    expect(issuesOf((i) => i.check("namespace", "Bad_NS", dnsLabel()))).toEqual([
      "namespace: must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit (got \"Bad_NS\")",
    ]);
    expect(issuesOf((i) => i.check("namespace", undefined, dnsLabel()))).toEqual([]);
    expect(issuesOf((i) => i.check("namespace", text, dnsLabel()))).toEqual([]);
    expect(issuesOf((i) => i.check("tags", list, z.array(dnsLabel())))).toEqual([]);
  });

  it("check skips a token inside a list alone and still checks its neighbours", () => {
    expect(issuesOf((i) => i.check("tags", ["ok", text, "NOT OK"], z.array(dnsLabel())))).toEqual([
      expect.stringMatching(/^tags\[2\]: must be a DNS-1123 label.*\(got "NOT OK"\)$/),
    ]);
    expect(issuesOf((i) => i.check("labels", { tier: text, "bad key!": "x" }, z.record(dnsLabel(), z.string())))).toEqual([
      "labels.bad key!: invalid key: must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit (got \"bad key!\")",
    ]);
  });

  it("bad skips only a value that is itself a token: a rule about a list's length still holds with a token inside", () => {
    expect(issuesOf((i) => i.bad("inbound", ["a", text, "c"], "must list at most 2 rules"))).toEqual([
      'inbound: must list at most 2 rules (got ["a","${TfToken[TOKEN.0]}","c"])',
    ]);
  });

  it("refuse records whatever the value, a token included", () => {
    expect(issuesOf((i) => i.refuse("replicas", count, "must be unset"))).toEqual([
      "replicas: must be unset (got a value only Terraform knows)",
    ]);
    expect(issuesOf((i) => i.refuse("replicas", 2, "must be unset"))).toEqual(["replicas: must be unset (got 2)"]);
  });

  it("check records nothing for a value the rule takes", () => {
    expect(issuesOf((i) => i.check("namespace", "longhorn-system", dnsLabel()))).toEqual([]);
  });

  it("timeoutSeconds takes unset, a token or whole seconds from 60", () => {
    expect(issuesOf((i) => [undefined, 60, 900, count].forEach((t) => i.timeoutSeconds(t)))).toEqual([]);
    expect(issuesOf((i) => [59, 60.5, 0].forEach((t) => i.timeoutSeconds(t)))).toEqual([
      "timeoutSeconds: must be a whole number of seconds >= 60 (got 59)",
      "timeoutSeconds: must be a whole number of seconds >= 60 (got 60.5)",
      "timeoutSeconds: must be a whole number of seconds >= 60 (got 0)",
    ]);
  });

  it("add records lines already worded, in order", () => {
    expect(issuesOf((i) => i.add("a: one", "b: two"))).toEqual(["a: one", "b: two"]);
  });

  it("known refuses a token where a concrete value is needed, and says why", () => {
    expect(issuesOf((i) => i.known("chartVersion", text, "the values depend on it"))).toEqual([
      "chartVersion: must be known at synth time, not a token (the values depend on it)",
    ]);
    expect(issuesOf((i) => i.known("labels", { tier: text }, "written into user data"))).toHaveLength(1);
    expect(issuesOf((i) => i.known("chartVersion", "1.2.3", "the values depend on it"))).toEqual([]);
  });

  it("throws nothing when nothing was recorded", () => {
    expect(() => new PropIssues().throwIfAny("x")).not.toThrow();
  });
});
