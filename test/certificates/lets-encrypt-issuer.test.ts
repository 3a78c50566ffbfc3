import { parse } from "yaml";
import { CertManager } from "../../src/certificates/cert-manager";
import {
  LETS_ENCRYPT_ISSUER_DEFAULTS,
  LETS_ENCRYPT_SERVERS,
  LetsEncryptEnvironment,
  LetsEncryptIssuer,
  LetsEncryptIssuerProps,
} from "../../src/certificates/lets-encrypt-issuer";
import { PrometheusOperatorCrds } from "../../src/monitoring/prometheus-operator-crds";
import { ValidationError } from "../../src/validation";
import { errorOf, onlyResource, resourcesOf, synthScope } from "../helpers";
import { unusedTokens } from "../tokens";

const props: LetsEncryptIssuerProps = {
  email: "admin@kube.rocks",
  certManager: { namespaceName: "cert-manager" },
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
    expect(LETS_ENCRYPT_ISSUER_DEFAULTS).toEqual({ environment: "production" });
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
      expect(le.issuerCreator).toBe(le.manifests.release);
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

  it("puts the Secret into the namespace of the cert-manager it is given, after its release, and the ClusterIssuer after both", () => {
    const { parsed } = synthScope((scope) => {
      const certManager = new CertManager(scope, "CertManager");
      new LetsEncryptIssuer(scope, "Issuer", { ...props, certManager });
    });
    const releases = resourcesOf(parsed, "helm_release");
    const certManagerId = Object.keys(releases).find((id) => id.startsWith("CertManager_"));
    // By name, after cert-manager's release, which is installed into the namespace resource.
    const namespace = "cert-manager";
    const secretId = Object.keys(resourcesOf(parsed, "kubernetes_secret_v1"))[0];
    const secret = onlyResource(parsed, "kubernetes_secret_v1");
    const issuerRelease = Object.values(releases).find((r) => r.name === "letsencrypt-production")!;
    expect((secret.metadata as Record<string, unknown>).namespace).toBe(namespace);
    expect(issuerRelease.namespace).toBe(namespace);
    expect(secret.depends_on).toEqual([`helm_release.${certManagerId}`]);
    expect(issuerRelease.depends_on).toEqual([`helm_release.${certManagerId}`, `kubernetes_secret_v1.${secretId}`]);
  });

  it("waits for what else it is told", () => {
    const { parsed } = synthScope((scope) => {
      const other = new PrometheusOperatorCrds(scope, "Other"); // any release
      new LetsEncryptIssuer(scope, "Issuer", { ...props, dependsOn: [other.release] });
    });
    const otherId = Object.keys(resourcesOf(parsed, "helm_release")).find((id) => id.startsWith("Other_"));
    expect(onlyResource(parsed, "kubernetes_secret_v1").depends_on).toEqual([`helm_release.${otherId}`]);
  });

  it("accepts tokens for every prop it validates", () => {
    expect(
      unusedTokens((scope, t) => {
        new LetsEncryptIssuer(scope, "Issuer", {
          email: t.string("email"),
          certManager: { namespaceName: t.string("namespace") },
          cloudflareApiToken: t.string("api_token"),
          name: t.string("name"),
        });
      }),
    ).toEqual([]);
  });

  it("refuses an environment only Terraform knows: it chooses the ACME server", () => {
    const message = errorOf(() =>
      unusedTokens((scope, t) => {
        new LetsEncryptIssuer(scope, "Issuer", { ...props, environment: t.string("environment") as LetsEncryptEnvironment });
      }),
    );
    expect(message).toBe(
      "tokens/Issuer props:\n  - environment: must be known at synth time, not a token (it chooses the ACME server's URL)",
    );
  });

  it.each<[string, Partial<LetsEncryptIssuerProps>, RegExp]>([
    ["a bad e-mail", { email: "admin" }, /email: must be an e-mail address \(got "admin"\)/],
    ["an unknown environment", { environment: "prod" as never }, /environment: must be 'production' or 'staging' \(got "prod"\)/],
    [
      "an environment that is an Object property",
      { environment: "constructor" as never },
      /environment: must be 'production' or 'staging' \(got "constructor"\)/,
    ],
    [
      "a bad name",
      { name: "LetsEncrypt" },
      /name: must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit \(got "LetsEncrypt"\)/,
    ],
    [
      "a name over 53 characters",
      { name: "l".repeat(54) },
      new RegExp(`name: must be at most 53 characters \\(it is also the name of the Helm release\\) \\(got "${"l".repeat(54)}"\\)`),
    ],
    [
      "a bad cert-manager namespace",
      { certManager: { namespaceName: "Cert-Manager" } },
      /certManager\.namespaceName: must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit \(got "Cert-Manager"\)/,
    ],
  ])("rejects %s", (_name, override, expected) => {
    expect(() => synth(override)).toThrow(ValidationError);
    const message = errorOf(() => synth(override));
    expect(message).toMatch(/^test\/Issuer props:/);
    expect(message).toMatch(expected);
  });
});
