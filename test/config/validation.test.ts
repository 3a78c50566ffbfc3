import { isFieldManager } from "../../src/config/validation";

describe("isFieldManager", () => {
  it("takes up to 128 characters by default, or the given maximum", () => {
    expect(isFieldManager("a".repeat(128))).toBe(true);
    expect(isFieldManager("a".repeat(129))).toBe(false);
    expect(isFieldManager("a".repeat(116), 116)).toBe(true);
    expect(isFieldManager("a".repeat(117), 116)).toBe(false);
  });

  it("takes letters, digits, '-', '_' and '.', starting with a letter or digit", () => {
    for (const name of ["Terraform", "cdktf-longhorn-storage", "team_a.v2", "9x"]) expect(isFieldManager(name)).toBe(true);
    for (const name of ["", "-bad", ".x", "x y", "x/y"]) expect(isFieldManager(name)).toBe(false);
  });
});
