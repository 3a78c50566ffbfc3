import { z } from "zod";
import { ACME_EMAIL, LETS_ENCRYPT_ENVIRONMENT, LETS_ENCRYPT_ISSUER_DEFAULTS } from "../certificates/lets-encrypt-issuer";
import { CERT_MANAGER_DEFAULTS, CERT_MANAGER_RELEASES } from "../certificates/cert-manager";
import { WILDCARD_CERTIFICATE_DEFAULTS, WILDCARD_DOMAIN } from "../certificates/wildcard-certificate";
import { dnsLabel, dnsSubdomain } from "../validation";
import { SOURCE_RANGE } from "../ingress/protected-ingress-route";
import { TRAEFIK_DEFAULTS, TRAEFIK_RELEASES } from "../ingress/traefik";
import { traefikLoadBalancerServices } from "../ingress/traefik-entry-points";
import { TRAEFIK_MIDDLEWARES_DEFAULTS } from "../ingress/traefik-middlewares";
import { K3S_UPGRADE_PLANS_DEFAULTS, PLAN_CONCURRENCY } from "../maintenance/k3s-upgrade-plans";
import {
  KURED_DEFAULTS,
  KURED_PERIOD,
  KURED_RELEASES,
  REBOOT_DAYS,
  REBOOT_TIME,
  REBOOT_TIME_ZONE,
  REBOOT_WINDOW_DEFAULTS,
} from "../maintenance/kured";
import { SYSTEM_UPGRADE_CONTROLLER_DEFAULTS, SYSTEM_UPGRADE_CONTROLLER_RELEASES } from "../maintenance/system-upgrade-controller";
import { PROMETHEUS_OPERATOR_CRDS_DEFAULTS, PROMETHEUS_OPERATOR_CRDS_RELEASES } from "../monitoring/prometheus-operator-crds";
import { HcloudConfig } from "./hcloud-schema";

/*
 * The cluster services of part 2 of the guide, each a section of the platform config that the k3s
 * stack installs when present and enabled: Traefik with its middlewares and dashboard, cert-manager
 * with a Let's Encrypt wildcard certificate, kured, and the k3s upgrade Plans. Each default and each
 * rule of a value that a construct takes is the construct's own (its DEFAULTS object, its rule), so
 * that the config and the construct apply the same default and refuse a value in the same words.
 */

export const monitoringSchema = z
  .strictObject({
    serviceMonitors: z
      .boolean()
      .default(false)
      .describe("Create ServiceMonitors for every component that has metrics (a Prometheus then scrapes them)."),
    prometheusOperatorCrds: z
      .strictObject({
        enabled: z
          .boolean()
          .default(true)
          .describe("Install the CRDs with serviceMonitors on; false when another release (kube-prometheus-stack) brings them."),
        chartVersion: PROMETHEUS_OPERATOR_CRDS_RELEASES.schema()
          .default(PROMETHEUS_OPERATOR_CRDS_DEFAULTS.chartVersion)
          .describe("prometheus-operator-crds chart version."),
      })
      .prefault({})
      .describe("The prometheus-operator CRDs (ServiceMonitor, PodMonitor...), installed before anything that creates such objects."),
  })
  .prefault({})
  .describe("Prometheus integration.");

export const traefikSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe("Install Traefik."),
    chartVersion: TRAEFIK_RELEASES.schema()
      .default(TRAEFIK_DEFAULTS.chartVersion)
      .describe("Traefik Helm chart version (https://traefik.github.io/charts), Traefik v3."),
    namespace: dnsLabel()
      .default(TRAEFIK_DEFAULTS.namespace)
      .describe("Namespace of Traefik, its middlewares and the wildcard certificate."),
    loadBalancerPool: dnsLabel(20)
      .default("worker")
      .describe("hcloud node pool whose load balancer forwards 80 and 443 to Traefik (its services come from this section)."),
    proxyProtocol: z
      .boolean()
      .default(TRAEFIK_DEFAULTS.proxyProtocol)
      .describe(
        "PROXY protocol from the load balancer on 443, so that Traefik sees client addresses (trusted only from the private network and the pod network).",
      ),
    accessLogs: z.boolean().default(TRAEFIK_DEFAULTS.accessLogs).describe("Traefik access logs."),
    middlewares: z
      .strictObject({
        ipAllowList: SOURCE_RANGE.describe("Sources let through by middleware-ip, e.g. your public IP as x.x.x.x/32."),
      })
      .describe(
        "middleware-ip (this allow-list) and middleware-auth (users from the sensitive variable middleware_auth_htpasswd), in Traefik's namespace.",
      ),
    dashboard: z
      .strictObject({
        enabled: z.boolean().default(true).describe("Serve the Traefik dashboard, behind middleware-ip and middleware-auth."),
        subdomain: dnsLabel().default("traefik").describe("The dashboard is served at <subdomain>.<cluster.domain>."),
      })
      .prefault({})
      .describe("Traefik dashboard."),
  })
  .describe("Traefik, the ingress (part 2 of the guide).");

