/**
 * Networks and their subnets, and the private IPs of servers and load balancers in them.
 *
 * Modeled: `POST/GET /networks`, `GET/PUT/DELETE /networks/{id}`, actions `add_subnet`,
 * `delete_subnet`, `change_ip_range`, `change_protection`.
 * - Network ranges must be RFC 1918 ranges of at least /24 (`invalid_input`); names are unique
 *   (`uniqueness_error`).
 * - Subnets (type `cloud`, or its deprecated alias `server`) lie in the network's range, are at least
 *   /30, do not overlap, and belong to a known network zone; without `ip_range` the first free /24 is
 *   taken. Their gateway is the first IP of the network's range. A subnet holding servers or load
 *   balancers cannot be deleted (`service_error`, "network has attached resources").
 * - `change_ip_range` only extends the range (same first address, shorter prefix).
 * - Deleting a network detaches its servers and load balancers (as Hetzner does); a protected network
 *   is refused (`protected`).
 * - Private IPs: a requested IP must lie in a subnet (in `ip_range` when given) of the resource's
 *   network zone, must not be the subnet's first or last address, the gateway, or used by another
 *   server, alias IP or load balancer (`ip_not_available`). Without one, the first free IP of the
 *   first fitting subnet is taken (`no_subnet_available` when none).
 *
 * Refused (501): routes (`add_route`, `delete_route`, `routes` at creation) and `vswitch` subnets.
 */
import { NotModeledError, invalidInput, notFound, operationError } from "./errors";
import { LOCATIONS } from "./catalog";
import { assertUniqueName, boolField, labelsField, listField, onlyModeledFields, requiredName, stringField } from "./input";
import {
  contains,
  containsRange,
  formatIpv4,
  formatRange,
  isPrivateRange,
  overlaps,
  parseIpv4,
  parseIpv4Cidr,
  rangeSize,
  type Ipv4Range,
} from "./ip";
import { equals } from "./listing";
import { resourceFamily } from "./resources";
import { created, type Reply, type RequestContext, type Route } from "./route";
import type { NetworkRecord, Store, SubnetRecord } from "./store";

const NETWORK_ZONES = [...new Set(LOCATIONS.map((l) => l.networkZone))];

/** The network as the API renders it. */
export function networkJson(store: Store, network: NetworkRecord): Record<string, unknown> {
  return {
    id: network.id,
    name: network.name,
    created: network.created,
    ip_range: network.ipRange,
    subnets: network.subnets.map((s) => ({ type: s.type, ip_range: s.ipRange, network_zone: s.networkZone, gateway: s.gateway })),
    routes: [],
    servers: [...store.servers.values()].filter((s) => s.privateNets.some((p) => p.network === network.id)).map((s) => s.id),
    load_balancers: [...store.loadBalancers.values()]
      .filter((lb) => lb.privateNets.some((p) => p.network === network.id))
      .map((lb) => lb.id),
    protection: { ...network.protection },
    labels: { ...network.labels },
    expose_routes_to_vswitch: network.exposeRoutesToVSwitch,
  };
}

/** Every private IP in use in the network (servers, their alias IPs, load balancers). */
function usedIps(store: Store, networkId: number): Set<number> {
  const used = new Set<number>();
  for (const server of store.servers.values()) {
    for (const net of server.privateNets.filter((p) => p.network === networkId)) {
      for (const ip of [net.ip, ...net.aliasIps]) used.add(parseIpv4(ip) as number);
    }
  }
  for (const lb of store.loadBalancers.values()) {
    for (const net of lb.privateNets.filter((p) => p.network === networkId)) used.add(parseIpv4(net.ip) as number);
  }
  return used;
}

/** Whether the address is one no resource may get: the subnet's first and last, and the gateway. */
function isReserved(network: NetworkRecord, subnet: Ipv4Range, ip: number): boolean {
  const gateway = (parseIpv4Cidr(network.ipRange) as Ipv4Range).base + 1;
  return ip === subnet.base || ip === subnet.base + rangeSize(subnet) - 1 || ip === gateway;
}

/** The subnets servers and load balancers can be attached to. */
function cloudSubnets(network: NetworkRecord): { record: SubnetRecord; range: Ipv4Range }[] {
  return network.subnets
    .filter((s) => s.type === "cloud" || s.type === "server")
    .map((record) => ({ record, range: parseIpv4Cidr(record.ipRange) as Ipv4Range }));
}

/** What a server or load balancer asks for when it attaches to a network. */
export interface AttachRequest {
  readonly ip?: string;
  readonly ipRange?: string;
  readonly aliasIps?: readonly string[];
  /** Only check the alias IPs (`change_alias_ips`): no primary IP is picked. */
  readonly aliasesOnly?: boolean;
}

