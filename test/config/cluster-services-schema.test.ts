import { configIssues } from "./fixtures";

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

  it("says when no pool has a load balancer for Traefik", () => {
    expect(configIssues((c) => delete c.hcloud.nodePools[0].loadBalancer)).toEqual([
      'traefik.loadBalancerPool: must name a pool of hcloud.nodePools with a loadBalancer (none has one) (got "worker")',
    ]);
  });
});
