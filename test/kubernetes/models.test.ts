import * as bundled from "../../src/kubernetes/model-classes.bundled";
import { ingressRouteModel, middlewareModel, serviceMonitorModel, validatedObject } from "../../src/kubernetes/models";

describe("typed CRD models", () => {
  it("accepts a valid Middleware and returns a plain object", () => {
    const Middleware = middlewareModel();
    const obj = validatedObject(
      new Middleware({ metadata: { name: "ip" }, spec: { ipAllowList: { sourceRange: ["10.0.0.0/8"] } } }),
      "here",
    );
    expect(obj).toEqual({
      apiVersion: "traefik.io/v1alpha1",
      kind: "Middleware",
      metadata: { name: "ip" },
      spec: { ipAllowList: { sourceRange: ["10.0.0.0/8"] } },
    });
  });

  it("rejects an object that breaks the CRD schema, naming the field", () => {
    const Middleware = middlewareModel();
    expect(() =>
      validatedObject(
        new Middleware({ metadata: { name: "ip" }, spec: { ipAllowList: { sourceRange: "10.0.0.0/8" as never } } }),
        "k3s/Ui",
      ),
    ).toThrow(/k3s\/Ui: generated object does not match its CRD schema[\s\S]*sourceRange must be array/);
  });

  it("validates IngressRoute services and ServiceMonitor endpoints", () => {
    const IngressRoute = ingressRouteModel();
    expect(() =>
      validatedObject(
        new IngressRoute({ metadata: { name: "r" }, spec: { routes: [{ match: "Host(`a`)", kind: "Bogus" as never }] } }),
        "r",
      ),
    ).toThrow(/kind/);
    const ServiceMonitor = serviceMonitorModel();
    expect(() =>
      validatedObject(new ServiceMonitor({ metadata: { name: "m" }, spec: { selector: {}, endpoints: [{ port: 9 as never }] } }), "m"),
    ).toThrow(/port/);
  });

  it("gives the same model classes by path as the app bundle's variant imports by name", () => {
    expect(bundled.ingressRouteModel()).toBe(ingressRouteModel());
    expect(bundled.middlewareModel()).toBe(middlewareModel());
    expect(bundled.serviceMonitorModel()).toBe(serviceMonitorModel());
  });
});
