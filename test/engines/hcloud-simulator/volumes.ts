/**
 * Volumes: `POST/GET /volumes`, `GET/PUT/DELETE /volumes/{id}`, actions `attach`, `detach`,
 * `change_protection`, `resize`.
 *
 * - Size 10..10240 GB (`invalid_input`), only growing on resize; names of 1-64 characters
 *   (alphanumerics, `-`, `_`, `.`, alphanumeric at both ends) and unique; format `ext4`, `xfs` or none.
 * - Created in `location`, or in the location of `server`, to which it is then attached (the
 *   `attach_volume` next action); `automount` needs `server`.
 * - `linux_device` is `/dev/disk/by-id/scsi-0HC_Volume_<id>`; status is always `available`.
 * - Attaching needs a server in the same location (`invalid_input`) and an unattached volume
 *   (`volume_already_attached`); a server takes at most 16 volumes (`resource_limit_exceeded`).
 * - Deleting needs delete protection off (423 `protected`) and the volume detached: the API reference
 *   says it "must not be attached"; the simulator answers `volume_already_attached` (422).
 * - Deleting a server detaches its volumes (done in servers.ts).
 */
import { invalidInput, limitExceeded, notFound, operationError } from "./errors";
import { findLocation, locationJson, type Location } from "./catalog";
import { assertUniqueName, boolField, idOrNameField, intField, labelsField, onlyModeledFields, stringField } from "./input";
import { equals, oneOf } from "./listing";
import { resourceFamily } from "./resources";
import { created, type Reply, type RequestContext, type Route } from "./route";
import type { ActionRecord, Store, VolumeRecord } from "./store";

const MIN_SIZE = 10;
const MAX_SIZE = 10240;
const VOLUMES_PER_SERVER = 16;
const VOLUME_NAME = /^[a-zA-Z0-9]([a-zA-Z0-9._-]{0,62}[a-zA-Z0-9])?$/;

function volumeJson(volume: VolumeRecord): Record<string, unknown> {
  return {
    id: volume.id,
    name: volume.name,
    server: volume.server,
    status: "available",
    location: locationJson(findLocation(volume.location) as Location),
    size: volume.size,
    format: volume.format,
    protection: { ...volume.protection },
    labels: { ...volume.labels },
    linux_device: volume.linuxDevice,
    created: volume.created,
  };
}

function checkSize(size: number, field = "size"): void {
  if (size < MIN_SIZE || size > MAX_SIZE) throw invalidInput(field, `must be between ${MIN_SIZE} and ${MAX_SIZE} GB`);
}

/** Attaches the volume to the server, with the API's checks, and records the action. */
function attach(store: Store, volume: VolumeRecord, serverId: number, automount: boolean): ActionRecord {
  const server = store.servers.get(serverId);
  if (!server) throw invalidInput("server", `server ${serverId} not found`);
  if (volume.server !== null)
    throw operationError("volume_already_attached", `volume ${volume.id} is already attached to server ${volume.server}`);
  if (server.location !== volume.location) {
    throw invalidInput("server", `server ${serverId} is in ${server.location}, volume ${volume.id} in ${volume.location}`);
  }
  const attached = [...store.volumes.values()].filter((v) => v.server === serverId).length;
  if (attached >= VOLUMES_PER_SERVER)
    throw limitExceeded(`server ${serverId} already has ${VOLUMES_PER_SERVER} volumes`, "volumes_per_server");
  volume.server = serverId;
  volume.automount = automount;
  return store.action("attach_volume", [
    { id: volume.id, type: "volume" },
    { id: serverId, type: "server" },
  ]);
}

const volumes = resourceFamily<VolumeRecord>({
  key: "volumes",
  singular: "volume",
  what: "volume",
  items: (store) => store.volumes,
  render: volumeJson,
  filters: { name: equals("name"), status: oneOf("status") },
});

