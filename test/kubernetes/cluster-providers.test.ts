import { CLUSTER_PROVIDERS_DEFAULTS, ClusterProviders } from "../../src/kubernetes/cluster-providers";
import { synthScope } from "../helpers";
import { unusedTokens } from "../tokens";

describe("ClusterProviders", () => {
  it("matches the snapshot", () => {
    expect(synthScope((s) => new ClusterProviders(s, "P", { configPath: "~/.kube/config", context: "kube" })).json).toMatchSnapshot();
  });

  it("points both providers at the same kubeconfig; helm's kubernetes is an object, not a list", () => {
    const { parsed } = synthScope((s) => new ClusterProviders(s, "P", { configPath: "~/.kube/k3s.yaml", context: "kube" }));
    expect(parsed.provider!.kubernetes).toEqual([{ config_path: "~/.kube/k3s.yaml", config_context: "kube" }]);
    expect(parsed.provider!.helm).toEqual([{ kubernetes: { config_path: "~/.kube/k3s.yaml", config_context: "kube" } }]);
  });

  it("defaults to ~/.kube/config and the current context", () => {
    const { parsed } = synthScope((s) => new ClusterProviders(s, "P"));
    expect(parsed.provider!.kubernetes).toEqual([{ config_path: "~/.kube/config" }]);
  });

  it("has its default in CLUSTER_PROVIDERS_DEFAULTS", () => {
    expect(CLUSTER_PROVIDERS_DEFAULTS).toEqual({ configPath: "~/.kube/config" });
  });

  it("accepts tokens for the kubeconfig and the context", () => {
    expect(
      unusedTokens((scope, t) => {
        new ClusterProviders(scope, "P", { configPath: t.string("path"), context: t.string("context") });
      }),
    ).toEqual([]);
  });
});
