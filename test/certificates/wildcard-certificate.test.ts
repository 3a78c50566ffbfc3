import { parse } from "yaml";
import { LetsEncryptIssuer } from "../../src/certificates/lets-encrypt-issuer";
import { WILDCARD_CERTIFICATE_DEFAULTS, WildcardCertificate, WildcardCertificateProps } from "../../src/certificates/wildcard-certificate";
import { Traefik } from "../../src/ingress/traefik";
import { PrometheusOperatorCrds } from "../../src/monitoring/prometheus-operator-crds";
import { ValidationError } from "../../src/validation";
import { errorOf, onlyResource, resourcesOf, synthScope } from "../helpers";
import { unusedTokens } from "../tokens";

const props: WildcardCertificateProps = {
  domain: "kube.rocks",
  traefik: { namespaceName: "traefik" },
  issuer: { issuerName: "letsencrypt-production" },
};

function synth(override: Partial<WildcardCertificateProps> = {}) {
  return synthScope((scope) => new WildcardCertificate(scope, "Certificate", { ...props, ...override }));
}

function objects(override: Partial<WildcardCertificateProps> = {}) {
  const { parsed } = synth(override);
  const release = onlyResource(parsed, "helm_release");
  return { parsed, release, manifests: parse((release.values as string[])[0]).manifests as Array<Record<string, any>> };
}

