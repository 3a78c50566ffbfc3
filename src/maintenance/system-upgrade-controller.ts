import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { z } from "zod";
import type { IDeployment } from "kubernetes-models/apps/v1/Deployment";
import type { IClusterRole } from "kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole";
import type { IClusterRoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding";
import type { IRole } from "kubernetes-models/rbac.authorization.k8s.io/v1/Role";
import type { IRoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding";
import type { IConfigMap } from "kubernetes-models/v1/ConfigMap";
import type { INamespace } from "kubernetes-models/v1/Namespace";
import type { IServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import { dnsLabel, IMAGE_NAME, PropIssues, SupportedReleases } from "../validation";
import { KubernetesObject, ManifestRelease } from "../kubernetes/manifest-release";

/** Props of {@link SystemUpgradeController}. */
export interface SystemUpgradeControllerProps {
  /**
   * Release of rancher/system-upgrade-controller (its image tag). A token is accepted (the objects are the same
   * for every supported release), unchecked.
   * @default "v0.20.1"
   */
  readonly version?: string;
  /**
   * Image repository of the controller.
   * @default "rancher/system-upgrade-controller"
   */
  readonly image?: string;
  /**
   * Namespace of the controller and of the upgrade Plans (created here).
   * @default "system-upgrade"
   */
  readonly namespace?: string;
  /**
   * Resources that must exist first.
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/** Defaults of {@link SystemUpgradeControllerProps}, which the platform config applies too. */
export const SYSTEM_UPGRADE_CONTROLLER_DEFAULTS = {
  version: "v0.20.1",
  image: "rancher/system-upgrade-controller",
  namespace: "system-upgrade",
} as const;

/** An image repository without tag or digest, e.g. `example` (the image's default), for a construct that appends the tag itself. */
export function imageRepository(example: string): z.ZodString {
  return z.string().regex(IMAGE_NAME, { message: `must be an image repository without tag, e.g. ${example}` });
}

/**
 * A system-upgrade-controller, as the upgrade Plans take it ({@link K3sUpgradePlans}):
 * {@link SystemUpgradeController} implements it; one installed elsewhere is a plain object.
 */
export interface ISystemUpgradeController {
  /** Namespace of the controller, where the Plans go. */
  readonly namespaceName: string;
  /** ServiceAccount the Plans' Jobs run as. */
  readonly serviceAccountName: string;
  /**
   * What the Plans wait for: the release that brings the Plan CRD.
   * @default - none: the controller and its CRD exist already
   */
  readonly release?: ITerraformDependable;
}

/**
 * The system-upgrade-controller releases from v0.14.0 (the Plan API of this construct) (git tags of the upstream repository, August 2026);
 * v0.20.0 was never released (v0.20.1 followed v0.20.0-rc.2).
 */
export const SYSTEM_UPGRADE_CONTROLLER_RELEASES = new SupportedReleases(
  "system-upgrade-controller",
  ">=0.14.0 <1.0.0",
  // prettier-ignore
  [
    "v0.14.0", "v0.14.1", "v0.14.2", "v0.15.0", "v0.15.1", "v0.15.2", "v0.15.3", "v0.16.0", "v0.16.1", "v0.16.2", "v0.16.3", "v0.17.0", "v0.18.0", "v0.19.0", "v0.19.1", "v0.19.2", "v0.20.1",
  ],
);

/** Whether `version` is a system-upgrade-controller release this construct supports. */
export function isSupportedSystemUpgradeControllerVersion(version: string): boolean {
  return SYSTEM_UPGRADE_CONTROLLER_RELEASES.includes(version);
}

const CONTROLLER = "system-upgrade-controller";
/** The ServiceAccount of the controller and of the upgrade Jobs it starts (Plans name it). */
const SERVICE_ACCOUNT = "system-upgrade";

/**
 * rancher/system-upgrade-controller, which upgrades k3s on each node by running the Jobs that
 * `upgrade.cattle.io/v1` Plans describe. The guide installs its manifest by hand with kubectl (part
 * 2, "Automatic K3s upgrade"); here its objects (namespace, RBAC and Deployment, as the release's
 * manifest defines them) are a Helm release of the project's `system-upgrade-controller` chart.
 *
 * The controller applies its Plan CRD itself when it starts. So that Plans can be installed right
 * after this release, before the controller has run, the chart's `crds/` folder holds a placeholder
 * Plan CRD that Helm creates on the first install (when the cluster has none) and never touches
 * again; the controller then replaces it with the full definition.
 */
export class SystemUpgradeController extends Construct implements ISystemUpgradeController {
  /** Namespace of the controller; upgrade Plans go here. */
  public readonly namespaceName: string;
  /** ServiceAccount that Plans must name. */
  public readonly serviceAccountName = SERVICE_ACCOUNT;
  /** The objects installed. */
  public readonly objects: readonly KubernetesObject[];
  /** The release carrying the objects (and the placeholder CRD). */
  public readonly manifests: ManifestRelease;
  /** The Helm release of {@link SystemUpgradeController.manifests}, which the Plans wait for. */
  public readonly release: ITerraformDependable;

  constructor(scope: Construct, id: string, props: SystemUpgradeControllerProps = {}) {
    super(scope, id);
    const version = props.version ?? SYSTEM_UPGRADE_CONTROLLER_DEFAULTS.version;
    const image = props.image ?? SYSTEM_UPGRADE_CONTROLLER_DEFAULTS.image;
    const namespace = props.namespace ?? SYSTEM_UPGRADE_CONTROLLER_DEFAULTS.namespace;
    const issues = new PropIssues();
    issues.check("version", version, SYSTEM_UPGRADE_CONTROLLER_RELEASES.schema());
    issues.check("image", image, imageRepository(SYSTEM_UPGRADE_CONTROLLER_DEFAULTS.image));
    issues.check("namespace", namespace, dnsLabel());
    issues.throwIfAny(`${this.node.path} props`);
    this.namespaceName = namespace;

    const subjects = [{ kind: "ServiceAccount", name: SERVICE_ACCOUNT, namespace }];
    const labels = { "app.kubernetes.io/name": CONTROLLER, "app.kubernetes.io/component": "controller" };
    const objects: [
      INamespace,
      IServiceAccount,
      IClusterRole,
      IClusterRole,
      IRole,
      IClusterRoleBinding,
      IClusterRoleBinding,
      IRoleBinding,
      IConfigMap,
      IDeployment,
    ] = [
      {
        apiVersion: "v1",
        kind: "Namespace",
        // Upgrade Jobs run privileged on the host.
        metadata: { name: namespace, labels: { "pod-security.kubernetes.io/enforce": "privileged" } },
      },
      { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: SERVICE_ACCOUNT, namespace } },
      {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRole",
        metadata: { name: CONTROLLER },
        rules: [
          { apiGroups: ["batch"], resources: ["jobs"], verbs: ["get", "list", "watch"] },
          {
            apiGroups: ["apiextensions.k8s.io"],
            resources: ["customresourcedefinitions"],
            verbs: ["get", "list", "watch", "create", "patch", "update"],
          },
          { apiGroups: [""], resources: ["namespaces", "nodes"], verbs: ["get", "list", "watch"] },
          { apiGroups: [""], resources: ["nodes"], verbs: ["update"] },
          { apiGroups: [""], resources: ["events"], verbs: ["get", "create", "patch", "update"] },
          { apiGroups: ["coordination.k8s.io"], resources: ["leases"], verbs: ["create"] },
          { apiGroups: ["coordination.k8s.io"], resources: ["leases"], resourceNames: [CONTROLLER], verbs: ["get", "update"] },
          {
            apiGroups: ["upgrade.cattle.io"],
            resources: ["plans"],
            verbs: ["get", "list", "watch", "create", "patch", "update", "delete"],
          },
          // A status subresource has no other verbs.
          { apiGroups: ["upgrade.cattle.io"], resources: ["plans/status"], verbs: ["get", "patch", "update"] },
        ],
      },
      {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRole",
        // What the upgrade Jobs need to cordon (and, for a Plan that asks, drain) a node.
        metadata: { name: `${CONTROLLER}-drainer` },
        rules: [
          { apiGroups: [""], resources: ["pods/eviction"], verbs: ["create"] },
          { apiGroups: [""], resources: ["pods"], verbs: ["get", "list", "delete"] },
          { apiGroups: [""], resources: ["nodes"], verbs: ["get", "patch"] },
          { apiGroups: ["apps"], resources: ["statefulsets", "daemonsets", "replicasets"], verbs: ["get", "list"] },
        ],
      },
      {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "Role",
        metadata: { name: CONTROLLER, namespace },
        rules: [
          {
            apiGroups: ["batch"],
            resources: ["jobs"],
            verbs: ["create", "delete", "deletecollection", "patch", "update", "get", "list", "watch"],
          },
          { apiGroups: [""], resources: ["secrets"], verbs: ["get", "list", "watch"] },
        ],
      },
      {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRoleBinding",
        metadata: { name: CONTROLLER },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: CONTROLLER },
        subjects,
      },
      {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRoleBinding",
        metadata: { name: `${CONTROLLER}-drainer` },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: `${CONTROLLER}-drainer` },
        subjects,
      },
      {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "RoleBinding",
        metadata: { name: CONTROLLER, namespace },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: CONTROLLER },
        subjects,
      },
      {
        apiVersion: "v1",
        kind: "ConfigMap",
        // The settings of the release's manifest (the controller's built-in defaults differ: a 600 s Job
        // deadline, which the agent Plan's wait for the servers can exceed, and 2 retries).
        metadata: { name: `${CONTROLLER}-env`, namespace },
        data: {
          SYSTEM_UPGRADE_CONTROLLER_DEBUG: "false",
          SYSTEM_UPGRADE_CONTROLLER_THREADS: "2",
          SYSTEM_UPGRADE_CONTROLLER_LEADER_ELECT: "true",
          SYSTEM_UPGRADE_JOB_ACTIVE_DEADLINE_SECONDS: "900",
          SYSTEM_UPGRADE_JOB_BACKOFF_LIMIT: "99",
          SYSTEM_UPGRADE_JOB_IMAGE_PULL_POLICY: "Always",
          SYSTEM_UPGRADE_JOB_PRIVILEGED: "true",
          SYSTEM_UPGRADE_JOB_TTL_SECONDS_AFTER_FINISH: "900",
          SYSTEM_UPGRADE_PLAN_POLLING_INTERVAL: "15m",
        },
      },
      {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: CONTROLLER, namespace },
        spec: {
          strategy: { type: "Recreate" },
          selector: { matchLabels: { "upgrade.cattle.io/controller": CONTROLLER } },
          template: {
            metadata: {
              // The label keeps the controller's own pod out of the drains it runs.
              labels: { ...labels, "upgrade.cattle.io/controller": CONTROLLER },
            },
            spec: {
              serviceAccountName: SERVICE_ACCOUNT,
              affinity: {
                nodeAffinity: {
                  requiredDuringSchedulingIgnoredDuringExecution: {
                    nodeSelectorTerms: [
                      {
                        matchExpressions: [
                          { key: "node-role.kubernetes.io/control-plane", operator: "Exists" },
                          { key: "kubernetes.io/os", operator: "In", values: ["linux"] },
                        ],
                      },
                    ],
                  },
                },
                podAntiAffinity: {
                  requiredDuringSchedulingIgnoredDuringExecution: [
                    {
                      topologyKey: "kubernetes.io/hostname",
                      labelSelector: { matchExpressions: [{ key: "app.kubernetes.io/name", operator: "In", values: [CONTROLLER] }] },
                    },
                  ],
                },
              },
              tolerations: [
                { key: "CriticalAddonsOnly", operator: "Exists" },
                { key: "node-role.kubernetes.io/control-plane", operator: "Exists", effect: "NoSchedule" },
                { key: "node-role.kubernetes.io/controlplane", operator: "Exists", effect: "NoSchedule" },
                { key: "node-role.kubernetes.io/master", operator: "Exists", effect: "NoSchedule" },
                { key: "node-role.kubernetes.io/etcd", operator: "Exists", effect: "NoExecute" },
              ],
              containers: [
                {
                  name: CONTROLLER,
                  image: `${image}:${version}`,
                  imagePullPolicy: "IfNotPresent",
                  securityContext: {
                    runAsNonRoot: true,
                    runAsUser: 65534,
                    runAsGroup: 65534,
                    allowPrivilegeEscalation: false,
                    seccompProfile: { type: "RuntimeDefault" },
                    capabilities: { drop: ["ALL"] },
                  },
                  envFrom: [{ configMapRef: { name: `${CONTROLLER}-env` } }],
                  env: [
                    {
                      name: "SYSTEM_UPGRADE_CONTROLLER_NAME",
                      valueFrom: { fieldRef: { fieldPath: "metadata.labels['upgrade.cattle.io/controller']" } },
                    },
                    { name: "SYSTEM_UPGRADE_CONTROLLER_NAMESPACE", valueFrom: { fieldRef: { fieldPath: "metadata.namespace" } } },
                    { name: "SYSTEM_UPGRADE_CONTROLLER_NODE_NAME", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } },
                  ],
                  volumeMounts: [
                    { name: "etc-ssl", mountPath: "/etc/ssl", readOnly: true },
                    { name: "etc-pki", mountPath: "/etc/pki", readOnly: true },
                    { name: "etc-ca-certificates", mountPath: "/etc/ca-certificates", readOnly: true },
                    { name: "tmp", mountPath: "/tmp" },
                  ],
                },
              ],
              volumes: [
                { name: "etc-ssl", hostPath: { path: "/etc/ssl", type: "DirectoryOrCreate" } },
                { name: "etc-pki", hostPath: { path: "/etc/pki", type: "DirectoryOrCreate" } },
                { name: "etc-ca-certificates", hostPath: { path: "/etc/ca-certificates", type: "DirectoryOrCreate" } },
                { name: "tmp", emptyDir: {} },
              ],
            },
          },
        },
      },
    ];
    this.objects = objects as unknown as KubernetesObject[];
    this.manifests = new ManifestRelease(this, "Manifests", {
      releaseName: CONTROLLER,
      namespace: "kube-system",
      manifests: this.objects,
      chart: "system-upgrade-controller",
      dependsOn: props.dependsOn,
    });
    this.release = this.manifests.release;
  }
}
