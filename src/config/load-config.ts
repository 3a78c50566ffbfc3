import * as fs from "fs";
import * as path from "path";
import { isScalar, parseAllDocuments } from "yaml";
import { templateTextIssues, walkConfig } from "./config-text";
import { PlatformConfig, platformConfigSchema } from "./schema";
import { ValidationError, formatPath, parseOrThrow } from "./validation";

/** Environment variable that selects another configuration file. */
export const CONFIG_ENV = "PLATFORM_CONFIG";

/** A path for messages: relative to the working directory, so no machine's absolute path leaks into logs. */
function shown(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel === "" || rel.startsWith("..") ? path.basename(file) : rel;
}

/** The largest configuration file read: a real one is a few KB; anything larger is refused unread. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/** YAML aliases expanded at most this many times (the `yaml` library's guard against alias bombs). */
const MAX_ALIAS_COUNT = 100;

/**
 * Validates a configuration object (already parsed from YAML) and applies the
 * defaults. `source` names the file in error messages.
 */
export function parseConfig(data: unknown, source = "configuration"): PlatformConfig {
  // Text Terraform would evaluate is refused first, on its own: it is never a typo to fix among others.
  const unsafe = templateTextIssues(data);
  if (unsafe.length > 0) throw new ValidationError(`${source} is invalid`, unsafe);
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
  const resolved = path.resolve(file);
  const name = shown(resolved);
  return parseConfig(parseYaml(readText(resolved, name), name), name);
}

/** The file as UTF-8 text, read only up to {@link MAX_CONFIG_BYTES} (a device such as /dev/zero included). */
function readText(file: string, name: string): string {
  const bytes = Buffer.alloc(MAX_CONFIG_BYTES + 1);
  let length = 0;
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, "r");
    for (let n = -1; n !== 0 && length < bytes.length; length += n) n = fs.readSync(fd, bytes, length, bytes.length - length, null);
  } catch (e) {
    throw new ValidationError(`cannot read configuration file ${name}`, [(e as NodeJS.ErrnoException).code ?? String(e)]);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
  if (length > MAX_CONFIG_BYTES) {
    throw new ValidationError(`cannot read configuration file ${name}`, [`larger than ${MAX_CONFIG_BYTES} bytes: not a configuration`]);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, length));
  } catch {
    const line = firstInvalidUtf8Line(bytes.subarray(0, length));
    throw new ValidationError(`cannot read configuration file ${name}`, [`not UTF-8 text (first invalid byte at line ${line})`]);
  }
}

/** The line of the first byte that is not part of valid UTF-8 ('\n' never occurs inside a UTF-8 sequence). */
function firstInvalidUtf8Line(bytes: Buffer): number {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let line = 1;
  for (let start = 0; start <= bytes.length; line++) {
    const end = bytes.indexOf(0x0a, start);
    const stop = end < 0 ? bytes.length : end;
    try {
      decoder.decode(bytes.subarray(start, stop));
    } catch {
      return line;
    }
    start = stop + 1;
  }
  return line;
}

/** One YAML document, as plain data; every YAML problem as one message naming the file and the line. */
function parseYaml(text: string, name: string): unknown {
  const invalid = (line: string) => new ValidationError(`${name} is not valid YAML`, [line]);
  // A document left empty by a trailing '---' is no document.
  const docs = parseAllDocuments(text, { uniqueKeys: true, prettyErrors: true }).filter(
    (d, i) => i === 0 || d.errors.length > 0 || !(d.contents === null || (isScalar(d.contents) && d.contents.source === "")),
  );
  if (docs.length > 1) {
    const second = docs[1].range[0];
    const line = text.slice(0, second).split("\n").length;
    throw invalid(`several YAML documents (the second begins at line ${line}): a configuration is one document`);
  }
  const doc = docs[0];
  const error = doc?.errors[0];
  if (error) {
    const pos = error.linePos?.[0];
    throw invalid(`${error.code}${pos ? ` at line ${pos.line}, column ${pos.col}` : ""}: ${error.message.split("\n")[0]}`);
  }
  let data: unknown;
  try {
    data = doc?.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    // The yaml library refuses to expand aliases past the count ("Excessive alias count ...").
    throw invalid(`aliases expand to more than ${MAX_ALIAS_COUNT} copies: write the values out (${(e as Error).message})`);
  }
  const merges = mergeKeyPaths(data);
  if (merges.length > 0) {
    throw invalid(
      `${merges.join(", ")}: merge keys ('<<') are not part of YAML 1.2, which reads '<<' as an ordinary key: write the values out`,
    );
  }
  return data;
}

/** Paths of the mappings that hold a `<<` key. */
function mergeKeyPaths(data: unknown): string[] {
  const paths: string[] = [];
  walkConfig(data, {
    key: (at, key) => {
      if (key === "<<") paths.push(formatPath(at));
    },
  });
  return paths;
}
