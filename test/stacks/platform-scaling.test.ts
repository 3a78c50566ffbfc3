import { Testing } from "cdktf";
import { parseConfig } from "../../src/config/load-config";
import { HcloudStack } from "../../stacks/hcloud-stack";
import { K3sStack } from "../../stacks/k3s-stack";
import { editedConfig } from "../config/fixtures";
import { SynthesizedStack, forEachKeys, resourcesOf } from "../helpers";

/** Number of resources by type, over both stacks. */
function resourceCounts(edit: (raw: Record<string, any>) => void): Record<string, number> {
  const config = parseConfig(editedConfig(edit));
  const app = Testing.app();
  const counts: Record<string, number> = {};
  for (const stack of [new HcloudStack(app, "hcloud", { config }), new K3sStack(app, "k3s", { config })]) {
    const parsed = JSON.parse(Testing.synth(stack)) as SynthesizedStack;
    for (const [type, resources] of Object.entries(parsed.resource ?? {}))
      counts[type] = (counts[type] ?? 0) + Object.keys(resources).length;
  }
  return counts;
}

const storagePool = (raw: Record<string, any>) => raw.hcloud.nodePools.find((p: { name: string }) => p.name === raw.longhorn.storagePool);

// cdktf resolves every resource three times per synth: what grows with the cluster must be instances of a
// for_each resource, not resources (npm run bench measures the time).
describe("a larger cluster", () => {
  it("adds a placement group per 10 storage nodes, and no other resource", () => {
    const base = resourceCounts(() => undefined);
    const big = resourceCounts((raw) => {
      storagePool(raw).count = 50;
    });
    // A spread placement group holds at most 10 servers: 2 storage nodes need 1, 50 need 5.
    expect(big).toEqual({ ...base, hcloud_placement_group: base.hcloud_placement_group + 4 });
  });

  it("adds no resource per recurring job (they are objects of one Helm release)", () => {
    const base = resourceCounts(() => undefined);
    const many = resourceCounts((raw) => {
      raw.longhorn.recurringJobs = Array.from({ length: 20 }, (_, i) => ({ name: `job-${i + 1}`, cron: `${i} 1 * * *`, retain: 3 }));
    });
    expect(many).toEqual(base);
  });

  it("gives every new storage node its server, volume, attachment, Longhorn label and annotations as for_each instances", () => {
    const config = parseConfig(
      editedConfig((raw) => {
        storagePool(raw).count = 50;
      }),
    );
    const app = Testing.app();
    const hcloud = JSON.parse(Testing.synth(new HcloudStack(app, "hcloud", { config }))) as SynthesizedStack;
    const k3s = JSON.parse(Testing.synth(new K3sStack(app, "k3s", { config }))) as SynthesizedStack;
    const names = Array.from({ length: 50 }, (_, i) => `kube-storage-${String(i + 1).padStart(2, "0")}`);
    expect(Object.keys(resourcesOf(hcloud, "hcloud_server")["kube-storage"].for_each as object)).toEqual(names);
    expect(forEachKeys(resourcesOf(hcloud, "hcloud_volume")["kube-storage"])).toEqual(names);
    expect(resourcesOf(hcloud, "hcloud_volume_attachment")["kube-storage"].for_each).toBe("${hcloud_server.kube-storage}");
    for (const type of ["kubernetes_labels", "kubernetes_annotations"]) {
      const longhorn = Object.entries(resourcesOf(k3s, type)).filter(([id]) => id.startsWith("LonghornStorageNodes_"));
      expect(longhorn).toHaveLength(1);
      expect(forEachKeys(longhorn[0][1])).toEqual(names);
    }
  });
});
