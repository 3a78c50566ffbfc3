import { ValidationError, isUnresolved } from "../validation";
import type { KubernetesObject } from "./manifest-release";

export {
  certificateModel,
  clusterIssuerModel,
  cronJobModel,
  ingressRouteModel,
  middlewareModel,
  serviceMonitorModel,
} from "./model-classes";

/** One problem the models' validator (ajv) found: where (`/spec/endpoints/0/interval`) and what. */
interface SchemaProblem {
  readonly instancePath: string;
  readonly message: string;
}

/** The value of `object` at a JSON pointer such as `/spec/endpoints/0`. */
function valueAt(object: unknown, pointer: string): unknown {
  const keys = pointer
    .split("/")
    .slice(1)
    .map((k) => k.replace(/~1/g, "/").replace(/~0/g, "~"));
  return keys.reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], object);
}

/**
 * Validates a model against its schema (its CRD's, or the Kubernetes API's for
 * a built-in kind) and returns it as a plain object; `where` names the
 * construct in the error. A problem with a token (a value only Terraform knows, such as
 * `${var.interval}`) is not one: the schema cannot judge it at synth time.
 */
export function validatedObject(model: object, where: string): KubernetesObject {
  try {
    // The models' base class (Model.validate) is typed in a package whose types CommonJS resolution cannot see.
    (model as { validate(): void }).validate();
  } catch (e) {
    const problems = (e as { errors?: readonly SchemaProblem[] }).errors;
    const real = problems?.filter((p) => !isUnresolved(valueAt(model, p.instancePath)));
    if (real?.length === 0) return JSON.parse(JSON.stringify(model)) as KubernetesObject;
    // Each problem as the models' own message words it (`data/spec/port must be string`), tokens aside, once:
    // the models' validator may report one problem twice (it does a ServiceMonitor endpoint's interval).
    const message =
      real === undefined ? (e as Error).message : [...new Set(real.map((p) => `data${p.instancePath} ${p.message}`))].join(", ");
    throw new ValidationError(`${where}: generated ${(model as { kind: string }).kind} does not match its schema`, [message]);
  }
  return JSON.parse(JSON.stringify(model)) as KubernetesObject;
}
