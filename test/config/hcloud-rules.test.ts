import * as fs from "fs";
import * as hcloudSchema from "../../src/config/hcloud-schema";
import {
  K3S_PORTS_TEXT,
  isWideSource,
  k3sPortHit,
  k3sRangeClashes,
  k3sRangeProblem,
  kubeletArgProblem,
  mountPathProblem,
  networkIpRangeProblem,
  normalizePath,
  parsePortRange,
  podRangeCapacity,
  sshPortProblem,
  sshUserProblem,
} from "../../src/validation/hcloud";
import * as hcloudRules from "../../src/validation/hcloud";
import { K3S_CHANNEL, k3sChannel, k3sVersion, k3sVersionProblem } from "../../src/validation/k3s-version";
import {
  firewallCidrProblem,
  formatIpRange,
  hasHostBits,
  ipRange,
  ipRangesOverlap,
  ipRangeWithin,
  parseIpRange,
  sshPublicKeyProblem,
  sshPublicKeyShown,
} from "../../src/validation";
import { FAKE_PRIVATE_KEY, KEYS, keyData, keyFields, keyLine } from "./ssh-keys";

describe("where the rules live", () => {
  it("are the same objects at their 0.5 path (src/config/hcloud-schema) as in src/validation", () => {
    for (const name of [
      "networkIpRangeProblem",
      "sshPortProblem",
      "mountPathProblem",
      "kubeletLabelKey",
      "sshPublicKey",
      "clusterName",
    ] as const) {
      expect(hcloudSchema[name]).toBe(hcloudRules[name]);
    }
    expect(hcloudSchema.k3sVersionProblem).toBe(k3sVersionProblem);
  });
});

