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
    const connection = { configPath: props.configPath ?? "~/.kube/config", configContext: props.context };
    this.kubernetes = new KubernetesProvider(this, "Kubernetes", connection);
    this.helm = new HelmProvider(this, "Helm", { kubernetes: connection });
  }
}
