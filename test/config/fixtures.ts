import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { parseConfig } from "../../src/config/load-config";
import { PlatformConfig } from "../../src/config/schema";
import { ValidationError } from "../../src/validation";

/** The repository's config folder. */
export const CONFIG_DIR = path.join(__dirname, "..", "..", "config");

const parsedFiles = new Map<string, Record<string, any>>();

/** A config file of the repository, parsed but not validated (to derive broken variants from): a fresh copy each call. */
export function rawConfig(name: "default" | "guide"): Record<string, any> {
  let parsed = parsedFiles.get(name);
  if (!parsed) {
    parsed = parse(fs.readFileSync(path.join(CONFIG_DIR, `${name}.yaml`), "utf8")) as Record<string, any>;
    parsedFiles.set(name, parsed);
  }
  return structuredClone(parsed);
}

/** A config file of the repository, validated. */
export function loadRepoConfig(name: "default" | "guide"): PlatformConfig {
  return parseConfig(rawConfig(name), `config/${name}.yaml`);
}

/** The default config with `edit` applied to a deep copy of its raw form. */
export function editedConfig(edit: (raw: Record<string, any>) => void, base: "default" | "guide" = "default"): Record<string, any> {
  const raw = rawConfig(base);
  edit(raw);
  return raw;
}

/** The issues the default config edited by `edit` is refused with, each `path: message (got ...)`; none when it parses. */
export function configIssues(edit: (raw: Record<string, any>) => void): readonly string[] {
  try {
    parseConfig(editedConfig(edit));
    return [];
  } catch (e) {
    if (e instanceof ValidationError) return e.issues;
    throw e;
  }
}