describe("IP ranges, parsed for real", () => {
  it.each<[string, string]>([
    ["10.0.0/16", "'10.0.0' is not an IPv4 address of 4 octets"],
    ["10.0.0.256/32", "octet 256 of '10.0.0.256' is beyond 255"],
    ["10.0.0.01/32", "octet '01' of '10.0.0.01' is not a number from 0 to 255 (without leading zeros)"],
    ["10.0.0.0/33", "prefix /33 is beyond /32 for IPv4"],
    ["10.0.0.0/08", "prefix '/08' is not a number from 0 to 32"],
    ["10.0.0.0/", "prefix '/' is not a number from 0 to 32"],
    ["10.0.0.0/16/1", "'10.0.0.0/16/1' is not written address/prefix"],
    ["2001:db8::/129", "prefix /129 is beyond /128 for IPv6"],
    ["2001:db8:::1/64", "'2001:db8:::1' is not an IPv6 address"],
    ["2001:db8::1::2/64", "'2001:db8::1::2' is not an IPv6 address"],
    ["1:2:3:4:5:6:7:8:9/64", "'1:2:3:4:5:6:7:8:9' is not an IPv6 address"],
    ["2001:db8::g/64", "'2001:db8::g' is not an IPv6 address"],
    ["my-laptop", "'my-laptop' is not an IP address or range"],
  ])("refuses %s: %s", (text, problem) => {
    const result = parseIpRange(text);
    expect(typeof result).toBe("string");
    expect(result as string).toContain(problem);
  });

  it("says how to write one address", () => {
    expect(parseIpRange("203.0.113.4")).toBe("no /prefix: write '203.0.113.4/32' for this one address, or the network's range");
    expect(parseIpRange("2001:db8::4")).toBe("no /prefix: write '2001:db8::4/128' for this one address, or the network's range");
  });

  it.each<[string, string, boolean]>([
    ["10.0.0.0/16", "10.0.0.0/16", false],
    ["10.0.1.0/16", "10.0.0.0/16", true],
    ["0.0.0.0/0", "0.0.0.0/0", false],
    ["203.0.113.10/32", "203.0.113.10/32", false],
    ["::/0", "::/0", false],
    ["2001:db8::1/64", "2001:db8::/64", true],
    ["2001:db8:0:0:1:0:0:1/128", "2001:db8::1:0:0:1/128", false],
    ["::ffff:10.0.0.1/128", "::ffff:a00:1/128", false],
    ["fe80:0:0:0:0:0:0:0/10", "fe80::/10", false],
    ["1:0:0:2:0:0:0:3/128", "1:0:0:2::3/128", false],
  ])("reads %s as %s (host bits set: %s)", (text, formatted, hostBits) => {
    const range = ipRange(text);
    expect(formatIpRange(range)).toBe(formatted);
    expect(hasHostBits(range)).toBe(hostBits);
  });

  it("tells overlapping and nested ranges", () => {
    expect(ipRangesOverlap(ipRange("10.0.0.0/16"), ipRange("10.0.255.0/24"))).toBe(true);
    expect(ipRangesOverlap(ipRange("10.0.0.0/16"), ipRange("10.1.0.0/16"))).toBe(false);
    expect(ipRangesOverlap(ipRange("10.0.0.0/8"), ipRange("10.42.0.0/16"))).toBe(true);
    expect(ipRangesOverlap(ipRange("10.0.0.0/8"), ipRange("::/0"))).toBe(false);
    expect(ipRangeWithin(ipRange("172.31.0.0/16"), ipRange("172.16.0.0/12"))).toBe(true);
    expect(ipRangeWithin(ipRange("172.32.0.0/16"), ipRange("172.16.0.0/12"))).toBe(false);
    expect(ipRangeWithin(ipRange("10.0.0.0/8"), ipRange("10.0.0.0/16"))).toBe(false);
  });

  it("takes firewall sources that are networks or single hosts", () => {
    expect(firewallCidrProblem("203.0.113.0/24")).toBeUndefined();
    expect(firewallCidrProblem("203.0.113.4/32")).toBeUndefined();
    expect(firewallCidrProblem("2001:db8::/32")).toBeUndefined();
    expect(firewallCidrProblem("203.0.113.4/24")).toBe(
      "'203.0.113.4/24' has host bits set: write 203.0.113.0/24 for the network, or 203.0.113.4/32 for the one address",
    );
  });

  it.each<[string, boolean]>([
    ["0.0.0.0/0", true],
    ["::/0", true],
    ["0.0.0.0/1", true],
    ["10.0.0.0/7", true],
    ["10.0.0.0/8", false],
    ["203.0.113.4/32", false],
    ["2001:db8::/31", true],
    ["2001:db8::/32", false],
  ])("calls %s a wide source: %s", (text, wide) => {
    expect(isWideSource(text)).toBe(wide);
  });
});

