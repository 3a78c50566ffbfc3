import * as configText from "../../src/config/config-text";
import { templateTextIssues, walkConfig } from "../../src/config/config-text";
import { TEMPLATE_SEQUENCE } from "../../src/validation/template-text";

describe("templateTextIssues", () => {
  it("names every string and key Terraform would evaluate, at any depth", () => {
    expect(
      templateTextIssues({
        a: "plain $ and % text",
        b: ["ok", "x${y}"],
        c: { "%{ if }": 1, d: { e: "%{ for x in y }" } },
        n: 3,
        z: null,
      }),
    ).toEqual([
      `b[1]: must not contain '\${' or '%{': Terraform would evaluate it as an expression, not take it as text (got "x\${y}")`,
      `c: key "%{ if }" must not contain '\${' or '%{': Terraform would evaluate it as an expression, not take it as text`,
      `c.d.e: must not contain '\${' or '%{': Terraform would evaluate it as an expression, not take it as text (got "%{ for x in y }")`,
    ]);
  });

  it("finds nothing in plain data", () => {
    expect(templateTextIssues({ a: ["$5", "50%", "{x}", "$ {x}", "% {x}"], b: undefined })).toEqual([]);
    expect(templateTextIssues(undefined)).toEqual([]);
  });
});

describe("walkConfig", () => {
  it("visits each key before its value, depth first, and takes a visitor of values or keys alone", () => {
    const data = { a: [1, { b: "x" }], c: null };
    const seen: string[] = [];
    walkConfig(data, {
      key: (at, key) => seen.push(`key ${[...at, key].join(".")}`),
      value: (at) => seen.push(`value ${at.join(".")}`),
    });
    expect(seen).toEqual(["value ", "key a", "value a", "value a.0", "value a.1", "key a.1.b", "value a.1.b", "key c", "value c"]);
    const values: unknown[] = [];
    walkConfig(data, { value: (_at, value) => values.push(value) });
    expect(values).toHaveLength(6);
    const keys: string[] = [];
    walkConfig(data, { key: (_at, key) => keys.push(key) });
    expect(keys).toEqual(["a", "b", "c"]);
  });
});

describe("TEMPLATE_SEQUENCE", () => {
  it("lives in src/validation/template-text, and config-text gives the same one", () => {
    expect(configText.TEMPLATE_SEQUENCE).toBe(TEMPLATE_SEQUENCE);
    for (const text of ['${file("x")}', "%{ if x }", "a${b}"]) expect(TEMPLATE_SEQUENCE.test(text)).toBe(true);
    for (const text of ["$HOME/.kube/config", "{x}", "50%"]) expect(TEMPLATE_SEQUENCE.test(text)).toBe(false);
  });
});
