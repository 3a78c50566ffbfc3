import { Release } from "@cdktf/provider-helm/lib/release";
import { helmRelease } from "../kubernetes/helm-release";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { z } from "zod";
import { cidr, dnsLabel, dnsSubdomain, domainName, PropIssues, SupportedReleases } from "../validation";
import { helmValuesYaml } from "../kubernetes/helm-values";
import { MiddlewareReference, checkMiddlewareReference } from "./protected-ingress-route";
import { TRAEFIK_ENTRY_POINTS } from "./traefik-entry-points";

/** Traefik chart versions whose values this project sets (checked against the chart's values.schema.json). */
export const TRAEFIK_SUPPORTED_VERSIONS = ">=41.3.0 <42.0.0";

/** The Traefik chart versions published in {@link TRAEFIK_SUPPORTED_VERSIONS} (git tags of the upstream repository, August 2026). */
export const TRAEFIK_RELEASES = new SupportedReleases("Traefik chart", TRAEFIK_SUPPORTED_VERSIONS, ["41.3.0"]);

/** Defaults of {@link TraefikProps}, which the platform config applies too. */
export const TRAEFIK_DEFAULTS = {
  chartVersion: "41.3.0",
  repository: "https://traefik.github.io/charts",
  namespace: "traefik",
  proxyProtocol: true,
  accessLogs: true,
  serviceMonitor: false,
  timeoutSeconds: 300,
} as const;

/**
 * The ranges whose client addresses Traefik trusts: at least one CIDR, and never every address.
 */
export const TRUSTED_IPS = z
  .array(
    cidr.refine((range) => !/^(0\.0\.0\.0|::)\/0$/.test(range), {
      message: "must not trust every address: anyone could forge a client IP",
    }),
  )
  .min(1, { message: "must list at least one CIDR (the private network)" });

/** The middlewares of the dashboard's route: at least one, it is never public. */
const DASHBOARD_MIDDLEWARES = z.array(z.unknown()).min(1, { message: "must list at least one middleware: the dashboard is never public" });

/**
 * A Traefik installation, as the constructs that build on it take it ({@link TraefikMiddlewares},
 * `WildcardCertificate`, {@link ProtectedIngressRoute}): {@link Traefik} implements it; a Traefik installed
 * elsewhere is a plain object `{ namespaceName: "traefik" }`.
 */
export interface ITraefik {
  /** Name of Traefik's namespace, where its middlewares and default certificate go. */
  readonly namespaceName: string;
  /**
   * What objects of Traefik's kinds (Middleware, IngressRoute, TLSStore) wait for: the release that brings
   * Traefik's CRDs.
   * @default - none: Traefik is installed already
   */
  readonly release?: ITerraformDependable;
}

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
   * Exact Traefik chart version (https://traefik.github.io/charts), Traefik v3. A token is accepted (the values
   * set are the same for every supported version), unchecked.
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
 * behind middlewares. Its LoadBalancer Service listens on {@link TRAEFIK_ENTRY_POINTS}. Other
 * constructs take it as an {@link ITraefik}: its namespace and its release.
 */
export class Traefik extends Construct implements ITraefik {
  /** The namespace, created here. */
  public readonly namespace: NamespaceV1;
  /**
   * Name of the namespace, as given (known at synth time when it was). Dependents wait for {@link release},
   * which is installed into the namespace resource, so after it.
   */
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
    this.namespaceName = namespace;
    const dashboard = props.dashboard;
    const monitoring = props.serviceMonitor ?? TRAEFIK_DEFAULTS.serviceMonitor;
    this.values = {
      ports: {
        web: {
          exposedPort: TRAEFIK_ENTRY_POINTS.web.exposedPort,
          http: { redirections: { entryPoint: { to: "websecure", scheme: "https", permanent: true } } },
        },
        websecure: {
          exposedPort: TRAEFIK_ENTRY_POINTS.websecure.exposedPort,
          forwardedHeaders: { trustedIPs: props.trustedIps },
          ...((props.proxyProtocol ?? TRAEFIK_DEFAULTS.proxyProtocol) ? { proxyProtocol: { trustedIPs: props.trustedIps } } : {}),
        },
      },
      accessLog: { enabled: props.accessLogs ?? TRAEFIK_DEFAULTS.accessLogs },
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
      repository: props.repository ?? TRAEFIK_DEFAULTS.repository,
      version: this.chartVersion,
      namespace: this.namespace.metadata.name,
      values: [helmValuesYaml(this.values)],
      timeout: props.timeoutSeconds ?? TRAEFIK_DEFAULTS.timeoutSeconds,
      dependsOn: props.dependsOn,
    });
  }

  private validate(props: TraefikProps, namespace: string): void {
    const issues = new PropIssues();
    issues.check("chartVersion", this.chartVersion, TRAEFIK_RELEASES.schema());
    issues.check("namespace", namespace, dnsLabel());
    issues.check("trustedIps", props.trustedIps, TRUSTED_IPS);
    issues.check("defaultCertificateSecret", props.defaultCertificateSecret, dnsSubdomain);
    if (props.dashboard) {
      issues.check("dashboard.host", props.dashboard.host, domainName);
      issues.check("dashboard.middlewares", props.dashboard.middlewares, DASHBOARD_MIDDLEWARES);
      props.dashboard.middlewares.forEach((m, i) => checkMiddlewareReference(issues, `dashboard.middlewares[${i}]`, m));
    }
    issues.timeoutSeconds(props.timeoutSeconds);
    issues.throwIfAny(`${this.node.path} props`);
  }
}