/**
 * Picks the private IP (and checks the alias IPs) of a server or load balancer in network zone
 * `zone` joining `network`; throws the API's errors when the request cannot be served.
 */
export function allocatePrivateIp(store: Store, network: NetworkRecord, zone: string, request: AttachRequest): string {
  const subnets = cloudSubnets(network);
  let candidates = subnets.filter((s) => s.record.networkZone === zone);
  if (request.ipRange !== undefined) {
    const range = parseIpv4Cidr(request.ipRange);
    if (!range) throw invalidInput("ip_range", "is not a valid IPv4 CIDR");
    const subnet = subnets.find((s) => s.record.ipRange === formatRange(range));
    if (!subnet) throw invalidInput("ip_range", `network ${network.id} has no subnet ${request.ipRange}`);
    if (subnet.record.networkZone !== zone) {
      throw operationError("no_subnet_available", `subnet ${request.ipRange} is in network zone ${subnet.record.networkZone}, not ${zone}`);
    }
    candidates = [subnet];
  }
  const used = usedIps(store, network.id);
  const checkRequested = (field: string, raw: string): number => {
    const ip = parseIpv4(raw);
    if (ip === undefined) throw invalidInput(field, `'${raw}' is not a valid IPv4 address`);
    if (request.ipRange !== undefined && !contains(candidates[0].range, ip)) {
      throw invalidInput(field, `${raw} is not part of ip_range ${request.ipRange}`);
    }
    const subnet = subnets.find((s) => contains(s.range, ip));
    if (!subnet) throw operationError("ip_not_available", `IP ${raw} is not inside a subnet of network ${network.id}`);
    if (subnet.record.networkZone !== zone) {
      throw operationError("ip_not_available", `IP ${raw} is in a subnet of network zone ${subnet.record.networkZone}, not ${zone}`);
    }
    if (isReserved(network, subnet.range, ip)) throw operationError("ip_not_available", `IP ${raw} is reserved in network ${network.id}`);
    if (used.has(ip)) throw operationError("ip_not_available", `IP ${raw} is already used in network ${network.id}`);
    used.add(ip);
    return ip;
  };
  let ip: number | undefined;
  if (request.aliasesOnly) {
    for (const alias of request.aliasIps ?? []) checkRequested("alias_ips", alias);
    return "";
  }
  if (request.ip !== undefined) {
    ip = checkRequested("ip", request.ip);
  } else {
    for (const subnet of candidates) {
      for (let candidate = subnet.range.base + 1; candidate < subnet.range.base + rangeSize(subnet.range) - 1; candidate++) {
        if (!used.has(candidate) && !isReserved(network, subnet.range, candidate)) {
          ip = candidate;
          break;
        }
      }
      if (ip !== undefined) break;
    }
    if (ip === undefined) throw operationError("no_subnet_available", `no free IP in a subnet of network ${network.id} in zone ${zone}`);
    used.add(ip);
  }
  for (const alias of request.aliasIps ?? []) checkRequested("alias_ips", alias);
  return formatIpv4(ip);
}

/** Validates a subnet request against the network and returns the subnet. */
function newSubnet(network: NetworkRecord, input: Record<string, unknown>): SubnetRecord {
  onlyModeledFields(input, ["type", "ip_range", "network_zone"], "a subnet");
  const type = stringField(input, "type", true);
  if (type === "vswitch") throw new NotModeledError("subnets of type vswitch");
  if (type !== "cloud" && type !== "server") throw invalidInput("type", "must be one of cloud, server, vswitch");
  const zone = stringField(input, "network_zone", true);
  if (!NETWORK_ZONES.includes(zone)) throw invalidInput("network_zone", `unknown network zone '${zone}'`);
  const networkRange = parseIpv4Cidr(network.ipRange) as Ipv4Range;
  const taken = network.subnets.map((s) => parseIpv4Cidr(s.ipRange) as Ipv4Range);
  let range: Ipv4Range | undefined;
  const rawRange = stringField(input, "ip_range");
  if (rawRange !== undefined) {
    range = parseIpv4Cidr(rawRange);
    if (!range) throw invalidInput("ip_range", `'${rawRange}' is not a valid IPv4 network`);
    if (range.prefix > 30) throw invalidInput("ip_range", "must be at least a /30");
    if (!containsRange(networkRange, range)) throw invalidInput("ip_range", `must lie in the network's ip_range ${network.ipRange}`);
    const clash = taken.find((t) => overlaps(t, range as Ipv4Range));
    if (clash) throw invalidInput("ip_range", `overlaps with subnet ${formatRange(clash)}`);
  } else {
    for (let base = networkRange.base; base < networkRange.base + rangeSize(networkRange) && !range; base += 256) {
      const candidate = { base, prefix: 24 };
      if (networkRange.prefix <= 24 && !taken.some((t) => overlaps(t, candidate))) range = candidate;
    }
    if (!range) throw operationError("no_subnet_available", `no free /24 left in network ${network.id}`);
  }
  return { type, ipRange: formatRange(range), networkZone: zone, gateway: formatIpv4(networkRange.base + 1) };
}

