/**
 * A simulated Hetzner Cloud API for the real terraform-provider-hcloud (through its `endpoint`
 * setting, `HCLOUD_ENDPOINT=<url>`), listening on 127.0.0.1. It keeps state for the resources the
 * stacks use (servers, networks and subnets, volumes, firewalls, placement groups, load balancers
 * with services, targets and networks, SSH keys) plus a fixed catalog (locations, data centers,
 * server types, images, load balancer types), applies Hetzner's checks and limits, and answers with
 * Hetzner's JSON shapes and errors. Every action completes at once (`success`).
 *
 * Whatever it does not model it refuses with 501 `not_implemented`, a `REFUSED` log line and an entry
 * in `unsupported()`, rather than faking an answer. See each endpoint module for what is modeled.
 *
 * The server runs in a worker thread, so it keeps answering while the calling thread is blocked,
 * e.g. in `spawnSync("tofu", ...)`. `state()`, `requests()` and `unsupported()` stay synchronous:
 * they wait for the worker's answer with `Atomics.wait`. Log lines reach `options.log` on the calling
 * thread, as soon as it is free again.
 *
 * @example
 * const sim = await startHcloudSimulator();
 * // provider "hcloud" { endpoint = sim.url, token = sim.token, poll_interval = "50ms" }
 * ...
 * expect(sim.unsupported()).toEqual([]);
 * await sim.close();
 */
import * as path from "node:path";
import { MessageChannel, Worker, receiveMessageOnPort } from "node:worker_threads";
import type { RequestLogEntry } from "./router";
import type { SimulatorState } from "./state";

export type { SimulatorState, ServerState, PlacementGroupState, NetworkState, VolumeAttachmentState } from "./state";
export type { RequestLogEntry } from "./router";

export interface HcloudSimulator {
  /** The provider's endpoint, e.g. `http://127.0.0.1:40123/v1`. */
  readonly url: string;
  /** A 64-character token the simulator accepts (`Authorization: Bearer`); others get 401 `unauthorized`. */
  readonly token: string;
  /** Deep copy of all resources, for assertions. */
  state(): SimulatorState;
  /** Log of the requests answered so far. */
  requests(): readonly RequestLogEntry[];
  /** Requests refused because the simulator does not model them (and internal errors). */
  unsupported(): readonly string[];
  /** Stops listening, drops open connections and ends the worker. */
  close(): Promise<void>;
}

export interface HcloudSimulatorOptions {
  /** Port to listen on; a free one when omitted. */
  readonly port?: number;
  /** Receives a line per request and per refusal; by default only refusals go to stderr. */
  readonly log?: (line: string) => void;
}

/** How long a synchronous query waits for the worker. */
const QUERY_TIMEOUT_MS = 30_000;

/** Code of the worker: loads the TypeScript require hook when running from sources, then worker.ts. */
const BOOTSTRAP = `
const { workerData } = require("node:worker_threads");
if (workerData.register) require(workerData.register);
require(workerData.entry);
`;

/** Starts a simulator on 127.0.0.1. */
export function startHcloudSimulator(options: HcloudSimulatorOptions = {}): Promise<HcloudSimulator> {
  const log = options.log ?? ((line: string) => void (line.includes("REFUSED") && process.stderr.write(`${line}\n`)));
  const extension = path.extname(__filename);
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const { port1: queries, port2: workerQueries } = new MessageChannel();
  const worker = new Worker(BOOTSTRAP, {
    eval: true,
    execArgv: [],
    transferList: [workerQueries],
    workerData: {
      entry: path.join(__dirname, `worker${extension}`),
      register: extension === ".ts" ? path.resolve(__dirname, "../../../scripts/register.js") : undefined,
      queries: workerQueries,
      flag,
      port: options.port,
    },
  });
  let seq = 0;
  let closed = false;

  const query = <T>(op: string): T => {
    if (closed) throw new Error(`hcloud simulator: ${op}() after close()`);
    const id = ++seq;
    queries.postMessage({ op, seq: id });
    const deadline = Date.now() + QUERY_TIMEOUT_MS;
    for (let current = Atomics.load(flag, 0); current !== id; current = Atomics.load(flag, 0)) {
      if (Date.now() >= deadline) throw new Error(`hcloud simulator: no answer to ${op}() from the worker`);
      Atomics.wait(flag, 0, current, deadline - Date.now());
    }
    const reply = receiveMessageOnPort(queries)?.message as { value?: T; error?: string } | undefined;
    if (!reply || reply.error !== undefined) throw new Error(`hcloud simulator: ${op}() failed: ${reply?.error ?? "no answer"}`);
    return reply.value as T;
  };

  return new Promise((resolve, reject) => {
    let closing: ((error?: string) => void) | undefined;
    worker.on("error", (error) => reject(error));
    worker.on("message", (message: { type: string; url: string; token: string; line: string; message: string; error?: string }) => {
      switch (message.type) {
        case "log":
          log(message.line);
          break;
        case "error":
          reject(new Error(`hcloud simulator: ${message.message}`));
          void worker.terminate();
          break;
        case "closed":
          closing?.(message.error);
          break;
        case "ready":
          resolve({
            url: message.url,
            token: message.token,
            state: () => query<SimulatorState>("state"),
            requests: () => query<RequestLogEntry[]>("requests"),
            unsupported: () => query<string[]>("unsupported"),
            close: async () => {
              if (closed) return;
              closed = true;
              const error = await new Promise<string | undefined>((done) => {
                closing = done;
                worker.postMessage({ type: "close" });
              });
              queries.close();
              await worker.terminate();
              if (error) throw new Error(`hcloud simulator: close failed: ${error}`);
            },
          });
          break;
      }
    });
  });
}
