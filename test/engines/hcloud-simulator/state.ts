/**
 * `HcloudSimulator.state()`: a deep copy of every resource for assertions, with the relations the
 * store keeps on one side only also shown on the other (a server's volumes, firewalls and load
 * balancers; a placement group's and a network's members; the volume attachments). Every list is
 * empty once everything was deleted (actions are not part of the state).
 */
import { imageById } from "./catalog";
import { firewallsOf } from "./firewalls";
import { groupMembers } from "./placement-groups";
import type {
  FirewallRecord,
  LoadBalancerRecord,
  NetworkRecord,
  PlacementGroupRecord,
  ServerRecord,
  SshKeyRecord,
  Store,
  VolumeRecord,
} from "./store";

export interface ServerState extends ServerRecord {
  /** Name of the image the server was created from. */
  readonly imageName: string;
  readonly volumes: number[];
  readonly firewalls: number[];
  /** Load balancers that have the server as a target. */
  readonly loadBalancers: number[];
}

export interface PlacementGroupState extends PlacementGroupRecord {
  readonly servers: number[];
}

export interface NetworkState extends NetworkRecord {
  readonly servers: number[];
  readonly loadBalancers: number[];
}

export interface VolumeAttachmentState {
  readonly volume: number;
  readonly server: number;
  readonly automount: boolean;
  readonly linuxDevice: string;
}

/** Everything the simulated project holds. */
export interface SimulatorState {
  readonly servers: ServerState[];
  readonly volumes: VolumeRecord[];
  readonly volumeAttachments: VolumeAttachmentState[];
  readonly firewalls: FirewallRecord[];
  readonly placementGroups: PlacementGroupState[];
  readonly loadBalancers: LoadBalancerRecord[];
  readonly networks: NetworkState[];
  readonly sshKeys: SshKeyRecord[];
}

/** A deep copy of the store's resources, ordered by id. */
export function snapshot(store: Store): SimulatorState {
  const copy = <T>(map: Map<number, T>): T[] => [...map.entries()].sort(([a], [b]) => a - b).map(([, record]) => structuredClone(record));
  const volumes = copy(store.volumes);
  const loadBalancers = copy(store.loadBalancers);
  return {
    servers: copy(store.servers).map((server) => ({
      ...server,
      imageName: imageById(server.image)?.name ?? String(server.image),
      volumes: volumes.filter((v) => v.server === server.id).map((v) => v.id),
      firewalls: firewallsOf(store, server.id),
      loadBalancers: loadBalancers.filter((lb) => lb.targets.some((t) => t.server === server.id)).map((lb) => lb.id),
    })),
    volumes,
    volumeAttachments: volumes
      .filter((v) => v.server !== null)
      .map((v) => ({ volume: v.id, server: v.server as number, automount: v.automount, linuxDevice: v.linuxDevice })),
    firewalls: copy(store.firewalls),
    placementGroups: copy(store.placementGroups).map((group) => ({ ...group, servers: groupMembers(store, group.id) })),
    loadBalancers,
    networks: copy(store.networks).map((network) => ({
      ...network,
      servers: [...store.servers.values()].filter((s) => s.privateNets.some((p) => p.network === network.id)).map((s) => s.id),
      loadBalancers: loadBalancers.filter((lb) => lb.privateNets.some((p) => p.network === network.id)).map((lb) => lb.id),
    })),
    sshKeys: copy(store.sshKeys),
  };
}
