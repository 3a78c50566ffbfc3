import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.join(__dirname, "..", "..");
const PARSE = `require("@cdktf/hcl2json").parse("cdk.tf", require("fs").readFileSync(0, "utf8"))
  .then((j) => { process.stdout.write(JSON.stringify(j)); process.exit(0); }, (e) => { console.error(String(e)); process.exit(1); });`;

describe("npm run synth:hcl (the way out of CDKTF)", () => {
  let out: string;
  let jsonOut: string;
  beforeAll(async () => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), "hcl-"));
    execFileSync("node", [path.join(ROOT, "scripts", "synth-hcl.js"), "--output", out], { cwd: ROOT, stdio: "pipe" });
    jsonOut = fs.mkdtempSync(path.join(os.tmpdir(), "json-"));
    const app = JSON.parse(fs.readFileSync(path.join(ROOT, "cdktf.json"), "utf8")).app as string;
    execFileSync(app, { shell: "/bin/sh", cwd: ROOT, stdio: "pipe", env: { ...process.env, CDKTF_OUTDIR: jsonOut } });
  }, 60_000);
  afterAll(() => {
    fs.rmSync(out, { recursive: true, force: true });
    fs.rmSync(jsonOut, { recursive: true, force: true });
  });

  /**
   * Parses HCL with cdktf's hcl2json (Terraform's own HCL parser compiled to wasm), in a child
   * process: the Go runtime keeps handles open that would hold Jest.
   */
  const parse = (text: string): Record<string, any> =>
    JSON.parse(
      execFileSync("node", ["-e", PARSE], {
        input: text,
        encoding: "utf8",
        env: { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null" }, // else it warns about ~/.terraformrc
      }),
    );

  const addresses = (doc: Record<string, any>) =>
    Object.entries((doc.resource ?? {}) as Record<string, object>)
      .flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`))
      .sort();

  it.each(["hcloud", "k3s"])("writes valid HCL for stack %s with the same resources as the JSON synth", (stack) => {
    const hcl = parse(fs.readFileSync(path.join(out, "stacks", stack, "cdk.tf"), "utf8"));
    const json = JSON.parse(fs.readFileSync(path.join(jsonOut, "stacks", stack, "cdk.tf.json"), "utf8"));
    expect(addresses(hcl).length).toBeGreaterThan(10);
    expect(addresses(hcl)).toEqual(addresses(json));
    expect(Object.keys(hcl.variable ?? {}).sort()).toEqual(Object.keys(json.variable ?? {}).sort());
    expect(Object.keys(hcl.output ?? {}).sort()).toEqual(Object.keys(json.output ?? {}).sort());
    for (const [name, server] of Object.entries((json.resource.hcloud_server ?? {}) as Record<string, any>)) {
      expect(hcl.resource.hcloud_server[name][0].firewall_ids).toEqual(server.firewall_ids); // references in number lists
    }
  });

  it("renders the helm provider's kubernetes as an object attribute (helm provider 3.x), not a block", () => {
    const text = fs.readFileSync(path.join(out, "stacks", "k3s", "cdk.tf"), "utf8");
    expect(text).toMatch(/provider "helm" \{\n\s+kubernetes = \{/);
    const hcl = parse(text);
    expect(hcl.provider.helm[0].kubernetes).toEqual({ config_context: "kube", config_path: "~/.kube/config" });
  });

  it("ships the manifests chart next to the HCL, at the path the releases use", () => {
    const text = fs.readFileSync(path.join(out, "stacks", "k3s", "cdk.tf"), "utf8");
    const chart = /chart\s+= "(\.\/assets\/ManifestsChart\/[0-9A-F]+)"/.exec(text)![1];
    expect(fs.existsSync(path.join(out, "stacks", "k3s", chart, "Chart.yaml"))).toBe(true);
  });
});
