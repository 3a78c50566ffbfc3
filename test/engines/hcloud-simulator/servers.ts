/**
 * Servers: `POST/GET /servers`, `GET/PUT/DELETE /servers/{id}`, and the actions `poweron`, `poweroff`,
 * `shutdown`, `reboot`, `reset`, `change_protection`, `change_type`, `attach_to_network`,
 * `detach_from_network`, `change_alias_ips`, `add_to_placement_group`, `remove_from_placement_group`.
 *
 * Creation checks what the API checks: a unique RFC 1123 host name, a known server type sold in the
 * location (`resource_unavailable`, 412, otherwise), an image of the server type's architecture, SSH
 * keys (ids or names), user data of at most 32 KiB, labels, firewalls (applied at once, see
 * firewalls.ts) and the placement group's room (see placement-groups.ts). Without `location` the first
 * location selling the type is used (fsn1). The server is `running` right away (`off` with
 * `start_after_create: false`), with a new public IPv4 and IPv6 /64 unless `public_net` disables them.
 * The user data is kept for `state()`; the API never returns it.
 *
 * Power actions change `status` at once (`shutdown` too, although on Hetzner it only sends an ACPI
 * request). `add_to_placement_group`, `remove_from_placement_group` and `change_type` need the server
 * off (`server_not_stopped`, as the API reference says); adding to a group needs the server outside
 * any group (`already_in_placement_group`). Private networks: see networks.ts for IPs; attaching twice
 * answers `server_already_attached`, to a network overlapping another of the server's networks
 * `networks_overlap`.
 *
 * Deleting needs delete protection off (423 `protected`); it detaches volumes, removes the server from
 * its firewalls and from load balancer targets, and leaves its placement group and networks.
 *
 * Refused (501): `volumes`, `networks`, `automount`, `datacenter` and primary IP ids at creation;
 * rebuild, rescue, ISO, backups, images, console, passwords, DNS pointers, metrics.
 */
import { NotModeledError, invalidInput, notFound, operationError } from "./errors";
import {
  datacenterJson,
  findLocation,
  findServerType,
  IMAGES,
  imageById,
  imageJson,
  isAvailable,
  LOCATIONS,
  locationJson,
  serverTypeJson,
  type Image,
  type Location,
  type ServerType,
} from "./catalog";
import { applyFirewall, firewallsOf } from "./firewalls";
import {
  assertUniqueName,
  boolField,
  idOrNameField,
  intField,
  labelsField,
  listField,
  objectField,
  onlyModeledFields,
  stringField,
} from "./input";
import { overlaps, parseIpv4Cidr, type Ipv4Range } from "./ip";
import { equals, oneOf } from "./listing";
import { allocatePrivateIp } from "./networks";
import { assertRoomInGroup, groupJson } from "./placement-groups";
import { resourceFamily } from "./resources";
import { created, ok, type Reply, type RequestContext, type Route } from "./route";
import type { ServerRecord, Store } from "./store";

