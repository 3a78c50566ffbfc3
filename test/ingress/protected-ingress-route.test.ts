import { parse } from "yaml";
import {
  PROTECTED_INGRESS_ROUTE_DEFAULTS,
  ProtectedIngressRoute,
  ProtectedIngressRouteProps,
} from "../../src/ingress/protected-ingress-route";
import { PrometheusOperatorCrds } from "../../src/monitoring/prometheus-operator-crds";
import { ValidationError } from "../../src/validation";
import { errorOf, onlyResource, resourcesOf, synthScope } from "../helpers";
import { unusedTokens } from "../tokens";

const guide: ProtectedIngressRouteProps = {
  name: "longhorn",
  namespace: "longhorn-system",
  host: "longhorn.kube.rocks",
  serviceName: "longhorn-frontend",
  servicePort: "http",
  ipAllowList: { existing: { name: "middleware-ip", namespace: "traefik" } },
  basicAuth: { existing: { name: "middleware-auth", namespace: "traefik" } },
};

function synth(props: Partial<ProtectedIngressRouteProps> = {}) {
  return synthScope((scope) => new ProtectedIngressRoute(scope, "Ui", { ...guide, ...props }));
}

function objects(props: Partial<ProtectedIngressRouteProps> = {}) {
  const { parsed } = synth(props);
  const release = onlyResource(parsed, "helm_release");
  return { parsed, release, manifests: parse((release.values as string[])[0]).manifests as Array<Record<string, any>> };
}

