import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { configJsonSchema } from "../../src/config/json-schema";
import { CONFIG_ENV, loadConfig, loadConfigFile, parseConfig } from "../../src/config/load-config";
import { storageNodes } from "../../src/config/schema";
import { errorOf } from "../helpers";
import { CONFIG_DIR, editedConfig, loadRepoConfig } from "./fixtures";

describe("configuration files of the repository", () => {
  it("default.yaml: current Longhorn, the guide's topology and jobs", () => {
    const cfg = loadRepoConfig("default");
    expect(cfg.longhorn.chartVersion).toBe("1.12.1");
    expect(storageNodes(cfg).names).toEqual(["kube-storage-01", "kube-storage-02"]);
    expect(cfg.longhorn.recurringJobs.map((j) => [j.name, j.cron, j.retain, j.concurrency, j.groups, j.task])).toEqual([
      ["daily", "15 0 * * *", 7, 1, ["default"], "backup"],
      ["weekly", "30 0 * * 1", 4, 1, ["default"], "backup"],
      ["monthly", "45 0 1 * *", 3, 1, ["default"], "backup"],
    ]);
    expect(cfg.monitoring.serviceMonitors).toBe(false);
  });

  it("guide.yaml: Longhorn 1.5.1, replica count 2, ServiceMonitors on", () => {
    const cfg = loadRepoConfig("guide");
    expect(cfg.longhorn.chartVersion).toBe("1.5.1");
    expect(cfg.longhorn.replicaCount).toBe(2);
    expect(cfg.monitoring.serviceMonitors).toBe(true);
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

describe("invalid configurations name the field, the value and what is allowed", () => {
  const cases: Array<[string, (raw: Record<string, any>) => void, RegExp]> = [
    ["unknown key (typo)", (c) => (c.longhorn.chartVerison = "1.12.1"), /\(root\)|longhorn: Unrecognized key: "chartVerison"/],
    [
      "wrong type",
      (c) => (c.longhorn.recurringJobs[0].retain = "7"),
      /longhorn\.recurringJobs\[0\]\.retain: Invalid input: expected number, received string \(got "7"\)/,
    ],
    [
      "retain 0",
      (c) => (c.longhorn.recurringJobs[0].retain = 0),
      /longhorn\.recurringJobs\[0\]\.retain: Too small: expected number to be >=1 \(got 0\)/,
    ],
    [
      "concurrency 0",
      (c) => (c.longhorn.recurringJobs[1].concurrency = 0),
      /longhorn\.recurringJobs\[1\]\.concurrency: Too small.*\(got 0\)/,
    ],
    [
      "invalid cron",
      (c) => (c.longhorn.recurringJobs[0].cron = "61 0 * * *"),
      /longhorn\.recurringJobs\[0\]\.cron: must be a standard 5-field cron expression.*: Invalid value for minute: 61 \(got "61 0 \* \* \*"\)/,
    ],
    [
      "6-field cron",
      (c) => (c.longhorn.recurringJobs[0].cron = "0 15 0 * * *"),
      /recurringJobs\[0\]\.cron: must be a standard 5-field cron.*: has 6 fields, expected 5/,
    ],
    [
      "cron that never fires",
      (c) => (c.longhorn.recurringJobs[2].cron = "45 0 31 2 *"),
      /recurringJobs\[2\]\.cron: must be a standard 5-field cron.*: never fires \(got "45 0 31 2 \*"\)/,
    ],
    [
      "unknown task",
      (c) => (c.longhorn.recurringJobs[0].task = "backups"),
      /recurringJobs\[0\]\.task: Invalid option: expected one of "snapshot"\|.*"backup"\|.*\(got "backups"\)/,
    ],
    [
      "job name over 40 chars",
      (c) => (c.longhorn.recurringJobs[0].name = "a".repeat(41)),
      /recurringJobs\[0\]\.name: must be at most 40 characters/,
    ],
    [
      "job name not DNS-1123",
      (c) => (c.longhorn.recurringJobs[0].name = "Daily_Job"),
      /recurringJobs\[0\]\.name: must be a DNS-1123 label.*\(got "Daily_Job"\)/,
    ],
    [
      "duplicate job names",
      (c) => (c.longhorn.recurringJobs[1].name = "daily"),
      /longhorn\.recurringJobs: job name 'daily' is used more than once/,
    ],
    ["empty cluster name", (c) => (c.cluster.name = ""), /cluster\.name: must be a DNS-1123 label.*\(got ""\)/],
    [
      "domain with a scheme",
      (c) => (c.cluster.domain = "https://kube.rocks"),
      /cluster\.domain: must be a lowercase domain name.*without scheme.*\(got "https:\/\/kube\.rocks"\)/,
    ],
    [
      "bucket with s3:// prefix",
      (c) => (c.longhorn.backup.s3.bucket = "s3://mykuberocks"),
      /longhorn\.backup\.s3\.bucket: must be a bare S3 bucket name.*\(got "s3:\/\/mykuberocks"\)/,
    ],
    [
      "endpoint with scheme",
      (c) => (c.longhorn.backup.s3.endpoint = "https://s3.fr-par.scw.cloud"),
      /longhorn\.backup\.s3\.endpoint: must be a host name.*without scheme/,
    ],
    [
      "chart version not semver",
      (c) => (c.longhorn.chartVersion = "latest"),
      /longhorn\.chartVersion: must be an exact semantic version.*\(got "latest"\)/,
    ],
    [
      "chart version with v prefix",
      (c) => (c.longhorn.chartVersion = "v1.12.1"),
      /longhorn\.chartVersion: must be an exact semantic version/,
    ],
    [
      "unsupported Longhorn version",
      (c) => (c.longhorn.chartVersion = "1.4.0"),
      /longhorn\.chartVersion: must be a Longhorn chart version this project supports \(>=1\.5\.0 <1\.13\.0\) \(got "1\.4\.0"\)/,
    ],
    [
      "replica count above storage nodes",
      (c) => (c.longhorn.replicaCount = 3),
      /longhorn\.replicaCount: must be at most the number of storage nodes \(2 in pool 'storage'\) \(got 3\)/,
    ],
    [
      "StorageClass replicas above storage nodes",
      (c) => (c.longhorn.storageClass.numberOfReplicas = 5),
      /longhorn\.storageClass\.numberOfReplicas: must be at most the number of storage nodes/,
    ],
    [
      "strict-local with 2 replicas",
      (c) => Object.assign(c.longhorn.storageClass, { dataLocality: "strict-local", numberOfReplicas: 2 }),
      /longhorn\.storageClass\.numberOfReplicas: must be 1 when dataLocality is 'strict-local'.*\(got 2\)/,
    ],
    [
      "unknown fsType",
      (c) => (c.longhorn.storageClass.fsType = "btrfs"),
      /longhorn\.storageClass\.fsType: Invalid option: expected one of "ext4"\|"xfs" \(got "btrfs"\)/,
    ],
    [
      "storage pool that does not exist",
      (c) => (c.longhorn.storagePool = "disks"),
      /longhorn\.storagePool: must name a pool of hcloud\.nodePools \(worker, storage\) \(got "disks"\)/,
    ],
    [
      "UI exposed without IP allow-list",
      (c) => delete c.longhorn.ui.ipAllowList,
      /longhorn\.ui\.ipAllowList: is required while longhorn\.ui\.enabled is true/,
    ],
    [
      "UI exposed without basic auth",
      (c) => delete c.longhorn.ui.basicAuth,
      /longhorn\.ui\.basicAuth: is required while longhorn\.ui\.enabled is true/,
    ],
    [
      "allow-list that is not CIDR",
      (c) => (c.longhorn.ui.ipAllowList = { sourceRange: ["my-office"] }),
      /longhorn\.ui\.ipAllowList\.sourceRange\[0\]: must be an IPv4 or IPv6 CIDR range.*\(got "my-office"\)/,
    ],
    [
      "basic auth neither existing nor created",
      (c) => (c.longhorn.ui.basicAuth = { create: false }),
      /longhorn\.ui\.basicAuth: must match one of: \(1\) existing .* \| \(2\) create Invalid input: expected true/,
    ],
    [
      "namespace not DNS-1123",
      (c) => (c.longhorn.namespace = "Longhorn"),
      /longhorn\.namespace: must be a DNS-1123 label.*\(got "Longhorn"\)/,
    ],
    [
      "disk tag not DNS-1123",
      (c) => (c.longhorn.disks.rootDiskTags = ["Fast SSD"]),
      /longhorn\.disks\.rootDiskTags\[0\]: must be a DNS-1123 label/,
    ],
    ["missing backup section", (c) => delete c.longhorn.backup, /longhorn\.backup: Invalid input: expected object, received undefined/],
    [
      "bad taint syntax",
      (c) => (c.hcloud.nodePools[1].taints = ["node-role.kubernetes.io/storage=NoSchedule"]),
      /hcloud\.nodePools\[1\]\.taints\[0\]: must be a taint 'key\[=value\]:Effect'/,
    ],
    [
      "bad label key",
      (c) => (c.hcloud.nodePools[1].labels = { "bad key": "x" }),
      /hcloud\.nodePools\[1\]\.labels\.bad key: invalid key: must be a Kubernetes label key.*\(got "bad key"\)/,
    ],
    [
      "volume of 5 GB",
      (c) => (c.hcloud.nodePools[1].volume.size = 5),
      /hcloud\.nodePools\[1\]\.volume\.size: Too small: expected number to be >=10 \(got 5\)/,
    ],
    [
      "volume over 10240 GB",
      (c) => (c.hcloud.nodePools[1].volume.size = 20000),
      /hcloud\.nodePools\[1\]\.volume\.size: Too big: expected number to be <=10240 \(got 20000\)/,
    ],
    [
      "duplicate pool names",
      (c) => (c.hcloud.nodePools[0].name = "storage"),
      /hcloud\.nodePools: pool name 'storage' is used more than once/,
    ],
  ];

  it.each(cases)("%s", (_name, edit, expected) => {
    expect(errorOf(() => parseConfig(editedConfig(edit), "config/test.yaml"))).toMatch(expected);
  });

  it("starts with the file name and lists every issue on its own line", () => {
    const message = errorOf(() =>
      parseConfig(
        editedConfig((c) => {
          c.longhorn.recurringJobs[0].retain = 0;
          c.cluster.domain = "http://x";
        }),
        "config/test.yaml",
      ),
    );
    expect(message.split("\n")[0]).toBe("config/test.yaml is invalid:");
    expect(message.split("\n").filter((l) => l.startsWith("  - "))).toHaveLength(2);
  });
});
