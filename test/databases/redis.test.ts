import { parse } from "yaml";
import { Redis } from "../../src/databases/redis";
import { REDIS_CHARTS, REDIS_CHART_VERSIONS } from "../../src/databases/redis-values";
import { errorOf, onlyResource, synthScope } from "../helpers";
import { STORAGE_TOLERATION, guideRedis } from "./fixtures";

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
  });
});

describe("Redis options", () => {
  it("with standalone, produces no replica.* values at all (the chart would ignore them)", () => {
    const { values, release, redis } = synthRedis({ architecture: "standalone", replicaNodeSelector: undefined });
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
    for (const opts of [
      {},
      { architecture: "standalone" as const, replicaNodeSelector: undefined },
      { metrics: false },
      { serviceMonitor: true },
    ]) {
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

  it("names every bad prop with its value and what is allowed", () => {
    const msg = fails({
      chartVersion: "18.0.0",
      namespace: "Redis",
      releaseName: "redis_1",
      authSecretName: "Auth",
      architecture: "cluster" as never,
      volumeSize: "lots",
      storageClassName: "",
      masterNodeSelector: {},
      timeoutSeconds: 1.5,
    });
    expect(msg).toContain("timeoutSeconds: must be a whole number of seconds >= 1 (got 1.5)");
    expect(msg).toContain("test/Redis props:");
    expect(msg).toContain('chartVersion: must be a redis chart version this project knows (17.15.6, 22.0.7, 23.1.1) (got "18.0.0")');
    expect(msg).toContain('namespace: must be a DNS-1123 label (got "Redis")');
    expect(msg).toContain(
      'releaseName: must be a DNS-1123 label of at most 43 characters (its StatefulSet <releaseName>-replicas may have 52, or its pods cannot be created) (got "redis_1")',
    );
    expect(msg).toContain('authSecretName: must be a DNS-1123 subdomain (got "Auth")');
    expect(msg).toContain('architecture: must be one of standalone, replication (got "cluster")');
    expect(msg).toContain("volumeSize: must be a positive Kubernetes quantity such as '10Gi' or '500Mi' (got \"lots\")");
    expect(msg).toContain('storageClassName: must be a StorageClass name (DNS-1123 subdomain) (got "")');
    expect(msg).toContain("masterNodeSelector: must select nodes with at least one label (got {})");
  });

  it("refuses replicas with standalone, where the chart ignores them", () => {
    expect(fails({ architecture: "standalone", replicas: 1 })).toContain(
      "replicas: must be unset with architecture 'standalone' (the chart ignores replica.* there); use 'replication' (got 1)",
    );
  });

  it("refuses replication without a distinct replica selector, or with a bad count", () => {
    expect(fails({ replicaNodeSelector: undefined })).toContain(
      "replicaNodeSelector: is required with architecture 'replication' (select the read nodes) (got undefined)",
    );
    expect(fails({ replicaNodeSelector: { "node-role.kubernetes.io/primary": "true" } })).toContain(
      "replicaNodeSelector: must differ from masterNodeSelector: the master and a replica never share a node",
    );
    expect(fails({ replicas: 0 })).toContain("replicas: must be an integer >= 1 (got 0)");
  });

  it("refuses selectors that are not label key/values", () => {
    expect(fails({ masterNodeSelector: { "node role": "primary" } })).toContain(
      'masterNodeSelector.node role: must be a valid label key and value (got "primary")',
    );
    expect(fails({ replicaNodeSelector: { "node-role.kubernetes.io/read": "yes please" } })).toContain(
      'replicaNodeSelector.node-role.kubernetes.io/read: must be a valid label key and value (got "yes please")',
    );
  });

  it("refuses values outside the chart version's key list (guard against a table that drifts)", () => {
    const support = REDIS_CHARTS["23.1.1"];
    (REDIS_CHARTS as Record<string, unknown>)["23.1.1"] = {
      ...support,
      valueKeys: support.valueKeys.filter((k) => k !== "replica.podAntiAffinityPreset"),
    };
    try {
      expect(fails({})).toContain("test/Redis: values not in redis chart 23.1.1:\n  - replica.podAntiAffinityPreset: unknown key");
    } finally {
      (REDIS_CHARTS as Record<string, unknown>)["23.1.1"] = support;
    }
  });

  it("refuses an image slot the chart version does not have", () => {
    expect(fails({ chartVersion: "17.15.6", images: { kubectl: { tag: "1.28" } } })).toContain(
      'images.kubectl: is not an image of this chart version (got "kubectl"; allowed: redis, sentinel, metrics, volumePermissions, sysctl)',
    );
  });
});
