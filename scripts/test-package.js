#!/usr/bin/env node
// Packs the library (npm pack), installs the tarball into a fresh temporary project with
// its peer dependencies, type-checks and runs examples/consumer/main.ts there (the same
// snippet as README's "Use as a library"), and checks the stack it synthesizes.
"use strict";
const { execFileSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const ROOT = path.join(__dirname, "..");
const pkg = require(path.join(ROOT, "package.json"));
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" });
const fail = (message) => {
  console.error(`test:package FAILED: ${message}`);
  process.exit(1);
};

const example = fs.readFileSync(path.join(ROOT, "examples", "consumer", "main.ts"), "utf8");
if (!fs.readFileSync(path.join(ROOT, "README.md"), "utf8").includes(example.trim())) {
  fail("README's 'Use as a library' snippet differs from examples/consumer/main.ts");
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "consumer-"));
try {
  const [{ filename, files }] = JSON.parse(run("npm", ["pack", "--json", "--pack-destination", tmp], ROOT));
  const packed = files.map((f) => f.path);
  for (const required of [
    "dist/index.js",
    "dist/index.d.ts",
    "charts/manifests/Chart.yaml",
    "charts/manifests/templates/manifests.yaml",
    "charts/system-upgrade-controller/Chart.yaml",
    "charts/system-upgrade-controller/crds/plans.upgrade.cattle.io.yaml",
    "charts/system-upgrade-controller/templates/manifests.yaml",
  ]) {
    if (!packed.includes(required)) fail(`${required} is missing from the tarball`);
  }
  for (const leaked of packed.filter((f) => /^(test|src|stacks|config)\/|\.tfstate/.test(f))) fail(`${leaked} must not be in the tarball`);

  const app = path.join(tmp, "app");
  fs.mkdirSync(app);
  fs.writeFileSync(path.join(app, "package.json"), JSON.stringify({ name: "consumer", private: true, version: "1.0.0" }));
  const peers = Object.keys(pkg.peerDependencies).map((name) => `${name}@${pkg.devDependencies[name]}`);
  run(
    "npm",
    [
      "install",
      "--no-audit",
      "--no-fund",
      "--prefer-offline",
      path.join(tmp, filename),
      ...peers,
      `typescript@${pkg.devDependencies.typescript}`,
      `@types/node@${pkg.devDependencies["@types/node"]}`,
    ],
    app,
  );

  fs.copyFileSync(path.join(ROOT, "examples", "consumer", "main.ts"), path.join(app, "main.ts"));
  const tsconfig = {
    compilerOptions: {
      target: "ES2022",
      module: "commonjs",
      strict: true,
      esModuleInterop: true,
      skipLibCheck: true,
      outDir: "out",
      types: ["node"],
    },
    files: ["main.ts"],
  };
  fs.writeFileSync(path.join(app, "tsconfig.json"), JSON.stringify(tsconfig));
  run(path.join(app, "node_modules", ".bin", "tsc"), ["-p", "."], app);
  run("node", [path.join("out", "main.js")], app);

  const stack = JSON.parse(fs.readFileSync(path.join(app, "cdktf.out", "stacks", "storage", "cdk.tf.json"), "utf8"));
  const releases = Object.values(stack.resource.helm_release).map((r) => r.name);
  if (JSON.stringify(releases.sort()) !== JSON.stringify(["longhorn", "longhorn-recurring-jobs"])) fail(`unexpected releases ${releases}`);
  const jobs = Object.values(stack.resource.helm_release).find((r) => r.name === "longhorn-recurring-jobs");
  const chart = path.join(app, "cdktf.out", "stacks", "storage", jobs.chart);
  if (!fs.existsSync(path.join(chart, "Chart.yaml"))) fail(`the manifests chart was not shipped with the consumer's stack (${jobs.chart})`);
  if (!stack.resource.kubernetes_storage_class_v1) fail("no StorageClass synthesized");
  // The cross-stack token: the backup endpoint comes from the shared stack's variable, through an
  // output of that stack and a remote state here, never as text Longhorn's check refused.
  const secret = Object.values(stack.resource.kubernetes_secret_v1)[0];
  if (!/^https:\/\/\$\{data\.terraform_remote_state\./.test(secret.data.AWS_ENDPOINTS))
    fail(`the backup endpoint is not the other stack's value: ${secret.data.AWS_ENDPOINTS}`);
  const shared = JSON.parse(fs.readFileSync(path.join(app, "cdktf.out", "stacks", "shared", "cdk.tf.json"), "utf8"));
  if (!Object.keys(shared.output ?? {}).length) fail("the shared stack exports nothing to the storage stack");
  console.log(
    `test:package: 1 passed, 0 failed (${packed.length} files packed, consumer stack synthesized with ${releases.length} releases)`,
  );
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
