import { parse } from "yaml";
import { K3S_UPGRADE_PLANS_DEFAULTS, K3sUpgradePlans, K3sUpgradePlansProps } from "../../src/maintenance/k3s-upgrade-plans";
import { SystemUpgradeController, SystemUpgradeControllerProps } from "../../src/maintenance/system-upgrade-controller";
import { ValidationError } from "../../src/validation";
import { errorOf, onlyResource, resourcesOf, synthScope } from "../helpers";
import { unusedTokens } from "../tokens";

function synth(props: Partial<K3sUpgradePlansProps> = {}, controller: SystemUpgradeControllerProps = {}) {
  return synthScope((scope) => {
    const suc = new SystemUpgradeController(scope, "Controller", controller);
    new K3sUpgradePlans(scope, "Plans", { controller: suc, version: "v1.36.4+k3s1", ...props });
  });
}

function plans(props: Partial<K3sUpgradePlansProps> = {}, controller: SystemUpgradeControllerProps = {}) {
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
    expect(K3S_UPGRADE_PLANS_DEFAULTS).toEqual({ concurrency: 1, image: "rancher/k3s-upgrade" });
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

  it("takes a controller installed elsewhere, without waiting for it", () => {
    const { parsed } = synthScope((scope) => {
      new K3sUpgradePlans(scope, "Plans", {
        controller: { namespaceName: "upgrades", serviceAccountName: "suc" },
        version: "v1.36.4+k3s1",
      });
    });
    const release = onlyResource(parsed, "helm_release");
    expect(release.namespace).toBe("upgrades");
    expect(release.depends_on).toBeUndefined();
    expect(parse((release.values as string[])[0]).manifests.map((m: any) => m.spec.serviceAccountName)).toEqual(["suc", "suc"]);
  });

  it("accepts tokens for every prop it validates", () => {
    expect(
      unusedTokens((scope, t) => {
        const controller = new SystemUpgradeController(scope, "Controller", { namespace: t.string("namespace") });
        new K3sUpgradePlans(scope, "Plans", {
          controller,
          version: t.string("version"),
          concurrency: t.number("concurrency"),
          image: t.string("image"),
        });
      }),
    ).toEqual([]);
  });

  it.each<[string, Partial<K3sUpgradePlansProps>, RegExp]>([
    [
      "a version without the k3s suffix",
      { version: "v1.36.4" },
      /version: must be a k3s release such as 'v1\.33\.5\+k3s1' \(got "v1\.36\.4"\)/,
    ],
    ["a channel", { version: "stable" }, /version: must be a k3s release such as 'v1\.33\.5\+k3s1' \(got "stable"\)/],
    [
      "a version without its 'v'",
      { version: "1.36.4+k3s1" },
      /version: must be a k3s release such as 'v1\.33\.5\+k3s1' \(got "1\.36\.4\+k3s1"\)/,
    ],
    [
      "a version of a minor this project does not support",
      { version: "v1.30.4+k3s1" },
      /version: must be a k3s release of a minor this project supports, v1\.31 to v1\.36, such as 'v1\.36\.4\+k3s1' \(got "v1\.30\.4\+k3s1"\)/,
    ],
    [
      "a bad controller namespace",
      { controller: { namespaceName: "Upgrades", serviceAccountName: "system-upgrade" } },
      /controller\.namespaceName: must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit \(got "Upgrades"\)/,
    ],
    ["no node at a time", { concurrency: 0 }, /concurrency: must be a whole number >= 1 \(got 0\)/],
    ["a fractional concurrency", { concurrency: 1.5 }, /concurrency: must be a whole number >= 1 \(got 1\.5\)/],
    [
      "an image with a tag",
      { image: "rancher/k3s-upgrade:v1.36.4-k3s1" },
      /image: must be an image repository without tag, e\.g\. rancher\/k3s-upgrade \(got "rancher\/k3s-upgrade:v1\.36\.4-k3s1"\)/,
    ],
  ])("rejects %s", (_name, props, expected) => {
    expect(() => synth(props)).toThrow(ValidationError);
    const message = errorOf(() => synth(props));
    expect(message).toMatch(/^test\/Plans props:/);
    expect(message).toMatch(expected);
  });
});
