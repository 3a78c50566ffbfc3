import { Release } from "@cdktf/provider-helm/lib/release";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { z } from "zod";
import { helmRelease } from "../kubernetes/helm-release";
import { helmValuesYaml } from "../kubernetes/helm-values";
import { tolerationFor } from "../storage/longhorn-values";
import { IStorageClass } from "../storage/storage-class";
import { InternalError, PropIssues, Taint, dnsLabel, dnsSubdomain, isUnresolved, positiveInteger } from "../validation";
import { BITNAMI_OCI_REPOSITORY, BitnamiImageOverride, checkImageOverrides } from "./bitnami-image";
import { BitnamiValuesInput } from "./bitnami-values";
import { unknownValueKeys } from "./chart-value-keys";
import { IDatabaseNodes, nodeSelector } from "./node-roles";
import { ContainerResources, resourceIssues } from "./resources";
import { volumeSize } from "./volume-size";

/** Defaults of {@link BitnamiDatabaseProps}, which {@link POSTGRESQL_DEFAULTS} and {@link REDIS_DEFAULTS} include. */
export const BITNAMI_DATABASE_DEFAULTS = {
  repository: BITNAMI_OCI_REPOSITORY,
  volumeSize: "10Gi",
  metrics: true,
  serviceMonitor: false,
  timeoutSeconds: 600,
} as const satisfies Partial<BitnamiDatabaseProps<string>>;

/** A Helm chart repository URL: `oci://`, `https://` or `http://`. */
export const chartRepository = z
  .string()
  .regex(/^(oci|https?):\/\/[^\s]+$/, { message: "must be an oci://, https:// or http:// chart repository URL" });

/** A number of replicas: a whole number, at least 1. */
export const replicaCount = positiveInteger;

/** Why a chart version must be known at synth time, for messages. */
export const CHART_VERSION_KNOWN = "the chart version decides the chart values and the default images";

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
   * The nodes the pods run on: the primary (PostgreSQL primary, Redis master) on `primarySelector`, the
   * replicas on `readSelector`; the release waits for `labelCreators`. A {@link DatabaseNodeRoles}, or a
   * plain object for nodes labelled some other way.
   */
  readonly nodes: IDatabaseNodes;
  /**
   * Taints of the storage nodes, tolerated by the primary (master) and the replicas.
   * @default - no tolerations
   */
  readonly tolerateTaints?: readonly Taint[];
  /**
   * StorageClass of the volumes, e.g. a {@link LonghornStorageClass}; the release waits for its
   * `storageClassCreator`. `existingStorageClass(name)` names one made elsewhere.
   */
  readonly storageClass: IStorageClass;
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
   * attachment of the Longhorn volumes take a while on a fresh cluster); at least 60.
   * @default 600
   */
  readonly timeoutSeconds?: number;
  /**
   * Extra Helm values documents, merged by Helm after the computed ones. Never put passwords here.
   * @default - none
   */
  readonly additionalValues?: readonly Record<string, unknown>[];
  /**
   * Resources that must exist first besides the nodes' labels and the StorageClass, which the release
   * waits for already: e.g. the monitoring CRDs, with `serviceMonitor`.
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
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

/** The release name of a chart whose longest StatefulSet is `<releaseName><statefulSetSuffix>`. */
export function bitnamiReleaseName(statefulSetSuffix: string) {
  return dnsLabel(maxReleaseName(statefulSetSuffix), releaseNameRule(statefulSetSuffix));
}

/** What {@link checkBitnamiDatabaseProps} checks besides the props: the chart, and the props with their defaults. */
export interface BitnamiDatabaseChecks {
  /** Chart name in messages, e.g. `postgresql`. */
  readonly chart: string;
  readonly chartVersion: string;
  /** The chart versions this project knows the values of, a rule the config schema shares. */
  readonly chartVersionRule: z.ZodType;
  readonly namespace: string;
  readonly releaseName: string;
  /** The longest suffix the chart appends to the release name for a StatefulSet, e.g. `-primary`. */
  readonly statefulSetSuffix: string;
  readonly authSecretName: string;
  readonly volumeSize: string;
  /** Image slots of the chart version; undefined when the version is not one (overrides are not checked). */
  readonly imageSlots: readonly string[] | undefined;
  /** The containers `resources` may name. */
  readonly resourceComponents: readonly string[];
  /** The pods on the primary's node, in messages: `primary`, `master`. */
  readonly primaryRole: string;
  /** The pods on the read nodes, in messages (`read replica`, `replica`); undefined: none (`readSelector` unused). */
  readonly readRole: string | undefined;
}

/** Whether two selectors select with the same labels. */
function sameSelector(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && b[k] === a[k]);
}

/**
 * The node selectors of `nodes`: each selects with at least one valid label, and the read nodes are not
 * the primary's (skipped when a selector holds a token).
 */
