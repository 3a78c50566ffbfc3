// The first-boot choice of a control plane server of three, run with bash in a sandbox: `curl` is a stub
// that answers for the peers a test says are up, and the k3s config drop-in goes to a temporary file.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { CLUSTER_DROP_IN, ClusterPeers, NodeCloudInit, renderCloudInit } from "../../src/hcloud/cloud-init";
import { haEdit, synthCluster } from "./fixtures";
import { evaluatedUserData, parseCloudConfig } from "./user-data";
import { NO_STDIN } from "../sandbox";

const ha = evaluatedUserData(synthCluster(haEdit).parsed);

const parsed = new Map<string, ReturnType<typeof parseCloudConfig>>();
/** A file the node's user data writes (each node's user data parsed once). */
function fileOf(node: string, file: string): string {
  if (!parsed.has(node)) parsed.set(node, parseCloudConfig(ha[node]));
  return parsed.get(node)!.files.find((f) => f.path === file)!.content;
}
const bootstrapOf = (node: string) => fileOf(node, "/usr/local/sbin/k3s-node-bootstrap");

/** The choose_cluster function exactly as a node's bootstrap ships it, between its markers. */
function shippedFunction(node: string): string {
  const found = /^# >>> choose_cluster\n[\s\S]*?^# <<< choose_cluster$/m.exec(bootstrapOf(node));
  if (!found) throw new Error(`${node}: no choose_cluster function in the bootstrap`);
  return found[0];
}

/** The node's call of choose_cluster, parsed: drop-in, window, interval, mode and peers. */
function shippedCall(node: string): { dropIn: string; window: number; interval: number; mode: string; peers: string[] } {
  const found = /^choose_cluster '([^']+)' (\d+) (\d+) (\w+)((?: '[^']+')+)$/m.exec(bootstrapOf(node));
  if (!found) throw new Error(`${node}: no choose_cluster call in the bootstrap`);
  const peers = [...found[5].matchAll(/'([^']+)'/g)].map((m) => m[1]);
  return { dropIn: found[1], window: Number(found[2]), interval: Number(found[3]), mode: found[4], peers };
}

/**
 * A stub curl: logs its arguments, and succeeds for `https://<ip>:6443/cacerts` when `$UP` lists `<ip>`,
 * or `<ip>@<n>`: up once more than n probes (of any peer) were made.
 */
const STUB_CURL = `#!/bin/bash
url="\${*: -1}"
printf '%s\\n' "$*" >> "$PROBE_LOG"
mapfile -t logged < "$PROBE_LOG"
probes=\${#logged[@]}
host="\${url#https://}"
host="\${host%%:*}"
for up in $UP; do
  ip="\${up%@*}"
  after=0
  if [[ $up == *@* ]]; then after="\${up#*@}"; fi
  if [ "$ip" = "$host" ] && [ "$probes" -gt "$after" ]; then exit 0; fi
done
exit 7
`;

let sandbox: string;
beforeAll(() => {
  sandbox = fs.mkdtempSync(path.join(os.tmpdir(), "choose-cluster-"));
  fs.mkdirSync(path.join(sandbox, "bin"));
  fs.writeFileSync(path.join(sandbox, "bin", "curl"), STUB_CURL, { mode: 0o755 });
});
afterAll(() => fs.rmSync(sandbox, { recursive: true, force: true }));

interface Outcome {
  /** Exit status of choose_cluster. */
  readonly status: number | null;
  /** The drop-in it wrote, parsed; undefined when none. */
  readonly dropIn?: Record<string, unknown>;
  /** The drop-in's text. */
  readonly dropInText?: string;
  /** The arguments of every curl call, in order. */
  readonly probes: string[];
  /** The argument of every sleep, in order (virtual seconds). */
  readonly sleeps: number[];
  readonly stderr: string;
}

let runs = 0;
/**
 * Runs the function shipped to `node` with that node's mode and peers, the drop-in in the sandbox, and
 * the given window and interval (default: the shipped ones). Time is virtual: `sleep` is a bash
 * function that logs its argument and advances bash's SECONDS by it, so a 1800 s window runs in
 * milliseconds and the number of probe rounds is exact.
 */
