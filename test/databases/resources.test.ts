import { TerraformVariable } from "cdktf";
import { parse } from "yaml";
import { Postgresql } from "../../src/databases/postgresql";
import { Redis } from "../../src/databases/redis";
import { POSTGRESQL_DEFAULT_RESOURCES, REDIS_DEFAULT_RESOURCES, quantityValue, resourceIssues } from "../../src/databases/resources";
import { errorOf, onlyResource, synthScope } from "../helpers";
import { guidePostgresql, guideRedis } from "./fixtures";

describe("quantityValue", () => {
  it.each([
    ["512Mi", 512 * 2 ** 20],
    ["1Gi", 2 ** 30],
    ["1.5Gi", 1.5 * 2 ** 30],
    ["250m", 0.25],
    ["2", 2],
    ["1k", 1000],
    ["1e3", 1000],
    ["128M", 128e6],
    ["+1Gi", 2 ** 30],
    ["500n", 5e-7],
    ["100u", 1e-4],
  ])("%s is %d", (text, value) => expect(quantityValue(text)).toBeCloseTo(value));

  it.each(["1Gii", "10 GB", "-1Gi", "Mi", "", "1.2.3", "0x10"])("refuses %j", (text) => expect(quantityValue(text)).toBeUndefined());

  it("refuses memory that is not a whole number of bytes, and empty entries", () => {
    expect(resourceIssues("x", { limits: { memory: "512m" } }).map((i) => i[0])).toEqual(["x.limits.memory"]);
    expect(resourceIssues("x", { limits: { memory: "1.5Gi" } })).toEqual([]);
    expect(resourceIssues("x", {}).map((i) => i[0])).toEqual(["x"]);
    expect(resourceIssues("x", { requests: {} }).map((i) => i[0])).toEqual(["x.requests"]);
  });
});

describe("resourceIssues", () => {
  it("accepts the defaults: every request within its limit", () => {
    for (const defaults of [POSTGRESQL_DEFAULT_RESOURCES, REDIS_DEFAULT_RESOURCES]) {
      for (const [c, r] of Object.entries(defaults)) expect(resourceIssues(c, r)).toEqual([]);
    }
  });

  it("compares requests and limits by value, not by text", () => {
    expect(resourceIssues("x", { requests: { memory: "1024Mi" }, limits: { memory: "1Gi" } })).toEqual([]);
    expect(resourceIssues("x", { requests: { cpu: "1" }, limits: { cpu: "500m" } })).toEqual([
      ["x.requests.cpu", "1", "must not exceed limits.cpu (500m): Kubernetes refuses such a pod"],
    ]);
  });

  const QUANTITY = "must be a Kubernetes quantity such as '250m', '1' (CPU) or '512Mi', '1Gi' (memory)";
  const BYTES = "must be a whole number of bytes such as '512Mi' or '1Gi' ('512m' would be half a byte)";
  const PRESET = "an empty one lets the chart's resourcesPreset (nano: 192Mi) apply";
  it.each<[string, Record<string, any>, [string, unknown, string][]]>([
    ["nothing set", {}, [["x", {}, `must set requests or limits: ${PRESET}`]]],
    ["an empty side", { limits: {} }, [["x.limits", {}, `must set cpu or memory: ${PRESET}`]]],
    ["another resource", { limits: { gpu: "1" } }, [["x.limits.gpu", "1", "is not a resource this project sets (cpu, memory)"]]],
    ["text that is no quantity", { requests: { cpu: "fast" } }, [["x.requests.cpu", "fast", QUANTITY]]],
    ["a number instead of a quantity's text", { requests: { cpu: 2 }, limits: { cpu: "1" } }, [["x.requests.cpu", 2, QUANTITY]]],
    ["half a byte", { limits: { memory: "512m" } }, [["x.limits.memory", "512m", BYTES]]],
    ["no byte", { requests: { memory: "0" } }, [["x.requests.memory", "0", BYTES]]],
    ["one byte", { requests: { memory: "1" } }, []],
    ["a request without a limit", { requests: { memory: "64Gi" } }, []],
    ["a limit without a request", { limits: { cpu: "100m" } }, []],
  ])("refuses or accepts %s, in so many words", (_, resources, expected) => {
    expect(resourceIssues("x", resources as never)).toEqual(expected);
  });

  it("skips a token amount and the comparison it would take part in", () => {
    synthScope((scope) => {
      const memory = new TerraformVariable(scope, "memory", { type: "string" }).stringValue;
      expect(resourceIssues("x", { requests: { memory }, limits: { memory: "1Mi" } })).toEqual([]);
    });
  });
});

describe("database resources as construct props", () => {
  it("replaces a given container's resources whole and keeps the others' defaults", () => {
    const { parsed } = synthScope(
      (s) => new Postgresql(s, "PG", guidePostgresql({ resources: { metrics: { limits: { memory: "256Mi" } } } })),
    );
    const values = parse((onlyResource(parsed, "helm_release") as any).values[0]);
    expect(values.metrics.resources).toEqual({ requests: null, limits: { memory: "256Mi" } });
    expect(values.primary.resources).toEqual(POSTGRESQL_DEFAULT_RESOURCES.primary);
  });

  it("names the prop, the value and the rule", () => {
    const text = errorOf(() =>
      synthScope((s) => new Postgresql(s, "PG", guidePostgresql({ resources: { primary: { requests: { cpu: "fast" } } } }))),
    );
    expect(text).toMatch(/resources\.primary\.requests\.cpu: must be a Kubernetes quantity .* \(got "fast"\)/);
    const unknown = errorOf(() => synthScope((s) => new Postgresql(s, "PG", guidePostgresql({ resources: { replica: {} } as any }))));
    expect(unknown).toMatch(/resources\.replica: must be one of primary, readReplicas, metrics/);
  });

  it("refuses resources for Redis replicas that standalone does not run", () => {
    const text = errorOf(() =>
      synthScope((s) => new Redis(s, "Redis", guideRedis({ architecture: "standalone", replicas: undefined, resources: { replica: {} } }))),
    );
    expect(text).toMatch(/resources\.replica: must be one of master, metrics/);
  });
});
