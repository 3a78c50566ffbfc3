/**
 * Load balancers: `POST/GET /load_balancers`, `GET/PUT/DELETE /load_balancers/{id}`, actions
 * `add_service`, `update_service`, `delete_service`, `add_target`, `remove_target`,
 * `attach_to_network`, `detach_from_network`, `change_algorithm`, `change_type`, `change_protection`,
 * `enable_public_interface`, `disable_public_interface`.
 *
 * - Created in a `location` with a type (lb11/lb21/lb31), algorithm `round_robin` (default) or
 *   `least_connections`, a unique name, a new public IPv4 and IPv6; public interface enabled.
 * - Services: protocol `tcp` only. `listen_port` is unique (`source_port_already_used`, 412);
 *   `destination_port` defaults to it, `proxyprotocol` to false, the health check to
 *   tcp on the destination port every 15 s, timeout 10 s, 3 retries. At most the type's
 *   `max_services` (`resource_limit_exceeded`).
 * - Targets: type `server` only. A target with `use_private_ip` needs the load balancer in a network
 *   (`load_balancer_not_attached_to_network`) that the server is in too
 *   (`resolve_cloud_private_targets_error`); a public target needs a server with a public IPv4
 *   (`resolve_cloud_public_targets_error`) and an enabled public interface
 *   (`load_balancer_public_interface_disabled`). Duplicates answer `target_already_defined`; at most
 *   the type's `max_targets`. `health_status` is `unknown` for every service: nothing is checked.
 *   Deleting a server removes it from the targets.
 * - Networks: one per load balancer (`load_balancer_already_attached`), IPs as for servers (see
 *   networks.ts) in the load balancer's network zone.
 * - `change_type` refuses a type too small for the services or targets (`invalid_load_balancer_type`).
 * - Deleting needs delete protection off (423 `protected`).
 *
 * Refused (501): `http`/`https` services (certificates are not modeled), `label_selector` and `ip`
 * targets, `services`/`targets`/`network`/`public_interface`/`network_zone` at creation, DNS pointers,
 * metrics, detaching a network that private targets use or that the load balancer needs because its
 * public interface is off.
 */
import { NotModeledError, invalidInput, limitExceeded, notFound, operationError } from "./errors";
import { findLoadBalancerType, findLocation, loadBalancerTypeJson, locationJson, type LoadBalancerType, type Location } from "./catalog";
import {
  assertUniqueName,
  boolField,
  idOrNameField,
  intField,
  labelsField,
  objectField,
  onlyModeledFields,
  requiredName,
  stringField,
} from "./input";
import { equals } from "./listing";
import { allocatePrivateIp } from "./networks";
import { resourceFamily } from "./resources";
import { created, type Reply, type RequestContext, type Route } from "./route";
import type { HealthCheckRecord, LoadBalancerRecord, ServiceRecord, Store } from "./store";

const ALGORITHMS = ["round_robin", "least_connections"];

function lbType(lb: LoadBalancerRecord): LoadBalancerType {
  return findLoadBalancerType(lb.type) as LoadBalancerType;
}

function lbLocation(lb: LoadBalancerRecord): Location {
  return findLocation(lb.location) as Location;
}

function serviceJson(service: ServiceRecord): Record<string, unknown> {
  const hc = service.healthCheck;
  return {
    protocol: service.protocol,
    listen_port: service.listenPort,
    destination_port: service.destinationPort,
    proxyprotocol: service.proxyprotocol,
    health_check: {
      protocol: hc.protocol,
      port: hc.port,
      interval: hc.interval,
      timeout: hc.timeout,
      retries: hc.retries,
      http: hc.http && {
        domain: hc.http.domain,
        path: hc.http.path,
        response: hc.http.response,
        status_codes: [...hc.http.statusCodes],
        tls: hc.http.tls,
      },
    },
    http: null,
  };
}

function loadBalancerJson(lb: LoadBalancerRecord): Record<string, unknown> {
  return {
    id: lb.id,
    name: lb.name,
    public_net: {
      enabled: lb.publicInterface,
      ipv4: { ip: lb.ipv4, dns_ptr: `static.${lb.ipv4.split(".").reverse().join(".")}.clients.your-server.de` },
      ipv6: { ip: lb.ipv6, dns_ptr: "" },
    },
    private_net: lb.privateNets.map((p) => ({ ...p })),
    location: locationJson(lbLocation(lb)),
    load_balancer_type: loadBalancerTypeJson(lbType(lb)),
    protection: { ...lb.protection },
    labels: { ...lb.labels },
    created: lb.created,
    services: lb.services.map(serviceJson),
    targets: lb.targets.map((t) => ({
      type: t.type,
      server: { id: t.server },
      use_private_ip: t.usePrivateIp,
      health_status: lb.services.map((s) => ({ listen_port: s.listenPort, status: "unknown" })),
      label_selector: null,
      ip: null,
    })),
    algorithm: { type: lb.algorithm },
    outgoing_traffic: null,
    ingoing_traffic: null,
    included_traffic: 21990232555520,
  };
}

