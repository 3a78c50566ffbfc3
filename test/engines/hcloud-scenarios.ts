// Scenario 2 of `npm run test:engines`: the hcloud stack through the real OpenTofu CLI and the real
// hetznercloud/hcloud provider, against the project's Hetzner Cloud API simulator.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { HcloudSimulator, SimulatorState, startHcloudSimulator } from "./hcloud-simulator";
import { Scenario } from "./scenario";
import { ResourceChange, StackWorkspace, describeChanges, storagePool, withStorageNodes } from "./tofu";
import { parse } from "yaml";
import { cloudInitSchema, parseCloudConfig, shellcheck } from "../hcloud/user-data";

const TOKEN_LINE = /^\s+token: (\S+)$/m;

/** Fails unless every change is a creation (new nodes only: nothing existing updated, replaced or deleted). */
function expectOnlyCreates(changes: readonly ResourceChange[], what: string): void {
  const others = changes.filter((c) => !(c.actions.length === 1 && c.actions[0] === "create"));
  if (others.length) throw new Error(`${what}: existing resources would change:\n  ${describeChanges(others)}`);
}

function expectNoChanges(changes: readonly ResourceChange[], what: string): void {
  if (changes.length) throw new Error(`${what}: the plan is not empty:\n  ${describeChanges(changes)}`);
}

/** Fails unless the plan is exactly `count` in-place updates of the pool's volumes. */
function expectVolumeUpdates(changes: readonly ResourceChange[], count: number, what: string): void {
  const volumes = changes.filter((c) => c.type === "hcloud_volume" && c.actions.join() === "update");
  if (volumes.length !== count || changes.length !== count) {
    throw new Error(`${what}: expected ${count} in-place volume updates and nothing else, got:\n  ${describeChanges(changes)}`);
  }
}

function serverNamed(state: SimulatorState, name: string) {
  const server = state.servers.find((s) => s.name === name);
  if (!server) throw new Error(`no server ${name} in the simulator`);
  return server;
}

