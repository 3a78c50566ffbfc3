import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { loadConfigFile } from "../src/config/load-config";
import { synthPlatform } from "../stacks/platform";
import { CONFIG_DIR, editedConfig } from "./config/fixtures";
import { configFailure } from "./config/bad-config";

/*
 * Bad input end to end: each case is a configuration file as a user writes it, read and
 * synthesized exactly as main.ts does. Each must stop with a ValidationError (main.ts turns it
 * into exit code 1, see main.test.ts) carrying one message that names the field, the bad value
 * and what is allowed, and must write nothing. Construct props are validated by each construct's
 * own tests.
 */
let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bad-input-"));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The message that stops the synth of `text` (see configFailure). */
function failure(text: string): string {
  return configFailure(tmp, text);
}

/** The one issue line (`  - path: ...`) a config edited by `edit` is refused with: one mistake, one message. */
function onlyIssue(edit: (raw: Record<string, any>) => void): string {
  const [header, ...issues] = failure(stringify(editedConfig(edit))).split("\n");
  expect(header).toBe("platform.yaml is invalid:");
  expect(issues).toHaveLength(1);
  return issues[0];
}

describe("a bad configuration file stops the synth with one clear message and writes nothing", () => {
  const cases: Array<[string, (raw: Record<string, any>) => void, RegExp]> = [
    [
      "unknown key (typo)",
      (c) => (c.longhorn.chartVerison = "1.12.1"),
      /longhorn: unknown key "chartVerison" \(did you mean "chartVersion"\?\)/,
    ],
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
      /longhorn\.recurringJobs\[0\]\.cron: must be a standard 5-field cron expression.*: minute: 61 is beyond 59 \(got "61 0 \* \* \*"\)/,
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
      /longhorn\.chartVersion: must be a Longhorn chart version this project supports, exactly as published: 1\.5\.0-1\.5\.5, .* \(got "latest"\)/,
    ],
    [
      "chart version with v prefix",
      (c) => (c.longhorn.chartVersion = "v1.12.1"),
      /longhorn\.chartVersion: must be a Longhorn chart version this project supports, exactly as published: /,
    ],
    [
      "unsupported Longhorn version",
      (c) => (c.longhorn.chartVersion = "1.4.0"),
      /longhorn\.chartVersion: must be a Longhorn chart version this project supports, exactly as published: .*1\.12\.0-1\.12\.1 \(got "1\.4\.0"\)/,
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
    ["missing backup section", (c) => delete c.longhorn.backup, /longhorn\.backup: is required \(object\)/],
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
    [
      "server type removed from Hetzner",
      (c) => (c.hcloud.nodePools[0].serverType = "cx21"),
      /hcloud\.nodePools\[0\]\.serverType: server type 'cx21' was removed in 2024; use 'cx23' instead \(got "cx21"\)/,
    ],
    ["unknown location", (c) => (c.hcloud.location = "xyz1"), /hcloud\.location: must be a Hetzner location: .*nbg1.* \(got "xyz1"\)/],
    [
      "even number of control planes",
      (c) => (c.hcloud.controlPlane.count = 2),
      /hcloud\.controlPlane\.count: must be 1, or 3 for embedded etcd HA.*\(got 2\)/,
    ],
    ["more than 3 control planes", (c) => (c.hcloud.controlPlane.count = 5), /hcloud\.controlPlane\.count: must be 1, or 3.*\(got 5\)/],
    [
      "pool of 0 servers",
      (c) => (c.hcloud.nodePools[1].count = 0),
      /hcloud\.nodePools\[1\]\.count: Too small: expected number to be >=1 \(got 0\)/,
    ],
    ["empty pool name", (c) => (c.hcloud.nodePools[0].name = ""), /hcloud\.nodePools\[0\]\.name: must be a DNS-1123 label.*\(got ""\)/],
    [
      "label the kubelet may not set",
      (c) => (c.hcloud.nodePools[1].labels = { "node-role.kubernetes.io/storage": "true" }),
      /hcloud\.nodePools\[1\]\.labels\.node-role\.kubernetes\.io\/storage: invalid key: is a label the kubelet may not set on itself/,
    ],
    [
      "read replica on the primary's node",
      (c) => (c.databases.nodeRoles.read = ["kube-storage-01"]),
      /databases\.nodeRoles\.read: must not include the primary's node 'kube-storage-01': the primary and a read replica must never share a node/,
    ],
    [
      "volume size that is not a quantity",
      (c) => (c.databases.postgresql.volumeSize = "10GB"),
      /databases\.postgresql\.volumeSize: must be a positive Kubernetes quantity such as '10Gi' or '500Mi' \(got "10GB"\)/,
    ],
    [
      "a memory limit that is not a quantity",
      (c) => (c.databases.postgresql.resources = { primary: { limits: { memory: "1Gii" } } }),
      /databases\.postgresql\.resources\.primary\.limits\.memory: must be a Kubernetes quantity such as '250m', '1' \(CPU\) or '512Mi', '1Gi' \(memory\) \(got "1Gii"\)/,
    ],
    [
      "a memory request above its limit",
      (c) => (c.databases.redis.resources = { master: { requests: { memory: "1Gi" }, limits: { memory: "512Mi" } } }),
      /databases\.redis\.resources\.master\.requests\.memory: must not exceed limits\.memory \(512Mi\): Kubernetes refuses such a pod \(got "1Gi"\)/,
    ],
    [
      "an empty resources entry (the chart's nano preset would apply)",
      (c) => (c.databases.postgresql.resources = { metrics: {} }),
      /databases\.postgresql\.resources\.metrics: must set requests or limits: an empty one lets the chart's resourcesPreset \(nano: 192Mi\) apply \(got \{\}\)/,
    ],
    [
      "memory in thousandths of a byte",
      (c) => (c.databases.redis.resources = { replica: { limits: { memory: "512m" } } }),
      /databases\.redis\.resources\.replica\.limits\.memory: must be a whole number of bytes such as '512Mi' or '1Gi' \('512m' would be half a byte\) \(got "512m"\)/,
    ],
    [
      "a resource this project does not set",
      (c) => (c.databases.redis.resources = { metrics: { limits: { gpu: "1" } } }),
      /databases\.redis\.resources\.metrics\.limits: unknown key "gpu"/,
    ],
    [
      "unknown redis chart version",
      (c) => (c.databases.redis.chartVersion = "latest"),
      /databases\.redis\.chartVersion: must be a redis chart version this project knows: 17\.15\.6, 22\.0\.7, 23\.1\.1 \(got "latest"\)/,
    ],
    [
      "unknown state backend",
      (c) => (c.backend = { type: "gcs" }),
      /backend\.type: Invalid discriminator value\. Expected 'local' \| 's3' \| 'remote'/,
    ],
    [
      "a pool named like a control plane server",
      (c) => (c.hcloud.nodePools[0].name = "controller-01"),
      /hcloud\.nodePools\[0\]\.name: 'controller' is reserved for the control plane nodes, and so is 'controller-<NN>' \(the address of its servers\) \(got "controller-01"\)/,
    ],
    [
      "a pool named controller (not also a placement group clash with the control plane)",
      (c) => (c.hcloud.nodePools[0].name = "controller"),
      /hcloud\.nodePools\[0\]\.name: 'controller' is reserved for the control plane nodes, .* \(got "controller"\)/,
    ],
    [
      "two pools that would share a placement group",
      (c) => {
        c.hcloud.nodePools[0].count = 11; // groups worker and worker-2
        c.hcloud.nodePools.push({ name: "worker-2", serverType: "cx23", count: 1 });
      },
      /hcloud\.nodePools\[2\]\.name: its placement group '<cluster>-worker-2' would also be the placement group of pool 'worker'; rename one of the pools \(got "worker-2"\)/,
    ],
    [
      "a cluster name that starts with a digit",
      (c) => (c.cluster.name = "1kube"),
      /cluster\.name: must start with a letter \(it begins Terraform resource names\) \(got "1kube"\)/,
    ],
    [
      "the same SSH key twice under two names",
      (c) =>
        c.hcloud.sshKeys.push({
          name: "laptop-2",
          publicKey: `${c.hcloud.sshKeys[0].publicKey.split(" ").slice(0, 2).join(" ")} other-comment`,
        }),
      /hcloud\.sshKeys\[1\]\.publicKey: is the same key as '.*' \(Hetzner takes each public key once\) \(got "laptop-2"\)/,
    ],
    // Part 2 of the guide: Traefik, cert-manager, kured, upgrades.
    [
      "Traefik on a pool without a load balancer",
      (c) => (c.traefik.loadBalancerPool = "storage"),
      /traefik\.loadBalancerPool: must name a pool of hcloud\.nodePools with a loadBalancer \(worker\) \(got "storage"\)/,
    ],
    [
      "a load balancer service on Traefik's port 443",
      (c) => (c.hcloud.nodePools[0].loadBalancer.services = [{ listenPort: 443, destinationPort: 8443 }]),
      /hcloud\.nodePools\[0\]\.loadBalancer\.services\[0\]\.listenPort: is Traefik's on pool 'worker' \(traefik\.loadBalancerPool\): its services come from the traefik section; list only other ports \(got 443\)/,
    ],
    [
      "cert-manager without Traefik",
      (c) => (c.traefik.enabled = false),
      /certManager\.enabled: needs traefik\.enabled: the wildcard certificate is Traefik's default certificate, in its namespace \(got true\)/,
    ],
    [
      "k3s upgrades without a pinned k3s version",
      (c) => delete c.hcloud.k3s.version,
      /upgrades\.enabled: needs hcloud\.k3s\.version: the upgrade Plans roll the cluster to that pinned release, never to a moving channel \(got true\)/,
    ],
    [
      "a domain too long for the wildcard certificate's common name",
      (c) => (c.cluster.domain = `${"a".repeat(61)}.org`),
      /cluster\.domain: must be at most 64 characters: it is the certificate's common name \(certManager\.enabled\) \(got "a{61}\.org"\)/,
    ],
    [
      "an ACME e-mail that is not one",
      (c) => (c.certManager.acme.email = "me at kube.rocks"),
      /certManager\.acme\.email: must be an e-mail address \(got "me at kube\.rocks"\)/,
    ],
    [
      "a Traefik chart before Traefik v3's values",
      (c) => (c.traefik.chartVersion = "24.0.0"),
      /traefik\.chartVersion: must be a Traefik chart version this project supports, exactly as published: 41\.3\.0 \(got "24\.0\.0"\)/,
    ],
    [
      "a cert-manager version without its v",
      (c) => (c.certManager.chartVersion = "1.21.1"),
      /certManager\.chartVersion: must be a cert-manager chart version this project supports, exactly as published: v1\.15\.0-v1\.15\.5, .* \(got "1\.21\.1"\)/,
    ],
    [
      "a middleware allow-list entry that is no CIDR",
      (c) => (c.traefik.middlewares.ipAllowList = ["my-laptop"]),
      /traefik\.middlewares\.ipAllowList\[0\]: .*\(got "my-laptop"\)/,
    ],
    [
      "a kured period that is no duration",
      (c) => (c.kured.period = "hourly"),
      /kured\.period: must be a Go duration such as 1h or 30m \(got "hourly"\)/,
    ],
    [
      "a reboot window at 25 o'clock",
      (c) => (c.kured.rebootWindow = { days: ["mo"], startTime: "25:00", endTime: "06:00" }),
      /kured\.rebootWindow\.startTime: must be a time of day as HH:MM, e\.g\. 02:00 \(got "25:00"\)/,
    ],
    [
      "a reboot day kured does not know",
      (c) => (c.kured.rebootWindow = { days: ["monday"], startTime: "02:00", endTime: "06:00" }),
      /kured\.rebootWindow\.days\[0\]: .*\(got "monday"\)/,
    ],
    [
      "Traefik while k3s still runs its bundled one",
      (c) => (c.hcloud.k3s.disable = []),
      /hcloud\.k3s\.disable: must include 'traefik' while traefik\.enabled: k3s's bundled Traefik would hold ports 80 and 443 \(got \[\]\)/,
    ],
    [
      "Traefik without servicelb",
      (c) => (c.hcloud.k3s.disable = ["traefik", "servicelb"]),
      /hcloud\.k3s\.disable: must not include 'servicelb' while traefik\.enabled: servicelb publishes Traefik's ports on the nodes, where the load balancer forwards \(got \["traefik","servicelb"\]\)/,
    ],
    [
      "a worker firewall rule opening Traefik's port to the internet",
      (c) => (c.hcloud.firewall = { workerInbound: [{ protocol: "tcp", port: "400-500" }] }),
      /hcloud\.firewall\.workerInbound\[0\]\.port: must not open Traefik's port 443 on the nodes while traefik\.enabled: clients go through the load balancer, which alone may send Traefik client addresses \(got "400-500"\)/,
    ],
    [
      "Traefik in Longhorn's namespace",
      (c) => {
        c.traefik.namespace = "longhorn-system";
        c.longhorn.ui.ipAllowList.existing.namespace = c.longhorn.ui.basicAuth.existing.namespace = "longhorn-system";
      },
      /traefik\.namespace: collides with longhorn\.namespace: each installation creates its own namespace, so they must differ \(got "longhorn-system"\)/,
    ],
    [
      "cert-manager in kube-system",
      (c) => (c.certManager.namespace = "kube-system"),
      /certManager\.namespace: must not be one of default, kube-system, kube-public, kube-node-lease, system-upgrade: the stack creates this namespace, and those exist already \(system-upgrade is the upgrade controller's\) \(got "kube-system"\)/,
    ],
    [
      "the Longhorn UI naming middleware-ip in another namespace than Traefik's",
      (c) => (c.longhorn.ui.ipAllowList.existing.namespace = "ingress"),
      /longhorn\.ui\.ipAllowList\.existing\.namespace: must be traefik\.namespace \('traefik'\), where the stack creates middleware-ip \(got "ingress"\)/,
    ],
    [
      "a volume disk reservation as large as the volume",
      (c) => (c.longhorn.disks.volumeDiskStorageReservedGiB = 10),
      /longhorn\.disks\.volumeDiskStorageReservedGiB: must be less than the size of pool 'storage''s volumes \(10 GB\), or Longhorn refuses the disk \(got 10\)/,
    ],
    [
      "a system-upgrade-controller release before the Plan API used",
      (c) => (c.upgrades.controllerVersion = "v0.9.1"),
      /upgrades\.controllerVersion: must be a system-upgrade-controller version this project supports, exactly as published: v0\.14\.0-v0\.14\.2, .*v0\.20\.1 \(got "v0\.9\.1"\)/,
    ],
  ];

  it("covers at least 30 kinds of mistakes", () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases)("%s", (_name, edit, expected) => {
    const issue = onlyIssue(edit); // one mistake, one message
    expect(issue).toMatch(expected);
  });

  it("malformed YAML: position and reason", () => {
    expect(failure("cluster:\n  name: [kube\n")).toMatch(/^platform\.yaml is not valid YAML:\n {2}- \w+ at line \d+, column \d+: /);
  });

  it("several mistakes: every one, each on its own line", () => {
    const message = failure(
      stringify(
        editedConfig((c) => {
          c.longhorn.recurringJobs[0].retain = 0;
          c.cluster.domain = "http://x";
        }),
      ),
    );
    expect(message.split("\n").filter((l) => l.startsWith("  - "))).toHaveLength(2);
  });

  it("a valid file goes through the same path", () => {
    const outdir = path.join(tmp, "ok");
    synthPlatform({ config: loadConfigFile(path.join(CONFIG_DIR, "default.yaml")), outdir });
    expect(fs.existsSync(path.join(outdir, "stacks", "k3s", "cdk.tf.json"))).toBe(true);
  });
});

describe("config text is data: nothing in it reaches Terraform or cdktf as an expression", () => {
  const cases: Array<[string, (raw: Record<string, any>) => void, string]> = [
    ["a chart repository reading a local file", (c) => (c.longhorn.repository = 'https://x.example/${file("~/.kube/config")}'), "longhorn"],
    ["a template directive in the domain", (c) => (c.cluster.domain = "%{ if true }a.b%{ endif }"), "cluster.domain"],
    ["a cdktf token in a namespace", (c) => (c.longhorn.namespace = "${TfToken[TOKEN.0]}"), "longhorn.namespace"],
    [
      "a reference to a secret variable in a bucket",
      (c) => (c.longhorn.backup.s3.bucket = "${var.s3_secret_key}"),
      "longhorn.backup.s3.bucket",
    ],
    ["an expression in a list entry", (c) => (c.hcloud.k3s.tlsSans = ["cp.kube.rocks", "${timestamp()}"]), "hcloud.k3s.tlsSans[1]"],
    ["an expression in a label key", (c) => (c.hcloud.nodePools[1].labels = { "${path.cwd}": "x" }), "hcloud.nodePools[1].labels"],
  ];

  it.each(cases)("%s", (_name, edit, field) => {
    const issue = onlyIssue(edit);
    expect(issue).toMatch(new RegExp(`^  - ${field.replace(/[.[\]]/g, "\\$&")}[:.]`));
    expect(issue).toContain("must not contain '${' or '%{': Terraform would evaluate it as an expression");
  });

  it("a '$' or '%' alone is still text", () => {
    const outdir = path.join(tmp, "dollar");
    const file = path.join(tmp, "dollar.yaml");
    const comment = "costs-$5-or-50%-off";
    fs.writeFileSync(
      file,
      stringify(
        editedConfig(
          (c) => (c.hcloud.sshKeys[0].publicKey = `${c.hcloud.sshKeys[0].publicKey.split(" ").slice(0, 2).join(" ")} ${comment}`),
        ),
      ),
    );
    synthPlatform({ config: loadConfigFile(file), outdir });
    expect(fs.readFileSync(path.join(outdir, "stacks", "hcloud", "cdk.tf.json"), "utf8")).toContain(comment);
  });
});

describe("a file that is not a configuration stops the synth with one message, quickly", () => {
  const bomb = [
    "a: &a [x, x, x, x, x, x, x, x, x]",
    ...["b", "c", "d", "e", "f"].map((k, i) => `${k}: &${k} [${Array(9).fill(`*${"abcde"[i]}`).join(", ")}]`),
  ].join("\n");
  const cases: Array<[string, string | Buffer, RegExp]> = [
    ["an alias bomb", bomb, /^platform\.yaml is not valid YAML:\n {2}- aliases expand to more than 100 copies: write the values out/],
    [
      "several YAML documents",
      "cluster: {}\n---\nhcloud: {}\n",
      /^platform\.yaml is not valid YAML:\n {2}- several YAML documents \(the second begins at line 2\)/,
    ],
    [
      "a merge key",
      "base: &b {name: kube}\ncluster:\n  <<: *b\n",
      /^platform\.yaml is not valid YAML:\n {2}- cluster: merge keys \('<<'\) are not part of YAML 1\.2/,
    ],
    [
      "bytes that are not UTF-8",
      Buffer.from("cluster:\n  name: kube\n  domain: k\xff.rocks\n", "latin1"),
      /^cannot read configuration file platform\.yaml:\n {2}- not UTF-8 text \(first invalid byte at line 3\)$/,
    ],
    [
      "a file larger than 1 MiB",
      `# ${"x".repeat(1024 * 1024)}\n`,
      /^cannot read configuration file platform\.yaml:\n {2}- larger than 1048576 bytes: not a configuration$/,
    ],
    ["a missing section", "cluster: {name: kube, domain: kube.rocks}\n", /hcloud: is required \(object\)/],
  ];

  it.each(cases)("%s", (_name, text, expected) => {
    const start = process.hrtime.bigint();
    expect(failure(text as string)).toMatch(expected);
    expect(Number(process.hrtime.bigint() - start) / 1e9).toBeLessThan(1);
  });

  it("NaN and Infinity are named as such, not as null", () => {
    // YAML's .nan and .inf
    expect(failure(stringify(editedConfig((c) => (c.hcloud.controlPlane.count = NaN))))).toContain(
      "hcloud.controlPlane.count: Invalid input: expected number, received NaN (got NaN)",
    );
    expect(failure(stringify(editedConfig((c) => (c.longhorn.recurringJobs[0].retain = Infinity))))).toContain(
      "longhorn.recurringJobs[0].retain: Invalid input: expected number, received Infinity (got Infinity)",
    );
  });

  it("a device that never ends (/dev/zero) is refused after 1 MiB, without reading on", () => {
    const before = process.memoryUsage().rss;
    const start = process.hrtime.bigint();
    let message = "";
    try {
      loadConfigFile("/dev/zero");
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toBe("cannot read configuration file zero:\n  - larger than 1048576 bytes: not a configuration");
    expect(Number(process.hrtime.bigint() - start) / 1e9).toBeLessThan(1);
    expect(process.memoryUsage().rss - before).toBeLessThan(16 * 1024 * 1024);
  });
});

describe("schedules and time zones are checked as their targets parse them", () => {
  // Kubernetes CronJobs, Longhorn RecurringJobs and k3s's etcd snapshots parse with robfig/cron's standard
  // parser; the CronJob's time zone is loaded by Go's time.LoadLocation, which is case-sensitive.
  const cases: Array<[string, (raw: Record<string, any>) => void, string, string]> = [
    [
      "'L' (last day) in a RecurringJob",
      (c) => (c.longhorn.recurringJobs[0].cron = "0 0 L * *"),
      "longhorn.recurringJobs[0].cron",
      "day of month: 'L' is not understood by Kubernetes' cron parser",
    ],
    [
      "7 for Sunday in the dump schedule",
      (c) => (c.databases.postgresql.dumps.schedule = "0 3 * * 7"),
      "databases.postgresql.dumps.schedule",
      "day of week: 7 is not a day for Kubernetes' cron parser; Sunday is 0",
    ],
    [
      "a seconds field in the etcd snapshots",
      (c) => (c.hcloud.k3s.etcdS3Snapshots.scheduleCron = "0 0 0 * * *"),
      "hcloud.k3s.etcdS3Snapshots.scheduleCron",
      "has 6 fields, expected 5",
    ],
    [
      "'#' (nth weekday) in a RecurringJob",
      (c) => (c.longhorn.recurringJobs[1].cron = "0 0 * * 1#2"),
      "longhorn.recurringJobs[1].cron",
      "day of week: '1#2' is not understood",
    ],
    [
      "'W' (nearest weekday)",
      (c) => (c.longhorn.recurringJobs[2].cron = "0 0 15W * *"),
      "longhorn.recurringJobs[2].cron",
      "day of month: '15W' is not understood",
    ],
    [
      "a month name as a day",
      (c) => (c.databases.postgresql.dumps.schedule = "0 3 * * JAN"),
      "databases.postgresql.dumps.schedule",
      "day of week: 'JAN' is not understood",
    ],
    [
      "a time zone in the wrong case",
      (c) => (c.databases.postgresql.dumps.timeZone = "europe/paris"),
      "databases.postgresql.dumps.timeZone",
      "spelt as in the tz database (case-sensitive)",
    ],
    [
      "a time zone that does not exist",
      (c) => (c.databases.postgresql.dumps.timeZone = "Europe/Atlantis"),
      "databases.postgresql.dumps.timeZone",
      "must be an IANA time zone",
    ],
    [
      "day of month 0",
      (c) => (c.longhorn.recurringJobs[0].cron = "0 0 0 * *"),
      "longhorn.recurringJobs[0].cron",
      "day of month: 0 is below 1",
    ],
    [
      "@every with no duration",
      (c) => (c.databases.postgresql.dumps.schedule = "@every 0s"),
      "databases.postgresql.dumps.schedule",
      "is not a positive Go duration",
    ],
    [
      "an alias in lower case (etc/utc)",
      (c) => (c.databases.postgresql.dumps.timeZone = "etc/utc"),
      "databases.postgresql.dumps.timeZone",
      "case-sensitive",
    ],
    [
      "an alias in lower case (us/pacific)",
      (c) => (c.databases.postgresql.dumps.timeZone = "us/pacific"),
      "databases.postgresql.dumps.timeZone",
      "case-sensitive",
    ],
    ["gmt in lower case", (c) => (c.databases.postgresql.dumps.timeZone = "gmt"), "databases.postgresql.dumps.timeZone", "case-sensitive"],
  ];

  it.each(cases)("%s", (_name, edit, field, reason) => {
    const issue = onlyIssue(edit);
    expect(issue.startsWith(`  - ${field}: must be `)).toBe(true);
    expect(issue).toContain(reason);
  });

  it("what robfig/cron accepts goes through: names, '?', 'n/step', ranges of days, aliases of time zones", () => {
    const file = path.join(tmp, "schedules.yaml");
    fs.writeFileSync(
      file,
      stringify(
        editedConfig((c) => {
          c.longhorn.recurringJobs[0].cron = "15 0 ? * MON-FRI";
          c.longhorn.recurringJobs[1].cron = "30 0 * JAN-DEC 0";
          c.databases.postgresql.dumps.schedule = "5/30 */8 1/2 * *";
          c.databases.postgresql.dumps.timeZone = "Etc/UTC";
          c.longhorn.recurringJobs[2].cron = "@every 12h";
          c.hcloud.k3s.etcdS3Snapshots.scheduleCron = "0 0 * * MON/2";
        }),
      ),
    );
    expect(loadConfigFile(file).databases!.postgresql!.dumps.schedule).toBe("5/30 */8 1/2 * *");
  });
});

describe("S3 and DNS names are checked by their rules", () => {
  const cases: Array<[string, (raw: Record<string, any>) => void, string, string]> = [
    ["a bucket with '..'", (c) => (c.longhorn.backup.s3.bucket = "my..bucket"), "longhorn.backup.s3.bucket", "no '..'"],
    [
      "a bucket that is an IP address",
      (c) => (c.longhorn.backup.s3.bucket = "192.168.1.10"),
      "longhorn.backup.s3.bucket",
      "not an IP address",
    ],
    [
      "a bucket with a reserved prefix",
      (c) => (c.hcloud.k3s.etcdS3Snapshots.bucket = "xn--bucket"),
      "hcloud.k3s.etcdS3Snapshots.bucket",
      "no 'xn--' prefix",
    ],
    [
      "a bucket with a reserved suffix",
      (c) => (c.longhorn.backup.s3.bucket = "backups-s3alias"),
      "longhorn.backup.s3.bucket",
      "'-s3alias' suffix",
    ],
    [
      "a region with a space",
      (c) => (c.longhorn.backup.s3.region = "fr par"),
      "longhorn.backup.s3.region",
      "must be an S3 region such as 'fr-par'",
    ],
    [
      "a region in capitals",
      (c) => (c.hcloud.k3s.etcdS3Snapshots.region = "FR-PAR"),
      "hcloud.k3s.etcdS3Snapshots.region",
      "must be an S3 region such as 'fr-par'",
    ],
    [
      "an endpoint with a scheme",
      (c) => (c.longhorn.backup.s3.endpoint = "https://s3.fr-par.scw.cloud"),
      "longhorn.backup.s3.endpoint",
      "without scheme or path",
    ],
    [
      "an endpoint port out of range",
      (c) => (c.longhorn.backup.s3.endpoint = "minio.local:99999"),
      "longhorn.backup.s3.endpoint",
      "port 1-65535",
    ],
    [
      "an endpoint label over 63 characters",
      (c) => (c.longhorn.backup.s3.endpoint = `${"a".repeat(64)}.example.org`),
      "longhorn.backup.s3.endpoint",
      "must be a host name or IPv4 address",
    ],
    [
      "a domain too long for its subdomains",
      (c) => (c.cluster.domain = `${"a".repeat(60)}.${"b".repeat(60)}.${"c".repeat(60)}.kube.rocks`),
      "cluster.domain",
      "must be at most 189 characters: DNS names end at 253",
    ],
    [
      "an all-numeric endpoint that is no IPv4 address",
      (c) => (c.longhorn.backup.s3.endpoint = "999.1.1.1"),
      "longhorn.backup.s3.endpoint",
      "must be a host name or IPv4 address",
    ],
  ];

  it.each(cases)("%s", (_name, edit, field, reason) => {
    const issue = onlyIssue(edit);
    expect(issue.startsWith(`  - ${field}: must be `)).toBe(true);
    expect(issue).toContain(reason);
  });

  it("an endpoint with a port or an IP address, a dotted bucket and a long region go through", () => {
    const file = path.join(tmp, "s3.yaml");
    fs.writeFileSync(
      file,
      stringify(
        editedConfig((c) => {
          c.longhorn.backup.s3 = { endpoint: "10.0.0.5:9000", region: "eu-central-1", bucket: "kube.rocks-backups" };
          c.hcloud.k3s.etcdS3Snapshots.endpoint = "minio.storage.svc:9000";
          // 189 characters: the longest domain that leaves room for '<subdomain>.' (without cert-manager, whose
          // wildcard certificate takes the domain as its common name, of at most 64 characters)
          c.cluster.domain = `${"a".repeat(60)}.${"b".repeat(60)}.${"c".repeat(60)}.abcdef`;
          delete c.certManager;
        }),
      ),
    );
    const config = loadConfigFile(file);
    expect(config.longhorn.backup.s3.bucket).toBe("kube.rocks-backups");
    expect(config.cluster.domain).toHaveLength(189);
  });
});

describe("database names and images PostgreSQL or the registry would refuse", () => {
  const cases: Array<[string, (raw: Record<string, any>) => void, string, string]> = [
    [
      "a user in PostgreSQL's reserved pg_ namespace",
      (c) => (c.databases.postgresql.user = "pg_app"),
      "databases.postgresql.user",
      "reserves for roles",
    ],
    [
      "the reserved role public",
      (c) => (c.databases.postgresql.replicationUser = "public"),
      "databases.postgresql.replicationUser",
      "reserves for roles",
    ],
    ["current_user as a user", (c) => (c.databases.postgresql.user = "current_user"), "databases.postgresql.user", "reserves for roles"],
    [
      "template1 as the database",
      (c) => (c.databases.postgresql.database = "template1"),
      "databases.postgresql.database",
      "every PostgreSQL cluster has them",
    ],
    [
      "postgres as the database",
      (c) => (c.databases.postgresql.database = "postgres"),
      "databases.postgresql.database",
      "every PostgreSQL cluster has them",
    ],
    [
      "a docker.io/bitnami image (no versioned tag since 2025-08-28)",
      (c) => (c.databases.postgresql.images = { postgresql: { repository: "bitnami/postgresql" } }),
      "databases.postgresql.images.postgresql.repository",
      "use 'bitnamilegacy/postgresql' or a mirror",
    ],
    [
      "a bitnami image named on docker.io explicitly",
      (c) => (c.databases.redis.images = { redis: { registry: "docker.io", repository: "bitnami/redis", tag: "8.2.1" } }),
      "databases.redis.images.redis.repository",
      "serves no versioned tag",
    ],
  ];

  it.each(cases)("%s", (_name, edit, field, reason) => {
    const issue = onlyIssue(edit);
    expect(issue.startsWith(`  - ${field}: must `)).toBe(true);
    expect(issue).toContain(reason);
  });

  it("a bitnami/ path on a mirror is the mirror's business", () => {
    const file = path.join(tmp, "mirror.yaml");
    fs.writeFileSync(
      file,
      stringify(
        editedConfig(
          (c) => (c.databases.postgresql.images = { postgresql: { registry: "registry.example.org", repository: "bitnami/postgresql" } }),
        ),
      ),
    );
    expect(loadConfigFile(file).databases!.postgresql!.images.postgresql!.repository).toBe("bitnami/postgresql");
  });
});

describe("Kubernetes names and quantities the API server would refuse", () => {
  const cases: Array<[string, (raw: Record<string, any>) => void, string, string]> = [
    [
      "a volume size '10Gii'",
      (c) => (c.databases.postgresql.volumeSize = "10Gii"),
      "databases.postgresql.volumeSize",
      "must be a positive Kubernetes quantity",
    ],
    [
      "a volume size '10 Gi'",
      (c) => (c.databases.redis.volumeSize = "10 Gi"),
      "databases.redis.volumeSize",
      "must be a positive Kubernetes quantity",
    ],
    [
      "a dump volume '5GB'",
      (c) => (c.databases.postgresql.dumps.volumeSize = "5GB"),
      "databases.postgresql.dumps.volumeSize",
      "must be a positive Kubernetes quantity",
    ],
    [
      "a memory limit '1Gii'",
      (c) => (c.databases.redis.resources = { master: { limits: { memory: "1Gii" } } }),
      "databases.redis.resources.master.limits.memory",
      "must be a Kubernetes quantity",
    ],
    [
      "a label value of 64 characters",
      (c) => (c.hcloud.nodePools[1].labels = { tier: "a".repeat(64) }),
      "hcloud.nodePools[1].labels.tier",
      "must be a Kubernetes label value: up to 63",
    ],
    [
      "two taints with the same key and effect",
      (c) => (c.hcloud.nodePools[1].taints = ["dedicated=db:NoSchedule", "dedicated=cache:NoSchedule"]),
      "hcloud.nodePools[1].taints",
      "has two taints with key and effect 'dedicated:NoSchedule': Kubernetes refuses the node",
    ],
    [
      "a PostgreSQL release name too long for its StatefulSets",
      (c) => (c.databases.postgresql.releaseName = "p".repeat(45)),
      "databases.postgresql.releaseName",
      "must be at most 44 characters (its StatefulSet <releaseName>-primary may have 52",
    ],
  ];

  it.each(cases)("%s", (_name, edit, field, reason) => {
    const issue = onlyIssue(edit);
    expect(issue.startsWith(`  - ${field}: `)).toBe(true);
    expect(issue).toContain(reason);
  });
});

describe("the node wait's settings", () => {
  const cases: Array<[string, (raw: Record<string, any>) => void, string]> = [
    [
      "a zero timeout",
      (c) => (c.kubernetes.waitForNodes = { timeoutSeconds: 0 }),
      "kubernetes.waitForNodes.timeoutSeconds: must be a whole number of seconds from 1 to 86400",
    ],
    [
      "a timeout beyond a day",
      (c) => (c.kubernetes.waitForNodes = { timeoutSeconds: 86401 }),
      "kubernetes.waitForNodes.timeoutSeconds: must be a whole number of seconds from 1 to 86400",
    ],
    [
      "a command line as kubectl",
      (c) => (c.kubernetes.waitForNodes = { kubectl: "sudo kubectl" }),
      "kubernetes.waitForNodes.kubectl: must be a program name or path, without spaces or shell characters",
    ],
    ["an empty kubectl", (c) => (c.kubernetes.waitForNodes = { kubectl: "" }), "kubernetes.waitForNodes.kubectl: must be a program name"],
  ];

  it.each(cases)("%s", (_name, edit, expected) => {
    const issue = onlyIssue(edit);
    expect(issue).toContain(expected);
  });
});

describe("a trailing document separator", () => {
  it("is no second document", () => {
    const file = path.join(tmp, "trailing.yaml");
    fs.writeFileSync(file, `${fs.readFileSync(path.join(CONFIG_DIR, "default.yaml"), "utf8")}---\n`);
    expect(loadConfigFile(file).cluster.name).toBe("kube");
  });
});
