import { DataResource } from "cdktf";
import { parse } from "yaml";
import { DatabaseNodeRoles } from "../../src/databases/node-roles";
import { REDIS_DEFAULTS, Redis } from "../../src/databases/redis";
import { REDIS_CHARTS, REDIS_CHART_VERSIONS, redisChartValues } from "../../src/databases/redis-values";
import { REDIS_DEFAULT_RESOURCES } from "../../src/databases/resources";
import { InternalError } from "../../src/validation";
import { errorOf, onlyResource, synthScope } from "../helpers";
import { unusedTokens } from "../tokens";
import { PRIMARY, STORAGE_TOLERATION, guideRedis } from "./fixtures";

function synthRedis(props: Parameters<typeof guideRedis>[0] = {}) {
  let redis!: Redis;
  const { json, parsed } = synthScope((s) => {
    redis = new Redis(s, "Redis", guideRedis(props));
  });
  const release = onlyResource(parsed, "helm_release") as Record<string, any>;
  return { json, parsed, release, values: parse(release.values[0]), redis };
}

describe("Redis with defaults (replication)", () => {
  const { json, parsed, release, values, redis } = synthRedis();

  it("matches the snapshot", () => {
    expect(json).toMatchSnapshot();
  });

  it("installs the pinned chart from Bitnami's OCI registry into its own namespace", () => {
    expect(release).toMatchObject({
      name: "redis",
      chart: "redis",
      repository: "oci://registry-1.docker.io/bitnamicharts",
      version: "23.1.1",
      timeout: 600,
    });
    expect((onlyResource(parsed, "kubernetes_namespace_v1").metadata as any).name).toBe("redis");
  });

  it("keeps the password in the auth Secret only, read through existingSecret", () => {
    const secret = onlyResource(parsed, "kubernetes_secret_v1") as Record<string, any>;
    expect(secret.metadata.name).toBe("redis-auth");
    expect(secret.data).toEqual({ "redis-password": "${var.redis_password}" });
    expect(values.auth).toEqual({ enabled: true, existingSecret: "redis-auth", existingSecretPasswordKey: "redis-password" });
    expect(release.values[0]).not.toContain("${var.redis_password}");
    expect(release).not.toHaveProperty("set");
    expect(release).not.toHaveProperty("set_sensitive");
  });

  it("puts the master on the primary's node and one replica on the read node, tolerating the storage taint", () => {
    expect(values.architecture).toBe("replication");
    expect(values.master.nodeSelector).toEqual({ "node-role.kubernetes.io/primary": "true" });
    expect(values.replica.nodeSelector).toEqual({ "node-role.kubernetes.io/read": "true" });
    expect(values.master.tolerations).toEqual([STORAGE_TOLERATION]);
    expect(values.replica.tolerations).toEqual([STORAGE_TOLERATION]);
    expect(values.replica.replicaCount).toBe(1);
    expect(values.replica.podAntiAffinityPreset).toBe("hard");
  });

  it("gives master and replica 10Gi volumes on longhorn-fast", () => {
    expect(values.master.persistence).toEqual({ enabled: true, storageClass: "longhorn-fast", size: "10Gi" });
    expect(values.replica.persistence).toEqual({ enabled: true, storageClass: "longhorn-fast", size: "10Gi" });
  });

  it("points every image slot at docker.io/bitnamilegacy, sentinel and kubectl included", () => {
    const images = Object.fromEntries(
      ["image", "sentinel.image", "metrics.image", "volumePermissions.image", "sysctl.image", "kubectl.image"].map((p) => [
        p,
        p.split(".").reduce((o: any, k) => o[k], values),
      ]),
    );
    expect(images).toEqual({
      image: { registry: "docker.io", repository: "bitnamilegacy/redis", tag: "8.2.1-debian-12-r0" },
      "sentinel.image": { registry: "docker.io", repository: "bitnamilegacy/redis-sentinel", tag: "8.2.1-debian-12-r0" },
      "metrics.image": { registry: "docker.io", repository: "bitnamilegacy/redis-exporter", tag: "1.76.0-debian-12-r0" },
      "volumePermissions.image": { registry: "docker.io", repository: "bitnamilegacy/os-shell", tag: "12-debian-12-r51" },
      "sysctl.image": { registry: "docker.io", repository: "bitnamilegacy/os-shell", tag: "12-debian-12-r51" },
      "kubectl.image": { registry: "docker.io", repository: "bitnamilegacy/kubectl", tag: "1.33.4-debian-12-r0" },
    });
    expect(values.global).toEqual({ security: { allowInsecureImages: true } });
    expect(release.values[0]).not.toMatch(/repository: bitnami\//);
  });

  it("runs the exporter, without a ServiceMonitor unless asked", () => {
    expect(values.metrics).toMatchObject({ enabled: true, serviceMonitor: { enabled: false } });
  });

  it("exposes the service hosts", () => {
    expect(redis.masterHost).toBe("redis-master.redis.svc.cluster.local");
    expect(redis.replicasHost).toBe("redis-replicas.redis.svc.cluster.local");
    expect(redis.port).toBe(6379);
    expect(redis.releaseName).toBe("redis");
  });

  it("applies the defaults of REDIS_DEFAULTS", () => {
    expect(release).toMatchObject({ name: REDIS_DEFAULTS.releaseName, version: REDIS_DEFAULTS.chartVersion, timeout: 600 });
    expect(values.architecture).toBe(REDIS_DEFAULTS.architecture);
    expect(values.replica.replicaCount).toBe(REDIS_DEFAULTS.replicas);
  });
});

describe("Redis composed from the node roles and the StorageClass", () => {
  it("puts the master on the primary's node, the replicas on the read nodes, after their labels and the class's creator", () => {
    const { parsed } = synthScope((s) => {
      const roles = new DatabaseNodeRoles(s, "Roles", { primary: "s-01", read: ["s-02"] });
      const creator = new DataResource(s, "ClassCreator", {});
      new Redis(s, "Redis", guideRedis({ nodes: roles, storageClass: { storageClassName: "fast", storageClassCreator: creator } }));
    });
    const release = onlyResource(parsed, "helm_release") as Record<string, any>;
    const values = parse(release.values[0]);
    expect(values.master.nodeSelector).toEqual({ "node-role.kubernetes.io/primary": "true" });
    expect(values.replica.nodeSelector).toEqual({ "node-role.kubernetes.io/read": "true" });
    expect(values.master.persistence.storageClass).toBe("fast");
    const labels = Object.keys(parsed.resource!.kubernetes_labels).map((id) => `kubernetes_labels.${id}`);
    expect(release.depends_on).toEqual([expect.stringMatching(/^kubernetes_secret_v1\./), ...labels, "terraform_data.ClassCreator"]);
  });
});

describe("Redis options", () => {
  it("with standalone, produces no replica.* values at all (the chart would ignore them)", () => {
    const { values, release, redis } = synthRedis({ architecture: "standalone" });
    expect(values.architecture).toBe("standalone");
    expect(values).not.toHaveProperty("replica");
    expect(release.values[0]).not.toMatch(/^replica:/m);
    expect(redis.replicasHost).toBeUndefined();
  });

  it("keeps the guide's chart 17.15.6: Redis 7.2 images, no kubectl slot, no global.security key", () => {
    const { values, release } = synthRedis({ chartVersion: "17.15.6" });
    expect(release.version).toBe("17.15.6");
    expect(values.image).toEqual({ registry: "docker.io", repository: "bitnamilegacy/redis", tag: "7.2.0-debian-11-r3" });
    expect(values.sentinel.image.tag).toBe("7.2.0-debian-11-r3");
    expect(values.metrics.image).toEqual({
      registry: "docker.io",
      repository: "bitnamilegacy/redis-exporter",
      tag: "1.52.0-debian-11-r23",
    });
    expect(values.volumePermissions.image.tag).toBe("11-debian-11-r43");
    expect(values.sysctl.image.tag).toBe("11-debian-11-r43");
    expect(values).not.toHaveProperty("kubectl");
    expect(values).not.toHaveProperty("global");
  });

  it("takes image overrides for mirrors", () => {
    const { values } = synthRedis({ images: { redis: { registry: "mirror.example.com" }, sentinel: { tag: "8.2.1" } } });
    expect(values.image).toEqual({ registry: "mirror.example.com", repository: "bitnamilegacy/redis", tag: "8.2.1-debian-12-r0" });
    expect(values.sentinel.image).toEqual({ registry: "docker.io", repository: "bitnamilegacy/redis-sentinel", tag: "8.2.1" });
  });

  it("sets replicas, sizes, names and the ServiceMonitor", () => {
    const { values, release } = synthRedis({
      replicas: 2,
      volumeSize: "5Gi",
      releaseName: "cache",
      namespace: "cache",
      serviceMonitor: true,
    });
    expect(release.name).toBe("cache");
    expect(values.fullnameOverride).toBe("cache");
    expect(values.replica.replicaCount).toBe(2);
    expect(values.master.persistence.size).toBe("5Gi");
    expect(values.metrics.serviceMonitor).toEqual({ enabled: true });
  });

  it.each(REDIS_CHART_VERSIONS)("only produces keys of chart %s's values.yaml (project key list)", (version) => {
    for (const opts of [{}, { architecture: "standalone" as const }, { metrics: false }, { serviceMonitor: true }]) {
      const { values } = synthRedis({ chartVersion: version, ...opts });
      const keys = new Set(REDIS_CHARTS[version].valueKeys);
      const walk = (o: Record<string, unknown>, prefix: string): string[] =>
        Object.entries(o).flatMap(([k, v]) => {
          const path = prefix ? `${prefix}.${k}` : k;
          return keys.has(path) || typeof v !== "object" || v === null || Array.isArray(v)
            ? [path]
            : walk(v as Record<string, unknown>, path);
        });
      expect(walk(values, "").filter((p) => !keys.has(p))).toEqual([]);
    }
  });
});

describe("Redis validation", () => {
  const fails = (props: Parameters<typeof guideRedis>[0]) => errorOf(() => synthRedis(props));

  it("checks no image override against a chart version it does not know: the version is the one mistake", () => {
    expect(fails({ chartVersion: "18.0.0", images: { redis: { tag: "7.2" } } }).split("\n")).toEqual([
      "test/Redis props:",
      '  - chartVersion: must be a redis chart version this project knows: 17.15.6, 22.0.7, 23.1.1 (got "18.0.0")',
    ]);
  });

  it("names every bad prop with its value and what is allowed", () => {
    const msg = fails({
      chartVersion: "18.0.0",
      namespace: "Redis",
      releaseName: "redis_1",
      authSecretName: "Auth",
      architecture: "cluster" as never,
      volumeSize: "lots",
      storageClass: { storageClassName: "" },
      nodes: { primarySelector: {}, readSelector: { db: "read" } },
      timeoutSeconds: 1.5,
    });
    expect(msg).toContain("test/Redis props:");
    expect(msg).toContain("timeoutSeconds: must be a whole number of seconds >= 60 (got 1.5)");
    expect(msg).toContain('chartVersion: must be a redis chart version this project knows: 17.15.6, 22.0.7, 23.1.1 (got "18.0.0")');
    expect(msg).toContain(
      "namespace: must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit (got \"Redis\")",
    );
    expect(msg).toContain(
      "releaseName: must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit (got \"redis_1\")",
    );
    expect(msg).toContain(
      "authSecretName: must be a DNS-1123 subdomain: dot-separated lowercase labels of letters, digits and '-' (got \"Auth\")",
    );
    expect(msg).toContain('architecture: must be one of standalone, replication (got "cluster")');
    expect(msg).toContain("volumeSize: must be a positive Kubernetes quantity such as '10Gi' or '500Mi' (got \"lots\")");
    expect(msg).toContain(
      "storageClass.storageClassName: must be a DNS-1123 subdomain: dot-separated lowercase labels of letters, digits and '-' (got \"\")",
    );
    expect(msg).toContain("nodes.primarySelector: must select nodes with at least one label (got {})");
  });

  it("refuses a release name too long for its StatefulSets, in the config schema's words", () => {
    expect(fails({ releaseName: "r".repeat(44) })).toContain(
      `releaseName: must be at most 43 characters (its StatefulSet <releaseName>-replicas may have 52, or its pods cannot be created) (got "${"r".repeat(44)}")`,
    );
  });

  it("refuses replicas with standalone, where the chart ignores them", () => {
    expect(fails({ architecture: "standalone", replicas: 1 })).toContain(
      "replicas: must be unset with architecture 'standalone' (the chart ignores replica.* there); use architecture 'replication' (got 1)",
    );
  });

  it("refuses replication without a distinct read selector, or with a bad count", () => {
    expect(fails({ nodes: { primarySelector: PRIMARY, readSelector: {} } })).toContain(
      "nodes.readSelector: must select nodes with at least one label (got {})",
    );
    expect(fails({ nodes: { primarySelector: PRIMARY, readSelector: { "node-role.kubernetes.io/primary": "true" } } })).toContain(
      "nodes.readSelector: must differ from nodes.primarySelector: the master and a replica never share a node",
    );
    expect(fails({ replicas: 0 })).toContain("replicas: must be a whole number >= 1 (got 0)");
  });

  it("lets standalone keep a read selector equal to the master's: it runs no replica", () => {
    expect(() =>
      synthRedis({ architecture: "standalone", nodes: { primarySelector: PRIMARY, readSelector: { ...PRIMARY } } }),
    ).not.toThrow();
  });

  it("ignores the read selector with standalone", () => {
    const { values } = synthRedis({ architecture: "standalone", nodes: { primarySelector: PRIMARY, readSelector: {} } });
    expect(values.master.nodeSelector).toEqual(PRIMARY);
    expect(values).not.toHaveProperty("replica");
  });

  it("refuses selectors that are not label key/values", () => {
    expect(fails({ nodes: { primarySelector: { "node role": "primary" }, readSelector: { db: "read" } } })).toContain(
      "nodes.primarySelector.node role: invalid key: must be a Kubernetes label key: [prefix/]name, name up to 63 alphanumerics, '-', '_' or '.' (got \"node role\")",
    );
    expect(fails({ nodes: { primarySelector: PRIMARY, readSelector: { "node-role.kubernetes.io/read": "yes please" } } })).toContain(
      "nodes.readSelector.node-role.kubernetes.io/read: must be a Kubernetes label value: up to 63 alphanumerics, '-', '_' or '.', starting and ending alphanumeric (got \"yes please\")",
    );
  });

  it("treats values outside the chart version's key list as an internal error (a table that drifts)", () => {
    const support = REDIS_CHARTS["23.1.1"];
    (REDIS_CHARTS as Record<string, unknown>)["23.1.1"] = {
      ...support,
      valueKeys: support.valueKeys.filter((k) => k !== "replica.podAntiAffinityPreset"),
    };
    try {
      expect(() => synthRedis()).toThrow(InternalError);
      expect(fails({})).toBe("test/Redis: values not in redis chart 23.1.1:\n  - replica.podAntiAffinityPreset: unknown key");
    } finally {
      (REDIS_CHARTS as Record<string, unknown>)["23.1.1"] = support;
    }
  });

  it("treats a chart version without an image for a slot as an internal error", () => {
    const { images } = REDIS_CHARTS["23.1.1"];
    const input = {
      chartVersion: "23.1.1" as const,
      fullname: "redis",
      existingSecret: "redis-auth",
      tolerations: [],
      storageClassName: "fast",
      metrics: true,
      serviceMonitor: false,
      architecture: "replication" as const,
      replicas: 1,
      masterNodeSelector: PRIMARY,
      replicaNodeSelector: { db: "read" },
      masterVolumeSize: "1Gi",
      replicaVolumeSize: "1Gi",
      resources: REDIS_DEFAULT_RESOURCES,
    };
    expect(() => redisChartValues({ ...input, images: { ...images, sentinel: undefined } })).toThrow(
      new InternalError("redis chart 23.1.1: no image for slot 'sentinel'"),
    );
  });

  it("refuses an image slot the chart version does not have", () => {
    expect(fails({ chartVersion: "17.15.6", images: { kubectl: { tag: "1.28" } } })).toContain(
      'images.kubectl: is not an image of redis chart 17.15.6 (its images: redis, sentinel, metrics, volumePermissions, sysctl) (got {"tag":"1.28"})',
    );
  });
});

describe("Redis and tokens", () => {
  it("accepts tokens for every prop it validates", () => {
    expect(
      unusedTokens((scope, t) => {
        new Redis(scope, "Redis", {
          ...guideRedis(),
          repository: t.string("repository"),
          namespace: t.string("namespace"),
          releaseName: t.string("release"),
          authSecretName: t.string("secret"),
          replicas: t.number("replicas"),
          volumeSize: t.string("size"),
          timeoutSeconds: t.number("timeout"),
          storageClass: { storageClassName: t.string("class") },
          nodes: { primarySelector: { db: t.string("primary") }, readSelector: { db: t.string("read") } },
          images: { redis: { registry: t.string("registry"), repository: t.string("image"), tag: t.string("tag") } },
          resources: { master: { requests: { cpu: t.string("cpu"), memory: t.string("memory") }, limits: { memory: t.string("limit") } } },
        });
      }),
    ).toEqual([]);
  });

  it("refuses replicas with architecture standalone even as a token: set at all, the chart would ignore it", () => {
    const msg = errorOf(() =>
      unusedTokens((scope, t) => {
        new Redis(scope, "Redis", guideRedis({ architecture: "standalone", replicas: t.number("replicas") }));
      }),
    );
    expect(msg).toContain("replicas: must be unset with architecture 'standalone'");
    expect(msg).toContain("(got a value only Terraform knows)");
  });

  it("refuses a chart version or an architecture that is a token: they decide the values", () => {
    const msg = errorOf(() =>
      unusedTokens((scope, t) => {
        new Redis(scope, "Redis", guideRedis({ chartVersion: t.string("version"), architecture: t.string("layout") as never }));
      }),
    );
    expect(msg).toContain(
      "chartVersion: must be known at synth time, not a token (the chart version decides the chart values and the default images)",
    );
    expect(msg).toContain(
      "architecture: must be known at synth time, not a token (it decides which values the chart gets: replica.* with replication only)",
    );
  });
});
