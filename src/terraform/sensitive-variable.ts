import { TerraformVariable } from "cdktf";
import { Construct } from "constructs";

/**
 * A sensitive, non-nullable string variable without default: Terraform asks for it
 * or reads `TF_VAR_<name>`, and its value never reaches the synthesized files.
 * Returns the reference to use in resources. Create it directly in the stack so
 * that its name is exactly `name`.
 */
export function sensitiveVariable(scope: Construct, name: string, description: string): string {
  return new TerraformVariable(scope, name, { type: "string", sensitive: true, nullable: false, description }).stringValue;
}
