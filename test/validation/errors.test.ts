import { InternalError, ValidationError } from "../../src/validation";

describe("the errors a user tells apart by type and name", () => {
  it("ValidationError: where, then one line per issue; its issues kept as given", () => {
    const e = new ValidationError("test/Pool props", ["count: must be >= 1 (got 0)", "name: is required (string)"]);
    expect(e).toBeInstanceOf(Error);
    expect([e.name, e.message, e.issues]).toEqual([
      "ValidationError",
      "test/Pool props:\n  - count: must be >= 1 (got 0)\n  - name: is required (string)",
      ["count: must be >= 1 (got 0)", "name: is required (string)"],
    ]);
    expect(String(e)).toMatch(/^ValidationError: test\/Pool props:\n/);
  });

  it("InternalError: a broken invariant, named so in a stack trace", () => {
    const e = new InternalError("values not in chart");
    expect([e instanceof Error, e instanceof ValidationError, e.name, e.message]).toEqual([
      true,
      false,
      "InternalError",
      "values not in chart",
    ]);
  });
});
