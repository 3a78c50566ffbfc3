/** What every endpoint module exports: routes with a handler each. */
import type { Store } from "./store";

/** A parsed, authenticated request. */
export interface RequestContext {
  readonly store: Store;
  /** Path parameters, e.g. `id` of `/servers/{id}`. */
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /** The JSON body; `{}` when the request has none. */
  readonly body: Record<string, unknown>;
}

/** A successful answer; errors are thrown as `ApiError`s. */
export interface Reply {
  readonly status: number;
  /** JSON body; none for 204. */
  readonly body?: unknown;
}

export type Method = "GET" | "POST" | "PUT" | "DELETE";

/** One endpoint: a method and a path below `/v1`, such as `/servers/{id}/actions/poweron`. */
export interface Route {
  readonly method: Method;
  readonly path: string;
  readonly handler: (ctx: RequestContext) => Reply;
}

/** `200 OK` with a body. */
export function ok(body: unknown): Reply {
  return { status: 200, body };
}

/** `201 Created` with a body. */
export function created(body: unknown): Reply {
  return { status: 201, body };
}

/** `204 No Content`. */
export const noContent: Reply = { status: 204 };
