import { Lazy, TerraformStack, Testing } from "cdktf";
import { checkK3sServerConfig } from "../../src/hcloud/control-plane";
import {
  checkK3sNodeSettings,
  checkServerGroup,
  K3sNodeSettings,
  k3sNodeSettingsIssues,
  renderK3sConfig,
  ServerGroupSettings,
} from "../../src/hcloud/k3s-node";
import { PrivateNetwork } from "../../src/hcloud/private-network";
import { KEYS } from "../config/ssh-keys";
import { fieldsOf, issuesOf } from "../helpers";

/*
 * The checks ControlPlane, NodePool and K3sCluster share, on their own: each problem is recorded under
 * the prefix the caller gives, with the field it is about, so that a user reads which prop to fix.
 */

const token = (): string => Lazy.stringValue({ produce: () => "x" });
const numberToken = (): number => Lazy.numberValue({ produce: () => 1 });
const listToken = (): string[] => Lazy.listValue({ produce: () => ["x"] });

const network = new PrivateNetwork(new TerraformStack(Testing.app(), "network"), "Network", {
  name: "kube",
  ipRange: "10.0.0.0/16",
  networkZone: "eu-central",
});

const SETTINGS: K3sNodeSettings = {
  clusterName: "kube",
  image: "ubuntu-24.04",
  network,
  sshKeyIds: ["my-key"],
  sshUser: "rocks",
  sshPort: 2222,
  sshAuthorizedKeys: [KEYS.ed25519],
  packages: ["nfs-common"],
  k3sChannel: "stable",
  k3sVersion: "v1.33.5+k3s1",
  k3sToken: "sample-token",
  kubeletArgs: ["max-pods=150"],
};

const SETTINGS_FIELDS = ["clusterName", "sshUser", "sshPort", "sshAuthorizedKeys", "packages", "k3sChannel", "k3sVersion", "kubeletArgs"];

