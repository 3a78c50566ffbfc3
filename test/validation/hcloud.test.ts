import { z } from "zod";
import * as rules from "../../src/validation/hcloud";
import { itWhen } from "../helpers";
import { notRefused, notTaken } from "../issues";
import * as fs from "fs";
import {
  K3S_PORTS_TEXT,
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
import { K3S_CHANNEL, k3sChannel, k3sVersion, k3sVersionProblem } from "../../src/validation/k3s-version";

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

  // Debian's base-passwd (the images' accounts start from it) is essential on Debian and Ubuntu, CI's
  // machines; elsewhere (macOS, Alpine) the test is skipped locally and fails in CI.
  const BASE_PASSWD = "/usr/share/base-passwd";
  const withBasePasswd = itWhen(
    fs.existsSync(BASE_PASSWD),
    `${BASE_PASSWD} is missing: CI runs on Debian, whose base-passwd has it`,
    `no ${BASE_PASSWD} here`,
  );

  withBasePasswd("refuses every user and group of Debian's base-passwd, which every server image starts from", () => {
    // This machine's copy: a name a later base-passwd adds fails here, to be added to SYSTEM_ACCOUNTS.
    const master = (file: string) =>
      fs
        .readFileSync(`${BASE_PASSWD}/${file}`, "utf8")
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
      // base-passwd's until Debian 12 dropped it (so this machine's oracle above lacks it); Ubuntu's images keep it
      "gnats",
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

describe("the hcloud field rules at their edges", () => {
  it("takes every value of each Hetzner and k3s enumeration, and nothing near one", () => {
    const enums: [z.ZodType, string[], string[]][] = [
      [rules.k3sComponent, ["traefik", "servicelb", "local-storage", "metrics-server", "coredns"], ["Traefik", "local_storage", ""]],
      [rules.volumeFormat, ["ext4", "xfs"], ["btrfs", "EXT4"]],
      [rules.loadBalancerType, ["lb11", "lb21", "lb31"], ["lb41", "LB11"]],
      [rules.loadBalancerAlgorithm, ["round_robin", "least_connections"], ["round-robin"]],
      [rules.loadBalancerProtocol, ["tcp", "http"], ["https", "udp"]],
      [rules.firewallProtocol, ["tcp", "udp"], ["icmp", "TCP"]],
    ];
    for (const [rule, taken, refused] of enums) expect([notTaken(rule, taken), notRefused(rule, refused)]).toEqual([[], []]);
  });

  it("counts: control planes 1 or 3, pool servers 1-99, volumes 10-10240 GB, snapshots from 1", () => {
    expect([notTaken(rules.controlPlaneCount, [1, 3]), notRefused(rules.controlPlaneCount, [0, 2, 4, 1.5])]).toEqual([[], []]);
    expect([notTaken(rules.poolServerCount, [1, 99]), notRefused(rules.poolServerCount, [0, 100, 2.5])]).toEqual([[], []]);
    expect([notTaken(rules.volumeSize, [10, 10240]), notRefused(rules.volumeSize, [9, 10241, 10.5])]).toEqual([[], []]);
    expect([notTaken(rules.etcdSnapshotRetention, [1, 50]), notRefused(rules.etcdSnapshotRetention, [0, 1.5])]).toEqual([[], []]);
  });

  it("names: interfaces, clusters, pools, packages, etcd folders", () => {
    expect([
      notTaken(rules.interfaceName, ["enp7s0", "ens10", "ab", `a${"b".repeat(14)}`]),
      notRefused(rules.interfaceName, ["e", `a${"b".repeat(15)}`, "Enp7s0", "7enp", "en p"]),
    ]).toEqual([[], []]);
    expect([
      notTaken(rules.clusterName, ["kube", "k".repeat(20)]),
      notRefused(rules.clusterName, ["1kube", "k".repeat(21), "Kube", "-kube"]),
    ]).toEqual([[], []]);
    expect(rules.clusterName.safeParse("1kube").error?.issues.map((i) => i.message)).toEqual([
      "must start with a letter (it begins Terraform resource names)",
    ]);
    expect([
      notTaken(rules.poolName, ["worker", "controllers", "my-controller", "controller-x"]),
      notRefused(rules.poolName, ["controller", "controller-01", "controller-1"]),
    ]).toEqual([[], []]);
    expect([
      notTaken(rules.debianPackage, ["nfs-common", "g++", "libc6.1", "0ad"]),
      notRefused(rules.debianPackage, ["-x", "Nfs", "a b", "", "a_b"]),
    ]).toEqual([[], []]);
    expect([
      notTaken(rules.etcdS3Folder, ["etcd", "etcd/kube", "a.b_c-d"]),
      notRefused(rules.etcdS3Folder, ["/etcd", "etcd/", "etcd//kube", "", "a b"]),
    ]).toEqual([[], []]);
    expect([notTaken(rules.serverImage, ["ubuntu-24.04", "12345"]), notRefused(rules.serverImage, [""])]).toEqual([[], []]);
    expect([notTaken(rules.tlsSan, ["k8s.example.org", "203.0.113.4"]), notRefused(rules.tlsSan, [""])]).toEqual([[], []]);
  });

  it("node labels: the kubelet may set the well-known ones and its own prefixes, nothing else under kubernetes.io or k8s.io", () => {
    const allowed = [
      "kubernetes.io/hostname", "kubernetes.io/arch", "kubernetes.io/os", "beta.kubernetes.io/arch", "beta.kubernetes.io/os",
      "beta.kubernetes.io/instance-type", "node.kubernetes.io/instance-type", "failure-domain.beta.kubernetes.io/region",
      "failure-domain.beta.kubernetes.io/zone", "topology.kubernetes.io/region", "topology.kubernetes.io/zone",
      "kubelet.kubernetes.io/x", "node.kubernetes.io/x", "team.node.kubernetes.io/x", "example.com/x", "tier",
    ]; // prettier-ignore
    const refused = [
      "node-role.kubernetes.io/worker",
      "kubernetes.io/other",
      "k8s.io/x",
      "sub.k8s.io/x",
      "topology.kubernetes.io/rack",
      "node.kubernetes.io/a/b",
    ];
    expect([notTaken(rules.kubeletLabelKey, allowed), notRefused(rules.kubeletLabelKey, refused)]).toEqual([[], []]);
  });

  it("taints: one per key and effect on a node", () => {
    expect(rules.nodeTaints.safeParse(["a=1:NoSchedule", "a=2:NoSchedule"]).error?.issues.map((i) => i.message)).toEqual([
      "has two taints with key and effect 'a:NoSchedule': Kubernetes refuses the node",
    ]);
    expect(rules.nodeTaints.safeParse(["a:NoSchedule", "a:NoExecute", "b:NoSchedule"]).success).toBe(true);
  });
});

describe("port bounds, at their edges", () => {
  it("takes 1 and 65535, and refuses 0 and 65536, as a firewall port or range and as the SSH port", () => {
    expect([rules.parsePortRange("1"), rules.parsePortRange("1-65535"), rules.parsePortRange("65535")]).toEqual([
      { from: 1, to: 1 },
      { from: 1, to: 65535 },
      { from: 65535, to: 65535 },
    ]);
    for (const text of ["0", "0-10", "10-65536", "65536"]) expect(rules.parsePortRange(text)).toBe("ports go from 1 to 65535");
    expect([rules.sshPortProblem(1), rules.sshPortProblem(65535)]).toEqual([undefined, undefined]);
    for (const port of [0, 65536]) expect(rules.sshPortProblem(port)).toBe("must be a port from 1 to 65535");
  });
});