function choose(node: string, up: string[], window?: number, interval?: number): Outcome {
  const call = shippedCall(node);
  const dir = fs.mkdtempSync(path.join(sandbox, `run-${++runs}-`));
  const dropInPath = path.join(dir, "40-cluster.yaml");
  const probeLog = path.join(dir, "probes.log");
  fs.writeFileSync(probeLog, "");
  const sleepLog = path.join(dir, "sleeps.log");
  const script = [
    "set -euo pipefail",
    `log() { printf '%s\\n' "$*" >&2; }`,
    `sleep() { printf '%s\\n' "$1" >> "$SLEEP_LOG"; SECONDS=$((SECONDS + $1)); }`,
    shippedFunction(node),
    'choose_cluster "$@"',
  ].join("\n");
  const args = [dropInPath, String(window ?? call.window), String(interval ?? call.interval), call.mode, ...call.peers];
  const run = spawnSync("bash", ["-c", script, "choose-cluster", ...args], {
    encoding: "utf8",
    stdio: NO_STDIN,
    env: { PATH: `${path.join(sandbox, "bin")}:${process.env.PATH}`, PROBE_LOG: probeLog, SLEEP_LOG: sleepLog, UP: up.join(" ") },
    timeout: 20_000,
  });
  const dropInText = fs.existsSync(dropInPath) ? fs.readFileSync(dropInPath, "utf8") : undefined;
  return {
    status: run.status,
    dropInText,
    dropIn: dropInText === undefined ? undefined : (parse(dropInText) as Record<string, unknown>),
    probes: fs.readFileSync(probeLog, "utf8").split("\n").filter(Boolean),
    sleeps: fs.existsSync(sleepLog) ? fs.readFileSync(sleepLog, "utf8").split("\n").filter(Boolean).map(Number) : [],
    stderr: run.stderr,
  };
}

const probe = (ip: string) => `-ksf --max-time 5 -o /dev/null https://${ip}:6443/cacerts`;

describe("choose_cluster, the first-boot choice of a server of three (bash, stub curl)", () => {
  it("is shipped with the real drop-in path and the other two servers as peers", () => {
    expect(shippedCall("kube-controller-01")).toEqual({
      dropIn: CLUSTER_DROP_IN,
      window: 60,
      interval: 5,
      mode: "init",
      peers: ["10.0.0.3", "10.0.0.4"],
    });
    expect(shippedCall("kube-controller-02")).toMatchObject({ window: 1800, mode: "wait", peers: ["10.0.0.2", "10.0.0.4"] });
    expect(shippedCall("kube-controller-03")).toMatchObject({ window: 1800, mode: "wait", peers: ["10.0.0.2", "10.0.0.3"] });
    expect(CLUSTER_DROP_IN).toBe("/etc/rancher/k3s/config.yaml.d/40-cluster.yaml");
  });

  it("joins a peer that answers: a replaced first server joins the running cluster, never starts one", () => {
    const out = choose("kube-controller-01", ["10.0.0.3"]);
    expect(out.status).toBe(0);
    expect(out.dropInText).toBe('server: "https://10.0.0.3:6443"\n');
    expect(out.dropIn).toEqual({ server: "https://10.0.0.3:6443" });
    expect(out.probes).toEqual([probe("10.0.0.3")]);
    expect(out.sleeps).toEqual([]);
  });

  it("asks the peers in order: the first of two answering peers is joined", () => {
    expect(choose("kube-controller-01", ["10.0.0.4", "10.0.0.3"]).dropIn).toEqual({ server: "https://10.0.0.3:6443" });
  });

  it("starts a new cluster on the first server only when no peer answers within the window", () => {
    const out = choose("kube-controller-01", []);
    expect(out.status).toBe(0);
    expect(out.dropInText).toBe("cluster-init: true\n");
    expect(out.dropIn).toEqual({ "cluster-init": true });
    // The shipped 60 s window, every 5 s: rounds at 0, 5, ..., 60 s, each asking both peers in order.
    expect(out.sleeps).toEqual(Array(12).fill(5));
    expect(out.probes).toEqual(Array.from({ length: 26 }, (_, i) => probe(i % 2 === 0 ? "10.0.0.3" : "10.0.0.4")));
    expect(out.stderr).toContain("no other server answered within 60s: starting a new cluster");
  });

  it("joins the third server when the second is replaced while the first is down", () => {
    const out = choose("kube-controller-02", ["10.0.0.4"]);
    expect(out.status).toBe(0);
    expect(out.dropIn).toEqual({ server: "https://10.0.0.4:6443" });
    expect(out.probes).toEqual([probe("10.0.0.2"), probe("10.0.0.4")]);
  });

  it("keeps waiting on the other servers until one answers (the first deploy: they wait for the first)", () => {
    const out = choose("kube-controller-03", ["10.0.0.2@7"]);
    expect(out.status).toBe(0);
    expect(out.dropIn).toEqual({ server: "https://10.0.0.2:6443" });
    expect(out.probes).toHaveLength(9); // 4 rounds of both peers unanswered, then the first answers
    expect(out.sleeps).toEqual([5, 5, 5, 5]);
  });

  it("never starts a cluster on the other servers: no peer within the window is a failure, no drop-in", () => {
    for (const node of ["kube-controller-02", "kube-controller-03"]) {
      const out = choose(node, [], 10);
      expect({ node, status: out.status, dropIn: out.dropInText }).toEqual({ node, status: 1, dropIn: undefined });
      expect(out.sleeps).toEqual([5, 5]); // rounds at 0, 5 and 10 s of the 10 s window
      expect(out.probes).toHaveLength(6);
      expect(out.stderr).toContain("no other server answered within 10s");
      expect(out.stderr).not.toContain("starting a new cluster");
    }
  });

  it("leaves k3s's merged config unambiguous: exactly one of server and cluster-init, from the drop-in", () => {
    // k3s reads config.yaml, then the drop-ins in name order; a later key replaces an earlier one, `key+`
    // appends (pkg/configfilearg/parser.go, readConfigFile).
    const merge = (...files: string[]) =>
      files.reduce<Record<string, unknown>>((merged, text) => {
        for (const [key, value] of Object.entries((parse(text) as Record<string, unknown>) ?? {})) {
          const k = key.replace(/\+$/, "");
          merged[k] = key.endsWith("+") && k in merged ? [merged[k], value].flat() : value;
        }
        return merged;
      }, {});
    const publicIp = 'tls-san+:\n  - "203.0.113.7"\n'; // 50-public-ipv4.yaml, after 40-cluster.yaml
    const outcomes: [string, Outcome][] = [
      ["kube-controller-01", choose("kube-controller-01", [])],
      ["kube-controller-01", choose("kube-controller-01", ["10.0.0.4"])],
      ["kube-controller-02", choose("kube-controller-02", ["10.0.0.2"])],
      ["kube-controller-03", choose("kube-controller-03", ["10.0.0.3"])],
    ];
    const summary = outcomes.map(([node, out]) => {
      const merged = merge(fileOf(node, "/etc/rancher/k3s/config.yaml"), out.dropInText!, publicIp);
      return { node, server: merged.server, clusterInit: merged["cluster-init"], tlsSan: merged["tls-san"] };
    });
    expect(summary).toEqual([
      { node: "kube-controller-01", server: undefined, clusterInit: true, tlsSan: ["cp.kube.rocks", "203.0.113.7"] },
      { node: "kube-controller-01", server: "https://10.0.0.4:6443", clusterInit: undefined, tlsSan: ["cp.kube.rocks", "203.0.113.7"] },
      { node: "kube-controller-02", server: "https://10.0.0.2:6443", clusterInit: undefined, tlsSan: ["cp.kube.rocks", "203.0.113.7"] },
      { node: "kube-controller-03", server: "https://10.0.0.3:6443", clusterInit: undefined, tlsSan: ["cp.kube.rocks", "203.0.113.7"] },
    ]);
  });
});

