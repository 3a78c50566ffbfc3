import { App } from "cdktf";
import * as path from "path";
import { loadConfig } from "./src/config/load-config";
import { ValidationError } from "./src/config/validation";
import { HcloudStack } from "./stacks/hcloud-stack";
import { K3sStack } from "./stacks/k3s-stack";

/*
 * The app: one validated configuration (config/default.yaml, or the file named
 * by PLATFORM_CONFIG) drives both stacks. Any invalid input stops the synth
 * with exit code 1 before anything is written.
 */
try {
  // cdktf runs the app in the project directory.
  const config = loadConfig(path.resolve("config", "default.yaml"));
  const app = new App();
  new HcloudStack(app, "hcloud", { config });
  new K3sStack(app, "k3s", { config });
  app.synth();
} catch (e) {
  if (!(e instanceof ValidationError)) throw e;
  process.stderr.write(`Error: ${e.message}\n`);
  process.exit(1);
}
