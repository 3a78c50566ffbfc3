import { Release } from "@cdktf/provider-helm/lib/release";
import { helmRelease } from "../kubernetes/helm-release";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { dnsLabel, isExactVersionIn, PropIssues } from "../config/validation";
import { helmValuesYaml } from "../kubernetes/helm-values";

/** Defaults of {@link PrometheusOperatorCrdsProps}, which the platform config applies too. */
export const PROMETHEUS_OPERATOR_CRDS_DEFAULTS = { chartVersion: "31.0.1" } as const;

/** Props of {@link PrometheusOperatorCrds}. */
export interface PrometheusOperatorCrdsProps {
  /**
   * Exact prometheus-operator-crds chart version (https://prometheus-community.github.io/helm-charts).
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
    const namespace = props.namespace ?? "kube-system";
    const issues = new PropIssues();
    if (!isExactVersionIn(chartVersion, "*")) issues.bad("chartVersion", chartVersion, "must be an exact chart version such as 31.0.1");
    if (!dnsLabel().safeParse(namespace).success) issues.bad("namespace", namespace, "must be a DNS-1123 label");
    issues.throwIfAny(`${this.node.path} props`);
    this.release = helmRelease(this, "Release", {
      name: "prometheus-operator-crds",
      chart: "prometheus-operator-crds",
      repository: props.repository ?? "https://prometheus-community.github.io/helm-charts",
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
