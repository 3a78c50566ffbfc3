import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { z } from "zod";
import { PropIssues, cidr, dnsLabel, dnsSubdomain, domainName } from "../validation";
import { KubernetesObject, ManifestRelease } from "../kubernetes/manifest-release";
import { ingressRouteModel, middlewareModel, validatedObject } from "../kubernetes/models";
import { dependencies } from "../terraform/dependencies";
import type { ITraefik } from "./traefik";

/** Reference to a Traefik Middleware by name. */
export interface MiddlewareReference {
  /** Middleware name. */
  readonly name: string;
  /** Middleware namespace; other namespaces need Traefik's `allowCrossNamespace`. */
  readonly namespace: string;
}

/**
 * A middleware a construct of this library creates ({@link TraefikMiddlewares}), typed by what it does, so that
 * it can only be passed where that kind of middleware belongs; a route through it waits for its `creator`.
 */
export interface CreatedMiddleware<T extends "ipAllowList" | "basicAuth"> extends MiddlewareReference {
  /** What the middleware does. */
  readonly type: T;
  /**
   * What creates the middleware, which a route through it waits for.
   * @default - none: the middleware exists already
   */
  readonly creator?: ITerraformDependable;
}

/** An IP allow-list middleware created by {@link TraefikMiddlewares}. */
export type IpAllowListMiddleware = CreatedMiddleware<"ipAllowList">;

/** A basic-auth middleware created by {@link TraefikMiddlewares}. */
export type BasicAuthMiddleware = CreatedMiddleware<"basicAuth">;

/** The rule of a middleware's name (a Kubernetes object name). */
export const MIDDLEWARE_NAME = dnsSubdomain;

/** Records in `issues` what is wrong with a middleware reference given as prop `prop` (its name, its namespace); tokens pass. */
export function checkMiddlewareReference(issues: PropIssues, prop: string, ref: MiddlewareReference): void {
  issues.check(`${prop}.name`, ref.name, MIDDLEWARE_NAME);
  issues.check(`${prop}.namespace`, ref.namespace, dnsLabel());
}

/**
 * The IP allow-list: one created by {@link TraefikMiddlewares} (its `ipAllowList`), an existing middleware by name,
 * or the source ranges of one created here.
 */
export type IpAllowList = IpAllowListMiddleware | { readonly existing: MiddlewareReference } | { readonly sourceRange: readonly string[] };

/**
 * Basic authentication: one created by {@link TraefikMiddlewares} (its `basicAuth`), an existing middleware by
 * name, or one created here from htpasswd lines (`user:hash`); pass those as a sensitive Terraform variable.
 */
export type BasicAuth = BasicAuthMiddleware | { readonly existing: MiddlewareReference } | { readonly users: string };

/** TLS of the route: a certificate Secret or a Traefik certificate resolver. */
export type RouteTls = { readonly secretName: string } | { readonly certResolver: string };

/** Source ranges of an IP allow-list middleware: at least one CIDR. The config's allow-lists take the same rule. */
export const SOURCE_RANGE = z.array(cidr).min(1, { message: "must list at least one CIDR" });

/** Traefik entry points of a route: at least one. */
export const ENTRY_POINTS = z
  .array(z.string().min(1, { message: "must not be empty" }))
  .min(1, { message: "must list at least one entry point" });

/** Defaults of {@link ProtectedIngressRouteProps}. */
export const PROTECTED_INGRESS_ROUTE_DEFAULTS = { entryPoints: ["websecure"] } as const;

