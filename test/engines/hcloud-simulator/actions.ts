/**
 * Actions. Every change the simulator accepts completes at once, so each action is created with
 * status `success` and progress 100; hcloud-go's waiter then has nothing to poll. Actions stay
 * retrievable:
 * - `GET /actions?id=...` (the waiter's polling call; `id` is required since Hetzner removed listing
 *   all actions in January 2025), with `status` and `sort`;
 * - `GET /actions/{id}`.
 *
 * The per-resource action lists (`/servers/{id}/actions`, `/servers/actions`, ...) are not modeled.
 */
import { invalidInput, notFound } from "./errors";
import { pathId } from "./input";
import { listReply, oneOf } from "./listing";
import { ok, type Route } from "./route";
import type { ActionRecord } from "./store";

/** The action as the API renders it. */
export function actionJson(action: ActionRecord): Record<string, unknown> {
  return { ...action, resources: action.resources.map((r) => ({ ...r })) };
}

export const actionRoutes: Route[] = [
  {
    method: "GET",
    path: "/actions",
    handler: (ctx) => {
      const ids = ctx.query.getAll("id");
      if (ids.length === 0) throw invalidInput("id", "is required");
      const wanted = new Set(ids.map(Number));
      const actions = [...ctx.store.actions.values()].filter((a) => wanted.has(a.id)).map(actionJson);
      return listReply(ctx, "actions", actions, { id: () => true, status: oneOf("status") });
    },
  },
  {
    method: "GET",
    path: "/actions/{id}",
    handler: (ctx) => {
      const action = ctx.store.actions.get(pathId(ctx, "action"));
      if (!action) throw notFound("action");
      return ok({ action: actionJson(action) });
    },
  },
];
