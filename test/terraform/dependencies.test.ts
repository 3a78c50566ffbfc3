import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { dependencies } from "../../src/terraform/dependencies";

describe("dependencies", () => {
  const stack = new TerraformStack(Testing.app(), "deps");
  const [a, b, c] = ["a", "b", "c"].map((name) => new TerraformVariable(stack, name, {}));

  it("joins resources, lists and optional ones in order, each once", () => {
    expect(dependencies(a, undefined, [b, a], c, [c])).toEqual([a, b, c]);
  });

  it("is undefined when there is nothing to wait for, so no empty depends_on is written", () => {
    expect(dependencies(undefined, [], undefined)).toBeUndefined();
    expect(dependencies()).toBeUndefined();
  });
});
