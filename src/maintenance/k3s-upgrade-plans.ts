import { Construct } from "constructs";
import { PropIssues, dnsLabel, positiveInteger } from "../validation";
import { k3sVersion } from "../validation/k3s-version";
import { KubernetesObject, ManifestRelease } from "../kubernetes/manifest-release";
import { ISystemUpgradeController, imageRepository } from "./system-upgrade-controller";

/** Defaults of {@link K3sUpgradePlansProps}, which the platform config applies too. */
export const K3S_UPGRADE_PLANS_DEFAULTS = { concurrency: 1, image: "rancher/k3s-upgrade" } as const;

/** The rule of {@link K3sUpgradePlansProps.concurrency}, which the platform config's `upgrades.concurrency` takes too. */
export const PLAN_CONCURRENCY = positiveInteger;

/** Props of {@link K3sUpgradePlans}. */
export interface K3sUpgradePlansProps {
  /**
   * The controller that runs the Plans ({@link SystemUpgradeController}): they go into its namespace, run as its
   * ServiceAccount and wait for its release.
   */
  readonly controller: ISystemUpgradeController;
  /**
   * The k3s release every node is upgraded to, e.g. `v1.36.4+k3s1`, of a minor this project supports (the rule
   * of `hcloud.k3s.version`): the version pinned in config, never a moving channel, so that a deploy is what
   * rolls the cluster.
   */
  readonly version: string;
  /**
   * Agent nodes upgraded at the same time. Control plane nodes are always upgraded one at a time,
   * so that etcd keeps its quorum.
   * @default 1
   */
  readonly concurrency?: number;
  /**
   * Image of the upgrade Jobs (the controller appends the version as its tag).
   * @default "rancher/k3s-upgrade"
   */
  readonly image?: string;
}

/** The fields of an `upgrade.cattle.io/v1` Plan this construct sets (rancher/system-upgrade-controller, doc/plan.md). */
interface Plan extends KubernetesObject {
  readonly apiVersion: "upgrade.cattle.io/v1";
  readonly kind: "Plan";
  readonly spec: {
    readonly version: string;
    readonly concurrency: number;
    readonly cordon: boolean;
    readonly nodeSelector: { readonly matchExpressions: readonly { key: string; operator: "Exists" | "DoesNotExist" }[] };
    readonly tolerations: readonly { operator: "Exists" }[];
    readonly serviceAccountName: string;
    readonly upgrade: { readonly image: string };
    readonly prepare?: { readonly image: string; readonly args: readonly string[] };
  };
}

const CONTROL_PLANE = "node-role.kubernetes.io/control-plane";

/**
 * The two k3s upgrade Plans of part 2 of the guide, pinned to one version: `server-plan` upgrades
 * the control plane nodes, then `agent-plan` the other nodes (its `prepare` step waits for
 * `server-plan` to be complete), one control plane node at a time (agents `concurrency` at a time), each cordoned (not drained: k3s restarts in
 * place and its pods keep running). Bumping `version` and deploying rolls the cluster node by node.
 */
export class K3sUpgradePlans extends Construct {
  /** The Plans, servers first. */
  public readonly plans: readonly KubernetesObject[];
  /** The release carrying the Plans. */
  public readonly manifests: ManifestRelease;

  constructor(scope: Construct, id: string, props: K3sUpgradePlansProps) {
    super(scope, id);
    const concurrency = props.concurrency ?? K3S_UPGRADE_PLANS_DEFAULTS.concurrency;
    const image = props.image ?? K3S_UPGRADE_PLANS_DEFAULTS.image;
    const { namespaceName: namespace, serviceAccountName } = props.controller;
    const issues = new PropIssues();
    issues.check("version", props.version, k3sVersion);
    issues.check("concurrency", concurrency, PLAN_CONCURRENCY);
    issues.check("image", image, imageRepository(K3S_UPGRADE_PLANS_DEFAULTS.image));
    issues.check("controller.namespaceName", namespace, dnsLabel());
    issues.throwIfAny(`${this.node.path} props`);

    const common = {
      version: props.version,
      cordon: true,
      // Every node, whatever its taints: the control plane's, the storage nodes', a dedicated server's
      // CriticalAddonsOnly=true:NoExecute. A node the upgrade Job cannot run on is never upgraded.
      tolerations: [{ operator: "Exists" as const }],
      serviceAccountName,
      upgrade: { image },
    };
    const server: Plan = {
      apiVersion: "upgrade.cattle.io/v1",
      kind: "Plan",
      metadata: { name: "server-plan", namespace },
      spec: { ...common, concurrency: 1, nodeSelector: { matchExpressions: [{ key: CONTROL_PLANE, operator: "Exists" }] } },
    };
    const agent: Plan = {
      apiVersion: "upgrade.cattle.io/v1",
      kind: "Plan",
      metadata: { name: "agent-plan", namespace },
      spec: {
        ...common,
        concurrency,
        nodeSelector: { matchExpressions: [{ key: CONTROL_PLANE, operator: "DoesNotExist" }] },
        prepare: { image, args: ["prepare", "server-plan"] },
      },
    };
    this.plans = [server, agent];
    this.manifests = new ManifestRelease(this, "Manifests", {
      releaseName: "k3s-upgrade-plans",
      namespace,
      manifests: this.plans,
      dependsOn: props.controller.release ? [props.controller.release] : undefined,
    });
  }
}
