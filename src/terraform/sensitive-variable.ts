import { TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { z } from "zod";
import { PropIssues } from "../validation";

/** A Terraform variable name: a letter or '_', then letters, digits, '_' or '-' (`TF_VAR_<name>` sets it). */
export const terraformVariableName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, {
  message: "must be a Terraform variable name: a letter or '_', then letters, digits, '_' or '-'",
});

/**
 * A sensitive, non-nullable string variable without default: Terraform asks for it
 * or reads `TF_VAR_<name>`, and its value never reaches the synthesized files.
 * Returns the reference to use in resources. Create it directly in the stack so
 * that its name is exactly `name`.
 *
 * @param name the variable's name, also its construct id: must be known at synth time.
 * @throws ValidationError when `name` is a token or not a Terraform variable name
 */
export function sensitiveVariable(scope: Construct, name: string, description: string): string {
  const issues = new PropIssues();
  issues.known("name", name, "it is the variable's name and construct id");
  issues.check("name", name, terraformVariableName);
  issues.throwIfAny(`${scope.node.path} sensitiveVariable`);
  return new TerraformVariable(scope, name, { type: "string", sensitive: true, nullable: false, description }).stringValue;
}
