/**
 * The HTTP server itself: a store, a router and a node:http server on 127.0.0.1. It runs inside the
 * simulator's worker thread (worker.ts); index.ts is the handle the tests hold.
 */
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Router } from "./router";
import { Store } from "./store";

export interface SimulatorService {
  readonly url: string;
  readonly token: string;
  readonly store: Store;
  readonly router: Router;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 (`port`, or a free one) and answers as the simulated API. */
export function startService(port: number | undefined, log: (line: string) => void): Promise<SimulatorService> {
  const store = new Store();
  const token = randomBytes(32).toString("hex");
  const router = new Router(store, token, log);
  const server = createServer((req, res) => {
    router.handle(req, res).catch((error: unknown) => {
      log(`hcloud-sim: REFUSED ${req.method} ${req.url}: ${String(error)}`);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      const address = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${address.port}/v1`,
        token,
        store,
        router,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            server.closeAllConnections();
          }),
      });
    });
  });
}
