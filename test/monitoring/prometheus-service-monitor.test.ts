import { parse } from "yaml";
import { PrometheusServiceMonitor, PrometheusServiceMonitorProps } from "../../src/monitoring/prometheus-service-monitor";
import { errorOf, onlyResource, synthScope } from "../helpers";
import { unusedTokens } from "../tokens";

const props: PrometheusServiceMonitorProps = {
  name: "longhorn-manager",
  namespace: "longhorn-system",
  matchLabels: { app: "longhorn-manager" },
  endpoints: [{ port: "manager" }],
};

function synth(override: Partial<PrometheusServiceMonitorProps> = {}) {
  return synthScope((scope) => new PrometheusServiceMonitor(scope, "Metrics", { ...props, ...override }));
}

describe("PrometheusServiceMonitor", () => {
  it("matches the snapshot", () => {
    expect(synth().json).toMatchSnapshot();
  });

  it("selects app=longhorn-manager and scrapes port manager", () => {
    const release = onlyResource(synth({ releaseName: "longhorn-metrics" }).parsed, "helm_release");
    expect(release.name).toBe("longhorn-metrics");
    expect(parse((release.values as string[])[0]).manifests).toEqual([
      {
        apiVersion: "monitoring.coreos.com/v1",
        kind: "ServiceMonitor",
        metadata: { name: "longhorn-manager", namespace: "longhorn-system" },
        spec: { selector: { matchLabels: { app: "longhorn-manager" } }, endpoints: [{ port: "manager" }] },
      },
    ]);
  });

  it("passes path and interval", () => {
    synthScope((scope) => {
      const sm = new PrometheusServiceMonitor(scope, "M", { ...props, endpoints: [{ port: "metrics", path: "/m", interval: "30s" }] });
      expect((sm.serviceMonitor.spec as any).endpoints).toEqual([{ port: "metrics", path: "/m", interval: "30s" }]);
    });
  });

  it.each<[string, Partial<PrometheusServiceMonitorProps>, RegExp]>([
    ["no label", { matchLabels: {} }, /matchLabels: must select with at least one label/],
    ["no endpoint", { endpoints: [] }, /endpoints: must list at least one endpoint/],
    [
      "a bad namespace",
      { namespace: "Monitoring" },
      /namespace: must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit \(got "Monitoring"\)/,
    ],
    [
      "a bad name",
      { name: "_x" },
      /name: must be a DNS-1123 subdomain: dot-separated lowercase labels of letters, digits and '-' \(got "_x"\)/,
    ],
    ["a bad label key", { matchLabels: { "a b": "x" } }, /matchLabels: must be a Kubernetes label key: .* \(got "a b"\)/],
    ["a bad label value", { matchLabels: { app: "-x" } }, /matchLabels\.app: must be a Kubernetes label value: .* \(got "-x"\)/],
  ])("rejects %s", (_name, override, expected) => {
    const message = errorOf(() => synth(override));
    expect(message).toMatch(/^test\/Metrics props:/);
    expect(message).toMatch(expected);
  });

  it("rejects, at synth time, an endpoint that breaks the CRD schema", () => {
    expect(errorOf(() => synth({ endpoints: [{ port: "m", interval: "soon" }] }))).toMatch(
      /generated ServiceMonitor does not match its schema[\s\S]*interval/,
    );
  });

  it("accepts tokens for every prop it validates, also where the CRD schema has a pattern (interval)", () => {
    expect(
      unusedTokens((scope, t) => {
        new PrometheusServiceMonitor(scope, "Metrics", {
          name: t.string("name"),
          namespace: t.string("ns"),
          matchLabels: { app: t.string("app") },
          endpoints: [{ port: t.string("port"), path: t.string("path"), interval: t.string("interval") }],
          releaseName: t.string("release"),
        });
      }),
    ).toEqual([]);
  });

  it("names its release after the ServiceMonitor by default, a token too", () => {
    const release = onlyResource(synth().parsed, "helm_release");
    expect(release.name).toBe("longhorn-manager-service-monitor");
    expect(
      unusedTokens((scope, t) => {
        new PrometheusServiceMonitor(scope, "Metrics", { ...props, name: t.string("name") });
      }),
    ).toEqual([]);
  });
});
