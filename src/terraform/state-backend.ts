import { CloudBackend, LocalBackend, NamedCloudWorkspace, S3Backend, TerraformBackend, TerraformStack } from "cdktf";
import { z } from "zod";
import { dnsLabel, endpointHost, s3Bucket } from "../validation";

/** Where the Terraform state of the stacks lives. */
export const stateBackendSchema = z
  .discriminatedUnion("type", [
    z.strictObject({
      type: z
        .literal("local")
        .describe("State files in the project root (terraform.<stack>.tfstate, outside cdktf.out): for a first try only."),
    }),
    z.strictObject({
      type: z.literal("s3").describe("Any S3-compatible bucket (AWS, Scaleway, Hetzner Object Storage, MinIO...)."),
      bucket: s3Bucket.describe("Bucket holding the state files."),
      keyPrefix: z
        .string()
        .regex(/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/, {
          message: "must be a relative object key prefix such as 'gitops-day/prod', without leading or trailing '/'",
        })
        .default("gitops-day")
        .describe("State of stack X is stored at <keyPrefix>/X.tfstate."),
      region: z.string().min(1).describe("Bucket region, e.g. fr-par."),
      endpoint: endpointHost.optional().describe("S3 endpoint host for non-AWS providers, e.g. s3.fr-par.scw.cloud (https is implied)."),
      usePathStyle: z.boolean().default(false).describe("Path-style URLs (MinIO and some providers need them)."),
      useLockfile: z.boolean().default(true).describe("S3-native state locking with a .tflock object (Terraform >= 1.10)."),
    }),
    z.strictObject({
      type: z.literal("remote").describe("HCP Terraform / Terraform Enterprise workspaces, one per stack."),
      organization: z.string().min(1).describe("HCP Terraform organization."),
      workspacePrefix: dnsLabel(60).describe("Workspace of stack X is <workspacePrefix>-X."),
      hostname: endpointHost.default("app.terraform.io").describe("HCP Terraform or Terraform Enterprise host."),
    }),
  ])
  .default({ type: "local" });

/** The backend section of the configuration, as written. */
export type StateBackendInput = z.input<typeof stateBackendSchema>;
/** The backend section of the configuration, defaults applied. */
export type StateBackendConfig = z.output<typeof stateBackendSchema>;

/**
 * Configures the state backend of `stack` from configuration. Credentials are
 * never part of it: the s3 backend reads AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY
 * and the cloud backend TF_TOKEN_<host>, from the environment.
 *
 * The local backend's path is relative to the directory Terraform runs in,
 * `cdktf.out/stacks/<stack>`: `../../../terraform.<stack>.tfstate` is the
 * project root (where cdktf's own default puts it), outside `cdktf.out`, so
 * deleting the build folder never deletes the state of live servers, and no
 * absolute path of the synthesizing machine is written. With `CDKTF_OUTDIR`
 * elsewhere, the state goes next to that folder.
 */
export function addStateBackend(stack: TerraformStack, config: StateBackendConfig): TerraformBackend {
  const name = stack.node.id;
  switch (config.type) {
    case "local":
      return new LocalBackend(stack, { path: `../../../terraform.${name}.tfstate` });
    case "s3": {
      const backend = new S3Backend(stack, {
        bucket: config.bucket,
        key: `${config.keyPrefix}/${name}.tfstate`,
        region: config.region,
        encrypt: true,
        usePathStyle: config.usePathStyle,
        ...(config.endpoint
          ? {
              endpoints: { s3: `https://${config.endpoint}` },
              // Not AWS: no STS/IAM/EC2 metadata to ask, regions are the provider's own.
              skipCredentialsValidation: true,
              skipRegionValidation: true,
              skipRequestingAccountId: true,
              skipMetadataApiCheck: true,
            }
          : {}),
      });
      // Arguments newer than cdktf 0.21's S3BackendConfig.
      if (config.useLockfile) stack.addOverride("terraform.backend.s3.use_lockfile", true);
      if (config.endpoint) stack.addOverride("terraform.backend.s3.skip_s3_checksum", true);
      return backend;
    }
    case "remote":
      return new CloudBackend(stack, {
        organization: config.organization,
        hostname: config.hostname,
        workspaces: new NamedCloudWorkspace(`${config.workspacePrefix}-${name}`),
      });
  }
}
