#!/usr/bin/env node
// Benchmark of synthesis and tests: medians of N runs (default 5) of wall time and peak RSS,
// measured with GNU time around each command. Usage: npm run bench [-- --runs 7 --no-tests]
"use strict";
const { spawnSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");
const { parse, stringify } = require("yaml");

const ROOT = path.join(__dirname, "..");
const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf("--runs") + 1]) || 5;
const WITH_TESTS = !args.includes("--no-tests");
const TIME = "/usr/bin/time";
if (!fs.existsSync(TIME)) {
  console.error("GNU time is required: apt-get install time");
  process.exit(1);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bench-"));
const app = JSON.parse(fs.readFileSync(path.join(ROOT, "cdktf.json"), "utf8")).app;
const env = { ...process.env, CHECKPOINT_DISABLE: "1" };

/** Runs `command` RUNS times under GNU time; returns median wall seconds and median peak RSS in MB. */
function measure(command, { cwd = ROOT, extraEnv = {}, runs = RUNS } = {}) {
  const walls = [];
  const rss = [];
  for (let i = 0; i < runs; i++) {
    const outdir = path.join(tmp, `out-${i}`);
    const r = spawnSync(TIME, ["-f", "%e %M", "sh", "-c", command], {
      cwd,
      env: { ...env, CDKTF_OUTDIR: outdir, ...extraEnv },
      encoding: "utf8",
    });
    const last = r.stderr.trim().split("\n").pop();
    if (r.status !== 0) throw new Error(`${command} failed:\n${r.stderr}`);
    const [wall, kb] = last.split(" ").map(Number);
    walls.push(wall);
    rss.push(kb / 1024);
    fs.rmSync(outdir, { recursive: true, force: true });
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { wall: median(walls), rss: median(rss) };
}

// A config with 50 storage nodes and 20 recurring jobs, derived from the default one.
const big = parse(fs.readFileSync(path.join(ROOT, "config", "default.yaml"), "utf8"));
big.hcloud.nodePools.find((p) => p.name === big.longhorn.storagePool).count = 50;
big.longhorn.recurringJobs = Array.from({ length: 20 }, (_, i) => ({
  name: `job-${i + 1}`,
  cron: `${i} 1 * * *`,
  task: "backup",
  retain: 3,
}));
const bigFile = path.join(tmp, "scale.yaml");
fs.writeFileSync(bigFile, stringify(big));

// An empty cdktf app, to measure what the CLI costs by itself.
const emptyDir = path.join(tmp, "empty");
fs.mkdirSync(emptyDir);
fs.writeFileSync(
  path.join(emptyDir, "cdktf.json"),
  JSON.stringify({ language: "typescript", app: "node app.js", sendCrashReports: "false" }),
);
fs.writeFileSync(
  path.join(emptyDir, "app.js"),
  `const { App, TerraformStack } = require(${JSON.stringify(require.resolve("cdktf"))});\nconst app = new App();\nnew TerraformStack(app, "empty");\napp.synth();\n`,
);
const cli = path.join(ROOT, "node_modules", ".bin", "cdktf");

const rows = [];
const add = (name, m, note = "") => {
  rows.push({ name, ...m, note });
  process.stderr.write(`${name}: ${m.wall.toFixed(2)} s, ${m.rss.toFixed(0)} MB\n`);
};

const floor = measure(`node -e "require('cdktf')"`);
add("floor: node -e \"require('cdktf')\"", floor);
const synth = measure(app);
add("app synth, default config", synth, `${(synth.wall / floor.wall).toFixed(2)}x floor`);
const scaled = measure(app, { extraEnv: { PLATFORM_CONFIG: bigFile } });
add("app synth, 50 storage nodes + 20 jobs", scaled, `${(scaled.wall / synth.wall).toFixed(2)}x default`);
const cliEmpty = measure(`${cli} synth`, { cwd: emptyDir, extraEnv: { CDKTF_OUTDIR: "" } });
add("cdktf synth (CLI), empty app", cliEmpty);
const cliOurs = measure(`${cli} synth`, { extraEnv: { CDKTF_OUTDIR: "" } });
add("cdktf synth (CLI), this app", cliOurs, `+${(((cliOurs.wall - cliEmpty.wall) / cliEmpty.wall) * 100).toFixed(0)}% over empty`);
if (WITH_TESTS)
  add("npm test (whole suite)", measure("npm test --silent >/dev/null 2>&1", { runs: Math.min(RUNS, 3) }), "median of up to 3 runs");

fs.rmSync(tmp, { recursive: true, force: true });
const cpu = os.cpus().length;
console.log(`\n${cpu} cores, Node ${process.version}, ${RUNS} runs each (median)\n`);
console.log("| what | wall | peak RSS | |\n|---|---|---|---|");
for (const r of rows) console.log(`| ${r.name} | ${r.wall.toFixed(2)} s | ${r.rss.toFixed(0)} MB | ${r.note} |`);
