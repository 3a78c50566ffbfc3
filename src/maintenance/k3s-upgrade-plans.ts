import { Construct } from "constructs";
import { IMAGE_NAME, K3S_VERSION, PropIssues } from "../validation";
import { KubernetesObject, ManifestRelease } from "../kubernetes/manifest-release";
import { SystemUpgradeController } from "./system-upgrade-controller";

/** Props of {@link K3sUpgradePlans}. */
export interface K3sUpgradePlansProps {
  /** The controller that runs the Plans: they go into its namespace and run as its ServiceAccount. */
  readonly controller: SystemUpgradeController;
  /**
   * The k3s release every node is upgraded to, e.g. `v1.36.4+k3s1`: the version pinned in config,
   * never a moving channel, so that a deploy is what rolls the cluster.
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
    const concurrency = props.concurrency ?? 1;
    const image = props.image ?? "rancher/k3s-upgrade";
    const issues = new PropIssues();
    if (!K3S_VERSION.test(props.version))
      issues.bad("version", props.version, "must be a k3s release such as v1.36.4+k3s1 (never a channel)");
    if (!Number.isInteger(concurrency) || concurrency < 1) issues.bad("concurrency", concurrency, "must be an integer >= 1");
    if (!IMAGE_NAME.test(image)) issues.bad("image", image, "must be an image repository without tag, e.g. rancher/k3s-upgrade");
    issues.throwIfAny(`${this.node.path} props`);

    const { namespaceName: namespace, serviceAccountName } = props.controller;
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
      dependsOn: [props.controller.manifests.release],
    });
  }
}
