import { Release } from "@cdktf/provider-helm/lib/release";
import { helmRelease } from "../kubernetes/helm-release";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { dnsLabel, PropIssues, SupportedReleases } from "../validation";
import { helmValuesYaml } from "../kubernetes/helm-values";

/** Defaults of {@link PrometheusOperatorCrdsProps}, which the platform config applies too. */
export const PROMETHEUS_OPERATOR_CRDS_DEFAULTS = {
  chartVersion: "31.0.1",
  repository: "https://prometheus-community.github.io/helm-charts",
  namespace: "kube-system",
} as const;

/** The prometheus-operator-crds chart versions from 20.0.0 (git tags of the upstream repository, August 2026). */
export const PROMETHEUS_OPERATOR_CRDS_RELEASES = new SupportedReleases(
  "prometheus-operator-crds chart",
  ">=20.0.0",
  // prettier-ignore
  [
    "20.0.0", "20.0.1", "20.0.2", "20.0.3", "21.0.0", "22.0.0", "22.0.1", "22.0.2", "23.0.0", "24.0.0", "24.0.1", "24.0.2", "25.0.0", "25.0.1", "26.0.0", "26.0.1", "27.0.0", "27.0.1", "28.0.0", "28.0.1", "29.0.0", "30.0.0", "30.0.1", "31.0.0", "31.0.1",
  ],
);

/** Props of {@link PrometheusOperatorCrds}. */
export interface PrometheusOperatorCrdsProps {
  /**
   * Exact prometheus-operator-crds chart version (https://prometheus-community.github.io/helm-charts). A
   * token is taken as it is (the values do not depend on the version).
   * @default "31.0.1"
   */
  readonly chartVersion?: string;
  /**
   * Chart repository.
   * @default "https://prometheus-community.github.io/helm-charts"
   */
  readonly repository?: string;
  /**
   * Namespace of the release (the CRDs themselves are cluster-wide).
   * @default "kube-system"
   */
  readonly namespace?: string;
  /**
   * Resources that must exist first.
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The prometheus-operator CRDs (ServiceMonitor, PodMonitor, PrometheusRule...) through their Helm
 * chart, which the guide applies by hand with kubectl (part 2, "CRD prerequisites"): every release
 * that creates a ServiceMonitor goes after {@link release}, so a fresh cluster deploys in one pass.
 * The CRDs are kept when the release is removed (`helm.sh/resource-policy: keep`), and with them
 * every object of their kinds.
 */
export class PrometheusOperatorCrds extends Construct {
  /** The Helm release. */
  public readonly release: Release;

  constructor(scope: Construct, id: string, props: PrometheusOperatorCrdsProps = {}) {
    super(scope, id);
    const chartVersion = props.chartVersion ?? PROMETHEUS_OPERATOR_CRDS_DEFAULTS.chartVersion;
    const namespace = props.namespace ?? PROMETHEUS_OPERATOR_CRDS_DEFAULTS.namespace;
    const issues = new PropIssues();
    issues.check("chartVersion", chartVersion, PROMETHEUS_OPERATOR_CRDS_RELEASES.schema());
    issues.check("namespace", namespace, dnsLabel());
    issues.throwIfAny(`${this.node.path} props`);
    this.release = helmRelease(this, "Release", {
      name: "prometheus-operator-crds",
      chart: "prometheus-operator-crds",
      repository: props.repository ?? PROMETHEUS_OPERATOR_CRDS_DEFAULTS.repository,
      version: chartVersion,
      namespace,
      // The chart's CRDs are templates: without this, removing the release (monitoring switched off, or
      // handed over to kube-prometheus-stack) would delete every ServiceMonitor, PrometheusRule,
      // Prometheus... of the cluster with them. Helm leaves resources with this annotation in place.
      values: [helmValuesYaml({ crds: { annotations: { "helm.sh/resource-policy": "keep" } } })],
      dependsOn: props.dependsOn,
    });
  }
}
