import { describeValue, formatPath } from "../validation";
import { TEMPLATE_SEQUENCE } from "../validation/template-text";

/** Text Terraform would not take literally (`${` or `%{`); see {@link TEMPLATE_SEQUENCE}'s own module. */
export { TEMPLATE_SEQUENCE };

/**
 * Walks parsed configuration data (what YAML gives: mappings, lists, scalars) depth first: `key` sees each
 * mapping key with the path of its mapping, before `value` sees the entry's value with its own path.
 */
export function walkConfig(
  data: unknown,
  visit: { readonly key?: (at: PropertyKey[], key: string) => void; readonly value?: (at: PropertyKey[], value: unknown) => void },
  at: PropertyKey[] = [],
): void {
  visit.value?.(at, data);
  if (Array.isArray(data)) {
    data.forEach((item, i) => walkConfig(item, visit, [...at, i]));
  } else if (data !== null && typeof data === "object") {
    for (const [key, item] of Object.entries(data)) {
      visit.key?.(at, key);
      walkConfig(item, visit, [...at, key]);
    }
  }
}

/**
 * Every string of a parsed configuration (values and keys, at any depth) that Terraform or cdktf
 * would evaluate, as `path: message (got value)` lines; empty when there is none.
 */
export function templateTextIssues(data: unknown): string[] {
  const issues: string[] = [];
  const message = "must not contain '${' or '%{': Terraform would evaluate it as an expression, not take it as text";
  walkConfig(data, {
    key: (at, key) => {
      if (TEMPLATE_SEQUENCE.test(key)) issues.push(`${formatPath(at)}: key ${describeValue(key)} ${message}`);
    },
    value: (at, value) => {
      if (typeof value === "string" && TEMPLATE_SEQUENCE.test(value))
        issues.push(`${formatPath(at)}: ${message} (got ${describeValue(value)})`);
    },
  });
  return issues;
}