/** A simulator, a workspace and the join token, shared by scenarios that build on each other. */
class HcloudRun {
  sim?: HcloudSimulator;
  ws!: StackWorkspace;
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), "engines-hcloud-"));
  /** The join token every server received (2a). */
  token = "";
  private failed = false;

  async start(extraEnv: NodeJS.ProcessEnv = {}): Promise<void> {
    this.sim = await startHcloudSimulator();
    this.ws = new StackWorkspace(
      this.dir,
      "hcloud",
      {
        HCLOUD_TOKEN: this.sim.token,
        TF_VAR_s3_access_key: "engine-test-access-key",
        TF_VAR_s3_secret_key: "engine-test-secret-key",
        ...extraEnv,
      },
      { provider: { hcloud: [{ endpoint: this.sim.url, poll_interval: "20ms", poll_function: "constant" }] } },
    );
  }

  state(): SimulatorState {
    return this.sim!.state();
  }

  /**
   * Runs one step: refused when an earlier step failed (it would build on a broken state), and failed
   * when the provider sent a request the simulator does not model. `last` stops the simulator.
   */
  async step(body: () => Promise<void>, last = false): Promise<void> {
    try {
      if (this.failed) throw new Error("an earlier scenario of this group failed: nothing to build on");
      await body();
      const unsupported = this.sim?.unsupported() ?? [];
      if (unsupported.length) throw new Error(`requests the simulator does not model:\n  ${unsupported.join("\n  ")}`);
    } catch (e) {
      this.failed = true;
      throw e;
    } finally {
      if (last) await this.stop();
    }
  }

  async stop(): Promise<void> {
    await this.sim?.close();
    this.sim = undefined;
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The scenarios of one cluster's life, sharing one simulator and state, in the order they must run. */
export function hcloudScenarios(): Scenario[] {
  const run = new HcloudRun();
  return [
    {
      name: "2a hcloud: first apply from nothing (state outside cdktf.out, one generated join token nowhere in the output), then an empty plan",
      run: () =>
        run.step(async () => {
          await run.start();
          run.ws.synth(withStorageNodes(2));
          const badToken = run.ws.tofu(["plan", "-input=false", "-no-color", "-var=k3s_token=not a token!"], { allowFailure: true });
          if (badToken.status === 0 || !badToken.output.includes("k3s_token must be letters and digits")) {
            throw new Error(`a malformed k3s_token was not refused by the variable's validation:\n${badToken.output.slice(-1500)}`);
          }
          const applied = run.ws.apply();
          const state = run.state();
          if (state.servers.length !== 6) throw new Error(`expected 6 servers, the simulator holds ${state.servers.length}`);
          if (state.volumes.length !== 2) throw new Error(`expected 2 volumes, the simulator holds ${state.volumes.length}`);
          // The local state lives in the project root, never in the build folder (deleting cdktf.out must not lose it).
          if (!fs.existsSync(path.join(run.dir, "terraform.hcloud.tfstate")))
            throw new Error("no state at <project>/terraform.hcloud.tfstate");
          const inOutdir = fs
            .readdirSync(run.ws.outdir, { recursive: true })
            .filter((f) => String(f).endsWith(".tfstate") && !String(f).includes(".terraform/")); // .terraform/ caches the backend config, not state
          if (inOutdir.length) throw new Error(`state files inside cdktf.out: ${inOutdir.join(", ")}`);

          const tokens = new Set(state.servers.map((s) => TOKEN_LINE.exec(s.userData ?? "")?.[1]));
          run.token = [...tokens][0] ?? "";
          if (tokens.size !== 1 || !/^[0-9a-f]{64}$/.test(run.token)) {
            throw new Error(`every server should get the same generated 64-hex-digit join token; got ${tokens.size} distinct values`);
          }
          if (applied.includes(run.token)) throw new Error("tofu apply prints the join token");
          if (run.ws.tofu(["show", "-no-color"]).output.includes(run.token)) throw new Error("tofu show prints the join token");
          expectNoChanges(run.ws.plan(), "plan right after the first apply");
        }),
    },
    {
      name: "2b hcloud: grow the storage pool 2 -> 3 -> 10 -> 11: only new resources, the same join token",
      run: () =>
        run.step(async () => {
          for (const [from, to] of [
            [2, 3],
            [3, 10],
            [10, 11],
          ]) {
            run.ws.synth(withStorageNodes(to));
            expectOnlyCreates(run.ws.plan(), `growing ${from} -> ${to}`);
            if (run.ws.lastPlanOutput.includes(run.token)) throw new Error(`the plan growing ${from} -> ${to} prints the join token`);
            run.ws.apply();
            expectNoChanges(run.ws.plan(), `plan after growing to ${to}`);
          }
          const storage = run.state().servers.filter((s) => s.name.startsWith("kube-storage-"));
          if (storage.length !== 11) throw new Error(`expected 11 storage servers, got ${storage.length}`);
        }),
    },
    {
      name: "2c hcloud: k3s settings, packages and image change no server, a new SSH key none either; -replace a node keeps its volume, IP and group",
      run: () =>
        run.step(async () => {
          run.ws.synth(
            withStorageNodes(11, (raw) => {
              raw.hcloud.k3s.kubeletArgs.push("max-pods=90");
              raw.hcloud.packages.push("jq");
              raw.hcloud.image = "debian-12";
            }),
          );
          expectNoChanges(run.ws.plan(), "after changing hcloud.k3s.kubeletArgs, hcloud.packages and hcloud.image (user data, image)");
          run.ws.synth(
            withStorageNodes(11, (raw) =>
              raw.hcloud.sshKeys.push({
                name: "second",
                publicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJtQfK1G3Ybq4sKvU3fO2y8q0v1mXo6yqjUO0o2g3r7W second",
              }),
            ),
          );
          const keyChanges = run.ws.plan();
          if (keyChanges.length !== 1 || keyChanges[0].type !== "hcloud_ssh_key" || keyChanges[0].actions.join() !== "create") {
            throw new Error(`adding an SSH key should only create it, got:\n  ${describeChanges(keyChanges)}`);
          }
          // The etcd-restore path (README) replaces the token resource: its plan must not print the token either.
          run.ws.synth(withStorageNodes(11));
          run.ws.plan("-replace=terraform_data.kube_k3s_token");
          if (run.ws.lastPlanOutput.includes(run.token)) throw new Error("a plan replacing the join token prints it");

          const node = "kube-storage-01";
          const before = run.state();
          const replace = `-replace=hcloud_server.kube-storage["${node}"]`;
          const unexpected = run.ws.plan(replace).filter((c) => !c.address.endsWith(`["${node}"]`));
          if (unexpected.length) throw new Error(`replacing ${node} would also change:\n  ${describeChanges(unexpected)}`);
          if (run.ws.lastPlanOutput.includes(run.token)) throw new Error(`the plan replacing ${node} prints the join token`);
          run.ws.apply(replace);
          const after = run.state();
          for (const old of before.servers) {
            const now = serverNamed(after, old.name);
            if (old.name === node ? now.id === old.id : now.id !== old.id)
              throw new Error(`${old.name}: server id ${old.id} -> ${now.id} (only ${node} is replaced)`);
          }
          const [oldServer, newServer] = [serverNamed(before, node), serverNamed(after, node)];
          const volumeOf = (state: SimulatorState, id: number) => state.volumes.find((v) => v.server === id)?.id;
          if (volumeOf(after, newServer.id) === undefined || volumeOf(after, newServer.id) !== volumeOf(before, oldServer.id)) {
            throw new Error(`${node}: its volume ${volumeOf(before, oldServer.id)} should be attached to the new server`);
          }
          const ip = (s: typeof oldServer) => JSON.stringify(s.privateNets.map((n) => n.ip));
          if (ip(newServer) !== ip(oldServer)) throw new Error(`${node}: private IP ${ip(oldServer)} -> ${ip(newServer)}`);
          const group = (state: SimulatorState, id: number) => state.placementGroups.find((g) => g.servers.includes(id))?.name;
          if (group(after, newServer.id) !== group(before, oldServer.id)) throw new Error(`${node}: placement group changed`);
          expectNoChanges(run.ws.plan(), "plan after the replacement");
        }),
    },
    {
      name: "2d hcloud: every user data the API received passes cloud-init schema and shellcheck, names its volume and the one token",
      run: () =>
        run.step(async () => {
          const problems: string[] = [];
          const { servers, volumes } = run.state();
          for (const server of servers) {
            const userData = server.userData ?? "";
            // Terraform references and the project's stand-ins must all be filled in (bash's own ${x} stays).
            const unresolved = userData.match(/TFVALUE_\w+|\$\{(each|var|hcloud_\w+|terraform_data|jsonencode)\b[^}]*\}/g);
            if (unresolved) problems.push(`${server.name}: unresolved in user data: ${[...new Set(unresolved)].join(", ")}`);
            if (TOKEN_LINE.exec(userData)?.[1] !== run.token) problems.push(`${server.name}: not the cluster's join token`);
            const schema = cloudInitSchema(userData);
            if (schema.status !== 0) problems.push(`${server.name}: cloud-init schema: ${schema.output}`);
            for (const file of parseCloudConfig(userData).files.filter((f) => f.content.startsWith("#!"))) {
              const check = shellcheck(file.content);
              if (check.status !== 0) problems.push(`${server.name} ${file.path}: shellcheck: ${check.output}`);
            }
            const volume = volumes.find((v) => v.server === server.id);
            if (volume && !userData.includes(`/dev/disk/by-id/scsi-0HC_Volume_${volume.id}'`)) {
              problems.push(`${server.name}: its user data does not name its attached volume ${volume.id}`);
            }
          }
          if (servers.length !== 15) problems.push(`expected 15 servers, the simulator holds ${servers.length}`);
          if (problems.length) throw new Error(problems.join("\n"));
        }),
    },
    {
      name: "2e hcloud: lift the volumes' protection to replace a node's volume; destroy keeps protected volumes; lifted, nothing is left",
      run: () =>
        run.step(async () => {
          const protection = (on: boolean) => withStorageNodes(11, (raw) => (storagePool(raw).volume.deleteProtection = on));

          // README: lift the protection (apply), replace a node with its volume, protect again.
          run.ws.synth(protection(false));
          expectVolumeUpdates(run.ws.plan(), 11, "lifting the protection");
          run.ws.apply();
          const node = "kube-storage-02";
          const oldVolume = run.state().volumes.find((v) => v.name === node)!;
          run.ws.apply(`-replace=hcloud_volume.kube-storage["${node}"]`, `-replace=hcloud_server.kube-storage["${node}"]`);
          let state = run.state();
          const newVolume = state.volumes.find((v) => v.name === node);
          const server = serverNamed(state, node);
          if (!newVolume || newVolume.id === oldVolume.id || newVolume.server !== server.id) {
            throw new Error(`${node}: expected a new volume attached to the new server, got ${JSON.stringify(newVolume)}`);
          }
          if (!server.userData?.includes(`scsi-0HC_Volume_${newVolume.id}'`))
            throw new Error(`${node}: the new server's user data does not name its new volume`);
          run.ws.synth(protection(true));
          expectVolumeUpdates(run.ws.plan(), 11, "protecting the volumes again");
          run.ws.apply();

          // A destroy deletes everything it can; Hetzner refuses the protected volumes, which keep their data.
          const refused = run.ws.tofu(["destroy", "-input=false", "-no-color", "-auto-approve"], { allowFailure: true });
          if (refused.status === 0) throw new Error("destroy succeeded although the volumes are delete-protected");
          if (!/protected/i.test(refused.output))
            throw new Error(`destroy failed, but not on delete protection:\n${refused.output.slice(-2000)}`);
          if (refused.output.includes(run.token)) throw new Error("tofu destroy prints the join token");
          state = run.state();
          if (state.volumes.length !== 11 || state.servers.length !== 0) {
            throw new Error(
              `after the refused destroy: ${state.volumes.length} volumes (11 expected), ${state.servers.length} servers (0 expected)`,
            );
          }

          // README: lift the protection of the volumes alone (-target), then destroy.
          run.ws.synth(protection(false));
          expectVolumeUpdates(run.ws.plan("-target=hcloud_volume.kube-storage"), 11, "lifting the protection with -target");
          run.ws.apply("-target=hcloud_volume.kube-storage");
          run.ws.tofu(["destroy", "-input=false", "-no-color", "-auto-approve"]);
          const left = Object.entries(run.state())
            .filter(([, v]) => Array.isArray(v) && v.length)
            .map(([k, v]) => `${k}: ${(v as unknown[]).length}`);
          if (left.length) throw new Error(`left behind after destroy: ${left.join(", ")}`);
        }, true),
    },
    adoptTokenScenario(),
    haControlPlaneScenario(),
  ];
}

