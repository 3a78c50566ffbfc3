import { ValidationError } from "../validation";
import type { KubernetesObject } from "./manifest-release";

export {
  certificateModel,
  clusterIssuerModel,
  cronJobModel,
  ingressRouteModel,
  middlewareModel,
  serviceMonitorModel,
} from "./model-classes";

/** "IngressRoute", "CronJob", ...: the kind of a model, for messages. */
function kindOf(model: object): string {
  return (model as { kind?: string }).kind ?? "object";
}

/**
 * Validates a model against its schema (its CRD's, or the Kubernetes API's for
 * a built-in kind) and returns it as a plain object; `where` names the
 * construct in the error.
 */
export function validatedObject(model: object, where: string): KubernetesObject {
  try {
    // The models' base class (Model.validate) is typed in a package whose types CommonJS resolution cannot see.
    (model as { validate(): void }).validate();
  } catch (e) {
    throw new ValidationError(`${where}: generated ${kindOf(model)} does not match its schema`, [(e as Error).message]);
  }
  return JSON.parse(JSON.stringify(model)) as KubernetesObject;
}
