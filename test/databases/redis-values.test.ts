import { REDIS_CHARTS } from "../../src/databases/redis-values";

describe("the chart versions' default images", () => {
  it("are the same repository for a slot in every version that has it: only the tags move", () => {
    const bySlot = new Map<string, Set<string>>();
    for (const chart of Object.values(REDIS_CHARTS)) {
      for (const [slot, image] of Object.entries(chart.images)) {
        if (!image) continue;
        bySlot.set(slot, (bySlot.get(slot) ?? new Set()).add(`${image.registry}/${image.repository}`));
      }
    }
    expect(Object.fromEntries([...bySlot].map(([slot, repos]) => [slot, [...repos]]))).toEqual({
      redis: ["docker.io/bitnamilegacy/redis"],
      sentinel: ["docker.io/bitnamilegacy/redis-sentinel"],
      metrics: ["docker.io/bitnamilegacy/redis-exporter"],
      volumePermissions: ["docker.io/bitnamilegacy/os-shell"],
      sysctl: ["docker.io/bitnamilegacy/os-shell"],
      kubectl: ["docker.io/bitnamilegacy/kubectl"],
    });
  });
});