/** 2f: a cluster created with an existing token (TF_VAR_k3s_token) keeps it, whatever the variable says later. */
function adoptTokenScenario(): Scenario {
  const run = new HcloudRun();
  const existing = "Zx8v2Lq0Wm4Tn6Rb1Yc3Ud5Se7Pf9Gh0Jk2Ma4Nb6Oc8Pd1";
  return {
    name: "2f hcloud: TF_VAR_k3s_token adopts an existing token at creation; later values change nothing",
    run: () =>
      run.step(async () => {
        await run.start({ TF_VAR_k3s_token: existing });
        run.ws.synth(withStorageNodes(2));
        run.ws.apply();
        const tokens = new Set(run.state().servers.map((s) => TOKEN_LINE.exec(s.userData ?? "")?.[1]));
        if (tokens.size !== 1 || !tokens.has(existing)) throw new Error(`the servers did not all get the adopted token`);
        for (const value of ["", "Another0Token1"]) {
          expectNoChanges(run.ws.plan(`-var=k3s_token=${value}`), `k3s_token changed to "${value}" after creation`);
        }
        run.ws.synth(withStorageNodes(2, (raw) => (storagePool(raw).volume.deleteProtection = false)));
        run.ws.apply();
        run.ws.tofu(["destroy", "-input=false", "-no-color", "-auto-approve"]);
      }, true),
  };
}

