import { parse } from "yaml";
import { TRAEFIK_MIDDLEWARE_DEFAULTS, TraefikMiddlewares, TraefikMiddlewaresProps } from "../../src/ingress/traefik-middlewares";
import { PrometheusOperatorCrds } from "../../src/monitoring/prometheus-operator-crds";
import { errorOf, onlyResource, resourcesOf, synthScope } from "../helpers";

const props: TraefikMiddlewaresProps = {
  namespace: "traefik",
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
    expect(TRAEFIK_MIDDLEWARE_DEFAULTS).toEqual({ ipAllowListName: "middleware-ip", basicAuthName: "middleware-auth" });
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

  it("exposes references to both middlewares", () => {
    synthScope((scope) => {
      const m = new TraefikMiddlewares(scope, "Middlewares", props);
      expect(m.ipAllowList).toEqual({ name: "middleware-ip", namespace: "traefik" });
      expect(m.basicAuth).toEqual({ name: "middleware-auth", namespace: "traefik" });
    });
  });

  it("installs the Secret after its dependencies, and the middlewares after both", () => {
    const { parsed } = synthScope((scope) => {
      const crds = new PrometheusOperatorCrds(scope, "Crds"); // any release standing for Traefik's
      new TraefikMiddlewares(scope, "Middlewares", { ...props, dependsOn: [crds.release] });
    });
    const releases = resourcesOf(parsed, "helm_release");
    const crdsId = Object.keys(releases).find((id) => id.startsWith("Crds_"));
    const middlewares = Object.values(releases).find((r) => r.name === "traefik-middlewares")!;
    const secretId = Object.keys(resourcesOf(parsed, "kubernetes_secret_v1"))[0];
    expect(onlyResource(parsed, "kubernetes_secret_v1").depends_on).toEqual([`helm_release.${crdsId}`]);
    expect(middlewares.depends_on).toEqual([`helm_release.${crdsId}`, `kubernetes_secret_v1.${secretId}`]);
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

  it.each<[string, Partial<TraefikMiddlewaresProps>, RegExp]>([
    ["a bad namespace", { namespace: "Traefik" }, /namespace: must be a DNS-1123 label \(got "Traefik"\)/],
    ["an empty allow-list", { ipAllowList: [] }, /ipAllowList: must list at least one CIDR \(got \[\]\)/],
    [
      "an address without prefix",
      { ipAllowList: ["203.0.113.10/32", "203.0.113.11"] },
      /ipAllowList\[1\]: must be a CIDR such as 203\.0\.113\.10\/32 \(got "203\.0\.113\.11"\)/,
    ],
    [
      "a bad IP allow-list name",
      { ipAllowListName: "Middleware_IP" },
      /ipAllowListName: must be a DNS-1123 label of at most 57 characters \(got "Middleware_IP"\)/,
    ],
    [
      "a basic-auth name too long for its Secret",
      { basicAuthName: "a".repeat(58) },
      new RegExp(`basicAuthName: must be a DNS-1123 label of at most 57 characters \\(got "${"a".repeat(58)}"\\)`),
    ],
    [
      "the same name twice",
      { ipAllowListName: "middleware", basicAuthName: "middleware" },
      /basicAuthName: must differ from ipAllowListName \(got "middleware"\)/,
    ],
  ])("rejects %s", (_name, override, expected) => {
    const message = errorOf(() => synth(override));
    expect(message).toMatch(/^test\/Middlewares props:/);
    expect(message).toMatch(expected);
  });
});
