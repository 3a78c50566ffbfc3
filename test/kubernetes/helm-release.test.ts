import { helmRelease } from "../../src/kubernetes/helm-release";
import { onlyResource, synthScope } from "../helpers";

describe("helmRelease", () => {
  it("sets replace, so that the next deploy retries a failed first install", () => {
    const { parsed } = synthScope((scope) => helmRelease(scope, "Release", { name: "x", chart: "x", repository: "https://example.com" }));
    expect(onlyResource(parsed, "helm_release")).toEqual({ name: "x", chart: "x", repository: "https://example.com", replace: true });
  });

  it("keeps what the caller sets", () => {
    const { parsed } = synthScope((scope) => helmRelease(scope, "Release", { name: "x", chart: "x", replace: false, timeout: 60 }));
    expect(onlyResource(parsed, "helm_release")).toMatchObject({ replace: false, timeout: 60 });
  });
});
