import { Testing } from "cdktf";
import { parse } from "yaml";
import { parseConfig } from "../../src/config/load-config";
import { HcloudStack } from "../../stacks/hcloud-stack";
import { K3sStack } from "../../stacks/k3s-stack";
import { editedConfig, loadRepoConfig } from "../config/fixtures";
import { SynthesizedStack, resourcesOf } from "../helpers";

// Part 2 of the guide in the k3s stack: what goes in, in which order, and how the hcloud stack's
// load balancer follows Traefik's settings.

function synthK3s(raw: Record<string, any>): SynthesizedStack {
  const stack = new K3sStack(Testing.app(), "k3s", { config: parseConfig(raw, "test.yaml") });
  return JSON.parse(Testing.synth(stack));
}

function synthHcloud(raw: Record<string, any>): SynthesizedStack {
  const stack = new HcloudStack(Testing.app(), "hcloud", { config: parseConfig(raw, "test.yaml") });
  return JSON.parse(Testing.synth(stack));
}

/** `helm_release.<id>` of the release named `name`. */
function ref(parsed: SynthesizedStack, name: string): string {
  const entry = Object.entries(resourcesOf(parsed, "helm_release")).find(([, r]) => r.name === name);
  if (!entry) throw new Error(`no helm_release named ${name}`);
  return `helm_release.${entry[0]}`;
}

/** The logical id of the Traefik namespace resource. */
function traefikNamespaceId(parsed: SynthesizedStack): string {
  const entry = Object.entries(resourcesOf(parsed, "kubernetes_namespace_v1")).find(([, n]) => (n.metadata as any).name === "traefik");
  if (!entry) throw new Error("no traefik namespace");
  return entry[0];
}

function release(parsed: SynthesizedStack, name: string): Record<string, any> {
  return Object.values(resourcesOf(parsed, "helm_release")).find((r) => r.name === name)!;
}

const names = (parsed: SynthesizedStack) =>
  Object.values(resourcesOf(parsed, "helm_release"))
    .map((r) => r.name as string)
    .sort();

