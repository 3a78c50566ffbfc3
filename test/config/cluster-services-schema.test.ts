import { hcloudWithIngress } from "../../src/config/cluster-services-schema";
import { parseConfig } from "../../src/config/load-config";
import { configIssues, editedConfig } from "./fixtures";

describe("rules across the cluster services' sections", () => {
  it.each<[string, "tcp" | "udp", boolean]>([
    ["443", "tcp", false],
    ["80", "tcp", false],
    ["79-80", "tcp", false],
    ["443-443", "tcp", false],
    ["1-79", "tcp", true],
    ["81-442", "tcp", true],
    ["444-1000", "tcp", true],
    ["443", "udp", true],
  ])("a worker firewall rule for %s/%s may stay open beside Traefik: %p", (port, protocol, accepted) => {
    const issues = configIssues((c) => (c.hcloud.firewall = { workerInbound: [{ protocol, port }] }));
    expect(issues.map((i) => i.split(": ")[0])).toEqual(accepted ? [] : ["hcloud.firewall.workerInbound[0].port"]);
    if (!accepted)
      expect(issues[0]).toMatch(/^hcloud\.firewall\.workerInbound\[0\]\.port: must not open Traefik's port (80|443) on the nodes/);
  });

  it.each(["ipAllowList", "basicAuth"])("checks the namespace of the UI's %s middleware only while the UI is installed", (key) => {
    const wrongNamespace = (c: Record<string, any>) => (c.longhorn.ui[key].existing.namespace = "ingress");
    expect(configIssues(wrongNamespace)).toEqual([
      expect.stringMatching(new RegExp(`^longhorn\\.ui\\.${key}\\.existing\\.namespace: must be traefik\\.namespace \\('traefik'\\)`)),
    ]);
    expect(
      configIssues((c) => {
        wrongNamespace(c);
        c.longhorn.ui.enabled = false;
      }),
    ).toEqual([]);
  });

  it("leaves a middleware the stack does not create to its own namespace", () => {
    expect(configIssues((c) => (c.longhorn.ui.ipAllowList.existing = { name: "office-only", namespace: "ingress" }))).toEqual([]);
  });

  it("finds Traefik's pool by name, wherever it is in the list (here the storage pool comes first)", () => {
    const ingressLast = (c: Record<string, any>) => {
      c.hcloud.nodePools.reverse();
      c.hcloud.ssh.port = 443;
      c.hcloud.nodePools.find((p: { name: string }) => p.name === "worker").loadBalancer.services = [
        { listenPort: 8080, destinationPort: 8080 },
      ];
    };
    expect(configIssues(ingressLast)).toEqual([
      expect.stringMatching(
        /^hcloud\.ssh\.port: must not be 80 or 443 while traefik\.enabled: Traefik's load balancer forwards those ports/,
      ),
    ]);
  });

  it("lists every pool with a load balancer when Traefik's has none", () => {
    expect(
      configIssues((c) => {
        c.traefik.loadBalancerPool = "storage";
        c.hcloud.nodePools.push({ name: "edge", serverType: "cx23", count: 1, loadBalancer: { type: "lb11" } });
      }),
    ).toEqual(['traefik.loadBalancerPool: must name a pool of hcloud.nodePools with a loadBalancer (worker, edge) (got "storage")']);
  });

  it("says when no pool has a load balancer for Traefik", () => {
    expect(configIssues((c) => delete c.hcloud.nodePools[0].loadBalancer)).toEqual([
      'traefik.loadBalancerPool: must name a pool of hcloud.nodePools with a loadBalancer (none has one) (got "worker")',
    ]);
  });

  it("gives Traefik's services to the load balancer of Traefik's pool alone", () => {
    const config = parseConfig(
      editedConfig((c) => c.hcloud.nodePools.push({ name: "edge", serverType: "cx23", count: 1, loadBalancer: { type: "lb11" } })),
    );
    const services = (name: string) =>
      hcloudWithIngress(config.hcloud, config.traefik).nodePools.find((p) => p.name === name)!.loadBalancer?.services;
    expect(services("worker")?.map((s) => s.listenPort)).toEqual([80, 443]);
    expect(services("edge")).toBeUndefined();
    expect(services("storage")).toBeUndefined();
    expect(hcloudWithIngress(config.hcloud, { ...config.traefik!, enabled: false })).toBe(config.hcloud);
  });
});
