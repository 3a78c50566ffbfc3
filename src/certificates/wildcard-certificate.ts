import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { PropIssues, dnsLabel, dnsSubdomain, domainName } from "../validation";
import { KubernetesObject, ManifestRelease } from "../kubernetes/manifest-release";
import { certificateModel, validatedObject } from "../kubernetes/models";

/** Props of {@link WildcardCertificate}. */
export interface WildcardCertificateProps {
  /** The domain: the certificate is for `<domain>` and `*.<domain>`. */
  readonly domain: string;
  /** Namespace of the Certificate and its Secret (Traefik's, for a default certificate). */
  readonly namespace: string;
  /** Name of the ClusterIssuer that issues it (DNS-01: a wildcard needs it). */
  readonly issuerName: string;
  /**
   * Secret the certificate and key are written to.
   * @default "tls-cert"
   */
  readonly secretName?: string;
  /**
   * Name of the Certificate.
   * @default "default-certificate"
   */
  readonly name?: string;
  /**
   * Resources that must exist first: the issuer's release.
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A wildcard `Certificate` (`cert-manager.io/v1`) for `<domain>` and `*.<domain>`, renewed by
 * cert-manager 30 days before it expires with a new private key each time (`rotationPolicy:
 * Always`), as in part 2 of the guide. Validated at synth against cert-manager's CRD schema.
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
    this.secretName = props.secretName ?? "tls-cert";
    const name = props.name ?? "default-certificate";
    const issues = new PropIssues();
    if (!domainName.safeParse(props.domain).success) issues.bad("domain", props.domain, "must be a domain name such as example.org");
    else if (props.domain.length > 64)
      issues.bad("domain", props.domain, "must be at most 64 characters: it is the certificate's common name");
    if (!dnsLabel().safeParse(props.namespace).success) issues.bad("namespace", props.namespace, "must be a DNS-1123 label");
    if (!dnsSubdomain.safeParse(props.issuerName).success) issues.bad("issuerName", props.issuerName, "must be a DNS-1123 name");
    if (!dnsSubdomain.safeParse(this.secretName).success) issues.bad("secretName", this.secretName, "must be a DNS-1123 name");
    if (!dnsLabel(53).safeParse(name).success) issues.bad("name", name, "must be a DNS-1123 label of at most 53 characters");
    issues.throwIfAny(`${this.node.path} props`);

    const Certificate = certificateModel();
    this.certificate = validatedObject(
      new Certificate({
        metadata: { name, namespace: props.namespace },
        spec: {
          commonName: props.domain,
          dnsNames: [props.domain, `*.${props.domain}`],
          issuerRef: { kind: "ClusterIssuer", name: props.issuerName },
          secretName: this.secretName,
          privateKey: { rotationPolicy: "Always" },
        },
      }),
      this.node.path,
    );
    this.manifests = new ManifestRelease(this, "Manifests", {
      releaseName: name,
      namespace: props.namespace,
      manifests: [this.certificate],
      dependsOn: props.dependsOn,
    });
  }
}
