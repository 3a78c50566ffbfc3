// Where the engine scenarios find their engines: the cache that `npm run engines:build` fills, or,
// for OpenTofu, a binary of the user's own (ENGINES_TOFU=/path/to/tofu or terraform).
import * as fs from "fs";
import { ENGINES, cliConfigPath, enginePath } from "../../scripts/engines/catalog";

/** Path of an engine's binary. */
export function engineBinary(name: string): string {
  if (name === "tofu" && process.env.ENGINES_TOFU) return process.env.ENGINES_TOFU;
  return enginePath(name);
}

/** Engines that the cache lacks (empty when all are built); the CLI config counts as part of tofu. */
export function missingEngines(): string[] {
  // With a CLI of the user's own (ENGINES_TOFU), providers come from its registry, not the mirror.
  const needed = ENGINES.filter((e) => !(process.env.ENGINES_TOFU && e.provider));
  const missing = needed.map((e) => e.name).filter((name) => !fs.existsSync(engineBinary(name)));
  if (!process.env.ENGINES_TOFU && !fs.existsSync(cliConfigPath()) && !missing.includes("tofu")) missing.push("tofu");
  return missing;
}

/**
 * Environment of every tofu command: providers from the local mirror only (unless the user brings
 * an own CLI and CLI config), no prompts, no telemetry.
 */
export function tofuEnv(): NodeJS.ProcessEnv {
  return {
    TF_CLI_CONFIG_FILE: process.env.ENGINES_TOFU ? (process.env.TF_CLI_CONFIG_FILE ?? "") : cliConfigPath(),
    TF_IN_AUTOMATION: "1",
    TF_INPUT: "0",
    CHECKPOINT_DISABLE: "1",
  };
}
