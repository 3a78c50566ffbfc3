import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { Construct } from "constructs";

/** Props of {@link ClusterProviders}. */
export interface ClusterProvidersProps {
  /**
   * Kubeconfig file; `~` is expanded by the providers.
   * @default "~/.kube/config"
   */
  readonly configPath?: string;
  /**
   * Kubeconfig context.
   * @default - the kubeconfig's current context
   */
  readonly context?: string;
}

/** Defaults of {@link ClusterProvidersProps}, which the platform config (`kubernetes`) applies too. */
export const CLUSTER_PROVIDERS_DEFAULTS = { configPath: "~/.kube/config" } as const satisfies Partial<ClusterProvidersProps>;

/**
 * The Kubernetes and Helm providers, both pointed at the same kubeconfig and
 * context. Helm provider 3.x takes `kubernetes` as an object attribute.
 */
export class ClusterProviders extends Construct {
  /** The Kubernetes provider. */
  public readonly kubernetes: KubernetesProvider;
  /** The Helm provider. */
  public readonly helm: HelmProvider;

  constructor(scope: Construct, id: string, props: ClusterProvidersProps = {}) {
    super(scope, id);
    const connection = { configPath: props.configPath ?? CLUSTER_PROVIDERS_DEFAULTS.configPath, configContext: props.context };
    this.kubernetes = new KubernetesProvider(this, "Kubernetes", connection);
    this.helm = new HelmProvider(this, "Helm", { kubernetes: connection });
  }
}
