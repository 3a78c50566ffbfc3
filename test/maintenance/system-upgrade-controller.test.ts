import { parse } from "yaml";
import {
  SYSTEM_UPGRADE_CONTROLLER_DEFAULTS,
  SystemUpgradeController,
  SystemUpgradeControllerProps,
  isSupportedSystemUpgradeControllerVersion,
} from "../../src/maintenance/system-upgrade-controller";
import { CONTROL_PLANE_DEFAULTS } from "../../src/hcloud/control-plane";
import { PrometheusOperatorCrds } from "../../src/monitoring/prometheus-operator-crds";
import { ValidationError } from "../../src/validation";
import { errorOf, onlyResource, resourcesOf, synthScope } from "../helpers";
import { unusedTokens } from "../tokens";

function synth(props: SystemUpgradeControllerProps = {}) {
  return synthScope((scope) => new SystemUpgradeController(scope, "Controller", props));
}

function objects(props: SystemUpgradeControllerProps = {}) {
  const { parsed } = synth(props);
  const release = onlyResource(parsed, "helm_release");
  return { parsed, release, manifests: parse((release.values as string[])[0]).manifests as Array<Record<string, any>> };
}

const byKindAndName = (manifests: Array<Record<string, any>>, kind: string, name: string) =>
  manifests.find((m) => m.kind === kind && m.metadata.name === name)!;

/**
 * Every permission the service account system-upgrade/system-upgrade holds through the roles and bindings
 * among `manifests`, as `<apiGroup>/<resource>[@<namespace>][#<name>]` → sorted verbs: a RoleBinding
 * grants in its namespace (a Role there, or a ClusterRole), a ClusterRoleBinding cluster-wide; `#<name>`
 * when a rule names its objects. A `*` stays a `*`, so a wildcard shows.
 */
function grants(manifests: ReadonlyArray<Record<string, any>>): Record<string, string[]> {
  const held: Record<string, Set<string>> = {};
  for (const binding of manifests.filter((m) => m.kind === "ClusterRoleBinding" || m.kind === "RoleBinding")) {
    const subject = binding.subjects.some(
      (s: Record<string, string>) => s.kind === "ServiceAccount" && s.name === "system-upgrade" && s.namespace === "system-upgrade",
    );
    if (!subject) continue;
    const namespace = binding.kind === "RoleBinding" ? binding.metadata.namespace : undefined;
    const role = manifests.find(
      (m) =>
        m.kind === binding.roleRef.kind &&
        m.metadata.name === binding.roleRef.name &&
        (m.kind === "ClusterRole" || m.metadata.namespace === namespace),
    );
    for (const rule of role?.rules ?? []) {
      for (const group of rule.apiGroups)
        for (const resource of rule.resources)
          for (const name of rule.resourceNames ?? [undefined]) {
            const key = `${group}/${resource}${namespace ? `@${namespace}` : ""}${name ? `#${name}` : ""}`;
            for (const verb of rule.verbs) (held[key] ??= new Set()).add(verb);
          }
    }
  }
  return Object.fromEntries(Object.entries(held).map(([key, verbs]) => [key, [...verbs].sort()]));
}

/** One `matchExpressions` entry of a label or node selector. */
interface Requirement {
  readonly key: string;
  readonly operator: string;
  readonly values?: readonly string[];
}

/** A label selector (matchLabels and matchExpressions) applied to `labels`, as Kubernetes applies it. */
function selects(
  selector: { readonly matchLabels?: Readonly<Record<string, string>>; readonly matchExpressions?: readonly Requirement[] },
  labels: Readonly<Record<string, string>>,
): boolean {
  const expression = ({ key, operator, values }: Requirement) => {
    switch (operator) {
      case "In":
        return key in labels && values!.includes(labels[key]);
      case "NotIn":
        return !(key in labels) || !values!.includes(labels[key]);
      case "Exists":
        return key in labels;
      case "DoesNotExist":
        return !(key in labels);
      default:
        throw new Error(`no such operator: ${JSON.stringify(operator)}`);
    }
  };
  return (
    Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value) &&
    (selector.matchExpressions ?? []).every(expression)
  );
}

/** A node: its labels and its taints, written `key[=value]:Effect` as in k3s's `node-taint`. */
interface Node {
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly string[];
}