/**
 * 2g: a control plane of three. No server's user data (as the API received it) starts the cluster: each
 * chooses at first boot among the two others (README, Day 2); replacing one, the first included,
 * replaces that server alone, at the same private IP, with the same user data.
 */
function haControlPlaneScenario(): Scenario {
  const run = new HcloudRun();
  const names = ["kube-controller-01", "kube-controller-02", "kube-controller-03"];
  const ips = ["10.0.0.2", "10.0.0.3", "10.0.0.4"];
  const expectedCall = (i: number) =>
    `choose_cluster '/etc/rancher/k3s/config.yaml.d/40-cluster.yaml' ${i === 0 ? "60 5 init" : "1800 5 wait"} ` +
    ips
      .filter((_, j) => j !== i)
      .map((ip) => `'${ip}'`)
      .join(" ");
  return {
    name: "2g hcloud: 3 control plane servers, none told to start the cluster; -replace of each, the first included, replaces it alone",
    run: () =>
      run.step(async () => {
        await run.start();
        run.ws.synth(
          withStorageNodes(2, (raw) => {
            raw.hcloud.controlPlane.count = 3;
            storagePool(raw).volume.deleteProtection = false; // destroyed at the end
          }),
        );
        run.ws.apply();
        const problems: string[] = [];
        names.forEach((name, i) => {
          const userData = serverNamed(run.state(), name).userData ?? "";
          const { files } = parseCloudConfig(userData);
          const k3s = parse(files.find((f) => f.path === "/etc/rancher/k3s/config.yaml")?.content ?? "") as Record<string, unknown>;
          if ("cluster-init" in k3s || "server" in k3s) problems.push(`${name}: config.yaml says whom to join or to start the cluster`);
          const bootstrap = files.find((f) => f.path === "/usr/local/sbin/k3s-node-bootstrap")?.content ?? "";
          if (!bootstrap.split("\n").includes(expectedCall(i))) problems.push(`${name}: its bootstrap does not run "${expectedCall(i)}"`);
          const schema = cloudInitSchema(userData);
          if (schema.status !== 0) problems.push(`${name}: cloud-init schema: ${schema.output}`);
          for (const file of files.filter((f) => f.content.startsWith("#!"))) {
            const check = shellcheck(file.content);
            if (check.status !== 0) problems.push(`${name} ${file.path}: shellcheck: ${check.output}`);
          }
        });
        if (problems.length) throw new Error(problems.join("\n"));

        for (const name of names) {
          const before = run.state();
          const replace = `-replace=hcloud_server.${name}`;
          const changes = run.ws.plan(replace);
          if (changes.length !== 1 || changes[0].address !== `hcloud_server.${name}`) {
            throw new Error(`replacing ${name} should replace it alone, got:\n  ${describeChanges(changes)}`);
          }
          run.ws.apply(replace);
          const after = run.state();
          const [old, now] = [serverNamed(before, name), serverNamed(after, name)];
          if (now.id === old.id) throw new Error(`${name}: not replaced (server id ${old.id})`);
          const ip = (s: typeof old) => JSON.stringify(s.privateNets.map((n) => n.ip));
          if (ip(now) !== ip(old)) throw new Error(`${name}: private IP ${ip(old)} -> ${ip(now)}`);
          if (now.userData !== old.userData) throw new Error(`${name}: the new server's user data differs from the first one's`);
          for (const other of names.filter((n) => n !== name)) {
            if (serverNamed(after, other).id !== serverNamed(before, other).id) throw new Error(`replacing ${name} replaced ${other} too`);
          }
        }
        expectNoChanges(run.ws.plan(), "plan after the replacements");
        run.ws.tofu(["destroy", "-input=false", "-no-color", "-auto-approve"]);
      }, true),
  };
}
