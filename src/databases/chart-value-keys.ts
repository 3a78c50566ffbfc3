/**
 * Helm values are checked against the project's own list of the keys it uses
 * in each supported chart version (each list checked by hand against that
 * version's values.yaml). A key not in the list would be silently ignored by
 * the chart, which is how the guide's `standalone` + `replica.*` went unnoticed.
 */

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Dotted paths of the values: objects are walked into, except at a path the
 * list names (a free-form map such as `primary.nodeSelector`, or a list such as
 * `primary.tolerations`), which counts as one key.
 */
export function valuePaths(values: unknown, known: ReadonlySet<string> = new Set(), prefix = ""): string[] {
  if (!isPlainObject(values) || (prefix !== "" && known.has(prefix))) return prefix === "" ? [] : [prefix];
  const out: string[] = [];
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    const path = prefix === "" ? key : `${prefix}.${key}`;
    if (isPlainObject(value) && !known.has(path) && Object.keys(value).length > 0) out.push(...valuePaths(value, known, path));
    else out.push(path);
  }
  return out;
}

/** The paths of `values` that are not in `keys`. */
export function unknownValueKeys(values: unknown, keys: readonly string[]): string[] {
  const known = new Set(keys);
  return valuePaths(values, known).filter((p) => !known.has(p));
}