/**
 * Whether kube-scheduler may place a pod of `spec` on `node`: without required node affinity any node
 * will do, else one of its terms selects the node (by its labels; a pod with `matchFields` or a
 * `nodeSelector` is refused); and it tolerates each of the node's NoSchedule and NoExecute taints.
 */
function schedulable(spec: Record<string, any>, node: Node): boolean {
  const terms: ReadonlyArray<{ readonly matchExpressions?: readonly Requirement[]; readonly matchFields?: unknown }> | undefined =
    spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (spec.nodeSelector !== undefined || terms?.some((term) => term.matchFields !== undefined)) {
    throw new Error("schedulable() reads the matchExpressions of node affinity only");
  }
  const affine = terms === undefined || terms.some((term) => selects(term, node.labels));
  const tolerates = (taint: string) => {
    const [, key, value, effect] = /^([^=:]+)(?:=([^:]*))?:(\w+)$/.exec(taint)!;
    return (spec.tolerations ?? []).some(
      (t: any) =>
        (t.key === undefined ? t.operator === "Exists" : t.key === key) &&
        (t.operator === "Exists" || (t.value ?? "") === (value ?? "")) &&
        (t.effect === undefined || t.effect === effect),
    );
  };
  return affine && node.taints.filter((taint) => !taint.endsWith(":PreferNoSchedule")).every(tolerates);
}

/** The labels k3s gives a server node (a single server with embedded etcd) and an agent node. */
const K3S_SERVER_LABELS: Readonly<Record<string, string>> = {
  "kubernetes.io/os": "linux",
  "node-role.kubernetes.io/control-plane": "true",
  "node-role.kubernetes.io/master": "true",
  "node-role.kubernetes.io/etcd": "true",
};
const K3S_AGENT_LABELS: Readonly<Record<string, string>> = { "kubernetes.io/os": "linux" };

