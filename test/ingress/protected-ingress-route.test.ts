import { parse } from "yaml";
import { ProtectedIngressRoute, ProtectedIngressRouteProps } from "../../src/ingress/protected-ingress-route";
import { errorOf, onlyResource, resourcesOf, synthScope } from "../helpers";

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
    expect(release.name).toBe("longhorn-ingress");
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
      /basicAuth\.existing\.namespace: must be a DNS-1123 label \(got "Traefik"\)/,
    ],
    ["a host with a scheme", { host: "https://longhorn.kube.rocks" }, /host: must be a host name without scheme or path/],
    ["no entry point", { entryPoints: [] }, /entryPoints: must list at least one entry point/],
    ["a bad name", { name: "Longhorn UI" }, /name: must be a DNS-1123 label of at most 40 characters/],
  ])("refuses %s", (_name, props, expected) => {
    const message = errorOf(() => synth(props));
    expect(message).toMatch(/^test\/Ui props:/);
    expect(message).toMatch(expected);
  });

  it("rejects, at synth time, an object that breaks Traefik's CRD schema", () => {
    expect(errorOf(() => synth({ entryPoints: [443 as never] }))).toMatch(
      /test\/Ui: generated IngressRoute does not match its schema:\n {2}- .*entryPoints\/0 must be string/,
    );
  });
});