describe.each(["default", "guide"] as const)("part 2 of the guide with config/%s.yaml", (configName) => {
  const raw = editedConfig(() => {}, configName);
  const parsed = synthK3s(raw);
  const config = loadRepoConfig(configName);

  it("installs every service of part 2", () => {
    expect(names(parsed)).toEqual(
      expect.arrayContaining([
        "prometheus-operator-crds",
        "traefik",
        "traefik-middlewares",
        "cert-manager",
        "letsencrypt-production",
        "default-certificate",
        "kured",
        "system-upgrade-controller",
        "k3s-upgrade-plans",
      ]),
    );
  });

  it("orders every custom resource after the release that brings its CRD", () => {
    const after = (name: string, first: string) => expect(release(parsed, name).depends_on).toContain(ref(parsed, first));
    after("traefik-middlewares", "traefik");
    after("longhorn-ingress", "traefik-middlewares");
    after("letsencrypt-production", "cert-manager");
    after("default-certificate", "letsencrypt-production");
    after("k3s-upgrade-plans", "system-upgrade-controller");
    // Every release that creates a ServiceMonitor.
    for (const name of ["traefik", "cert-manager", "kured", "longhorn-metrics", "postgresql", "redis"])
      after(name, "prometheus-operator-crds");
    // The certificate goes into Traefik's namespace, after Traefik's release (itself after the namespace).
    after("default-certificate", "traefik");
    expect(release(parsed, "traefik").namespace).toBe(`\${kubernetes_namespace_v1.${traefikNamespaceId(parsed)}.metadata[0].name}`);
  });

  it("configures Traefik as part 2 does, trusting client addresses only from the private and pod networks", () => {
    const values = parse(release(parsed, "traefik").values[0]);
    const trusted = [config.hcloud.networkIpRange, "10.42.0.0/16"];
    expect(values.ports.websecure).toEqual({
      exposedPort: 443,
      forwardedHeaders: { trustedIPs: trusted },
      proxyProtocol: { trustedIPs: trusted },
    });
    expect(values.ports.web).toEqual({
      exposedPort: 80,
      http: { redirections: { entryPoint: { to: "websecure", scheme: "https", permanent: true } } },
    });
    expect(values.providers.kubernetesCRD.allowCrossNamespace).toBe(true);
    expect(values.accessLog).toEqual({ enabled: true });
    expect(values.tlsStore).toEqual({ default: { defaultCertificate: { secretName: "tls-cert" } } });
    expect(values.ingressRoute.dashboard).toEqual({
      enabled: true,
      matchRule: "Host(`traefik.kube.rocks`)",
      entryPoints: ["websecure"],
      middlewares: [
        { name: "middleware-ip", namespace: "traefik" },
        { name: "middleware-auth", namespace: "traefik" },
      ],
    });
    expect(values.metrics.prometheus.serviceMonitor).toEqual({ enabled: true });
  });

  it("issues the wildcard certificate that Traefik serves by default", () => {
    const certificate = parse(release(parsed, "default-certificate").values[0]).manifests[0];
    expect(certificate.metadata).toEqual({ name: "default-certificate", namespace: "traefik" });
    expect(certificate.spec).toMatchObject({
      dnsNames: ["kube.rocks", "*.kube.rocks"],
      secretName: "tls-cert",
      issuerRef: { kind: "ClusterIssuer", name: "letsencrypt-production" },
    });
  });

  it("keeps the DNS token and the htpasswd users in sensitive variables, read only by Secrets", () => {
    for (const name of ["dns_api_token", "middleware_auth_htpasswd"]) {
      expect(parsed.variable![name]).toMatchObject({ type: "string", sensitive: true, nullable: false });
    }
    const secrets = Object.values(resourcesOf(parsed, "kubernetes_secret_v1")).map((s) => s.data);
    expect(secrets).toEqual(
      expect.arrayContaining([{ "api-token": "${var.dns_api_token}" }, { users: "${var.middleware_auth_htpasswd}" }]),
    );
    const allValues = Object.values(resourcesOf(parsed, "helm_release")).flatMap((r) => r.values ?? []);
    expect(allValues.join("\n")).not.toMatch(/var\.(dns_api_token|middleware_auth_htpasswd)/);
  });

  it("upgrades k3s to the version pinned in hcloud.k3s.version, servers first", () => {
    const plans = parse(release(parsed, "k3s-upgrade-plans").values[0]).manifests;
    expect(plans.map((p: any) => [p.metadata.name, p.spec.version, p.spec.concurrency, p.spec.cordon])).toEqual([
      ["server-plan", config.hcloud.k3s.version, 1, true],
      ["agent-plan", config.hcloud.k3s.version, 1, true],
    ]);
    expect(plans[1].spec.prepare).toEqual({ image: "rancher/k3s-upgrade", args: ["prepare", "server-plan"] });
    expect(plans[0].spec).not.toHaveProperty("channel");
  });

  it("reboots with kured, tolerating every taint", () => {
    const values = parse(release(parsed, "kured").values[0]);
    expect(values.tolerations).toEqual([{ operator: "Exists" }]);
    expect(values.configuration.period).toBe(config.kured!.period);
    expect(values.metrics).toEqual({ create: true });
  });
});

