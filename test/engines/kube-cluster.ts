// A real Kubernetes control plane on 127.0.0.1 for the engine scenarios: etcd and kube-apiserver,
// both built from their Go modules. No kubelet, scheduler or controller-manager runs, so no pod
// ever starts; the scenarios create the Node objects a cluster would have.
import { ChildProcess, spawn } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { engineBinary } from "./engines";

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(what: string, seconds: number, check: () => Promise<boolean>, logOf: () => string): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} not ready after ${seconds} s:\n${logOf().slice(-3000)}`);
}

/** A node as k3s registers it: name, labels from `--node-label`, taints from `--node-taint`. */
export interface NodeSpec {
  readonly name: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly taints?: readonly { key: string; value?: string; effect: string }[];
}

/** The running control plane. */
export class KubeCluster {
  private constructor(
    readonly dir: string,
    readonly url: string,
    readonly token: string,
    /** A kubeconfig file for helm and the kubernetes provider (context `engines`). */
    readonly kubeconfig: string,
    private readonly processes: ChildProcess[],
    private readonly logs: string[],
  ) {}

  static async start(): Promise<KubeCluster> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "engines-kube-"));
    const logs = ["", ""];
    const processes: ChildProcess[] = [];
    const launch = (binary: string, args: string[], log: number) => {
      const p = spawn(engineBinary(binary), args, { stdio: ["ignore", "pipe", "pipe"] });
      const append = (d: Buffer) => {
        logs[log] = (logs[log] + d.toString()).slice(-200_000);
      };
      p.stdout!.on("data", append);
      p.stderr!.on("data", append);
      processes.push(p);
      // Never outlive the test run, whatever ends it.
      process.once("exit", () => p.kill("SIGKILL"));
      return p;
    };
    try {
      const [client, peer, secure] = [await freePort(), await freePort(), await freePort()];
      const etcdUrl = `http://127.0.0.1:${client}`;
      launch(
        "etcd",
        [
          `--data-dir=${path.join(dir, "etcd")}`,
          `--listen-client-urls=${etcdUrl}`,
          `--advertise-client-urls=${etcdUrl}`,
          `--listen-peer-urls=http://127.0.0.1:${peer}`,
          `--initial-advertise-peer-urls=http://127.0.0.1:${peer}`,
          `--initial-cluster=default=http://127.0.0.1:${peer}`,
          "--unsafe-no-fsync",
          "--log-level=warn",
        ],
        0,
      );
      await waitFor(
        "etcd",
        30,
        async () => (await fetch(`${etcdUrl}/health`)).ok,
        () => logs[0],
      );

      const token = crypto.randomBytes(24).toString("hex");
      fs.writeFileSync(path.join(dir, "tokens.csv"), `${token},engines-admin,1,"system:masters"\n`);
      const { privateKey, publicKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
      fs.writeFileSync(path.join(dir, "sa.key"), privateKey.export({ type: "pkcs8", format: "pem" }));
      fs.writeFileSync(path.join(dir, "sa.pub"), publicKey.export({ type: "spki", format: "pem" }));
      launch(
        "kube-apiserver",
        [
          `--etcd-servers=${etcdUrl}`,
          "--bind-address=127.0.0.1",
          "--advertise-address=127.0.0.1",
          `--secure-port=${secure}`,
          `--cert-dir=${path.join(dir, "certs")}`,
          `--token-auth-file=${path.join(dir, "tokens.csv")}`,
          "--authorization-mode=RBAC",
          "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
          `--service-account-key-file=${path.join(dir, "sa.pub")}`,
          `--service-account-signing-key-file=${path.join(dir, "sa.key")}`,
          "--service-cluster-ip-range=10.43.0.0/16",
          "--allow-privileged=true", // as k3s: Longhorn's manager and CSI pods are privileged
          // No pod runs here, so no admission webhook can answer (cert-manager registers its own): the
          // API server stores webhook configurations but calls none, as if every webhook allowed.
          "--disable-admission-plugins=ValidatingAdmissionWebhook,MutatingAdmissionWebhook",
          "-v=1",
        ],
        1,
      );
      const url = `https://127.0.0.1:${secure}`;
      const kubeconfig = path.join(dir, "kubeconfig");
      fs.writeFileSync(
        kubeconfig,
        JSON.stringify({
          apiVersion: "v1",
          kind: "Config",
          clusters: [{ name: "engines", cluster: { server: url, "insecure-skip-tls-verify": true } }],
          users: [{ name: "engines", user: { token } }],
          contexts: [{ name: "engines", context: { cluster: "engines", user: "engines" } }],
          "current-context": "engines",
        }),
      );
      const cluster = new KubeCluster(dir, url, token, kubeconfig, processes, logs);
      await waitFor(
        "kube-apiserver",
        120,
        async () => (await cluster.request("GET", "/readyz")).status === 200,
        () => logs[1],
      );
      return cluster;
    } catch (e) {
      for (const p of processes) p.kill("SIGKILL");
      fs.rmSync(dir, { recursive: true, force: true });
      throw e;
    }
  }

  /** A request to the API server (its self-signed certificate is accepted for this loopback address only). */
  async request(method: string, apiPath: string, body?: unknown, contentType = "application/json"): Promise<{ status: number; body: any }> {
    const https = await import("https");
    return new Promise((resolve, reject) => {
      const data = body === undefined ? undefined : JSON.stringify(body);
      const req = https.request(
        `${this.url}${apiPath}`,
        {
          method,
          rejectUnauthorized: false,
          headers: { Authorization: `Bearer ${this.token}`, Accept: "application/json", ...(data ? { "Content-Type": contentType } : {}) },
        },
        (res) => {
          let text = "";
          res.on("data", (d) => (text += d));
          res.on("end", () => {
            let parsed: unknown = text;
            try {
              parsed = JSON.parse(text);
            } catch {
              // not JSON (e.g. /readyz)
            }
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
        },
      );
      req.on("error", reject);
      if (data) req.write(data);
      req.end();
    });
  }

  /** Registers a Node as k3s would on its first boot, and marks it Ready (what the kubelet reports). */
  async addNode(node: NodeSpec): Promise<void> {
    const created = await this.request("POST", "/api/v1/nodes", {
      apiVersion: "v1",
      kind: "Node",
      metadata: { name: node.name, labels: { "kubernetes.io/hostname": node.name, "kubernetes.io/os": "linux", ...node.labels } },
      spec: { taints: node.taints ?? [] },
    });
    if (created.status !== 201) throw new Error(`creating Node ${node.name}: ${created.status} ${JSON.stringify(created.body)}`);
    const now = new Date().toISOString().replace(/\.\d+Z$/, "Z");
    const status = await this.request(
      "PATCH",
      `/api/v1/nodes/${node.name}/status`,
      {
        status: {
          conditions: [{ type: "Ready", status: "True", reason: "KubeletReady", lastHeartbeatTime: now, lastTransitionTime: now }],
        },
      },
      "application/strategic-merge-patch+json",
    );
    if (status.status !== 200) throw new Error(`marking Node ${node.name} Ready: ${status.status} ${JSON.stringify(status.body)}`);
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.processes.map(
        (p) =>
          new Promise<void>((resolve) => {
            if (p.exitCode !== null) return resolve();
            p.once("exit", () => resolve());
            p.kill("SIGTERM");
            setTimeout(() => p.kill("SIGKILL"), 5000).unref();
          }),
      ),
    );
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** The last lines the API server logged (for failure messages). */
  apiServerLog(): string {
    return this.logs[1].slice(-4000);
  }
}
