import { parse } from "yaml";
import { ProtectedIngressRoute } from "../../src/ingress/protected-ingress-route";
import { Traefik } from "../../src/ingress/traefik";
import {
  TRAEFIK_MIDDLEWARES_DEFAULTS,
  TRAEFIK_MIDDLEWARE_DEFAULTS,
  TraefikMiddlewares,
  TraefikMiddlewaresProps,
} from "../../src/ingress/traefik-middlewares";
import { PrometheusOperatorCrds } from "../../src/monitoring/prometheus-operator-crds";
import { ValidationError } from "../../src/validation";
import { errorOf, onlyResource, resourcesOf, synthScope } from "../helpers";
import { unusedTokens } from "../tokens";

const props: TraefikMiddlewaresProps = {
  traefik: { namespaceName: "traefik" },
  ipAllowList: ["203.0.113.10/32", "2001:db8::/48"],
  htpasswd: "${var.middleware_auth_htpasswd}",
};

function synth(override: Partial<TraefikMiddlewaresProps> = {}) {
  return synthScope((scope) => new TraefikMiddlewares(scope, "Middlewares", { ...props, ...override }));
}

function objects(override: Partial<TraefikMiddlewaresProps> = {}) {
  const { parsed, json } = synth(override);
  const release = onlyResource(parsed, "helm_release");
  return { json, parsed, release, manifests: parse((release.values as string[])[0]).manifests as Array<Record<string, any>> };
}

