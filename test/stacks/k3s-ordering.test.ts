import { Testing } from "cdktf";
import { K3sStack } from "../../stacks/k3s-stack";
import { parseConfig } from "../../src/config/load-config";
import { PlatformConfig } from "../../src/config/schema";
import { editedConfig, loadRepoConfig } from "../config/fixtures";

/*
 * What waits for what in the k3s stack, as README promises it ("How the k3s stack works", "Databases"),
 * asserted on the synthesized JSON rather than snapshotted. Terraform orders a resource after everything in
 * its depends_on and everything it references (`${type.name...}`); `after(a, b)` follows both, transitively.
 */
type Resources = Record<string, Record<string, Record<string, unknown>>>;

/** Every resource's address, `type.id`. */
function addressesOf(resources: Resources): string[] {
  return Object.entries(resources).flatMap(([type, byId]) => Object.keys(byId).map((id) => `${type}.${id}`));
}

function graph(resources: Resources): Map<string, Set<string>> {
  const addresses = addressesOf(resources);
  const edges = new Map<string, Set<string>>();
  for (const [type, byId] of Object.entries(resources)) {
    for (const [id, resource] of Object.entries(byId)) {
      const text = JSON.stringify(resource);
      const deps = new Set<string>((resource.depends_on as string[] | undefined) ?? []);
      for (const other of addresses) if (text.includes(`\${${other}.`)) deps.add(other);
      edges.set(`${type}.${id}`, deps);
    }
  }
  return edges;
}

describe.each(["default", "guide"] as const)("k3s stack ordering with config/%s.yaml", (name) => {
  const config = loadRepoConfig(name);
  const resources = (JSON.parse(Testing.synth(new K3sStack(Testing.app(), "k3s", { config }))) as { resource: Resources }).resource;
  const edges = graph(resources);

  /** The address of the one resource of `type` whose name (or metadata name) is `named`. */
  const the = (type: string, named: string): string => {
    const found = Object.entries(resources[type] ?? {}).filter(
      ([, r]) => r.name === named || (r.metadata as { name?: string } | undefined)?.name === named,
    );
    if (found.length !== 1) throw new Error(`expected one ${type} named ${named}, found ${found.length}`);
    return `${type}.${found[0][0]}`;
  };
  const all = (type: string): string[] => Object.keys(resources[type] ?? {}).map((id) => `${type}.${id}`);
  const release = (named: string) => the("helm_release", named);

  /** Whether `later` waits for `earlier`, directly or through others. */
  const waitsFor = (later: string, earlier: string): boolean => {
    const seen = new Set<string>();
    const stack = [later];
    while (stack.length) {
      for (const dep of edges.get(stack.pop()!) ?? []) {
        if (dep === earlier) return true;
        if (!seen.has(dep)) stack.push(...(seen.add(dep), [dep]));
      }
    }
    return false;
  };
  const expectOrder = (later: string[], earlier: string[]) => {
    const missing = later.flatMap((l) => earlier.filter((e) => !waitsFor(l, e)).map((e) => `${l} does not wait for ${e}`));
    expect(missing).toEqual([]);
  };

  it("labels and annotates the storage nodes only once they registered, and starts Longhorn only after", () => {
    const nodeMetadata = [...all("kubernetes_labels"), ...all("kubernetes_annotations")];
    expect(nodeMetadata.length).toBeGreaterThanOrEqual(3);
    expectOrder(nodeMetadata, all("terraform_data"));
    expectOrder(
      [release("longhorn")],
      [...all("kubernetes_annotations"), ...all("kubernetes_labels").filter((l) => l.includes("LonghornStorageNodes"))],
    );
  });

  it("creates what needs Longhorn's CRDs or classes after Longhorn: the fast class, the jobs, the UI, its metrics, the databases, the dump claim", () => {
    const afterLonghorn = [
      the("kubernetes_storage_class_v1", config.longhorn.storageClass.name),
      release("longhorn-recurring-jobs"),
      release("longhorn-ingress"),
      release("longhorn-metrics"),
      release("postgresql"),
      release("redis"),
      the("kubernetes_persistent_volume_claim_v1", "postgresql-dumps"),
    ];
    expectOrder(afterLonghorn, [release("longhorn")]);
  });

  it("installs every release that creates a ServiceMonitor after the prometheus-operator CRDs", () => {
    expectOrder(["traefik", "cert-manager", "kured", "longhorn-metrics", "postgresql", "redis"].map(release), [
      release("prometheus-operator-crds"),
    ]);
  });

  it("puts the databases on their nodes and class: after the node roles and the fast StorageClass; the dumps after PostgreSQL", () => {
    expectOrder(
      [release("postgresql"), release("redis")],
      [
        ...all("kubernetes_labels").filter((l) => l.includes("DatabaseNodeRoles")),
        the("kubernetes_storage_class_v1", config.longhorn.storageClass.name),
      ],
    );
    expectOrder([release("postgresql-dump")], [release("postgresql"), the("kubernetes_persistent_volume_claim_v1", "postgresql-dumps")]);
  });

  it("orders part 2: middlewares after Traefik, the UI route after the middlewares, issuer after cert-manager, certificate after issuer, Plans after the controller", () => {
    expectOrder([release("traefik-middlewares")], [release("traefik")]);
    expectOrder([release("longhorn-ingress")], [release("traefik-middlewares")]);
    const issuer = `letsencrypt-${config.certManager!.acme.environment}`;
    expectOrder([release(issuer)], [release("cert-manager")]);
    expectOrder([release("default-certificate")], [release(issuer)]);
    expectOrder([release("k3s-upgrade-plans")], [release("system-upgrade-controller")]);
  });
});

describe("every depends_on of the k3s stack names a resource of the stack, once", () => {
  const variants: [string, PlatformConfig][] = [
    ["config/default.yaml", loadRepoConfig("default")],
    ["config/guide.yaml", loadRepoConfig("guide")],
    [
      "default.yaml without the monitoring CRDs, Traefik and cert-manager",
      parseConfig(
        editedConfig((raw) => {
          raw.monitoring.prometheusOperatorCrds = { enabled: false };
          raw.traefik.enabled = false;
          raw.certManager.enabled = false;
        }),
      ),
    ],
  ];
  it.each(variants)("%s", (_name, config) => {
    const resources = (JSON.parse(Testing.synth(new K3sStack(Testing.app(), "k3s", { config }))) as { resource: Resources }).resource;
    const addresses = new Set(addressesOf(resources));
    const wrong = Object.entries(resources).flatMap(([type, byId]) =>
      Object.entries(byId).flatMap(([id, r]) => {
        const deps = (r.depends_on as string[] | undefined) ?? [];
        return deps.filter((d, i) => !addresses.has(d) || deps.indexOf(d) !== i).map((d) => `${type}.${id} -> ${d}`);
      }),
    );
    expect(wrong).toEqual([]);
  });
});
