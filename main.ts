import * as path from "path";
import { z } from "zod";
import { loadConfig } from "./src/config/load-config";
import { ValidationError } from "./src/validation";
import { synthPlatform } from "./stacks/platform";

/*
 * The app: one validated configuration (config/default.yaml, or the file named
 * by PLATFORM_CONFIG) drives both stacks. Any invalid input stops the synth
 * with exit code 1 and one message, before anything is written.
 */
// zod compiles each object schema into a function the first time it parses with it, which pays off over
// many parses; this process parses the configuration once, and ~10 ms faster without. (Only the app sets
// this: the library leaves zod's global configuration alone.)
z.config({ jitless: true });

try {
  // cdktf runs the app in the project directory.
  synthPlatform({ config: loadConfig(path.resolve("config", "default.yaml")) });
} catch (e) {
  if (!(e instanceof ValidationError)) throw e;
  process.stderr.write(`Error: ${e.message}\n`);
  process.exit(1);
}
