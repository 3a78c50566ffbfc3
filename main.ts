import * as path from "path";
import { loadConfig } from "./src/config/load-config";
import { ValidationError } from "./src/config/validation";
import { synthPlatform } from "./stacks/platform";

/*
 * The app: one validated configuration (config/default.yaml, or the file named
 * by PLATFORM_CONFIG) drives both stacks. Any invalid input stops the synth
 * with exit code 1 and one message, before anything is written.
 */
try {
  // cdktf runs the app in the project directory.
  synthPlatform({ config: loadConfig(path.resolve("config", "default.yaml")) });
} catch (e) {
  if (!(e instanceof ValidationError)) throw e;
  process.stderr.write(`Error: ${e.message}\n`);
  process.exit(1);
}
