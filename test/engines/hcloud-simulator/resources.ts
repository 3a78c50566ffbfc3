/**
 * Route builders shared by the endpoint modules, for what every collection answers alike:
 * - {@link readRoutes}: `GET /<key>` (a list reply, see listing.ts) and `GET /<key>/{id}`
 *   (`not_found` for an unknown id); the catalog's fixed collections have only these.
 * - {@link resourceFamily}: a kind of resource kept in the store. Its `routes()` add `POST /<key>`
 *   (the module's own handler), `PUT /<key>/{id}` (`name` and `labels`, see `applyNameAndLabels`,
 *   plus the fields the module models) and `DELETE /<key>/{id}` (423 `protected` while the record's
 *   delete protection is on, then the module's own checks; 204). Its `action()` is one
 *   `POST /<key>/{id}/actions/<name>` answering 201 with one action.
 */
import { protectedError } from "./errors";
import { applyNameAndLabels, mustGet, onlyModeledFields, pathId } from "./input";
import { listReply, type Filter } from "./listing";
import { created, noContent, ok, type Reply, type RequestContext, type Route } from "./route";
import type { ActionRecord, Labels, Store } from "./store";

/** A collection answered by `GET /<key>` and `GET /<key>/{id}`. */
export interface Collection<T extends { id: number }> {
  /** Path segment and list key, e.g. `load_balancers`. */
  readonly key: string;
  /** Key of one item in a reply, e.g. `load_balancer`; also the resource type in actions. */
  readonly singular: string;
  /** What `not_found` names, e.g. `load balancer`; `singular` when omitted. */
  readonly what?: string;
  /** The items by id. */
  readonly items: (store: Store) => ReadonlyMap<number, T>;
  /** The item as the API renders it. */
  readonly render: (item: T, store: Store) => Record<string, unknown>;
  /** The filters the list models (see listing.ts); none when omitted. */
  readonly filters?: Record<string, Filter>;
}

/** The item of the path's `{id}`, or `not_found`. */
function findItem<T extends { id: number }>(collection: Collection<T>, ctx: RequestContext): T {
  const what = collection.what ?? collection.singular;
  return mustGet(collection.items(ctx.store), pathId(ctx, what), what);
}

/** `GET /<key>` and `GET /<key>/{id}`. */
export function readRoutes<T extends { id: number }>(collection: Collection<T>): Route[] {
  const { key, singular, render, filters } = collection;
  return [
    {
      method: "GET",
      path: `/${key}`,
      handler: (ctx) =>
        listReply(
          ctx,
          key,
          [...collection.items(ctx.store).values()].map((item) => render(item, ctx.store)),
          filters,
        ),
    },
    { method: "GET", path: `/${key}/{id}`, handler: (ctx) => ok({ [singular]: render(findItem(collection, ctx), ctx.store) }) },
  ];
}

/** What every resource kept in the store has; delete protection only some. */
export interface StoreResource {
  id: number;
  name: string;
  labels: Labels;
  protection?: { delete: boolean };
}

/** A kind of resource kept in the store: a collection whose records can change and go. */
export interface FamilySpec<T extends StoreResource> extends Collection<T> {
  readonly what: string;
  readonly items: (store: Store) => Map<number, T>;
}

/** What a family's create, update and delete endpoints do beyond the common part. */
export interface FamilyRoutes<T extends StoreResource> {
  /** `POST /<key>`. */
  readonly create: (ctx: RequestContext) => Reply;
  /** Whether `PUT` accepts a new name; any non-empty one when omitted. */
  readonly validName?: (name: string) => boolean;
  /** Fields `PUT` models besides `name` and `labels`, applied by `apply` after those two. */
  readonly update?: { readonly fields: readonly string[]; readonly apply: (record: T, ctx: RequestContext) => void };
  /**
   * `DELETE`'s own checks and side effects, run after the protection check and before the record
   * goes; a reply it returns is answered instead of 204.
   */
  readonly remove?: (record: T, ctx: RequestContext) => Reply | void;
}

/** The endpoints of one kind of resource kept in the store. */
export interface ResourceFamily<T extends StoreResource> {
  /** The record of the path's `{id}`, or `not_found`. */
  get(ctx: RequestContext): T;
  /** `GET /<key>`, `POST /<key>`, `GET/PUT/DELETE /<key>/{id}`. */
  routes(options: FamilyRoutes<T>): Route[];
  /**
   * `POST /<key>/{id}/actions/<name>`: applies `change` to the record and answers 201 with the action
   * `change` returns, or else with a new `command` action (`name` when omitted) on the record.
   */
  action(name: string, change: (record: T, ctx: RequestContext) => ActionRecord | void, command?: string): Route;
}

export function resourceFamily<T extends StoreResource>(spec: FamilySpec<T>): ResourceFamily<T> {
  const { key, singular, what, items, render } = spec;
  const get = (ctx: RequestContext): T => findItem(spec, ctx);
  return {
    get,
    routes: ({ create, validName, update, remove }) => {
      const [list, read] = readRoutes(spec);
      return [
        list,
        { method: "POST", path: `/${key}`, handler: create },
        read,
        {
          method: "PUT",
          path: `/${key}/{id}`,
          handler: (ctx) => {
            const record = get(ctx);
            onlyModeledFields(ctx.body, ["name", "labels", ...(update?.fields ?? [])], `PUT /${key}/{id}`);
            applyNameAndLabels(ctx.body, record, items(ctx.store).values(), what, validName);
            update?.apply(record, ctx);
            return ok({ [singular]: render(record, ctx.store) });
          },
        },
        {
          method: "DELETE",
          path: `/${key}/{id}`,
          handler: (ctx) => {
            const record = get(ctx);
            if (record.protection?.delete) throw protectedError(`${what} deletion is protected`);
            const reply = remove?.(record, ctx);
            items(ctx.store).delete(record.id);
            return reply ?? noContent;
          },
        },
      ];
    },
    action: (name, change, command = name) => ({
      method: "POST",
      path: `/${key}/{id}/actions/${name}`,
      handler: (ctx) => {
        const record = get(ctx);
        const action = change(record, ctx) ?? ctx.store.action(command, [{ id: record.id, type: singular }]);
        return created({ action });
      },
    }),
  };
}
