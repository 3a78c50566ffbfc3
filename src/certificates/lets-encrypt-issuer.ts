import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { z } from "zod";
import { PropIssues, dnsLabel } from "../validation";
import { KubernetesObject, ManifestRelease } from "../kubernetes/manifest-release";
import { clusterIssuerModel, validatedObject } from "../kubernetes/models";
import { dependencies } from "../terraform/dependencies";
import type { ICertManager } from "./cert-manager";

/** Let's Encrypt's ACME directories. */
export const LETS_ENCRYPT_SERVERS = {
  production: "https://acme-v02.api.letsencrypt.org/directory",
  staging: "https://acme-staging-v02.api.letsencrypt.org/directory",
} as const;

/** Which Let's Encrypt: `staging` for trials (untrusted certificates, high rate limits), or `production`. */
export type LetsEncryptEnvironment = keyof typeof LETS_ENCRYPT_SERVERS;

/** The rule of {@link LetsEncryptIssuerProps.environment}, which the platform config takes too. */
export const LETS_ENCRYPT_ENVIRONMENT = z.enum(["production", "staging"] as const satisfies readonly LetsEncryptEnvironment[], {
  message: "must be 'production' or 'staging'",
});

/** The rule of the ACME account e-mail, which the platform config takes too. */
export const ACME_EMAIL = z.email({ message: "must be an e-mail address" });

/** The rule of a ClusterIssuer's name here: it also names the Helm release carrying it. */
export const ISSUER_NAME = dnsLabel(53, "it is also the name of the Helm release");

/** Defaults of {@link LetsEncryptIssuerProps}, which the platform config applies too. */
export const LETS_ENCRYPT_ISSUER_DEFAULTS = { environment: "production" } as const;

/** The name of the ClusterIssuer of an environment unless told: `letsencrypt-<environment>`. */
export function letsEncryptIssuerName(environment: LetsEncryptEnvironment): string {
  return `letsencrypt-${environment}`;
}

/**
 * A ClusterIssuer, as the certificates that it issues take it ({@link WildcardCertificate}):
 * {@link LetsEncryptIssuer} implements it; one created elsewhere is a plain object `{ issuerName: "..." }`.
 */
export interface IClusterIssuer {
  /** Name of the ClusterIssuer. */
  readonly issuerName: string;
  /**
   * What certificates wait for: what creates the ClusterIssuer.
   * @default - none: the ClusterIssuer exists already
   */
  readonly issuerCreator?: ITerraformDependable;
}

/** Props of {@link LetsEncryptIssuer}. */
export interface LetsEncryptIssuerProps {
  /** ACME account e-mail: Let's Encrypt writes there before a certificate expires. */
  readonly email: string;
  /**
   * The cert-manager that runs the issuer: the DNS API token Secret goes into its namespace, and the
   * ClusterIssuer waits for its release (CRDs and webhook).
   */
  readonly certManager: ICertManager;
  /**
   * Cloudflare API token with Zone:DNS:Edit on the domain's zone, for the DNS-01 challenge; pass a
   * sensitive Terraform variable: the value reaches only the Secret.
   */
  readonly cloudflareApiToken: string;
  /**
   * Let's Encrypt environment. Must be known at synth time: it chooses the ACME server's URL.
   * @default "production"
   */
  readonly environment?: LetsEncryptEnvironment;
  /**
   * Name of the ClusterIssuer (and of the Secret of its ACME account key, and of the Helm release).
   * @default - `letsencrypt-<environment>`
   */
  readonly name?: string;
  /**
   * Other resources that must exist first (`certManager`'s release is waited for without being listed).
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A Let's Encrypt `ClusterIssuer` (`cert-manager.io/v1`) solving DNS-01 challenges through
 * Cloudflare, as in part 2 of the guide: it can issue wildcard certificates without exposing
 * anything. The API token lives only in a Secret of cert-manager's namespace. Validated at synth
 * against cert-manager's CRD schema. Certificates take it as an {@link IClusterIssuer}.
 */
export class LetsEncryptIssuer extends Construct implements IClusterIssuer {
  /** Name of the ClusterIssuer. */
  public readonly issuerName: string;
  /** The release that creates the ClusterIssuer, which certificates wait for. */
  public readonly issuerCreator: ITerraformDependable;
  /** The ClusterIssuer object. */
  public readonly clusterIssuer: KubernetesObject;
  /** The Secret with the Cloudflare API token. */
  public readonly apiTokenSecret: SecretV1;
  /** The release carrying the ClusterIssuer. */
  public readonly manifests: ManifestRelease;

  constructor(scope: Construct, id: string, props: LetsEncryptIssuerProps) {
    super(scope, id);
    const environment = props.environment ?? LETS_ENCRYPT_ISSUER_DEFAULTS.environment;
    const namespace = props.certManager.namespaceName;
    const issues = new PropIssues();
    issues.check("email", props.email, ACME_EMAIL);
    issues.known("environment", environment, "it chooses the ACME server's URL");
    issues.check("environment", environment, LETS_ENCRYPT_ENVIRONMENT);
    issues.check("name", props.name, ISSUER_NAME);
    issues.check("certManager.namespaceName", namespace, dnsLabel());
    issues.throwIfAny(`${this.node.path} props`);
    this.issuerName = props.name ?? letsEncryptIssuerName(environment);

    const tokenSecret = `${this.issuerName}-cloudflare-api-token`;
    this.apiTokenSecret = new SecretV1(this, "CloudflareApiToken", {
      metadata: { name: tokenSecret, namespace },
      data: { "api-token": props.cloudflareApiToken },
      dependsOn: dependencies(props.certManager.release, props.dependsOn),
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
      namespace,
      manifests: [this.clusterIssuer],
      dependsOn: dependencies(props.certManager.release, props.dependsOn, this.apiTokenSecret),
    });
    this.issuerCreator = this.manifests.release;
  }
}