export const certManagerSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe("Install cert-manager and the wildcard certificate."),
    chartVersion: CERT_MANAGER_RELEASES.schema()
      .default(CERT_MANAGER_DEFAULTS.chartVersion)
      .describe("cert-manager Helm chart version (https://charts.jetstack.io)."),
    namespace: dnsLabel().default(CERT_MANAGER_DEFAULTS.namespace).describe("Namespace of cert-manager."),
    acme: z
      .strictObject({
        email: ACME_EMAIL.describe("ACME account e-mail (expiry notices)."),
        environment: LETS_ENCRYPT_ENVIRONMENT.default(LETS_ENCRYPT_ISSUER_DEFAULTS.environment).describe(
          "Let's Encrypt environment: staging for trials (untrusted certificates, no rate-limit worries).",
        ),
      })
      .describe("Let's Encrypt account. DNS-01 through Cloudflare: the API token is the sensitive variable dns_api_token."),
    certificate: z
      .strictObject({
        secretName: dnsSubdomain
          .default(WILDCARD_CERTIFICATE_DEFAULTS.secretName)
          .describe("Secret of the wildcard certificate, Traefik's default certificate."),
      })
      .prefault({})
      .describe("The wildcard certificate for <cluster.domain> and *.<cluster.domain>, in Traefik's namespace."),
  })
  .describe("cert-manager and a Let's Encrypt wildcard certificate (part 2 of the guide).");

export const kuredSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe("Install kured."),
    chartVersion: KURED_RELEASES.schema()
      .default(KURED_DEFAULTS.chartVersion)
      .describe("kured Helm chart version (https://kubereboot.github.io/charts)."),
    period: KURED_PERIOD.default(KURED_DEFAULTS.period).describe("How often each node checks whether it must reboot."),
    rebootWindow: z
      .strictObject({
        days: REBOOT_DAYS.describe("Days reboots may happen on (su, mo, tu, we, th, fr, sa)."),
        startTime: REBOOT_TIME.describe("Start, HH:MM."),
        endTime: REBOOT_TIME.describe("End, HH:MM."),
        timeZone: REBOOT_TIME_ZONE.default(REBOOT_WINDOW_DEFAULTS.timeZone).describe("IANA time zone of the times."),
      })
      .optional()
      .describe("When reboots may happen; unset: any time."),
  })
  .describe("kured: reboots nodes one at a time when their OS asks for it (part 2 of the guide).");

export const upgradesSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe("Install system-upgrade-controller and the k3s upgrade Plans."),
    controllerVersion: SYSTEM_UPGRADE_CONTROLLER_RELEASES.schema()
      .default(SYSTEM_UPGRADE_CONTROLLER_DEFAULTS.version)
      .describe("rancher/system-upgrade-controller release."),
    concurrency: PLAN_CONCURRENCY.default(K3S_UPGRADE_PLANS_DEFAULTS.concurrency).describe(
      "Agent nodes upgraded at the same time (control plane nodes go one at a time, for etcd's quorum).",
    ),
  })
  .describe("k3s upgrades by system-upgrade-controller, to hcloud.k3s.version (part 2 of the guide).");

/** A reference to a middleware, as `longhorn.ui.ipAllowList` / `basicAuth` name an existing one. */
type MiddlewareRefConfig = { readonly existing: { readonly name: string; readonly namespace: string } } | object | undefined;