/** A volume action: refuses body fields outside `fields`, then as `volumes.action`. */
function volumeAction(
  name: string,
  fields: string[],
  change: (volume: VolumeRecord, ctx: RequestContext) => ActionRecord | void,
  command?: string,
): Route {
  return volumes.action(
    name,
    (volume, ctx) => {
      onlyModeledFields(ctx.body, fields, "a volume action");
      return change(volume, ctx);
    },
    command,
  );
}

function createVolume(ctx: RequestContext): Reply {
  const { body, store } = ctx;
  onlyModeledFields(body, ["name", "size", "labels", "automount", "format", "location", "server"], "POST /volumes");
  const name = stringField(body, "name", true);
  if (!VOLUME_NAME.test(name)) throw invalidInput("name", "must be 1 to 64 alphanumerics, dashes, underscores or dots");
  const size = intField(body, "size", true);
  checkSize(size);
  const format = stringField(body, "format") ?? null;
  if (format !== null && format !== "ext4" && format !== "xfs") throw invalidInput("format", "must be xfs or ext4");
  const labels = labelsField(body);
  const serverId = intField(body, "server");
  const automount = boolField(body, "automount");
  if (automount !== undefined && serverId === undefined) throw invalidInput("automount", "needs server");
  let location: Location | undefined;
  const locationRef = idOrNameField(body, "location");
  if (serverId !== undefined) {
    const server = store.servers.get(serverId);
    if (!server) throw invalidInput("server", `server ${serverId} not found`);
    location = findLocation(server.location);
    if (locationRef !== undefined && findLocation(locationRef) !== location) {
      throw invalidInput("location", "differs from the location of server");
    }
  } else if (locationRef !== undefined) {
    location = findLocation(locationRef);
    if (!location) throw invalidInput("location", `unknown location '${locationRef}'`);
  } else {
    throw invalidInput("location", "location or server is required");
  }
  assertUniqueName(store.volumes.values(), name, "volume");
  const id = store.nextId("volume");
  const volume: VolumeRecord = {
    id,
    name,
    size,
    location: (location as Location).name,
    format,
    server: null,
    automount: false,
    linuxDevice: `/dev/disk/by-id/scsi-0HC_Volume_${id}`,
    labels,
    protection: { delete: false },
    created: store.now(),
  };
  store.volumes.set(id, volume);
  const action = store.action("create_volume", [{ id, type: "volume" }]);
  const nextActions = serverId !== undefined ? [attach(store, volume, serverId, automount ?? false)] : [];
  return created({ volume: volumeJson(volume), action, next_actions: nextActions });
}

export const volumeRoutes: Route[] = [
  ...volumes.routes({
    create: createVolume,
    validName: (n) => VOLUME_NAME.test(n),
    remove: (volume) => {
      if (volume.server !== null) {
        throw operationError("volume_already_attached", `volume ${volume.id} is attached to server ${volume.server}, detach it first`);
      }
    },
  }),
  volumeAction("attach", ["server", "automount"], (volume, ctx) =>
    attach(ctx.store, volume, intField(ctx.body, "server", true), boolField(ctx.body, "automount") ?? false),
  ),
  volumeAction("detach", [], (volume, ctx) => {
    if (volume.server === null) throw notFound(`attachment of volume ${volume.id}`);
    const server = volume.server;
    volume.server = null;
    volume.automount = false;
    return ctx.store.action("detach_volume", [
      { id: volume.id, type: "volume" },
      { id: server, type: "server" },
    ]);
  }),
  volumeAction("change_protection", ["delete"], (volume, ctx) => {
    volume.protection.delete = boolField(ctx.body, "delete") ?? volume.protection.delete;
  }),
  volumeAction(
    "resize",
    ["size"],
    (volume, ctx) => {
      const size = intField(ctx.body, "size", true);
      checkSize(size);
      if (size <= volume.size) throw invalidInput("size", `must be larger than the current ${volume.size} GB`);
      volume.size = size;
    },
    "resize_volume",
  ),
];
