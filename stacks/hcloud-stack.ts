import { LocalBackend, TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { nodeNames } from "../src/config/hcloud-schema";
import { PlatformConfig } from "../src/config/schema";

/** Props of {@link HcloudStack}. */
export interface HcloudStackProps {
  /** The validated platform configuration. */
  readonly config: PlatformConfig;
}

/**
 * The Hetzner Cloud infrastructure of the cluster. Placeholder until the
 * hcloud resources land: it only outputs the node names the k3s stack uses.
 */
export class HcloudStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: HcloudStackProps) {
    super(scope, id);
    const { config } = props;
    new LocalBackend(this, { path: `../../terraform.${id}.tfstate` });
    new TerraformOutput(this, "node_names", {
      description: "Names of the agent nodes, per pool.",
      value: Object.fromEntries(config.hcloud.nodePools.map((p) => [p.name, nodeNames(config.cluster.name, p)])),
    });
  }
}