/** What the cross-section rules read. */
interface ClusterServicesContext {
  readonly cluster: { readonly domain: string };
  readonly hcloud: HcloudConfig;
  readonly traefik?: z.output<typeof traefikSchema>;
  readonly certManager?: z.output<typeof certManagerSchema>;
  readonly upgrades?: z.output<typeof upgradesSchema>;
  readonly longhorn: {
    readonly namespace: string;
    readonly ui: { readonly enabled: boolean; readonly ipAllowList?: MiddlewareRefConfig; readonly basicAuth?: MiddlewareRefConfig };
  };
  readonly databases?: { readonly postgresql?: { readonly namespace: string }; readonly redis?: { readonly namespace: string } };
}

/** Namespaces the cluster has already, or that another part of the stack creates with its own objects. */
const RESERVED_NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease"];

/** Each namespace the stack creates is created once, and none is one Kubernetes has already. */
function checkNamespaces(cfg: ClusterServicesContext, ctx: z.RefinementCtx): void {
  const created: [PropertyKey[], string][] = [[["longhorn", "namespace"], cfg.longhorn.namespace]];
  if (cfg.databases?.postgresql) created.push([["databases", "postgresql", "namespace"], cfg.databases.postgresql.namespace]);
  if (cfg.databases?.redis) created.push([["databases", "redis", "namespace"], cfg.databases.redis.namespace]);
  if (cfg.traefik?.enabled) created.push([["traefik", "namespace"], cfg.traefik.namespace]);
  if (cfg.certManager?.enabled && cfg.traefik?.enabled) created.push([["certManager", "namespace"], cfg.certManager.namespace]);
  const reserved = [...RESERVED_NAMESPACES, ...(cfg.upgrades?.enabled ? [SYSTEM_UPGRADE_CONTROLLER_DEFAULTS.namespace] : [])];
  created.forEach(([path, ns], i) => {
    const other = created.slice(0, i).find(([, n]) => n === ns);
    if (other) {
      ctx.addIssue({
        code: "custom",
        path,
        input: ns,
        message: `collides with ${other[0].join(".")}: each installation creates its own namespace, so they must differ`,
      });
    } else if (reserved.includes(ns)) {
      ctx.addIssue({
        code: "custom",
        path,
        input: ns,
        message: `must not be one of ${reserved.join(", ")}: the stack creates this namespace, and those exist already (system-upgrade is the upgrade controller's)`,
      });
    }
  });
}

