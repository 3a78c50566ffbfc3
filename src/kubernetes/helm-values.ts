import { Document, Scalar, ToStringOptions, isScalar, visit } from "yaml";

/**
 * A plain scalar that some YAML reader might take for something other than a string: a number in
 * any notation (`0777`, `0o17`, `0x1F`, `1_000`, `1:20`, `.5`, `+1`, `.inf`), a boolean or null of
 * YAML 1.1 or 1.2 (`on`, `n`, `No`, `~`), a date. Over-matching is harmless: it only adds quotes.
 */
const MAY_NOT_BE_A_STRING = /^(?:[-+]?[0-9.]|[-+]?\.(?:inf|nan)$|(?:y|n|yes|no|on|off|true|false|null|~)$)/i;

/**
 * Helm values as YAML that means the same to Helm as to this project. Helm parses
 * values with a YAML 1.1 parser (sigs.k8s.io/yaml), where unquoted `on`, `off`,
 * `yes`, `no`, `y` and `n` are booleans, `0777` and `0o17` numbers: every
 * single-line string value is double-quoted, and a key that could read as
 * anything but a string too. Multi-line strings stay block scalars, which every
 * YAML reader takes as strings. The same text reads alike under YAML 1.1 and 1.2.
 */
export function helmValuesYaml(values: unknown, options: Omit<ToStringOptions, "version"> = {}): string {
  const doc = new Document(values, { version: "1.1" });
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && typeof pair.key.value === "string" && MAY_NOT_BE_A_STRING.test(pair.key.value)) {
        pair.key.type = Scalar.QUOTE_DOUBLE;
      }
    },
    Scalar(key, node) {
      if (key !== "key" && typeof node.value === "string" && !node.value.includes("\n")) node.type = Scalar.QUOTE_DOUBLE;
    },
  });
  return doc.toString(options);
}
