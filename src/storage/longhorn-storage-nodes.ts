import { Annotations } from "@cdktf/provider-kubernetes/lib/annotations";
import { Labels } from "@cdktf/provider-kubernetes/lib/labels";
import { Fn, ITerraformDependable, TerraformIterator, Token, Tokenization } from "cdktf";
import { Construct } from "constructs";
import { z } from "zod";
import { PropIssues, describeValue, dnsLabel, dnsSubdomain, duplicates, isFieldManager, isUnresolved } from "../validation";

/** The rule of Longhorn disk and node tags (matched by a StorageClass's `diskSelector` and `nodeSelector`). */
export const longhornTags = z.array(dnsLabel());

/** A disk Longhorn creates on a storage node (one entry of `node.longhorn.io/default-disks-config`). */
export interface LonghornDisk {
  /** Disk name, unique on the node: a DNS-1123 label. */
  readonly name: string;
  /** Absolute path of the disk's filesystem on the node, unique on the node. */
  readonly path: string;
  /**
   * Whether replicas may be scheduled on the disk.
   * @default true
   */
  readonly allowScheduling?: boolean;
  /**
   * Bytes kept free for other uses. Longhorn 1.8+ replaces 0 with its setting
   * `storage-reserved-percentage-for-default-disk` (30% unless set): the chart values of
   * {@link longhornChartValues} set it to 0, so that 0 means none in every version.
   * @default 0
   */
  readonly storageReserved?: number;
  /**
   * Disk tags, matched by a StorageClass's `diskSelector`.
   * @default []
   */
  readonly tags?: readonly string[];
}

/** Defaults of {@link LonghornDisk}. */
export const LONGHORN_DISK_DEFAULTS = {
  allowScheduling: true,
  storageReserved: 0,
  tags: [],
} as const satisfies Partial<LonghornDisk>;

/** Props of {@link LonghornStorageNodes}. */
export interface LonghornStorageNodesProps {
  /**
   * Names of the Kubernetes nodes that carry Longhorn's disks, the keys of a `for_each`: each may be a
   * token, or the whole list (Terraform must know them at plan, as any `for_each` key).
   */
  readonly nodeNames: readonly string[];
  /** The disks created on each of them. */
  readonly disks: readonly LonghornDisk[];
  /**
   * Longhorn node tags of these nodes.
   * @default []
   */
  readonly nodeTags?: readonly string[];
  /**
   * Prefix of the server-side-apply field managers: the label is applied as
   * `<prefix>-label`, the annotations as `<prefix>-annotations`. Each
   * `kubernetes_labels`/`kubernetes_annotations` on the same nodes needs its
   * own manager, or applying one removes what the other set (both would be
   * the provider's default "Terraform").
   * @default "cdktf-longhorn-storage"
   */
  readonly fieldManagerPrefix?: string;
  /**
   * Resources that must exist first, e.g. the `RegisteredNodes` of these nodes: a label on a Node
   * that has not registered yet fails.
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/** Defaults of {@link LonghornStorageNodesProps}; the platform config's `longhorn.disks.nodeTags` takes them too. */
export const LONGHORN_STORAGE_NODES_DEFAULTS = {
  nodeTags: [],
  fieldManagerPrefix: "cdktf-longhorn-storage",
} as const satisfies Partial<LonghornStorageNodesProps>;

/** Whether `list` is a whole list only Terraform knows (not a literal list, which may hold tokens). */
function isListToken(list: readonly string[]): boolean {
  return Tokenization.reverseList(list as string[]) !== undefined;
}

/**
 * Declares Longhorn's disks and node tags on the storage nodes, replacing the
 * guide's `kubectl patch nodes.longhorn.io`: the label
 * `node.longhorn.io/create-default-disk=config` and the annotations
 * `node.longhorn.io/default-disks-config` / `default-node-tags` are set through
 * the Kubernetes API. With `createDefaultDiskLabeledNodes` on, Longhorn reads
 * them when it first sees a node, and creates no disk on unlabelled nodes
 * (workers), so nothing is scheduled there. Make the Longhorn release depend on
 * this construct so the metadata exists before Longhorn starts.
 *
 * The label and the annotations are one resource each, with an instance per
 * node (`for_each` over the node names): adding a node adds an instance, and a
 * cluster of 50 storage nodes synthesizes as fast as one of 3.
 */
export class LonghornStorageNodes extends Construct {
  /** The label resource: one instance per node, keyed by node name. */
  public readonly labels: Labels;
  /** The annotation resource: one instance per node, keyed by node name. */
  public readonly annotations: Annotations;
  /** The `default-disks-config` annotation value. */
  public readonly disksConfig: string;