/** Rules across sections: Traefik's load balancer pool, the certificate's Traefik, the pinned k3s version. */
export function checkClusterServices(cfg: ClusterServicesContext, ctx: z.RefinementCtx): void {
  const issue = (path: PropertyKey[], input: unknown, message: string) => ctx.addIssue({ code: "custom", path, input, message });
  checkNamespaces(cfg, ctx);
  const traefik = cfg.traefik?.enabled ? cfg.traefik : undefined;
  if (traefik) {
    // Traefik's LoadBalancer Service is published on the nodes by k3s's servicelb, on ports that k3s's
    // bundled Traefik would hold. (Changing hcloud.k3s.disable later reaches new nodes only: README.)
    const disabled = cfg.hcloud.k3s.disable;
    if (!disabled.includes("traefik")) {
      issue(
        ["hcloud", "k3s", "disable"],
        disabled,
        "must include 'traefik' while traefik.enabled: k3s's bundled Traefik would hold ports 80 and 443",
      );
    }
    if (disabled.includes("servicelb")) {
      issue(
        ["hcloud", "k3s", "disable"],
        disabled,
        "must not include 'servicelb' while traefik.enabled: servicelb publishes Traefik's ports on the nodes, where the load balancer forwards",
      );
    }
    // Only the load balancer may reach Traefik: a public client reaching a node directly would arrive from
    // servicelb's pod address, which Traefik trusts, and could forge its client address.
    const ports = traefikLoadBalancerServices(traefik.proxyProtocol).map((s) => s.destinationPort);
    cfg.hcloud.firewall.workerInbound.forEach((rule, i) => {
      const [from, to = from] = rule.port.split("-").map(Number);
      const hit = ports.find((p) => rule.protocol === "tcp" && from <= p && p <= to);
      if (hit !== undefined) {
        issue(
          ["hcloud", "firewall", "workerInbound", i, "port"],
          rule.port,
          `must not open Traefik's port ${hit} on the nodes while traefik.enabled: clients go through the load balancer, which alone may send Traefik client addresses`,
        );
      }
    });
    // Traefik's load balancer forwards to these ports on the nodes: the SSH port must be another one. (A pool
    // that lists no services forwards them by default, which the hcloud section's own check reports.)
    const ingressPool = cfg.hcloud.nodePools.find((p) => p.name === traefik.loadBalancerPool);
    if (ports.includes(cfg.hcloud.ssh.port) && ingressPool?.loadBalancer?.services) {
      issue(
        ["hcloud", "ssh", "port"],
        cfg.hcloud.ssh.port,
        `must not be ${ports.join(" or ")} while traefik.enabled: Traefik's load balancer forwards those ports to the nodes`,
      );
    }
    // The Longhorn UI's middlewares: the ones this stack creates live in Traefik's namespace.
    const names: readonly string[] = Object.values(TRAEFIK_MIDDLEWARES_DEFAULTS);
    if (cfg.longhorn.ui.enabled) {
      for (const key of ["ipAllowList", "basicAuth"] as const) {
        const ref = cfg.longhorn.ui[key];
        if (ref && "existing" in ref && names.includes(ref.existing.name) && ref.existing.namespace !== traefik.namespace) {
          issue(
            ["longhorn", "ui", key, "existing", "namespace"],
            ref.existing.namespace,
            `must be traefik.namespace ('${traefik.namespace}'), where the stack creates ${ref.existing.name}`,
          );
        }
      }
    }
    const index = cfg.hcloud.nodePools.findIndex((p) => p.name === traefik.loadBalancerPool);
    const pool = cfg.hcloud.nodePools[index];
    if (!pool?.loadBalancer) {
      const withLb = cfg.hcloud.nodePools.filter((p) => p.loadBalancer).map((p) => p.name);
      issue(
        ["traefik", "loadBalancerPool"],
        traefik.loadBalancerPool,
        `must name a pool of hcloud.nodePools with a loadBalancer (${withLb.length ? withLb.join(", ") : "none has one"})`,
      );
    } else {
      const taken = new Set(traefikLoadBalancerServices(traefik.proxyProtocol).map((s) => s.listenPort));
      (pool.loadBalancer.services ?? []).forEach((s, i) => {
        if (taken.has(s.listenPort)) {
          issue(
            ["hcloud", "nodePools", index, "loadBalancer", "services", i, "listenPort"],
            s.listenPort,
            `is Traefik's on pool '${pool.name}' (traefik.loadBalancerPool): its services come from the traefik section; list only other ports`,
          );
        }
      });
    }
  }
  if (cfg.certManager?.enabled && !traefik) {
    issue(
      ["certManager", "enabled"],
      true,
      "needs traefik.enabled: the wildcard certificate is Traefik's default certificate, in its namespace",
    );
  } else if (cfg.certManager?.enabled) {
    // The wildcard certificate's rule of its domain (its common name), in its words.
    for (const { message } of WILDCARD_DOMAIN.safeParse(cfg.cluster.domain).error?.issues ?? []) {
      issue(["cluster", "domain"], cfg.cluster.domain, `${message} (certManager.enabled)`);
    }
  }
  if (cfg.upgrades?.enabled && !cfg.hcloud.k3s.version) {
    issue(
      ["upgrades", "enabled"],
      true,
      "needs hcloud.k3s.version: the upgrade Plans roll the cluster to that pinned release, never to a moving channel",
    );
  }
}

/**
 * The hcloud section as the hcloud stack builds it: the load balancer of Traefik's pool forwards
 * Traefik's entry points (one source: the traefik section), followed by the pool's own services.
 */
export function hcloudWithIngress(hcloud: HcloudConfig, traefik: z.output<typeof traefikSchema> | undefined): HcloudConfig {
  if (!traefik?.enabled) return hcloud;
  return {
    ...hcloud,
    nodePools: hcloud.nodePools.map((pool) =>
      pool.name === traefik.loadBalancerPool && pool.loadBalancer
        ? {
            ...pool,
            loadBalancer: {
              ...pool.loadBalancer,
              services: [...traefikLoadBalancerServices(traefik.proxyProtocol), ...(pool.loadBalancer.services ?? [])],
            },
          }
        : pool,
    ),
  };
}
