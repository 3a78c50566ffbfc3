import { parse } from "yaml";
import { LetsEncryptIssuer } from "../../src/certificates/lets-encrypt-issuer";
import { WildcardCertificate, WildcardCertificateProps } from "../../src/certificates/wildcard-certificate";
import { errorOf, onlyResource, resourcesOf, synthScope } from "../helpers";

const props: WildcardCertificateProps = { domain: "kube.rocks", namespace: "traefik", issuerName: "letsencrypt-production" };

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

  it("is installed after the issuer's release", () => {
    const { parsed } = synthScope((scope) => {
      const issuer = new LetsEncryptIssuer(scope, "Issuer", {
        email: "admin@kube.rocks",
        certManagerNamespace: "cert-manager",
        cloudflareApiToken: "${var.dns_api_token}",
      });
      new WildcardCertificate(scope, "Certificate", { ...props, issuerName: issuer.issuerName, dependsOn: [issuer.manifests.release] });
    });
    const releases = resourcesOf(parsed, "helm_release");
    const issuerId = Object.keys(releases).find((id) => id.startsWith("Issuer_"));
    expect(Object.values(releases).find((r) => r.name === "default-certificate")!.depends_on).toEqual([`helm_release.${issuerId}`]);
  });

  it.each<[string, Partial<WildcardCertificateProps>, RegExp]>([
    [
      "a domain with a scheme",
      { domain: "https://kube.rocks" },
      /domain: must be a domain name such as example\.org \(got "https:\/\/kube\.rocks"\)/,
    ],
    ["a wildcard domain", { domain: "*.kube.rocks" }, /domain: must be a domain name such as example\.org \(got "\*\.kube\.rocks"\)/],
    [
      "a domain over 64 characters",
      { domain: `${"a".repeat(61)}.org` },
      new RegExp(`domain: must be at most 64 characters: it is the certificate's common name \\(got "${"a".repeat(61)}\\.org"\\)`),
    ],
    ["a bad namespace", { namespace: "Traefik" }, /namespace: must be a DNS-1123 label \(got "Traefik"\)/],
    ["a bad issuer name", { issuerName: "Lets_Encrypt" }, /issuerName: must be a DNS-1123 name \(got "Lets_Encrypt"\)/],
    ["a bad Secret name", { secretName: "TLS" }, /secretName: must be a DNS-1123 name \(got "TLS"\)/],
    [
      "a name over 53 characters",
      { name: "c".repeat(54) },
      new RegExp(`name: must be a DNS-1123 label of at most 53 characters \\(got "${"c".repeat(54)}"\\)`),
    ],
  ])("rejects %s", (_name, override, expected) => {
    const message = errorOf(() => synth(override));
    expect(message).toMatch(/^test\/Certificate props:/);
    expect(message).toMatch(expected);
  });
});
