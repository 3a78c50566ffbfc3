import { sshPublicKeyProblem, sshPublicKeyShown } from "../../src/validation";
import { FAKE_PRIVATE_KEY, KEYS, keyData, keyFields, keyLine } from "../config/ssh-keys";

describe("SSH public keys, decoded", () => {
  it.each(Object.entries(KEYS).filter(([name]) => !["rsa1024", "dsa"].includes(name)))("takes %s", (_name, line) => {
    expect(sshPublicKeyProblem(line)).toBeUndefined();
  });

  const ed25519 = keyFields(KEYS.ed25519);
  const ecdsa256 = keyFields(KEYS.ecdsa256);
  const rsa2048 = keyFields(KEYS.rsa2048);
  it.each<[string, string, string]>([
    ["an RSA key of 1024 bits", KEYS.rsa1024, "it is an RSA key of 1024 bits: at least 2048 are needed"],
    ["a DSA key", KEYS.dsa, "DSA (ssh-dss) keys are refused"],
    [
      "an Ed25519 blob declared as RSA",
      `ssh-rsa ${keyData(KEYS.ed25519)}`,
      "its key data is of type ssh-ed25519, not the ssh-rsa the line declares",
    ],
    ["an unknown embedded type", keyLine("ssh-ed25519", ["ssh-foo", ed25519[1]]), "its key data is of another type, not the ssh-ed25519"],
    [
      "a FIDO key without application",
      keyLine("sk-ssh-ed25519@openssh.com", ["sk-ssh-ed25519@openssh.com", ed25519[1]]),
      "not a well-formed",
    ],
    ["an RSA key without modulus", keyLine("ssh-rsa", ["ssh-rsa", Buffer.from([1, 0, 1])]), "not a well-formed ssh-rsa key"],
    ["padding in the middle", `ssh-ed25519 AAAA=AAA`, "its key data is not base64"],
    ["a second line", `${KEYS.ed25519}\n${KEYS.ecdsa256}`, "must be one line"],
    ["an RFC 4716 key", "---- BEGIN SSH2 PUBLIC KEY ----\nAAAA\n---- END SSH2 PUBLIC KEY ----", "this is an RFC 4716 key"],
    ["a type alone", "ssh-ed25519", "the key data is missing after the type"],
    ["key data without its type", keyData(KEYS.ed25519), "the key type is missing before the key data"],
    ["an unknown type", `ssh-foo ${keyData(KEYS.ed25519)}`, "the key type is not one of the allowed ones"],
    ["key data of a length base64 never has", "ssh-ed25519 AAAAC3NzaC1", "its key data is not base64"],
    ["base64 with bits set past its end", "ssh-ed25519 AB==", "its key data is not base64"],
    ["key data too short to name its type", "ssh-ed25519 AAAA", "its key data is too short to hold a key"],
    [
      "bytes after the key",
      keyLine("ssh-ed25519", [...ed25519, "x"]),
      "its key data is not a well-formed ssh-ed25519 key (extra bytes after the key)",
    ],
    ["an Ed25519 key of 31 bytes", keyLine("ssh-ed25519", [ed25519[0], ed25519[1].subarray(1)]), "not a well-formed ssh-ed25519 key"],
    [
      "another curve than declared",
      keyLine("ecdsa-sha2-nistp256", [ecdsa256[0], "nistp384", ecdsa256[2]]),
      "not a well-formed ecdsa-sha2-nistp256 key",
    ],
    [
      "a point of the wrong length",
      keyLine("ecdsa-sha2-nistp256", [ecdsa256[0], ecdsa256[1], ecdsa256[2].subarray(0, 64)]),
      "not a well-formed",
    ],
    [
      "a compressed point",
      keyLine("ecdsa-sha2-nistp256", [ecdsa256[0], ecdsa256[1], Buffer.concat([Buffer.from([2]), ecdsa256[2].subarray(1)])]),
      "not a well-formed",
    ],
    [
      "a FIDO ECDSA key without application",
      keyLine("sk-ecdsa-sha2-nistp256@openssh.com", ["sk-ecdsa-sha2-nistp256@openssh.com", ecdsa256[1], ecdsa256[2]]),
      "not a well-formed",
    ],
    ["an RSA exponent of 1", keyLine("ssh-rsa", [rsa2048[0], Buffer.from([1]), rsa2048[2]]), "not a well-formed ssh-rsa key"],
    [
      "an RSA key of 2047 bits",
      keyLine("ssh-rsa", [rsa2048[0], rsa2048[1], Buffer.concat([Buffer.from([0x7f]), Buffer.alloc(255, 0xff)])]),
      "it is an RSA key of 2047 bits",
    ],
  ])("refuses %s", (_name, line, problem) => {
    expect(sshPublicKeyProblem(line)).toContain(problem);
  });

  it("takes FIDO keys with their application, and an RSA modulus of exactly 2048 bits", () => {
    expect(sshPublicKeyProblem(keyLine("sk-ssh-ed25519@openssh.com", ["sk-ssh-ed25519@openssh.com", ed25519[1], "ssh:"]))).toBeUndefined();
    expect(
      sshPublicKeyProblem(
        keyLine("sk-ecdsa-sha2-nistp256@openssh.com", ["sk-ecdsa-sha2-nistp256@openssh.com", ecdsa256[1], ecdsa256[2], "ssh:"]),
      ),
    ).toBeUndefined();
    expect(
      sshPublicKeyProblem(keyLine("ssh-rsa", [rsa2048[0], rsa2048[1], Buffer.concat([Buffer.from([0, 0x80]), Buffer.alloc(255, 1)])])),
    ).toBeUndefined();
  });

  it("refuses a private key, and never shows it", () => {
    expect(sshPublicKeyProblem(FAKE_PRIVATE_KEY)).toMatch(/^must be an OpenSSH public key line, not a private key/);
    expect(sshPublicKeyProblem("-----BEGIN RSA PRIVATE KEY-----\nMIIE...")).toMatch(/not a private key/);
    expect(sshPublicKeyProblem("PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none")).toMatch(/not a private key/);
    expect(sshPublicKeyShown(FAKE_PRIVATE_KEY)).toBe("<a private key, not shown>");
  });

  it("shows a key by its type and comment only", () => {
    expect(sshPublicKeyShown(KEYS.rsa2048)).toBe("ssh-rsa <key data not shown> me@rsa2048");
    expect(sshPublicKeyShown(`${KEYS.ed25519} and more`)).toBe("ssh-ed25519 <key data not shown> me@ed25519 and more");
    expect(sshPublicKeyShown(keyData(KEYS.ed25519))).toBe("<key line not shown>");
    expect(sshPublicKeyShown("ssh-ed25519")).toBe("ssh-ed25519 <key data not shown>");
  });
});
