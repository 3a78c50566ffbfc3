import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { sensitiveVariable } from "../../src/terraform/sensitive-variable";
import { ValidationError } from "../../src/validation";
import { errorOf } from "../helpers";

describe("sensitiveVariable", () => {
  it("declares a sensitive, non-nullable string variable and returns its reference", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    expect(sensitiveVariable(stack, "s3_access_key", "Access key.")).toMatch(/^\$\{TfToken\[TOKEN\.\d+\]\}$/);
    expect(JSON.parse(Testing.synth(stack)).variable).toEqual({
      s3_access_key: { type: "string", sensitive: true, nullable: false, description: "Access key." },
    });
  });

  it.each([
    [
      "a name Terraform refuses",
      "s3 key",
      "name: must be a Terraform variable name: a letter or '_', then letters, digits, '_' or '-' (got \"s3 key\")",
    ],
    ["a name starting with a digit", "3key", "name: must be a Terraform variable name"],
  ])("refuses %s with a ValidationError", (_, name, message) => {
    const stack = new TerraformStack(Testing.app(), "s");
    expect(() => sensitiveVariable(stack, name, "x")).toThrow(ValidationError);
    expect(errorOf(() => sensitiveVariable(stack, name, "x"))).toContain(`s sensitiveVariable:\n  - ${message}`);
  });

  it("refuses a token for the name, which is the variable's name and construct id", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const name = new TerraformVariable(stack, "which", { type: "string" }).stringValue;
    expect(errorOf(() => sensitiveVariable(stack, name, "x"))).toContain(
      "name: must be known at synth time, not a token (it is the variable's name and construct id)",
    );
  });
});
