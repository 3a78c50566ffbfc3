import { ToStringOptions, stringify } from "yaml";

/**
 * Helm values as YAML that means the same to Helm as to this project. Helm parses
 * values with a YAML 1.1 parser (sigs.k8s.io/yaml), where unquoted `on`, `off`,
 * `yes`, `no`, `y` and `n` are booleans, `0777` is octal and `1:20` a number;
 * written as YAML 1.1, every such string is quoted, and the text still reads the
 * same under YAML 1.2.
 */
export function helmValuesYaml(values: unknown, options: Omit<ToStringOptions, "version"> = {}): string {
  return stringify(values, { ...options, version: "1.1" });
}
