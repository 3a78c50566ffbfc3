/**
 * Placement groups: `POST/GET /placement_groups`, `GET/PUT/DELETE /placement_groups/{id}`.
 *
 * Only type `spread` exists (`invalid_input` otherwise); names are unique. A spread group holds at
 * most {@link SPREAD_GROUP_LIMIT} servers: the 11th (at server creation or through
 * `add_to_placement_group`) is refused with 422 `placement_group_member_limit_reached`, "placement
 * group with ID <id> contains already 10 servers", as the API answered in 2025 (hcloud provider issue
 * #1170; older answers used `service_error` with the same message).
 *
 * Membership lives on the server; the group's `servers` list is derived from it. Deleting a group that
 * still holds servers is not modeled (501): the API reference does not say what happens.
 */
import { NotModeledError, invalidInput, operationError } from "./errors";
import { assertUniqueName, labelsField, onlyModeledFields, requiredName, stringField } from "./input";
import { equals, oneOf } from "./listing";
import { resourceFamily } from "./resources";
import { created, type Reply, type RequestContext, type Route } from "./route";
import type { PlacementGroupRecord, Store } from "./store";

/** Servers a spread placement group can hold. */
export const SPREAD_GROUP_LIMIT = 10;

/** Ids of the servers in the group. */
export function groupMembers(store: Store, groupId: number): number[] {
  return [...store.servers.values()].filter((s) => s.placementGroup === groupId).map((s) => s.id);
}

/** Refuses to add one more server to a full group. */
export function assertRoomInGroup(store: Store, group: PlacementGroupRecord): void {
  if (groupMembers(store, group.id).length >= SPREAD_GROUP_LIMIT) {
    throw operationError(
      "placement_group_member_limit_reached",
      `placement group with ID ${group.id} contains already ${SPREAD_GROUP_LIMIT} servers`,
    );
  }
}

export function groupJson(store: Store, group: PlacementGroupRecord): Record<string, unknown> {
  return { ...group, labels: { ...group.labels }, servers: groupMembers(store, group.id) };
}

const placementGroups = resourceFamily<PlacementGroupRecord>({
  key: "placement_groups",
  singular: "placement_group",
  what: "placement group",
  items: (store) => store.placementGroups,
  render: (group, store) => groupJson(store, group),
  filters: { name: equals("name"), type: oneOf("type") },
});

function createGroup(ctx: RequestContext): Reply {
  const { body, store } = ctx;
  onlyModeledFields(body, ["name", "labels", "type"], "POST /placement_groups");
  const name = requiredName(body);
  if (stringField(body, "type", true) !== "spread") throw invalidInput("type", "must be spread");
  const labels = labelsField(body);
  assertUniqueName(store.placementGroups.values(), name, "placement group");
  const group: PlacementGroupRecord = { id: store.nextId("placement_group"), name, type: "spread", labels, created: store.now() };
  store.placementGroups.set(group.id, group);
  return created({ placement_group: groupJson(store, group), action: null });
}

export const placementGroupRoutes: Route[] = placementGroups.routes({
  create: createGroup,
  remove: (group, ctx) => {
    if (groupMembers(ctx.store, group.id).length > 0) throw new NotModeledError("deleting a placement group that still holds servers");
  },
});
