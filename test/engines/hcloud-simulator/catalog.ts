/**
 * The fixed, read-only catalog: locations, data centers, server types, system images and load
 * balancer types, with their `GET` endpoints (list and by id).
 *
 * Kept independent of the project's own catalog (src/hcloud/catalog.ts) on purpose: the simulator
 * stands for Hetzner, so a wrong belief of the project must not be mirrored here.
 *
 * - Locations fsn1, nbg1, hel1 (eu-central), ash (us-east), hil (us-west), sin (ap-southeast), one
 *   data center each.
 * - Server types: cx23-cx53 and cax11-cax41 in eu-central only; cpx12-cpx62 and ccx13-ccx63 everywhere.
 *   None is deprecated. No prices (`prices: []`): `/pricing` is not modeled.
 * - Images (type `system`): ubuntu-22.04, ubuntu-24.04, debian-12, each for x86 and arm (two ids per
 *   name, as Hetzner has). No snapshots or backups.
 * - Load balancer types lb11, lb21, lb31 with Hetzner's limits on services and targets.
 */
import { equals, oneOf, type Filter } from "./listing";
import { readRoutes } from "./resources";
import type { Route } from "./route";

export interface Location {
  readonly id: number;
  readonly name: string;
  readonly description: string;
  readonly country: string;
  readonly city: string;
  readonly latitude: number;
  readonly longitude: number;
  readonly networkZone: string;
  readonly datacenter: { readonly id: number; readonly name: string; readonly description: string };
}

export const LOCATIONS: readonly Location[] = [
  loc(1, "fsn1", "Falkenstein DC Park 1", "DE", "Falkenstein", 50.47612, 12.370071, "eu-central", [
    4,
    "fsn1-dc14",
    "Falkenstein 1 virtual DC 14",
  ]),
  loc(2, "nbg1", "Nuremberg DC Park 1", "DE", "Nuremberg", 49.452102, 11.076665, "eu-central", [2, "nbg1-dc3", "Nuremberg 1 virtual DC 3"]),
  loc(3, "hel1", "Helsinki DC Park 1", "FI", "Helsinki", 60.169855, 24.938379, "eu-central", [3, "hel1-dc2", "Helsinki 1 virtual DC 2"]),
  loc(4, "ash", "Ashburn, VA", "US", "Ashburn, VA", 39.043757, -77.487442, "us-east", [5, "ash-dc1", "Ashburn virtual DC 1"]),
  loc(5, "hil", "Hillsboro, OR", "US", "Hillsboro, OR", 45.54222, -122.95194, "us-west", [6, "hil-dc1", "Hillsboro virtual DC 1"]),
  loc(6, "sin", "Singapore", "SG", "Singapore", 1.283333, 103.833333, "ap-southeast", [7, "sin-dc1", "Singapore virtual DC 1"]),
];

function loc(
  id: number,
  name: string,
  description: string,
  country: string,
  city: string,
  latitude: number,
  longitude: number,
  networkZone: string,
  [dcId, dcName, dcDescription]: [number, string, string],
): Location {
  return {
    id,
    name,
    description,
    country,
    city,
    latitude,
    longitude,
    networkZone,
    datacenter: { id: dcId, name: dcName, description: dcDescription },
  };
}

export interface ServerType {
  readonly id: number;
  readonly name: string;
  readonly cores: number;
  readonly memory: number;
  readonly disk: number;
  readonly architecture: "x86" | "arm";
  readonly cpuType: "shared" | "dedicated";
  readonly category: string;
  /** Network zones where the type can be ordered. */
  readonly zones: readonly string[];
}

const EU = ["eu-central"];
const ALL = ["eu-central", "us-east", "us-west", "ap-southeast"];

/** One line of server types, ids from `firstId` on: `[name, cores, memory GB, disk GB]` each. */
function serverTypes(
  firstId: number,
  line: Pick<ServerType, "architecture" | "cpuType" | "category" | "zones">,
  sizes: readonly (readonly [string, number, number, number])[],
): ServerType[] {
  return sizes.map(([name, cores, memory, disk], i) => ({ id: firstId + i, name, cores, memory, disk, ...line }));
}