describe("WildcardCertificate", () => {
  it("matches the snapshot", () => {
    expect(synth().json).toMatchSnapshot();
  });

  it("certifies <domain> and *.<domain> into Secret tls-cert, from the ClusterIssuer, with a new key at each renewal", () => {
    const { manifests, release } = objects();
    expect(WILDCARD_CERTIFICATE_DEFAULTS).toEqual({ secretName: "tls-cert", name: "default-certificate" });
    expect(release.name).toBe("default-certificate");
    expect(release.namespace).toBe("traefik");
    expect(release.chart).toMatch(/^\.\/assets\/ManifestsChart\/[0-9A-F]{32}$/);
    expect(release.depends_on).toBeUndefined();
    expect(manifests).toEqual([
      {
        apiVersion: "cert-manager.io/v1",
        kind: "Certificate",
        metadata: { name: "default-certificate", namespace: "traefik" },
        spec: {
          commonName: "kube.rocks",
          dnsNames: ["kube.rocks", "*.kube.rocks"],
          issuerRef: { kind: "ClusterIssuer", name: "letsencrypt-production" },
          secretName: "tls-cert",
          privateKey: { rotationPolicy: "Always" },
        },
      },
    ]);
  });

  it("takes another name and Secret, and exposes them", () => {
    let cert: WildcardCertificate | undefined;
    const { parsed } = synthScope((scope) => {
      cert = new WildcardCertificate(scope, "Certificate", { ...props, name: "wildcard", secretName: "wildcard-tls" });
    });
    expect(cert!.secretName).toBe("wildcard-tls");
    expect(cert!.certificate.metadata).toEqual({ name: "wildcard", namespace: "traefik" });
    expect((cert!.certificate.spec as Record<string, unknown>).secretName).toBe("wildcard-tls");
    const release = onlyResource(parsed, "helm_release");
    expect(release.name).toBe("wildcard");
    expect(parse((release.values as string[])[0]).manifests).toEqual([cert!.certificate]);
  });

  it("accepts a domain of 64 characters, the longest common name", () => {
    const domain = `${"a".repeat(60)}.org`;
    expect(objects({ domain }).manifests[0].spec.dnsNames).toEqual([domain, `*.${domain}`]);
  });

  it("is installed after the issuer's and Traefik's releases, in the namespace of the Traefik it is given", () => {
    const { parsed } = synthScope((scope) => {
      const issuer = new LetsEncryptIssuer(scope, "Issuer", {
        email: "admin@kube.rocks",
        certManager: { namespaceName: "cert-manager" },
        cloudflareApiToken: "${var.dns_api_token}",
      });
      const traefik = new Traefik(scope, "Traefik", { trustedIps: ["10.0.0.0/16"] });
      new WildcardCertificate(scope, "Certificate", { ...props, issuer, traefik });
    });
    const releases = resourcesOf(parsed, "helm_release");
    const issuerId = Object.keys(releases).find((id) => id.startsWith("Issuer_"));
    const traefikId = Object.keys(releases).find((id) => id.startsWith("Traefik_"));
    // By name, after Traefik's release, which is installed into the namespace resource.
    const namespace = "traefik";
    const certificate = Object.values(releases).find((r) => r.name === "default-certificate")!;
    expect(certificate.depends_on).toEqual([`helm_release.${issuerId}`, `helm_release.${traefikId}`]);
    expect(certificate.namespace).toBe(namespace);
    expect(parse((certificate.values as string[])[0]).manifests[0].metadata).toEqual({ name: "default-certificate", namespace });
  });

  it("waits for the creator of the issuer it is given and what else it is told", () => {
    const { parsed } = synthScope((scope) => {
      const issuer = new PrometheusOperatorCrds(scope, "Issuer"); // releases standing for others
      const other = new PrometheusOperatorCrds(scope, "Other");
      new WildcardCertificate(scope, "Certificate", {
        ...props,
        issuer: { issuerName: "acme", issuerCreator: issuer.release },
        dependsOn: [other.release],
      });
    });
    const releases = resourcesOf(parsed, "helm_release");
    const id = (prefix: string) => `helm_release.${Object.keys(releases).find((k) => k.startsWith(`${prefix}_`))}`;
    const certificate = Object.values(releases).find((r) => r.name === "default-certificate")!;
    expect(certificate.depends_on).toEqual([id("Issuer"), id("Other")]);
    expect(parse((certificate.values as string[])[0]).manifests[0].spec.issuerRef).toEqual({ kind: "ClusterIssuer", name: "acme" });
  });

  it("accepts tokens for every prop it validates", () => {
    expect(
      unusedTokens((scope, t) => {
        new WildcardCertificate(scope, "Certificate", {
          domain: t.string("domain"),
          issuer: { issuerName: t.string("issuer") },
          traefik: { namespaceName: t.string("namespace") },
          secretName: t.string("secret_name"),
          name: t.string("name"),
        });
      }),
    ).toEqual([]);
  });

  it.each<[string, Partial<WildcardCertificateProps>, RegExp]>([
    [
      "a domain with a scheme",
      { domain: "https://kube.rocks" },
      /domain: must be a lowercase domain name such as 'example\.org', without scheme, port, path or trailing dot \(got "https:\/\/kube\.rocks"\)/,
    ],
    [
      "a wildcard domain",
      { domain: "*.kube.rocks" },
      /domain: must be a lowercase domain name such as 'example\.org', without scheme, port, path or trailing dot \(got "\*\.kube\.rocks"\)/,
    ],
    [
      "a domain over 64 characters",
      { domain: `${"a".repeat(61)}.org` },
      new RegExp(`domain: must be at most 64 characters: it is the certificate's common name \\(got "${"a".repeat(61)}\\.org"\\)`),
    ],
    [
      "a bad namespace",
      { traefik: { namespaceName: "Traefik" } },
      /traefik\.namespaceName: must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit \(got "Traefik"\)/,
    ],
    [
      "a bad issuer name",
      { issuer: { issuerName: "Lets_Encrypt" } },
      /issuer\.issuerName: must be a DNS-1123 subdomain: dot-separated lowercase labels of letters, digits and '-' \(got "Lets_Encrypt"\)/,
    ],
    [
      "a bad Secret name",
      { secretName: "TLS" },
      /secretName: must be a DNS-1123 subdomain: dot-separated lowercase labels of letters, digits and '-' \(got "TLS"\)/,
    ],
    [
      "a name over 53 characters",
      { name: "c".repeat(54) },
      new RegExp(`name: must be at most 53 characters \\(it is also the name of the Helm release\\) \\(got "${"c".repeat(54)}"\\)`),
    ],
  ])("rejects %s", (_name, override, expected) => {
    expect(() => synth(override)).toThrow(ValidationError);
    const message = errorOf(() => synth(override));
    expect(message).toMatch(/^test\/Certificate props:/);
    expect(message).toMatch(expected);
  });
});
