import { Fn, Token, Tokenization } from "cdktf";
import { Document, Scalar, ToStringOptions, isScalar, visit } from "yaml";

/**
 * A plain scalar that some YAML reader might take for something other than a string: a number in
 * any notation (`0777`, `0o17`, `0x1F`, `1_000`, `1:20`, `.5`, `+1`, `.inf`), a boolean or null of
 * YAML 1.1 or 1.2 (`on`, `n`, `No`, `~`), a date. Over-matching is harmless: it only adds quotes.
 */
const MAY_NOT_BE_A_STRING = /^(?:[-+]?[0-9.]|(?:y|n|yes|no|on|off|true|false|null|~)$)/i; // `.inf`, `-.nan`: a sign or a dot first

/**
 * Helm values as YAML that means the same to Helm as to this project. Helm parses
 * values with a YAML 1.1 parser (sigs.k8s.io/yaml), where unquoted `on`, `off`,
 * `yes`, `no`, `y` and `n` are booleans, `0777` and `0o17` numbers: every
 * single-line string value is double-quoted, and a key that could read as
 * anything but a string too. Multi-line strings stay block scalars, which every
 * YAML reader takes as strings. The same text reads alike under YAML 1.1 and 1.2.
 *
 * Tokens (values only Terraform knows) are written for Terraform to fill in: a string token inside its
 * double quotes, a number token as a plain scalar (Helm reads a number; YAML writes the number that
 * encodes the token, which cdktf resolves like the string form), a list token as its JSON
 * (`${jsonencode(...)}`, a YAML flow sequence).
 */
export function helmValuesYaml(values: unknown, options: Omit<ToStringOptions, "version"> = {}): string {
  const doc = new Document(values, { version: "1.1", aliasDuplicateObjects: false });
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && typeof pair.key.value === "string" && MAY_NOT_BE_A_STRING.test(pair.key.value)) {
        pair.key.type = Scalar.QUOTE_DOUBLE;
      }
    },
    Seq(_, seq) {
      // A list token is an array of one encoded string: the whole list, not an element.
      const items = seq.items.map((item) => (isScalar(item) ? item.value : undefined));
      const list = items.length === 1 && typeof items[0] === "string" ? Tokenization.reverseList(items as string[]) : undefined;
      return list === undefined ? undefined : plainToken(Token.asString(Fn.jsonencode(list)));
    },
    Scalar(key, node) {
      if (node.type === Scalar.PLAIN) return; // a list token, written above
      if (key !== "key" && typeof node.value === "string" && !node.value.includes("\n")) node.type = Scalar.QUOTE_DOUBLE;
    },
  });
  return doc.toString(options);
}

/** A plain scalar that Terraform replaces with the token's value. */
function plainToken(text: string): Scalar {
  const scalar = new Scalar(text);
  scalar.type = Scalar.PLAIN;
  return scalar;
}