export const SERVER_TYPES: readonly ServerType[] = [
  ...serverTypes(101, { architecture: "x86", cpuType: "shared", category: "cost_optimized", zones: EU }, [
    ["cx23", 2, 4, 40],
    ["cx33", 4, 8, 80],
    ["cx43", 8, 16, 160],
    ["cx53", 16, 32, 320],
  ]),
  ...serverTypes(111, { architecture: "x86", cpuType: "shared", category: "regular_purpose", zones: ALL }, [
    ["cpx12", 1, 2, 40],
    ["cpx22", 2, 4, 80],
    ["cpx32", 4, 8, 160],
    ["cpx42", 8, 16, 320],
    ["cpx52", 12, 24, 480],
    ["cpx62", 16, 32, 640],
  ]),
  ...serverTypes(121, { architecture: "arm", cpuType: "shared", category: "cost_optimized", zones: EU }, [
    ["cax11", 2, 4, 40],
    ["cax21", 4, 8, 80],
    ["cax31", 8, 16, 160],
    ["cax41", 16, 32, 320],
  ]),
  ...serverTypes(131, { architecture: "x86", cpuType: "dedicated", category: "general_purpose", zones: ALL }, [
    ["ccx13", 2, 8, 80],
    ["ccx23", 4, 16, 160],
    ["ccx33", 8, 32, 240],
    ["ccx43", 16, 64, 360],
    ["ccx53", 32, 128, 600],
    ["ccx63", 48, 192, 960],
  ]),
];

export interface Image {
  readonly id: number;
  readonly name: string;
  readonly description: string;
  readonly osFlavor: string;
  readonly osVersion: string;
  readonly architecture: "x86" | "arm";
}

export const IMAGES: readonly Image[] = [
  ["ubuntu-22.04", "Ubuntu 22.04", "ubuntu", "22.04"],
  ["ubuntu-24.04", "Ubuntu 24.04", "ubuntu", "24.04"],
  ["debian-12", "Debian 12", "debian", "12"],
].flatMap(([name, description, osFlavor, osVersion], i) =>
  (["x86", "arm"] as const).map((architecture, a) => ({ id: 1001 + 2 * i + a, name, description, osFlavor, osVersion, architecture })),
);

export interface LoadBalancerType {
  readonly id: number;
  readonly name: string;
  readonly description: string;
  readonly maxConnections: number;
  readonly maxServices: number;
  readonly maxTargets: number;
  readonly maxAssignedCertificates: number;
}

export const LOAD_BALANCER_TYPES: readonly LoadBalancerType[] = [
  { id: 1, name: "lb11", description: "LB11", maxConnections: 10000, maxServices: 5, maxTargets: 25, maxAssignedCertificates: 10 },
  { id: 2, name: "lb21", description: "LB21", maxConnections: 20000, maxServices: 15, maxTargets: 75, maxAssignedCertificates: 25 },
  { id: 3, name: "lb31", description: "LB31", maxConnections: 40000, maxServices: 30, maxTargets: 150, maxAssignedCertificates: 50 },
];

function byIdOrName<T extends { id: number; name: string }>(items: readonly T[], idOrName: number | string): T | undefined {
  return items.find((item) => (typeof idOrName === "number" ? item.id === idOrName : item.name === idOrName));
}

export const findLocation = (idOrName: number | string): Location | undefined => byIdOrName(LOCATIONS, idOrName);
export const findServerType = (idOrName: number | string): ServerType | undefined => byIdOrName(SERVER_TYPES, idOrName);
export const findLoadBalancerType = (idOrName: number | string): LoadBalancerType | undefined => byIdOrName(LOAD_BALANCER_TYPES, idOrName);
export const imageById = (id: number): Image | undefined => IMAGES.find((image) => image.id === id);

