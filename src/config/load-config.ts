import * as fs from "fs";
import * as path from "path";
import { YAMLParseError, parse } from "yaml";
import { PlatformConfig, platformConfigSchema } from "./schema";
import { ValidationError, parseOrThrow } from "./validation";

/** Environment variable that selects another configuration file. */
export const CONFIG_ENV = "PLATFORM_CONFIG";

/** A path for messages: relative to the working directory, so no machine's absolute path leaks into logs. */
function shown(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel === "" || rel.startsWith("..") ? path.basename(file) : rel;
}

/**
 * Validates a configuration object (already parsed from YAML) and applies the
 * defaults. `source` names the file in error messages.
 */
export function parseConfig(data: unknown, source = "configuration"): PlatformConfig {
  return parseOrThrow(platformConfigSchema, data ?? {}, `${source} is invalid`);
}

/**
 * Reads, parses and validates the configuration file named by PLATFORM_CONFIG
 * (relative to the working directory), else `defaultFile`.
 *
 * @throws ValidationError naming the file, the field path, the bad value and what is allowed
 */
export function loadConfig(defaultFile: string): PlatformConfig {
  return loadConfigFile(process.env[CONFIG_ENV] || defaultFile);
}

/**
 * Reads, parses and validates one configuration file.
 *
 * @throws ValidationError naming the file, the field path, the bad value and what is allowed
 */
export function loadConfigFile(file: string): PlatformConfig {
  const chosen = path.resolve(file);
  const name = shown(chosen);
  let text: string;
  try {
    text = fs.readFileSync(chosen, "utf8");
  } catch (e) {
    throw new ValidationError(`cannot read configuration file ${name}`, [(e as NodeJS.ErrnoException).code ?? String(e)]);
  }
  let data: unknown;
  try {
    data = parse(text, { uniqueKeys: true, prettyErrors: true });
  } catch (e) {
    if (e instanceof YAMLParseError) {
      const pos = e.linePos?.[0];
      const at = pos ? ` at line ${pos.line}, column ${pos.col}` : "";
      throw new ValidationError(`${name} is not valid YAML`, [`${e.code}${at}: ${e.message.split("\n")[0]}`]);
    }
    throw e;
  }
  return parseConfig(data, name);
}
