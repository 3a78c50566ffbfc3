import { parse } from "yaml";
import { Traefik, TraefikProps } from "../../src/ingress/traefik";
import { PrometheusOperatorCrds } from "../../src/monitoring/prometheus-operator-crds";
import { ValidationError } from "../../src/validation";
import { errorOf, onlyResource, resourcesOf, synthScope } from "../helpers";
import { unusedTokens } from "../tokens";

const trustedIps = ["10.0.0.0/16", "10.42.0.0/16"];
const props: TraefikProps = { trustedIps };
const dashboard = {
  host: "traefik.kube.rocks",
  middlewares: [
    { name: "middleware-ip", namespace: "traefik" },
    { name: "middleware-auth", namespace: "traefik" },
  ],
};

function synth(override: Partial<TraefikProps> = {}) {
  return synthScope((scope) => new Traefik(scope, "Traefik", { ...props, ...override }));
}

function release(override: Partial<TraefikProps> = {}) {
  const { parsed } = synth(override);
  const helm = onlyResource(parsed, "helm_release");
  return { parsed, release: helm, values: parse((helm.values as string[])[0]) as Record<string, any> };
}

describe("Traefik", () => {
  it("matches the snapshot", () => {
    expect(synth().json).toMatchSnapshot();
  });

  it("installs chart 41.3.0 as release traefik in the namespace traefik it creates", () => {
    const { parsed, release: helm } = release();
    expect(onlyResource(parsed, "kubernetes_namespace_v1").metadata).toEqual({ name: "traefik" });
    expect(helm).toMatchObject({
      name: "traefik",
      chart: "traefik",
      repository: "https://traefik.github.io/charts",
      version: "41.3.0",
      timeout: 300,
    });
    expect(helm.namespace).toMatch(/^\$\{kubernetes_namespace_v1\.Traefik_Namespace_[0-9A-F]+\.metadata\[0\]\.name\}$/);
    expect(helm.depends_on).toBeUndefined();
  });

  it("redirects web to websecure, trusts the PROXY protocol and forwarded headers from trustedIps only, logs access", () => {
    expect(release().values).toEqual({
      ports: {
        web: { exposedPort: 80, http: { redirections: { entryPoint: { to: "websecure", scheme: "https", permanent: true } } } },
        websecure: { exposedPort: 443, forwardedHeaders: { trustedIPs: trustedIps }, proxyProtocol: { trustedIPs: trustedIps } },
      },
      accessLog: { enabled: true },
      providers: { kubernetesCRD: { allowCrossNamespace: true } },
    });
  });

  it("drops the PROXY protocol when off but keeps the forwarded headers, and turns access logs off", () => {
    const { values } = release({ proxyProtocol: false, accessLogs: false });
    expect(values.ports.websecure).toEqual({ exposedPort: 443, forwardedHeaders: { trustedIPs: trustedIps } });
    expect(values.ports.websecure).not.toHaveProperty("proxyProtocol");
    expect(values.accessLog).toEqual({ enabled: false });
  });

  it("sets no default certificate, dashboard or metrics unless asked", () => {
    const { values } = release();
    expect(values).not.toHaveProperty("tlsStore");
    expect(values).not.toHaveProperty("ingressRoute");
    expect(values).not.toHaveProperty("metrics");
  });

  it("serves the default certificate Secret from the default TLSStore", () => {
    expect(release({ defaultCertificateSecret: "tls-cert" }).values.tlsStore).toEqual({
      default: { defaultCertificate: { secretName: "tls-cert" } },
    });
  });

  it("exposes the dashboard on its host, on websecure only, through the middlewares in order", () => {
    expect(release({ dashboard }).values.ingressRoute).toEqual({
      dashboard: {
        enabled: true,
        matchRule: "Host(`traefik.kube.rocks`)",
        entryPoints: ["websecure"],
        middlewares: [
          { name: "middleware-ip", namespace: "traefik" },
          { name: "middleware-auth", namespace: "traefik" },
        ],
      },
    });
  });

  it("enables the metrics Service and ServiceMonitor, after the release it depends on", () => {
    const { parsed } = synthScope((scope) => {
      const crds = new PrometheusOperatorCrds(scope, "Crds");
      new Traefik(scope, "Traefik", { ...props, serviceMonitor: true, dependsOn: [crds.release] });
    });
    const releases = resourcesOf(parsed, "helm_release");
    const crdsId = Object.keys(releases).find((id) => id.startsWith("Crds_"));
    const traefik = Object.values(releases).find((r) => r.name === "traefik")!;
    expect(parse((traefik.values as string[])[0]).metrics).toEqual({
      prometheus: { service: { enabled: true }, serviceMonitor: { enabled: true } },
    });
    expect(traefik.depends_on).toEqual([`helm_release.${crdsId}`]);
  });

  it("takes the chart version, another repository, namespace and timeout, and exposes what it set", () => {
    let traefik: Traefik | undefined;
    const { parsed } = synthScope((scope) => {
      traefik = new Traefik(scope, "Traefik", {
        ...props,
        chartVersion: "41.3.0",
        repository: "https://charts.example.org",
        namespace: "ingress",
        timeoutSeconds: 600,
      });
    });
    const helm = onlyResource(parsed, "helm_release");
    expect(helm).toMatchObject({ version: "41.3.0", repository: "https://charts.example.org", timeout: 600 });
    expect(onlyResource(parsed, "kubernetes_namespace_v1").metadata).toEqual({ name: "ingress" });
    expect(traefik!.chartVersion).toBe("41.3.0");
    expect(parse((helm.values as string[])[0])).toEqual(traefik!.values);
  });

  it("accepts tokens for every prop it validates", () => {
    expect(
      unusedTokens((scope, t) => {
        new Traefik(scope, "Traefik", {
          chartVersion: t.string("chart_version"),
          namespace: t.string("namespace"),
          trustedIps: t.list("trusted_ips"),
          defaultCertificateSecret: t.string("default_certificate"),
          dashboard: {
            host: t.string("dashboard_host"),
            middlewares: [{ name: t.string("middleware_name"), namespace: t.string("middleware_namespace") }],
          },
          timeoutSeconds: t.number("timeout"),
        });
        new Traefik(scope, "Entries", { namespace: "ingress", trustedIps: ["10.0.0.0/16", t.string("pod_cidr")] });
      }),
    ).toEqual([]);
  });

  it.each<[string, Partial<TraefikProps>, RegExp]>([
    [
      "a chart version below the supported range",
      { chartVersion: "41.2.0" },
      /chartVersion: must be a Traefik chart version this project supports, exactly as published: 41\.3\.0 \(got "41\.2\.0"\)/,
    ],
    [
      "a chart version above the supported range",
      { chartVersion: "42.0.0" },
      /chartVersion: must be a Traefik chart version this project supports, exactly as published: 41\.3\.0 \(got "42\.0\.0"\)/,
    ],
    [
      "a chart version with a 'v'",
      { chartVersion: "v41.3.0" },
      /chartVersion: must be a Traefik chart version this project supports, exactly as published: 41\.3\.0 \(got "v41\.3\.0"\)/,
    ],
    [
      "a bad namespace",
      { namespace: "Traefik" },
      /namespace: must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit \(got "Traefik"\)/,
    ],
    ["no trusted range", { trustedIps: [] }, /trustedIps: must list at least one CIDR \(the private network\) \(got \[\]\)/],
    [
      "a trusted address without prefix",
      { trustedIps: ["10.0.0.1"] },
      /trustedIps\[0\]: must be an IPv4 or IPv6 CIDR range such as '203\.0\.113\.4\/32' \(got "10\.0\.0\.1"\)/,
    ],
    [
      "every IPv4 address trusted",
      { trustedIps: ["10.0.0.0/16", "0.0.0.0/0"] },
      /trustedIps\[1\]: must not trust every address: anyone could forge a client IP \(got "0\.0\.0\.0\/0"\)/,
    ],
    [
      "every IPv6 address trusted",
      { trustedIps: ["::/0"] },
      /trustedIps\[0\]: must not trust every address: anyone could forge a client IP \(got "::\/0"\)/,
    ],
    [
      "a bad default certificate Secret",
      { defaultCertificateSecret: "TLS_cert" },
      /defaultCertificateSecret: must be a DNS-1123 subdomain: dot-separated lowercase labels of letters, digits and '-' \(got "TLS_cert"\)/,
    ],
    [
      "a dashboard host with a scheme",
      { dashboard: { ...dashboard, host: "https://traefik.kube.rocks" } },
      /dashboard\.host: must be a lowercase domain name such as 'example\.org', without scheme, port, path or trailing dot \(got "https:\/\/traefik\.kube\.rocks"\)/,
    ],
    [
      "a dashboard without middleware",
      { dashboard: { ...dashboard, middlewares: [] } },
      /dashboard\.middlewares: must list at least one middleware: the dashboard is never public \(got \[\]\)/,
    ],
    [
      "a bad dashboard middleware name",
      { dashboard: { ...dashboard, middlewares: [{ name: "Middleware IP", namespace: "traefik" }] } },
      /dashboard\.middlewares\[0\]\.name: must be a DNS-1123 subdomain: dot-separated lowercase labels of letters, digits and '-' \(got "Middleware IP"\)/,
    ],
    [
      "a bad dashboard middleware namespace",
      { dashboard: { ...dashboard, middlewares: [{ name: "middleware-ip", namespace: "Traefik" }] } },
      /dashboard\.middlewares\[0\]\.namespace: must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit \(got "Traefik"\)/,
    ],
    ["a timeout under a minute", { timeoutSeconds: 59 }, /timeoutSeconds: must be a whole number of seconds >= 60 \(got 59\)/],
    ["a fractional timeout", { timeoutSeconds: 90.5 }, /timeoutSeconds: must be a whole number of seconds >= 60 \(got 90\.5\)/],
  ])("rejects %s", (_name, override, expected) => {
    expect(() => synth(override)).toThrow(ValidationError);
    const message = errorOf(() => synth(override));
    expect(message).toMatch(/^test\/Traefik props:/);
    expect(message).toMatch(expected);
  });
});
