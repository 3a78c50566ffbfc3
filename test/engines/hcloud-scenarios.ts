// Scenario 2 of `npm run test:engines`: the hcloud stack through the real OpenTofu CLI and the real
// hetznercloud/hcloud provider, against the project's Hetzner Cloud API simulator.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { HcloudSimulator, startHcloudSimulator } from "./hcloud-simulator";
import { Scenario } from "./scenario";
import { ResourceChange, StackWorkspace, describeChanges, writeConfig } from "./tofu";
import { editedConfig } from "../config/fixtures";
import { cloudInitSchema, parseCloudConfig, shellcheck } from "../hcloud/user-data";

const STORAGE_POOL = "storage";

/** The default config with the storage pool at `count` nodes. */
function withStorageNodes(count: number, edit: (raw: Record<string, any>) => void = () => {}): string {
  return writeConfig(
    editedConfig((raw) => {
      raw.hcloud.nodePools.find((p: { name: string }) => p.name === STORAGE_POOL).count = count;
      edit(raw);
    }),
  );
}

/** Fails unless every change is a creation (new nodes only: nothing existing updated, replaced or deleted). */
function expectOnlyCreates(changes: readonly ResourceChange[], what: string): void {
  const others = changes.filter((c) => !(c.actions.length === 1 && c.actions[0] === "create"));
  if (others.length) throw new Error(`${what}: existing resources would change:\n  ${describeChanges(others)}`);
}

function expectNoChanges(changes: readonly ResourceChange[], what: string): void {
  if (changes.length) throw new Error(`${what}: the plan is not empty:\n  ${describeChanges(changes)}`);
}

