import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { PropIssues, cidr, dnsLabel } from "../validation";
import { ManifestRelease } from "../kubernetes/manifest-release";
import { middlewareModel, validatedObject } from "../kubernetes/models";
import { MiddlewareReference } from "./protected-ingress-route";

/** The middleware names of part 2 of the guide, the defaults of {@link TraefikMiddlewaresProps}. */
export const TRAEFIK_MIDDLEWARE_DEFAULTS = { ipAllowListName: "middleware-ip", basicAuthName: "middleware-auth" } as const;

/** Props of {@link TraefikMiddlewares}. */
export interface TraefikMiddlewaresProps {
  /** Namespace of the middlewares and of the users Secret (Traefik's, so that any route can name them). */
  readonly namespace: string;
  /** Source ranges let through by the IP allow-list middleware. */
  readonly ipAllowList: readonly string[];
  /**
   * htpasswd lines (`user:bcrypt-hash`, one per line) of the basic-auth middleware; pass a sensitive
   * Terraform variable: the value reaches only the Secret.
   */
  readonly htpasswd: string;
  /**
   * Name of the IP allow-list middleware.
   * @default "middleware-ip"
   */
  readonly ipAllowListName?: string;
  /**
   * Name of the basic-auth middleware (its Secret is `<name>-users`).
   * @default "middleware-auth"
   */
  readonly basicAuthName?: string;
  /**
   * Resources that must exist first: the release that brings Traefik's CRDs.
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The two middlewares of part 2 of the guide that protect every private route (the Traefik
 * dashboard, the Longhorn UI): `middleware-ip`, an IP allow-list, and `middleware-auth`, basic
 * authentication from htpasswd lines kept in a Secret. Routes of other namespaces reference them
 * (Traefik's `allowCrossNamespace`). Validated at synth against Traefik's Middleware CRD schema.
 */
export class TraefikMiddlewares extends Construct {
  /** The IP allow-list middleware. */
  public readonly ipAllowList: MiddlewareReference;
  /** The basic-auth middleware. */
  public readonly basicAuth: MiddlewareReference;
  /** The Secret with the htpasswd users. */
  public readonly usersSecret: SecretV1;
  /** The release carrying both middlewares. */
  public readonly manifests: ManifestRelease;

  constructor(scope: Construct, id: string, props: TraefikMiddlewaresProps) {
    super(scope, id);
    const ipName = props.ipAllowListName ?? TRAEFIK_MIDDLEWARE_DEFAULTS.ipAllowListName;
    const authName = props.basicAuthName ?? TRAEFIK_MIDDLEWARE_DEFAULTS.basicAuthName;
    const issues = new PropIssues();
    if (!dnsLabel().safeParse(props.namespace).success) issues.bad("namespace", props.namespace, "must be a DNS-1123 label");
    if (props.ipAllowList.length === 0) issues.bad("ipAllowList", props.ipAllowList, "must list at least one CIDR");
    props.ipAllowList.forEach((range, i) => {
      if (!cidr.safeParse(range).success) issues.bad(`ipAllowList[${i}]`, range, "must be a CIDR such as 203.0.113.10/32");
    });
    for (const [prop, name] of [
      ["ipAllowListName", ipName],
      ["basicAuthName", authName],
    ] as const) {
      if (!dnsLabel(57).safeParse(name).success) issues.bad(prop, name, "must be a DNS-1123 label of at most 57 characters");
    }
    if (ipName === authName) issues.bad("basicAuthName", authName, "must differ from ipAllowListName");
    issues.throwIfAny(`${this.node.path} props`);

    this.ipAllowList = { name: ipName, namespace: props.namespace };
    this.basicAuth = { name: authName, namespace: props.namespace };
    const secretName = `${authName}-users`;
    this.usersSecret = new SecretV1(this, "Users", {
      metadata: { name: secretName, namespace: props.namespace },
      data: { users: props.htpasswd },
      dependsOn: props.dependsOn,
    });
    const Middleware = middlewareModel();
    this.manifests = new ManifestRelease(this, "Manifests", {
      releaseName: "traefik-middlewares",
      namespace: props.namespace,
      manifests: [
        validatedObject(
          new Middleware({ metadata: { ...this.ipAllowList }, spec: { ipAllowList: { sourceRange: [...props.ipAllowList] } } }),
          this.node.path,
        ),
        validatedObject(new Middleware({ metadata: { ...this.basicAuth }, spec: { basicAuth: { secret: secretName } } }), this.node.path),
      ],
      dependsOn: [...(props.dependsOn ?? []), this.usersSecret],
    });
  }
}