describe("the network and k3s's ranges", () => {
  it.each<[string, string | undefined]>([
    ["10.0.0.0/16", undefined],
    ["10.255.0.0/16", undefined],
    ["172.16.0.0/16", undefined],
    ["172.31.0.0/16", undefined],
    ["192.168.0.0/16", undefined],
    ["172.15.0.0/16", "172.15.0.0/16 is a public range"],
    ["192.169.0.0/16", "192.169.0.0/16 is a public range"],
    ["100.64.0.0/16", "100.64.0.0/16 is a public range"],
    ["10.0.0.0/8", "/8 is not /16, which the address plan (x.y.<pool>.<node>) needs"],
    ["10.0.128.0/16", "host bits are set: the network is 10.0.0.0/16"],
    ["fd00::/16", "Hetzner networks are IPv4 only"],
  ])("network %s: %s", (text, problem) => {
    expect(networkIpRangeProblem(text)).toBe(problem);
  });

  it.each<["clusterCidr" | "serviceCidr", string, string | undefined]>([
    ["clusterCidr", "10.42.0.0/16", undefined],
    ["clusterCidr", "10.0.0.0/8", undefined],
    ["clusterCidr", "100.64.0.0/10", undefined],
    ["clusterCidr", "10.0.0.0/7", "/7 is outside /8 to /24"],
    ["clusterCidr", "10.42.0.0/25", "/25 is outside /8 to /24"],
    ["serviceCidr", "10.43.0.0/16", undefined],
    ["serviceCidr", "10.48.0.0/12", undefined],
    ["serviceCidr", "10.32.0.0/11", "/11 is outside /12 to /24"],
    ["serviceCidr", "10.43.0.0/25", "/25 is outside /12 to /24"],
    ["serviceCidr", "11.43.0.0/16", "11.43.0.0/16 is a public range"],
    ["serviceCidr", "fd00::/112", "only IPv4 is supported here (dual-stack clusters are not)"],
  ])("%s %s: %s", (which, text, problem) => {
    expect(k3sRangeProblem(which, text)).toBe(problem);
  });

  it("names overlaps, blaming the range changed from its default", () => {
    expect(k3sRangeClashes("10.0.0.0/16", "10.42.0.0/16", "10.43.0.0/16")).toEqual([]);
    expect(k3sRangeClashes("10.42.0.0/16", "10.42.0.0/16", "10.43.0.0/16")).toEqual([
      { range: "clusterCidr", other: "network", why: "nodes and pods would share addresses" },
    ]);
    expect(k3sRangeClashes("10.0.0.0/16", "10.42.0.0/16", "10.42.0.0/24")).toEqual([
      { range: "serviceCidr", other: "clusterCidr", why: "pods and Services would share addresses" },
    ]);
    expect(k3sRangeClashes("10.0.0.0/16", "10.43.0.0/24", "10.43.0.0/16")).toEqual([
      { range: "clusterCidr", other: "serviceCidr", why: "pods and Services would share addresses" },
    ]);
    expect(k3sRangeClashes("10.0.0.0/16", "10.0.0.0/8", "10.43.0.0/16").map((c) => `${c.range}/${c.other}`)).toEqual([
      "clusterCidr/network",
      "clusterCidr/serviceCidr",
    ]);
  });

  it("counts a /24 per node in the pod range", () => {
    expect(podRangeCapacity("10.42.0.0/16")).toBe(256);
    expect(podRangeCapacity("10.42.0.0/22")).toBe(4);
    expect(podRangeCapacity("10.42.0.0/24")).toBe(1);
  });
});

describe("ports", () => {
  it.each<[string, { from: number; to: number } | string]>([
    ["80", { from: 80, to: 80 }],
    ["30000-32767", { from: 30000, to: 32767 }],
    ["0", "ports go from 1 to 65535"],
    ["65536", "ports go from 1 to 65535"],
    ["90-80", "the range goes from 90 down to 80"],
    ["any", "is not a port or a range"],
  ])("reads %s", (text, expected) => {
    expect(parsePortRange(text)).toEqual(expected);
  });

  it.each<[number, boolean]>([
    [22, true],
    [2222, true],
    [443, true],
    [2379, false],
    [2381, false],
    [6443, false],
    [6444, false],
    [8472, true], // flannel's VXLAN is UDP; sshd listens on TCP
    [10010, false],
    [10250, false],
    [10259, false],
    [10260, true],
    [30000, false],
    [32767, false],
    [32768, true],
    [0, false],
  ])("SSH port %d is allowed: %s", (port, allowed) => {
    expect(sshPortProblem(port) === undefined).toBe(allowed);
  });

  it("names what uses each of k3s's ports, in the list every message gives", () => {
    const hits = (protocol: "tcp" | "udp", ports: number[]) => ports.map((p) => [p, k3sPortHit(protocol, p)?.what]);
    expect(hits("tcp", [2378, 2379, 2381, 2382, 6443, 6444, 6445, 10010, 10248, 10259, 10260])).toEqual([
      [2378, undefined],
      [2379, "etcd"],
      [2381, "etcd"],
      [2382, undefined],
      [6443, "the k3s supervisor and Kubernetes API"],
      [6444, "the k3s supervisor and Kubernetes API"],
      [6445, undefined],
      [10010, "containerd's stream server"],
      [10248, "the kubelet, kube-proxy, controller managers and scheduler"],
      [10259, "the kubelet, kube-proxy, controller managers and scheduler"],
      [10260, undefined],
    ]);
    expect(hits("udp", [8472, 51820, 51821, 6443])).toEqual([
      [8472, "flannel's VXLAN"],
      [51820, "flannel's WireGuard"],
      [51821, "flannel's WireGuard"],
      [6443, undefined],
    ]);
    expect(K3S_PORTS_TEXT).toBe("TCP 2379-2381, 6443-6444, 10010, 10248-10259, UDP 8472, 51820-51821");
  });
});

