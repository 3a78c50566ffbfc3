// Scenario 3 of `npm run test:engines`, as far as the engines that can be built here reach: every
// helm_release of the synthesized k3s stack, installed by the real helm CLI (the library the helm
// provider is built on) into a real kube-apiserver + etcd, in the order of the releases' depends_on.
//
// The hashicorp/kubernetes and hashicorp/helm providers cannot be built here (see README, "Verified on
// real engines"), so this is not `tofu apply`: of the stack's kubernetes_* resources only the
// namespaces and Secrets are created (see createNamespacesAndSecrets), and Terraform's evaluation of the release arguments is limited to the one
// form they use, a namespace's name (anything else fails the scenario). No pod runs, so helm waits for
// nothing, every helm command runs with --no-hooks (hooks are Jobs, e.g. cert-manager's startup check),
// and the API server calls no admission webhook (cert-manager's is served by its pod; see kube-cluster.ts).
// No controller runs either: where the stack relies on one at install, the scenario does its part, said
// where it happens (system-upgrade-controller applying its Plan CRD).
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { isDeepStrictEqual } from "util";
import { parse, parseAllDocuments } from "yaml";
import { engineBinary } from "./engines";
import { KubeCluster, NodeSpec } from "./kube-cluster";
import { Scenario } from "./scenario";
import { COMMAND_TIMEOUT_MS, engineProcessEnv, synthApp, writeConfig } from "./tofu";
import { CONFIG_DIR, editedConfig } from "../config/fixtures";
import { nodeNames } from "../../src/config/hcloud-schema";
import { loadConfigFile } from "../../src/config/load-config";
import { parseTaint } from "../../src/validation";

interface Release {
  readonly id: string;
  readonly name: string;
  readonly namespace: string;
  readonly chart: string;
  readonly repository?: string;
  readonly version?: string;
  readonly values: readonly string[];
  readonly dependsOn: readonly string[];
  /** The provider's `replace`: an install may re-use the name of a failed release. */
  readonly replace: boolean;
}

type StackJson = { resource: Record<string, Record<string, Record<string, any>>> };

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; resourceVersion?: string; uid?: string };
  spec?: any;
  data?: Record<string, string>;
}

/** Terraform's value of a release argument: a literal, or the name of a namespace resource of the stack. */
function literal(stack: StackJson, value: string, where: string): string {
  return value.replace(/\$\{([^}]*)\}/g, (_, expr: string) => {
    const ns = /^kubernetes_namespace_v1\.([\w-]+)\.metadata\[0\]\.name$/.exec(expr);
    const name = ns && stack.resource.kubernetes_namespace_v1?.[ns[1]]?.metadata?.name;
    if (typeof name !== "string") throw new Error(`${where}: cannot evaluate \${${expr}} without Terraform`);
    return name;
  });
}