const USER_DATA_LIMIT = 32 * 1024;
const HOSTNAME = /^(?=.{1,253}$)[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

/** The server's location. */
export function serverLocation(server: ServerRecord): Location {
  return findLocation(server.location) as Location;
}

function reverseDns(ip: string): string {
  return `static.${ip.split(".").reverse().join(".")}.clients.your-server.de`;
}

/** The server as the API renders it. */
export function serverJson(store: Store, server: ServerRecord): Record<string, unknown> {
  const location = serverLocation(server);
  const group = server.placementGroup === null ? undefined : store.placementGroups.get(server.placementGroup);
  return {
    id: server.id,
    name: server.name,
    status: server.status,
    created: server.created,
    public_net: {
      ipv4: server.publicIpv4 ? { ...server.publicIpv4, blocked: false, dns_ptr: reverseDns(server.publicIpv4.ip) } : null,
      ipv6: server.publicIpv6 ? { id: server.publicIpv6.id, ip: server.publicIpv6.network, blocked: false, dns_ptr: [] } : null,
      floating_ips: [],
      firewalls: firewallsOf(store, server.id).map((id) => ({ id, status: "applied" })),
    },
    private_net: server.privateNets.map((p) => ({ network: p.network, ip: p.ip, alias_ips: [...p.aliasIps], mac_address: p.macAddress })),
    server_type: serverTypeJson(findServerType(server.serverType) as ServerType),
    datacenter: datacenterJson(location),
    location: locationJson(location),
    image: imageJson(imageById(server.image) as Image),
    iso: null,
    rescue_enabled: false,
    locked: false,
    backup_window: null,
    outgoing_traffic: 0,
    ingoing_traffic: 0,
    included_traffic: 21990232555520,
    protection: { ...server.protection },
    labels: { ...server.labels },
    volumes: [...store.volumes.values()].filter((v) => v.server === server.id).map((v) => v.id),
    load_balancers: [...store.loadBalancers.values()].filter((lb) => lb.targets.some((t) => t.server === server.id)).map((lb) => lb.id),
    primary_disk_size: server.primaryDiskSize,
    placement_group: group ? groupJson(store, group) : null,
  };
}

const servers = resourceFamily<ServerRecord>({
  key: "servers",
  singular: "server",
  what: "server",
  items: (store) => store.servers,
  render: (server, store) => serverJson(store, server),
  filters: { name: equals("name"), status: oneOf("status") },
});

/** Validates `POST /servers` and creates the server. */
function createServer(ctx: RequestContext): Reply {
  const { body, store } = ctx;
  onlyModeledFields(
    body,
    [
      "name",
      "server_type",
      "image",
      "location",
      "ssh_keys",
      "user_data",
      "start_after_create",
      "labels",
      "firewalls",
      "placement_group",
      "public_net",
    ],
    "POST /servers",
  );
  const name = stringField(body, "name", true);
  if (!HOSTNAME.test(name)) throw invalidInput("name", "must be a valid hostname (RFC 1123)");
  const typeRef = idOrNameField(body, "server_type");
  if (typeRef === undefined) throw invalidInput("server_type", "is required");
  const serverType = findServerType(typeRef);
  if (!serverType) throw invalidInput("server_type", `server type '${typeRef}' not found`);
  const locationRef = idOrNameField(body, "location");
  const location = locationRef === undefined ? LOCATIONS.find((l) => isAvailable(serverType, l)) : findLocation(locationRef);
  if (!location) throw invalidInput("location", `location '${locationRef}' not found`);
  if (!isAvailable(serverType, location)) {
    throw operationError("resource_unavailable", `server type ${serverType.name} is not available in location ${location.name}`, 412);
  }
  const imageRef = idOrNameField(body, "image");
  if (imageRef === undefined) throw invalidInput("image", "is required");
  const image =
    typeof imageRef === "number"
      ? imageById(imageRef)
      : IMAGES.find((i) => i.name === imageRef && i.architecture === serverType.architecture);
  if (!image) throw invalidInput("image", `image '${imageRef}' not found`);
  if (image.architecture !== serverType.architecture) {
    throw invalidInput(
      "image",
      `image ${image.id} is for ${image.architecture}, server type ${serverType.name} is ${serverType.architecture}`,
    );
  }
  const sshKeys = (listField(body, "ssh_keys") ?? []).map((ref) => {
    const key = [...store.sshKeys.values()].find((k) => k.id === ref || k.name === ref || String(k.id) === ref);
    if (!key) throw invalidInput("ssh_keys", `SSH key '${String(ref)}' not found`);
    return key.id;
  });
  const userData = stringField(body, "user_data") ?? null;
  if (userData !== null && Buffer.byteLength(userData, "utf8") > USER_DATA_LIMIT) throw invalidInput("user_data", "is limited to 32KiB");
  const labels = labelsField(body);
  const publicNet = objectField(body, "public_net") ?? {};
  onlyModeledFields(publicNet, ["enable_ipv4", "enable_ipv6"], "public_net (primary IPs)");
  const enableIpv4 = boolField(publicNet, "enable_ipv4") ?? true;
  const enableIpv6 = boolField(publicNet, "enable_ipv6") ?? true;
  const firewalls = (listField(body, "firewalls") ?? []).map((item) => {
    const id = intField(item as Record<string, unknown>, "firewall", true);
    const firewall = store.firewalls.get(id);
    if (!firewall) throw invalidInput("firewalls", `firewall ${id} not found`);
    return firewall;
  });
  if (new Set(firewalls).size !== firewalls.length) throw operationError("server_already_added", "a firewall is given more than once");
  if (firewalls.length > 0 && !enableIpv4 && !enableIpv6)
    throw operationError("private_net_only_server", "the server has no public interface");
  const groupId = intField(body, "placement_group");
  const group = groupId === undefined ? undefined : store.placementGroups.get(groupId);
  if (groupId !== undefined && !group) throw invalidInput("placement_group", `placement group ${groupId} not found`);
  if (group) assertRoomInGroup(store, group);
  assertUniqueName(store.servers.values(), name, "server");

  const start = boolField(body, "start_after_create") ?? true;
  const server: ServerRecord = {
    id: store.nextId("server"),
    name,
    status: start ? "running" : "off",
    created: store.now(),
    serverType: serverType.name,
    location: location.name,
    image: image.id,
    userData,
    sshKeys,
    labels,
    placementGroup: group ? group.id : null,
    publicIpv4: enableIpv4 ? { id: store.nextId("primary_ip"), ip: store.publicIpv4() } : null,
    publicIpv6: enableIpv6 ? { id: store.nextId("primary_ip"), network: store.serverIpv6Network() } : null,
    privateNets: [],
    protection: { delete: false, rebuild: false },
    primaryDiskSize: serverType.disk,
  };
  store.servers.set(server.id, server);
  for (const firewall of firewalls) applyFirewall(store, firewall, server.id);
  const resources = [{ id: server.id, type: "server" }];
  const action = store.action("create_server", resources);
  const nextActions = start ? [store.action("start_server", resources)] : [];
  return created({
    server: serverJson(store, server),
    action,
    next_actions: nextActions,
    root_password: sshKeys.length === 0 ? `simulated-root-password-${server.id}` : null,
  });
}

/**
 * Detaches what hangs on a server being deleted (after the protection check, see resources.ts) and
 * answers 200 with the `delete_server` action instead of 204.
 */
function deleteServer(server: ServerRecord, ctx: RequestContext): Reply {
  const { store } = ctx;
  for (const volume of store.volumes.values()) {
    if (volume.server === server.id) volume.server = null;
  }
  for (const firewall of store.firewalls.values()) firewall.appliedTo = firewall.appliedTo.filter((id) => id !== server.id);
  for (const lb of store.loadBalancers.values()) lb.targets = lb.targets.filter((t) => t.server !== server.id);
  return ok({ action: store.action("delete_server", [{ id: server.id, type: "server" }]) });
}

/** A server action at `/servers/{id}/actions/<name>`: checks the body's fields, applies `change`, answers the `command` action. */
function serverAction(name: string, command: string, fields: string[], change: (server: ServerRecord, ctx: RequestContext) => void): Route {
  return servers.action(
    name,
    (server, ctx) => {
      onlyModeledFields(ctx.body, fields, `server action ${command}`);
      change(server, ctx);
    },
    command,
  );
}

function assertStopped(server: ServerRecord): void {
  if (server.status !== "off") throw operationError("server_not_stopped", `server ${server.id} is running, but needs to be powered off`);
}

function attachToNetwork(server: ServerRecord, ctx: RequestContext): void {
  const { body, store } = ctx;
  const network = store.networks.get(intField(body, "network", true));
  if (!network) throw notFound("network");
  if (server.privateNets.some((p) => p.network === network.id)) {
    throw operationError("server_already_attached", `server ${server.id} is already attached to network ${network.id}`);
  }
  const range = parseIpv4Cidr(network.ipRange) as Ipv4Range;
  for (const other of server.privateNets) {
    const otherNetwork = store.networks.get(other.network);
    if (otherNetwork && overlaps(range, parseIpv4Cidr(otherNetwork.ipRange) as Ipv4Range)) {
      throw operationError("networks_overlap", `network ${network.id} overlaps with network ${otherNetwork.id} of server ${server.id}`);
    }
  }
  const aliasIps = (listField(body, "alias_ips") ?? []).map(String);
  const ip = allocatePrivateIp(store, network, serverLocation(server).networkZone, {
    ip: stringField(body, "ip"),
    ipRange: stringField(body, "ip_range"),
    aliasIps,
  });
  server.privateNets.push({ network: network.id, ip, aliasIps, macAddress: store.macAddress() });
}

function changeAliasIps(server: ServerRecord, ctx: RequestContext): void {
  const { body, store } = ctx;
  const networkId = intField(body, "network", true);
  const attachment = server.privateNets.find((p) => p.network === networkId);
  const network = store.networks.get(networkId);
  if (!attachment || !network) throw notFound(`attachment of server ${server.id} to network ${networkId}`);
  const aliasIps = (listField(body, "alias_ips") ?? []).map(String);
  const previous = attachment.aliasIps;
  attachment.aliasIps = [];
  try {
    allocatePrivateIp(store, network, serverLocation(server).networkZone, { aliasIps, aliasesOnly: true });
  } finally {
    attachment.aliasIps = previous;
  }
  attachment.aliasIps = aliasIps;
}

function changeType(server: ServerRecord, ctx: RequestContext): void {
  assertStopped(server);
  const ref = idOrNameField(ctx.body, "server_type");
  const target = ref === undefined ? undefined : findServerType(ref);
  if (!target) throw invalidInput("server_type", `server type '${ref}' not found`);
  const current = findServerType(server.serverType) as ServerType;
  const upgradeDisk = boolField(ctx.body, "upgrade_disk") ?? false;
  if (
    target.architecture !== current.architecture ||
    target.disk < server.primaryDiskSize ||
    !isAvailable(target, serverLocation(server))
  ) {
    throw operationError("invalid_server_type", `server type ${target.name} does not fit server ${server.id}`);
  }
  server.serverType = target.name;
  if (upgradeDisk) server.primaryDiskSize = target.disk;
}

export const serverRoutes: Route[] = [
  ...servers.routes({ create: createServer, validName: (n) => HOSTNAME.test(n), remove: deleteServer }),
  serverAction("poweron", "start_server", [], (s) => (s.status = "running")),
  serverAction("poweroff", "stop_server", [], (s) => (s.status = "off")),
  serverAction("shutdown", "shutdown_server", [], (s) => (s.status = "off")),
  serverAction("reboot", "reboot_server", [], () => undefined),
  serverAction("reset", "reset_server", [], (s) => (s.status = "running")),
  serverAction("change_protection", "change_protection", ["delete", "rebuild"], (s, ctx) => {
    s.protection.delete = boolField(ctx.body, "delete") ?? s.protection.delete;
    s.protection.rebuild = boolField(ctx.body, "rebuild") ?? s.protection.rebuild;
  }),
  serverAction("change_type", "change_server_type", ["server_type", "upgrade_disk"], changeType),
  serverAction("attach_to_network", "attach_to_network", ["network", "ip", "alias_ips", "ip_range"], attachToNetwork),
  serverAction("detach_from_network", "detach_from_network", ["network"], (s, ctx) => {
    const networkId = intField(ctx.body, "network", true);
    if (!s.privateNets.some((p) => p.network === networkId)) throw notFound(`attachment of server ${s.id} to network ${networkId}`);
    s.privateNets = s.privateNets.filter((p) => p.network !== networkId);
  }),
  serverAction("change_alias_ips", "change_alias_ips", ["network", "alias_ips"], changeAliasIps),
  serverAction("add_to_placement_group", "add_to_placement_group", ["placement_group"], (s, ctx) => {
    const group = ctx.store.placementGroups.get(intField(ctx.body, "placement_group", true));
    if (!group) throw notFound("placement group");
    assertStopped(s);
    if (s.placementGroup !== null)
      throw operationError("already_in_placement_group", `server ${s.id} is already in placement group ${s.placementGroup}`);
    assertRoomInGroup(ctx.store, group);
    s.placementGroup = group.id;
  }),
  serverAction("remove_from_placement_group", "remove_from_placement_group", [], (s) => {
    if (s.placementGroup === null) throw new NotModeledError("removing a server that is in no placement group from one");
    assertStopped(s);
    s.placementGroup = null;
  }),
];
