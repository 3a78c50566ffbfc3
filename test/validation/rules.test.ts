import {
  IMAGE_NAME,
  KUBECONFIG_TEXT,
  QUANTITY_PATTERN,
  dnsLabel,
  dnsSubdomain,
  domainName,
  duplicates,
  isFieldManager,
  endpointHost,
  labelKey,
  labelValue,
  parseTaint,
  positiveInteger,
  s3Bucket,
  s3Region,
} from "../../src/validation";
import { notRefused, notTaken } from "../issues";

const label = (n: number) => "a".repeat(n);

describe("shared field rules at their edges", () => {
  it("endpointHost: a host name or IPv4, with an optional port 1-65535, nothing else", () => {
    const long = [label(63), label(63), label(63), label(61)].join("."); // 253
    expect(
      notTaken(endpointHost, ["s3.fr-par.scw.cloud", "minio.local:9000", "10.0.0.5:9000", "host:1", "host:65535", "localhost", long]),
    ).toEqual([]);
    expect(
      notRefused(endpointHost, [
        "10.0.0.256", "1.2.3", "01.2.3.4", ":9000", "host:0", "host:65536", "host:123456", "host:", "-host", "host-", label(64),
        "Host", "https://x", "host/path", `${long}a`, "a..b", "", "host:80:80",
      ]),
    ).toEqual([]); // prettier-ignore
  });

  it("s3Bucket: S3's naming rules, reserved prefixes and suffixes included", () => {
    expect(notTaken(s3Bucket, ["abc", label(63), "my.bucket-1", "1bucket"])).toEqual([]);
    expect(
      notRefused(s3Bucket, [
        "ab", label(64), "a..b", "192.168.5.4", "xn--abc", "sthree-abc", "amzn-s3-demo-abc", "abc-s3alias", "abc--ol-s3", "abc--x-s3",
        "abc.mrap", "Abc", "-abc", "abc-", "s3://abc", "a/b",
      ]),
    ).toEqual([]); // prettier-ignore
  });

  it("s3Region: lowercase words joined by '-'", () => {
    expect(notTaken(s3Region, ["fr-par", "eu-central-1", "us"])).toEqual([]);
    expect(notRefused(s3Region, ["FR-PAR", "fr_par", "-fr", "fr-", "fr--par", "", "fr par"])).toEqual([]);
  });

  it("labelKey and labelValue: Kubernetes' qualified names and label values", () => {
    expect(notTaken(labelKey, ["a", "example.com/a", "a_b.c-D", label(63), `example.com/${label(63)}`])).toEqual([]);
    expect(notRefused(labelKey, ["a/b/c", "Example.com/a", "/a", "a/", label(64), "-a", "a-", "a b", ""])).toEqual([]);
    expect(notTaken(labelValue, ["", "a", "A_b.C-1", label(63)])).toEqual([]);
    expect(notRefused(labelValue, ["a-", "-a", "_a", label(64), "a b", "a/b"])).toEqual([]);
  });

  it("quantities: a sign, a number, then one suffix or an exponent (apimachinery's ParseQuantity)", () => {
    const q = (v: string) => QUANTITY_PATTERN.test(v);
    const accepted = [
      "1",
      "1.5",
      ".5",
      "1.",
      "+1",
      "-1",
      "1Ki",
      "1Ei",
      "1e3",
      "1E-3",
      "1e+3",
      "500m",
      "1n",
      "1u",
      "1k",
      "1M",
      "1G",
      "1T",
      "1P",
      "1E",
    ];
    expect(accepted.filter((v) => !q(v))).toEqual([]);
    expect(["1 Gi", "1Gii", "1KI", "1ki", "1e", "e3", "", "1.2.3", "Gi", "1m3", "++1", "1e3Gi", "1K"].filter(q)).toEqual([]);
  });

  it("parseTaint: key[=value]:Effect, key and value by Kubernetes' rules", () => {
    expect(parseTaint("k=v:NoSchedule")).toEqual({ key: "k", value: "v", effect: "NoSchedule" });
    expect(parseTaint("example.com/k:NoExecute")).toEqual({ key: "example.com/k", value: undefined, effect: "NoExecute" });
    expect(parseTaint("k=:PreferNoSchedule")).toEqual({ key: "k", value: undefined, effect: "PreferNoSchedule" });
    expect(
      ["k=v:Bad", "k=v v:NoSchedule", "bad key:NoSchedule", "k=-v:NoSchedule", "Bad/k:NoSchedule", "k=v:NoSchedule ", "k"].map(parseTaint),
    ).toEqual(Array(7).fill(undefined));
  });

  it("duplicates: each repeated entry once, in order of first repetition", () => {
    expect(duplicates(["a", "b", "b", "a", "c", "a"])).toEqual(["b", "a"]);
    expect(duplicates([])).toEqual([]);
  });

  it("IMAGE_NAME: an optional registry host[:port]/, then lowercase path components", () => {
    const ok = ["rancher/k3s-upgrade", "registry.example.org:5000/team/app", "app", "a.b/c__d", "a--b/c---d", "localhost:5000/a"];
    expect(ok.filter((v) => !IMAGE_NAME.test(v))).toEqual([]);
    expect(
      ["Rancher/x", "x/", "/x", "x//y", "reg:5000", "reg:123456/x", "x:tag", "-reg/x", "x-", "a___b", "a_-b", "a..b", "a._b"].filter((v) =>
        IMAGE_NAME.test(v),
      ),
    ).toEqual([]);
  });

  it("KUBECONFIG_TEXT: anything a shell can single-quote, and nothing empty", () => {
    expect(["~/.kube/config", "my ctx", "$(x)"].filter((v) => !KUBECONFIG_TEXT.test(v))).toEqual([]);
    expect(["", "a'b", 'a"b', "a\\b", "a\nb", "a\x00b", "a\x7fb", "a\x1fb"].filter((v) => KUBECONFIG_TEXT.test(v))).toEqual([]);
  });

  it("dnsLabel, dnsSubdomain, domainName: lengths and why in the message", () => {
    expect(
      dnsLabel(20, "it names servers")
        .safeParse(label(21))
        .error?.issues.map((i) => i.message),
    ).toEqual(["must be at most 20 characters (it names servers)"]);
    expect(dnsLabel(3).safeParse(label(4)).error?.issues[0].message).toBe("must be at most 3 characters");
    expect(notTaken(dnsSubdomain, ["a", "a.b-c.d", [label(63), label(63), label(63), label(61)].join(".")])).toEqual([]);
    expect(
      notRefused(dnsSubdomain, ["A", "a..b", ".a", "a.", "-a.b", `${[label(63), label(63), label(63), label(61)].join(".")}a`]),
    ).toEqual([]);
    expect(notTaken(domainName, ["kube.rocks", "a-b.example.org", `${label(63)}.${label(63)}.${label(61)}`])).toEqual([]);
    expect(
      notRefused(domainName, ["rocks", "kube.rocks.", "https://kube.rocks", "Kube.rocks", `${label(63)}.${label(63)}.${label(62)}`]),
    ).toEqual([]);
  });

  it("positiveInteger: a whole number from 1, one message", () => {
    expect(notTaken(positiveInteger, [1, 1000])).toEqual([]);
    for (const v of [0, 1.5, -1])
      expect(positiveInteger.safeParse(v).error?.issues.map((i) => i.message)).toEqual(["must be a whole number >= 1"]);
  });
});

describe("isFieldManager", () => {
  it("takes up to 128 characters by default, or the given maximum", () => {
    expect(isFieldManager("a".repeat(128))).toBe(true);
    expect(isFieldManager("a".repeat(129))).toBe(false);
    expect(isFieldManager("a".repeat(116), 116)).toBe(true);
    expect(isFieldManager("a".repeat(117), 116)).toBe(false);
  });

  it("takes letters, digits, '-', '_' and '.', starting with a letter or digit", () => {
    for (const name of ["Terraform", "cdktf-longhorn-storage", "team_a.v2", "9x"]) expect(isFieldManager(name)).toBe(true);
    for (const name of ["", "-bad", ".x", "x y", "x/y"]) expect(isFieldManager(name)).toBe(false);
  });
});
