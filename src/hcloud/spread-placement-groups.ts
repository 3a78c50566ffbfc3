import { Construct } from "constructs";
import { z } from "zod";
import { SPREAD_GROUP_LIMIT, spreadGroupNames } from "./catalog";
import { PropIssues } from "../validation";
import { PlacementGroup } from "../providers/hcloud/placement-group";

export { SPREAD_GROUP_LIMIT };

/** Props of {@link SpreadPlacementGroups}. */
export interface SpreadPlacementGroupsProps {
  /**
   * Name of the first group; the second is `<name>-2`, the third `<name>-3`, ... Must be known at synth
   * time: it is also the construct id of each group, so its Terraform address.
   */
  readonly name: string;
  /** Number of servers to place (at least 1). Must be known at synth time: it decides how many groups exist. */
  readonly servers: number;
  /**
   * Hetzner labels of the groups.
   * @default {}
   */
  readonly labels?: Readonly<Record<string, string>>;
}

/** The defaults of {@link SpreadPlacementGroupsProps}. */
export const SPREAD_PLACEMENT_GROUPS_DEFAULTS = { labels: {} } as const satisfies Partial<SpreadPlacementGroupsProps>;

/** A number of servers to place: at least one. */
const SERVERS = z.number().int().min(1);

/**
 * Spread placement groups for a set of servers, so that no two of them share
 * a physical host: one group per 10 servers (Hetzner's limit per group).
 */
export class SpreadPlacementGroups extends Construct {
  /** The groups, in order. */
  public readonly groups: readonly PlacementGroup[];

  constructor(scope: Construct, id: string, props: SpreadPlacementGroupsProps) {
    super(scope, id);
    const issues = new PropIssues();
    issues.known("name", props.name, "it names the groups' construct ids, so their Terraform addresses");
    issues.known("servers", props.servers, "it decides how many groups exist");
    issues.check("servers", props.servers, SERVERS);
    issues.throwIfAny(`${this.node.path} props`);
    const labels = props.labels ?? SPREAD_PLACEMENT_GROUPS_DEFAULTS.labels;
    this.groups = spreadGroupNames(props.name, props.servers).map(
      (name) => new PlacementGroup(this, name, { name, type: "spread", labels: { ...labels } }),
    );
  }

  /**
   * The group of server `index` (0-based).
   * @throws ValidationError when `index` is a token or not a place of the groups (0 to 10 per group - 1)
   */
  public groupFor(index: number): PlacementGroup {
    const issues = new PropIssues();
    issues.known("index", index, "it picks one of the groups");
    issues.check(
      "index",
      index,
      z
        .number()
        .int()
        .min(0)
        .max(this.groups.length * SPREAD_GROUP_LIMIT - 1),
    );
    issues.throwIfAny(`${this.node.path} groupFor`);
    return this.groups[Math.floor(index / SPREAD_GROUP_LIMIT)];
  }
}
