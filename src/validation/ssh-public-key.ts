// ---------------------------------------------------------------------------
// OpenSSH public keys, decoded (issue 12, item 6). Messages never show key material.
// ---------------------------------------------------------------------------

/** Key types taken as `hcloud.sshKeys[].publicKey` (Hetzner takes them all; DSA is refused by OpenSSH). */
export const SSH_PUBLIC_KEY_TYPES = [
  "ssh-ed25519",
  "ecdsa-sha2-nistp256",
  "ecdsa-sha2-nistp384",
  "ecdsa-sha2-nistp521",
  "ssh-rsa",
  "sk-ssh-ed25519@openssh.com",
  "sk-ecdsa-sha2-nistp256@openssh.com",
] as const;

/** The smallest RSA key taken, in bits (OpenSSH's own minimum for new keys is 1024; NIST's is 2048). */
export const MIN_RSA_BITS = 2048;

/** What a public key line may be, for messages. */
export const SSH_PUBLIC_KEY_RULE = `must be an OpenSSH public key line 'type key-data [comment]' such as 'ssh-ed25519 AAAA... me@example.org', of type ssh-ed25519, ecdsa-sha2-nistp256/384/521, ssh-rsa (${MIN_RSA_BITS} bits or more), sk-ssh-ed25519@openssh.com or sk-ecdsa-sha2-nistp256@openssh.com`;

const PRIVATE_KEY = /PRIVATE KEY|PuTTY-User-Key-File|^\s*-----BEGIN /;

/** Reads the SSH wire format: uint32 length-prefixed strings. */
class SshBlobReader {
  private offset = 0;
  constructor(private readonly blob: Buffer) {}
  string(): Buffer | undefined {
    if (this.offset + 4 > this.blob.length) return undefined;
    const length = this.blob.readUInt32BE(this.offset);
    if (this.offset + 4 + length > this.blob.length) return undefined;
    const value = this.blob.subarray(this.offset + 4, this.offset + 4 + length);
    this.offset += 4 + length;
    return value;
  }
  get done(): boolean {
    return this.offset === this.blob.length;
  }
}

/** Bits of an SSH mpint (big-endian, a leading 0 byte keeps it positive). */
function mpintBits(value: Buffer): number {
  let i = 0;
  while (i < value.length && value[i] === 0) i++;
  if (i === value.length) return 0;
  return (value.length - i - 1) * 8 + value[i].toString(2).length;
}

const EC_POINT_BYTES: Readonly<Record<string, number>> = { nistp256: 65, nistp384: 97, nistp521: 133 };

/** Why the decoded key data does not hold a key of `type`, or undefined. */
function sshBlobProblem(type: string, blob: Buffer): string | undefined {
  const reader = new SshBlobReader(blob);
  const embedded = reader.string();
  if (!embedded) return "its key data is too short to hold a key";
  const embeddedType = embedded.toString("latin1");
  if (embeddedType !== type) {
    const named = (SSH_PUBLIC_KEY_TYPES as readonly string[]).includes(embeddedType) || embeddedType === "ssh-dss";
    return `its key data is ${named ? `of type ${embeddedType}` : "of another type"}, not the ${type} the line declares`;
  }
  const malformed = `its key data is not a well-formed ${type} key`;
  const point = (curve: string): string | undefined => {
    const name = reader.string()?.toString("latin1");
    const q = reader.string();
    if (name !== curve || !q || q.length !== EC_POINT_BYTES[curve] || q[0] !== 4) return malformed;
    return undefined;
  };
  if (type === "ssh-ed25519" || type === "sk-ssh-ed25519@openssh.com") {
    if (reader.string()?.length !== 32) return malformed;
  } else if (type.startsWith("ecdsa-sha2-")) {
    const problem = point(type.slice("ecdsa-sha2-".length));
    if (problem) return problem;
  } else if (type === "sk-ecdsa-sha2-nistp256@openssh.com") {
    const problem = point("nistp256");
    if (problem) return problem;
  } else if (type === "ssh-rsa") {
    const e = reader.string();
    const n = reader.string();
    if (!e || !n || mpintBits(e) < 2) return malformed;
    const bits = mpintBits(n);
    if (bits < MIN_RSA_BITS)
      return `it is an RSA key of ${bits} bits: at least ${MIN_RSA_BITS} are needed (ssh-keygen -t ed25519 makes a better key)`;
  }
  if (type.startsWith("sk-") && !reader.string()) return malformed; // the FIDO application, e.g. "ssh:"
  if (!reader.done) return `${malformed} (extra bytes after the key)`;
  return undefined;
}

/**
 * Why `line` is not a usable OpenSSH public key line (see {@link SSH_PUBLIC_KEY_RULE}), as a whole
 * message, or undefined. The message never quotes the line's key material: use
 * {@link sshPublicKeyShown} to name the key.
 */
export function sshPublicKeyProblem(line: string): string | undefined {
  if (PRIVATE_KEY.test(line)) {
    return "must be an OpenSSH public key line, not a private key: paste the public key (the .pub file, one line) instead, and treat this private key as exposed if the file was shared";
  }
  const problem = publicKeyLineProblem(line);
  return problem && `${SSH_PUBLIC_KEY_RULE}: ${problem}`;
}

function publicKeyLineProblem(line: string): string | undefined {
  if (/^\s*---- BEGIN SSH2 PUBLIC KEY/.test(line))
    return "this is an RFC 4716 key: convert it to one OpenSSH line with 'ssh-keygen -i -f <file>'";
  if (/[\r\n]/.test(line.trim())) return "must be one line";
  const [type, data] = line.trim().split(/[ \t]+/);
  if (!(SSH_PUBLIC_KEY_TYPES as readonly string[]).includes(type)) {
    return type === "ssh-dss"
      ? "DSA (ssh-dss) keys are refused by the nodes' OpenSSH (disabled since OpenSSH 7.0)"
      : /^AAAA/.test(type ?? "")
        ? "the key type is missing before the key data"
        : "the key type is not one of the allowed ones";
  }
  if (data === undefined) return "the key data is missing after the type";
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(data) || data.length % 4 !== 0) return "its key data is not base64";
  const blob = Buffer.from(data, "base64");
  if (blob.toString("base64") !== data) return "its key data is not base64";
  return sshBlobProblem(type, blob);
}

/**
 * A public key line as messages may show it: its type and comment, never its key material
 * (`ssh-ed25519 <key data not shown> me@laptop`); a private key is not shown at all.
 */
export function sshPublicKeyShown(line: string): string {
  if (typeof line !== "string") return "<not a string>";
  if (PRIVATE_KEY.test(line)) return "<a private key, not shown>";
  const [type, , ...comment] = line.trim().split(/[ \t]+/);
  const knownType = (SSH_PUBLIC_KEY_TYPES as readonly string[]).includes(type) || type === "ssh-dss";
  if (!knownType) return "<key line not shown>";
  const text = comment.join(" ").replace(/[\r\n].*$/s, "");
  return `${type} <key data not shown>${text ? ` ${text}` : ""}`;
}
