import { parse } from "yaml";
import { CertManager } from "../../src/certificates/cert-manager";
import { LETS_ENCRYPT_SERVERS, LetsEncryptIssuer, LetsEncryptIssuerProps } from "../../src/certificates/lets-encrypt-issuer";
import { errorOf, onlyResource, resourcesOf, synthScope } from "../helpers";

const props: LetsEncryptIssuerProps = {
  email: "admin@kube.rocks",
  certManagerNamespace: "cert-manager",
  cloudflareApiToken: "${var.dns_api_token}",
};

function synth(override: Partial<LetsEncryptIssuerProps> = {}) {
  return synthScope((scope) => new LetsEncryptIssuer(scope, "Issuer", { ...props, ...override }));
}

function objects(override: Partial<LetsEncryptIssuerProps> = {}) {
  const { parsed, json } = synth(override);
  const release = onlyResource(parsed, "helm_release");
  return { json, parsed, release, manifests: parse((release.values as string[])[0]).manifests as Array<Record<string, any>> };
}

const issuer = (name: string, server: string) => ({
  apiVersion: "cert-manager.io/v1",
  kind: "ClusterIssuer",
  metadata: { name },
  spec: {
    acme: {
      email: "admin@kube.rocks",
      server,
      privateKeySecretRef: { name },
      solvers: [{ dns01: { cloudflare: { apiTokenSecretRef: { name: `${name}-cloudflare-api-token`, key: "api-token" } } } }],
    },
  },
});

describe("LetsEncryptIssuer", () => {
  it("matches the snapshot", () => {
    expect(synth().json).toMatchSnapshot();
  });

  it("creates ClusterIssuer letsencrypt-production on Let's Encrypt's production directory, by DNS-01 through Cloudflare", () => {
    const { manifests, release } = objects();
    expect(release.name).toBe("letsencrypt-production");
    expect(release.namespace).toBe("cert-manager");
    expect(release.chart).toMatch(/^\.\/assets\/ManifestsChart\/[0-9A-F]{32}$/);
    expect(manifests).toEqual([issuer("letsencrypt-production", "https://acme-v02.api.letsencrypt.org/directory")]);
  });

  it("creates ClusterIssuer letsencrypt-staging on the staging directory", () => {
    const { manifests, release, parsed } = objects({ environment: "staging" });
    expect(release.name).toBe("letsencrypt-staging");
    expect(manifests).toEqual([issuer("letsencrypt-staging", "https://acme-staging-v02.api.letsencrypt.org/directory")]);
    expect(onlyResource(parsed, "kubernetes_secret_v1").metadata).toEqual({
      name: "letsencrypt-staging-cloudflare-api-token",
      namespace: "cert-manager",
    });
  });

  it("names the ClusterIssuer, its account key and token Secrets as asked", () => {
    synthScope((scope) => {
      const le = new LetsEncryptIssuer(scope, "Issuer", { ...props, environment: "staging", name: "acme" });
      expect(le.issuerName).toBe("acme");
      expect(le.clusterIssuer).toEqual(issuer("acme", LETS_ENCRYPT_SERVERS.staging));
    });
  });

  it("puts the API token only in a Secret of cert-manager's namespace, never in a Helm value", () => {
    const { json, parsed, release } = objects();
    const secret = onlyResource(parsed, "kubernetes_secret_v1");
    expect(secret.metadata).toEqual({ name: "letsencrypt-production-cloudflare-api-token", namespace: "cert-manager" });
    expect(secret.data).toEqual({ "api-token": "${var.dns_api_token}" });
    expect((release.values as string[])[0]).not.toContain("var.dns_api_token");
    expect(json.split("var.dns_api_token")).toHaveLength(2); // once: the Secret's data
  });

  it("installs the Secret after cert-manager, and the ClusterIssuer after both", () => {
    const { parsed } = synthScope((scope) => {
      const certManager = new CertManager(scope, "CertManager");
      new LetsEncryptIssuer(scope, "Issuer", { ...props, dependsOn: [certManager.release] });
    });
    const releases = resourcesOf(parsed, "helm_release");
    const certManagerId = Object.keys(releases).find((id) => id.startsWith("CertManager_"));
    const secretId = Object.keys(resourcesOf(parsed, "kubernetes_secret_v1"))[0];
    expect(onlyResource(parsed, "kubernetes_secret_v1").depends_on).toEqual([`helm_release.${certManagerId}`]);
    expect(Object.values(releases).find((r) => r.name === "letsencrypt-production")!.depends_on).toEqual([
      `helm_release.${certManagerId}`,
      `kubernetes_secret_v1.${secretId}`,
    ]);
  });

  it.each<[string, Partial<LetsEncryptIssuerProps>, RegExp]>([
    ["a bad e-mail", { email: "admin" }, /email: must be an e-mail address \(got "admin"\)/],
    ["an unknown environment", { environment: "prod" as never }, /environment: must be 'production' or 'staging' \(got "prod"\)/],
    [
      "an environment that is an Object property",
      { environment: "constructor" as never },
      /environment: must be 'production' or 'staging' \(got "constructor"\)/,
    ],
    ["a bad name", { name: "LetsEncrypt" }, /name: must be a DNS-1123 label of at most 53 characters \(got "LetsEncrypt"\)/],
    [
      "a name over 53 characters",
      { name: "l".repeat(54) },
      new RegExp(`name: must be a DNS-1123 label of at most 53 characters \\(got "${"l".repeat(54)}"\\)`),
    ],
    [
      "a bad cert-manager namespace",
      { certManagerNamespace: "Cert-Manager" },
      /certManagerNamespace: must be a DNS-1123 label \(got "Cert-Manager"\)/,
    ],
  ])("rejects %s", (_name, override, expected) => {
    const message = errorOf(() => synth(override));
    expect(message).toMatch(/^test\/Issuer props:/);
    expect(message).toMatch(expected);
  });
});
