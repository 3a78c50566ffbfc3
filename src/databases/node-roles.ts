import { Labels } from "@cdktf/provider-kubernetes/lib/labels";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { PropIssues, describeValue, dnsSubdomain, duplicates, isFieldManager } from "../validation";

/** Label of the node that serves the primary database (PostgreSQL primary, Redis master). */
export const PRIMARY_ROLE_LABEL = "node-role.kubernetes.io/primary";
/** Label of the nodes that serve reads (PostgreSQL read replicas, Redis replicas). */
export const READ_ROLE_LABEL = "node-role.kubernetes.io/read";

/** Props of {@link DatabaseNodeRoles}. */
export interface DatabaseNodeRolesProps {
  /** Name of the storage node that serves the primary. */
  readonly primary: string;
  /** Names of the storage nodes that serve reads; never the primary's node. */
  readonly read: readonly string[];
  /**
   * Server-side-apply field manager of the labels. It must differ from the one of
   * any other `kubernetes_labels` or `kubernetes_annotations` on the same nodes
   * (e.g. Longhorn's disk label, `cdktf-longhorn-storage-label`), or each would
   * remove what the other set.
   * @default "cdktf-database-node-roles"
   */
  readonly fieldManager?: string;
  /**
   * Resources that must exist first, e.g. the `RegisteredNodes` of these nodes: a label on a Node
   * that has not registered yet fails.
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Declares which storage node serves the primary and which serve reads, replacing
 * the guide's `kubectl label nodes ... node-role.kubernetes.io/primary=true`
 * and `...read=true`. The labels are set through the Kubernetes API: kubelet may
 * not set `node-role.kubernetes.io/*` labels on its own node (NodeRestriction).
 * Charts select the nodes with {@link primarySelector} and {@link readSelector};
 * make their releases depend on {@link labels} so the labels exist first.
 */
export class DatabaseNodeRoles extends Construct {
  /** The label resources: the primary's first, then one per read node. */
  public readonly labels: readonly Labels[];
  /** Node selector of the primary's pods. */
  public readonly primarySelector: Readonly<Record<string, string>>;
  /** Node selector of the read pods. */
  public readonly readSelector: Readonly<Record<string, string>>;
  /** The primary's node. */
  public readonly primaryNode: string;
  /** The read nodes. */
  public readonly readNodes: readonly string[];

  constructor(scope: Construct, id: string, props: DatabaseNodeRolesProps) {
    super(scope, id);
    this.validate(props);
    const fieldManager = props.fieldManager ?? "cdktf-database-node-roles";
    this.primaryNode = props.primary;
    this.readNodes = [...props.read];
    this.primarySelector = { [PRIMARY_ROLE_LABEL]: "true" };
    this.readSelector = { [READ_ROLE_LABEL]: "true" };

    const label = (node: string, labels: Readonly<Record<string, string>>) =>
      new Labels(this, `Labels-${node}`, {
        apiVersion: "v1",
        kind: "Node",
        metadata: { name: node },
        labels: { ...labels },
        fieldManager,
        dependsOn: props.dependsOn,
      });
    this.labels = [label(props.primary, this.primarySelector), ...props.read.map((n) => label(n, this.readSelector))];
  }

  private validate(props: DatabaseNodeRolesProps): void {
    const issues = new PropIssues();
    if (!dnsSubdomain.safeParse(props.primary).success) issues.bad("primary", props.primary, "must be a node name (DNS-1123 subdomain)");
    props.read.forEach((n, i) => {
      if (!dnsSubdomain.safeParse(n).success) issues.bad(`read[${i}]`, n, "must be a node name (DNS-1123 subdomain)");
    });
    if (props.read.includes(props.primary)) {
      issues.add(
        `read: must not include the primary's node: the primary and a read replica never share a node (got ${describeValue(props.primary)} in both)`,
      );
    }
    for (const n of duplicates([...props.read])) issues.add(`read: ${describeValue(n)} is listed twice`);
    if (props.fieldManager !== undefined && !isFieldManager(props.fieldManager)) {
      issues.bad("fieldManager", props.fieldManager, "must be 1-128 letters, digits, '-', '_' or '.'");
    }
    issues.throwIfAny(`${this.node.path} props`);
  }
}