describe("TraefikMiddlewares", () => {
  it("matches the snapshot", () => {
    expect(synth().json).toMatchSnapshot();
  });

  it("creates middleware-ip and middleware-auth in Traefik's namespace, as release traefik-middlewares", () => {
    const { manifests, release } = objects();
    expect(TRAEFIK_MIDDLEWARES_DEFAULTS).toEqual({ ipAllowListName: "middleware-ip", basicAuthName: "middleware-auth" });
    expect(TRAEFIK_MIDDLEWARE_DEFAULTS).toBe(TRAEFIK_MIDDLEWARES_DEFAULTS); // the deprecated name
    expect(release.name).toBe("traefik-middlewares");
    expect(release.namespace).toBe("traefik");
    expect(release.chart).toMatch(/^\.\/assets\/ManifestsChart\/[0-9A-F]{32}$/);
    expect(manifests).toEqual([
      {
        apiVersion: "traefik.io/v1alpha1",
        kind: "Middleware",
        metadata: { name: "middleware-ip", namespace: "traefik" },
        spec: { ipAllowList: { sourceRange: ["203.0.113.10/32", "2001:db8::/48"] } },
      },
      {
        apiVersion: "traefik.io/v1alpha1",
        kind: "Middleware",
        metadata: { name: "middleware-auth", namespace: "traefik" },
        spec: { basicAuth: { secret: "middleware-auth-users" } },
      },
    ]);
  });

  it("puts the htpasswd lines only in the users Secret, never in a Helm value", () => {
    const { json, parsed, release } = objects();
    const secret = onlyResource(parsed, "kubernetes_secret_v1");
    expect(secret.metadata).toEqual({ name: "middleware-auth-users", namespace: "traefik" });
    expect(secret.data).toEqual({ users: "${var.middleware_auth_htpasswd}" });
    expect((release.values as string[])[0]).not.toContain("var.middleware_auth_htpasswd");
    expect(json.split("var.middleware_auth_htpasswd")).toHaveLength(2); // once: the Secret's data
  });

  it("exposes typed references to both middlewares, created by its release", () => {
    synthScope((scope) => {
      const m = new TraefikMiddlewares(scope, "Middlewares", props);
      expect(m.ipAllowList).toEqual({ type: "ipAllowList", name: "middleware-ip", namespace: "traefik", creator: m.manifests.release });
      expect(m.basicAuth).toEqual({ type: "basicAuth", name: "middleware-auth", namespace: "traefik", creator: m.manifests.release });
    });
  });

  it("goes into the namespace of the Traefik it is given, after its release", () => {
    const { parsed } = synthScope((scope) => {
      const traefik = new Traefik(scope, "Traefik", { trustedIps: ["10.0.0.0/16"] });
      const m = new TraefikMiddlewares(scope, "Middlewares", { ...props, traefik });
      expect(m.ipAllowList.namespace).toBe(traefik.namespaceName);
    });
    const releases = resourcesOf(parsed, "helm_release");
    const traefikId = Object.keys(releases).find((id) => id.startsWith("Traefik_"));
    const middlewares = Object.values(releases).find((r) => r.name === "traefik-middlewares")!;
    const secret = onlyResource(parsed, "kubernetes_secret_v1");
    // By name, after Traefik's release, which is installed into the namespace resource.
    const namespace = "traefik";
    expect(middlewares.namespace).toBe(namespace);
    expect((secret.metadata as Record<string, unknown>).namespace).toBe(namespace);
    expect(parse((middlewares.values as string[])[0]).manifests.map((m: any) => m.metadata.namespace)).toEqual([namespace, namespace]);
    expect(secret.depends_on).toEqual([`helm_release.${traefikId}`]);
    expect(middlewares.depends_on).toEqual([`helm_release.${traefikId}`, expect.stringMatching(/^kubernetes_secret_v1\./)]);
  });

  it("installs the Secret after its dependencies, and the middlewares after both", () => {
    const { parsed } = synthScope((scope) => {
      const crds = new PrometheusOperatorCrds(scope, "Crds"); // any release standing for Traefik's
      const other = new PrometheusOperatorCrds(scope, "Other");
      new TraefikMiddlewares(scope, "Middlewares", {
        ...props,
        traefik: { namespaceName: "traefik", release: crds.release },
        dependsOn: [other.release],
      });
    });
    const releases = resourcesOf(parsed, "helm_release");
    const crdsId = Object.keys(releases).find((id) => id.startsWith("Crds_"));
    const otherId = Object.keys(releases).find((id) => id.startsWith("Other_"));
    const middlewares = Object.values(releases).find((r) => r.name === "traefik-middlewares")!;
    const secretId = Object.keys(resourcesOf(parsed, "kubernetes_secret_v1"))[0];
    expect(onlyResource(parsed, "kubernetes_secret_v1").depends_on).toEqual([`helm_release.${crdsId}`, `helm_release.${otherId}`]);
    expect(middlewares.depends_on).toEqual([`helm_release.${crdsId}`, `helm_release.${otherId}`, `kubernetes_secret_v1.${secretId}`]);
  });

  it("is the middlewares a ProtectedIngressRoute takes, which then waits for them", () => {
    const { parsed } = synthScope((scope) => {
      const m = new TraefikMiddlewares(scope, "Middlewares", props);
      new ProtectedIngressRoute(scope, "Ui", {
        name: "longhorn",
        namespace: "longhorn-system",
        host: "longhorn.kube.rocks",
        serviceName: "longhorn-frontend",
        servicePort: "http",
        ipAllowList: m.ipAllowList,
        basicAuth: m.basicAuth,
      });
    });
    const releases = resourcesOf(parsed, "helm_release");
    const middlewaresId = Object.keys(releases).find((id) => id.startsWith("Middlewares_"));
    const route = Object.values(releases).find((r) => r.name === "longhorn-ingress")!;
    expect(route.depends_on).toEqual([`helm_release.${middlewaresId}`]);
    expect(parse((route.values as string[])[0]).manifests[0].spec.routes[0].middlewares).toEqual([
      { name: "middleware-ip", namespace: "traefik" },
      { name: "middleware-auth", namespace: "traefik" },
    ]);
  });

  it("installs the middlewares after the Secret when nothing else is given", () => {
    const { parsed, release } = objects();
    expect(onlyResource(parsed, "kubernetes_secret_v1").depends_on).toBeUndefined();
    expect(release.depends_on).toEqual([expect.stringMatching(/^kubernetes_secret_v1\.Middlewares_Users_/)]);
  });

  it("takes other names, the Secret following the basic-auth one", () => {
    const { manifests, parsed } = objects({ ipAllowListName: "office-ip", basicAuthName: "office-auth" });
    expect(manifests.map((m) => [m.metadata.name, m.spec])).toEqual([
      ["office-ip", { ipAllowList: { sourceRange: props.ipAllowList } }],
      ["office-auth", { basicAuth: { secret: "office-auth-users" } }],
    ]);
    expect((onlyResource(parsed, "kubernetes_secret_v1").metadata as Record<string, unknown>).name).toBe("office-auth-users");
  });

  it("accepts tokens for every prop it validates", () => {
    expect(
      unusedTokens((scope, t) => {
        new TraefikMiddlewares(scope, "Middlewares", {
          traefik: { namespaceName: t.string("namespace") },
          ipAllowList: t.list("ip_allow_list"),
          htpasswd: t.string("htpasswd"),
          ipAllowListName: t.string("ip_name"),
          basicAuthName: t.string("auth_name"),
        });
        new TraefikMiddlewares(scope, "Entries", {
          traefik: { namespaceName: "traefik" },
          ipAllowList: ["203.0.113.10/32", t.string("office")],
          htpasswd: "${var.htpasswd}",
          ipAllowListName: "office-ip",
          basicAuthName: "office-auth",
        });
      }),
    ).toEqual([]);
  });

  it.each<[string, Partial<TraefikMiddlewaresProps>, RegExp]>([
    [
      "a bad namespace",
      { traefik: { namespaceName: "Traefik" } },
      /traefik\.namespaceName: must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit \(got "Traefik"\)/,
    ],
    ["an empty allow-list", { ipAllowList: [] }, /ipAllowList: must list at least one CIDR \(got \[\]\)/],
    [
      "an address without prefix",
      { ipAllowList: ["203.0.113.10/32", "203.0.113.11"] },
      /ipAllowList\[1\]: must be an IPv4 or IPv6 CIDR range such as '203\.0\.113\.4\/32' \(got "203\.0\.113\.11"\)/,
    ],
    [
      "a bad IP allow-list name",
      { ipAllowListName: "Middleware_IP" },
      /ipAllowListName: must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit \(got "Middleware_IP"\)/,
    ],
    [
      "a basic-auth name too long for its Secret",
      { basicAuthName: "a".repeat(58) },
      new RegExp(
        `basicAuthName: must be at most 57 characters \\(the basic-auth middleware's Secret is <name>-users\\) \\(got "${"a".repeat(58)}"\\)`,
      ),
    ],
    [
      "the same name twice",
      { ipAllowListName: "middleware", basicAuthName: "middleware" },
      /basicAuthName: must differ from ipAllowListName \(got "middleware"\)/,
    ],
  ])("rejects %s", (_name, override, expected) => {
    expect(() => synth(override)).toThrow(ValidationError);
    const message = errorOf(() => synth(override));
    expect(message).toMatch(/^test\/Middlewares props:/);
    expect(message).toMatch(expected);
  });
});
