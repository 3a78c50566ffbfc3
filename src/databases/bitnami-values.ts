import { Toleration } from "../storage/longhorn-values";
import { BitnamiImage } from "./bitnami-image";
import { ContainerResources, ResourceAmounts } from "./resources";

/** Placement and volume of one group of pods of a Bitnami database chart: the primary (master) or the replicas. */
export interface BitnamiPodValues {
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly tolerations: readonly Toleration[];
  readonly persistence: { readonly enabled: true; readonly storageClass: string; readonly size: string };
  /** Requests and limits of the main container (set, so recent charts' `resourcesPreset` never applies). */
  readonly resources: ResourcesValues;
}

/** The exporter sidecar's values of a Bitnami database chart. */
export interface BitnamiMetricsValues {
  readonly enabled: boolean;
  readonly image: BitnamiImage;
  readonly serviceMonitor: { readonly enabled: boolean };
  readonly resources: ResourcesValues;
}

/**
 * Inputs every Bitnami database chart's values function takes
 * (`PostgresqlValuesInput`, `RedisValuesInput`).
 */
export interface BitnamiValuesInput {
  readonly fullname: string;
  /** The auth Secret the chart reads (`auth.existingSecret`). */
  readonly existingSecret: string;
  /** Tolerations of every pod (primary or master, and replicas). */
  readonly tolerations: readonly Toleration[];
  readonly storageClassName: string;
  readonly metrics: boolean;
  readonly serviceMonitor: boolean;
}

/**
 * A container's `resources` value: both sides always written, a side not given as `null`, which
 * makes Helm drop the chart's own default for it (postgresql 12.x requests 256Mi: a limit of 200Mi
 * alone would render a pod Kubernetes refuses).
 */
export interface ResourcesValues {
  readonly requests: ResourceAmounts | null;
  readonly limits: ResourceAmounts | null;
}

/** {@link ResourcesValues} of `resources`; copies. */
export function resourcesValues(resources: ContainerResources): ResourcesValues {
  return {
    requests: resources.requests ? { ...resources.requests } : null,
    limits: resources.limits ? { ...resources.limits } : null,
  };
}

/** Values of the pods on `nodeSelector` with a volume of `size`; copies, so that no two values share an object. */
export function bitnamiPodValues(
  input: BitnamiValuesInput,
  nodeSelector: Readonly<Record<string, string>>,
  size: string,
  resources: ContainerResources,
): BitnamiPodValues {
  return {
    nodeSelector: { ...nodeSelector },
    tolerations: input.tolerations.map((t) => ({ ...t })),
    persistence: { enabled: true, storageClass: input.storageClassName, size },
    resources: resourcesValues(resources),
  };
}

/** Values of the exporter sidecar; the ServiceMonitor only with the exporter. */
export function bitnamiMetricsValues(input: BitnamiValuesInput, image: BitnamiImage, resources: ContainerResources): BitnamiMetricsValues {
  return {
    enabled: input.metrics,
    image,
    serviceMonitor: { enabled: input.metrics && input.serviceMonitor },
    resources: resourcesValues(resources),
  };
}