/** The stack's releases, each after the releases it depends on (stable otherwise). */
export function releasesInOrder(stack: StackJson): Release[] {
  const known = new Set([
    "//",
    "name",
    "namespace",
    "chart",
    "repository",
    "version",
    "values",
    "depends_on",
    "timeout",
    "create_namespace",
    "replace",
    // prevent_destroy acts on Terraform's plan only.
    "lifecycle",
  ]);
  const releases = Object.entries(stack.resource.helm_release ?? {}).map(([id, r]): Release => {
    const unknown = Object.keys(r).filter((k) => !known.has(k));
    if (unknown.length) throw new Error(`helm_release.${id}: the scenario does not handle ${unknown.join(", ")}`);
    return {
      id,
      name: literal(stack, r.name, id),
      namespace: literal(stack, r.namespace ?? "default", id),
      chart: r.chart,
      repository: r.repository,
      version: r.version,
      values: (r.values ?? []).map((v: string) => {
        if (/\$\{/.test(v.replace(/\$\$\{/g, ""))) throw new Error(`helm_release.${id}: values hold a Terraform expression`);
        return v.replace(/\$\$\{/g, "${").replace(/%%\{/g, "%{");
      }),
      replace: r.replace === true,
      dependsOn: (r.depends_on ?? [])
        .filter((d: string) => d.startsWith("helm_release."))
        .map((d: string) => d.slice("helm_release.".length)),
    };
  });
  const ordered: Release[] = [];
  const pending = [...releases];
  while (pending.length) {
    const next = pending.findIndex((r) => r.dependsOn.every((d) => ordered.some((o) => o.id === d)));
    if (next < 0) throw new Error(`release dependencies form a cycle: ${pending.map((r) => r.id).join(", ")}`);
    ordered.push(...pending.splice(next, 1));
  }
  return ordered;
}

/** The chart argument for helm: the mirror's copy when CHARTS_MIRROR is set, else the repository's. */
function chartArgs(release: Release, stackDir: string): string[] {
  if (!release.repository) return [path.resolve(stackDir, release.chart)];
  const mirror = process.env.CHARTS_MIRROR;
  if (mirror) {
    // A chart folder, or a repository checkout with the chart in chart/ (cert-manager's).
    const dir = path.resolve(mirror, `${release.chart}-${release.version}`);
    const chartDir = [dir, path.join(dir, "chart")].find((d) => fs.existsSync(path.join(d, "Chart.yaml")));
    if (!chartDir) throw new Error(`CHARTS_MIRROR has no ${release.chart}-${release.version}/Chart.yaml`);
    return [chartDir];
  }
  if (release.repository.startsWith("oci://")) return [`${release.repository}/${release.chart}`, "--version", release.version ?? ""];
  return [release.chart, "--repo", release.repository, "--version", release.version ?? ""];
}

/** Nodes as the hcloud stack's servers register with k3s: names, pool labels and taints. */
function clusterNodes(configFile: string): NodeSpec[] {
  const config = loadConfigFile(configFile);
  const taint = (t: string) => parseTaint(t)!; // validated with the config
  const h = config.hcloud;
  const controllers = Array.from({ length: h.controlPlane.count }, (_, i) => ({
    name: `${config.cluster.name}-controller-${String(i + 1).padStart(2, "0")}`,
    labels: { "node-role.kubernetes.io/control-plane": "true", ...h.controlPlane.labels },
    taints: (h.controlPlane.taints ?? []).map(taint),
  }));
  const agents = h.nodePools.flatMap((p) =>
    nodeNames(config.cluster.name, p).map((name) => ({ name, labels: { ...p.labels }, taints: (p.taints ?? []).map(taint) })),
  );
  return [...controllers, ...agents];
}

class ReleaseRun {
  cluster!: KubeCluster;
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), "engines-k3s-"));
  stack!: StackJson;
  installed: Release[] = [];
  /** Set once 3a installed every release: the later scenarios build on it. */
  complete = false;

  requireComplete(): void {
    if (!this.complete) throw new Error("3a did not install every release: nothing to build on");
  }

  get stackDir(): string {
    return path.join(this.dir, "cdktf.out", "stacks", "k3s");
  }

  helm(args: string[], allowFailure = false): { status: number; output: string } {
    const r = spawnSync(engineBinary("helm"), [...args, "--kubeconfig", this.cluster.kubeconfig], {
      timeout: COMMAND_TIMEOUT_MS,
      killSignal: "SIGKILL",
      encoding: "utf8",
      maxBuffer: 64 << 20,
      env: {
        ...engineProcessEnv(),
        HELM_CACHE_HOME: path.join(this.dir, "helm-cache"),
        HELM_CONFIG_HOME: path.join(this.dir, "helm-config"),
      },
    });
    const output = `${r.stdout}${r.stderr}`;
    if (r.status !== 0 && !allowFailure) throw new Error(`helm ${args.slice(0, 3).join(" ")} failed:\n${output.trim().slice(-3000)}`);
    return { status: r.status ?? -1, output };
  }

  synth(configFile: string): void {
    synthApp(configFile, path.join(this.dir, "cdktf.out"));
    this.stack = JSON.parse(fs.readFileSync(path.join(this.stackDir, "cdk.tf.json"), "utf8"));
  }

  /**
   * The stack's namespaces and Secrets, created as the kubernetes provider would create them from their
   * synthesized arguments, each sensitive variable given a test value: the charts read the Secrets
   * (Bitnami's upgrade checks look the passwords up). The other kubernetes_* resources (node labels and
   * annotations, the StorageClass, the dump claim) are not created: no chart reads them at install.
   */
  async createNamespacesAndSecrets(): Promise<void> {
    const variable = (value: string, where: string) =>
      value
        .replace(/\$\{var\.(\w+)\}/g, (_, name: string) => `engine-test-${name}`)
        .replace(/\$\{[^}]*\}/g, (expr) => {
          throw new Error(`${where}: cannot evaluate ${expr} without Terraform`);
        });
    for (const [id, ns] of Object.entries(this.stack.resource.kubernetes_namespace_v1 ?? {})) {
      const r = await this.cluster.request("POST", "/api/v1/namespaces", { metadata: { name: literal(this.stack, ns.metadata.name, id) } });
      if (r.status !== 201) throw new Error(`namespace ${id}: ${r.status} ${JSON.stringify(r.body)}`);
    }
    for (const [id, secret] of Object.entries(this.stack.resource.kubernetes_secret_v1 ?? {})) {
      const namespace = literal(this.stack, secret.metadata.namespace, id);
      const stringData = Object.fromEntries(Object.entries(secret.data ?? {}).map(([k, v]) => [k, variable(String(v), id)]));
      const r = await this.cluster.request("POST", `/api/v1/namespaces/${namespace}/secrets`, {
        metadata: { name: literal(this.stack, secret.metadata.name, id), namespace },
        ...(secret.type ? { type: secret.type } : {}),
        stringData,
      });
      if (r.status !== 201) throw new Error(`secret ${id}: ${r.status} ${JSON.stringify(r.body)}`);
    }
  }

  /**
   * What system-upgrade-controller does when it starts, which no pod does here: it replaces the Plan
   * CRD with its own full definition (an update of the existing CRD, as wrangler's BatchCreateCRDs
   * does). Before that, the placeholder of the stack's chart must be there (Helm created it from the
   * chart's crds/), so that the Plans can follow at once; after it, the Plans are validated against
   * the controller's real schema. The CRD comes from CHARTS_MIRROR, else from the controller's
   * repository at the version the stack runs.
   */
  async controllerAppliesPlanCrd(): Promise<string[]> {
    const crdPath = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/plans.upgrade.cattle.io";
    const placeholder = await this.cluster.request("GET", crdPath);
    if (placeholder.status !== 200) return [`the chart's placeholder Plan CRD was not created: GET ${placeholder.status}`];
    const release = Object.values(this.stack.resource.helm_release).find((r) => r.name === "system-upgrade-controller")!;
    const deployment = parse(release.values[0]).manifests.find((m: K8sObject) => m.kind === "Deployment");
    const version = String(deployment.spec.template.spec.containers[0].image).split(":").pop()!;
    const file = `pkg/crds/yaml/generated/upgrade.cattle.io_plans.yaml`;
    const mirror = process.env.CHARTS_MIRROR;
    const text = mirror
      ? fs.readFileSync(path.resolve(mirror, `system-upgrade-controller-${version}`, file), "utf8")
      : await (await fetch(`https://raw.githubusercontent.com/rancher/system-upgrade-controller/${version}/${file}`)).text();
    const crd = parse(text);
    crd.metadata.resourceVersion = placeholder.body.metadata.resourceVersion;
    const put = await this.cluster.request("PUT", crdPath, crd);
    if (put.status !== 200) return [`the controller's Plan CRD was refused: ${put.status} ${JSON.stringify(put.body).slice(0, 500)}`];
    for (let i = 0; i < 50; i++) {
      const got = await this.cluster.request("GET", crdPath);
      const established = (got.body?.status?.conditions ?? []).some(
        (c: { type: string; status: string }) => c.type === "Established" && c.status === "True",
      );
      if (established && got.body.spec.versions[0].schema.openAPIV3Schema.properties?.spec) return [];
      await new Promise((r) => setTimeout(r, 100));
    }
    return ["the controller's Plan CRD did not become established"];
  }

  /**
   * README, "Removing Longhorn": a first install that failed is retried by the next deploy. Here it fails
   * for real (no pod ever gets ready, so `--wait` times out) and stays in the cluster as `failed`; the
   * helm provider records no state for it, so the next deploy installs again: without the release's
   * `replace` Helm refuses the name, with it (the flag the provider passes) the install goes through.
   */
  failedInstallIsRetried(release: Release): string[] {
    const failed = this.deploy({ ...release, replace: false }, false, true, ["--wait", "--timeout", "3s"]);
    const status = this.helm(["status", release.name, "-n", release.namespace, "-o", "json"], true);
    const problems: string[] = [];
    if (failed.status === 0 || !status.output.includes('"status":"failed"'))
      problems.push(`${release.name}: the install meant to fail did not leave a failed release:\n${failed.output.slice(-800)}`);
    const again = this.deploy({ ...release, replace: false }, false, true);
    if (again.status === 0 || !again.output.includes("cannot re-use a name that is still in use"))
      problems.push(`${release.name}: installing over a failed release without replace: ${again.output.slice(-800)}`);
    if (!release.replace) problems.push(`${release.name}: the stack does not set replace, so a failed first install stays stuck`);
    return problems;
  }

  /** `helm upgrade --install` of one release with the stack's values (`--no-hooks` where asked). */
  deploy(release: Release, upgrade: boolean, allowFailure = false, extraArgs: readonly string[] = []): { status: number; output: string } {
    const valueFiles = release.values.map((v, i) => {
      const file = path.join(this.dir, `${release.id}-values-${i}.yaml`);
      fs.writeFileSync(file, v);
      return ["-f", file];
    });
    const verb = upgrade ? ["upgrade", "--no-hooks"] : ["install", "--no-hooks", ...(release.replace ? ["--replace"] : [])];
    return this.helm(
      [
        ...verb,
        release.name,
        ...chartArgs(release, this.stackDir),
        "-n",
        release.namespace,
        "--create-namespace",
        "--timeout",
        "60s",
        ...valueFiles.flat(),
        ...extraArgs,
      ],
      allowFailure,
    );
  }

  /** Every object of a release's manifest (as helm rendered it) and as the API server holds it. */
  async readBack(release: Release): Promise<{ key: string; rendered: K8sObject; stored?: K8sObject; problem?: string }[]> {
    const manifest = this.helm(["get", "manifest", release.name, "-n", release.namespace]).output;
    const out: { key: string; rendered: K8sObject; stored?: K8sObject; problem?: string }[] = [];
    for (const doc of parseAllDocuments(manifest)) {
      const obj = doc.toJS() as K8sObject | null;
      if (!obj?.kind) continue;
      const key = `${release.name}: ${obj.kind} ${obj.metadata.name}`;
      const base = obj.apiVersion.includes("/") ? `/apis/${obj.apiVersion}` : `/api/${obj.apiVersion}`;
      const discovery = await this.cluster.request("GET", base);
      const resource = (discovery.body?.resources ?? []).find(
        (r: { kind: string; name: string }) => r.kind === obj.kind && !r.name.includes("/"),
      );
      if (!resource) {
        out.push({ key, rendered: obj, problem: `${obj.apiVersion} ${obj.kind} is not served by the API server` });
        continue;
      }
      const ns = resource.namespaced ? `/namespaces/${obj.metadata.namespace ?? release.namespace}` : "";
      const got = await this.cluster.request("GET", `${base}${ns}/${resource.name}/${obj.metadata.name}`);
      out.push(got.status === 200 ? { key, rendered: obj, stored: got.body } : { key, rendered: obj, problem: `GET ${got.status}` });
    }
    return out;
  }

  /**
   * Every object a release created, read back: the API server accepted it, and for the project's own
   * objects (the manifests chart) pruned no field of its spec: a custom resource's unknown field would
   * be dropped silently. Upstream charts' objects only need to exist.
   */
  async checkObjects(release: Release): Promise<string[]> {
    return (await this.readBack(release)).flatMap(({ key, rendered, stored, problem }) => {
      if (problem) return [`${key}: ${problem}`];
      if (!release.repository && rendered.spec !== undefined && !containedIn(rendered.spec, stored!.spec)) {
        return [`${key}: the API server changed or pruned its spec`];
      }
      return [];
    });
  }

  /**
   * A release of the project's local charts renders exactly the objects the stack put in its values: one
   * document each, every field as written (`helm get manifest` is Helm's own rendering, in Helm's install
   * order by kind, so objects are matched by kind, namespace and name). A lost document separator, or a
   * template that drops or rewrites a field, shows here and nowhere else.
   */
  renderedAsMeant(release: Release): string[] {
    if (release.repository) return [];
    const key = (o: K8sObject) => `${o.kind} ${o.metadata.namespace ?? ""}/${o.metadata.name}`;
    const meant = release.values.flatMap((v) => (parse(v) as { manifests?: K8sObject[] } | null)?.manifests ?? []);
    const manifest = this.helm(["get", "manifest", release.name, "-n", release.namespace]).output;
    const rendered = new Map(
      parseAllDocuments(manifest)
        .map((doc) => doc.toJS() as K8sObject | null)
        .filter((obj): obj is K8sObject => Boolean(obj))
        .map((obj) => [key(obj), obj]),
    );
    const problems = meant.flatMap((obj) => {
      const got = rendered.get(key(obj));
      rendered.delete(key(obj));
      if (!got) return [`${release.name}: ${key(obj)} was not rendered`];
      return isDeepStrictEqual(got, obj) ? [] : [`${release.name}: ${key(obj)} rendered otherwise than written`];
    });
    return [...problems, ...[...rendered.keys()].map((k) => `${release.name}: ${k} rendered but not written`)];
  }

  /**
   * What Helm read from the release's values (`helm get values -o json`) equals what the project meant
   * (the values parsed as YAML 1.2, later files over earlier ones): Helm's YAML 1.1 parser would read
   * an unquoted `on` or `n` as a boolean.
   */
  helmReadValues(release: Release): string[] {
    const merge = (a: any, b: any): any =>
      a && b && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)
        ? Object.fromEntries([...new Set([...Object.keys(a), ...Object.keys(b)])].map((k) => [k, k in b ? merge(a[k], b[k]) : a[k]]))
        : b;
    const meant = release.values.map((v) => parse(v)).reduce(merge, {});
    const read = JSON.parse(this.helm(["get", "values", release.name, "-n", release.namespace, "-o", "json"]).output || "{}") ?? {};
    return isDeepStrictEqual(read, meant) ? [] : [`${release.name}: Helm read other values than the stack wrote`];
  }

  /** resourceVersion and uid of every object of the installed releases, by object. */
  async versions(): Promise<Map<string, { resourceVersion: string; uid: string }>> {
    const map = new Map<string, { resourceVersion: string; uid: string }>();
    for (const release of this.installed) {
      for (const { key, stored } of await this.readBack(release)) {
        if (stored) map.set(key, { resourceVersion: stored.metadata.resourceVersion!, uid: stored.metadata.uid! });
      }
    }
    return map;
  }

  async stop(): Promise<void> {
    await this.cluster?.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** StatefulSet and container of each component whose resources the stack sets, by chart. */
const RESOURCE_TARGETS: Record<string, [component: string, statefulSetSuffix: string, container: string][]> = {
  postgresql: [
    ["primary", "-primary", "postgresql"],
    ["readReplicas", "-read", "postgresql"],
    ["metrics", "-primary", "metrics"],
    ["metrics", "-read", "metrics"],
  ],
  redis: [
    ["master", "-master", "redis"],
    ["replica", "-replicas", "redis"],
    ["metrics", "-master", "metrics"],
    ["metrics", "-replicas", "metrics"],
  ],
};

/** Differences between the resources a database release's values set and its StatefulSets' containers. */
function databaseResourceProblems(release: Release, objects: { key: string; stored?: K8sObject }[]): string[] {
  const values = parse(release.values[0]);
  const problems: string[] = [];
  for (const [component, suffix, containerName] of RESOURCE_TARGETS[release.chart]) {
    if (!values[component]) continue; // e.g. Redis replicas with standalone
    // A side written as null is one the chart's default must not fill in: the container has none.
    const written = values[component].resources;
    const want = written && Object.fromEntries(Object.entries(written).filter(([, v]) => v !== null));
    if (!want) {
      problems.push(`${release.name}: the values set no resources for ${component}, so the chart's preset applies`);
      continue;
    }
    const set = objects.find((o) => o.key === `${release.name}: StatefulSet ${values.fullnameOverride}${suffix}`)?.stored;
    if (!set && component === "metrics") continue; // e.g. Redis metrics of replicas with standalone
    const container = set?.spec?.template?.spec?.containers?.find((c: { name: string }) => c.name === containerName);
    if (!container) problems.push(`${release.name}: no container ${containerName} in StatefulSet ${values.fullnameOverride}${suffix}`);
    else if (!isDeepStrictEqual(container.resources, want)) {
      problems.push(
        `${release.name}: ${component} runs with ${JSON.stringify(container.resources)}, the stack set ${JSON.stringify(want)}`,
      );
    }
  }
  return problems;
}

/** Whether every field of `want` is in `got` with the same value (the server may add defaults). */
function containedIn(want: unknown, got: unknown): boolean {
  if (Array.isArray(want)) return Array.isArray(got) && want.length === got.length && want.every((w, i) => containedIn(w, got[i]));
  if (want && typeof want === "object") {
    return !!got && typeof got === "object" && Object.entries(want).every(([k, v]) => containedIn(v, (got as Record<string, unknown>)[k]));
  }
  return want === got;
}

/** The k3s stack's releases on a real API server, with config `configName` (a file of config/). */
export function k3sReleaseScenarios(configName: "default" | "guide"): Scenario[] {
  const run = new ReleaseRun();
  const configFile = path.join(CONFIG_DIR, `${configName}.yaml`);
  const label = `config/${configName}.yaml`;
  return [
    {
      name: `3a k3s releases (${label}): installed in one pass on an empty API server, values read as written, custom resources accepted`,
      async run() {
        run.cluster = await KubeCluster.start();
        for (const node of clusterNodes(configFile)) await run.cluster.addNode(node);
        run.synth(configFile);
        await run.createNamespacesAndSecrets();
        const problems: string[] = [];
        for (const release of releasesInOrder(run.stack)) {
          if (release.chart === "longhorn") problems.push(...run.failedInstallIsRetried(release));
          run.deploy(release, false);
          run.installed.push(release);
          if (release.name === "system-upgrade-controller") problems.push(...(await run.controllerAppliesPlanCrd()));
          problems.push(...run.helmReadValues(release), ...run.renderedAsMeant(release), ...(await run.checkObjects(release)));
        }
        // Part 2 of the guide: everything that the stack installs before Longhorn's UI route and the databases.
        for (const name of ["prometheus-operator-crds", "traefik", "traefik-middlewares", "cert-manager", "kured", "k3s-upgrade-plans"]) {
          if (!run.installed.some((r) => r.name === name)) problems.push(`release ${name} is not part of the stack`);
        }
        // Every database container runs with the requests and limits the stack set (never a chart preset).
        for (const release of run.installed.filter((r) => r.repository && (r.chart === "postgresql" || r.chart === "redis"))) {
          problems.push(...databaseResourceProblems(release, await run.readBack(release)));
        }
        // Longhorn's settings as the chart hands them to longhorn-manager: the dump volume, attached only
        // while its CronJob runs, is backed up by the recurring jobs (README, "Dumps").
        const longhorn = run.installed.find((r) => r.repository && r.chart === "longhorn");
        const settings = longhorn && (await run.readBack(longhorn)).find((o) => o.key.endsWith("ConfigMap longhorn-default-setting"));
        const settingsText = String(settings?.stored?.data?.["default-setting.yaml"] ?? "");
        // From Longhorn 1.8 a declared storageReserved of 0 means this percentage of the disk: 0 keeps it 0.
        const reservedPercentage =
          longhorn && Number(longhorn.version!.split(".")[1]) >= 8 ? ['storage-reserved-percentage-for-default-disk: "0"'] : [];
        for (const line of [
          "allow-recurring-job-while-volume-detached: true",
          "create-default-disk-labeled-nodes: true",
          ...reservedPercentage,
        ]) {
          if (!settingsText.includes(line)) problems.push(`Longhorn's default settings lack "${line}":\n${settingsText}`);
        }
        if (problems.length) throw new Error(problems.join("\n"));
        run.complete = true;
      },
    },
    {
      name: `3b k3s releases (${label}): upgrading with unchanged values changes nothing`,
      async run() {
        run.requireComplete();
        const before = await run.versions();
        for (const release of run.installed) run.deploy(release, true);
        const after = await run.versions();
        const changed = [...before].filter(([key, v]) => after.get(key)?.resourceVersion !== v.resourceVersion).map(([key]) => key);
        if (changed.length) throw new Error(`objects changed by an upgrade with the same values:\n  ${changed.join("\n  ")}`);
        if (after.size !== before.size || before.size === 0)
          throw new Error(`${before.size} objects before the upgrade, ${after.size} after`);
      },
    },
    {
      name: `3d k3s releases (${label}): a RecurringJob's retain, the UI host and the k3s version of the upgrade Plans change in place; the PostgreSQL volume size is refused`,
      async run() {
        run.requireComplete();
        const changed = writeConfig(
          editedConfig((raw) => {
            raw.longhorn.recurringJobs[0].retain += 1;
            // A name YAML 1.1 reads as a boolean unless quoted: Helm must still hand the API server the string.
            raw.longhorn.recurringJobs.push({
              name: "on",
              cron: "0 3 * * *",
              task: "snapshot",
              retain: 1,
              concurrency: 1,
              groups: ["default"],
            });
            raw.longhorn.ui.subdomain = "storage-ui";
            // README, "Upgrading k3s": the Plans take the new version, validated by the controller's CRD.
            raw.hcloud.k3s.version = "v1.36.5+k3s1";
            raw.databases.postgresql.volumeSize = "20Gi";
          }, configName),
        );
        run.synth(changed);
        const before = await run.versions();
        const config = loadConfigFile(changed);
        const postgres = config.databases?.postgresql?.releaseName;
        const problems: string[] = [];
        for (const release of releasesInOrder(run.stack)) {
          const r = run.deploy(release, true, true);
          if (release.name === postgres) {
            // README, "Databases": the volume size of a StatefulSet's claim template cannot change by upgrade.
            if (r.status === 0 || !/StatefulSet.*Forbidden: updates to statefulset spec for fields other than/s.test(r.output)) {
              problems.push(`${release.name}: expected the API server to refuse the new volume size, got:\n${r.output.slice(-1500)}`);
            }
          } else if (r.status !== 0) problems.push(`${release.name}: upgrade failed:\n${r.output.slice(-1500)}`);
          else problems.push(...(await run.checkObjects(release)));
        }
        // The new values reached the API server, in place: same objects (uid), new content.
        const job = config.longhorn.recurringJobs[0];
        const stored = new Map<string, K8sObject>();
        for (const release of run.installed) for (const o of await run.readBack(release)) if (o.stored) stored.set(o.key, o.stored);
        const recurring = [...stored].find(([key]) => key.endsWith(`: RecurringJob ${job.name}`));
        if (recurring?.[1].spec?.retain !== job.retain)
          problems.push(`RecurringJob ${job.name}: retain ${recurring?.[1].spec?.retain}, expected ${job.retain}`);
        // The Longhorn UI's route (Traefik's release has its dashboard's).
        const route = [...stored].find(([key]) => key.endsWith(": IngressRoute longhorn"));
        if (!JSON.stringify(route?.[1].spec ?? {}).includes(`storage-ui.${config.cluster.domain}`))
          problems.push("the IngressRoute does not match the new host");
        const plans = [...stored].filter(([key]) => / Plan /.test(key));
        if (plans.length !== 2 || plans.some(([, p]) => p.spec?.version !== "v1.36.5+k3s1"))
          problems.push(`the upgrade Plans do not carry the new k3s version: ${JSON.stringify(plans.map(([, p]) => p.spec?.version))}`);
        for (const entry of [recurring, route, ...plans]) {
          if (!entry) problems.push("an object to check is missing");
          else if (entry[1].metadata.uid !== before.get(entry[0])?.uid)
            problems.push(`${entry[0]}: replaced (uid changed), not changed in place`);
        }
        if (problems.length) throw new Error(problems.join("\n"));
      },
    },
    {
      name: `3e k3s releases (${label}): every release uninstalls, in reverse order`,
      async run() {
        try {
          for (const release of [...run.installed].reverse()) run.helm(["uninstall", release.name, "-n", release.namespace, "--no-hooks"]);
          const left = run.helm(["list", "-A", "-q"]).output.trim();
          if (left) throw new Error(`releases left: ${left}`);
        } finally {
          await run.stop();
        }
      },
    },
  ];
}