const loadBalancers = resourceFamily<LoadBalancerRecord>({
  key: "load_balancers",
  singular: "load_balancer",
  what: "load balancer",
  items: (store) => store.loadBalancers,
  render: loadBalancerJson,
  filters: { name: equals("name") },
});

function port(value: number, field: string): number {
  if (value < 1 || value > 65535) throw invalidInput(field, "must be a port between 1 and 65535");
  return value;
}

function rangeField(body: Record<string, unknown>, field: string, min: number, max: number): number | undefined {
  const value = intField(body, field);
  if (value !== undefined && (value < min || value > max)) throw invalidInput(`health_check.${field}`, `must be between ${min} and ${max}`);
  return value;
}

/** A health check from a request, over `base` (the defaults, or the current check on update). */
function healthCheck(raw: Record<string, unknown> | undefined, base: HealthCheckRecord): HealthCheckRecord {
  if (!raw) return base;
  onlyModeledFields(raw, ["protocol", "port", "interval", "timeout", "retries", "http"], "a health check");
  const protocol = stringField(raw, "protocol") ?? base.protocol;
  if (protocol !== "tcp" && protocol !== "http") throw invalidInput("health_check.protocol", "must be tcp or http");
  const check: HealthCheckRecord = {
    protocol,
    port: intField(raw, "port") ?? base.port,
    interval: rangeField(raw, "interval", 3, 60) ?? base.interval,
    timeout: rangeField(raw, "timeout", 1, 60) ?? base.timeout,
    retries: rangeField(raw, "retries", 1, 5) ?? base.retries,
    http: null,
  };
  port(check.port, "health_check.port");
  const http = objectField(raw, "http");
  if (protocol === "http") {
    const current = base.http ?? { domain: null, path: "/", response: "", statusCodes: ["2??", "3??"], tls: false };
    const h = http ?? {};
    onlyModeledFields(h, ["domain", "path", "response", "status_codes", "tls"], "a health check's http");
    check.http = {
      domain: h.domain === undefined ? current.domain : (stringField(h, "domain") ?? null),
      path: stringField(h, "path") ?? current.path,
      response: stringField(h, "response") ?? current.response,
      statusCodes: Array.isArray(h.status_codes) ? h.status_codes.map(String) : current.statusCodes,
      tls: boolField(h, "tls") ?? current.tls,
    };
  } else if (http) {
    throw invalidInput("health_check.http", "is only allowed for protocol http");
  }
  return check;
}

function assertTcp(protocol: string | undefined): void {
  if (protocol === "http" || protocol === "https") throw new NotModeledError(`load balancer services with protocol ${protocol}`);
  if (protocol !== "tcp") throw invalidInput("protocol", "must be tcp, http or https");
}

function addService(lb: LoadBalancerRecord, body: Record<string, unknown>): void {
  onlyModeledFields(body, ["protocol", "listen_port", "destination_port", "proxyprotocol", "health_check"], "add_service");
  assertTcp(stringField(body, "protocol", true));
  const listenPort = port(intField(body, "listen_port", true), "listen_port");
  if (lb.services.some((s) => s.listenPort === listenPort)) {
    throw operationError("source_port_already_used", `listen port ${listenPort} is already used`, 412);
  }
  if (lb.services.length >= lbType(lb).maxServices)
    throw limitExceeded(`load balancer type ${lb.type} allows ${lbType(lb).maxServices} services`, "services");
  const destinationPort = port(intField(body, "destination_port") ?? listenPort, "destination_port");
  lb.services.push({
    protocol: "tcp",
    listenPort,
    destinationPort,
    proxyprotocol: boolField(body, "proxyprotocol") ?? false,
    healthCheck: healthCheck(objectField(body, "health_check"), {
      protocol: "tcp",
      port: destinationPort,
      interval: 15,
      timeout: 10,
      retries: 3,
      http: null,
    }),
  });
}

