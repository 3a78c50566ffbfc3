/**
 * The HTTP front: `/v1` prefix, bearer token (401 `unauthorized` otherwise), JSON bodies (400
 * `json_error` when malformed), dispatch to the endpoint modules, Hetzner's error format, and the
 * request log.
 *
 * A request that matches no modeled endpoint, or that a handler refuses as not modeled, gets 501
 * `not_implemented`, a log line starting with `REFUSED`, and an entry in `unsupported()`. An
 * unexpected exception in a handler gets 500 `server_error` and is logged the same way.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { actionRoutes } from "./actions";
import { catalogRoutes } from "./catalog";
import { ApiError, NotModeledError } from "./errors";
import { firewallRoutes } from "./firewalls";
import { loadBalancerRoutes } from "./load-balancers";
import { networkRoutes } from "./networks";
import { placementGroupRoutes } from "./placement-groups";
import type { Reply, Route } from "./route";
import { serverRoutes } from "./servers";
import { sshKeyRoutes } from "./ssh-keys";
import type { Store } from "./store";
import { volumeRoutes } from "./volumes";

/** Every modeled endpoint. */
export const ROUTES: readonly Route[] = [
  ...actionRoutes,
  ...catalogRoutes,
  ...firewallRoutes,
  ...loadBalancerRoutes,
  ...networkRoutes,
  ...placementGroupRoutes,
  ...serverRoutes,
  ...sshKeyRoutes,
  ...volumeRoutes,
];

/** One line of the request log. */
export interface RequestLogEntry {
  readonly method: string;
  /** Path with query string, as requested (including `/v1`). */
  readonly path: string;
  readonly status: number;
}

interface CompiledRoute {
  readonly route: Route;
  readonly pattern: RegExp;
  readonly names: string[];
}

function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const source = route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return "([^/]+)";
  });
  return { route, pattern: new RegExp(`^${source}$`), names };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** Dispatches requests to the endpoints and keeps the request log. */
export class Router {
  readonly requests: RequestLogEntry[] = [];
  readonly unsupported: string[] = [];
  private readonly routes = ROUTES.map(compile);
  private correlation = 0;

  constructor(
    private readonly store: Store,
    private readonly token: string,
    private readonly log: (line: string) => void,
  ) {}

  /** Answers one HTTP request. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? "GET";
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const raw = await readBody(req);
    let reply: Reply;
    try {
      reply = this.dispatch(method, url, raw, req.headers.authorization);
    } catch (error) {
      reply = this.failure(method, url, error);
    }
    const text = reply.body === undefined ? "" : JSON.stringify(reply.body);
    res.writeHead(reply.status, {
      ...(text ? { "Content-Type": "application/json" } : {}),
      "RateLimit-Limit": "3600",
      "RateLimit-Remaining": "3599",
      "RateLimit-Reset": String(Math.floor(Date.now() / 1000) + 1),
      "X-Correlation-Id": `hcloud-sim-${++this.correlation}`,
    });
    res.end(text);
    const path = url.pathname + url.search;
    this.requests.push({ method, path, status: reply.status });
    this.log(`hcloud-sim: ${method} ${path} -> ${reply.status}`);
  }

  private dispatch(method: string, url: URL, raw: string, authorization: string | undefined): Reply {
    if (authorization !== `Bearer ${this.token}`) throw new ApiError(401, "unauthorized", "unable to authenticate");
    if (!url.pathname.startsWith("/v1/")) throw new NotModeledError(`${method} ${url.pathname} (outside /v1)`);
    const path = url.pathname.slice("/v1".length);
    let body: Record<string, unknown> = {};
    if (raw.trim() !== "") {
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch {
        throw new ApiError(400, "json_error", "invalid JSON input in the request body");
      }
      if (parsed !== null && (typeof parsed !== "object" || Array.isArray(parsed))) {
        throw new ApiError(400, "json_error", "the request body must be a JSON object");
      }
      body = (parsed ?? {}) as Record<string, unknown>;
    }
    for (const { route, pattern, names } of this.routes) {
      if (route.method !== method) continue;
      const match = pattern.exec(path);
      if (!match) continue;
      const params = Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1])]));
      return route.handler({ store: this.store, params, query: url.searchParams, body });
    }
    throw new NotModeledError(`endpoint ${method} ${path}`);
  }

  private failure(method: string, url: URL, error: unknown): Reply {
    if (error instanceof NotModeledError) {
      const entry = `${method} ${url.pathname}${url.search}: ${error.message}`;
      this.unsupported.push(entry);
      this.log(`hcloud-sim: REFUSED ${entry}`);
      return { status: error.status, body: error.body() };
    }
    if (error instanceof ApiError) return { status: error.status, body: error.body() };
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    this.log(`hcloud-sim: REFUSED ${method} ${url.pathname}${url.search}: internal error: ${message}`);
    this.unsupported.push(`${method} ${url.pathname}${url.search}: internal error: ${message}`);
    return { status: 500, body: new ApiError(500, "server_error", "hcloud simulator: internal error").body() };
  }
}
