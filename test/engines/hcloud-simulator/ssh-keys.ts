/**
 * SSH keys: `POST/GET /ssh_keys`, `GET/PUT/DELETE /ssh_keys/{id}`.
 *
 * The public key must be `<type> <base64 blob> [comment]` with a blob whose embedded type matches
 * (`invalid_input` otherwise). Its fingerprint is Hetzner's: the MD5 of the blob as colon-separated
 * hex. Names and fingerprints are unique in the project (`uniqueness_error`, 409). The key is stored
 * and returned as sent. Deleting a key does not touch the servers created with it.
 */
import { createHash } from "node:crypto";
import { ApiError, invalidInput } from "./errors";
import { assertUniqueName, labelsField, onlyModeledFields, requiredName, stringField } from "./input";
import { equals } from "./listing";
import { resourceFamily } from "./resources";
import { created, type Reply, type RequestContext, type Route } from "./route";
import type { SshKeyRecord } from "./store";

const KEY_TYPES = [
  "ssh-rsa",
  "ssh-dss",
  "ssh-ed25519",
  "ecdsa-sha2-nistp256",
  "ecdsa-sha2-nistp384",
  "ecdsa-sha2-nistp521",
  "sk-ssh-ed25519@openssh.com",
  "sk-ecdsa-sha2-nistp256@openssh.com",
];

/** The MD5 fingerprint of an OpenSSH public key line, or undefined when it is not one. */
export function md5Fingerprint(publicKey: string): string | undefined {
  const [type, data] = publicKey.trim().split(/\s+/);
  if (!KEY_TYPES.includes(type) || !data || !/^[A-Za-z0-9+/]+={0,2}$/.test(data)) return undefined;
  const blob = Buffer.from(data, "base64");
  if (blob.length < 4) return undefined;
  const typeLength = blob.readUInt32BE(0);
  if (blob.subarray(4, 4 + typeLength).toString("latin1") !== type) return undefined;
  return createHash("md5").update(blob).digest("hex").match(/../g)?.join(":");
}

function sshKeyJson(key: SshKeyRecord): Record<string, unknown> {
  return {
    id: key.id,
    name: key.name,
    fingerprint: key.fingerprint,
    public_key: key.publicKey,
    labels: { ...key.labels },
    created: key.created,
  };
}

const sshKeys = resourceFamily<SshKeyRecord>({
  key: "ssh_keys",
  singular: "ssh_key",
  what: "SSH key",
  items: (store) => store.sshKeys,
  render: sshKeyJson,
  filters: { name: equals("name"), fingerprint: equals("fingerprint") },
});

function createSshKey(ctx: RequestContext): Reply {
  const { body, store } = ctx;
  onlyModeledFields(body, ["name", "public_key", "labels"], "POST /ssh_keys");
  const name = requiredName(body);
  const publicKey = stringField(body, "public_key", true);
  const fingerprint = md5Fingerprint(publicKey);
  if (!fingerprint) throw invalidInput("public_key", "is not a valid SSH public key");
  const labels = labelsField(body);
  assertUniqueName(store.sshKeys.values(), name, "SSH key");
  if ([...store.sshKeys.values()].some((k) => k.fingerprint === fingerprint)) {
    throw new ApiError(409, "uniqueness_error", "SSH key with the same fingerprint already exists", {
      fields: [{ name: "public_key" }],
    });
  }
  const key: SshKeyRecord = { id: store.nextId("ssh_key"), name, publicKey, fingerprint, labels, created: store.now() };
  store.sshKeys.set(key.id, key);
  return created({ ssh_key: sshKeyJson(key) });
}

export const sshKeyRoutes: Route[] = sshKeys.routes({ create: createSshKey });
