import { Release } from "@cdktf/provider-helm/lib/release";
import { helmRelease } from "../kubernetes/helm-release";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { dnsLabel, PropIssues, SupportedReleases } from "../validation";
import { helmValuesYaml } from "../kubernetes/helm-values";

/** cert-manager chart versions whose values this project sets (`crds.enabled`/`crds.keep` exist from 1.15). */
export const CERT_MANAGER_SUPPORTED_VERSIONS = ">=1.15.0 <1.22.0";

/** Defaults of {@link CertManagerProps}, which the platform config applies too. */
export const CERT_MANAGER_DEFAULTS = {
  chartVersion: "v1.21.1",
  repository: "https://charts.jetstack.io",
  namespace: "cert-manager",
  serviceMonitor: false,
  timeoutSeconds: 600,
} as const;

/** The cert-manager chart versions published in {@link CERT_MANAGER_SUPPORTED_VERSIONS} (git tags of the upstream repository, August 2026). */
export const CERT_MANAGER_RELEASES = new SupportedReleases(
  "cert-manager chart",
  CERT_MANAGER_SUPPORTED_VERSIONS,
  // prettier-ignore
  [
    "v1.15.0", "v1.15.1", "v1.15.2", "v1.15.3", "v1.15.4", "v1.15.5", "v1.16.0", "v1.16.1", "v1.16.2", "v1.16.3", "v1.16.4", "v1.16.5", "v1.17.0", "v1.17.1", "v1.17.2", "v1.17.3", "v1.17.4", "v1.18.0", "v1.18.1", "v1.18.2", "v1.18.3", "v1.18.4", "v1.18.5", "v1.18.6", "v1.19.0", "v1.19.1", "v1.19.2", "v1.19.3", "v1.19.4", "v1.19.5", "v1.19.6", "v1.20.0", "v1.20.1", "v1.20.2", "v1.20.3", "v1.21.0", "v1.21.1",
  ],
);

/** Whether `version` is a cert-manager chart version this project supports (a published one, with its `v`). */
export function isSupportedCertManagerVersion(version: string): boolean {
  return CERT_MANAGER_RELEASES.includes(version);
}

/**
 * A cert-manager installation, as the constructs that build on it take it ({@link LetsEncryptIssuer}):
 * {@link CertManager} implements it; a cert-manager installed elsewhere is a plain object
 * `{ namespaceName: "cert-manager" }`.
 */
export interface ICertManager {
  /** Name of cert-manager's namespace, where the Secrets its issuers read go. */
  readonly namespaceName: string;
  /**
   * What issuers and certificates wait for: the release that brings cert-manager's CRDs and webhook.
   * @default - none: cert-manager is installed already
   */
  readonly release?: ITerraformDependable;
}

/** Props of {@link CertManager}. */
export interface CertManagerProps {
  /**
   * Exact cert-manager chart version, with its `v` (https://charts.jetstack.io). A token is accepted (the values
   * set are the same for every supported version), unchecked.
   * @default "v1.21.1"
   */
  readonly chartVersion?: string;
  /**
   * Chart repository.
   * @default "https://charts.jetstack.io"
   */
  readonly repository?: string;
  /**
   * Namespace of cert-manager (created here).
   * @default "cert-manager"
   */
  readonly namespace?: string;
  /**
   * Create a ServiceMonitor (the prometheus-operator CRDs must be installed first: pass their release in `dependsOn`).
   * @default false
   */
  readonly serviceMonitor?: boolean;
  /**
   * Helm release timeout in seconds (the release waits for the webhook, so that issuers can follow at once).
   * @default 600
   */
  readonly timeoutSeconds?: number;
  /**
   * Resources that must exist first.
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * cert-manager (Helm), with its CRDs installed by the chart and kept when the release is removed
 * (`crds.keep`): uninstalling cert-manager never deletes the issuers, certificates and their
 * Secrets. The release completes once the chart's startup check has reached the webhook, so that
 * ClusterIssuers and Certificates can be created right after it. Issuers take it as an
 * {@link ICertManager}.
 */
export class CertManager extends Construct implements ICertManager {
  /** The namespace, created here. */
  public readonly namespace: NamespaceV1;
  /**
   * Name of the namespace, as given (known at synth time when it was). Dependents wait for {@link release},
   * which is installed into the namespace resource, so after it.
   */
  public readonly namespaceName: string;
  /** The Helm release. */
  public readonly release: Release;
  /** The chart version installed. */
  public readonly chartVersion: string;

  constructor(scope: Construct, id: string, props: CertManagerProps = {}) {
    super(scope, id);
    this.chartVersion = props.chartVersion ?? CERT_MANAGER_DEFAULTS.chartVersion;
    const namespace = props.namespace ?? CERT_MANAGER_DEFAULTS.namespace;
    const issues = new PropIssues();
    issues.check("chartVersion", this.chartVersion, CERT_MANAGER_RELEASES.schema());
    issues.check("namespace", namespace, dnsLabel());
    issues.timeoutSeconds(props.timeoutSeconds);
    issues.throwIfAny(`${this.node.path} props`);

    this.namespace = new NamespaceV1(this, "Namespace", { metadata: { name: namespace } });
    this.namespaceName = namespace;
    const monitoring = props.serviceMonitor ?? CERT_MANAGER_DEFAULTS.serviceMonitor;
    this.release = helmRelease(this, "Release", {
      name: "cert-manager",
      chart: "cert-manager",
      repository: props.repository ?? CERT_MANAGER_DEFAULTS.repository,
      version: this.chartVersion,
      namespace: this.namespace.metadata.name,
      values: [
        helmValuesYaml({
          crds: { enabled: true, keep: true },
          prometheus: { enabled: monitoring, servicemonitor: { enabled: monitoring } },
        }),
      ],
      timeout: props.timeoutSeconds ?? CERT_MANAGER_DEFAULTS.timeoutSeconds,
      dependsOn: props.dependsOn,
    });
  }
}