  constructor(scope: Construct, id: string, props: LonghornStorageNodesProps) {
    super(scope, id);
    this.validate(props);
    const disks = props.disks.map((d) => ({
      name: d.name,
      path: d.path,
      allowScheduling: d.allowScheduling ?? LONGHORN_DISK_DEFAULTS.allowScheduling,
      storageReserved: d.storageReserved ?? LONGHORN_DISK_DEFAULTS.storageReserved,
      tags: d.tags ?? LONGHORN_DISK_DEFAULTS.tags,
    }));
    // With a token anywhere, Terraform writes the JSON (`jsonencode`), which keeps its quoting right.
    const anyToken = disks.some(
      (d) => isUnresolved(d.name) || isUnresolved(d.path) || isUnresolved(d.storageReserved) || isUnresolved(d.tags),
    );
    this.disksConfig = anyToken ? Token.asString(Fn.jsonencode(disks)) : JSON.stringify(disks);
    const tags = props.nodeTags ?? LONGHORN_STORAGE_NODES_DEFAULTS.nodeTags;
    const nodeTags = isUnresolved(tags) ? Token.asString(Fn.jsonencode(tags)) : JSON.stringify(tags);

    const fieldManager = props.fieldManagerPrefix ?? LONGHORN_STORAGE_NODES_DEFAULTS.fieldManagerPrefix;
    const nodes = TerraformIterator.fromList(props.nodeNames as string[]);
    const metadata = { name: nodes.value as string };
    this.labels = new Labels(this, "Labels", {
      forEach: nodes,
      apiVersion: "v1",
      kind: "Node",
      metadata,
      labels: { "node.longhorn.io/create-default-disk": "config" },
      fieldManager: `${fieldManager}-label`,
      dependsOn: props.dependsOn,
    });
    this.annotations = new Annotations(this, "Annotations", {
      forEach: nodes,
      apiVersion: "v1",
      kind: "Node",
      metadata,
      annotations: {
        "node.longhorn.io/default-disks-config": this.disksConfig,
        "node.longhorn.io/default-node-tags": nodeTags,
      },
      fieldManager: `${fieldManager}-annotations`,
      dependsOn: props.dependsOn,
    });
  }

  private validate(props: LonghornStorageNodesProps): void {
    const issues = new PropIssues();
    if (!isListToken(props.nodeNames)) {
      if (props.nodeNames.length === 0) issues.add("nodeNames: must list at least one node (got [])");
      props.nodeNames.forEach((n, i) => issues.check(`nodeNames[${i}]`, n, dnsSubdomain));
      for (const n of concreteDuplicates(props.nodeNames)) issues.add(`nodeNames: ${describeValue(n)} is listed twice`);
    }
    if (props.disks.length === 0) issues.add("disks: must list at least one disk (got [])");
    props.disks.forEach((d, i) => {
      issues.check(`disks[${i}].name`, d.name, dnsLabel());
      if (!d.path.startsWith("/")) issues.bad(`disks[${i}].path`, d.path, "must be an absolute path");
      if (d.storageReserved !== undefined && (!Number.isInteger(d.storageReserved) || d.storageReserved < 0)) {
        issues.bad(`disks[${i}].storageReserved`, d.storageReserved, "must be a whole number of bytes >= 0");
      }
      issues.check(`disks[${i}].tags`, d.tags, longhornTags);
    });
    for (const n of concreteDuplicates(props.disks.map((d) => d.name)))
      issues.add(`disks: disk name ${describeValue(n)} is used twice (Longhorn would ignore the whole annotation)`);
    for (const p of concreteDuplicates(props.disks.map((d) => d.path.replace(/\/+$/, ""))))
      issues.add(`disks: path ${describeValue(p)} is used twice`);
    issues.check("nodeTags", props.nodeTags, longhornTags);
    // 116 characters leave room for "-annotations" within the 128 of a field manager.
    if (props.fieldManagerPrefix !== undefined && !isFieldManager(props.fieldManagerPrefix, 116)) {
      issues.bad("fieldManagerPrefix", props.fieldManagerPrefix, "must be 1-116 letters, digits, '-', '_' or '.'");
    }
    issues.throwIfAny(`${this.node.path} props`);
  }
}

/** The values listed more than once, tokens aside (two tokens may or may not be the same value). */
function concreteDuplicates(values: readonly string[]): string[] {
  return duplicates(values.filter((v) => !isUnresolved(v)));
}