describe("clusterPeers in renderCloudInit", () => {
  const server = (clusterPeers: ClusterPeers, own: Partial<NodeCloudInit> = {}): string =>
    renderCloudInit({
      nodeName: "kube-controller-02",
      role: "server",
      privateIp: "10.0.0.3",
      privateInterface: "enp7s0",
      k3sConfig: "node-name: kube-controller-02\n",
      k3sChannel: "stable",
      sshUser: "kube",
      sshPort: 22,
      sshAuthorizedKeys: ["ssh-ed25519 AAAA kube"],
      packages: [],
      clusterPeers,
      ...own,
    });

  it.each<[string, ClusterPeers, Partial<NodeCloudInit>, string]>([
    ["a peer that is not an IPv4", { ips: ["10.0.0.2", "10.0.0.4'; reboot; '"], initializeIfAlone: false }, {}, "must be IPv4 addresses"],
    ["a host name", { ips: ["kube-controller-01"], initializeIfAlone: false }, {}, 'must be IPv4 addresses (got "kube-controller-01")'],
    ["no peer", { ips: [], initializeIfAlone: true }, {}, "at least one other server"],
    ["the node's own IP", { ips: ["10.0.0.2", "10.0.0.3"], initializeIfAlone: false }, {}, "must not include the node's own IP 10.0.0.3"],
    ["an agent", { ips: ["10.0.0.2"], initializeIfAlone: false }, { role: "agent" }, "only for a server"],
    ["a join URL as well", { ips: ["10.0.0.2"], initializeIfAlone: false }, { joinUrl: "https://10.0.0.2:6443" }, "not with joinUrl"],
  ])("refuses %s", (_what, peers, own, message) => {
    expect(() => server(peers, own)).toThrow(message);
  });

  it("passes the peers as single-quoted words", () => {
    expect(server({ ips: ["10.0.0.2", "10.0.0.4"], initializeIfAlone: false })).toContain(
      "choose_cluster '/etc/rancher/k3s/config.yaml.d/40-cluster.yaml' 1800 5 wait '10.0.0.2' '10.0.0.4'\n",
    );
  });
});