describe("checkK3sNodeSettings", () => {
  it("takes valid settings", () => {
    expect(issuesOf((issues) => checkK3sNodeSettings(issues, SETTINGS, "node."))).toEqual([]);
  });

  it("names each field under the prefix it is given, settings. by default", () => {
    const bad: K3sNodeSettings = {
      ...SETTINGS,
      clusterName: "1kube",
      image: "",
      sshUser: "root",
      sshPort: 6443,
      sshAuthorizedKeys: ["not a key"],
      packages: ["Not A Package"],
      k3sChannel: "v1.29",
      k3sVersion: "v1.29.1+k3s1",
      kubeletArgs: ["--v=2"],
    };
    const expected = [
      "clusterName",
      "image",
      "sshUser",
      "sshPort",
      "sshAuthorizedKeys[0]",
      "packages[0]",
      "k3sChannel",
      "k3sVersion",
      "kubeletArgs[0]",
    ];
    expect(fieldsOf(issuesOf((issues) => checkK3sNodeSettings(issues, bad, "node.")))).toEqual(expected.map((f) => `node.${f}`));
    expect(fieldsOf(issuesOf((issues) => checkK3sNodeSettings(issues, bad)))).toEqual(expected.map((f) => `settings.${f}`));
  });

  it("asks for what goes into the cloud-config to be known at synth, and takes an image that is a token", () => {
    const tokens: K3sNodeSettings = {
      ...SETTINGS,
      clusterName: token(),
      image: token(),
      sshUser: token(),
      sshPort: numberToken(),
      sshAuthorizedKeys: listToken(),
      packages: listToken(),
      k3sChannel: token(),
      k3sVersion: token(),
      kubeletArgs: listToken(),
    };
    const issues = issuesOf((i) => checkK3sNodeSettings(i, tokens, "node."));
    expect(fieldsOf(issues)).toEqual(SETTINGS_FIELDS.map((f) => `node.${f}`));
    expect(issues[0]).toBe(
      "node.clusterName: must be known at synth time, not a token (it begins every node name, so the servers' Terraform addresses)",
    );
    for (const issue of issues.slice(1))
      expect(issue).toMatch(/: must be known at synth time, not a token \(it is written into the nodes' cloud-config/);
  });

  it("keeps its deprecated form: the same issues as a list, [] for valid settings", () => {
    expect(k3sNodeSettingsIssues(SETTINGS)).toEqual([]);
    expect(k3sNodeSettingsIssues({ ...SETTINGS, sshUser: "root", packages: ["Bad"] }).map((i) => i.slice(0, i.indexOf(": ")))).toEqual([
      "settings.sshUser",
      "settings.packages[0]",
    ]);
  });
});

describe("checkServerGroup", () => {
  const GROUP: ServerGroupSettings = { serverType: "cx23", location: "nbg1", labels: { tier: "db" }, taints: ["db=true:NoSchedule"] };

  it("takes a valid group", () => {
    expect(issuesOf((issues) => checkServerGroup(issues, "pool.", GROUP))).toEqual([]);
  });

  it("names each field under the prefix", () => {
    const bad: ServerGroupSettings = {
      serverType: "cx21",
      location: "fra1",
      labels: { "node-role.kubernetes.io/master": "true" },
      taints: ["NoSchedule"],
      privateInterface: "eth 0",
    };
    expect(fieldsOf(issuesOf((issues) => checkServerGroup(issues, "pool.", bad)))).toEqual([
      "pool.serverType",
      "pool.location",
      "pool.labels.node-role.kubernetes.io/master",
      "pool.taints[0]",
      "pool.privateInterface",
    ]);
  });

  it("takes a server type that is a token only beside a private interface, and asks for labels and taints known", () => {
    const tokens = { serverType: token(), location: token(), labels: { tier: token() }, taints: [token()] };
    expect(fieldsOf(issuesOf((issues) => checkServerGroup(issues, "pool.", tokens)))).toEqual([
      "pool.serverType",
      "pool.labels",
      "pool.taints",
    ]);
    expect(fieldsOf(issuesOf((issues) => checkServerGroup(issues, "pool.", { ...tokens, privateInterface: token() })))).toEqual([
      "pool.labels",
      "pool.taints",
      "pool.privateInterface",
    ]);
  });
});

describe("checkK3sServerConfig", () => {
  const S3 = {
    endpoint: "s3.fr-par.scw.cloud",
    region: "fr-par",
    bucket: "etcd",
    folder: "kube",
    scheduleCron: "0 */6 * * *",
    retention: 5,
  };
  const CONFIG = {
    tlsSans: ["k8s.example.org"],
    disable: ["traefik" as const],
    clusterCidr: "10.42.0.0/16",
    serviceCidr: "10.43.0.0/16",
    etcdS3Snapshots: S3,
  };

  it("takes a valid config, with or without etcd snapshots", () => {
    expect(issuesOf((issues) => checkK3sServerConfig(issues, "k3s.", CONFIG))).toEqual([]);
    expect(issuesOf((issues) => checkK3sServerConfig(issues, "k3s.", { ...CONFIG, etcdS3Snapshots: undefined }))).toEqual([]);
  });

  it("names each field under the prefix", () => {
    const bad = {
      tlsSans: [""],
      disable: ["nginx" as never],
      clusterCidr: "8.0.0.0/16",
      serviceCidr: "10.43.0.1/16",
      etcdS3Snapshots: { endpoint: "https://s3", region: "FR", bucket: "B", folder: "/etcd", scheduleCron: "0 0 * *", retention: 0 },
    };
    expect(fieldsOf(issuesOf((issues) => checkK3sServerConfig(issues, "k3s.", bad)))).toEqual([
      "k3s.tlsSans[0]",
      "k3s.disable[0]",
      "k3s.clusterCidr",
      "k3s.serviceCidr",
      "k3s.etcdS3Snapshots.endpoint",
      "k3s.etcdS3Snapshots.region",
      "k3s.etcdS3Snapshots.bucket",
      "k3s.etcdS3Snapshots.folder",
      "k3s.etcdS3Snapshots.scheduleCron",
      "k3s.etcdS3Snapshots.retention",
    ]);
  });

  it("asks for each to be known at synth", () => {
    const tokens = {
      tlsSans: listToken(),
      disable: listToken() as never,
      clusterCidr: token(),
      serviceCidr: token(),
      etcdS3Snapshots: {
        endpoint: token(),
        region: token(),
        bucket: token(),
        folder: token(),
        scheduleCron: token(),
        retention: numberToken(),
      },
    };
    const issues = issuesOf((i) => checkK3sServerConfig(i, "k3s.", tokens));
    expect(fieldsOf(issues)).toEqual([
      "k3s.tlsSans",
      "k3s.disable",
      "k3s.clusterCidr",
      "k3s.serviceCidr",
      ...["endpoint", "region", "bucket", "folder", "scheduleCron", "retention"].map((f) => `k3s.etcdS3Snapshots.${f}`),
    ]);
    for (const issue of issues)
      expect(issue).toMatch(/: must be known at synth time, not a token \(it is written into the nodes' cloud-config/);
  });
});

describe("renderK3sConfig", () => {
  it("leaves out unset flags and empty lists, and never folds a long value", () => {
    const long = `--${"x".repeat(200)}`;
    expect(renderK3sConfig({ a: "1", b: undefined, c: [], d: ["x", "y"], e: true, f: long })).toBe(
      `a: "1"\nd:\n  - x\n  - y\ne: true\nf: ${long}\n`,
    );
  });
});
