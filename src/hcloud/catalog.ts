import { z } from "zod";
import { FieldIssue, problemRule } from "../validation/hcloud";
import { isUnresolved } from "../validation/tokens";

/**
 * What Hetzner Cloud sells today, as far as this project validates it: server
 * types that can be ordered, retired types with their replacement, locations
 * and their network zones, and the private interface name by server type.
 *
 * Checked 2026-01: cx11-cx51 were removed in 2024; cx22-cx52 and cpx11-cpx51
 * can no longer be ordered since 2026-01.
 */

/** A Hetzner network zone. */
export type NetworkZone = "eu-central" | "us-east" | "us-west" | "ap-southeast";

/** Locations and the network zone each belongs to. */
export const LOCATIONS: Readonly<Record<string, NetworkZone>> = {
  fsn1: "eu-central",
  nbg1: "eu-central",
  hel1: "eu-central",
  ash: "us-east",
  hil: "us-west",
  sin: "ap-southeast",
};

/** The network zones, in a stable order. */
export const NETWORK_ZONES: readonly NetworkZone[] = ["eu-central", "us-east", "us-west", "ap-southeast"];

/** A server type that can be ordered. */
export interface ServerTypeInfo {
  /** CPU architecture of the type. */
  readonly arch: "x86" | "arm";
  /** Network zones where the type is sold. */
  readonly zones: readonly NetworkZone[];
}

const EU: readonly NetworkZone[] = ["eu-central"];
const ALL: readonly NetworkZone[] = NETWORK_ZONES;

/** Server types that can be ordered today. */
export const SERVER_TYPES: Readonly<Record<string, ServerTypeInfo>> = {
  // Cost-optimized Intel (EU only).
  cx23: { arch: "x86", zones: EU },
  cx33: { arch: "x86", zones: EU },
  cx43: { arch: "x86", zones: EU },
  cx53: { arch: "x86", zones: EU },
  // Regular AMD.
  cpx12: { arch: "x86", zones: ALL },
  cpx22: { arch: "x86", zones: ALL },
  cpx32: { arch: "x86", zones: ALL },
  cpx42: { arch: "x86", zones: ALL },
  cpx52: { arch: "x86", zones: ALL },
  cpx62: { arch: "x86", zones: ALL },
  // Arm (Ampere, EU only).
  cax11: { arch: "arm", zones: EU },
  cax21: { arch: "arm", zones: EU },
  cax31: { arch: "arm", zones: EU },
  cax41: { arch: "arm", zones: EU },
  // Dedicated vCPU.
  ccx13: { arch: "x86", zones: ALL },
  ccx23: { arch: "x86", zones: ALL },
  ccx33: { arch: "x86", zones: ALL },
  ccx43: { arch: "x86", zones: ALL },
  ccx53: { arch: "x86", zones: ALL },
  ccx63: { arch: "x86", zones: ALL },
};

/** Server types that can no longer be ordered, with the current type of the same class. */
export const RETIRED_SERVER_TYPES: Readonly<Record<string, { readonly replacement: string; readonly since: string }>> = {
  cx11: { replacement: "cx23", since: "removed in 2024" },
  cx21: { replacement: "cx23", since: "removed in 2024" },
  cx31: { replacement: "cx33", since: "removed in 2024" },
  cx41: { replacement: "cx43", since: "removed in 2024" },
  cx51: { replacement: "cx53", since: "removed in 2024" },
  cx22: { replacement: "cx23", since: "no longer orderable since 2026-01" },
  cx32: { replacement: "cx33", since: "no longer orderable since 2026-01" },
  cx42: { replacement: "cx43", since: "no longer orderable since 2026-01" },
  cx52: { replacement: "cx53", since: "no longer orderable since 2026-01" },
  cpx11: { replacement: "cpx12", since: "no longer orderable since 2026-01" },
  cpx21: { replacement: "cpx22", since: "no longer orderable since 2026-01" },
  cpx31: { replacement: "cpx32", since: "no longer orderable since 2026-01" },
  cpx41: { replacement: "cpx42", since: "no longer orderable since 2026-01" },
  cpx51: { replacement: "cpx52", since: "no longer orderable since 2026-01" },
  ccx11: { replacement: "ccx13", since: "retired" },
  ccx21: { replacement: "ccx23", since: "retired" },
  ccx31: { replacement: "ccx33", since: "retired" },
  ccx41: { replacement: "ccx43", since: "retired" },
  ccx51: { replacement: "ccx53", since: "retired" },
  ccx12: { replacement: "ccx13", since: "retired" },
  ccx22: { replacement: "ccx23", since: "retired" },
  ccx32: { replacement: "ccx33", since: "retired" },
  ccx42: { replacement: "ccx43", since: "retired" },
  ccx52: { replacement: "ccx53", since: "retired" },
  ccx62: { replacement: "ccx63", since: "retired" },
};

