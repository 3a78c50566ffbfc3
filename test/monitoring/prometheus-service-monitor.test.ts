import { parse } from "yaml";
import { PrometheusServiceMonitor, PrometheusServiceMonitorProps } from "../../src/monitoring/prometheus-service-monitor";
import { errorOf, onlyResource, synthScope } from "../helpers";

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
    ["a bad namespace", { namespace: "Monitoring" }, /namespace: must be a DNS-1123 label \(got "Monitoring"\)/],
    ["a bad name", { name: "_x" }, /name: must be a DNS-1123 name \(got "_x"\)/],
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
});
