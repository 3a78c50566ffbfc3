import { App } from "cdktf";
import * as fs from "fs";
import * as path from "path";
import { PlatformConfig } from "../src/config/schema";
import { HcloudStack } from "./hcloud-stack";
import { K3sStack } from "./k3s-stack";

/** Options of {@link synthPlatform}. */
export interface SynthPlatformOptions {
  /** The validated configuration. */
  readonly config: PlatformConfig;
  /**
   * Output directory.
   * @default - CDKTF_OUTDIR, else "cdktf.out" (cdktf's own default)
   */
  readonly outdir?: string;
}

/**
 * Builds both stacks from one configuration and synthesizes them. Every
 * construct validates its props while the tree is built, before anything is
 * written: when one throws, no file is written, and an output directory that
 * cdktf's App created for this run is removed again (an existing one is left
 * exactly as it was). Needs no Terraform or OpenTofu binary (cdktf's own App
 * validation, which runs `terraform version`, is skipped).
 */
export function synthPlatform(options: SynthPlatformOptions): { app: App; hcloud: HcloudStack; k3s: K3sStack } {
  const outdir = options.outdir ?? process.env.CDKTF_OUTDIR ?? "cdktf.out";
  // cdktf's App creates <outdir> and <outdir>/stacks when it is constructed: what did not exist before is
  // removed again when a construct throws, as long as nothing was written into it.
  const created = [path.join(outdir, "stacks"), outdir].filter((dir) => !fs.existsSync(dir));
  try {
    // cdktf's App validation would run `terraform version` at synth (its terraform_data resource, used by
    // the cluster token and the node wait, asks for Terraform >= 1.4) and fail on a machine without that
    // binary, such as one with OpenTofu only. The constructs validate their props as they are built, and a
    // test holds each stack to the providers of its resources, the other thing cdktf's validation checks.
    const app = new App({ outdir, skipValidation: true });
    const hcloud = new HcloudStack(app, "hcloud", { config: options.config });
    const k3s = new K3sStack(app, "k3s", { config: options.config });
    app.synth();
    return { app, hcloud, k3s };
  } catch (e) {
    for (const dir of created) if (fs.existsSync(dir) && fs.readdirSync(dir).length === 0) fs.rmdirSync(dir);
    throw e;
  }
}
