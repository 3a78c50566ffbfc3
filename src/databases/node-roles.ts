import { Labels } from "@cdktf/provider-kubernetes/lib/labels";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { z } from "zod";
import { PropIssues, describeValue, dnsSubdomain, duplicates, isFieldManager, isUnresolved, labelKey, labelValue } from "../validation";

/** Label of the node that serves the primary database (PostgreSQL primary, Redis master). */
export const PRIMARY_ROLE_LABEL = "node-role.kubernetes.io/primary";
/** Label of the nodes that serve reads (PostgreSQL read replicas, Redis replicas). */
export const READ_ROLE_LABEL = "node-role.kubernetes.io/read";

/** A node selector: label keys and values the nodes must carry. */
export const nodeSelector = z.record(labelKey, labelValue);

/**
 * The nodes a database runs on, as {@link Postgresql} and {@link Redis} take them: which labels select
 * the primary's node (PostgreSQL primary, Redis master) and the read nodes (the replicas), and what must
 * exist before pods can land there. {@link DatabaseNodeRoles} is one; nodes labelled some other way are a
 * plain object, e.g. `{ primarySelector: { "db": "primary" }, readSelector: { "db": "read" } }`.
 */
export interface IDatabaseNodes {
  /** Node selector of the primary's pods (PostgreSQL primary, Redis master): at least one label. */
  readonly primarySelector: Readonly<Record<string, string>>;
  /**
   * Node selector of the read pods (PostgreSQL read replicas, Redis replicas): at least one label, and
   * not the primary's (the primary and a replica never share a node). Redis `standalone` ignores it.
   */
  readonly readSelector: Readonly<Record<string, string>>;
  /**
   * What sets the labels (e.g. the `kubernetes_labels` of {@link DatabaseNodeRoles}): every release
   * that selects the nodes waits for it.
   * @default - nothing to wait for (the nodes carry the labels already)
   */
  readonly labelCreators?: readonly ITerraformDependable[];
}

/** Defaults of {@link DatabaseNodeRolesProps}. */
export const DATABASE_NODE_ROLES_DEFAULTS = { fieldManager: "cdktf-database-node-roles" } as const;

/** Props of {@link DatabaseNodeRoles}. */
export interface DatabaseNodeRolesProps {
  /** Name of the storage node that serves the primary. Must be known at synth time: it names the label resource. */
  readonly primary: string;
  /**
   * Names of the storage nodes that serve reads; never the primary's node. Must be known at synth time:
   * each names its label resource.
   */
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

/** Why node names must be known at synth time, for messages. */
const NODE_NAME_KNOWN = "it names the construct of the node's label resource";

/**
 * Declares which storage node serves the primary and which serve reads, replacing
 * the guide's `kubectl label nodes ... node-role.kubernetes.io/primary=true`
 * and `...read=true`. The labels are set through the Kubernetes API: kubelet may
 * not set `node-role.kubernetes.io/*` labels on its own node (NodeRestriction).
 * An {@link IDatabaseNodes}: pass it as the `nodes` of {@link Postgresql} and {@link Redis}, which
 * select the nodes with {@link primarySelector} and {@link readSelector} and wait for {@link labels}.
 */
export class DatabaseNodeRoles extends Construct implements IDatabaseNodes {
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
    const fieldManager = props.fieldManager ?? DATABASE_NODE_ROLES_DEFAULTS.fieldManager;
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

  /** The label resources, which a release selecting these nodes waits for ({@link IDatabaseNodes}). */
  public get labelCreators(): readonly ITerraformDependable[] {
    return this.labels;
  }

  private validate(props: DatabaseNodeRolesProps): void {
    const issues = new PropIssues();
    issues.known("primary", props.primary, NODE_NAME_KNOWN);
    issues.known("read", props.read, NODE_NAME_KNOWN);
    issues.check("primary", props.primary, dnsSubdomain);
    if (!isUnresolved(props.read)) {
      props.read.forEach((n, i) => issues.check(`read[${i}]`, n, dnsSubdomain));
      if (props.read.includes(props.primary)) {
        issues.add(
          `read: must not include the primary's node: the primary and a read replica never share a node (got ${describeValue(props.primary)} in both)`,
        );
      }
      for (const n of duplicates([...props.read])) issues.add(`read: ${describeValue(n)} is listed twice`);
    }
    if (props.fieldManager !== undefined && !isFieldManager(props.fieldManager)) {
      issues.bad("fieldManager", props.fieldManager, "must be 1-128 letters, digits, '-', '_' or '.'");
    }
    issues.throwIfAny(`${this.node.path} props`);
  }
}
