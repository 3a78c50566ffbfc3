import { parse } from "yaml";
import { K3sUpgradePlans, K3sUpgradePlansProps } from "../../src/maintenance/k3s-upgrade-plans";
import { SystemUpgradeController, SystemUpgradeControllerProps } from "../../src/maintenance/system-upgrade-controller";
import { errorOf, resourcesOf, synthScope } from "../helpers";

type PlansProps = Omit<K3sUpgradePlansProps, "controller">;

function synth(props: Partial<PlansProps> = {}, controller: SystemUpgradeControllerProps = {}) {
  return synthScope((scope) => {
    const suc = new SystemUpgradeController(scope, "Controller", controller);
    new K3sUpgradePlans(scope, "Plans", { controller: suc, version: "v1.36.4+k3s1", ...props });
  });
}

function plans(props: Partial<PlansProps> = {}, controller: SystemUpgradeControllerProps = {}) {
  const { parsed } = synth(props, controller);
  const releases = resourcesOf(parsed, "helm_release");
  const release = Object.values(releases).find((r) => r.name === "k3s-upgrade-plans")!;
  const controllerId = Object.keys(releases).find((id) => id.startsWith("Controller_"));
  return { release, controllerId, manifests: parse((release.values as string[])[0]).manifests as Array<Record<string, any>> };
}

// Every taint, NoExecute ones too: a node the upgrade Job cannot run on is never upgraded.
const tolerations = [{ operator: "Exists" }];

describe("K3sUpgradePlans", () => {
  it("matches the snapshot", () => {
    expect(synth().json).toMatchSnapshot();
  });

  it("upgrades the control plane (server-plan), then the other nodes once it is done (agent-plan), one cordoned node at a time", () => {
    expect(plans().manifests).toEqual([
      {
        apiVersion: "upgrade.cattle.io/v1",
        kind: "Plan",
        metadata: { name: "server-plan", namespace: "system-upgrade" },
        spec: {
          version: "v1.36.4+k3s1",
          concurrency: 1,
          cordon: true,
          tolerations,
          serviceAccountName: "system-upgrade",
          upgrade: { image: "rancher/k3s-upgrade" },
          nodeSelector: { matchExpressions: [{ key: "node-role.kubernetes.io/control-plane", operator: "Exists" }] },
        },
      },
      {
        apiVersion: "upgrade.cattle.io/v1",
        kind: "Plan",
        metadata: { name: "agent-plan", namespace: "system-upgrade" },
        spec: {
          version: "v1.36.4+k3s1",
          concurrency: 1,
          cordon: true,
          tolerations,
          serviceAccountName: "system-upgrade",
          upgrade: { image: "rancher/k3s-upgrade" },
          nodeSelector: { matchExpressions: [{ key: "node-role.kubernetes.io/control-plane", operator: "DoesNotExist" }] },
          prepare: { image: "rancher/k3s-upgrade", args: ["prepare", "server-plan"] },
        },
      },
    ]);
  });

  it("installs the Plans as release k3s-upgrade-plans in the controller's namespace, after the controller's release", () => {
    const { release, controllerId } = plans();
    expect(release.namespace).toBe("system-upgrade");
    expect(release.chart).toMatch(/^\.\/assets\/ManifestsChart\/[0-9A-F]{32}$/);
    expect(release.depends_on).toEqual([`helm_release.${controllerId}`]);
  });

  it("takes the namespace and ServiceAccount from the controller", () => {
    const { release, manifests } = plans({}, { namespace: "upgrades" });
    expect(release.namespace).toBe("upgrades");
    expect(manifests.map((m) => [m.metadata.name, m.metadata.namespace, m.spec.serviceAccountName])).toEqual([
      ["server-plan", "upgrades", "system-upgrade"],
      ["agent-plan", "upgrades", "system-upgrade"],
    ]);
  });

  it("takes the image of both Plans, and the concurrency of the agents only: control plane nodes go one at a time (etcd quorum)", () => {
    const { manifests } = plans({ version: "v1.35.2+k3s2", concurrency: 2, image: "registry.example.org/rancher/k3s-upgrade" });
    expect(manifests.map((m) => [m.spec.version, m.spec.concurrency, m.spec.upgrade.image])).toEqual([
      ["v1.35.2+k3s2", 1, "registry.example.org/rancher/k3s-upgrade"],
      ["v1.35.2+k3s2", 2, "registry.example.org/rancher/k3s-upgrade"],
    ]);
    expect(manifests[1].spec.prepare).toEqual({ image: "registry.example.org/rancher/k3s-upgrade", args: ["prepare", "server-plan"] });
  });

  it("exposes the Plans, servers first", () => {
    synthScope((scope) => {
      const controller = new SystemUpgradeController(scope, "Controller");
      const k3s = new K3sUpgradePlans(scope, "Plans", { controller, version: "v1.36.4+k3s1" });
      expect(k3s.plans.map((p) => p.metadata.name)).toEqual(["server-plan", "agent-plan"]);
    });
  });

  it.each<[string, Partial<PlansProps>, RegExp]>([
    [
      "a version without the k3s suffix",
      { version: "v1.36.4" },
      /version: must be a k3s release such as v1\.36\.4\+k3s1 \(never a channel\) \(got "v1\.36\.4"\)/,
    ],
    ["a channel", { version: "stable" }, /version: must be a k3s release such as v1\.36\.4\+k3s1 \(never a channel\) \(got "stable"\)/],
    [
      "a version without its 'v'",
      { version: "1.36.4+k3s1" },
      /version: must be a k3s release such as v1\.36\.4\+k3s1 \(never a channel\) \(got "1\.36\.4\+k3s1"\)/,
    ],
    ["no node at a time", { concurrency: 0 }, /concurrency: must be an integer >= 1 \(got 0\)/],
    ["a fractional concurrency", { concurrency: 1.5 }, /concurrency: must be an integer >= 1 \(got 1\.5\)/],
    [
      "an image with a tag",
      { image: "rancher/k3s-upgrade:v1.36.4-k3s1" },
      /image: must be an image repository without tag, e\.g\. rancher\/k3s-upgrade \(got "rancher\/k3s-upgrade:v1\.36\.4-k3s1"\)/,
    ],
  ])("rejects %s", (_name, props, expected) => {
    const message = errorOf(() => synth(props));
    expect(message).toMatch(/^test\/Plans props:/);
    expect(message).toMatch(expected);
  });
});
