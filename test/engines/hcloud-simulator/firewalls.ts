/**
 * Firewalls: `POST/GET /firewalls`, `GET/PUT/DELETE /firewalls/{id}`, actions `set_rules`,
 * `apply_to_resources`, `remove_from_resources`.
 *
 * - Rules: direction `in` (needs `source_ips`, no `destination_ips`) or `out` (the reverse); protocol
 *   tcp/udp (need `port`: a port, a range `a-b` or `any`) or icmp/esp/gre (no port); IPs are IPv4/IPv6
 *   CIDRs; at most 50 rules. Violations answer `invalid_input`.
 * - Applied only to servers (`{type: "server", server: {id}}`), which must have a public interface
 *   (`private_net_only_server`) and exist (`firewall_resource_not_found`, 404). Applying twice answers
 *   `firewall_already_applied`, removing from a server it is not applied to `firewall_already_removed`.
 *   A server takes at most 5 firewalls (`resource_limit_exceeded`). The server shows it in
 *   `public_net.firewalls` with status `applied`.
 * - A firewall still applied to a server cannot be deleted (`resource_in_use`); deleting a server
 *   removes it from its firewalls.
 *
 * Refused (501): label selectors in `apply_to`/`remove_from`.
 */
import { NotModeledError, invalidInput, limitExceeded, operationError } from "./errors";
import { isCidr } from "./ip";
import { assertUniqueName, labelsField, listField, onlyModeledFields, stringField } from "./input";
import { equals } from "./listing";
import { resourceFamily } from "./resources";
import { created, type Reply, type RequestContext, type Route } from "./route";
import type { ActionRecord, FirewallRecord, FirewallRuleRecord, Store } from "./store";

/** Firewalls a server can have. */
const FIREWALLS_PER_SERVER = 5;
const RULES_PER_FIREWALL = 50;

/** The firewall as the API renders it. */
function firewallJson(firewall: FirewallRecord): Record<string, unknown> {
  return {
    id: firewall.id,
    name: firewall.name,
    labels: { ...firewall.labels },
    created: firewall.created,
    rules: firewall.rules.map((r) => ({
      direction: r.direction,
      source_ips: [...r.sourceIps],
      destination_ips: [...r.destinationIps],
      protocol: r.protocol,
      port: r.port,
      description: r.description,
    })),
    applied_to: firewall.appliedTo.map((id) => ({ type: "server", server: { id } })),
  };
}

/** Firewalls applied to a server, by id. */
export function firewallsOf(store: Store, serverId: number): number[] {
  return [...store.firewalls.values()].filter((f) => f.appliedTo.includes(serverId)).map((f) => f.id);
}

function ipList(rule: Record<string, unknown>, field: string): string[] {
  const list = listField(rule, field) ?? [];
  for (const ip of list) {
    if (typeof ip !== "string" || !isCidr(ip)) throw invalidInput("rules", `${field}: '${String(ip)}' is not a valid CIDR`);
  }
  return list as string[];
}

/** Validates the `rules` of a request. */
function parseRules(raw: unknown[] | undefined): FirewallRuleRecord[] {
  const rules = (raw ?? []).map((item): FirewallRuleRecord => {
    const rule = item as Record<string, unknown>;
    onlyModeledFields(rule, ["direction", "source_ips", "destination_ips", "protocol", "port", "description"], "a firewall rule");
    const direction = stringField(rule, "direction", true);
    if (direction !== "in" && direction !== "out") throw invalidInput("rules", "direction must be in or out");
    const protocol = stringField(rule, "protocol", true);
    if (!["tcp", "udp", "icmp", "esp", "gre"].includes(protocol)) throw invalidInput("rules", `unknown protocol '${protocol}'`);
    const port = stringField(rule, "port") ?? null;
    if (protocol === "tcp" || protocol === "udp") {
      const range = port === null ? null : /^(\d+)(?:-(\d+))?$/.exec(port);
      const valid =
        port === "any" ||
        (range !== null &&
          Number(range[1]) >= 1 &&
          Number(range[2] ?? range[1]) <= 65535 &&
          Number(range[1]) <= Number(range[2] ?? range[1]));
      if (!valid) throw invalidInput("rules", `port is required for ${protocol} and must be a port, a range or any`);
    } else if (port !== null) {
      throw invalidInput("rules", `port is not allowed for ${protocol}`);
    }
    const sourceIps = ipList(rule, "source_ips");
    const destinationIps = ipList(rule, "destination_ips");
    if (direction === "in" && (sourceIps.length === 0 || destinationIps.length > 0)) {
      throw invalidInput("rules", "an incoming rule needs source_ips and no destination_ips");
    }
    if (direction === "out" && (destinationIps.length === 0 || sourceIps.length > 0)) {
      throw invalidInput("rules", "an outgoing rule needs destination_ips and no source_ips");
    }
    const description = stringField(rule, "description") ?? null;
    if (description !== null && description.length > 255) throw invalidInput("rules", "description is longer than 255 characters");
    return { direction, protocol, port, sourceIps, destinationIps, description };
  });
  if (rules.length > RULES_PER_FIREWALL) throw invalidInput("rules", `at most ${RULES_PER_FIREWALL} rules`);
  return rules;
}

