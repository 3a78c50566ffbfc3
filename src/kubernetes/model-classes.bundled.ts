/*
 * model-classes.ts for the app bundle (scripts/run-app.js): the same model
 * files, imported by name so that esbuild follows them (with the "import"
 * condition) and bundles them. Loading them by path through Node's ES module
 * loader costs ~45 ms per synth; bundled and code-cached, a few. Not part of
 * the library build: CommonJS could not load this file.
 */
import { IngressRoute } from "@kubernetes-models/traefik/traefik.io/v1alpha1/IngressRoute";
import { Middleware } from "@kubernetes-models/traefik/traefik.io/v1alpha1/Middleware";
import { ServiceMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor";
import { CronJob } from "kubernetes-models/batch/v1/CronJob";
import { Certificate } from "@kubernetes-models/cert-manager/cert-manager.io/v1/Certificate";
import { ClusterIssuer } from "@kubernetes-models/cert-manager/cert-manager.io/v1/ClusterIssuer";

/** The Traefik `traefik.io/v1alpha1` IngressRoute model. */
export function ingressRouteModel(): typeof IngressRoute {
  return IngressRoute;
}

/** The Traefik `traefik.io/v1alpha1` Middleware model. */
export function middlewareModel(): typeof Middleware {
  return Middleware;
}

/** The prometheus-operator `monitoring.coreos.com/v1` ServiceMonitor model. */
export function serviceMonitorModel(): typeof ServiceMonitor {
  return ServiceMonitor;
}

/** The Kubernetes `batch/v1` CronJob model. */
export function cronJobModel(): typeof CronJob {
  return CronJob;
}

/** The cert-manager `cert-manager.io/v1` Certificate model. */
export function certificateModel(): typeof Certificate {
  return Certificate;
}

/** The cert-manager `cert-manager.io/v1` ClusterIssuer model. */
export function clusterIssuerModel(): typeof ClusterIssuer {
  return ClusterIssuer;
}
