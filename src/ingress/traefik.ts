import { Release } from "@cdktf/provider-helm/lib/release";
import { helmRelease } from "../kubernetes/helm-release";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { cidr, dnsLabel, dnsSubdomain, domainName, PropIssues, SupportedReleases } from "../validation";
import { helmValuesYaml } from "../kubernetes/helm-values";
import { MiddlewareReference, checkMiddlewareReference } from "./protected-ingress-route";
import { TRAEFIK_ENTRY_POINTS } from "./traefik-entry-points";

/** Traefik chart versions whose values this project sets (checked against the chart's values.schema.json). */
export const TRAEFIK_SUPPORTED_VERSIONS = ">=41.3.0 <42.0.0";

/** The Traefik chart versions published in {@link TRAEFIK_SUPPORTED_VERSIONS} (git tags of the upstream repository, August 2026). */
export const TRAEFIK_RELEASES = new SupportedReleases("Traefik chart", TRAEFIK_SUPPORTED_VERSIONS, ["41.3.0"]);

/** Defaults of {@link TraefikProps}, which the platform config applies too. */
export const TRAEFIK_DEFAULTS = { chartVersion: "41.3.0", namespace: "traefik" } as const;

/** The Traefik dashboard, served on the `websecure` entry point behind middlewares. */
export interface TraefikDashboard {
  /** Host the dashboard answers on, e.g. `traefik.example.org`. */
  readonly host: string;
  /** Middlewares the dashboard route goes through, in order; at least one (it is never public). */
  readonly middlewares: readonly MiddlewareReference[];
}

/** Props of {@link Traefik}. */
export interface TraefikProps {
  /**
   * Exact Traefik chart version (https://traefik.github.io/charts), Traefik v3.
   * @default "41.3.0"
   */
  readonly chartVersion?: string;
  /**
   * Chart repository.
   * @default "https://traefik.github.io/charts"
   */
  readonly repository?: string;
  /**
   * Namespace of Traefik (created here) and of its default certificate.
   * @default "traefik"
   */
  readonly namespace?: string;
  /**
   * Source ranges whose PROXY protocol header and `X-Forwarded-*` headers Traefik trusts on
   * `websecure`: the private network (the load balancer) and the k3s pod network (servicelb
   * forwards from a pod). Nobody else can claim a client address.
   */
  readonly trustedIps: readonly string[];
  /**
   * Expect the PROXY protocol on `websecure` (the load balancer service on 443 sends it).
   * @default true
   */
  readonly proxyProtocol?: boolean;
  /**
   * Access logs on standard output.
   * @default true
   */
  readonly accessLogs?: boolean;
  /**
   * Secret (in `namespace`) of the default certificate, served for every host without its own,
   * e.g. the wildcard certificate of cert-manager.
   * @default - none: Traefik's self-signed certificate
   */
  readonly defaultCertificateSecret?: string;
  /**
   * Expose the dashboard.
   * @default - not exposed
   */
  readonly dashboard?: TraefikDashboard;
  /**
   * Create a ServiceMonitor (the prometheus-operator CRDs must be installed first: pass their release in `dependsOn`).
   * @default false
   */
  readonly serviceMonitor?: boolean;
  /**
   * Helm release timeout in seconds.
   * @default 300
   */
  readonly timeoutSeconds?: number;
  /**
   * Resources that must exist first.
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Traefik v3 (Helm), the ingress of part 2 of the guide: HTTP redirected to HTTPS, the PROXY
 * protocol and forwarded headers trusted only from `trustedIps`, access logs, cross-namespace
 * middleware references allowed, a default certificate, and the dashboard optionally exposed
 * behind middlewares. Its LoadBalancer Service listens on {@link TRAEFIK_ENTRY_POINTS}.
 */
export class Traefik extends Construct {
  /** The namespace, created here. */
  public readonly namespace: NamespaceV1;
  /** Name of the namespace (a Terraform reference, so that dependents wait for it). */
  public readonly namespaceName: string;
  /** The Helm release. */
  public readonly release: Release;
  /** The chart version installed. */
  public readonly chartVersion: string;
  /** The chart values set. */
  public readonly values: Readonly<Record<string, unknown>>;

