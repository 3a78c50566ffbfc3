import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { configJsonSchema } from "../../src/config/json-schema";
import { CONFIG_ENV, MAX_CONFIG_BYTES, loadConfig, loadConfigFile, parseConfig } from "../../src/config/load-config";
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
    expect(CONFIG_ENV).toBe("PLATFORM_CONFIG"); // as README names it
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

  it("names a file by its path under the working directory, and one elsewhere by its name alone", () => {
    expect(errorOf(() => loadConfigFile("config/nope.yaml"))).toMatch(/^cannot read configuration file config\/nope\.yaml:/);
    expect(errorOf(() => loadConfigFile(path.join(dir, "nope.yaml")))).toMatch(/^cannot read configuration file nope\.yaml:/);
    expect(errorOf(() => loadConfigFile("."))).toBe(`cannot read configuration file ${path.basename(process.cwd())}:\n  - EISDIR`);
  });

  it("calls a configuration given as data 'configuration' unless told its source", () => {
    expect(errorOf(() => parseConfig({ bogus: 1 }))).toMatch(/^configuration is invalid:/);
  });

  it("reads a file of exactly the largest size", () => {
    const file = path.join(dir, "big.yaml");
    fs.writeFileSync(file, `#${"x".repeat(MAX_CONFIG_BYTES - 2)}\n`);
    expect(fs.statSync(file).size).toBe(MAX_CONFIG_BYTES);
    expect(errorOf(() => loadConfigFile(file))).toMatch(/^big\.yaml is invalid:/); // read and parsed: an empty configuration
  });

  it.each<[string, Buffer, number]>([
    ["after an empty first line", Buffer.from("\n\xff", "latin1"), 2],
    ["on a last line without newline", Buffer.from("a: 1\nb: \xff", "latin1"), 2],
    ["on the first line", Buffer.from("\xff\n", "latin1"), 1],
  ])("gives the line of the first byte that is not UTF-8, %s", (_name, bytes, line) => {
    const file = path.join(dir, "latin1.yaml");
    fs.writeFileSync(file, bytes);
    expect(errorOf(() => loadConfigFile(file))).toBe(
      `cannot read configuration file latin1.yaml:\n  - not UTF-8 text (first invalid byte at line ${line})`,
    );
  });

  it.each<[string, string, RegExp]>([
    ["a trailing '---'", "bogus: 1\n---\n", /^doc\.yaml is invalid:\n[^]*- \(root\): unknown key "bogus"/],
    ["an empty first document before another", "---\n---\nbogus: 1\n", /several YAML documents \(the second begins at line 2\)/],
    ["a broken second document that looks empty", 'bogus: 1\n--- "\n', /^doc\.yaml is not valid YAML:/],
  ])("reads %s as one configuration document or none", (_name, text, expected) => {
    const file = path.join(dir, "doc.yaml");
    fs.writeFileSync(file, text);
    expect(errorOf(() => loadConfigFile(file))).toMatch(expected);
  });
});
