import { TerraformStack, Testing } from "cdktf";
import {
  K3S_TOKEN_PLACEHOLDER,
  USER_DATA_LIMIT_BYTES,
  checkK3sNodeSettings,
  checkServerGroup,
  createK3sServer,
  K3sNodeSettings,
  k3sNodeSettingsIssues,
  renderK3sConfig,
  ServerGroupSettings,
  userDataBytes,
} from "../../src/hcloud/k3s-node";
import { PrivateNetwork } from "../../src/hcloud/private-network";
import { KEYS } from "../config/ssh-keys";
import { errorOf, synthScope } from "../helpers";
import { fieldsOf, issuesOf } from "../issues";
import { listToken, numberToken, stringToken } from "../tokens";
import { synthCluster } from "./fixtures";
import { evaluatedUserData } from "./user-data";

/*
 * The checks ControlPlane, NodePool and K3sCluster share, on their own: each problem is recorded under
 * the prefix the caller gives, with the field it is about, so that a user reads which prop to fix.
 */

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
      clusterName: stringToken(),
      image: stringToken(),
      sshUser: stringToken(),
      sshPort: numberToken(),
      sshAuthorizedKeys: listToken(),
      packages: listToken(),
      k3sChannel: stringToken(),
      k3sVersion: stringToken(),
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
    expect(fieldsOf(k3sNodeSettingsIssues({ ...SETTINGS, sshUser: "root", packages: ["Bad"] }))).toEqual([
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
    const tokens = { serverType: stringToken(), location: stringToken(), labels: { tier: stringToken() }, taints: [stringToken()] };
    expect(fieldsOf(issuesOf((issues) => checkServerGroup(issues, "pool.", tokens)))).toEqual([
      "pool.serverType",
      "pool.labels",
      "pool.taints",
    ]);
    expect(fieldsOf(issuesOf((issues) => checkServerGroup(issues, "pool.", { ...tokens, privateInterface: stringToken() })))).toEqual([
      "pool.labels",
      "pool.taints",
      "pool.privateInterface",
    ]);
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

describe("the user data estimate", () => {
  const packages = (n: number) => Array.from({ length: n }, (_, i) => `package-${String(i).padStart(3, "0")}-${"x".repeat(90)}`);
  const build = (n: number) => synthCluster((raw) => raw.hcloud.packages.push(...packages(n)));

  it("never lets user data past 32 KiB through, and refuses little that would fit", () => {
    // The most packages the check lets through, found by bisection.
    let [ok, refused] = [0, 400];
    while (refused - ok > 1) {
      const mid = Math.floor((ok + refused) / 2);
      try {
        build(mid);
        ok = mid;
      } catch {
        refused = mid;
      }
    }
    const sizes = Object.values(evaluatedUserData(build(ok).parsed)).map((u) => Buffer.byteLength(u, "utf8"));
    expect(Math.max(...sizes)).toBeLessThanOrEqual(USER_DATA_LIMIT_BYTES);
    // Within 1 KiB of the limit: the margin is the longest values Terraform may fill in (token, names, keys).
    expect(Math.max(...sizes)).toBeGreaterThan(USER_DATA_LIMIT_BYTES - 1024);
    expect(errorOf(() => build(refused))).toMatch(/hcloud_server\.kube-storage\.user_data: must be at most 32768 bytes/);
  });

  it("refuses one byte past the limit, the join token counted at its longest value", () => {
    // The user data of a server: its text, with the token's placeholder counted at 256 bytes.
    const serverWith = (bytes: number) =>
      synthScope((scope) => {
        const text = `#cloud-config\n# ${K3S_TOKEN_PLACEHOLDER}\n`;
        const cloudInit = text + "#".repeat(bytes - Buffer.byteLength(text) - (256 - K3S_TOKEN_PLACEHOLDER.length) - 1) + "\n";
        createK3sServer(scope, SETTINGS, {
          address: "node",
          name: "node",
          serverType: "cx23",
          location: "nbg1",
          privateIp: "10.0.0.2",
          cloudInit,
          labels: {},
          firewallIds: [],
          placementGroupId: 1,
        });
      });
    expect(() => serverWith(USER_DATA_LIMIT_BYTES)).not.toThrow();
    expect(errorOf(() => serverWith(USER_DATA_LIMIT_BYTES + 1))).toMatch(
      /^test props:\n {2}- hcloud_server\.node\.user_data: must be at most 32768 bytes, .* \(got 32769 bytes, counting the longest values Terraform fills in\)$/,
    );
  });

  it("counts each placeholder at its longest value", () => {
    expect(userDataBytes("a TFVALUE_X b TFVALUE_X", ["TFVALUE_X"], { TFVALUE_X: 15 })).toBe(5 + 2 * 15);
    expect(userDataBytes("ü TFVALUE_Y", ["TFVALUE_Y"])).toBe(3 + 256);
  });
});