describe("ProtectedIngressRoute", () => {
  it("matches the snapshot with the guide's existing middlewares", () => {
    expect(synth().json).toMatchSnapshot();
  });

  it("routes Host(longhorn.<domain>) on websecure to longhorn-frontend:http through both middlewares", () => {
    const { manifests, release } = objects();
    expect(PROTECTED_INGRESS_ROUTE_DEFAULTS).toEqual({ entryPoints: ["websecure"] });
    expect(release.name).toBe("longhorn-ingress");
    expect(release.depends_on).toBeUndefined();
    expect(manifests).toEqual([
      {
        apiVersion: "traefik.io/v1alpha1",
        kind: "IngressRoute",
        metadata: { name: "longhorn", namespace: "longhorn-system" },
        spec: {
          entryPoints: ["websecure"],
          routes: [
            {
              match: "Host(`longhorn.kube.rocks`)",
              kind: "Rule",
              middlewares: [
                { name: "middleware-ip", namespace: "traefik" },
                { name: "middleware-auth", namespace: "traefik" },
              ],
              services: [{ name: "longhorn-frontend", port: "http" }],
            },
          ],
        },
      },
    ]);
  });

  it("creates the middlewares and the htpasswd secret when asked, without the users in any value", () => {
    const { manifests, parsed, release } = objects({
      ipAllowList: { sourceRange: ["203.0.113.4/32"] },
      basicAuth: { users: "${var.longhorn_ui_htpasswd}" },
    });
    expect(manifests.map((m) => [m.kind, m.metadata.name, m.spec])).toEqual([
      ["Middleware", "longhorn-ip-allow-list", { ipAllowList: { sourceRange: ["203.0.113.4/32"] } }],
      ["Middleware", "longhorn-basic-auth", { basicAuth: { secret: "longhorn-basic-auth-users" } }],
      expect.arrayContaining(["IngressRoute"]),
    ]);
    expect(manifests[2].spec.routes[0].middlewares).toEqual([
      { name: "longhorn-ip-allow-list", namespace: "longhorn-system" },
      { name: "longhorn-basic-auth", namespace: "longhorn-system" },
    ]);
    const secret = onlyResource(parsed, "kubernetes_secret_v1");
    expect(secret.metadata).toEqual({ name: "longhorn-basic-auth-users", namespace: "longhorn-system" });
    expect(secret.data).toEqual({ users: "${var.longhorn_ui_htpasswd}" });
    expect((release.values as string[])[0]).not.toContain("var.longhorn_ui_htpasswd");
    expect(release.depends_on).toEqual([expect.stringMatching(/^kubernetes_secret_v1\./)]);
  });

  it("creates no secret when both middlewares exist", () => {
    expect(resourcesOf(synth().parsed, "kubernetes_secret_v1")).toEqual({});
  });

  it("waits for the Traefik it is given, the creators of the middlewares and what else it is told, each once", () => {
    const { parsed } = synthScope((scope) => {
      const traefik = new PrometheusOperatorCrds(scope, "Traefik"); // releases standing for Traefik's and the middlewares'
      const middlewares = new PrometheusOperatorCrds(scope, "Middlewares");
      const other = new PrometheusOperatorCrds(scope, "Other");
      new ProtectedIngressRoute(scope, "Ui", {
        ...guide,
        traefik: { namespaceName: "traefik", release: traefik.release },
        ipAllowList: { type: "ipAllowList", name: "middleware-ip", namespace: "traefik", creator: middlewares.release },
        basicAuth: { type: "basicAuth", name: "middleware-auth", namespace: "traefik", creator: middlewares.release },
        dependsOn: [other.release, traefik.release],
      });
    });
    const releases = resourcesOf(parsed, "helm_release");
    const id = (prefix: string) => `helm_release.${Object.keys(releases).find((k) => k.startsWith(`${prefix}_`))}`;
    const route = Object.values(releases).find((r) => r.name === "longhorn-ingress")!;
    expect(route.depends_on).toEqual([id("Traefik"), id("Middlewares"), id("Other")]);
    expect(parse((route.values as string[])[0]).manifests[0].spec.routes[0].middlewares).toEqual([
      { name: "middleware-ip", namespace: "traefik" },
      { name: "middleware-auth", namespace: "traefik" },
    ]);
  });

  it("accepts tokens for every prop it validates", () => {
    expect(
      unusedTokens((scope, t) => {
        new ProtectedIngressRoute(scope, "Existing", {
          name: t.string("name"),
          namespace: t.string("namespace"),
          host: t.string("host"),
          serviceName: t.string("service_name"),
          servicePort: t.number("service_port"),
          ipAllowList: { existing: { name: t.string("ip_name"), namespace: t.string("ip_namespace") } },
          basicAuth: { type: "basicAuth", name: t.string("auth_name"), namespace: t.string("auth_namespace") },
          entryPoints: t.list("entry_points"),
          tls: { secretName: t.string("tls_secret") },
          releaseName: t.string("release_name"),
        });
        new ProtectedIngressRoute(scope, "Created", {
          ...guide,
          servicePort: t.string("port_name"),
          ipAllowList: { sourceRange: t.list("source_range") },
          basicAuth: { users: t.string("users") },
          entryPoints: ["websecure", t.string("entry_point")],
        });
      }),
    ).toEqual([]);
  });
  it.each<[string, Partial<ProtectedIngressRouteProps>, object]>([
    ["a TLS secret", { tls: { secretName: "wildcard-tls" } }, { secretName: "wildcard-tls" }],
    ["a certificate resolver", { tls: { certResolver: "letsencrypt" } }, { certResolver: "letsencrypt" }],
  ])("adds TLS with %s", (_name, props, tls) => {
    expect(objects(props).manifests[0].spec.tls).toEqual(tls);
  });

  it.each<[string, Partial<ProtectedIngressRouteProps>, RegExp]>([
    [
      "no IP allow-list",
      { ipAllowList: undefined },
      /ipAllowList: is required: name an existing IP allow-list middleware.*never exposed without one \(got undefined\)/,
    ],
    [
      "no basic auth",
      { basicAuth: undefined },
      /basicAuth: is required: name an existing basic-auth middleware.*never exposed without one \(got undefined\)/,
    ],
    ["an empty allow-list", { ipAllowList: { sourceRange: [] } }, /ipAllowList\.sourceRange: must list at least one CIDR/],
    [
      "a bad middleware namespace",
      { basicAuth: { existing: { name: "auth", namespace: "Traefik" } } },
      /basicAuth\.existing\.namespace: must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit \(got "Traefik"\)/,
    ],
    [
      "a bad name of a typed middleware",
      { ipAllowList: { type: "ipAllowList", name: "Middleware IP", namespace: "traefik" } },
      /ipAllowList\.name: must be a DNS-1123 subdomain: dot-separated lowercase labels of letters, digits and '-' \(got "Middleware IP"\)/,
    ],
    [
      "a source range that is no CIDR",
      { ipAllowList: { sourceRange: ["203.0.113.4/32", "office"] } },
      /ipAllowList\.sourceRange\[1\]: must be an IPv4 or IPv6 CIDR range such as '203\.0\.113\.4\/32' \(got "office"\)/,
    ],
    [
      "a host with a scheme",
      { host: "https://longhorn.kube.rocks" },
      /host: must be a lowercase domain name such as 'example\.org', without scheme, port, path or trailing dot \(got "https:\/\/longhorn\.kube\.rocks"\)/,
    ],
    [
      "a bad name of a typed basic-auth middleware",
      { basicAuth: { type: "basicAuth", name: "Auth", namespace: "traefik" } },
      /\n {2}- basicAuth\.name: must be a DNS-1123 subdomain: .* \(got "Auth"\)/,
    ],
    [
      "a bad existing allow-list namespace",
      { ipAllowList: { existing: { name: "ip", namespace: "Traefik" } } },
      /\n {2}- ipAllowList\.existing\.namespace: must be a DNS-1123 label: .* \(got "Traefik"\)/,
    ],
    ["a bad namespace", { namespace: "Longhorn" }, /\n {2}- namespace: must be a DNS-1123 label: .* \(got "Longhorn"\)/],
    ["a bad service name", { serviceName: "Frontend" }, /\n {2}- serviceName: must be a DNS-1123 subdomain: .* \(got "Frontend"\)/],
    ["no entry point", { entryPoints: [] }, /entryPoints: must list at least one entry point \(got \[\]\)/],
    ["an empty entry point", { entryPoints: [""] }, /entryPoints\[0\]: must not be empty \(got ""\)/],
    [
      "a bad TLS Secret",
      { tls: { secretName: "Wildcard" } },
      /tls\.secretName: must be a DNS-1123 subdomain: dot-separated lowercase labels of letters, digits and '-' \(got "Wildcard"\)/,
    ],
    [
      "a bad name",
      { name: "Longhorn UI" },
      /name: must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit \(got "Longhorn UI"\)/,
    ],
    [
      "a name over 40 characters",
      { name: "l".repeat(41) },
      new RegExp(
        `name: must be at most 40 characters \\(the Helm release <name>-ingress and the middlewares and Secret created here are named after it\\) \\(got "${"l".repeat(41)}"\\)`,
      ),
    ],
  ])("refuses %s", (_name, props, expected) => {
    expect(() => synth(props)).toThrow(ValidationError);
    const message = errorOf(() => synth(props));
    expect(message).toMatch(/^test\/Ui props:/);
    expect(message).toMatch(expected);
  });

  it("rejects, at synth time, an object that breaks Traefik's CRD schema", () => {
    expect(() => synth({ servicePort: true as never })).toThrow(ValidationError);
    expect(errorOf(() => synth({ servicePort: true as never }))).toMatch(
      /test\/Ui: generated IngressRoute does not match its schema:\n {2}- .*port must be/,
    );
  });
});