/** Shared by the hcloud scenarios: one simulator and one workspace, in order. */
class HcloudRun {
  sim!: HcloudSimulator;
  ws!: StackWorkspace;
  /** The join token the servers received (2a). */
  token = "";
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), "engines-hcloud-"));

  async start(): Promise<void> {
    this.sim = await startHcloudSimulator();
    this.ws = new StackWorkspace(
      this.dir,
      "hcloud",
      {
        HCLOUD_TOKEN: this.sim.token,
        TF_VAR_s3_access_key: "engine-test-access-key",
        TF_VAR_s3_secret_key: "engine-test-secret-key",
      },
      { provider: { hcloud: [{ endpoint: this.sim.url, poll_interval: "20ms", poll_function: "constant" }] } },
    );
  }

  servers() {
    return this.sim.state().servers;
  }

  async stop(): Promise<void> {
    await this.sim?.close();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The scenarios, sharing one simulator and state, in the order they must run. */
export function hcloudScenarios(): Scenario[] {
  const run = new HcloudRun();
  return [
    {
      name: "2a hcloud: first apply from nothing (one generated join token, a malformed TF_VAR_k3s_token refused), then an empty plan",
      async run() {
        await run.start();
        run.ws.synth(withStorageNodes(2));
        const badToken = run.ws.tofu(["plan", "-input=false", "-no-color", "-var=k3s_token=not a token!"], { allowFailure: true });
        if (badToken.status === 0 || !badToken.output.includes("k3s_token must be letters and digits")) {
          throw new Error(`a malformed k3s_token was not refused by the variable's validation:\n${badToken.output.slice(-1500)}`);
        }
        const applied = run.ws.apply();
        const state = run.sim.state();
        const tokens = new Set(state.servers.map((s) => /^\s+token: (\S+)$/m.exec(s.userData ?? "")?.[1]));
        if (tokens.size !== 1 || !/^[0-9a-f]{64}$/.test([...tokens][0] ?? "")) {
          throw new Error(`every server should get the same generated 64-hex-digit join token; got ${tokens.size} distinct values`);
        }
        run.token = [...tokens][0]!;
        if (applied.includes(run.token)) throw new Error("the join token appears in the output of tofu apply");
        // README, Secrets: `tofu show` prints terraform_data's unmarked output attribute, and nothing else holding the token.
        const shown = run.ws
          .tofu(["show", "-no-color"])
          .output.split("\n")
          .filter((l) => l.includes(run.token));
        if (shown.length !== 1 || !/^\s+output = "[0-9a-f]{64}"$/.test(shown[0])) {
          throw new Error(`tofu show prints the join token in ${shown.length} places, expected only terraform_data's output`);
        }
        if (state.servers.length !== 6) throw new Error(`expected 6 servers, the simulator holds ${state.servers.length}`);
        if (state.volumes.length !== 2) throw new Error(`expected 2 volumes, the simulator holds ${state.volumes.length}`);
        expectNoChanges(run.ws.plan(), "plan right after the first apply");
      },
    },
    {
      name: "2b hcloud: grow the storage pool 2 -> 3, then 10 -> 11: only new resources",
      async run() {
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
        const storage = run.servers().filter((s) => s.name.startsWith("kube-storage-"));
        if (storage.length !== 11) throw new Error(`expected 11 storage servers, got ${storage.length}`);
      },
    },
    {
      name: "2c hcloud: a k3s setting changes no server; -replace a node keeps its protected volume, data and group",
      async run() {
        run.ws.synth(withStorageNodes(11, (raw) => raw.hcloud.k3s.kubeletArgs.push("max-pods=90")));
        expectNoChanges(run.ws.plan(), "after changing hcloud.k3s.kubeletArgs (user data)");
        const node = "kube-storage-01";
        const before = run.sim.state();
        const volumeOf = (state: typeof before, name: string) => {
          const server = state.servers.find((s) => s.name === name);
          return state.volumes.find((v) => v.server === server?.id);
        };
        const replace = `-replace=hcloud_server.kube-storage["${node}"]`;
        const unexpected = run.ws.plan(replace).filter((c) => !c.address.endsWith(`["${node}"]`));
        if (unexpected.length) throw new Error(`replacing ${node} would also change:\n  ${describeChanges(unexpected)}`);
        run.ws.apply(replace);
        const after = run.sim.state();
        for (const old of before.servers) {
          const now = after.servers.find((s) => s.name === old.name);
          if (old.name === node ? now?.id === old.id : now?.id !== old.id) {
            throw new Error(`${old.name}: server id ${old.id} -> ${now?.id} (only ${node} should be new)`);
          }
        }
        const [oldVolume, newVolume] = [volumeOf(before, node), volumeOf(after, node)];
        if (!oldVolume || newVolume?.id !== oldVolume.id) {
          throw new Error(`${node}: volume ${oldVolume?.id} should be attached to the new server, found ${newVolume?.id}`);
        }
        const group = (state: typeof before) =>
          state.placementGroups.find((g) => g.servers.includes(state.servers.find((s) => s.name === node)!.id))?.name;
        if (group(after) !== group(before)) throw new Error(`${node}: placement group ${group(before)} -> ${group(after)}`);
        expectNoChanges(run.ws.plan(), "plan after the replacement");
      },
    },
    {
      name: "2d hcloud: every user data the API received passes cloud-init schema and shellcheck",
      async run() {
        const problems: string[] = [];
        const { servers, volumes } = run.sim.state();
        for (const server of servers) {
          const userData = server.userData ?? "";
          // Terraform references and the project's stand-ins must all be filled in (bash's own ${x} stays).
          const unresolved = userData.match(/TFVALUE_\w+|\$\{(each|var|hcloud_\w+|terraform_data|jsonencode)\b[^}]*\}/g);
          if (unresolved) problems.push(`${server.name}: unresolved in user data: ${[...new Set(unresolved)].join(", ")}`);
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
      },
    },
    {
      name: "2e hcloud: lift the volumes' protection to replace a node's volume; destroy keeps protected volumes; lifted, nothing is left",
      async run() {
        try {
          const protection = (on: boolean) =>
            withStorageNodes(
              11,
              (raw) => (raw.hcloud.nodePools.find((p: { name: string }) => p.name === STORAGE_POOL).volume.deleteProtection = on),
            );
          const expectOnlyVolumeUpdates = (what: string) => {
            const others = run.ws.plan().filter((c) => !(c.type === "hcloud_volume" && c.actions.join() === "update"));
            if (others.length) throw new Error(`${what} would also change:\n  ${describeChanges(others)}`);
          };

          // README: lift the protection (apply), replace a node with its volume, protect again.
          run.ws.synth(protection(false));
          expectOnlyVolumeUpdates("lifting the protection");
          run.ws.apply();
          const node = "kube-storage-02";
          const oldVolume = run.sim.state().volumes.find((v) => v.name === node)!;
          run.ws.apply(`-replace=hcloud_volume.kube-storage["${node}"]`, `-replace=hcloud_server.kube-storage["${node}"]`);
          let state = run.sim.state();
          const newVolume = state.volumes.find((v) => v.name === node);
          const server = state.servers.find((s) => s.name === node);
          if (!newVolume || newVolume.id === oldVolume.id || newVolume.server !== server?.id) {
            throw new Error(`${node}: expected a new volume attached to the new server, got ${JSON.stringify(newVolume)}`);
          }
          if (!server?.userData?.includes(`scsi-0HC_Volume_${newVolume.id}'`))
            throw new Error(`${node}: the new server's user data does not name its new volume`);
          run.ws.synth(protection(true));
          expectOnlyVolumeUpdates("protecting the volumes again");
          run.ws.apply();

          // A destroy deletes everything it can; Hetzner refuses the protected volumes, which keep their data.
          const refused = run.ws.tofu(["destroy", "-input=false", "-no-color", "-auto-approve"], { allowFailure: true });
          if (refused.status === 0) throw new Error("destroy succeeded although the volumes are delete-protected");
          if (!/protected/i.test(refused.output))
            throw new Error(`destroy failed, but not on delete protection:\n${refused.output.slice(-2000)}`);
          state = run.sim.state();
          if (state.volumes.length !== 11 || state.servers.length !== 0) {
            throw new Error(
              `after the refused destroy: ${state.volumes.length} volumes (11 expected), ${state.servers.length} servers (0 expected)`,
            );
          }

          // README: lift the protection of the volumes alone, then destroy.
          run.ws.synth(protection(false));
          run.ws.apply("-target=hcloud_volume.kube-storage");
          run.ws.tofu(["destroy", "-input=false", "-no-color", "-auto-approve"]);
          const left = Object.entries(run.sim.state())
            .filter(([, v]) => Array.isArray(v) && v.length)
            .map(([k, v]) => `${k}: ${(v as unknown[]).length}`);
          if (left.length) throw new Error(`left behind after destroy: ${left.join(", ")}`);
          const unsupported = run.sim.unsupported();
          if (unsupported.length) throw new Error(`requests the simulator does not model:\n  ${unsupported.join("\n  ")}`);
        } finally {
          await run.stop();
        }
      },
    },
  ];
}