function updateService(lb: LoadBalancerRecord, body: Record<string, unknown>): void {
  onlyModeledFields(body, ["protocol", "listen_port", "destination_port", "proxyprotocol", "health_check"], "update_service");
  const listenPort = intField(body, "listen_port", true);
  const service = lb.services.find((s) => s.listenPort === listenPort);
  if (!service) throw notFound(`service on listen port ${listenPort}`);
  const protocol = stringField(body, "protocol");
  if (protocol !== undefined) assertTcp(protocol);
  service.destinationPort = port(intField(body, "destination_port") ?? service.destinationPort, "destination_port");
  service.proxyprotocol = boolField(body, "proxyprotocol") ?? service.proxyprotocol;
  service.healthCheck = healthCheck(objectField(body, "health_check"), service.healthCheck);
}

function targetServer(store: Store, body: Record<string, unknown>): number {
  const type = stringField(body, "type", true);
  if (type === "label_selector" || type === "ip") throw new NotModeledError(`load balancer targets of type ${type}`);
  if (type !== "server") throw invalidInput("type", "must be server, label_selector or ip");
  const server = objectField(body, "server");
  const id = server ? intField(server, "id", true) : undefined;
  if (id === undefined) throw invalidInput("server", "is required");
  if (!store.servers.has(id)) throw invalidInput("server", `server ${id} not found`);
  return id;
}

function addTarget(store: Store, lb: LoadBalancerRecord, body: Record<string, unknown>): void {
  onlyModeledFields(body, ["type", "server", "use_private_ip"], "add_target");
  const serverId = targetServer(store, body);
  const server = store.servers.get(serverId);
  const usePrivateIp = boolField(body, "use_private_ip") ?? false;
  if (lb.targets.some((t) => t.server === serverId))
    throw operationError("target_already_defined", `server ${serverId} is already a target`);
  if (usePrivateIp) {
    if (lb.privateNets.length === 0)
      throw operationError("load_balancer_not_attached_to_network", `load balancer ${lb.id} is not attached to a network`);
    if (!lb.privateNets.some((n) => server?.privateNets.some((p) => p.network === n.network))) {
      throw operationError(
        "resolve_cloud_private_targets_error",
        `server ${serverId} is not attached to the network of load balancer ${lb.id}`,
      );
    }
  } else {
    if (!server?.publicIpv4) throw operationError("resolve_cloud_public_targets_error", `server ${serverId} has no public IPv4`);
    if (!lb.publicInterface)
      throw operationError("load_balancer_public_interface_disabled", `load balancer ${lb.id} has its public interface disabled`);
  }
  if (lb.targets.length >= lbType(lb).maxTargets)
    throw limitExceeded(`load balancer type ${lb.type} allows ${lbType(lb).maxTargets} targets`, "targets");
  lb.targets.push({ type: "server", server: serverId, usePrivateIp });
}

function attachToNetwork(store: Store, lb: LoadBalancerRecord, body: Record<string, unknown>): void {
  onlyModeledFields(body, ["network", "ip", "ip_range"], "attach_to_network");
  const network = store.networks.get(intField(body, "network", true));
  if (!network) throw notFound("network");
  if (lb.privateNets.length > 0)
    throw operationError("load_balancer_already_attached", `load balancer ${lb.id} is already attached to a network`);
  const ip = allocatePrivateIp(store, network, lbLocation(lb).networkZone, {
    ip: stringField(body, "ip"),
    ipRange: stringField(body, "ip_range"),
  });
  lb.privateNets.push({ network: network.id, ip });
}

function detachFromNetwork(lb: LoadBalancerRecord, body: Record<string, unknown>): void {
  onlyModeledFields(body, ["network"], "detach_from_network");
  const networkId = intField(body, "network", true);
  if (!lb.privateNets.some((p) => p.network === networkId)) throw notFound(`attachment of load balancer ${lb.id} to network ${networkId}`);
  if (lb.targets.some((t) => t.usePrivateIp))
    throw new NotModeledError("detaching a load balancer from the network its private targets use");
  if (!lb.publicInterface) throw new NotModeledError("detaching a load balancer without public interface from its network");
  lb.privateNets = lb.privateNets.filter((p) => p.network !== networkId);
}

function changeType(lb: LoadBalancerRecord, body: Record<string, unknown>): void {
  onlyModeledFields(body, ["load_balancer_type"], "change_type");
  const ref = idOrNameField(body, "load_balancer_type");
  const type = ref === undefined ? undefined : findLoadBalancerType(ref);
  if (!type) throw invalidInput("load_balancer_type", `load balancer type '${ref}' not found`);
  if (lb.services.length > type.maxServices || lb.targets.length > type.maxTargets) {
    throw operationError("invalid_load_balancer_type", `load balancer type ${type.name} is too small for load balancer ${lb.id}`);
  }
  lb.type = type.name;
}