  constructor(scope: Construct, id: string, props: TraefikProps) {
    super(scope, id);
    this.chartVersion = props.chartVersion ?? TRAEFIK_DEFAULTS.chartVersion;
    const namespace = props.namespace ?? TRAEFIK_DEFAULTS.namespace;
    this.validate(props, namespace);

    this.namespace = new NamespaceV1(this, "Namespace", { metadata: { name: namespace } });
    this.namespaceName = this.namespace.metadata.name;
    const trustedIPs = [...props.trustedIps];
    const dashboard = props.dashboard;
    const monitoring = props.serviceMonitor ?? false;
    this.values = {
      ports: {
        web: {
          exposedPort: TRAEFIK_ENTRY_POINTS.web.exposedPort,
          http: { redirections: { entryPoint: { to: "websecure", scheme: "https", permanent: true } } },
        },
        websecure: {
          exposedPort: TRAEFIK_ENTRY_POINTS.websecure.exposedPort,
          forwardedHeaders: { trustedIPs },
          ...((props.proxyProtocol ?? true) ? { proxyProtocol: { trustedIPs } } : {}),
        },
      },
      accessLog: { enabled: props.accessLogs ?? true },
      providers: { kubernetesCRD: { allowCrossNamespace: true } },
      ...(props.defaultCertificateSecret
        ? { tlsStore: { default: { defaultCertificate: { secretName: props.defaultCertificateSecret } } } }
        : {}),
      ...(dashboard
        ? {
            ingressRoute: {
              dashboard: {
                enabled: true,
                matchRule: `Host(\`${dashboard.host}\`)`,
                entryPoints: ["websecure"],
                middlewares: dashboard.middlewares.map((m) => ({ name: m.name, namespace: m.namespace })),
              },
            },
          }
        : {}),
      ...(monitoring ? { metrics: { prometheus: { service: { enabled: true }, serviceMonitor: { enabled: true } } } } : {}),
    };

    this.release = helmRelease(this, "Release", {
      name: "traefik",
      chart: "traefik",
      repository: props.repository ?? "https://traefik.github.io/charts",
      version: this.chartVersion,
      namespace: this.namespaceName,
      values: [helmValuesYaml(this.values)],
      timeout: props.timeoutSeconds ?? 300,
      dependsOn: props.dependsOn,
    });
  }

  private validate(props: TraefikProps, namespace: string): void {
    const issues = new PropIssues();
    const bad = issues.bad;
    if (!TRAEFIK_RELEASES.includes(this.chartVersion)) bad("chartVersion", this.chartVersion, TRAEFIK_RELEASES.rule);
    if (!dnsLabel().safeParse(namespace).success) bad("namespace", namespace, "must be a DNS-1123 label");
    if (props.trustedIps.length === 0) bad("trustedIps", props.trustedIps, "must list at least one CIDR (the private network)");
    props.trustedIps.forEach((ip, i) => {
      if (!cidr.safeParse(ip).success) bad(`trustedIps[${i}]`, ip, "must be a CIDR such as 10.0.0.0/16");
      else if (/^(0\.0\.0\.0|::)\/0$/.test(ip)) bad(`trustedIps[${i}]`, ip, "must not trust every address: anyone could forge a client IP");
    });
    if (props.defaultCertificateSecret !== undefined && !dnsSubdomain.safeParse(props.defaultCertificateSecret).success)
      bad("defaultCertificateSecret", props.defaultCertificateSecret, "must be a Secret name (DNS-1123 subdomain)");
    if (props.dashboard) {
      if (!domainName.safeParse(props.dashboard.host).success)
        bad("dashboard.host", props.dashboard.host, "must be a host name without scheme or path");
      if (props.dashboard.middlewares.length === 0)
        bad("dashboard.middlewares", props.dashboard.middlewares, "must list at least one middleware: the dashboard is never public");
      props.dashboard.middlewares.forEach((m, i) => checkMiddlewareReference(issues, `dashboard.middlewares[${i}]`, m));
    }
    issues.timeoutSeconds(props.timeoutSeconds);
    issues.throwIfAny(`${this.node.path} props`);
  }
}
