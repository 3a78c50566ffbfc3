import { parseConfig } from "../../src/config/load-config";
import { KUBECONFIG_TEXT_RULE } from "../../src/validation";
import { errorOf } from "../helpers";
import { editedConfig } from "./fixtures";

describe("platform config schema", () => {
  it("keeps the Longhorn UI off when the config says so, though its middlewares are named", () => {
    const config = parseConfig(editedConfig((c) => (c.longhorn.ui.enabled = false)));
    expect(config.longhorn.ui.enabled).toBe(false);
  });

  it.each(["configPath", "context"])("refuses a kubernetes.%s with a control character, in the rule's words", (field) => {
    expect(
      errorOf(() =>
        parseConfig(
          editedConfig((c) => (c.kubernetes[field] = "kube\nconfig")),
          "platform.yaml",
        ),
      ),
    ).toBe(`platform.yaml is invalid:\n  - kubernetes.${field}: ${KUBECONFIG_TEXT_RULE} (got "kube\\nconfig")`);
  });
});
