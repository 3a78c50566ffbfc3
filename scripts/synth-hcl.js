#!/usr/bin/env node
// `npm run synth:hcl [-- --output DIR]`: both stacks as HCL (cdk.tf), to keep the generated Terraform
// if you leave CDKTF (archived upstream). Runs `cdktf synth --hcl`, then corrects what cdktf 0.21's HCL
// renderer gets wrong (a test parses the result and compares it with the JSON synth):
// - helm provider 3.x takes `kubernetes` as an object attribute (`kubernetes = { ... }`), which cdktf
//   renders as a block;
// - a reference inside a list of numbers or booleans (e.g. a server's `firewall_ids`) is written as a
//   bare `${...}`, which is not HCL (terraform fmt then prints `$ { ... }`): write the bare expression.
"use strict";
const { execFileSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const ROOT = path.join(__dirname, "..");
const args = process.argv.slice(2);
const output = path.resolve(args.includes("--output") ? args[args.indexOf("--output") + 1] : path.join(ROOT, "cdktf.out"));

execFileSync(path.join(ROOT, "node_modules", ".bin", "cdktf"), ["synth", "--hcl", "--output", output], {
  cwd: ROOT,
  stdio: ["ignore", "ignore", "inherit"],
  env: { ...process.env, CHECKPOINT_DISABLE: "1" },
});

/** Rewrites `kubernetes {` to `kubernetes = {` inside `provider "helm" { ... }` blocks. */
function fixHelmProvider(hcl) {
  return hcl.replace(/(provider "helm" \{\n(?:[ \t]+alias[^\n]*\n)?[ \t]+)kubernetes \{/g, "$1kubernetes = {");
}

/** Turns list elements written as `$ { expr }` (or `${expr}`) into the bare expression `expr`. */
function fixBareInterpolations(hcl) {
  return hcl.replace(/^([ \t]+)\$ ?\{ ?([A-Za-z_][\w.\-[\]"*]*?) ?\}(,?)$/gm, "$1$2$3");
}

const stacksDir = path.join(output, "stacks");
for (const stack of fs.readdirSync(stacksDir)) {
  const file = path.join(stacksDir, stack, "cdk.tf");
  fs.writeFileSync(file, fixBareInterpolations(fixHelmProvider(fs.readFileSync(file, "utf8"))));
  process.stdout.write(`${path.relative(process.cwd(), file) || file}\n`);
}