/** Why a server type cannot be used, or undefined when it can. */
export function serverTypeProblem(serverType: string): string | undefined {
  if (serverType in SERVER_TYPES) return undefined;
  const retired = RETIRED_SERVER_TYPES[serverType];
  if (retired) return `server type '${serverType}' was ${retired.since}; use '${retired.replacement}' instead`;
  return `must be a server type Hetzner sells today: ${Object.keys(SERVER_TYPES).join(", ")}`;
}

/** Why a location cannot be used, or undefined when it can. */
export function locationProblem(location: string): string | undefined {
  return location in LOCATIONS ? undefined : `must be a Hetzner location: ${Object.keys(LOCATIONS).join(", ")}`;
}

/** Why a (valid) server type cannot run in a (valid) location, or undefined. */
export function availabilityProblem(serverType: string, location: string): string | undefined {
  const info = SERVER_TYPES[serverType];
  const zone = LOCATIONS[location];
  if (!info || !zone || info.zones.includes(zone)) return undefined;
  return `server type '${serverType}' is not sold in ${location} (${zone}); it is available in ${info.zones.join(", ")}`;
}

/**
 * Name of the private network interface of a server type: `ens10` on the old
 * cx*1 / ccx*1 generations, `enp7s0` on every current type.
 */
export function privateInterfaceFor(serverType: string): string {
  return /^c?cx\d1$/.test(serverType) ? "ens10" : "enp7s0";
}

/**
 * Problems of running `serverType` in `location` on a network in `networkZone` (each path `location` or
 * `serverType`); values that are tokens, or not a server type or location at all, are skipped.
 */
export function placementProblems(serverType: string, location: string, networkZone: string): FieldIssue[] {
  const found: FieldIssue[] = [];
  const zone = isUnresolved(location) ? undefined : LOCATIONS[location];
  // A network zone Hetzner does not have is reported on its own: one mistake, one message.
  if (zone && (NETWORK_ZONES as readonly string[]).includes(networkZone) && zone !== networkZone) {
    found.push({
      path: ["location"],
      input: location,
      message: `is in network zone ${zone}, but the private network is in ${networkZone}`,
    });
  }
  const problem = !isUnresolved(serverType) && zone !== undefined && availabilityProblem(serverType, location);
  if (problem) found.push({ path: ["serverType"], input: serverType, message: problem });
  return found;
}

/**
 * Problems of running `serverType` in `location` on a network in `networkZone`,
 * as `serverType: ...` / `location: ...` lines for a ValidationError.
 * @deprecated since 0.6.0: use {@link placementProblems}, which skips tokens
 */
export function placementIssues(serverType: string, location: string, networkZone: string): string[] {
  const issues: string[] = [];
  const where = `(got ${JSON.stringify(location)})`;
  const zone = LOCATIONS[location];
  if (zone && zone !== networkZone)
    issues.push(`location: is in network zone ${zone}, but the private network is in ${networkZone} ${where}`);
  const problem = availabilityProblem(serverType, location);
  if (problem) issues.push(`serverType: ${problem} (got ${JSON.stringify(serverType)})`);
  return issues;
}

/** Hetzner puts at most this many servers in one spread placement group. */
export const SPREAD_GROUP_LIMIT = 10;

/**
 * Names of the spread placement groups of `servers` servers, one per
 * {@link SPREAD_GROUP_LIMIT}: `name`, then `name-2`, `name-3`, ... A group's name
 * depends only on its position, never on the number of servers: growing a pool
 * past a multiple of 10 adds a group and leaves every existing server in its own
 * (Hetzner moves no running server between groups).
 */
export function spreadGroupNames(name: string, servers: number): string[] {
  const count = Math.ceil(servers / SPREAD_GROUP_LIMIT);
  return Array.from({ length: count }, (_, g) => (g === 0 ? name : `${name}-${g + 1}`));
}

/** A Hetzner server type that can be ordered today; a retired type is refused with its replacement. */
export const hetznerServerType = problemRule(serverTypeProblem);

/** A Hetzner location such as `nbg1`. */
export const hetznerLocation = problemRule(locationProblem);

/** A Hetzner network zone. */
export const hetznerNetworkZone = z.enum(NETWORK_ZONES as [NetworkZone, ...NetworkZone[]], {
  message: `must be a Hetzner network zone: ${NETWORK_ZONES.join(", ")}`,
});
