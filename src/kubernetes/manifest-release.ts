import { Release } from "@cdktf/provider-helm/lib/release";
import { helmRelease } from "./helm-release";
import { AssetType, ITerraformDependable, TerraformAsset, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import * as fs from "fs";
import * as path from "path";
import { InternalError, PropIssues, dnsLabel, dnsSubdomain, isUnresolved } from "../validation";
import { helmValuesYaml } from "./helm-values";

/** A Kubernetes object as rendered by the manifests chart. */
export interface KubernetesObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

/** Props of {@link ManifestRelease}. */
export interface ManifestReleaseProps {
  /** Helm release name, unique in its namespace: a DNS-1123 label of at most 53 characters. */
  readonly releaseName: string;
  /** Namespace of the release (objects may name their own). */
  readonly namespace: string;
  /** The objects to install; each must have apiVersion, kind and metadata.name. */
  readonly manifests: readonly KubernetesObject[];
  /**
   * Resources that must exist first, e.g. the Helm release that installs the CRDs.
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
  /**
   * The project's local chart that renders the objects: `manifests` (objects only), or
   * `system-upgrade-controller`, which also brings a minimal `upgrade.cattle.io` Plan CRD in its
   * `crds/` folder (see `SystemUpgradeController`). Must be known at synth time: it picks the chart
   * folder shipped with the stack.
   * @default "manifests"
   */
  readonly chart?: LocalChart;
}

/** Defaults of {@link ManifestReleaseProps}. */
export const MANIFEST_RELEASE_DEFAULTS = { chart: "manifests" } as const satisfies Partial<ManifestReleaseProps>;

/** The rule of a Helm release name (Helm's own limit: 53 characters). */
export const helmReleaseName = dnsLabel(53, "Helm's limit for a release name");

/** The charts of the project's `charts/` folder, each rendering `.Values.manifests`. */
export type LocalChart = "manifests" | "system-upgrade-controller";

/** Terraform asset id of each local chart: one copy per stack, whatever the number of releases. */
const CHART_ASSET_IDS: Record<LocalChart, string> = {
  manifests: "ManifestsChart",
  "system-upgrade-controller": "SystemUpgradeControllerChart",
};

/**
 * The repository's `charts/<name>` folder, found above `from` (this file's folder, whether it runs from
 * source or from a build). The package ships the charts: a missing one is an {@link InternalError}.
 * @internal
 */
export function localChartDir(name: LocalChart, from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "charts", name);
    if (fs.existsSync(path.join(candidate, "Chart.yaml"))) return candidate;
    if (path.dirname(dir) === dir) throw new InternalError(`charts/${name} not found above ${from}: the package ships it`);
  }
}

/**
 * Kubernetes objects installed as one Helm release of the project's local
 * `manifests` chart.
 *
 * Why: `kubernetes_manifest` needs an object's CRD at plan time, so a
 * RecurringJob or a ServiceMonitor cannot be planned on a cluster where the
 * release that brings the CRD is not installed yet (terraform-provider-kubernetes
 * #1367). A `helm_release` is planned without contacting the CRD, and installed
 * after its `dependsOn`, so a first `cdktf deploy` on an empty cluster passes in
 * one go. The chart is shipped with the stack as a Terraform asset (a path
 * relative to the stack directory).
 */
export class ManifestRelease extends Construct {
  /** The Helm release. */
  public readonly release: Release;
  /** The objects installed, in order. */
  public readonly manifests: readonly KubernetesObject[];

  constructor(scope: Construct, id: string, props: ManifestReleaseProps) {
    super(scope, id);
    const chart = props.chart ?? MANIFEST_RELEASE_DEFAULTS.chart;
    const issues = new PropIssues();
    issues.check("releaseName", props.releaseName, helmReleaseName);
    issues.check("namespace", props.namespace, dnsLabel());
    issues.known("chart", chart, "it picks the chart folder shipped with the stack");
    if (!Object.hasOwn(CHART_ASSET_IDS, chart))
      issues.bad(
        "chart",
        chart,
        `must be one of ${Object.keys(CHART_ASSET_IDS)
          .map((c) => `"${c}"`)
          .join(", ")}`,
      );
    if (props.manifests.length === 0) issues.add("manifests: must list at least one object (got [])");
    const keys = new Set<string>();
    props.manifests.forEach((m, i) => {
      if (!m.apiVersion || !m.kind)
        issues.bad(`manifests[${i}]`, { apiVersion: m.apiVersion, kind: m.kind }, "must have apiVersion and kind");
      const name: unknown = m.metadata?.name;
      // A nameless object (or a JavaScript caller's null) is one mistake, not also a duplicate of another one.
      if (typeof name !== "string") {
        issues.add(`manifests[${i}].metadata.name: is required (string)`);
        return;
      }
      issues.check(`manifests[${i}].metadata.name`, name, dnsSubdomain);
      // Two tokens may be the same value or not: only concrete names are compared.
      const key = [m.apiVersion, m.kind, m.metadata.namespace ?? props.namespace, name]; // metadata is there: it has a name
      if (key.some(isUnresolved)) return;
      if (keys.has(key.join("/"))) issues.add(`manifests[${i}]: ${m.kind} '${name}' is listed twice`);
      keys.add(key.join("/"));
    });
    issues.throwIfAny(`${this.node.path} props`);

    this.manifests = props.manifests;
    const stack = TerraformStack.of(this);
    const assetId = CHART_ASSET_IDS[chart];
    const asset =
      (stack.node.tryFindChild(assetId) as TerraformAsset | undefined) ??
      new TerraformAsset(stack, assetId, { path: localChartDir(chart), type: AssetType.DIRECTORY });

    this.release = helmRelease(this, "Release", {
      name: props.releaseName,
      chart: `./${asset.path}`,
      namespace: props.namespace,
      // Literal blocks and no line folding: a script in an object reads as it runs, in plans too.
      values: [helmValuesYaml({ manifests: props.manifests }, { lineWidth: 0, blockQuote: "literal" })],
      dependsOn: props.dependsOn,
    });
  }
}
