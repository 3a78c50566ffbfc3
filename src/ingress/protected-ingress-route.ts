import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { PropIssues, dnsLabel, dnsSubdomain, domainName } from "../validation";
import { KubernetesObject, ManifestRelease } from "../kubernetes/manifest-release";
import { ingressRouteModel, middlewareModel, validatedObject } from "../kubernetes/models";

/** Reference to a Traefik Middleware that already exists. */
export interface MiddlewareReference {
  /** Middleware name. */
  readonly name: string;
  /** Middleware namespace; other namespaces need Traefik's `allowCrossNamespace`. */
  readonly namespace: string;
}

/** Records in `issues` what is wrong with a middleware reference given as prop `prop` (its name, its namespace). */
export function checkMiddlewareReference(issues: PropIssues, prop: string, ref: MiddlewareReference): void {
  if (!dnsSubdomain.safeParse(ref.name).success) issues.bad(`${prop}.name`, ref.name, "must be a DNS-1123 name");
  if (!dnsLabel().safeParse(ref.namespace).success) issues.bad(`${prop}.namespace`, ref.namespace, "must be a DNS-1123 label");
}

/** The IP allow-list: an existing middleware, or the source ranges of one created here. */
export type IpAllowList = { readonly existing: MiddlewareReference } | { readonly sourceRange: readonly string[] };

/**
 * Basic authentication: an existing middleware, or one created here from
 * htpasswd lines (`user:hash`); pass those as a sensitive Terraform variable.
 */
export type BasicAuth = { readonly existing: MiddlewareReference } | { readonly users: string };

/** TLS of the route: a certificate Secret or a Traefik certificate resolver. */
export type RouteTls = { readonly secretName: string } | { readonly certResolver: string };

/** Props of {@link ProtectedIngressRoute}. */
export interface ProtectedIngressRouteProps {
  /** Name of the IngressRoute (and prefix of the middlewares created). */
  readonly name: string;
  /** Namespace of the IngressRoute and of the service. */
  readonly namespace: string;
  /** Host name matched by the route, e.g. `longhorn.example.org`. */
  readonly host: string;
  /** Backend service name. */
  readonly serviceName: string;
  /** Backend service port, by name or number. */
  readonly servicePort: string | number;
  /** IP allow-list; required, the route is never public. */
  readonly ipAllowList: IpAllowList;
  /** Basic authentication; required, the route is never anonymous. */
  readonly basicAuth: BasicAuth;
  /**
   * Traefik entry points.
   * @default ["websecure"]
   */
  readonly entryPoints?: readonly string[];
  /**
   * TLS settings.
   * @default - none: the entry point's default certificate (e.g. a wildcard TLSStore) applies
   */
  readonly tls?: RouteTls;
  /**
   * Helm release name of the route and its middlewares.
   * @default - `<name>-ingress`
   */
  readonly releaseName?: string;
  /**
   * Resources that must exist first.
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A Traefik `IngressRoute` (`traefik.io/v1alpha1`) that is secure by default:
 * it refuses to exist without an IP allow-list and a basic-auth middleware,
 * either existing ones (the guide's `middleware-ip` and `middleware-auth` in
 * namespace `traefik`) or ones it creates. Objects are validated at synth time
 * against Traefik's CRD schema.
 */
export class ProtectedIngressRoute extends Construct {
  /** The release carrying the IngressRoute and the middlewares created here. */
  public readonly manifests: ManifestRelease;
  /** The Secret with the htpasswd users, when the basic-auth middleware is created here. */
  public readonly authSecret?: SecretV1;
  /** The middlewares the route goes through, in order. */
  public readonly middlewares: readonly MiddlewareReference[];
  /** The IngressRoute object. */
  public readonly ingressRoute: KubernetesObject;

