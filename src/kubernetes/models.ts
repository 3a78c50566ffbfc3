import * as path from "path";
import { ValidationError } from "../config/validation";
import type { KubernetesObject } from "./manifest-release";
import type { IngressRoute } from "@kubernetes-models/traefik/traefik.io/v1alpha1/IngressRoute";
import type { Middleware } from "@kubernetes-models/traefik/traefik.io/v1alpha1/Middleware";
import type { ServiceMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor";

/*
 * Typed Kubernetes models generated from the upstream CRD schemas
 * (kubernetes-models-ts). The packages are ESM-only and export their files
 * under the "import" condition, so CommonJS cannot `require` them by name;
 * Node >= 20.19 loads an ES module file by path, which is what this does.
 * Only the model files that are used get loaded (~10 ms, a few MB).
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

/**
 * Validates a model against the schema of its CRD and returns it as a plain
 * object; `where` names the construct in the error.
 */
export function validatedObject(model: object, where: string): KubernetesObject {
  try {
    // The models' base class (Model.validate) is typed in a package whose types CommonJS resolution cannot see.
    (model as { validate(): void }).validate();
  } catch (e) {
    throw new ValidationError(`${where}: generated object does not match its CRD schema`, [(e as Error).message]);
  }
  return JSON.parse(JSON.stringify(model)) as KubernetesObject;
}
