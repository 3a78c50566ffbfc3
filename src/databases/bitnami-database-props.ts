import { Release } from "@cdktf/provider-helm/lib/release";
import { helmRelease } from "../kubernetes/helm-release";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { tolerationFor } from "../storage/longhorn-values";
import { PropIssues, Taint, ValidationError, dnsLabel, dnsSubdomain, labelKey, labelValue } from "../validation";
import { BITNAMI_OCI_REPOSITORY, BitnamiImageOverride, imageOverrideIssues } from "./bitnami-image";
import { BitnamiValuesInput } from "./bitnami-values";
import { unknownValueKeys } from "./chart-value-keys";
import { ContainerResources, resourceIssues } from "./resources";
import { VOLUME_SIZE_RULE, isVolumeSize } from "./volume-size";
import { helmValuesYaml } from "../kubernetes/helm-values";

/**
 * Props every Bitnami database chart construct takes ({@link PostgresqlProps}, {@link RedisProps}),
 * generic over the chart's image slots. The props whose default depends on the chart
 * (`chartVersion`, `namespace`, `releaseName`, `authSecretName`) are declared by each chart's props.
 */
export interface BitnamiDatabaseProps<Slot extends string, Component extends string = string> {
  /**
   * Helm repository of the chart.
   * @default "oci://registry-1.docker.io/bitnamicharts"
   */
  readonly repository?: string;
  /**
   * Taints of the storage nodes, tolerated by the primary (master) and the replicas.
   * @default - no tolerations
   */
  readonly tolerateTaints?: readonly Taint[];
  /** StorageClass of the volumes, e.g. `LonghornStorageClass.storageClassName`. */
  readonly storageClassName: string;
  /**
   * Size of each volume (primary or master, and every replica), a Kubernetes quantity.
   * @default "10Gi"
   */
  readonly volumeSize?: string;
  /**
   * Run the chart's exporter sidecar (postgres-exporter, redis-exporter).
   * @default true
   */
  readonly metrics?: boolean;
  /**
   * Let the chart create a ServiceMonitor for the exporter; needs the monitoring.coreos.com CRDs.
   * @default false
   */
  readonly serviceMonitor?: boolean;
  /**
   * Image overrides per slot of the chart version, e.g. for a mirror.
   * @default - every slot from docker.io/bitnamilegacy at the tag the chart version ships with
   */
  readonly images?: Readonly<Partial<Record<Slot, BitnamiImageOverride>>>;
  /**
   * Requests and limits per container, Kubernetes quantities; a container given here is replaced
   * whole (no merge with its default). Always set, so that recent charts' `resourcesPreset: nano`
   * (a 192Mi memory limit) never applies.
   * @default - `POSTGRESQL_DEFAULT_RESOURCES` / `REDIS_DEFAULT_RESOURCES` (they fit a cx23 storage node)
   */
  readonly resources?: Readonly<Partial<Record<Component, ContainerResources>>>;
  /**
   * Seconds Helm waits for the release to be ready (image pulls and the first
   * attachment of the Longhorn volumes take a while on a fresh cluster).
   * @default 600
   */
  readonly timeoutSeconds?: number;
  /**
   * Extra Helm values documents, merged by Helm after the computed ones. Never put passwords here.
   * @default - none
   */
  readonly additionalValues?: readonly Record<string, unknown>[];
  /**
   * Resources that must exist first: the node role labels, the StorageClass.
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/** Records one issue: the prop, the value it got and what is allowed. */
export type ReportIssue = (prop: string, value: unknown, allowed: string) => void;

/** A node selector prop to check. */
export interface NodeSelectorCheck {
  /** Name of the prop, e.g. `primaryNodeSelector`. */
  readonly prop: string;
  /** Its value. */
  readonly selector: Readonly<Record<string, string>> | undefined;
  /** The pods it places, as named in the "never share a node" rule, e.g. `primary`, `read replica`. */
  readonly role: string;
  /**
   * Whether it must select with at least one label; a string is the rule reported instead of the usual one.
   * @default false
   */
  readonly required?: boolean | string;
}

/**
 * The longest StatefulSet name whose pods can exist: they carry the label `controller-revision-hash:
 * <name>-<10-character hash>`, and a label value ends at 63 characters.
 */
export const MAX_STATEFULSET_NAME = 52;

/** The longest release name whose StatefulSets `<releaseName><suffix>` can exist. */
export function maxReleaseName(statefulSetSuffix: string): number {
  return MAX_STATEFULSET_NAME - statefulSetSuffix.length;
}

/** Why a release name is limited to {@link maxReleaseName}, for messages. */
export function releaseNameRule(statefulSetSuffix: string): string {
  return `its StatefulSet <releaseName>${statefulSetSuffix} may have ${MAX_STATEFULSET_NAME}, or its pods cannot be created`;
}

/** The resolved props {@link validateBitnamiDatabaseProps} checks. */
export interface BitnamiDatabaseChecks {
  /** Chart name in messages, e.g. `postgresql`. */
  readonly chart: string;
  /** The chart versions this project knows. */
  readonly chartVersions: readonly string[];
  readonly chartVersion: string;
  readonly namespace: string;
  readonly releaseName: string;
  /** The longest suffix the chart appends to the release name for a StatefulSet, e.g. `-primary`. */
  readonly statefulSetSuffix: string;
  readonly authSecretName: string;
  /** Node selector of the primary (master). */
  readonly primary: NodeSelectorCheck;
  /** Node selector of the replicas; `distinct`: must differ from the primary's (they never share a node). */
  readonly replicas: NodeSelectorCheck & { readonly distinct: boolean };
  readonly volumeSize: string;
  readonly storageClassName: string;
  /** Image slots of the chart version; undefined: overrides are not checked. */
  readonly imageSlots: readonly string[] | undefined;
  readonly images: Readonly<Record<string, BitnamiImageOverride | undefined>> | undefined;
  readonly timeoutSeconds: number | undefined;
  /** The `resources` prop, and the containers it may name. */
  readonly resources: Readonly<Record<string, ContainerResources | undefined>> | undefined;
  readonly resourceComponents: readonly string[];
}

/**
 * Checks the props every Bitnami database chart shares, plus the chart's own through
 * `chartChecks` (run after the names), and throws one {@link ValidationError} naming
 * `path` and every bad prop.
 */
export function validateBitnamiDatabaseProps(path: string, c: BitnamiDatabaseChecks, chartChecks: (bad: ReportIssue) => void): void {
  const issues = new PropIssues();
  const bad: ReportIssue = issues.bad;
  if (!c.chartVersions.includes(c.chartVersion)) {
    bad("chartVersion", c.chartVersion, `must be a ${c.chart} chart version this project knows (${c.chartVersions.join(", ")})`);
  }
  if (!dnsLabel().safeParse(c.namespace).success) bad("namespace", c.namespace, "must be a DNS-1123 label");
  const maxRelease = maxReleaseName(c.statefulSetSuffix);
  if (!dnsLabel(maxRelease).safeParse(c.releaseName).success)
    bad(
      "releaseName",
      c.releaseName,
      `must be a DNS-1123 label of at most ${maxRelease} characters (${releaseNameRule(c.statefulSetSuffix)})`,
    );
  if (!dnsSubdomain.safeParse(c.authSecretName).success) bad("authSecretName", c.authSecretName, "must be a DNS-1123 subdomain");
  chartChecks(bad);
  for (const { prop, selector, required } of [c.primary, c.replicas]) {
    if (required && Object.keys(selector ?? {}).length === 0) {
      bad(prop, selector, typeof required === "string" ? required : "must select nodes with at least one label");
    }
    for (const [k, v] of Object.entries(selector ?? {})) {
      if (!labelKey.safeParse(k).success || !labelValue.safeParse(v).success) bad(`${prop}.${k}`, v, "must be a valid label key and value");
    }
  }
  if (c.replicas.distinct && JSON.stringify(c.replicas.selector) === JSON.stringify(c.primary.selector)) {
    bad(
      c.replicas.prop,
      c.replicas.selector,
      `must differ from ${c.primary.prop}: the ${c.primary.role} and a ${c.replicas.role} never share a node`,
    );
  }
  if (!isVolumeSize(c.volumeSize)) bad("volumeSize", c.volumeSize, VOLUME_SIZE_RULE);
  if (!dnsSubdomain.safeParse(c.storageClassName).success)
    bad("storageClassName", c.storageClassName, "must be a StorageClass name (DNS-1123 subdomain)");
  if (c.imageSlots) issues.add(...imageOverrideIssues("images", c.imageSlots, c.images ?? {}));
  for (const [component, resources] of Object.entries(c.resources ?? {})) {
    if (!c.resourceComponents.includes(component))
      bad(`resources.${component}`, resources, `must be one of ${c.resourceComponents.join(", ")}`);
    else for (const [prop, value, rule] of resourceIssues(`resources.${component}`, resources ?? {})) bad(prop, value, rule);
  }
  if (c.timeoutSeconds !== undefined && (!Number.isInteger(c.timeoutSeconds) || c.timeoutSeconds < 1)) {
    bad("timeoutSeconds", c.timeoutSeconds, "must be a whole number of seconds >= 1");
  }
  issues.throwIfAny(`${path} props`);
}

/**
 * The values inputs every Bitnami database chart takes, from the props with their defaults:
 * tolerations of `tolerateTaints`, the exporter on, no ServiceMonitor.
 */
export function bitnamiValuesInput(props: BitnamiDatabaseProps<string>, fullname: string, existingSecret: string): BitnamiValuesInput {
  return {
    fullname,
    existingSecret,
    tolerations: (props.tolerateTaints ?? []).map(tolerationFor),
    storageClassName: props.storageClassName,
    metrics: props.metrics ?? true,
    serviceMonitor: props.serviceMonitor ?? false,
  };
}

/** What {@link bitnamiRelease} installs. */
export interface BitnamiReleaseOptions {
  /** Chart name, also in messages, e.g. `postgresql`. */
  readonly chart: string;
  /** The (validated) chart version. */
  readonly chartVersion: string;
  /** The keys the chart version takes, the chart's `valueKeys`. */
  readonly valueKeys: readonly string[];
  /** Helm release name. */
  readonly releaseName: string;
  /** Namespace of the release, e.g. the created namespace's `metadata.name`. */
  readonly namespace: string;
  /** The chart values the construct computed (without `additionalValues`). */
  readonly values: object;
  /** The auth Secret the chart reads; the release depends on it. */
  readonly authSecret: ITerraformDependable;
  /** The construct's props: `repository`, `additionalValues`, `timeoutSeconds`, `dependsOn`. */
  readonly props: BitnamiDatabaseProps<string>;
}

/**
 * Checks `values` against the chart version's `valueKeys` (throwing one {@link ValidationError}
 * naming `scope`'s path and every unknown key), then creates the Helm release `Release` in `scope`:
 * the computed values first, then `additionalValues`, as YAML documents, after the auth Secret and
 * `dependsOn`.
 */
export function bitnamiRelease(scope: Construct, o: BitnamiReleaseOptions): Release {
  const unknown = unknownValueKeys(o.values, o.valueKeys);
  if (unknown.length > 0) {
    throw new ValidationError(
      `${scope.node.path}: values not in ${o.chart} chart ${o.chartVersion}`,
      unknown.map((k) => `${k}: unknown key`),
    );
  }
  return helmRelease(scope, "Release", {
    name: o.releaseName,
    chart: o.chart,
    repository: o.props.repository ?? BITNAMI_OCI_REPOSITORY,
    version: o.chartVersion,
    namespace: o.namespace,
    values: [helmValuesYaml(o.values), ...(o.props.additionalValues ?? []).map((v) => helmValuesYaml(v))],
    timeout: o.props.timeoutSeconds ?? 600,
    dependsOn: [o.authSecret, ...(o.props.dependsOn ?? [])],
  });
}
