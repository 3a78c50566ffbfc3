import {
  PROMETHEUS_OPERATOR_CRDS_DEFAULTS,
  PrometheusOperatorCrds,
  PrometheusOperatorCrdsProps,
} from "../../src/monitoring/prometheus-operator-crds";
import { CertManager } from "../../src/certificates/cert-manager";
import { errorOf, onlyResource, resourcesOf, synthScope } from "../helpers";
import { unusedTokens } from "../tokens";

function synth(props: PrometheusOperatorCrdsProps = {}) {
  return synthScope((scope) => new PrometheusOperatorCrds(scope, "Crds", props));
}

describe("PrometheusOperatorCrds", () => {
  it("matches the snapshot", () => {
    expect(synth().json).toMatchSnapshot();
  });

  it("installs chart 31.0.1 as release prometheus-operator-crds in kube-system, its CRDs kept when the release goes", () => {
    const release = onlyResource(synth().parsed, "helm_release");
    expect(PROMETHEUS_OPERATOR_CRDS_DEFAULTS).toEqual({
      chartVersion: "31.0.1",
      repository: "https://prometheus-community.github.io/helm-charts",
      namespace: "kube-system",
    });
    expect(release).toEqual({
      name: "prometheus-operator-crds",
      chart: "prometheus-operator-crds",
      repository: "https://prometheus-community.github.io/helm-charts",
      version: "31.0.1",
      namespace: "kube-system",
      replace: true,
      values: ['crds:\n  annotations:\n    helm.sh/resource-policy: "keep"\n'],
    });
  });

  it("takes another chart version, repository and namespace, after what it depends on", () => {
    const { parsed } = synthScope((scope) => {
      const certManager = new CertManager(scope, "CertManager"); // any release
      new PrometheusOperatorCrds(scope, "Crds", {
        chartVersion: "30.0.1",
        repository: "https://charts.example.org",
        namespace: "monitoring",
        dependsOn: [certManager.release],
      });
    });
    const releases = resourcesOf(parsed, "helm_release");
    const certManagerId = Object.keys(releases).find((id) => id.startsWith("CertManager_"));
    expect(Object.values(releases).find((r) => r.name === "prometheus-operator-crds")).toEqual({
      name: "prometheus-operator-crds",
      chart: "prometheus-operator-crds",
      repository: "https://charts.example.org",
      version: "30.0.1",
      namespace: "monitoring",
      replace: true,
      values: ['crds:\n  annotations:\n    helm.sh/resource-policy: "keep"\n'],
      depends_on: [`helm_release.${certManagerId}`],
    });
  });

  it.each<[string, PrometheusOperatorCrdsProps, RegExp]>([
    [
      "a chart version with a 'v'",
      { chartVersion: "v31.0.1" },
      /chartVersion: must be a prometheus-operator-crds chart version this project supports, exactly as published: 20\.0\.0-20\.0\.3, .*31\.0\.0-31\.0\.1 \(got "v31\.0\.1"\)/,
    ],
    [
      "a chart version range",
      { chartVersion: "^31.0.0" },
      /chartVersion: must be a prometheus-operator-crds chart version this project supports, exactly as published: 20\.0\.0-20\.0\.3, .*31\.0\.0-31\.0\.1 \(got "\^31\.0\.0"\)/,
    ],
    [
      "a bad namespace",
      { namespace: "Kube-System" },
      /namespace: must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit \(got "Kube-System"\)/,
    ],
  ])("rejects %s", (_name, props, expected) => {
    const message = errorOf(() => synth(props));
    expect(message).toMatch(/^test\/Crds props:/);
    expect(message).toMatch(expected);
  });

  it("accepts tokens for every prop it validates (the values do not depend on the chart version)", () => {
    expect(
      unusedTokens((scope, t) => {
        new PrometheusOperatorCrds(scope, "Crds", { chartVersion: t.string("version"), namespace: t.string("ns") });
      }),
    ).toEqual([]);
  });
});
