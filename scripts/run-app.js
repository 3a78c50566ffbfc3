#!/usr/bin/env node
// The app command of cdktf.json: runs main.ts as fast as Node 20 allows.
//
// main.ts and everything it imports are bundled by esbuild into one CommonJS file (types are
// stripped, not checked: `npm run typecheck` checks them with tsc), kept in node_modules/.cache/app
// until one of the project's own source files or package-lock.json changes. The bundle is run
// through vm.Script with V8's code cache, so later synths skip parsing and compiling ~5 MB of
// JavaScript. The output is byte-identical to running main.ts directly (a test checks it):
//   node -r ./scripts/register.js main.ts
"use strict";
const fs = require("fs");
const Module = require("module");
const path = require("path");
const vm = require("vm");

const ROOT = path.join(__dirname, "..");
const CACHE = path.join(ROOT, "node_modules", ".cache", "app");
const BUNDLE = path.join(CACHE, "main.js");
const META = path.join(CACHE, "main.meta.json");
// V8 rejects a code cache made under other flags (the cdktf CLI runs the app with
// NODE_OPTIONS=--max-old-space-size=4096), so keep one cache per set of flags.
const FLAGS = require("crypto")
  .createHash("sha1")
  .update(`${process.env.NODE_OPTIONS ?? ""}\0${process.execArgv.join(" ")}`)
  .digest("hex")
  .slice(0, 12);
const CODE_CACHE = path.join(CACHE, `main.${FLAGS}.v8`);

/**
 * cdktf records a full, formatted stack trace for every token it creates (tens of thousands per
 * synth), only to quote it if that token later fails to resolve: a third of the synth time of a
 * large cluster. In the bundle they are recorded only with CDKTF_TOKEN_STACK_TRACES=1, which you
 * set when cdktf reports a token error whose "Object creation stack" you need.
 */
const lazyTokenStackTraces = {
  name: "lazy-token-stack-traces",
  setup(build) {
    build.onLoad({ filter: /[\\/]cdktf[\\/]lib[\\/]tokens[\\/]private[\\/]stack-trace\.js$/ }, (args) => {
      const original = fs.readFileSync(args.path, "utf8").replace(/^\/\/# sourceMappingURL=.*$/m, "");
      const patched = original.replace(
        "function captureStackTrace(below) {",
        "function captureStackTrace(below) {\n    if (!process.env.CDKTF_TOKEN_STACK_TRACES) return [];",
      );
      if (patched === original) throw new Error(`${args.path} changed: update the lazy-token-stack-traces plugin`);
      return { contents: patched, loader: "js" };
    });
  },
};

/**
 * src/kubernetes/model-classes.ts loads the ESM-only @kubernetes-models files by path, which esbuild
 * cannot follow; through Node's ES module loader they cost ~45 ms per synth. The bundle takes
 * model-classes.bundled.ts instead, which imports the same files by name, so they are bundled too.
 */
const bundledModelClasses = {
  name: "bundled-model-classes",
  setup(build) {
    build.onResolve({ filter: /^\.\/model-classes$/ }, (args) => ({ path: path.join(args.resolveDir, "model-classes.bundled.ts") }));
  },
};

function writeAtomic(file, data) {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

function stamp(file) {
  return fs.statSync(path.join(ROOT, file)).mtimeMs;
}

/** The bundle is current when it was built by this Node and every own input and the lock file are unchanged. */
function isCurrent() {
  let meta;
  try {
    meta = JSON.parse(fs.readFileSync(META, "utf8"));
  } catch {
    return false;
  }
  if (meta.node !== process.version || !fs.existsSync(BUNDLE)) return false;
  try {
    return Object.entries(meta.inputs).every(([file, mtime]) => stamp(file) === mtime);
  } catch {
    return false; // an input was removed
  }
}

async function build() {
  const esbuild = require("esbuild");
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: ["main.ts"],
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    outfile: BUNDLE,
    write: false,
    metafile: true,
    plugins: [lazyTokenStackTraces, bundledModelClasses],
    logLevel: "error",
  });
  fs.mkdirSync(CACHE, { recursive: true });
  const own = Object.keys(result.metafile.inputs).filter((f) => !f.startsWith("node_modules/"));
  const inputs = Object.fromEntries([...own, "package-lock.json", "scripts/run-app.js"].map((f) => [f, stamp(f)]));
  writeAtomic(BUNDLE, result.outputFiles[0].text);
  for (const f of fs.readdirSync(CACHE)) if (f.endsWith(".v8")) fs.rmSync(path.join(CACHE, f), { force: true });
  writeAtomic(META, JSON.stringify({ node: process.version, inputs }));
}

function run() {
  const code = fs.readFileSync(BUNDLE, "utf8");
  let cachedData;
  try {
    cachedData = fs.readFileSync(CODE_CACHE);
  } catch {
    // first run after a build
  }
  const script = new vm.Script(Module.wrap(code), { filename: BUNDLE, cachedData });
  const bundle = new Module(BUNDLE, module);
  bundle.filename = BUNDLE;
  bundle.paths = Module._nodeModulePaths(CACHE);
  const localRequire = (id) => bundle.require(id);
  localRequire.resolve = (request, options) => Module._resolveFilename(request, bundle, false, options);
  localRequire.cache = Module._cache;
  localRequire.main = bundle;

  script.runInThisContext().call(bundle.exports, bundle.exports, localRequire, bundle, BUNDLE, CACHE);

  // After the run, the cache also holds the functions compiled while running.
  if (cachedData === undefined || script.cachedDataRejected) {
    try {
      writeAtomic(CODE_CACHE, script.createCachedData());
    } catch {
      // a read-only checkout still works, only slower
    }
  }
}

if (isCurrent()) run();
else
  build().then(run, (e) => {
    console.error(e);
    process.exit(1);
  });
