import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PlatformConfig } from "../../src/config/schema";
import { ValidationError } from "../../src/validation";
import { K3sStack } from "../../stacks/k3s-stack";
import { synthPlatform } from "../../stacks/platform";
import { loadRepoConfig } from "../config/fixtures";

/** config/default.yaml with a cron the Longhorn construct refuses (past the config schema, as a library user may pass it). */
function refusedByAConstruct(): PlatformConfig {
  const config = loadRepoConfig("default");
  const [first, ...rest] = config.longhorn.recurringJobs;
  return { ...config, longhorn: { ...config.longhorn, recurringJobs: [{ ...first, cron: "15 0 * *" }, ...rest] } };
}

describe("synthPlatform", () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "platform-"));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const failure = (outdir: string) => {
    expect(() => synthPlatform({ config: refusedByAConstruct(), outdir })).toThrow(ValidationError);
  };

  it("builds both stacks and writes them into outdir", () => {
    const outdir = path.join(tmp, "out");
    const { app, hcloud, k3s } = synthPlatform({ config: loadRepoConfig("default"), outdir });
    expect([app.outdir, hcloud.node.id, k3s.node.id]).toEqual([outdir, "hcloud", "k3s"]);
    expect(fs.readdirSync(path.join(outdir, "stacks")).sort()).toEqual(["hcloud", "k3s"]);
  });

  it("writes into cdktf.out of the working directory (cdktf's default) without outdir or CDKTF_OUTDIR", () => {
    const [cwd, env] = [process.cwd(), process.env.CDKTF_OUTDIR];
    try {
      process.chdir(tmp);
      delete process.env.CDKTF_OUTDIR;
      expect(synthPlatform({ config: loadRepoConfig("default") }).app.outdir).toBe("cdktf.out");
      expect(fs.readdirSync(path.join(tmp, "cdktf.out", "stacks")).sort()).toEqual(["hcloud", "k3s"]);
    } finally {
      process.chdir(cwd);
      if (env === undefined) delete process.env.CDKTF_OUTDIR;
      else process.env.CDKTF_OUTDIR = env;
    }
  });

  it("configures, in each stack, the provider of every resource type it holds (what cdktf's skipped App validation checked)", () => {
    synthPlatform({ config: loadRepoConfig("default"), outdir: tmp });
    for (const stack of ["hcloud", "k3s"]) {
      const json = JSON.parse(fs.readFileSync(path.join(tmp, "stacks", stack, "cdk.tf.json"), "utf8"));
      const needed = new Set(Object.keys(json.resource).map((type) => type.split("_")[0]));
      needed.delete("terraform"); // terraform_data: Terraform's own
      expect([stack, [...needed].sort()]).toEqual([stack, Object.keys(json.provider).sort()]);
      expect([stack, [...needed].sort()]).toEqual([stack, Object.keys(json.terraform.required_providers).sort()]);
    }
  });

  it("removes the output directory it created when a construct throws", () => {
    const outdir = path.join(tmp, "out");
    failure(outdir);
    expect(fs.existsSync(outdir)).toBe(false);
  });

  it("keeps an output directory that existed, empty, and removes only the stacks folder it made", () => {
    const outdir = path.join(tmp, "out");
    fs.mkdirSync(outdir);
    failure(outdir);
    expect(fs.readdirSync(outdir)).toEqual([]);
  });

  it("leaves an earlier output exactly as it was", () => {
    const outdir = path.join(tmp, "out");
    synthPlatform({ config: loadRepoConfig("default"), outdir });
    const file = path.join(outdir, "stacks", "k3s", "cdk.tf.json");
    const before = fs.readFileSync(file, "utf8");
    failure(outdir);
    expect(fs.readFileSync(file, "utf8")).toBe(before);
  });

  it("throws the error itself, and keeps what was written, when a stack fails while the app writes", () => {
    const outdir = path.join(tmp, "out");
    const failing = jest.spyOn(K3sStack.prototype, "toTerraform").mockImplementation(() => {
      throw new Error("k3s failed to synthesize");
    });
    try {
      expect(() => synthPlatform({ config: loadRepoConfig("default"), outdir })).toThrow("k3s failed to synthesize");
    } finally {
      failing.mockRestore();
    }
    expect(fs.existsSync(path.join(outdir, "stacks", "hcloud", "cdk.tf.json"))).toBe(true);
  });
});
