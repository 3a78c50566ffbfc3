import { describeValue, formatPath } from "./validation";

/**
 * Text Terraform would not take literally. In `cdk.tf.json` every string is a template: `${...}` is an
 * expression (`${file("~/.kube/config")}` reads a file at plan) and `%{...}` a directive. A value from
 * the configuration that held one would be evaluated instead of written; cdktf itself would read a
 * `${TfToken[TOKEN.n]}` as a reference to another resource or a secret variable. No field of the
 * configuration needs either, so they are refused rather than escaped.
 */
export const TEMPLATE_SEQUENCE = /\$\{|%\{/;

/**
 * Every string of a parsed configuration (values and keys, at any depth) that Terraform or cdktf
 * would evaluate, as `path: message (got value)` lines; empty when there is none.
 */
export function templateTextIssues(data: unknown): string[] {
  const issues: string[] = [];
  const message = "must not contain '${' or '%{': Terraform would evaluate it as an expression, not take it as text";
  const visit = (value: unknown, at: PropertyKey[]): void => {
    if (typeof value === "string") {
      if (TEMPLATE_SEQUENCE.test(value)) issues.push(`${formatPath(at)}: ${message} (got ${describeValue(value)})`);
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => visit(item, [...at, i]));
    } else if (value !== null && typeof value === "object") {
      for (const [key, item] of Object.entries(value)) {
        if (TEMPLATE_SEQUENCE.test(key)) issues.push(`${formatPath(at)}: key ${describeValue(key)} ${message}`);
        visit(item, [...at, key]);
      }
    }
  };
  visit(data, []);
  return issues;
}