/** Whether a server or load balancer holds an IP in the subnet. */
function subnetInUse(store: Store, networkId: number, subnet: Ipv4Range): boolean {
  return [...usedIps(store, networkId)].some((ip) => contains(subnet, ip));
}

const networks = resourceFamily<NetworkRecord>({
  key: "networks",
  singular: "network",
  what: "network",
  items: (store) => store.networks,
  render: (network, store) => networkJson(store, network),
  filters: { name: equals("name") },
});

function createNetwork(ctx: RequestContext): Reply {
  const { body, store } = ctx;
  onlyModeledFields(body, ["name", "ip_range", "labels", "subnets", "expose_routes_to_vswitch"], "POST /networks");
  const name = requiredName(body);
  assertUniqueName(store.networks.values(), name, "network");
  const rawRange = stringField(body, "ip_range", true);
  const range = parseIpv4Cidr(rawRange);
  if (!range) throw invalidInput("ip_range", `'${rawRange}' is not a valid IPv4 network`);
  if (!isPrivateRange(range)) throw invalidInput("ip_range", "must be one of the private IPv4 ranges of RFC 1918");
  if (range.prefix > 24) throw invalidInput("ip_range", "must be at least a /24");
  const network: NetworkRecord = {
    id: 0,
    name,
    ipRange: formatRange(range),
    subnets: [],
    labels: labelsField(body),
    protection: { delete: false },
    exposeRoutesToVSwitch: boolField(body, "expose_routes_to_vswitch") ?? false,
    created: store.now(),
  };
  for (const subnet of listField(body, "subnets") ?? []) {
    network.subnets.push(newSubnet(network, subnet as Record<string, unknown>));
  }
  network.id = store.nextId("network");
  store.networks.set(network.id, network);
  return created({ network: networkJson(store, network) });
}

export const networkRoutes: Route[] = [
  ...networks.routes({
    create: createNetwork,
    update: {
      fields: ["expose_routes_to_vswitch"],
      apply: (network, ctx) => {
        network.exposeRoutesToVSwitch = boolField(ctx.body, "expose_routes_to_vswitch") ?? network.exposeRoutesToVSwitch;
      },
    },
    remove: (network, ctx) => {
      for (const server of ctx.store.servers.values()) server.privateNets = server.privateNets.filter((p) => p.network !== network.id);
      for (const lb of ctx.store.loadBalancers.values()) lb.privateNets = lb.privateNets.filter((p) => p.network !== network.id);
    },
  }),
  networks.action("add_subnet", (network, ctx) => {
    network.subnets.push(newSubnet(network, ctx.body));
  }),
  networks.action("delete_subnet", (network, ctx) => {
    onlyModeledFields(ctx.body, ["ip_range"], "delete_subnet");
    const rawRange = stringField(ctx.body, "ip_range", true);
    const range = parseIpv4Cidr(rawRange);
    const index = range ? network.subnets.findIndex((s) => s.ipRange === formatRange(range)) : -1;
    if (!range || index < 0) throw notFound(`subnet ${rawRange}`);
    if (subnetInUse(ctx.store, network.id, range)) {
      throw operationError("service_error", `network has attached resources in subnet ${rawRange}`);
    }
    network.subnets.splice(index, 1);
  }),
  networks.action("change_ip_range", (network, ctx) => {
    onlyModeledFields(ctx.body, ["ip_range"], "change_ip_range");
    const rawRange = stringField(ctx.body, "ip_range", true);
    const range = parseIpv4Cidr(rawRange);
    const current = parseIpv4Cidr(network.ipRange) as Ipv4Range;
    if (!range || !isPrivateRange(range)) throw invalidInput("ip_range", `'${rawRange}' is not a private IPv4 network`);
    if (range.base !== current.base || range.prefix > current.prefix) {
      throw invalidInput("ip_range", `can only extend ${network.ipRange} (same first IP, shorter prefix)`);
    }
    network.ipRange = formatRange(range);
  }),
  networks.action("change_protection", (network, ctx) => {
    onlyModeledFields(ctx.body, ["delete"], "change_protection");
    network.protection.delete = boolField(ctx.body, "delete") ?? network.protection.delete;
  }),
];
