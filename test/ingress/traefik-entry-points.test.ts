import { parse } from "yaml";
import { Traefik } from "../../src/ingress/traefik";
import { K3S_POD_CIDR, TRAEFIK_ENTRY_POINTS, traefikLoadBalancerServices } from "../../src/ingress/traefik-entry-points";
import { onlyResource, synthScope } from "../helpers";

describe("Traefik entry points", () => {
  it("listens on 80 (web) and 443 (websecure)", () => {
    expect(TRAEFIK_ENTRY_POINTS).toEqual({ web: { exposedPort: 80 }, websecure: { exposedPort: 443 } });
  });

  it("forwards TCP 80 and 443, the PROXY protocol on 443 only when on", () => {
    expect(traefikLoadBalancerServices(true)).toEqual([
      { protocol: "tcp", listenPort: 80, destinationPort: 80, proxyprotocol: false },
      { protocol: "tcp", listenPort: 443, destinationPort: 443, proxyprotocol: true },
    ]);
    expect(traefikLoadBalancerServices(false)).toEqual([
      { protocol: "tcp", listenPort: 80, destinationPort: 80, proxyprotocol: false },
      { protocol: "tcp", listenPort: 443, destinationPort: 443, proxyprotocol: false },
    ]);
  });

  it("returns a new list on each call", () => {
    const first = traefikLoadBalancerServices(true);
    first.pop();
    expect(traefikLoadBalancerServices(true)).toHaveLength(2);
  });

  it("is k3s's default pod network", () => {
    expect(K3S_POD_CIDR).toBe("10.42.0.0/16");
  });

  it.each([true, false])("agrees with Traefik's ports when the PROXY protocol is %s", (proxyProtocol) => {
    const { parsed } = synthScope((scope) => new Traefik(scope, "Traefik", { trustedIps: ["10.0.0.0/16", K3S_POD_CIDR], proxyProtocol }));
    const ports = parse((onlyResource(parsed, "helm_release").values as string[])[0]).ports;
    const [web, websecure] = traefikLoadBalancerServices(proxyProtocol);
    expect(ports.web.exposedPort).toBe(web.destinationPort);
    expect(ports.websecure.exposedPort).toBe(websecure.destinationPort);
    expect("proxyProtocol" in ports.websecure).toBe(websecure.proxyprotocol);
    expect("proxyProtocol" in ports.web).toBe(web.proxyprotocol);
  });
});
