import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { z } from "zod";
import { PropIssues, dnsLabel } from "../validation";
import { KubernetesObject, ManifestRelease } from "../kubernetes/manifest-release";
import { clusterIssuerModel, validatedObject } from "../kubernetes/models";

/** Let's Encrypt's ACME directories. */
export const LETS_ENCRYPT_SERVERS = {
  production: "https://acme-v02.api.letsencrypt.org/directory",
  staging: "https://acme-staging-v02.api.letsencrypt.org/directory",
} as const;

/** Which Let's Encrypt: `staging` for trials (untrusted certificates, high rate limits), or `production`. */
export type LetsEncryptEnvironment = keyof typeof LETS_ENCRYPT_SERVERS;

/** Props of {@link LetsEncryptIssuer}. */
export interface LetsEncryptIssuerProps {
  /** ACME account e-mail: Let's Encrypt writes there before a certificate expires. */
  readonly email: string;
  /** Namespace of cert-manager, where the DNS API token Secret goes. */
  readonly certManagerNamespace: string;
  /**
   * Cloudflare API token with Zone:DNS:Edit on the domain's zone, for the DNS-01 challenge; pass a
   * sensitive Terraform variable: the value reaches only the Secret.
   */
  readonly cloudflareApiToken: string;
  /**
   * Let's Encrypt environment.
   * @default "production"
   */
  readonly environment?: LetsEncryptEnvironment;
  /**
   * Name of the ClusterIssuer (and of the Secret of its ACME account key).
   * @default - `letsencrypt-<environment>`
   */
  readonly name?: string;
  /**
   * Resources that must exist first: the cert-manager release.
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A Let's Encrypt `ClusterIssuer` (`cert-manager.io/v1`) solving DNS-01 challenges through
 * Cloudflare, as in part 2 of the guide: it can issue wildcard certificates without exposing
 * anything. The API token lives only in a Secret of cert-manager's namespace. Validated at synth
 * against cert-manager's CRD schema.
 */
export class LetsEncryptIssuer extends Construct {
  /** Name of the ClusterIssuer. */
  public readonly issuerName: string;
  /** The ClusterIssuer object. */
  public readonly clusterIssuer: KubernetesObject;
  /** The Secret with the Cloudflare API token. */
  public readonly apiTokenSecret: SecretV1;
  /** The release carrying the ClusterIssuer. */
  public readonly manifests: ManifestRelease;

  constructor(scope: Construct, id: string, props: LetsEncryptIssuerProps) {
    super(scope, id);
    const environment = props.environment ?? "production";
    this.issuerName = props.name ?? `letsencrypt-${environment}`;
    const issues = new PropIssues();
    if (!z.email().safeParse(props.email).success) issues.bad("email", props.email, "must be an e-mail address");
    if (!Object.hasOwn(LETS_ENCRYPT_SERVERS, environment)) issues.bad("environment", environment, "must be 'production' or 'staging'");
    if (!dnsLabel(53).safeParse(this.issuerName).success)
      issues.bad("name", this.issuerName, "must be a DNS-1123 label of at most 53 characters");
    if (!dnsLabel().safeParse(props.certManagerNamespace).success)
      issues.bad("certManagerNamespace", props.certManagerNamespace, "must be a DNS-1123 label");
    issues.throwIfAny(`${this.node.path} props`);

    const tokenSecret = `${this.issuerName}-cloudflare-api-token`;
    this.apiTokenSecret = new SecretV1(this, "CloudflareApiToken", {
      metadata: { name: tokenSecret, namespace: props.certManagerNamespace },
      data: { "api-token": props.cloudflareApiToken },
      dependsOn: props.dependsOn,
    });
    const ClusterIssuer = clusterIssuerModel();
    this.clusterIssuer = validatedObject(
      new ClusterIssuer({
        metadata: { name: this.issuerName },
        spec: {
          acme: {
            email: props.email,
            server: LETS_ENCRYPT_SERVERS[environment],
            privateKeySecretRef: { name: this.issuerName },
            solvers: [{ dns01: { cloudflare: { apiTokenSecretRef: { name: tokenSecret, key: "api-token" } } } }],
          },
        },
      }),
      this.node.path,
    );
    this.manifests = new ManifestRelease(this, "Manifests", {
      releaseName: this.issuerName,
      namespace: props.certManagerNamespace,
      manifests: [this.clusterIssuer],
      dependsOn: [...(props.dependsOn ?? []), this.apiTokenSecret],
    });
  }
}
