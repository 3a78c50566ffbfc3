/**
 * Traefik's public entry points and the load balancer services that reach them: the one source both
 * stacks read, so that what the hcloud stack's load balancer forwards and what Traefik listens for
 * agree by construction (guide, part 2: "Load balancer").
 *
 * k3s's servicelb publishes Traefik's LoadBalancer Service on every node at the Service ports below;
 * the Hetzner load balancer forwards its listen ports 80 and 443 there, over the private network.
 */
export const TRAEFIK_ENTRY_POINTS = {
  /** Plain HTTP, redirected to `websecure`. */
  web: { exposedPort: 80 },
  /** HTTPS, with the PROXY protocol from the load balancer when it is on. */
  websecure: { exposedPort: 443 },
} as const;

/** A service of a Hetzner load balancer, as `hcloud.nodePools[].loadBalancer.services` lists them. */
export interface LoadBalancerServiceSpec {
  readonly protocol: "tcp" | "http";
  readonly listenPort: number;
  readonly destinationPort: number;
  readonly proxyprotocol: boolean;
}

/**
 * The load balancer services in front of Traefik: TCP 80 and 443 (TLS ends at Traefik), the PROXY
 * protocol on 443 when `proxyProtocol` is on, so that Traefik sees the clients' addresses.
 */
export function traefikLoadBalancerServices(proxyProtocol: boolean): LoadBalancerServiceSpec[] {
  return [
    { protocol: "tcp", listenPort: 80, destinationPort: TRAEFIK_ENTRY_POINTS.web.exposedPort, proxyprotocol: false },
    { protocol: "tcp", listenPort: 443, destinationPort: TRAEFIK_ENTRY_POINTS.websecure.exposedPort, proxyprotocol: proxyProtocol },
  ];
}

/**
 * k3s's default pod network (`cluster-cidr`; the platform uses `hcloud.k3s.clusterCidr`, this by
 * default: pass that when the cluster has another). Traffic from the
 * load balancer reaches Traefik through k3s's servicelb, whose pod forwards it: Traefik sees a
 * source address in this range, so the PROXY protocol and forwarded headers are trusted from it and
 * from the private network, and from nowhere else.
 */
export const K3S_POD_CIDR = "10.42.0.0/16";
