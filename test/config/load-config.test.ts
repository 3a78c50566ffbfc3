import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { configJsonSchema } from "../../src/config/json-schema";
import { CONFIG_ENV, loadConfig, loadConfigFile } from "../../src/config/load-config";
import { storageNodes } from "../../src/config/schema";
import { errorOf } from "../helpers";
import { KUBERNETES } from "../../scripts/engines/catalog";
import { CONFIG_DIR, loadRepoConfig } from "./fixtures";

describe("configuration files of the repository", () => {
  it.each(["default", "guide"] as const)("%s.yaml pins the k3s release, of the Kubernetes minor the engine scenarios run", (name) => {
    const version = loadRepoConfig(name).hcloud.k3s.version;
    expect(version).toBe("v1.36.4+k3s1");
    // kube-apiserver of `npm run test:engines` (scripts/engines/catalog.ts) is of the same minor.
    expect(version!.split(".").slice(0, 2)).toEqual(KUBERNETES.split(".").slice(0, 2));
  });

  it("default.yaml: current Longhorn, the guide's topology and jobs", () => {
    const cfg = loadRepoConfig("default");
    expect(cfg.longhorn.chartVersion).toBe("1.12.1");
    expect(storageNodes(cfg).names).toEqual(["kube-storage-01", "kube-storage-02"]);
    expect(cfg.longhorn.recurringJobs.map((j) => [j.name, j.cron, j.retain, j.concurrency, j.groups, j.task])).toEqual([
      ["daily", "15 0 * * *", 7, 1, ["default"], "backup"],
      ["weekly", "30 0 * * 1", 4, 1, ["default"], "backup"],
      ["monthly", "45 0 1 * *", 3, 1, ["default"], "backup"],
    ]);
    expect(cfg.monitoring).toEqual({ serviceMonitors: true, prometheusOperatorCrds: { enabled: true, chartVersion: "31.0.1" } });
    // Part 2 of the guide, every service on.
    expect([cfg.traefik?.enabled, cfg.certManager?.enabled, cfg.kured?.enabled, cfg.upgrades?.enabled]).toEqual([true, true, true, true]);
  });

  it("guide.yaml: Longhorn 1.5.1, replica count 2, ServiceMonitors on with the CRDs the stack installs", () => {
    const cfg = loadRepoConfig("guide");
    expect(cfg.longhorn.chartVersion).toBe("1.5.1");
    expect(cfg.longhorn.replicaCount).toBe(2);
    expect(cfg.monitoring.serviceMonitors).toBe(true);
    expect(cfg.monitoring.prometheusOperatorCrds.enabled).toBe(true);
    expect(cfg.kured?.period).toBe("1m");
  });

  it("config/schema.json is the JSON Schema generated from the zod schema (run `npm run schema`)", () => {
    expect(fs.readFileSync(path.join(CONFIG_DIR, "schema.json"), "utf8")).toBe(configJsonSchema());
  });

  it("the JSON Schema rejects unknown keys and lists enum values for editors", () => {
    const schema = JSON.parse(configJsonSchema());
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.longhorn.properties.recurringJobs.items.properties.task.enum).toContain("backup");
  });
});

describe("loadConfig", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "cfg-"));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    delete process.env[CONFIG_ENV];
  });

  it("reads the file named by PLATFORM_CONFIG", () => {
    const file = path.join(dir, "small.yaml");
    fs.copyFileSync(path.join(CONFIG_DIR, "guide.yaml"), file);
    process.env[CONFIG_ENV] = file;
    expect(loadConfig(path.join(CONFIG_DIR, "default.yaml")).longhorn.chartVersion).toBe("1.5.1");
    delete process.env[CONFIG_ENV];
    expect(loadConfig(path.join(CONFIG_DIR, "default.yaml")).longhorn.chartVersion).toBe("1.12.1");
  });

  it("reports malformed YAML with its position", () => {
    const file = path.join(dir, "bad.yaml");
    fs.writeFileSync(file, "cluster:\n  name: [kube\n");
    expect(errorOf(() => loadConfigFile(file))).toMatch(/bad\.yaml is not valid YAML:\n {2}- \w+ at line \d+, column \d+/);
  });

  it("reports duplicate keys", () => {
    const file = path.join(dir, "dup.yaml");
    fs.writeFileSync(file, "cluster:\n  name: a\n  name: b\n");
    expect(errorOf(() => loadConfigFile(file))).toMatch(/DUPLICATE_KEY/);
  });

  it("reports a missing file", () => {
    expect(errorOf(() => loadConfigFile(path.join(dir, "nope.yaml")))).toMatch(/cannot read configuration file nope\.yaml:\n {2}- ENOENT/);
  });
});