/** Whether a server type can be ordered in a location. */
export function isAvailable(serverType: ServerType, location: Location): boolean {
  return serverType.zones.includes(location.networkZone);
}

/** The location as the API renders it. */
export function locationJson(location: Location): Record<string, unknown> {
  const { id, name, description, country, city, latitude, longitude, networkZone } = location;
  return { id, name, description, country, city, latitude, longitude, network_zone: networkZone };
}

/** The location's data center as the API renders it. */
export function datacenterJson(location: Location): Record<string, unknown> {
  const available = SERVER_TYPES.filter((t) => isAvailable(t, location)).map((t) => t.id);
  return {
    ...location.datacenter,
    location: locationJson(location),
    server_types: { supported: available, available, available_for_migration: available },
  };
}

/** The server type as the API renders it. */
export function serverTypeJson(t: ServerType): Record<string, unknown> {
  return {
    id: t.id,
    name: t.name,
    description: t.name.toUpperCase(),
    category: t.category,
    cores: t.cores,
    memory: t.memory,
    disk: t.disk,
    deprecated: false,
    deprecation: null,
    prices: [],
    storage_type: "local",
    cpu_type: t.cpuType,
    architecture: t.architecture,
    included_traffic: 21990232555520,
    locations: LOCATIONS.filter((l) => isAvailable(t, l)).map((l) => ({
      id: l.id,
      name: l.name,
      deprecation: null,
      available: true,
      recommended: true,
    })),
  };
}

/** The image as the API renders it. */
export function imageJson(image: Image): Record<string, unknown> {
  return {
    id: image.id,
    type: "system",
    status: "available",
    name: image.name,
    description: image.description,
    image_size: null,
    disk_size: 5,
    created: "2024-01-01T00:00:00Z",
    created_from: null,
    bound_to: null,
    os_flavor: image.osFlavor,
    os_version: image.osVersion,
    rapid_deploy: true,
    protection: { delete: false },
    deprecated: null,
    deleted: null,
    labels: {},
    architecture: image.architecture,
  };
}

/** The load balancer type as the API renders it. */
export function loadBalancerTypeJson(t: LoadBalancerType): Record<string, unknown> {
  return {
    id: t.id,
    name: t.name,
    description: t.description,
    max_connections: t.maxConnections,
    max_services: t.maxServices,
    max_targets: t.maxTargets,
    max_assigned_certificates: t.maxAssignedCertificates,
    deprecated: null,
    deprecation: null,
    prices: [],
  };
}

/** `GET /<key>` and `GET /<key>/{id}` of a catalog collection. */
function collection<T extends { id: number }>(
  key: string,
  singular: string,
  items: readonly T[],
  render: (item: T) => Record<string, unknown>,
  filters: Record<string, Filter> = {},
): Route[] {
  const byId = new Map(items.map((item) => [item.id, item]));
  return readRoutes({ key, singular, items: () => byId, render, filters });
}

export const catalogRoutes: Route[] = [
  ...collection("locations", "location", LOCATIONS, locationJson, { name: equals("name") }),
  ...collection(
    "datacenters",
    "datacenter",
    LOCATIONS.map((l) => ({ ...l, id: l.datacenter.id })),
    datacenterJson,
    {
      name: equals("name"),
    },
  ),
  ...collection("server_types", "server_type", SERVER_TYPES, serverTypeJson, { name: equals("name") }),
  ...collection("images", "image", IMAGES, imageJson, {
    name: equals("name"),
    architecture: oneOf("architecture"),
    type: oneOf("type"),
    status: oneOf("status"),
    // No image is deprecated: including deprecated ones changes nothing.
    include_deprecated: () => true,
    // Only system images exist, bound to no server.
    bound_to: () => false,
  }),
  ...collection("load_balancer_types", "load_balancer_type", LOAD_BALANCER_TYPES, loadBalancerTypeJson, { name: equals("name") }),
];
