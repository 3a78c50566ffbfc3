import { z } from "zod";
import { QUANTITY_PATTERN, isUnresolved } from "../validation";

/** CPU and memory of one side (requests or limits), Kubernetes quantities such as `250m` or `512Mi`. */
export interface ResourceAmounts {
  /**
   * CPU, e.g. `250m` or `1`.
   * @default - not set
   */
  readonly cpu?: string;
  /**
   * Memory, e.g. `512Mi` or `1Gi`.
   * @default - not set
   */
  readonly memory?: string;
}

/** Requests and limits of one container, as Kubernetes takes them. */
export interface ContainerResources {
  /**
   * What the scheduler reserves on the node.
   * @default - none
   */
  readonly requests?: ResourceAmounts;
  /**
   * The most the container may use (memory above it is OOM-killed).
   * @default - none
   */
  readonly limits?: ResourceAmounts;
}

/**
 * Defaults of PostgreSQL's containers. Recent Bitnami charts default every container to
 * `resourcesPreset: nano` (a 192Mi memory limit), under which PostgreSQL 17 is OOM-killed under load.
 * These fit the default storage node (cx23: 2 vCPU, 4 GB) next to Redis, the exporters, Longhorn and
 * k3s: at most 1.5Gi + 512Mi + 2 x 128Mi of limits on one node. PostgreSQL requests 1Gi, so that
 * under memory pressure the kubelet evicts others before it. No CPU limit (throttling a database
 * helps nobody; requests still share the CPU fairly).
 */
export const POSTGRESQL_DEFAULT_RESOURCES = {
  primary: { requests: { cpu: "250m", memory: "1Gi" }, limits: { memory: "1536Mi" } },
  readReplicas: { requests: { cpu: "250m", memory: "1Gi" }, limits: { memory: "1536Mi" } },
  metrics: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "128Mi" } },
} as const satisfies Record<string, ContainerResources>;

/** Defaults of Redis's containers; see {@link POSTGRESQL_DEFAULT_RESOURCES}. */
export const REDIS_DEFAULT_RESOURCES = {
  master: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "512Mi" } },
  replica: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "512Mi" } },
  metrics: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "128Mi" } },
} as const satisfies Record<string, ContainerResources>;

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { "": 1, n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/**
 * The value of a Kubernetes quantity (`512Mi` is 536870912, `250m` is 0.25), or undefined when
 * Kubernetes would refuse it as a resource amount: an optional `+`, a number, then one suffix of
 * Ki Mi Gi Ti Pi Ei, n u m k M G T P E, or an exponent (`1e3`); never negative.
 */
export function quantityValue(text: string): number | undefined {
  const m = QUANTITY_PATTERN.exec(text);
  if (!m || m[1] === "-") return undefined;
  const number = Number(m[2]);
  if (m[4] !== undefined) return number * 10 ** Number(m[4]);
  const suffix = m[3];
  return suffix === undefined ? number : number * (BINARY[suffix] ?? DECIMAL[suffix]);
}

const RULE = "must be a Kubernetes quantity such as '250m', '1' (CPU) or '512Mi', '1Gi' (memory)";
const MEMORY_RULE = "must be a whole number of bytes such as '512Mi' or '1Gi' ('512m' would be half a byte)";
const PRESET = "an empty one lets the chart's resourcesPreset (nano: 192Mi) apply";

/**
 * Every problem of `resources` as [path under `prefix`, value, what is allowed]; an amount that is a
 * token is not checked, nor compared with the other side.
 */
export function resourceIssues(prefix: string, resources: ContainerResources): [string, unknown, string][] {
  const issues: [string, unknown, string][] = [];
  if (!resources.requests && !resources.limits) issues.push([prefix, resources, `must set requests or limits: ${PRESET}`]);
  for (const side of ["requests", "limits"] as const) {
    const amounts = resources[side];
    if (!amounts) continue;
    if (Object.keys(amounts).length === 0) issues.push([`${prefix}.${side}`, amounts, `must set cpu or memory: ${PRESET}`]);
    for (const [key, value] of Object.entries(amounts)) {
      const amount = typeof value === "string" ? quantityValue(value) : undefined;
      const at = `${prefix}.${side}.${key}`;
      if (key !== "cpu" && key !== "memory") issues.push([at, value, "is not a resource this project sets (cpu, memory)"]);
      else if (isUnresolved(value))
        continue; // only Terraform knows it
      else if (amount === undefined) issues.push([at, value, RULE]);
      else if (key === "memory" && (!Number.isInteger(amount) || amount < 1)) issues.push([at, value, MEMORY_RULE]);
    }
  }
  for (const key of ["cpu", "memory"] as const) {
    const request = resources.requests?.[key];
    const limit = resources.limits?.[key];
    const [r, l] = [request, limit].map((v) => (typeof v === "string" ? quantityValue(v) : undefined));
    if (r !== undefined && l !== undefined && r > l) {
      issues.push([`${prefix}.requests.${key}`, request, `must not exceed limits.${key} (${limit}): Kubernetes refuses such a pod`]);
    }
  }
  return issues;
}

const amounts = z.strictObject({
  cpu: z.string().optional().describe("CPU, e.g. '250m' or '1'."),
  memory: z.string().optional().describe("Memory, e.g. '512Mi' or '1Gi'."),
});

/** One container's requests and limits in the configuration; checked with {@link resourceIssues}. */
export const containerResourcesSchema = z
  .strictObject({
    requests: amounts.optional().describe("What the scheduler reserves on the node."),
    limits: amounts.optional().describe("The most the container may use."),
  })
  .superRefine(
    (value, ctx) => {
      for (const [path, input, rule] of resourceIssues("", value)) {
        ctx.addIssue({ code: "custom", path: path.split(".").filter(Boolean), input, message: rule });
      }
    },
    // Only once the shape is right: an unknown key is reported once, not again as an empty side.
    { when: (payload) => payload.issues.length === 0 },
  );

/**
 * The `resources` section of a database in the configuration: one optional {@link containerResourcesSchema}
 * per container the defaults name (the containers of a chart are the keys of its `*_DEFAULT_RESOURCES`).
 */
export function resourcesByContainerSchema<C extends string>(
  defaults: Readonly<Record<C, ContainerResources>>,
  notes: Readonly<Partial<Record<C, string>>> = {} as Partial<Record<C, string>>,
) {
  const shape = Object.fromEntries(
    Object.keys(defaults).map((c) => {
      const note = notes[c as C];
      return [c, note ? containerResourcesSchema.optional().describe(note) : containerResourcesSchema.optional()];
    }),
  );
  return z
    .strictObject(shape as Record<C, z.ZodOptional<typeof containerResourcesSchema>>)
    .optional()
    .describe("Requests and limits per container (a container given replaces its default whole); defaults fit a cx23 storage node.");
}

/** Each component's resources: the given ones, the defaults for the others (a component is replaced whole). */
export function withDefaultResources<C extends string>(
  defaults: Readonly<Record<C, ContainerResources>>,
  given: Readonly<Partial<Record<C, ContainerResources>>> | undefined,
): Record<C, ContainerResources> {
  return Object.fromEntries(Object.entries(defaults).map(([c, d]) => [c, given?.[c as C] ?? d])) as Record<C, ContainerResources>;
}
