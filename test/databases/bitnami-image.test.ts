import {
  BITNAMI_OCI_REPOSITORY,
  BitnamiImage,
  checkImageOverrides,
  imageReference,
  imageRegistry,
  imageRepository,
  imageTag,
  legacyImage,
  resolveImages,
} from "../../src/databases/bitnami-image";
import { unknownValueKeys, valuePaths } from "../../src/databases/chart-value-keys";
import { POSTGRESQL_CHARTS } from "../../src/databases/postgresql-values";
import { REDIS_CHARTS } from "../../src/databases/redis-values";
import { PropIssues, isTimeZone } from "../../src/validation";
import { errorOf } from "../helpers";
import { isVolumeSize } from "../../src/databases/volume-size";

describe("Bitnami images", () => {
  it("defaults to docker.io/bitnamilegacy, the only place Bitnami's versioned images still pull from", () => {
    expect(legacyImage("redis", "8.2.1-debian-12-r0")).toEqual({
      registry: "docker.io",
      repository: "bitnamilegacy/redis",
      tag: "8.2.1-debian-12-r0",
    });
    expect(imageReference(legacyImage("redis", "8.2.1-debian-12-r0"))).toBe("docker.io/bitnamilegacy/redis:8.2.1-debian-12-r0");
    expect(BITNAMI_OCI_REPOSITORY).toBe("oci://registry-1.docker.io/bitnamicharts");
  });

  it("has a bitnamilegacy default for every image slot of every supported chart version", () => {
    for (const table of [POSTGRESQL_CHARTS, REDIS_CHARTS]) {
      for (const support of Object.values(table)) {
        for (const image of Object.values(support.images) as BitnamiImage[]) {
          expect(image.registry).toBe("docker.io");
          expect(image.repository).toMatch(/^bitnamilegacy\//);
          expect(image.tag).toMatch(/-debian-1[12]-r\d+$/);
        }
      }
    }
    expect(Object.keys(POSTGRESQL_CHARTS["16.7.27"].images)).toEqual(["postgresql", "metrics", "volumePermissions"]);
    expect(Object.keys(REDIS_CHARTS["17.15.6"].images)).toEqual(["redis", "sentinel", "metrics", "volumePermissions", "sysctl"]);
    expect(Object.keys(REDIS_CHARTS["23.1.1"].images)).toEqual(["redis", "sentinel", "metrics", "volumePermissions", "sysctl", "kubectl"]);
  });

  it("sets allowInsecureImages exactly where the chart version has the key", () => {
    for (const table of [POSTGRESQL_CHARTS, REDIS_CHARTS]) {
      for (const support of Object.values(table)) {
        expect(support.valueKeys.includes("global.security.allowInsecureImages")).toBe(support.allowInsecureImagesKey);
      }
    }
    expect(POSTGRESQL_CHARTS["12.8.5"].allowInsecureImagesKey).toBe(false);
    expect(REDIS_CHARTS["17.15.6"].allowInsecureImagesKey).toBe(false);
  });

  it("keeps each per-version key list free of repeats", () => {
    for (const table of [POSTGRESQL_CHARTS, REDIS_CHARTS]) {
      for (const support of Object.values(table)) expect(new Set(support.valueKeys).size).toBe(support.valueKeys.length);
    }
  });

  it("applies overrides field by field, leaving other slots alone", () => {
    const defaults = { a: legacyImage("a", "1-debian-12-r0"), b: legacyImage("b", "2-debian-12-r0") };
    expect(resolveImages(defaults, { a: { registry: "mirror.local:5000", tag: undefined } })).toEqual({
      a: { registry: "mirror.local:5000", repository: "bitnamilegacy/a", tag: "1-debian-12-r0" },
      b: defaults.b,
    });
    expect(resolveImages(defaults)).toEqual(defaults);
  });

  it("reports unknown slots and invalid fields", () => {
    const check = (overrides: Parameters<typeof checkImageOverrides>[4]) => () => {
      const issues = new PropIssues();
      checkImageOverrides(issues, "images", "x chart 1.0.0", ["a"], overrides);
      issues.throwIfAny("images");
    };
    expect(check({ a: { tag: "ok-1" } })).not.toThrow();
    expect(errorOf(check({ b: {}, a: { repository: "UPPER/case", registry: "docker.io/x", tag: "1.0 beta" } }))).toBe(
      [
        "images:",
        "  - images.b: is not an image of x chart 1.0.0 (its images: a) (got {})",
        "  - images.a.registry: must be a registry host (optionally with :port) without scheme or path, e.g. 'docker.io' (got \"docker.io/x\")",
        "  - images.a.repository: must be a repository path such as 'bitnamilegacy/postgresql' (lowercase, '/'-separated, no registry, no tag) (got \"UPPER/case\")",
        "  - images.a.tag: must be an image tag: up to 128 letters, digits, '_', '.' or '-' (got \"1.0 beta\")",
      ].join("\n"),
    );
  });
});

describe("chart value keys", () => {
  it("walks objects, stopping at listed keys (free-form maps, lists)", () => {
    const values = { a: { b: 1, c: { "x.y/z": "true" } }, d: [1], e: { f: { g: "h" } } };
    expect(valuePaths(values, new Set(["a.c"]))).toEqual(["a.b", "a.c", "d", "e.f.g"]);
    expect(unknownValueKeys(values, ["a.b", "a.c", "d"])).toEqual(["e.f.g"]);
    expect(unknownValueKeys({ skipped: undefined }, [])).toEqual([]);
  });
});

describe("image references", () => {
  const cases: Array<[string, { safeParse(v: unknown): { success: boolean } }, string, boolean]> = [
    ["registry", imageRegistry, "docker.io", true],
    ["registry", imageRegistry, "q.io", true],
    ["registry", imageRegistry, "mirror:5000", true],
    ["registry", imageRegistry, "q:5000", true],
    ["registry", imageRegistry, "localhost", true],
    ["registry", imageRegistry, "mirror", false],
    ["registry", imageRegistry, "registry.example.com:5000", true],
    ["registry", imageRegistry, "https://docker.io", false],
    ["registry", imageRegistry, "docker.io/library", false],
    ["registry", imageRegistry, "-docker.io", false],
    ["registry", imageRegistry, "docker.io-", false],
    ["registry", imageRegistry, "docker.io:123456", false],
    ["repository", imageRepository, "bitnamilegacy/postgresql", true],
    ["repository", imageRepository, "my_org/my-image.v2", true],
    ["repository", imageRepository, "a/b/c", true],
    ["repository", imageRepository, "postgresql", true],
    ["repository", imageRepository, "a//b", false],
    ["repository", imageRepository, "/a", false],
    ["repository", imageRepository, "a/", false],
    ["repository", imageRepository, "a/b:17", false],
    ["repository", imageRepository, "a.-b", false],
    ["repository", imageRepository, "team/my__image", true],
    ["repository", imageRepository, "team/my---image", true],
    ["repository", imageRepository, "team/my___image", false],
    ["repository", imageRepository, "team/my_-image", false],
    ["repository", imageRepository, "-a", false],
    ["tag", imageTag, "17.6.0-debian-12-r4", true],
    ["tag", imageTag, "_x", true],
    ["tag", imageTag, "x".repeat(128), true],
    ["tag", imageTag, "x".repeat(129), false],
    ["tag", imageTag, ".x", false],
    ["tag", imageTag, "-x", false],
    ["tag", imageTag, "17 ", false],
    ["tag", imageTag, "17@sha256", false],
    ["tag", imageTag, "latest", false],
  ];
  it.each(cases)("%s %#: %p accepted: %p", (_kind, schema, value, accepted) => {
    expect(schema.safeParse(value).success).toBe(accepted);
  });

  it("says why a registry needs a '.' or a port", () => {
    expect(imageRegistry.safeParse("mirror").error?.issues.map((i) => i.message)).toEqual([
      "must be a registry host with a '.' or a :port, or localhost: a container runtime reads a single name such as 'mirror' as an account on Docker Hub",
    ]);
  });
});

describe("time zones", () => {
  it.each(["UTC", "Europe/Paris", "America/Argentina/Buenos_Aires", "Etc/GMT+2"])("accepts %s", (v) => expect(isTimeZone(v)).toBe(true));
  it.each(["Paris", "Mars/Olympus_Mons", "Europe/Paris ", "", "../etc", 1])("refuses %p", (v) => expect(isTimeZone(v)).toBe(false));
});

describe("volume sizes", () => {
  it.each(["10Gi", "500Mi", "1G", "1.5Gi", "1e3"])("accepts %s", (v) => expect(isVolumeSize(v)).toBe(true));
  it.each(["0", "0Gi", "-1Gi", "10 Gi", "10GB ", "ten", "", 10])("refuses %p", (v) => expect(isVolumeSize(v)).toBe(false));
});
