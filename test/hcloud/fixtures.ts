import { TerraformVariable } from "cdktf";
import { parseConfig } from "../../src/config/load-config";
import { PlatformConfig } from "../../src/config/schema";
import { K3sCluster } from "../../src/hcloud/k3s-cluster";
import { editedConfig } from "../config/fixtures";
import { SynthesizedStack, synthScope } from "../helpers";

/** config/default.yaml with `edit` applied, validated. */
export function platformConfig(edit: (raw: Record<string, any>) => void = () => undefined): PlatformConfig {
  return parseConfig(editedConfig(edit), "edited default.yaml");
}

/** A K3sCluster built from config/default.yaml (with `edit` applied), synthesized alone in a stack. */
export function synthCluster(edit: (raw: Record<string, any>) => void = () => undefined): {
  json: string;
  parsed: SynthesizedStack;
  cluster: K3sCluster;
} {
  const config = platformConfig(edit);
  let cluster!: K3sCluster;
  const out = synthScope((scope) => {
    const secret = (name: string) => new TerraformVariable(scope, name, { type: "string", sensitive: true }).stringValue;
    cluster = new K3sCluster(scope, "Cluster", {
      clusterName: config.cluster.name,
      ...config.hcloud,
      etcdS3Credentials: { accessKey: secret("s3_access_key"), secretKey: secret("s3_secret_key") },
    });
  });
  return { ...out, cluster };
}

/** An HA variant: 3 control planes, wireguard, secrets encryption, pinned k3s, an xfs volume. */
export function haEdit(raw: Record<string, any>): void {
  raw.hcloud.controlPlane.count = 3;
  raw.hcloud.k3s.wireguard = true;
  raw.hcloud.k3s.secretsEncryption = true;
  raw.hcloud.k3s.version = "v1.33.5+k3s1";
  raw.hcloud.nodePools[1].volume.format = "xfs";
}
