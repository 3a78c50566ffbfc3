import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { PropIssues, dnsLabel, isUnresolved } from "../validation";
import { ManifestRelease } from "../kubernetes/manifest-release";
import { middlewareModel, validatedObject } from "../kubernetes/models";
import { dependencies } from "../terraform/dependencies";
import { BasicAuthMiddleware, IpAllowListMiddleware, MiddlewareReference, SOURCE_RANGE } from "./protected-ingress-route";
import type { ITraefik } from "./traefik";

/** The middleware names of part 2 of the guide, the defaults of {@link TraefikMiddlewaresProps}. */
export const TRAEFIK_MIDDLEWARES_DEFAULTS = { ipAllowListName: "middleware-ip", basicAuthName: "middleware-auth" } as const;

/**
 * The former name of {@link TRAEFIK_MIDDLEWARES_DEFAULTS}.
 * @deprecated use TRAEFIK_MIDDLEWARES_DEFAULTS
 */
export const TRAEFIK_MIDDLEWARE_DEFAULTS = TRAEFIK_MIDDLEWARES_DEFAULTS;

/** The rule of a middleware name here: its Secret is `<name>-users`. */
export const TRAEFIK_MIDDLEWARE_NAME = dnsLabel(57, "the basic-auth middleware's Secret is <name>-users");

/** Props of {@link TraefikMiddlewares}. */
export interface TraefikMiddlewaresProps {
  /**
   * The Traefik whose namespace holds the middlewares and the users Secret (so that any route can name them),
   * and whose release brings the Middleware CRD, which the middlewares wait for.
   */
  readonly traefik: ITraefik;
  /** Source ranges let through by the IP allow-list middleware (each entry, or the whole list, may be a token). */
  readonly ipAllowList: readonly string[];
  /**
   * htpasswd lines (`user:bcrypt-hash`, one per line) of the basic-auth middleware; pass a sensitive
   * Terraform variable: the value reaches only the Secret.
   */
  readonly htpasswd: string;
  /**
   * Name of the IP allow-list middleware. It must differ from `basicAuthName` (not checked when either is a token).
   * @default "middleware-ip"
   */
  readonly ipAllowListName?: string;
  /**
   * Name of the basic-auth middleware (its Secret is `<name>-users`).
   * @default "middleware-auth"
   */
  readonly basicAuthName?: string;
  /**
   * Other resources that must exist first (`traefik`'s release is waited for without being listed).
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The two middlewares of part 2 of the guide that protect every private route (the Traefik
 * dashboard, the Longhorn UI): `middleware-ip`, an IP allow-list, and `middleware-auth`, basic
 * authentication from htpasswd lines kept in a Secret, in Traefik's namespace. Routes of other
 * namespaces reference them (Traefik's `allowCrossNamespace`): pass {@link TraefikMiddlewares.ipAllowList} and
 * {@link TraefikMiddlewares.basicAuth} to a {@link ProtectedIngressRoute}, which then waits for them. Validated at synth
 * against Traefik's Middleware CRD schema.
 */
export class TraefikMiddlewares extends Construct {
  /** The IP allow-list middleware, as a {@link ProtectedIngressRoute}'s `ipAllowList` takes it. */
  public readonly ipAllowList: IpAllowListMiddleware;
  /** The basic-auth middleware, as a {@link ProtectedIngressRoute}'s `basicAuth` takes it. */
  public readonly basicAuth: BasicAuthMiddleware;
  /** The Secret with the htpasswd users. */
  public readonly usersSecret: SecretV1;
  /** The release carrying both middlewares. */
  public readonly manifests: ManifestRelease;

  constructor(scope: Construct, id: string, props: TraefikMiddlewaresProps) {
    super(scope, id);
    const ipName = props.ipAllowListName ?? TRAEFIK_MIDDLEWARES_DEFAULTS.ipAllowListName;
    const authName = props.basicAuthName ?? TRAEFIK_MIDDLEWARES_DEFAULTS.basicAuthName;
    const namespace = props.traefik.namespaceName;
    const issues = new PropIssues();
    issues.check("traefik.namespaceName", namespace, dnsLabel());
    issues.check("ipAllowList", props.ipAllowList, SOURCE_RANGE);
    issues.check("ipAllowListName", ipName, TRAEFIK_MIDDLEWARE_NAME);
    issues.check("basicAuthName", authName, TRAEFIK_MIDDLEWARE_NAME);
    if (!isUnresolved(ipName) && ipName === authName) issues.bad("basicAuthName", authName, "must differ from ipAllowListName");
    issues.throwIfAny(`${this.node.path} props`);

    const ipRef: MiddlewareReference = { name: ipName, namespace };
    const authRef: MiddlewareReference = { name: authName, namespace };
    const secretName = `${authName}-users`;
    this.usersSecret = new SecretV1(this, "Users", {
      metadata: { name: secretName, namespace },
      data: { users: props.htpasswd },
      dependsOn: dependencies(props.traefik.release, props.dependsOn),
    });
    const Middleware = middlewareModel();
    this.manifests = new ManifestRelease(this, "Manifests", {
      releaseName: "traefik-middlewares",
      namespace,
      manifests: [
        validatedObject(
          new Middleware({ metadata: { ...ipRef }, spec: { ipAllowList: { sourceRange: [...props.ipAllowList] } } }),
          this.node.path,
        ),
        validatedObject(new Middleware({ metadata: { ...authRef }, spec: { basicAuth: { secret: secretName } } }), this.node.path),
      ],
      dependsOn: dependencies(props.traefik.release, props.dependsOn, this.usersSecret),
    });
    const creator = this.manifests.release;
    this.ipAllowList = { type: "ipAllowList", ...ipRef, creator };
    this.basicAuth = { type: "basicAuth", ...authRef, creator };
  }
}
