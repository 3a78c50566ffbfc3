import { TerraformOutput, TerraformVariable } from "cdktf";
import { ClusterToken } from "../../src/hcloud/cluster-token";
import { errorOf, resourcesOf, synthScope } from "../helpers";
import { unusedTokens } from "../tokens";

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

  it("needs its logical id known at synth (the resource's address); the adopted token is a token", () => {
    expect(unusedTokens((scope, t) => new ClusterToken(scope, "Token", { logicalId: "t", adopt: t.string("existing") }))).toEqual([]);
    expect(errorOf(() => unusedTokens((scope, t) => new ClusterToken(scope, "Token", { logicalId: t.string("id") })))).toBe(
      "tokens/Token props:\n  - logicalId: must be known at synth time, not a token (it is the Terraform address of the token's resource)",
    );
  });
});
