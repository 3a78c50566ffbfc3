// Require hook that runs the app's TypeScript without a build step: sucrase strips the
// types (no type-check: `npm run typecheck` does that with tsc), and the output is cached by
// content hash in node_modules/.cache, so an unchanged file is never transformed twice and
// sucrase is not even loaded when every file is cached. Sucrase keeps line numbers, so
// stack traces point at the right lines without source maps.
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");
const { addHook } = require("pirates");

const CACHE = path.join(__dirname, "..", "node_modules", ".cache", "sucrase-app");
let sucrase;

function compile(code, filename) {
  const key = crypto.createHash("sha1").update(filename).update("\0").update(code).digest("hex");
  const cached = path.join(CACHE, `${key}.js`);
  try {
    return fs.readFileSync(cached, "utf8");
  } catch {
    // not cached yet
  }
  sucrase ??= require("sucrase");
  const out = sucrase.transform(code, { transforms: ["imports", "typescript"], filePath: filename }).code;
  try {
    fs.mkdirSync(CACHE, { recursive: true });
    const tmp = `${cached}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, out);
    fs.renameSync(tmp, cached);
  } catch {
    // a read-only checkout still works, only slower
  }
  return out;
}

addHook(compile, { exts: [".ts"], ignoreNodeModules: true });