  constructor(scope: Construct, id: string, props: ProtectedIngressRouteProps) {
    super(scope, id);
    this.validate(props);
    const objects: KubernetesObject[] = [];
    const Middleware = middlewareModel();

    let ipRef: MiddlewareReference;
    if ("existing" in props.ipAllowList) {
      ipRef = props.ipAllowList.existing;
    } else {
      ipRef = { name: `${props.name}-ip-allow-list`, namespace: props.namespace };
      objects.push(
        validatedObject(
          new Middleware({ metadata: { ...ipRef }, spec: { ipAllowList: { sourceRange: [...props.ipAllowList.sourceRange] } } }),
          this.node.path,
        ),
      );
    }

    let authRef: MiddlewareReference;
    if ("existing" in props.basicAuth) {
      authRef = props.basicAuth.existing;
    } else {
      authRef = { name: `${props.name}-basic-auth`, namespace: props.namespace };
      this.authSecret = new SecretV1(this, "BasicAuthUsers", {
        metadata: { name: `${props.name}-basic-auth-users`, namespace: props.namespace },
        data: { users: props.basicAuth.users },
      });
      objects.push(
        validatedObject(
          new Middleware({ metadata: { ...authRef }, spec: { basicAuth: { secret: `${props.name}-basic-auth-users` } } }),
          this.node.path,
        ),
      );
    }
    this.middlewares = [ipRef, authRef];

    const IngressRoute = ingressRouteModel();
    const tls = props.tls
      ? "secretName" in props.tls
        ? { secretName: props.tls.secretName }
        : { certResolver: props.tls.certResolver }
      : undefined;
    this.ingressRoute = validatedObject(
      new IngressRoute({
        metadata: { name: props.name, namespace: props.namespace },
        spec: {
          entryPoints: [...(props.entryPoints ?? ["websecure"])],
          routes: [
            {
              match: `Host(\`${props.host}\`)`,
              kind: "Rule",
              middlewares: this.middlewares.map((m) => ({ name: m.name, namespace: m.namespace })),
              services: [{ name: props.serviceName, port: props.servicePort }],
            },
          ],
          ...(tls ? { tls } : {}),
        },
      }),
      this.node.path,
    );
    objects.push(this.ingressRoute);

    this.manifests = new ManifestRelease(this, "Manifests", {
      releaseName: props.releaseName ?? `${props.name}-ingress`,
      namespace: props.namespace,
      manifests: objects,
      dependsOn: [...(props.dependsOn ?? []), ...(this.authSecret ? [this.authSecret] : [])],
    });
  }

  private validate(props: ProtectedIngressRouteProps): void {
    const issues = new PropIssues();
    const bad = issues.bad;
    if (!dnsLabel(40).safeParse(props.name).success) bad("name", props.name, "must be a DNS-1123 label of at most 40 characters");
    if (!dnsLabel().safeParse(props.namespace).success) bad("namespace", props.namespace, "must be a DNS-1123 label");
    if (!domainName.safeParse(props.host).success) bad("host", props.host, "must be a host name without scheme or path");
    if (!dnsSubdomain.safeParse(props.serviceName).success) bad("serviceName", props.serviceName, "must be a DNS-1123 name");
    const checkRef = (prop: string, ref: MiddlewareReference) => checkMiddlewareReference(issues, `${prop}.existing`, ref);
    const ip = props.ipAllowList as IpAllowList | undefined;
    if (!ip || (!("existing" in ip) && !("sourceRange" in ip))) {
      bad(
        "ipAllowList",
        ip,
        "is required: name an existing IP allow-list middleware ({ existing: { name, namespace } }) or give { sourceRange: [CIDR, ...] }; the route is never exposed without one",
      );
    } else if ("existing" in ip) checkRef("ipAllowList", ip.existing);
    else if (ip.sourceRange.length === 0) bad("ipAllowList.sourceRange", ip.sourceRange, "must list at least one CIDR");
    const auth = props.basicAuth as BasicAuth | undefined;
    if (!auth || (!("existing" in auth) && !("users" in auth))) {
      bad(
        "basicAuth",
        auth,
        "is required: name an existing basic-auth middleware ({ existing: { name, namespace } }) or give { users } from a sensitive variable; the route is never exposed without one",
      );
    } else if ("existing" in auth) checkRef("basicAuth", auth.existing);
    if ((props.entryPoints ?? ["websecure"]).length === 0) bad("entryPoints", props.entryPoints, "must list at least one entry point");
    issues.throwIfAny(`${this.node.path} props`);
  }
}
