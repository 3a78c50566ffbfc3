import { InternalError } from "../validation";

/**
 * Terraform reads every string of a JSON configuration as a template: `${...}`
 * interpolates and `%{...}` is a directive. Text rendered here (shell scripts,
 * YAML) must reach the server verbatim, so its literal parts are escaped, and
 * only the values that Terraform knows at apply time (a volume id, a generated
 * token) are inserted as references.
 */

/** Escapes literal text for a Terraform string template: `${` becomes `$${` and `%{` becomes `%%{`. */
export function escapeTemplate(text: string): string {
  return text.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
}

/**
 * Escapes `text`, then replaces each placeholder (a plain word such as
 * `TFVALUE_K3S_TOKEN`, which escaping leaves alone) with its value, typically a
 * cdktf token string that resolves to a Terraform reference.
 *
 * @throws InternalError when a placeholder does not occur in the text, or a value is missing: the
 * project's own placeholders, never a user's input
 */
export function fillTemplate(text: string, values: Readonly<Record<string, string>>): string {
  let out = escapeTemplate(text);
  for (const [placeholder, value] of Object.entries(values)) {
    if (!/^TFVALUE_[A-Z0-9_]+$/.test(placeholder)) throw new InternalError(`placeholder ${placeholder} must match TFVALUE_[A-Z0-9_]+`);
    if (!out.includes(placeholder)) throw new InternalError(`placeholder ${placeholder} does not occur in the template`);
    out = out.split(placeholder).join(value);
  }
  const left = /TFVALUE_[A-Z0-9_]+/.exec(out);
  if (left) throw new InternalError(`no value given for placeholder ${left[0]}`);
  return out;
}
