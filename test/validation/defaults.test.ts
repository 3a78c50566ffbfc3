import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

/*
 * One source for each default: every `@default <literal>` in the JSDoc of a props interface is the value
 * of the same key in the `<NAME>_DEFAULTS` object its module exports (NAME: the interface name without
 * `Props`, in SCREAMING_SNAKE_CASE; nested type literals are nested objects), which is what the
 * construct applies and what the config schema's `.default()` takes. And no construct writes a literal
 * default of its own.
 */

const SRC = path.join(__dirname, "..", "..", "src");
/** Generated provider bindings and the config schema (which composes the constructs' defaults) aside. */
const SKIPPED = [path.join(SRC, "providers"), path.join(SRC, "config"), path.join(SRC, "validation")];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (SKIPPED.includes(full)) return [];
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [full] : [];
  });
}

/** `LonghornStorageClassProps` -> `LONGHORN_STORAGE_CLASS_DEFAULTS`. */
export function defaultsName(interfaceName: string): string {
  const base = interfaceName.replace(/Props$/, "");
  return `${base
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z])([A-Z][a-z])/g, "$1_$2")
    .toUpperCase()}_DEFAULTS`;
}

/** The literal a `@default` text starts with, or undefined for `- prose`. */
function literalOf(text: string): { value: unknown } | undefined {
  const trimmed = text.trim();
  if (trimmed.startsWith("-")) return undefined;
  const match = /^("(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?|true|false|\[[^\]]*\]|\{\})/.exec(trimmed);
  if (!match) return undefined;
  // JSDoc escapes `*/` as `*\/`.
  return { value: JSON.parse(match[1].replace(/\*\\\//g, "*/")) };
}

interface Documented {
  readonly file: string;
  readonly interfaceName: string;
  readonly path: readonly string[];
  readonly literal: unknown;
  readonly tagText: string;
}

function documentedDefaults(file: string): Documented[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
  const found: Documented[] = [];
  const visitMembers = (interfaceName: string, members: ts.NodeArray<ts.TypeElement>, prefix: readonly string[]) => {
    for (const member of members) {
      if (!ts.isPropertySignature(member) || !member.name) continue;
      const key = member.name.getText(source);
      for (const tag of ts.getJSDocTags(member)) {
        if (tag.tagName.text !== "default") continue;
        const tagText = ts.getTextOfJSDocComment(tag.comment) ?? "";
        const literal = literalOf(tagText);
        if (literal) found.push({ file, interfaceName, path: [...prefix, key], literal: literal.value, tagText });
      }
      if (member.type && ts.isTypeLiteralNode(member.type)) visitMembers(interfaceName, member.type.members, [...prefix, key]);
    }
  };
  source.forEachChild((node) => {
    if (ts.isInterfaceDeclaration(node)) visitMembers(node.name.text, node.members, []);
  });
  return found;
}

const FILES = sourceFiles(SRC);
const DOCUMENTED = FILES.flatMap(documentedDefaults);

describe("one source for each default", () => {
  it("finds the documented defaults (the scan itself works)", () => {
    expect(DOCUMENTED.length).toBeGreaterThan(50);
    expect(defaultsName("LonghornStorageClassProps")).toBe("LONGHORN_STORAGE_CLASS_DEFAULTS");
    expect(defaultsName("K3sUpgradePlansProps")).toBe("K3S_UPGRADE_PLANS_DEFAULTS");
  });

  it.each(DOCUMENTED.map((d) => [`${path.relative(SRC, d.file)} ${d.interfaceName}.${d.path.join(".")}`, d] as const))(
    "%s: @default is the value of its DEFAULTS object",
    (_, d) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module named by the scan
      const module = require(d.file) as Record<string, unknown>;
      const name = defaultsName(d.interfaceName);
      expect(module).toHaveProperty([name]);
      const applied = d.path.reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], module[name]);
      expect({ key: d.path.join("."), value: applied }).toEqual({ key: d.path.join("."), value: d.literal });
    },
  );

  it('no construct writes a literal default of its own (`?? "x"`, `?? 3`): it takes the DEFAULTS object\'s', () => {
    const literalDefault = /\?\? (["'`]|-?\d|true\b|false\b|\[|\{)/;
    const offenders = FILES.flatMap((file) =>
      fs
        .readFileSync(file, "utf8")
        .split("\n")
        .map((line, i) => ({ line, where: `${path.relative(SRC, file)}:${i + 1}` }))
        .filter(({ line }) => literalDefault.test(line) && !line.trim().startsWith("*") && !line.trim().startsWith("//")),
    );
    expect(offenders.map((o) => `${o.where}: ${o.line.trim()}`)).toEqual([]);
  });
});
