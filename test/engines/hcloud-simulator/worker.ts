/**
 * Entry point of the simulator's worker thread. The HTTP server lives here so that it keeps
 * answering while the test's thread is blocked (tofu run with `spawnSync`).
 *
 * Messages:
 * - to the parent: `{type: "ready", url, token}`, `{type: "error", message}`, `{type: "log", line}`,
 *   `{type: "closed"}`;
 * - from the parent: `{type: "close"}`;
 * - on the query port (synchronous calls, see index.ts): `{op, seq}` with op `state`, `requests` or
 *   `unsupported`; the answer `{value}` or `{error}` is posted back, then `seq` is stored in the
 *   shared flag and waiters are woken.
 */
import { parentPort, workerData, type MessagePort } from "node:worker_threads";
import { startService } from "./service";
import { snapshot } from "./state";

interface WorkerData {
  readonly queries: MessagePort;
  readonly flag: Int32Array;
  readonly port?: number;
}

const { queries, flag, port } = workerData as WorkerData;
const parent = parentPort as MessagePort;

startService(port, (line) => parent.postMessage({ type: "log", line })).then(
  (service) => {
    queries.on("message", ({ op, seq }: { op: string; seq: number }) => {
      try {
        const value = op === "state" ? snapshot(service.store) : op === "requests" ? service.router.requests : service.router.unsupported;
        queries.postMessage({ value });
      } catch (error) {
        queries.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      }
      Atomics.store(flag, 0, seq);
      Atomics.notify(flag, 0);
    });
    parent.on("message", (message: { type: string }) => {
      if (message.type !== "close") return;
      service.close().then(
        () => parent.postMessage({ type: "closed" }),
        (error: unknown) => parent.postMessage({ type: "closed", error: String(error) }),
      );
    });
    parent.postMessage({ type: "ready", url: service.url, token: service.token });
  },
  (error: unknown) => parent.postMessage({ type: "error", message: String(error) }),
);
