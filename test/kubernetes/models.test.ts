import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import * as bundled from "../../src/kubernetes/model-classes.bundled";
import { cronJobModel, ingressRouteModel, middlewareModel, serviceMonitorModel, validatedObject } from "../../src/kubernetes/models";

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
    ).toThrow(/k3s\/Ui: generated Middleware does not match its schema[\s\S]*sourceRange must be array/);
  });

  it("reports only the problems that are not tokens, each with its path", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const port = new TerraformVariable(stack, "port", { type: "number" }).numberValue;
    const ServiceMonitor = serviceMonitorModel();
    const monitor = new ServiceMonitor({
      metadata: { name: "m" },
      spec: { selector: {}, endpoints: [{ port: port as never, interval: 5 as never }] },
    });
    expect(() => validatedObject(monitor, "k3s/Monitor")).toThrow(
      "k3s/Monitor: generated ServiceMonitor does not match its schema:\n  - data/spec/endpoints/0/interval must be string",
    );
  });

  it("lists every problem of one object, comma-separated, in one issue", () => {
    const ServiceMonitor = serviceMonitorModel();
    const monitor = new ServiceMonitor({
      metadata: { name: "m" },
      spec: { selector: {}, endpoints: [{ interval: 5 as never }, { interval: 6 as never }] },
    });
    expect(() => validatedObject(monitor, "k3s/Monitor")).toThrow(
      "k3s/Monitor: generated ServiceMonitor does not match its schema:\n" +
        "  - data/spec/endpoints/0/interval must be string, data/spec/endpoints/1/interval must be string",
    );
  });

  it("passes on the message of a failure that lists no schema problems", () => {
    const model = {
      kind: "Odd",
      validate() {
        throw new Error("the validator could not load");
      },
    };
    expect(() => validatedObject(model, "k3s/Odd")).toThrow(
      "k3s/Odd: generated Odd does not match its schema:\n  - the validator could not load",
    );
  });

  it("finds a token under a key holding '/' or '~' (escaped in the problem's path)", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const count = new TerraformVariable(stack, "count", { type: "number" }).numberValue;
    const ServiceMonitor = serviceMonitorModel();
    const monitor = (annotations: Record<string, unknown>) =>
      new ServiceMonitor({ metadata: { name: "m", annotations: annotations as never }, spec: { selector: {}, endpoints: [] } });
    expect(validatedObject(monitor({ "example.org/a~b": count }), "m").metadata).toEqual({
      name: "m",
      annotations: { "example.org/a~b": count },
    });
    expect(() => validatedObject(monitor({ "example.org/a~b": 5 }), "k3s/M")).toThrow(
      "k3s/M: generated ServiceMonitor does not match its schema:\n  - data/metadata/annotations/example.org~1a~0b must be string",
    );
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

  it("validates a CronJob against the Kubernetes API schema", () => {
    const CronJob = cronJobModel();
    const cronJob = (containers: unknown[]) =>
      new CronJob({
        metadata: { name: "dump" },
        spec: {
          schedule: "0 */8 * * *",
          jobTemplate: { spec: { template: { spec: { restartPolicy: "Never", containers: containers as never } } } },
        },
      });
    expect(validatedObject(cronJob([{ name: "dump", image: "postgres" }]), "here")).toMatchObject({
      apiVersion: "batch/v1",
      kind: "CronJob",
    });
    expect(() => validatedObject(cronJob([{ image: "postgres" }]), "k3s/Dumps")).toThrow(
      /k3s\/Dumps: generated CronJob does not match its schema:\n {2}- .*containers\/0 must have required property name/,
    );
  });

  it("gives the same model classes by path as the app bundle's variant imports by name", () => {
    expect(bundled.ingressRouteModel()).toBe(ingressRouteModel());
    expect(bundled.middlewareModel()).toBe(middlewareModel());
    expect(bundled.serviceMonitorModel()).toBe(serviceMonitorModel());
    expect(bundled.cronJobModel()).toBe(cronJobModel());
  });

  it("takes a token where the schema has a pattern or a type it cannot judge at synth time, and still refuses the rest", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const interval = new TerraformVariable(stack, "interval", { type: "string" }).stringValue;
    const ServiceMonitor = serviceMonitorModel();
    const monitor = (endpoint: object) =>
      new ServiceMonitor({ metadata: { name: "m" }, spec: { selector: {}, endpoints: [{ port: "metrics", ...endpoint }] } });
    expect(validatedObject(monitor({ interval }), "m").spec).toEqual({ selector: {}, endpoints: [{ port: "metrics", interval }] });
    expect(() => validatedObject(monitor({ interval: "soon" }), "k3s/M")).toThrow(
      /k3s\/M: generated ServiceMonitor does not match its schema[\s\S]*interval/,
    );
  });
});
