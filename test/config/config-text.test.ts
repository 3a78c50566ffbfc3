import { templateTextIssues } from "../../src/config/config-text";

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
