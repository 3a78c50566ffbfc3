import * as path from "path";
import type { IngressRoute } from "@kubernetes-models/traefik/traefik.io/v1alpha1/IngressRoute";
import type { Middleware } from "@kubernetes-models/traefik/traefik.io/v1alpha1/Middleware";
import type { ServiceMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor";
import type { CronJob } from "kubernetes-models/batch/v1/CronJob";
import type { Certificate } from "@kubernetes-models/cert-manager/cert-manager.io/v1/Certificate";
import type { ClusterIssuer } from "@kubernetes-models/cert-manager/cert-manager.io/v1/ClusterIssuer";

/*
 * The typed model classes, generated from the upstream CRD and Kubernetes API
 * schemas (kubernetes-models-ts). The packages are ESM-only and export their files
 * under the "import" condition, so CommonJS cannot `require` them by name;
 * Node >= 20.19 loads an ES module file by path, which is what this does, and
 * only for the models that are used.
 *
 * A bundler cannot follow a require by path: the app bundle
 * (scripts/run-app.js) uses model-classes.bundled.ts instead, which imports
 * the same files by name. Keep the two in step (a test compares them).
 */
function loadModel<T>(pkg: string, file: string): T {
  const root = path.dirname(require.resolve(`${pkg}/package.json`));
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- load by path, see above
  return require(path.join(root, file)) as T;
}

/** The Traefik `traefik.io/v1alpha1` IngressRoute model. */
export function ingressRouteModel(): typeof IngressRoute {
  return loadModel<{ IngressRoute: typeof IngressRoute }>("@kubernetes-models/traefik", "traefik.io/v1alpha1/IngressRoute.js").IngressRoute;
}

/** The Traefik `traefik.io/v1alpha1` Middleware model. */
export function middlewareModel(): typeof Middleware {
  return loadModel<{ Middleware: typeof Middleware }>("@kubernetes-models/traefik", "traefik.io/v1alpha1/Middleware.js").Middleware;
}

/** The prometheus-operator `monitoring.coreos.com/v1` ServiceMonitor model. */
export function serviceMonitorModel(): typeof ServiceMonitor {
  return loadModel<{ ServiceMonitor: typeof ServiceMonitor }>(
    "@kubernetes-models/prometheus-operator",
    "monitoring.coreos.com/v1/ServiceMonitor.js",
  ).ServiceMonitor;
}

/** The Kubernetes `batch/v1` CronJob model. */
export function cronJobModel(): typeof CronJob {
  return loadModel<{ CronJob: typeof CronJob }>("kubernetes-models", "batch/v1/CronJob.js").CronJob;
}

/** The cert-manager `cert-manager.io/v1` Certificate model. */
export function certificateModel(): typeof Certificate {
  return loadModel<{ Certificate: typeof Certificate }>("@kubernetes-models/cert-manager", "cert-manager.io/v1/Certificate.js").Certificate;
}

/** The cert-manager `cert-manager.io/v1` ClusterIssuer model. */
export function clusterIssuerModel(): typeof ClusterIssuer {
  return loadModel<{ ClusterIssuer: typeof ClusterIssuer }>("@kubernetes-models/cert-manager", "cert-manager.io/v1/ClusterIssuer.js")
    .ClusterIssuer;
}
