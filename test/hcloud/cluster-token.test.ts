import { TerraformOutput, TerraformVariable } from "cdktf";
import { ClusterToken } from "../../src/hcloud/cluster-token";
import { resourcesOf, synthScope } from "../helpers";

describe("ClusterToken", () => {
  const GENERATED = 'sensitive(join("", [replace(uuid(), "-", ""), replace(uuid(), "-", "")]))';

  it("generates 64 hex characters once, held where Terraform keeps it sensitive and never plans it again", () => {
    const { parsed } = synthScope((scope) => {
      const token = new ClusterToken(scope, "Token", { logicalId: "kube_k3s_token" });
      new TerraformOutput(scope, "token", { value: token.value, sensitive: true });
    });
    expect(resourcesOf(parsed, "terraform_data")).toEqual({
      kube_k3s_token: { triggers_replace: `\${${GENERATED}}`, lifecycle: { ignore_changes: ["triggers_replace"] } },
    });
    expect(parsed.output!.token.value).toBe("${terraform_data.kube_k3s_token.triggers_replace}");
  });

  it("adopts a token from a reference when it is neither null nor empty", () => {
    const { parsed } = synthScope((scope) => {
      const existing = new TerraformVariable(scope, "existing", { type: "string", sensitive: true, default: "" });
      new ClusterToken(scope, "Token", { logicalId: "t", adopt: existing.stringValue });
    });
    expect(resourcesOf(parsed, "terraform_data").t.triggers_replace).toBe(`\${coalesce(var.existing, ${GENERATED})}`);
  });
});
