import { TerraformOutput, TerraformStack, Testing } from "cdktf";
import { StateBackendInput, addStateBackend, stateBackendSchema } from "../../src/terraform/state-backend";
import { errorOf } from "../helpers";
import { parseOrThrow } from "../../src/validation";

function backendOf(input: StateBackendInput | undefined, stackId = "k3s") {
  const stack = new TerraformStack(Testing.app(), stackId);
  addStateBackend(stack, stateBackendSchema.parse(input));
  new TerraformOutput(stack, "x", { value: "x" });
  const json = Testing.synth(stack);
  return { json, terraform: JSON.parse(json).terraform as Record<string, any> };
}

describe("addStateBackend", () => {
  it("defaults to a local backend with a path relative to the stack directory", () => {
    const { terraform, json } = backendOf(undefined);
    expect(terraform.backend).toEqual({ local: { path: "../../../terraform.k3s.tfstate" } });
    expect(json).not.toContain(process.cwd());
  });

  it("s3 on an S3-compatible endpoint: one key per stack, native locking, no AWS-only checks", () => {
    const { terraform, json } = backendOf(
      { type: "s3", bucket: "kube-state", region: "fr-par", endpoint: "s3.fr-par.scw.cloud" },
      "hcloud",
    );
    expect(terraform.backend).toEqual({
      s3: {
        bucket: "kube-state",
        key: "gitops-day/hcloud.tfstate",
        region: "fr-par",
        encrypt: true,
        use_path_style: false,
        endpoints: { s3: "https://s3.fr-par.scw.cloud" },
        skip_credentials_validation: true,
        skip_region_validation: true,
        skip_requesting_account_id: true,
        skip_metadata_api_check: true,
        use_lockfile: true,
        skip_s3_checksum: true,
      },
    });
    expect(json).toMatchSnapshot();
  });

  it("s3 on AWS keeps AWS's own checks", () => {
    const { terraform } = backendOf({
      type: "s3",
      bucket: "kube-state",
      region: "eu-central-1",
      keyPrefix: "prod/kube",
      useLockfile: false,
    });
    expect(terraform.backend.s3).toEqual({
      bucket: "kube-state",
      key: "prod/kube/k3s.tfstate",
      region: "eu-central-1",
      encrypt: true,
      use_path_style: false,
    });
  });

  it("remote uses one HCP Terraform workspace per stack", () => {
    const { terraform } = backendOf({ type: "remote", organization: "acme", workspacePrefix: "kube" });
    expect(terraform.cloud).toEqual({ organization: "acme", hostname: "app.terraform.io", workspaces: { name: "kube-k3s" } });
    expect(terraform.backend).toBeUndefined();
  });

  it.each<[string, boolean]>([
    ["gitops-day", true],
    ["gitops-day/prod", true],
    ["a/b.c/d_e", true],
    ["/state", false],
    ["state/", false],
    ["a//b", false],
    ["prod state", false],
    ["prod state/x", false],
  ])("takes %p as an S3 key prefix: %p", (keyPrefix, accepted) => {
    expect(stateBackendSchema.safeParse({ type: "s3", bucket: "b-1", region: "fr-par", keyPrefix }).success).toBe(accepted);
  });

  it.each<[string, unknown, RegExp]>([
    ["an unknown type", { type: "gcs" }, /type: Invalid discriminator value\. Expected 'local' \| 's3' \| 'remote'/],
    ["a bucket with s3://", { type: "s3", bucket: "s3://x", region: "fr-par" }, /bucket: must be a bare S3 bucket name/],
    [
      "an endpoint with a scheme",
      { type: "s3", bucket: "b-1", region: "fr-par", endpoint: "https://s3.fr-par.scw.cloud" },
      /endpoint: must be a host name/,
    ],
    [
      "a key prefix with a leading slash",
      { type: "s3", bucket: "b-1", region: "fr-par", keyPrefix: "/state" },
      /keyPrefix: must be a relative object key prefix/,
    ],
    ["a remote backend without organization", { type: "remote", workspacePrefix: "kube" }, /organization: is required \(string\)/],
    ["an unknown key", { type: "local", path: "/tmp/state" }, /\(root\): unknown key "path"$/m],
  ])("rejects %s", (_name, input, expected) => {
    expect(errorOf(() => parseOrThrow(stateBackendSchema, input, "backend"))).toMatch(expected);
  });
});
