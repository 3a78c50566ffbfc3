import { Release } from "@cdktf/provider-helm/lib/release";
import { helmRelease } from "./helm-release";
import { AssetType, ITerraformDependable, TerraformAsset, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import * as fs from "fs";
import * as path from "path";
import { PropIssues, dnsLabel, dnsSubdomain } from "../validation";
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
  /** Helm release name, unique in its namespace. */
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
   * `crds/` folder (see `SystemUpgradeController`).
   * @default "manifests"
   */
  readonly chart?: LocalChart;
}

/** The charts of the project's `charts/` folder, each rendering `.Values.manifests`. */
export type LocalChart = "manifests" | "system-upgrade-controller";

/** Terraform asset id of each local chart: one copy per stack, whatever the number of releases. */
const CHART_ASSET_IDS: Record<LocalChart, string> = {
  manifests: "ManifestsChart",
  "system-upgrade-controller": "SystemUpgradeControllerChart",
};

/** The repository's `charts/<name>` folder, found from this file whether it runs from source or from a build. */
function localChartDir(name: LocalChart): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "charts", name);
    if (fs.existsSync(path.join(candidate, "Chart.yaml"))) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`charts/${name} not found above ${__dirname}`);
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
    const issues = new PropIssues();
    if (!dnsLabel(53).safeParse(props.releaseName).success) {
      issues.bad("releaseName", props.releaseName, "must be a DNS-1123 label of at most 53 characters");
    }
    if (!dnsLabel().safeParse(props.namespace).success) issues.bad("namespace", props.namespace, "must be a DNS-1123 label");
    if (props.manifests.length === 0) issues.add("manifests: must list at least one object (got [])");
    const keys = new Set<string>();
    props.manifests.forEach((m, i) => {
      if (!m.apiVersion || !m.kind)
        issues.bad(`manifests[${i}]`, { apiVersion: m.apiVersion, kind: m.kind }, "must have apiVersion and kind");
      if (!dnsSubdomain.safeParse(m.metadata?.name).success)
        issues.bad(`manifests[${i}].metadata.name`, m.metadata?.name, "must be a DNS-1123 subdomain");
      const key = `${m.apiVersion}/${m.kind}/${m.metadata?.namespace ?? props.namespace}/${m.metadata?.name}`;
      if (keys.has(key)) issues.add(`manifests[${i}]: ${m.kind} '${m.metadata?.name}' is listed twice`);
      keys.add(key);
    });
    issues.throwIfAny(`${this.node.path} props`);

    this.manifests = props.manifests;
    const stack = TerraformStack.of(this);
    const chart = props.chart ?? "manifests";
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
