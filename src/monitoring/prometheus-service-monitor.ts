import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { PropIssues, dnsLabel, dnsSubdomain, isUnresolved, labelKey, labelValue } from "../validation";
import { KubernetesObject, ManifestRelease } from "../kubernetes/manifest-release";
import { serviceMonitorModel, validatedObject } from "../kubernetes/models";

/** One scrape endpoint of a ServiceMonitor. */
export interface ServiceMonitorEndpoint {
  /** Name of the service port to scrape. */
  readonly port: string;
  /**
   * HTTP path of the metrics.
   * @default - Prometheus' default, `/metrics`
   */
  readonly path?: string;
  /**
   * Scrape interval, e.g. `30s`.
   * @default - Prometheus' global interval
   */
  readonly interval?: string;
}

/** Props of {@link PrometheusServiceMonitor}. */
export interface PrometheusServiceMonitorProps {
  /** ServiceMonitor name. */
  readonly name: string;
  /** Namespace of the ServiceMonitor and of the services it selects. */
  readonly namespace: string;
  /** Labels of the services to scrape (at least one). */
  readonly matchLabels: Readonly<Record<string, string>>;
  /** Endpoints to scrape. */
  readonly endpoints: readonly ServiceMonitorEndpoint[];
  /**
   * Helm release name (at most 53 characters).
   * @default - `<name>-service-monitor`
   */
  readonly releaseName?: string;
  /**
   * Resources that must exist first.
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/** The release name of a ServiceMonitor when none is given: `<name>-service-monitor`. */
export function serviceMonitorReleaseName(name: string): string {
  return `${name}-service-monitor`;
}

/**
 * A prometheus-operator `ServiceMonitor` (`monitoring.coreos.com/v1`),
 * validated at synth time against its CRD schema. The CRD comes with
 * prometheus-operator (kube-prometheus-stack), which must be installed first.
 */
export class PrometheusServiceMonitor extends Construct {
  /** The release carrying the ServiceMonitor. */
  public readonly manifests: ManifestRelease;
  /** The ServiceMonitor object. */
  public readonly serviceMonitor: KubernetesObject;

  constructor(scope: Construct, id: string, props: PrometheusServiceMonitorProps) {
    super(scope, id);
    const issues = new PropIssues();
    issues.check("name", props.name, dnsSubdomain);
    issues.check("namespace", props.namespace, dnsLabel());
    if (!isUnresolved(props.matchLabels)) {
      if (Object.keys(props.matchLabels).length === 0) issues.add("matchLabels: must select with at least one label (got {})");
      for (const [key, value] of Object.entries(props.matchLabels)) {
        issues.check("matchLabels", key, labelKey);
        issues.check(`matchLabels.${key}`, value, labelValue);
      }
    }
    if (props.endpoints.length === 0) issues.add("endpoints: must list at least one endpoint (got [])");
    issues.throwIfAny(`${this.node.path} props`);

    const ServiceMonitor = serviceMonitorModel();
    this.serviceMonitor = validatedObject(
      new ServiceMonitor({
        metadata: { name: props.name, namespace: props.namespace },
        spec: {
          selector: { matchLabels: { ...props.matchLabels } },
          endpoints: props.endpoints.map((e) => ({
            port: e.port,
            ...(e.path ? { path: e.path } : {}),
            ...(e.interval ? { interval: e.interval } : {}),
          })),
        },
      }),
      this.node.path,
    );
    this.manifests = new ManifestRelease(this, "Manifests", {
      releaseName: props.releaseName ?? serviceMonitorReleaseName(props.name),
      namespace: props.namespace,
      manifests: [this.serviceMonitor],
      dependsOn: props.dependsOn,
    });
  }
}
