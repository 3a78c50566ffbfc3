import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, TerraformAsset, TerraformStack, TerraformVariable } from "cdktf";
import { parse } from "yaml";
import { KubernetesObject, ManifestRelease } from "../../src/kubernetes/manifest-release";
import { InternalError } from "../../src/validation";
import { MANIFEST_RELEASE_DEFAULTS, localChartDir } from "../../src/kubernetes/manifest-release";
import { errorOf, onlyResource, resourcesOf, synthScope } from "../helpers";
import { unusedTokens } from "../tokens";

const cm = (name: string): KubernetesObject => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name }, data: { a: "b" } });

describe("ManifestRelease", () => {
  it("matches the snapshot", () => {
    expect(
      synthScope((s) => new ManifestRelease(s, "M", { releaseName: "extras", namespace: "default", manifests: [cm("one")] })).json,
    ).toMatchSnapshot();
  });

  it("renders the objects as the values of the local chart, shipped once per stack as a relative asset", () => {
    const { parsed } = synthScope((s) => {
      new ManifestRelease(s, "A", { releaseName: "a", namespace: "default", manifests: [cm("one")] });
      new ManifestRelease(s, "B", { releaseName: "b", namespace: "default", manifests: [cm("two"), cm("three")] });
    });
    const releases = Object.values(resourcesOf(parsed, "helm_release"));
    expect(releases).toHaveLength(2);
    expect(new Set(releases.map((r) => r.chart)).size).toBe(1);
    expect(releases[0].chart).toMatch(/^\.\/assets\/ManifestsChart\/[0-9A-F]{32}$/);
    expect(parse((releases[1].values as string[])[0])).toEqual({ manifests: [cm("two"), cm("three")] });
  });

  it("writes the chart beside the stack and its template renders every listed object", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "manifests-"));
    try {
      const app = new App({ outdir, skipValidation: true }); // no provider: only the chart asset matters here
      const stack = new TerraformStack(app, "s");
      new ManifestRelease(stack, "A", { releaseName: "a", namespace: "default", manifests: [cm("one")] });
      app.synth();
      const json = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", "s", "cdk.tf.json"), "utf8"));
      const chart = path.join(outdir, "stacks", "s", onlyResource(json, "helm_release").chart as string);
      expect(parse(fs.readFileSync(path.join(chart, "Chart.yaml"), "utf8"))).toMatchObject({
        apiVersion: "v2",
        name: "manifests",
        type: "application",
      });
      expect(fs.readFileSync(path.join(chart, "templates", "manifests.yaml"), "utf8")).toContain("range .Values.manifests");
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  it("renders the objects with the system-upgrade-controller chart when asked, shipped once per stack beside the manifests chart", () => {
    const { parsed } = synthScope((s) => {
      new ManifestRelease(s, "A", { releaseName: "a", namespace: "default", manifests: [cm("one")], chart: "system-upgrade-controller" });
      new ManifestRelease(s, "B", { releaseName: "b", namespace: "default", manifests: [cm("two")], chart: "system-upgrade-controller" });
      new ManifestRelease(s, "C", { releaseName: "c", namespace: "default", manifests: [cm("three")] });
      expect(s.node.children.filter((c) => c instanceof TerraformAsset).map((c) => c.node.id)).toEqual([
        "SystemUpgradeControllerChart",
        "ManifestsChart",
      ]);
    });
    const releases = Object.fromEntries(Object.values(resourcesOf(parsed, "helm_release")).map((r) => [r.name, r]));
    expect(releases.a.chart).toMatch(/^\.\/assets\/SystemUpgradeControllerChart\/[0-9A-F]{32}$/);
    expect(releases.b.chart).toBe(releases.a.chart);
    expect(releases.c.chart).toMatch(/^\.\/assets\/ManifestsChart\/[0-9A-F]{32}$/);
    expect(parse((releases.b.values as string[])[0])).toEqual({ manifests: [cm("two")] });
  });

  it("writes the system-upgrade-controller chart with its placeholder Plan CRD in crds/", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "manifests-"));
    try {
      const app = new App({ outdir, skipValidation: true }); // no provider: only the chart asset matters here
      const stack = new TerraformStack(app, "s");
      new ManifestRelease(stack, "A", {
        releaseName: "a",
        namespace: "default",
        manifests: [cm("one")],
        chart: "system-upgrade-controller",
      });
      app.synth();
      const json = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", "s", "cdk.tf.json"), "utf8"));
      const chart = path.join(outdir, "stacks", "s", onlyResource(json, "helm_release").chart as string);
      expect(parse(fs.readFileSync(path.join(chart, "Chart.yaml"), "utf8"))).toMatchObject({
        apiVersion: "v2",
        name: "system-upgrade-controller",
        type: "application",
      });
      expect(parse(fs.readFileSync(path.join(chart, "crds", "plans.upgrade.cattle.io.yaml"), "utf8"))).toMatchObject({
        apiVersion: "apiextensions.k8s.io/v1",
        kind: "CustomResourceDefinition",
        metadata: { name: "plans.upgrade.cattle.io" },
        spec: { group: "upgrade.cattle.io", names: { kind: "Plan", plural: "plans" }, scope: "Namespaced" },
      });
      expect(fs.readFileSync(path.join(chart, "templates", "manifests.yaml"), "utf8")).toContain("range .Values.manifests");
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  it.each<[string, object, RegExp]>([
    ["no object", { manifests: [] }, /manifests: must list at least one object/],
    [
      "a release name over 53 characters",
      { releaseName: "r".repeat(54) },
      /releaseName: must be at most 53 characters \(Helm's limit for a release name\) \(got "r{54}"\)/,
    ],
    [
      "a bad namespace",
      { namespace: "Default" },
      /namespace: must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit \(got "Default"\)/,
    ],
    ["an unknown local chart", { chart: "traefik" }, /chart: must be one of "manifests", "system-upgrade-controller" \(got "traefik"\)/],
    [
      "an object without kind",
      { manifests: [{ apiVersion: "v1", metadata: { name: "x" } }] },
      /manifests\[0\]: must have apiVersion and kind/,
    ],
    [
      "an object without name",
      { manifests: [{ apiVersion: "v1", kind: "ConfigMap", metadata: {} }] },
      /manifests\[0\]\.metadata\.name: is required \(string\)/,
    ],
    ["the same object twice", { manifests: [cm("x"), cm("x")] }, /manifests\[1\]: ConfigMap 'x' is listed twice/],
    [
      "the same object twice, once in the release's namespace by default",
      { manifests: [cm("x"), { ...cm("x"), metadata: { name: "x", namespace: "default" } }] },
      /manifests\[1\]: ConfigMap 'x' is listed twice/,
    ],
    [
      "an object without metadata",
      { manifests: [{ apiVersion: "v1", kind: "ConfigMap" }] },
      /manifests\[0\]\.metadata\.name: is required \(string\)/,
    ],
    [
      "an object without apiVersion, with what it has",
      { manifests: [{ kind: "ConfigMap", metadata: { name: "x" } }] },
      /manifests\[0\]: must have apiVersion and kind \(got \{"kind":"ConfigMap"\}\)/,
    ],
  ])("rejects %s", (_name, override, expected) => {
    const message = errorOf(() =>
      synthScope((s) => new ManifestRelease(s, "M", { releaseName: "extras", namespace: "default", manifests: [cm("one")], ...override })),
    );
    expect(message).toMatch(/^test\/M props:/);
    expect(message).toMatch(expected);
  });

  it("names the field of a bad object name, and calls two nameless objects two missing names, not a duplicate", () => {
    const issuesOf = (manifests: KubernetesObject[]) =>
      errorOf(() => synthScope((s) => new ManifestRelease(s, "M", { releaseName: "extras", namespace: "default", manifests })))
        .split("\n")
        .slice(1);
    expect(issuesOf([cm("one"), cm("Not_A_Name")])).toEqual([
      expect.stringMatching(/^ {2}- manifests\[1\]\.metadata\.name: must be a DNS-1123 subdomain.*\(got "Not_A_Name"\)$/),
    ]);
    // What a JavaScript caller, or one that casts, can pass.
    const nameless = { apiVersion: "v1", kind: "ConfigMap", metadata: {} } as KubernetesObject;
    const nullName = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: null } } as unknown as KubernetesObject;
    expect(issuesOf([nameless, nameless, nullName, nullName])).toEqual([
      "  - manifests[0].metadata.name: is required (string)",
      "  - manifests[1].metadata.name: is required (string)",
      "  - manifests[2].metadata.name: is required (string)",
      "  - manifests[3].metadata.name: is required (string)",
    ]);
  });

  it("takes one name in two namespaces for two objects", () => {
    const other = { ...cm("x"), metadata: { name: "x", namespace: "other" } };
    expect(() =>
      synthScope((s) => new ManifestRelease(s, "M", { releaseName: "extras", namespace: "default", manifests: [cm("x"), other] })),
    ).not.toThrow();
  });

  it("writes a script as a literal block and a long line unfolded, as they run", () => {
    const script = `#!/bin/sh\necho ${"word ".repeat(30)}\n`;
    const { parsed } = synthScope(
      (s) => new ManifestRelease(s, "M", { releaseName: "extras", namespace: "default", manifests: [{ ...cm("x"), data: { script } }] }),
    );
    const values = (onlyResource(parsed, "helm_release").values as string[])[0];
    expect(values).toContain(`script: |\n        #!/bin/sh\n        echo ${"word ".repeat(30)}\n`);
    expect(parse(values).manifests[0].data.script).toBe(script);
  });

  it("accepts tokens for every prop it validates, and for names and numbers in the objects", () => {
    expect(
      unusedTokens((scope, t) => {
        new ManifestRelease(scope, "M", {
          releaseName: t.string("release"),
          namespace: t.string("ns"),
          manifests: [
            { apiVersion: "v1", kind: "ConfigMap", metadata: { name: t.string("name"), namespace: t.string("objectNs") }, data: {} },
            { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "d" }, spec: { replicas: t.number("replicas") } },
          ],
        });
      }),
    ).toEqual([]);
  });

  it("still refuses an object without apiVersion when its kind is a token", () => {
    const text = errorOf(() =>
      unusedTokens((scope, t) => {
        new ManifestRelease(scope, "M", {
          releaseName: "r",
          namespace: "default",
          manifests: [{ kind: t.string("kind"), metadata: { name: "x" } } as never],
        });
      }),
    );
    expect(text).toContain("manifests[0]: must have apiVersion and kind");
  });

  it("writes a number token as a number for Helm", () => {
    const { parsed } = synthScope((s) => {
      const replicas = new TerraformVariable(s, "replicas", { type: "number" });
      new ManifestRelease(s, "M", {
        releaseName: "r",
        namespace: "default",
        manifests: [{ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "d" }, spec: { replicas: replicas.numberValue } }],
      });
    });
    expect((onlyResource(parsed, "helm_release").values as string[])[0]).toContain("replicas: ${var.replicas}\n");
  });

  it("refuses a token for the local chart, which picks the folder shipped with the stack", () => {
    const message = errorOf(() =>
      synthScope((s) => {
        const chart = new TerraformVariable(s, "chart", { type: "string" }).stringValue;
        new ManifestRelease(s, "M", { releaseName: "r", namespace: "default", manifests: [cm("one")], chart: chart as never });
      }),
    );
    expect(message).toContain("chart: must be known at synth time, not a token (it picks the chart folder shipped with the stack)");
  });

  it("has its default chart in MANIFEST_RELEASE_DEFAULTS", () => {
    expect(MANIFEST_RELEASE_DEFAULTS).toEqual({ chart: "manifests" });
  });

  it("finds the nearest charts/<name> holding a Chart.yaml, above a folder without one", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "charts-"));
    try {
      const from = path.join(root, "a", "b");
      fs.mkdirSync(path.join(from, "charts", "manifests"), { recursive: true }); // no Chart.yaml: not the chart
      fs.mkdirSync(path.join(root, "a", "charts", "manifests"), { recursive: true });
      fs.writeFileSync(path.join(root, "a", "charts", "manifests", "Chart.yaml"), "name: manifests\n");
      expect(localChartDir("manifests", from)).toBe(path.join(root, "a", "charts", "manifests"));
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it("compares only names Terraform does not fill in: two tokens may differ", () => {
    expect(() =>
      synthScope((scope) => {
        const name = new TerraformVariable(scope, "name", { type: "string" }).stringValue;
        new ManifestRelease(scope, "R", { releaseName: "r", namespace: "default", manifests: [cm(name), cm(name)] });
      }),
    ).not.toThrow();
  });

  it("raises an InternalError, not a ValidationError, for a chart folder the package lacks", () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), "no-charts-"));
    try {
      expect(() => localChartDir("manifests", outside)).toThrow(InternalError);
      expect(() => localChartDir("manifests", outside)).toThrow(/charts\/manifests not found above .*no-charts-.*: the package ships it/);
      expect(localChartDir("manifests")).toMatch(/charts\/manifests$/);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });
});