function setPublicInterface(lb: LoadBalancerRecord, enabled: boolean): void {
  if (!enabled) {
    if (lb.privateNets.length === 0)
      throw operationError("load_balancer_not_attached_to_network", `load balancer ${lb.id} is not attached to a network`);
    if (lb.targets.some((t) => !t.usePrivateIp)) {
      throw operationError("targets_without_use_private_ip", `load balancer ${lb.id} has targets that use their public IP`);
    }
  }
  lb.publicInterface = enabled;
}

function createLoadBalancer(ctx: RequestContext): Reply {
  const { body, store } = ctx;
  onlyModeledFields(body, ["name", "load_balancer_type", "algorithm", "labels", "location"], "POST /load_balancers");
  const name = requiredName(body);
  const typeRef = idOrNameField(body, "load_balancer_type");
  const type = typeRef === undefined ? undefined : findLoadBalancerType(typeRef);
  if (!type) throw invalidInput("load_balancer_type", `load balancer type '${typeRef}' not found`);
  const algorithm = objectField(body, "algorithm");
  const algorithmType = algorithm ? stringField(algorithm, "type", true) : "round_robin";
  if (!ALGORITHMS.includes(algorithmType)) throw invalidInput("algorithm", "type must be round_robin or least_connections");
  const locationRef = idOrNameField(body, "location");
  if (locationRef === undefined) throw new NotModeledError("creating a load balancer without location");
  const location = findLocation(locationRef);
  if (!location) throw invalidInput("location", `location '${locationRef}' not found`);
  const labels = labelsField(body);
  assertUniqueName(store.loadBalancers.values(), name, "load balancer");
  const lb: LoadBalancerRecord = {
    id: store.nextId("load_balancer"),
    name,
    type: type.name,
    location: location.name,
    algorithm: algorithmType,
    labels,
    protection: { delete: false },
    publicInterface: true,
    ipv4: store.publicIpv4(),
    ipv6: store.loadBalancerIpv6(),
    privateNets: [],
    services: [],
    targets: [],
    created: store.now(),
  };
  store.loadBalancers.set(lb.id, lb);
  const action = store.action("create_load_balancer", [{ id: lb.id, type: "load_balancer" }]);
  return created({ load_balancer: loadBalancerJson(lb), action });
}

export const loadBalancerRoutes: Route[] = [
  ...loadBalancers.routes({ create: createLoadBalancer }),
  loadBalancers.action("add_service", (lb, ctx) => addService(lb, ctx.body)),
  loadBalancers.action("update_service", (lb, ctx) => updateService(lb, ctx.body)),
  loadBalancers.action("delete_service", (lb, ctx) => {
    onlyModeledFields(ctx.body, ["listen_port"], "delete_service");
    const listenPort = intField(ctx.body, "listen_port", true);
    if (!lb.services.some((s) => s.listenPort === listenPort)) throw notFound(`service on listen port ${listenPort}`);
    lb.services = lb.services.filter((s) => s.listenPort !== listenPort);
  }),
  loadBalancers.action("add_target", (lb, ctx) => addTarget(ctx.store, lb, ctx.body)),
  loadBalancers.action("remove_target", (lb, ctx) => {
    onlyModeledFields(ctx.body, ["type", "server"], "remove_target");
    const type = stringField(ctx.body, "type", true);
    if (type !== "server") throw new NotModeledError(`load balancer targets of type ${type}`);
    const id = intField(objectField(ctx.body, "server") ?? {}, "id", true);
    if (!lb.targets.some((t) => t.server === id)) throw notFound("load balancer target");
    lb.targets = lb.targets.filter((t) => t.server !== id);
  }),
  loadBalancers.action("attach_to_network", (lb, ctx) => attachToNetwork(ctx.store, lb, ctx.body)),
  loadBalancers.action("detach_from_network", (lb, ctx) => detachFromNetwork(lb, ctx.body)),
  loadBalancers.action("change_algorithm", (lb, ctx) => {
    onlyModeledFields(ctx.body, ["type"], "change_algorithm");
    const type = stringField(ctx.body, "type", true);
    if (!ALGORITHMS.includes(type)) throw invalidInput("type", "must be round_robin or least_connections");
    lb.algorithm = type;
  }),
  loadBalancers.action("change_type", (lb, ctx) => changeType(lb, ctx.body), "change_load_balancer_type"),
  loadBalancers.action("change_protection", (lb, ctx) => {
    onlyModeledFields(ctx.body, ["delete"], "change_protection");
    lb.protection.delete = boolField(ctx.body, "delete") ?? lb.protection.delete;
  }),
  loadBalancers.action("enable_public_interface", (lb) => setPublicInterface(lb, true)),
  loadBalancers.action("disable_public_interface", (lb) => setPublicInterface(lb, false)),
];
