/**
 * In-memory state of the simulated project: one record per resource, deterministic ids (one counter
 * per resource kind, starting at 1; one shared counter for actions) and deterministic addresses.
 *
 * Addresses handed out:
 * - public IPv4 of servers and load balancers: 192.0.2.1-254, then 198.51.100.1-254 (RFC 5737
 *   documentation ranges), never reused; running out answers `resource_limit_exceeded`;
 * - public IPv6 of servers: the /64 `2001:db8:0:<n>::/64`; of load balancers: `2001:db8:1:<n>::1`;
 * - MAC addresses of private interfaces: `86:00:00:xx:xx:xx`.
 *
 * Records hold what the API returns plus what it never returns but a test wants to see (user data,
 * the SSH keys a server was created with, the automount flag of a volume). Relations are stored once
 * (a volume knows its server, a server its placement group, a firewall the servers it is applied to)
 * and derived the other way round when rendered.
 */
import { limitExceeded } from "./errors";
import { formatIpv4, parseIpv4 } from "./ip";

/** Labels of a resource. */
export type Labels = Record<string, string>;

/** A completed action; actions never run: they succeed when created. */
export interface ActionRecord {
  id: number;
  command: string;
  status: "success";
  progress: 100;
  started: string;
  finished: string;
  resources: { id: number; type: string }[];
  error: null;
}

/** A server's attachment to a private network. */
export interface PrivateNetRecord {
  network: number;
  ip: string;
  aliasIps: string[];
  macAddress: string;
}

export interface ServerRecord {
  id: number;
  name: string;
  status: "running" | "off";
  created: string;
  serverType: string;
  location: string;
  /** Image id. */
  image: number;
  /** User data as received, or null when none was sent. */
  userData: string | null;
  /** SSH key ids the server was created with. */
  sshKeys: number[];
  labels: Labels;
  placementGroup: number | null;
  publicIpv4: { id: number; ip: string } | null;
  publicIpv6: { id: number; network: string } | null;
  privateNets: PrivateNetRecord[];
  protection: { delete: boolean; rebuild: boolean };
  primaryDiskSize: number;
}

export interface VolumeRecord {
  id: number;
  name: string;
  size: number;
  location: string;
  format: string | null;
  server: number | null;
  automount: boolean;
  linuxDevice: string;
  labels: Labels;
  protection: { delete: boolean };
  created: string;
}

export interface SubnetRecord {
  type: string;
  ipRange: string;
  networkZone: string;
  gateway: string;
}

export interface NetworkRecord {
  id: number;
  name: string;
  ipRange: string;
  subnets: SubnetRecord[];
  labels: Labels;
  protection: { delete: boolean };
  exposeRoutesToVSwitch: boolean;
  created: string;
}

export interface FirewallRuleRecord {
  direction: "in" | "out";
  protocol: string;
  port: string | null;
  sourceIps: string[];
  destinationIps: string[];
  description: string | null;
}

export interface FirewallRecord {
  id: number;
  name: string;
  labels: Labels;
  rules: FirewallRuleRecord[];
  /** Ids of the servers the firewall is applied to, in the order they were applied. */
  appliedTo: number[];
  created: string;
}

export interface PlacementGroupRecord {
  id: number;
  name: string;
  type: "spread";
  labels: Labels;
  created: string;
}

export interface HealthCheckRecord {
  protocol: string;
  port: number;
  interval: number;
  timeout: number;
  retries: number;
  http: { domain: string | null; path: string; response: string; statusCodes: string[]; tls: boolean } | null;
}

export interface ServiceRecord {
  protocol: "tcp";
  listenPort: number;
  destinationPort: number;
  proxyprotocol: boolean;
  healthCheck: HealthCheckRecord;
}

export interface TargetRecord {
  type: "server";
  server: number;
  usePrivateIp: boolean;
}

export interface LoadBalancerRecord {
  id: number;
  name: string;
  type: string;
  location: string;
  algorithm: string;
  labels: Labels;
  protection: { delete: boolean };
  publicInterface: boolean;
  ipv4: string;
  ipv6: string;
  privateNets: { network: number; ip: string }[];
  services: ServiceRecord[];
  targets: TargetRecord[];
  created: string;
}

export interface SshKeyRecord {
  id: number;
  name: string;
  publicKey: string;
  fingerprint: string;
  labels: Labels;
  created: string;
}

/** Public IPv4 addresses handed out, in order. */
const PUBLIC_IPV4_POOLS = ["192.0.2.0", "198.51.100.0"].map((base) => parseIpv4(base) as number);

/** The project: every resource, the actions and the counters. */
export class Store {
  readonly servers = new Map<number, ServerRecord>();
  readonly volumes = new Map<number, VolumeRecord>();
  readonly networks = new Map<number, NetworkRecord>();
  readonly firewalls = new Map<number, FirewallRecord>();
  readonly placementGroups = new Map<number, PlacementGroupRecord>();
  readonly loadBalancers = new Map<number, LoadBalancerRecord>();
  readonly sshKeys = new Map<number, SshKeyRecord>();
  readonly actions = new Map<number, ActionRecord>();

  private readonly counters = new Map<string, number>();

  /** The next id of a kind of resource (1, 2, ...). */
  nextId(kind: string): number {
    const next = (this.counters.get(kind) ?? 0) + 1;
    this.counters.set(kind, next);
    return next;
  }

  /** The current time as the API writes it (RFC 3339, seconds). */
  now(): string {
    return new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  }

  /** Records a finished action touching `resources` and returns it. */
  action(command: string, resources: { id: number; type: string }[]): ActionRecord {
    const now = this.now();
    const action: ActionRecord = {
      id: this.nextId("action"),
      command,
      status: "success",
      progress: 100,
      started: now,
      finished: now,
      resources,
      error: null,
    };
    this.actions.set(action.id, action);
    return action;
  }

  /** A public IPv4 address never handed out before. */
  publicIpv4(): string {
    const n = this.nextId("public-ipv4") - 1;
    const pool = Math.floor(n / 254);
    if (pool >= PUBLIC_IPV4_POOLS.length) {
      throw limitExceeded("no public IPv4 address left in the simulator's documentation ranges", "primary_ip_limit");
    }
    return formatIpv4(PUBLIC_IPV4_POOLS[pool] + (n % 254) + 1);
  }

  /** A server's public IPv6 network (/64). */
  serverIpv6Network(): string {
    return `2001:db8:0:${this.nextId("server-ipv6").toString(16)}::/64`;
  }

  /** A load balancer's public IPv6 address. */
  loadBalancerIpv6(): string {
    return `2001:db8:1:${this.nextId("lb-ipv6").toString(16)}::1`;
  }

  /** A MAC address for a private network interface. */
  macAddress(): string {
    const n = this.nextId("mac");
    return ["86", "00", "00", ...[16, 8, 0].map((s) => ((n >> s) & 255).toString(16).padStart(2, "0"))].join(":");
  }
}