describe("hosts", () => {
  it.each<[string, string]>([
    ["/mnt//longhorn/", "/mnt/longhorn"],
    ["/./etc", "/etc"],
    ["//etc", "/etc"],
    ["/usr/local/../..", "/"],
    ["/../../mnt", "/mnt"],
    ["/", "/"],
  ])("normalizes %s to %s", (path, normal) => {
    expect(normalizePath(path)).toBe(normal);
  });

  it.each<[string, string | undefined, RegExp | undefined]>([
    ["/mnt/longhorn", "rocks", undefined],
    ["/srv/data", undefined, undefined],
    ["/home/rocks-data", "rocks", undefined],
    ["/opt/longhorn", "rocks", undefined],
    ["/", undefined, /must not be the root directory/],
    ["/boot/efi", undefined, /in \/boot/],
    ["/snap/x", undefined, /in \/snap/],
    ["/lib64", undefined, /in \/lib64/],
    ["/home/rocks", "rocks", /must not be the SSH user's home/],
    ["/home/rocks/", "rocks", /must not be the SSH user's home/],
    ["/home/rocks", undefined, undefined],
    ["/home/../root", "rocks", /inside a system directory: '\/home\/\.\.\/root' \(\/root\) is in \/root/],
    ["/mnt/long horn", undefined, /must be an absolute path/],
  ])("mount path %s (SSH user %s): %s", (path, user, problem) => {
    const found = mountPathProblem(path, user);
    if (problem) expect(found).toMatch(problem);
    else expect(found).toBeUndefined();
  });

  it.each<[string, boolean]>([
    ["rocks", true],
    ["k3s-admin", true],
    ["deploy_bot", true],
    ["root", false],
    ["ubuntu", false],
    ["debian", false],
    ["adm", false],
    ["systemd-resolve", false],
    ["_chrony", false],
    ["messagebus", false],
    ["Rocks", false],
  ])("SSH user %s is allowed: %s", (user, allowed) => {
    expect(sshUserProblem(user) === undefined).toBe(allowed);
  });

  it("refuses every user and group of Debian's base-passwd, which every server image starts from", () => {
    // base-passwd is essential: every Debian machine (and CI's) has its master files.
    const master = (file: string) =>
      fs
        .readFileSync(`/usr/share/base-passwd/${file}`, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((line) => line.split(":")[0]);
    const names = [...master("passwd.master"), ...master("group.master")];
    expect(names.length).toBeGreaterThan(30);
    expect(names.filter((n) => sshUserProblem(n) === undefined)).toEqual([]);
  });

  it("reads anonymous-auth's value as the kubelet does (Go's strconv.ParseBool)", () => {
    for (const value of ["0", "f", "F", "false", "FALSE", "False"]) expect(kubeletArgProblem(`anonymous-auth=${value}`)).toBeUndefined();
    const refused = "must not switch on the kubelet's anonymous access: anonymous-auth must be false, k3s's default";
    for (const value of ["1", "t", "T", "true", "TRUE", "True"]) expect(kubeletArgProblem(`anonymous-auth=${value}`)).toBe(refused);
    expect(kubeletArgProblem("anonymous-auth=no")).toBe(`${refused} ('no' is not a boolean)`);
  });

  it("keeps volumes off every system directory of the image, and anything inside one", () => {
    const dirs = ["/bin", "/boot", "/dev", "/etc", "/lib", "/lib32", "/lib64", "/libx32", "/proc", "/root", "/run", "/sbin", "/snap"];
    for (const dir of [...dirs, "/sys", "/tmp", "/usr", "/var", "/var/lib/longhorn"]) {
      expect({ dir, problem: mountPathProblem(dir) }).toEqual({
        dir,
        problem: expect.stringMatching(/^must not be inside a system directory/),
      });
    }
    for (const dir of ["/mnt/longhorn", "/srv/data", "/data", "/binaries"]) expect(mountPathProblem(dir)).toBeUndefined();
  });

  it("refuses the accounts and groups the cloud images add to base-passwd's, and their default users", () => {
    // Ubuntu 24.04 and 22.04 and Debian 12 cloud images: /etc/passwd and /etc/group past base-passwd's.
    const images = [
      ...["messagebus", "syslog", "sshd", "uuidd", "tcpdump", "tss", "landscape", "pollinate", "fwupd-refresh", "usbmux"],
      ...["dnsmasq", "lxd", "polkitd", "dhcpcd", "statd", "chrony", "ntp", "ubuntu", "debian"],
      ...["input", "sgx", "kvm", "render", "netdev", "crontab", "ssh", "lpadmin", "sambashare", "rdma", "wheel"],
    ];
    expect(images.filter((n) => sshUserProblem(n) === undefined)).toEqual([]);
  });

  it.each<[string, boolean]>([
    ["eviction-hard=memory.available<250Mi", true],
    ["anonymous-auth=false", true],
    ["anonymous-auth=False", true],
    ["anonymous-auth=0", true],
    ["anonymous-auth=True", false],
    ["anonymous-auth=t", false],
    ["authorization-mode=Webhook", true],
    ["authorization-mode=AlwaysAllow", false],
    ["authorization-mode=alwaysallow", false],
    ["read-only-port=0", true],
    ["read-only-port=10255", false],
    ["node-labels=tier=fast", true],
    ["node-labels=node.kubernetes.io/exclude-from-external-load-balancers=true", true],
    ["node-labels=node-role.kubernetes.io/worker=true", false],
    ["node-labels=node-role.kubernetes.io/worker", false],
    ["node-labels=k8s.io/x=y", false],
  ])("kubelet argument %s is allowed: %s", (arg, allowed) => {
    expect(kubeletArgProblem(arg) === undefined).toBe(allowed);
  });

  it.each<[string, boolean]>([
    ["stable", true],
    ["latest", true],
    ["testing", true],
    ["v1.31", true],
    ["v1.36", true],
    ["v1.30", false],
    ["v1.37", false],
    ["v1.3", false],
    ["v1.336", false],
    ["edge", false],
  ])("k3s channel %s is allowed: %s", (channel, allowed) => {
    expect(K3S_CHANNEL.test(channel)).toBe(allowed);
    expect(k3sChannel.safeParse(channel).success).toBe(allowed);
  });

  it.each<[string, boolean]>([
    ["v1.31.0+k3s1", true],
    ["v1.36.4+k3s1", true],
    ["v1.33.5+k3s12", true],
    ["v1.30.14+k3s1", false],
    ["v1.37.0+k3s1", false],
    ["v1.36.4-rc1+k3s1", false],
    ["v1.36.4", false],
  ])("k3s version %s is allowed: %s", (version, allowed) => {
    expect(k3sVersionProblem(version) === undefined).toBe(allowed);
    expect(k3sVersion.safeParse(version).success).toBe(allowed);
  });

  it("words a k3s version and channel the same in the rule and the problem", () => {
    expect(k3sVersion.safeParse("v1.36.4").error?.issues.map((i) => i.message)).toEqual([k3sVersionProblem("v1.36.4")]);
    expect(k3sVersion.safeParse("v1.30.1+k3s1").error?.issues.map((i) => i.message)).toEqual([k3sVersionProblem("v1.30.1+k3s1")]);
    expect(k3sChannel.safeParse("v1.30").error?.issues[0].message).toMatch(/^must be a k3s release channel: stable, latest, testing/);
  });
});

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