/** Props of {@link ProtectedIngressRoute}. */
export interface ProtectedIngressRouteProps {
  /**
   * Name of the IngressRoute, prefix of the middlewares created (`<name>-ip-allow-list`, `<name>-basic-auth`)
   * and of the Helm release name.
   */
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
   * The Traefik that serves the route, when the same stack installs it: the route waits for its release
   * (Traefik's CRDs).
   * @default - none: Traefik and its CRDs exist already
   */
  readonly traefik?: ITraefik;
  /**
   * Other resources that must exist first (the creators of middlewares from {@link TraefikMiddlewares} and
   * `traefik`'s release are waited for without being listed).
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A Traefik `IngressRoute` (`traefik.io/v1alpha1`) that is secure by default:
 * it refuses to exist without an IP allow-list and a basic-auth middleware,
 * either existing ones (the guide's `middleware-ip` and `middleware-auth` in
 * namespace `traefik`, e.g. from {@link TraefikMiddlewares}) or ones it creates.
 * Objects are validated at synth time against Traefik's CRD schema.
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
    const creators: ITerraformDependable[] = [];
    const Middleware = middlewareModel();
    /** The name and namespace of a reference, and the wait for its creator. */
    const use = (ref: MiddlewareReference & { readonly creator?: ITerraformDependable }): MiddlewareReference => {
      if (ref.creator) creators.push(ref.creator);
      return { name: ref.name, namespace: ref.namespace };
    };

    let ipRef: MiddlewareReference;
    if ("type" in props.ipAllowList) {
      ipRef = use(props.ipAllowList);
    } else if ("existing" in props.ipAllowList) {
      ipRef = use(props.ipAllowList.existing);
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
    if ("type" in props.basicAuth) {
      authRef = use(props.basicAuth);
    } else if ("existing" in props.basicAuth) {
      authRef = use(props.basicAuth.existing);
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
          entryPoints: [...(props.entryPoints ?? PROTECTED_INGRESS_ROUTE_DEFAULTS.entryPoints)],
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

    const defaultReleaseName = `${props.name}-ingress`;
    this.manifests = new ManifestRelease(this, "Manifests", {
      releaseName: props.releaseName ?? defaultReleaseName,
      namespace: props.namespace,
      manifests: objects,
      dependsOn: dependencies(props.traefik?.release, creators, props.dependsOn, this.authSecret),
    });
  }

  private validate(props: ProtectedIngressRouteProps): void {
    const issues = new PropIssues();
    issues.check(
      "name",
      props.name,
      dnsLabel(40, "the Helm release <name>-ingress and the middlewares and Secret created here are named after it"),
    );
    issues.check("namespace", props.namespace, dnsLabel());
    issues.check("host", props.host, domainName);
    issues.check("serviceName", props.serviceName, dnsSubdomain);
    // Typed as required; a JavaScript caller (or a cast) may still leave them out.
    const ip: IpAllowList | undefined = props.ipAllowList;
    if (ip && "type" in ip) checkMiddlewareReference(issues, "ipAllowList", ip);
    else if (ip && "existing" in ip) checkMiddlewareReference(issues, "ipAllowList.existing", ip.existing);
    else if (ip && "sourceRange" in ip) issues.check("ipAllowList.sourceRange", ip.sourceRange, SOURCE_RANGE);
    else {
      issues.bad(
        "ipAllowList",
        ip,
        "is required: name an existing IP allow-list middleware ({ existing: { name, namespace } }) or give { sourceRange: [CIDR, ...] }; the route is never exposed without one",
      );
    }
    const auth: BasicAuth | undefined = props.basicAuth;
    if (auth && "type" in auth) checkMiddlewareReference(issues, "basicAuth", auth);
    else if (auth && "existing" in auth) checkMiddlewareReference(issues, "basicAuth.existing", auth.existing);
    else if (!auth || !("users" in auth)) {
      issues.bad(
        "basicAuth",
        auth,
        "is required: name an existing basic-auth middleware ({ existing: { name, namespace } }) or give { users } from a sensitive variable; the route is never exposed without one",
      );
    }
    issues.check("entryPoints", props.entryPoints, ENTRY_POINTS);
    if (props.tls && "secretName" in props.tls) issues.check("tls.secretName", props.tls.secretName, dnsSubdomain);
    issues.throwIfAny(`${this.node.path} props`);
  }
}
