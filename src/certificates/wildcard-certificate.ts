import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { PropIssues, dnsLabel, dnsSubdomain, domainName } from "../validation";
import { KubernetesObject, ManifestRelease } from "../kubernetes/manifest-release";
import { certificateModel, validatedObject } from "../kubernetes/models";
import { dependencies } from "../terraform/dependencies";
import type { ITraefik } from "../ingress/traefik";
import type { IClusterIssuer } from "./lets-encrypt-issuer";

/**
 * The domain of a wildcard certificate: a domain name that can be the certificate's common name (at most
 * 64 characters). The platform config holds `cluster.domain` to it while cert-manager is enabled.
 */
export const WILDCARD_DOMAIN = domainName.max(64, { message: "must be at most 64 characters: it is the certificate's common name" });

/** The rule of a Certificate's name here: it also names the Helm release carrying it. */
export const CERTIFICATE_NAME = dnsLabel(53, "it is also the name of the Helm release");

/** Defaults of {@link WildcardCertificateProps}, which the platform config applies too. */
export const WILDCARD_CERTIFICATE_DEFAULTS = { secretName: "tls-cert", name: "default-certificate" } as const;

/** Props of {@link WildcardCertificate}. */
export interface WildcardCertificateProps {
  /** The domain: the certificate is for `<domain>` and `*.<domain>`. */
  readonly domain: string;
  /** The ClusterIssuer that issues it (DNS-01: a wildcard needs it); the certificate waits for its creator. */
  readonly issuer: IClusterIssuer;
  /**
   * The Traefik that serves it as its default certificate: the Certificate and its Secret go into its
   * namespace, after its release.
   */
  readonly traefik: ITraefik;
  /**
   * Secret the certificate and key are written to.
   * @default "tls-cert"
   */
  readonly secretName?: string;
  /**
   * Name of the Certificate (and of the Helm release carrying it).
   * @default "default-certificate"
   */
  readonly name?: string;
  /**
   * Other resources that must exist first (the issuer's creator and Traefik's release are waited for
   * without being listed).
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A wildcard `Certificate` (`cert-manager.io/v1`) for `<domain>` and `*.<domain>`, renewed by
 * cert-manager 30 days before it expires with a new private key each time (`rotationPolicy:
 * Always`), as in part 2 of the guide, in Traefik's namespace. Validated at synth against
 * cert-manager's CRD schema.
 */
export class WildcardCertificate extends Construct {
  /** The Secret holding the certificate once issued. */
  public readonly secretName: string;
  /** The Certificate object. */
  public readonly certificate: KubernetesObject;
  /** The release carrying the Certificate. */
  public readonly manifests: ManifestRelease;

  constructor(scope: Construct, id: string, props: WildcardCertificateProps) {
    super(scope, id);
    this.secretName = props.secretName ?? WILDCARD_CERTIFICATE_DEFAULTS.secretName;
    const name = props.name ?? WILDCARD_CERTIFICATE_DEFAULTS.name;
    const namespace = props.traefik.namespaceName;
    const issues = new PropIssues();
    issues.check("domain", props.domain, WILDCARD_DOMAIN);
    issues.check("issuer.issuerName", props.issuer.issuerName, dnsSubdomain);
    issues.check("traefik.namespaceName", namespace, dnsLabel());
    issues.check("secretName", this.secretName, dnsSubdomain);
    issues.check("name", name, CERTIFICATE_NAME);
    issues.throwIfAny(`${this.node.path} props`);

    const Certificate = certificateModel();
    this.certificate = validatedObject(
      new Certificate({
        metadata: { name, namespace },
        spec: {
          commonName: props.domain,
          dnsNames: [props.domain, `*.${props.domain}`],
          issuerRef: { kind: "ClusterIssuer", name: props.issuer.issuerName },
          secretName: this.secretName,
          privateKey: { rotationPolicy: "Always" },
        },
      }),
      this.node.path,
    );
    this.manifests = new ManifestRelease(this, "Manifests", {
      releaseName: name,
      namespace,
      manifests: [this.certificate],
      // Into Traefik's namespace: after its release, which is installed into the namespace resource.
      dependsOn: dependencies(props.issuer.issuerCreator, props.traefik.release, props.dependsOn),
    });
  }
}
