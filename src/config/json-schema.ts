import { z } from "zod";
import { platformConfigSchema } from "./schema";

/**
 * JSON Schema of the configuration file, as editors use it for completion and
 * checks (`# yaml-language-server: $schema=./schema.json`). It describes the
 * input: fields with defaults are optional. Cross-field rules (e.g. replica
 * count against storage nodes) are only checked by the synth.
 */
export function configJsonSchema(): string {
  const schema = z.toJSONSchema(platformConfigSchema, { io: "input", unrepresentable: "any" });
  return `${JSON.stringify({ ...schema, title: "Platform configuration (config/*.yaml)" }, null, 2)}\n`;
}