describe("SystemUpgradeController", () => {
  it("lets the controller do what upgrading a node takes, and nothing more", () => {
    // What the controller of this release asks for: informers (get, list, watch) on what it reconciles, the
    // writes it makes, and, for the upgrade Jobs that run as the same account, what cordoning and draining a
    // node take. Jobs and Secrets only in its own namespace; one named Lease.
    const needs: Record<string, string[]> = {
      "upgrade.cattle.io/plans": ["get", "list", "watch", "create", "patch", "update", "delete"],
      "upgrade.cattle.io/plans/status": ["get", "patch", "update"],
      "apiextensions.k8s.io/customresourcedefinitions": ["get", "list", "watch", "create", "patch", "update"],
      "/nodes": ["get", "list", "watch", "update", "patch"],
      "/namespaces": ["get", "list", "watch"],
      "/events": ["get", "create", "patch", "update"],
      "coordination.k8s.io/leases": ["create"],
      "coordination.k8s.io/leases#system-upgrade-controller": ["get", "update"],
      "batch/jobs": ["get", "list", "watch"],
      "batch/jobs@system-upgrade": ["create", "delete", "deletecollection", "patch", "update", "get", "list", "watch"],
      "/secrets@system-upgrade": ["get", "list", "watch"],
      "/pods/eviction": ["create"],
      "/pods": ["get", "list", "delete"],
      "apps/statefulsets": ["get", "list"],
      "apps/daemonsets": ["get", "list"],
      "apps/replicasets": ["get", "list"],
    };
    const sorted = Object.fromEntries(Object.entries(needs).map(([key, verbs]) => [key, [...verbs].sort()]));
    expect(grants(objects().manifests)).toEqual(sorted);
  });

  it("gives the controller pod the identity and settings the controller reads", () => {
    const { manifests } = objects();
    const deployment = byKindAndName(manifests, "Deployment", "system-upgrade-controller");
    const pod = deployment.spec.template;
    // The controller finds its own pod by this label, and leaves it out of the drains it runs.
    expect(deployment.spec.selector.matchLabels).toEqual({ "upgrade.cattle.io/controller": "system-upgrade-controller" });
    // The standard labels too, which `kubectl -l` and the anti-affinity select by.
    expect(pod.metadata.labels).toEqual({
      "upgrade.cattle.io/controller": "system-upgrade-controller",
      "app.kubernetes.io/name": "system-upgrade-controller",
      "app.kubernetes.io/component": "controller",
    });
    expect(pod.spec.serviceAccountName).toBe("system-upgrade");
    const [container] = pod.spec.containers;
    expect(container.image).toBe("rancher/system-upgrade-controller:v0.20.1");
    expect(container.envFrom).toEqual([{ configMapRef: { name: "system-upgrade-controller-env" } }]);
    expect(Object.fromEntries(container.env.map((e: any) => [e.name, e.valueFrom.fieldRef.fieldPath]))).toEqual({
      SYSTEM_UPGRADE_CONTROLLER_NAME: "metadata.labels['upgrade.cattle.io/controller']",
      SYSTEM_UPGRADE_CONTROLLER_NAMESPACE: "metadata.namespace",
      SYSTEM_UPGRADE_CONTROLLER_NODE_NAME: "spec.nodeName",
    });
  });

  it("runs on a server node with the control plane's taints, and on no agent or non-Linux node", () => {
    const pod = byKindAndName(objects().manifests, "Deployment", "system-upgrade-controller").spec.template.spec;
    const cases: Array<[string, Node, boolean]> = [
      ["a server with the control plane's default taints", { labels: K3S_SERVER_LABELS, taints: CONTROL_PLANE_DEFAULTS.taints }, true],
      ["a server that runs only critical add-ons", { labels: K3S_SERVER_LABELS, taints: ["CriticalAddonsOnly=true:NoExecute"] }, true],
      ["an untainted server", { labels: K3S_SERVER_LABELS, taints: [] }, true],
      // The control-plane taint with a value, as `--node-taint node-role.kubernetes.io/control-plane=true:NoSchedule` sets it.
      [
        "a server tainted control-plane=true",
        { labels: K3S_SERVER_LABELS, taints: ["node-role.kubernetes.io/control-plane=true:NoSchedule"] },
        true,
      ],
      ["a server with a taint of its own", { labels: K3S_SERVER_LABELS, taints: ["dedicated=ci:NoSchedule"] }, false],
      ["an agent", { labels: K3S_AGENT_LABELS, taints: [] }, false],
      ["a Windows server", { labels: { ...K3S_SERVER_LABELS, "kubernetes.io/os": "windows" }, taints: [] }, false],
    ];
    expect(cases.map(([name, node]) => [name, schedulable(pod, node)])).toEqual(cases.map(([name, , fits]) => [name, fits]));
  });

  it("never runs two controller pods on one node, so it replaces its pod by Recreate", () => {
    const deployment = byKindAndName(objects().manifests, "Deployment", "system-upgrade-controller");
    const [term, ...others] = deployment.spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution;
    expect(others).toEqual([]);
    expect(term.topologyKey).toBe("kubernetes.io/hostname");
    expect(selects(term.labelSelector, deployment.spec.template.metadata.labels)).toBe(true);
    expect(selects(term.labelSelector, { "app.kubernetes.io/name": "longhorn-manager" })).toBe(false); // other pods are welcome
    expect(selects(deployment.spec.selector, deployment.spec.template.metadata.labels)).toBe(true);
    // A rolling update would start the new pod beside the old one, which the anti-affinity forbids on a
    // single control plane node: the update would wait forever.
    expect(deployment.spec.strategy).toEqual({ type: "Recreate" });
  });

  it("runs unprivileged, with the host's CA bundles read-only at their own paths and a writable /tmp", () => {
    const pod = byKindAndName(objects().manifests, "Deployment", "system-upgrade-controller").spec.template.spec;
    const [container] = pod.containers;
    expect(container.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 65534,
      runAsGroup: 65534,
      allowPrivilegeEscalation: false,
      seccompProfile: { type: "RuntimeDefault" },
      capabilities: { drop: ["ALL"] },
    });
    const volumes = new Map(pod.volumes.map((v: Record<string, any>) => [v.name, v]));
    expect(container.volumeMounts.map((m: any) => [m.mountPath, m.readOnly ?? false, volumes.get(m.name)])).toEqual([
      ["/etc/ssl", true, { name: "etc-ssl", hostPath: { path: "/etc/ssl", type: "DirectoryOrCreate" } }],
      ["/etc/pki", true, { name: "etc-pki", hostPath: { path: "/etc/pki", type: "DirectoryOrCreate" } }],
      [
        "/etc/ca-certificates",
        true,
        { name: "etc-ca-certificates", hostPath: { path: "/etc/ca-certificates", type: "DirectoryOrCreate" } },
      ],
      ["/tmp", false, { name: "tmp", emptyDir: {} }],
    ]);
    expect(pod.volumes).toHaveLength(4); // none left unmounted
    expect(container.imagePullPolicy).toBe("IfNotPresent");
  });

  it("matches the snapshot", () => {
    expect(synth().json).toMatchSnapshot();
  });

  it("installs its objects as release system-upgrade-controller of the chart with the Plan CRD, in kube-system", () => {
    const { release, manifests } = objects();
    expect(SYSTEM_UPGRADE_CONTROLLER_DEFAULTS).toEqual({
      version: "v0.20.1",
      image: "rancher/system-upgrade-controller",
      namespace: "system-upgrade",
    });
    expect(release.name).toBe("system-upgrade-controller");
    expect(release.namespace).toBe("kube-system");
    expect(release.chart).toMatch(/^\.\/assets\/SystemUpgradeControllerChart\/[0-9A-F]{32}$/);
    expect(release.depends_on).toBeUndefined();
    expect(manifests.map((m) => [m.kind, m.metadata.name, m.metadata.namespace])).toEqual([
      ["Namespace", "system-upgrade", undefined],
      ["ServiceAccount", "system-upgrade", "system-upgrade"],
      ["ClusterRole", "system-upgrade-controller", undefined],
      ["ClusterRole", "system-upgrade-controller-drainer", undefined],
      ["Role", "system-upgrade-controller", "system-upgrade"],
      ["ClusterRoleBinding", "system-upgrade-controller", undefined],
      ["ClusterRoleBinding", "system-upgrade-controller-drainer", undefined],
      ["RoleBinding", "system-upgrade-controller", "system-upgrade"],
      ["ConfigMap", "system-upgrade-controller-env", "system-upgrade"],
      ["Deployment", "system-upgrade-controller", "system-upgrade"],
    ]);
  });

  it("lets the upgrade Jobs run privileged in its namespace", () => {
    expect(byKindAndName(objects().manifests, "Namespace", "system-upgrade").metadata.labels).toEqual({
      "pod-security.kubernetes.io/enforce": "privileged",
    });
  });

  it("binds each role to its ServiceAccount", () => {
    const { manifests } = objects();
    const subjects = [{ kind: "ServiceAccount", name: "system-upgrade", namespace: "system-upgrade" }];
    expect(manifests.filter((m) => m.kind.endsWith("Binding")).map((m) => [m.kind, m.roleRef, m.subjects])).toEqual([
      ["ClusterRoleBinding", { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "system-upgrade-controller" }, subjects],
      [
        "ClusterRoleBinding",
        { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "system-upgrade-controller-drainer" },
        subjects,
      ],
      ["RoleBinding", { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "system-upgrade-controller" }, subjects],
    ]);
  });

  it("runs with the settings of the release's manifest (not the controller's built-in 600 s Job deadline and 2 retries)", () => {
    const { manifests } = objects();
    expect(byKindAndName(manifests, "ConfigMap", "system-upgrade-controller-env").data).toEqual({
      SYSTEM_UPGRADE_CONTROLLER_DEBUG: "false",
      SYSTEM_UPGRADE_CONTROLLER_THREADS: "2",
      SYSTEM_UPGRADE_CONTROLLER_LEADER_ELECT: "true",
      SYSTEM_UPGRADE_JOB_ACTIVE_DEADLINE_SECONDS: "900",
      SYSTEM_UPGRADE_JOB_BACKOFF_LIMIT: "99",
      SYSTEM_UPGRADE_JOB_IMAGE_PULL_POLICY: "Always",
      SYSTEM_UPGRADE_JOB_PRIVILEGED: "true",
      SYSTEM_UPGRADE_JOB_TTL_SECONDS_AFTER_FINISH: "900",
      SYSTEM_UPGRADE_PLAN_POLLING_INTERVAL: "15m",
    });
  });

  it("exposes its namespace, ServiceAccount and objects for the Plans", () => {
    synthScope((scope) => {
      const controller = new SystemUpgradeController(scope, "Controller");
      expect(controller.namespaceName).toBe("system-upgrade");
      expect(controller.serviceAccountName).toBe("system-upgrade");
      expect(controller.objects).toHaveLength(10);
      expect(controller.release).toBe(controller.manifests.release);
    });
  });

  it("takes another version, image and namespace", () => {
    const { manifests } = objects({ version: "v0.14.0", image: "registry.example.org:5000/rancher/suc", namespace: "upgrades" });
    expect(manifests.filter((m) => m.metadata.namespace).map((m) => m.metadata.namespace)).toEqual(Array(5).fill("upgrades"));
    expect(byKindAndName(manifests, "Namespace", "upgrades")).toBeDefined();
    expect(byKindAndName(manifests, "RoleBinding", "system-upgrade-controller").subjects).toEqual([
      { kind: "ServiceAccount", name: "system-upgrade", namespace: "upgrades" },
    ]);
    expect(byKindAndName(manifests, "Deployment", "system-upgrade-controller").spec.template.spec.containers[0].image).toBe(
      "registry.example.org:5000/rancher/suc:v0.14.0",
    );
  });

  it("is installed after what it depends on", () => {
    const { parsed } = synthScope((scope) => {
      const crds = new PrometheusOperatorCrds(scope, "Crds"); // any release
      new SystemUpgradeController(scope, "Controller", { dependsOn: [crds.release] });
    });
    const releases = resourcesOf(parsed, "helm_release");
    const crdsId = Object.keys(releases).find((id) => id.startsWith("Crds_"));
    expect(Object.values(releases).find((r) => r.name === "system-upgrade-controller")!.depends_on).toEqual([`helm_release.${crdsId}`]);
  });

  it("accepts tokens for every prop it validates", () => {
    expect(
      unusedTokens((scope, t) => {
        new SystemUpgradeController(scope, "Controller", {
          version: t.string("version"),
          image: t.string("image"),
          namespace: t.string("namespace"),
        });
      }),
    ).toEqual([]);
  });

  it.each<[string, boolean]>([
    ["v0.20.1", true],
    ["v0.14.0", true],
    ["0.20.1", false],
    ["v0.13.4", false],
    ["v1.0.0", false],
    ["v0.20.1-rc1", false],
    ["v0.20.1 ", false],
    ["v0.20.1+build.1", false],
  ])("knows whether %j is a supported release (%s)", (version, supported) => {
    expect(isSupportedSystemUpgradeControllerVersion(version)).toBe(supported);
  });

  it.each<[string, SystemUpgradeControllerProps, RegExp]>([
    [
      "a version without its 'v'",
      { version: "0.20.1" },
      /version: must be a system-upgrade-controller version this project supports, exactly as published: v0\.14\.0-v0\.14\.2, .*v0\.20\.1 \(got "0\.20\.1"\)/,
    ],
    [
      "a version before v0.14.0",
      { version: "v0.13.4" },
      /version: must be a system-upgrade-controller version this project supports, exactly as published: v0\.14\.0-v0\.14\.2, .*v0\.20\.1 \(got "v0\.13\.4"\)/,
    ],
    [
      "a version from v1",
      { version: "v1.0.0" },
      /version: must be a system-upgrade-controller version this project supports, exactly as published: v0\.14\.0-v0\.14\.2, .*v0\.20\.1 \(got "v1\.0\.0"\)/,
    ],
    [
      "a version with a trailing space",
      { version: "v0.20.1 " },
      /version: must be a system-upgrade-controller version this project supports, exactly as published: v0\.14\.0-v0\.14\.2, .*v0\.20\.1 \(got "v0\.20\.1 "\)/,
    ],
    [
      "a version with build metadata, no image tag",
      { version: "v0.20.1+build.1" },
      /version: must be a system-upgrade-controller version this project supports, exactly as published: v0\.14\.0-v0\.14\.2, .*v0\.20\.1 \(got "v0\.20\.1\+build\.1"\)/,
    ],
    [
      "an image with a tag",
      { image: "rancher/system-upgrade-controller:v0.20.1" },
      /image: must be an image repository without tag, e\.g\. rancher\/system-upgrade-controller \(got "rancher\/system-upgrade-controller:v0\.20\.1"\)/,
    ],
    [
      "an image in capitals",
      { image: "Rancher/SUC" },
      /image: must be an image repository without tag, e\.g\. rancher\/system-upgrade-controller \(got "Rancher\/SUC"\)/,
    ],
    [
      "a bad namespace",
      { namespace: "System-Upgrade" },
      /namespace: must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit \(got "System-Upgrade"\)/,
    ],
  ])("rejects %s", (_name, props, expected) => {
    expect(() => synth(props)).toThrow(ValidationError);
    const message = errorOf(() => synth(props));
    expect(message).toMatch(/^test\/Controller props:/);
    expect(message).toMatch(expected);
  });
});
