import { Construct } from "constructs";
import { SPREAD_GROUP_LIMIT, spreadGroupNames } from "./catalog";
import { ValidationError, describeValue } from "../validation";
import { PlacementGroup } from "../providers/hcloud/placement-group";

export { SPREAD_GROUP_LIMIT };

/** Props of {@link SpreadPlacementGroups}. */
export interface SpreadPlacementGroupsProps {
  /** Name of the first group; the second is `<name>-2`, the third `<name>-3`, ... */
  readonly name: string;
  /** Number of servers to place (at least 1). */
  readonly servers: number;
  /**
   * Hetzner labels of the groups.
   * @default {}
   */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * Spread placement groups for a set of servers, so that no two of them share
 * a physical host: one group per 10 servers (Hetzner's limit per group).
 */
export class SpreadPlacementGroups extends Construct {
  /** The groups, in order. */
  public readonly groups: readonly PlacementGroup[];

  constructor(scope: Construct, id: string, props: SpreadPlacementGroupsProps) {
    super(scope, id);
    if (!Number.isInteger(props.servers) || props.servers < 1) {
      throw new ValidationError(`${this.node.path} props`, [`servers: must be a whole number >= 1 (got ${describeValue(props.servers)})`]);
    }
    this.groups = spreadGroupNames(props.name, props.servers).map(
      (name) => new PlacementGroup(this, name, { name, type: "spread", labels: { ...props.labels } }),
    );
  }

  /** The group of server `index` (0-based). */
  public groupFor(index: number): PlacementGroup {
    const group = this.groups[Math.floor(index / SPREAD_GROUP_LIMIT)];
    if (!group) throw new RangeError(`server index ${index} is outside the ${this.groups.length * SPREAD_GROUP_LIMIT} places`);
    return group;
  }
}
