import { ValidationError } from "../config/validation";
import type { KubernetesObject } from "./manifest-release";

export { ingressRouteModel, middlewareModel, serviceMonitorModel } from "./model-classes";

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