/** Server ids of `apply_to` / `remove_from` resources. */
function resourceServers(raw: unknown[] | undefined): number[] {
  return (raw ?? []).map((item) => {
    const resource = item as Record<string, unknown>;
    if (resource.type === "label_selector") throw new NotModeledError("firewall resources of type label_selector");
    const server = resource.server as { id?: unknown } | undefined;
    if (resource.type !== "server" || typeof server?.id !== "number")
      throw invalidInput("apply_to", "resources must be {type: server, server: {id}}");
    return server.id;
  });
}

/** Applies the firewall to a server, with the API's checks. Used at server creation too. */
export function applyFirewall(store: Store, firewall: FirewallRecord, serverId: number): void {
  const server = store.servers.get(serverId);
  if (!server) throw operationError("firewall_resource_not_found", `server ${serverId} not found`, 404);
  if (firewall.appliedTo.includes(serverId)) {
    throw operationError("firewall_already_applied", `firewall ${firewall.id} is already applied to server ${serverId}`);
  }
  if (!server.publicIpv4 && !server.publicIpv6)
    throw operationError("private_net_only_server", `server ${serverId} has no public interface`);
  if (firewallsOf(store, serverId).length >= FIREWALLS_PER_SERVER) {
    throw limitExceeded(`server ${serverId} already has ${FIREWALLS_PER_SERVER} firewalls`, "firewalls_per_server");
  }
  firewall.appliedTo.push(serverId);
}

function firewallActions(ctx: RequestContext, command: string, firewall: FirewallRecord, servers: number[]): ActionRecord[] {
  return [ctx.store.action(command, [{ id: firewall.id, type: "firewall" }, ...servers.map((id) => ({ id, type: "server" }))])];
}

const firewalls = resourceFamily<FirewallRecord>({
  key: "firewalls",
  singular: "firewall",
  what: "firewall",
  items: (store) => store.firewalls,
  render: firewallJson,
  filters: { name: equals("name") },
});

/** A firewall action taking the one body field `field`; `change` returns the actions to answer. */
function firewallAction(name: string, field: string, change: (firewall: FirewallRecord, ctx: RequestContext) => ActionRecord[]): Route {
  return {
    method: "POST",
    path: `/firewalls/{id}/actions/${name}`,
    handler: (ctx) => {
      const firewall = firewalls.get(ctx);
      onlyModeledFields(ctx.body, [field], name);
      return created({ actions: change(firewall, ctx) });
    },
  };
}

function createFirewall(ctx: RequestContext): Reply {
  const { body, store } = ctx;
  onlyModeledFields(body, ["name", "labels", "rules", "apply_to"], "POST /firewalls");
  const name = stringField(body, "name", true);
  if (name === "" || name.length > 128) throw invalidInput("name", "must be 1 to 128 characters");
  const labels = labelsField(body);
  const rules = parseRules(listField(body, "rules"));
  const servers = resourceServers(listField(body, "apply_to"));
  assertUniqueName(store.firewalls.values(), name, "firewall");
  if (new Set(servers).size !== servers.length) throw operationError("server_already_added", "a server is applied more than once");
  const firewall: FirewallRecord = { id: 0, name, labels, rules, appliedTo: [], created: store.now() };
  const probe = { ...firewall, appliedTo: [] as number[] };
  for (const id of servers) applyFirewall(store, probe, id);
  firewall.id = store.nextId("firewall");
  firewall.appliedTo = probe.appliedTo;
  store.firewalls.set(firewall.id, firewall);
  const actions = [
    ...(rules.length > 0 ? firewallActions(ctx, "set_firewall_rules", firewall, []) : []),
    ...(servers.length > 0 ? firewallActions(ctx, "apply_firewall", firewall, servers) : []),
  ];
  return created({ firewall: firewallJson(firewall), actions });
}

export const firewallRoutes: Route[] = [
  ...firewalls.routes({
    create: createFirewall,
    validName: (n) => n.length > 0 && n.length <= 128,
    remove: (firewall) => {
      if (firewall.appliedTo.length > 0) throw operationError("resource_in_use", `firewall ${firewall.id} is still applied to a resource`);
    },
  }),
  firewallAction("set_rules", "rules", (firewall, ctx) => {
    if (!Array.isArray(ctx.body.rules)) throw invalidInput("rules", "is required");
    firewall.rules = parseRules(ctx.body.rules);
    return firewallActions(ctx, "set_firewall_rules", firewall, firewall.appliedTo);
  }),
  firewallAction("apply_to_resources", "apply_to", (firewall, ctx) => {
    const servers = resourceServers(listField(ctx.body, "apply_to"));
    const probe = { ...firewall, appliedTo: [...firewall.appliedTo] };
    for (const id of servers) applyFirewall(ctx.store, probe, id);
    firewall.appliedTo = probe.appliedTo;
    return firewallActions(ctx, "apply_firewall", firewall, servers);
  }),
  firewallAction("remove_from_resources", "remove_from", (firewall, ctx) => {
    const servers = resourceServers(listField(ctx.body, "remove_from"));
    for (const id of servers) {
      if (!ctx.store.servers.has(id)) throw operationError("firewall_resource_not_found", `server ${id} not found`, 404);
      if (!firewall.appliedTo.includes(id)) {
        throw operationError("firewall_already_removed", `firewall ${firewall.id} is not applied to server ${id}`);
      }
    }
    firewall.appliedTo = firewall.appliedTo.filter((id) => !servers.includes(id));
    return firewallActions(ctx, "remove_firewall", firewall, servers);
  }),
];
