// Scenario 3c of `npm run test:engines`: the first `cdktf deploy k3s` right after `cdktf deploy hcloud`,
// while the storage nodes are still booting. The k3s stack's `terraform_data` instances (RegisteredNodes)
// are applied by the real OpenTofu CLI, as synthesized, with their real provisioner: the real kubectl
// waits on a real kube-apiserver where the scenario registers the nodes as k3s would, one late and one
// not at all. The stack's other resources need the hashicorp/kubernetes provider, which cannot be built
// here (README, "Verified on real engines"), so the apply runs on the stack's terraform_data alone: it
// shows what the labels and annotations wait for, and how the wait ends.
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { engineBinary, tofuEnv } from "./engines";
import { KubeCluster } from "./kube-cluster";
import { Scenario } from "./scenario";
import { COMMAND_TIMEOUT_MS, synthApp, writeConfig } from "./tofu";
import { editedConfig } from "../config/fixtures";

/** The scenario's wait per node: long enough for a late node, short enough for a missing one. */
const TIMEOUT_SECONDS = 20;

/** `tofu <args>` in `dir`, without blocking the event loop (the scenario registers nodes meanwhile). */
function tofu(dir: string, args: string[]): Promise<{ status: number; output: string }> {
  return new Promise((resolve) => {
    const p = spawn(engineBinary("tofu"), args, { cwd: dir, env: { ...process.env, ...tofuEnv() } });
    let output = "";
    p.stdout.on("data", (d: Buffer) => (output += d.toString()));
    p.stderr.on("data", (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => p.kill("SIGKILL"), COMMAND_TIMEOUT_MS);
    p.on("close", (status) => {
      clearTimeout(timer);
      resolve({ status: status ?? -1, output });
    });
  });
}

export function nodeWaitScenarios(): Scenario[] {
  return [
    {
      name: "3c k3s stack (config/default.yaml): node labels wait for the storage nodes to register; a missing node fails the deploy by name",
      async run() {
        const cluster = await KubeCluster.start();
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "engines-node-wait-"));
        try {
          const config = writeConfig(
            editedConfig((raw) => {
              raw.kubernetes = {
                configPath: cluster.kubeconfig,
                context: "engines",
                waitForNodes: { timeoutSeconds: TIMEOUT_SECONDS, kubectl: engineBinary("kubectl") },
              };
            }),
          );
          const outdir = path.join(dir, "cdktf.out");
          synthApp(config, outdir);
          const stack = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", "k3s", "cdk.tf.json"), "utf8"));
          const problems: string[] = [];
          // What waits: every kubernetes_labels / kubernetes_annotations on a Node depends on the wait.
          const waits = Object.keys(stack.resource.terraform_data ?? {}).map((id) => `terraform_data.${id}`);
          if (waits.length !== 1) throw new Error(`expected one terraform_data resource (the wait), got ${waits.join(", ") || "none"}`);
          for (const type of ["kubernetes_labels", "kubernetes_annotations"]) {
            for (const [id, r] of Object.entries<Record<string, any>>(stack.resource[type] ?? {})) {
              if (r.kind === "Node" && !(r.depends_on ?? []).includes(waits[0])) problems.push(`${type}.${id} does not wait for the nodes`);
            }
          }
          const work = path.join(dir, "wait");
          fs.mkdirSync(work);
          fs.writeFileSync(
            path.join(work, "main.tf.json"),
            JSON.stringify({ resource: { terraform_data: stack.resource.terraform_data } }),
          );
          const init = spawnSync(engineBinary("tofu"), ["init", "-input=false"], {
            cwd: work,
            env: { ...process.env, ...tofuEnv() },
            encoding: "utf8",
          });
          if (init.status !== 0) throw new Error(`tofu init failed:\n${init.stdout}${init.stderr}`);

          // kube-storage-01 registers 3 s into the apply, kube-storage-02 never does.
          const started = Date.now();
          const apply = tofu(work, ["apply", "-auto-approve", "-input=false", "-no-color"]);
          await new Promise((r) => setTimeout(r, 3000));
          await cluster.addNode({ name: "kube-storage-01" });
          const first = await apply;
          const seconds = (Date.now() - started) / 1000;
          if (first.status === 0) problems.push(`the apply succeeded although kube-storage-02 never registered:\n${first.output}`);
          // What the user reads: the failed command names the node, kubectl says why, the address names it too.
          const message = first.output.replace(/\s+/g, " ");
          if (
            !message.includes(
              "Error running command 'node/kube-storage-02': exit status 1. Output: error: timed out waiting for the condition",
            )
          )
            problems.push(`the error does not name the missing node and the timeout:\n${first.output.slice(-2000)}`);
          if (!/with terraform_data\.\w+\["kube-storage-02"\]/.test(first.output))
            problems.push("the failed instance's address does not name the node");
          if (/Error running command 'node\/kube-storage-01'/.test(first.output)) problems.push("the node that registered late failed too");
          if (seconds > TIMEOUT_SECONDS + 30)
            problems.push(`the wait was not bounded: ${seconds.toFixed(0)} s for a ${TIMEOUT_SECONDS} s timeout`);

          // The next deploy, once the node is there: only the missing node's (tainted) instance runs again.
          await cluster.addNode({ name: "kube-storage-02" });
          const second = await tofu(work, ["apply", "-auto-approve", "-input=false", "-no-color"]);
          if (second.status !== 0) problems.push(`the second apply failed:\n${second.output.slice(-2000)}`);
          else if (!second.output.includes("Resources: 1 added, 0 changed, 1 destroyed") || second.output.includes("node/kube-storage-01"))
            problems.push(`the second apply did more than the missing node:\n${second.output}`);
          if (problems.length) throw new Error(problems.join("\n"));
        } finally {
          await cluster.stop();
          fs.rmSync(dir, { recursive: true, force: true });
        }
      },
    },
  ];
}
