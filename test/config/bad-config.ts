import * as fs from "fs";
import * as path from "path";
import { loadConfigFile } from "../../src/config/load-config";
import { ValidationError } from "../../src/validation";
import { synthPlatform } from "../../stacks/platform";

/**
 * Writes `text` as the config file `platform.yaml` in `dir`, reads and synthesizes it exactly as main.ts
 * does into a fresh output directory, and returns the message of the ValidationError that must stop it;
 * fails when it does not stop, or when anything was written (not even the directory).
 */
export function configFailure(dir: string, text: string): string {
  const file = path.join(dir, "platform.yaml");
  const outdir = path.join(dir, "cdktf.out");
  fs.writeFileSync(file, text);
  let error: unknown;
  try {
    synthPlatform({ config: loadConfigFile(file), outdir });
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ValidationError);
  expect(fs.existsSync(outdir)).toBe(false);
  return (error as ValidationError).message;
}