function checkNodes(issues: PropIssues, nodes: IDatabaseNodes, primaryRole: string, readRole: string | undefined): void {
  const selectors: [string, Readonly<Record<string, string>> | undefined][] = [["nodes.primarySelector", nodes.primarySelector]];
  if (readRole) selectors.push(["nodes.readSelector", nodes.readSelector]);
  for (const [prop, selector] of selectors) {
    if (selector === undefined || (!isUnresolved(selector) && Object.keys(selector).length === 0)) {
      issues.bad(prop, selector, "must select nodes with at least one label");
    } else issues.check(prop, selector, nodeSelector);
  }
  const [primary, read] = [nodes.primarySelector, nodes.readSelector];
  if (
    readRole &&
    primary &&
    read &&
    // A selector holding a token (as a key or a value) is not known yet.
    !isUnresolved(primary) &&
    !isUnresolved(read) &&
    Object.keys(read).length > 0 &&
    sameSelector(primary, read)
  ) {
    issues.bad(
      "nodes.readSelector",
      read,
      `must differ from nodes.primarySelector: the ${primaryRole} and a ${readRole} never share a node`,
    );
  }
}

/**
 * Checks the props every Bitnami database chart shares into `issues`, each value a token may stand for
 * skipped when it is one, except `chartVersion`: it must be known at synth time, since it decides the
 * chart values and the default images.
 */
export function checkBitnamiDatabaseProps(issues: PropIssues, props: BitnamiDatabaseProps<string>, c: BitnamiDatabaseChecks): void {
  issues.known("chartVersion", c.chartVersion, CHART_VERSION_KNOWN);
  issues.check("chartVersion", c.chartVersion, c.chartVersionRule);
  issues.check("repository", props.repository, chartRepository);
  issues.check("namespace", c.namespace, dnsLabel());
  issues.check("releaseName", c.releaseName, bitnamiReleaseName(c.statefulSetSuffix));
  issues.check("authSecretName", c.authSecretName, dnsSubdomain);
  checkNodes(issues, props.nodes, c.primaryRole, c.readRole);
  issues.check("storageClass.storageClassName", props.storageClass.storageClassName, dnsSubdomain);
  issues.check("volumeSize", c.volumeSize, volumeSize);
  if (c.imageSlots) checkImageOverrides(issues, "images", `${c.chart} chart ${c.chartVersion}`, c.imageSlots, props.images);
  if (props.resources) {
    for (const [component, resources] of Object.entries(props.resources)) {
      if (!c.resourceComponents.includes(component))
        issues.bad(`resources.${component}`, resources, `must be one of ${c.resourceComponents.join(", ")}`);
      else if (resources)
        for (const [prop, value, rule] of resourceIssues(`resources.${component}`, resources)) issues.bad(prop, value, rule);
    }
  }
  issues.timeoutSeconds(props.timeoutSeconds);
}

/**
 * The values inputs every Bitnami database chart takes, from the props with their defaults:
 * tolerations of `tolerateTaints`, the StorageClass's name, the exporter and its ServiceMonitor.
 */
export function bitnamiValuesInput(props: BitnamiDatabaseProps<string>, fullname: string, existingSecret: string): BitnamiValuesInput {
  return {
    fullname,
    existingSecret,
    tolerations: props.tolerateTaints ? props.tolerateTaints.map(tolerationFor) : [],
    storageClassName: props.storageClass.storageClassName,
    metrics: props.metrics ?? BITNAMI_DATABASE_DEFAULTS.metrics,
    serviceMonitor: props.serviceMonitor ?? BITNAMI_DATABASE_DEFAULTS.serviceMonitor,
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
  /** The construct's props: `repository`, `additionalValues`, `timeoutSeconds`, what the release waits for. */
  readonly props: BitnamiDatabaseProps<string>;
}

/**
 * Checks `values` against the chart version's `valueKeys` (an {@link InternalError} naming `scope`'s path
 * and every unknown key: the project's own values and key lists disagree), then creates the Helm release
 * `Release` in `scope`: the computed values first, then `additionalValues`, as YAML documents, after the
 * auth Secret, the nodes' labels, the StorageClass's creator and `dependsOn`.
 */
export function bitnamiRelease(scope: Construct, o: BitnamiReleaseOptions): Release {
  const unknown = unknownValueKeys(o.values, o.valueKeys);
  if (unknown.length > 0) {
    throw new InternalError(
      `${scope.node.path}: values not in ${o.chart} chart ${o.chartVersion}:\n${unknown.map((k) => `  - ${k}: unknown key`).join("\n")}`,
    );
  }
  const { additionalValues, nodes, storageClass } = o.props;
  const dependsOn: ITerraformDependable[] = [o.authSecret];
  if (nodes.labelCreators) dependsOn.push(...nodes.labelCreators);
  if (storageClass.storageClassCreator) dependsOn.push(storageClass.storageClassCreator);
  if (o.props.dependsOn) dependsOn.push(...o.props.dependsOn);
  return helmRelease(scope, "Release", {
    name: o.releaseName,
    chart: o.chart,
    repository: o.props.repository ?? BITNAMI_DATABASE_DEFAULTS.repository,
    version: o.chartVersion,
    namespace: o.namespace,
    values: [helmValuesYaml(o.values), ...(additionalValues ? additionalValues.map((v) => helmValuesYaml(v)) : [])],
    timeout: o.props.timeoutSeconds ?? BITNAMI_DATABASE_DEFAULTS.timeoutSeconds,
    dependsOn,
  });
}