describe("part 2 of the guide: options", () => {
  it("bumping hcloud.k3s.version changes the Plans and nothing else in the k3s stack", () => {
    const before = synthK3s(editedConfig(() => {}));
    const after = synthK3s(editedConfig((raw) => (raw.hcloud.k3s.version = "v1.36.5+k3s1")));
    const differing = Object.keys(resourcesOf(before, "helm_release")).filter(
      (id) => JSON.stringify(resourcesOf(before, "helm_release")[id]) !== JSON.stringify(resourcesOf(after, "helm_release")[id]),
    );
    expect(differing).toEqual([expect.stringMatching(/^K3sUpgradePlans_/)]);
    expect(parse(release(after, "k3s-upgrade-plans").values[0]).manifests[0].spec.version).toBe("v1.36.5+k3s1");
  });

  it.each([
    ["traefik", ["traefik", "traefik-middlewares"]],
    ["kured", ["kured"]],
    ["upgrades", ["system-upgrade-controller", "k3s-upgrade-plans"]],
  ])("%s.enabled: false installs none of its releases", (section, releases) => {
    const parsed = synthK3s(
      editedConfig((raw) => {
        raw[section].enabled = false;
        if (section === "traefik") raw.certManager.enabled = false;
      }),
    );
    for (const name of releases) expect(names(parsed)).not.toContain(name);
  });

  it("a config without the traefik, certManager, kured and upgrades sections installs none of their releases", () => {
    const parsed = synthK3s(
      editedConfig((raw) => ["traefik", "certManager", "kured", "upgrades"].forEach((section) => delete raw[section])),
    );
    expect(names(parsed)).toContain("longhorn");
    for (const name of ["traefik", "traefik-middlewares", "cert-manager", "kured", "system-upgrade-controller", "k3s-upgrade-plans"]) {
      expect(names(parsed)).not.toContain(name);
    }
  });

  it("installs the versions the config names", () => {
    const parsed = synthK3s(
      editedConfig((raw) => {
        raw.monitoring.prometheusOperatorCrds = { chartVersion: "20.0.0" };
        raw.upgrades.controllerVersion = "v0.14.0";
      }),
    );
    expect(release(parsed, "prometheus-operator-crds").version).toBe("20.0.0");
    const controller = parse(release(parsed, "system-upgrade-controller").values[0]).manifests.find((m: any) => m.kind === "Deployment");
    expect(controller.spec.template.spec.containers[0].image).toBe("rancher/system-upgrade-controller:v0.14.0");
  });

  it("certManager.enabled: false leaves Traefik on its own certificate", () => {
    const parsed = synthK3s(editedConfig((raw) => (raw.certManager.enabled = false)));
    expect(names(parsed)).not.toContain("cert-manager");
    expect(parse(release(parsed, "traefik").values[0])).not.toHaveProperty("tlsStore");
    expect(parsed.variable).not.toHaveProperty("dns_api_token");
  });

  it("staging issues from Let's Encrypt's staging directory", () => {
    const parsed = synthK3s(editedConfig((raw) => (raw.certManager.acme.environment = "staging")));
    const issuer = parse(release(parsed, "letsencrypt-staging").values[0]).manifests[0];
    expect(issuer.spec.acme.server).toBe("https://acme-staging-v02.api.letsencrypt.org/directory");
    expect(parse(release(parsed, "default-certificate").values[0]).manifests[0].spec.issuerRef.name).toBe("letsencrypt-staging");
  });

  it("the hcloud load balancer of Traefik's pool forwards 80 and 443 as Traefik expects them, then the pool's own ports", () => {
    const services = (parsed: SynthesizedStack) =>
      Object.values(resourcesOf(parsed, "hcloud_load_balancer_service")).map((s) => [s.listen_port, s.destination_port, s.proxyprotocol]);
    expect(services(synthHcloud(editedConfig(() => {})))).toEqual([
      [443, 443, true],
      [80, 80, false],
    ]);
    const noProxy = synthHcloud(
      editedConfig((raw) => {
        raw.traefik.proxyProtocol = false;
        raw.hcloud.nodePools[0].loadBalancer.services = [{ listenPort: 8080, destinationPort: 30080 }];
      }),
    );
    expect(services(noProxy)).toEqual([
      [443, 443, false],
      [8080, 30080, false],
      [80, 80, false],
    ]);
    expect(
      parse(release(synthK3s(editedConfig((raw) => (raw.traefik.proxyProtocol = false))), "traefik").values[0]).ports.websecure,
    ).not.toHaveProperty("proxyProtocol");
  });

  it("outputs the ingress IPv4 for the DNS records", () => {
    const parsed = synthHcloud(editedConfig(() => {}));
    expect((parsed as any).output.ingress_ipv4.value).toMatch(
      /^\$\{hcloud_load_balancer\.Cluster_NodePool-worker_LoadBalancer_\w+\.ipv4\}$/,
    );
  });
});
