#!/usr/bin/env node
// Benchmark of synthesis and tests: medians of N runs (default 11; 5 for the CLI and npm test) of
// wall time (clock around the process) and peak RSS (GNU time). Commands that are compared with each
// other run in turns, so a slower or faster spell of the machine affects them alike.
// Usage: npm run bench [-- --runs 21 --no-tests]
"use strict";
const { spawnSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");
const { parse, stringify } = require("yaml");

const ROOT = path.join(__dirname, "..");
const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf("--runs") + 1]) || 11;
const WITH_TESTS = !args.includes("--no-tests");
const TIME = "/usr/bin/time";
if (!fs.existsSync(TIME)) {
  console.error("GNU time is required: apt-get install time");
  process.exit(1);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bench-"));
const app = JSON.parse(fs.readFileSync(path.join(ROOT, "cdktf.json"), "utf8")).app;
const env = { ...process.env, CHECKPOINT_DISABLE: "1" };

/**
 * Runs the commands `runs` times each, in turns, under GNU time; returns, by command, the median wall
 * time in seconds (measured here, to the microsecond) and the median peak RSS in MB.
 */
function measure(commands, runs = RUNS) {
  const samples = commands.map(() => ({ walls: [], rss: [] }));
  for (let i = 0; i < runs; i++) {
    commands.forEach(({ command, cwd = ROOT, extraEnv = {} }, c) => {
      const outdir = path.join(tmp, `out-${c}-${i}`);
      const start = process.hrtime.bigint();
      const r = spawnSync(TIME, ["-f", "%M", "sh", "-c", command], {
        cwd,
        env: { ...env, CDKTF_OUTDIR: outdir, ...extraEnv },
        encoding: "utf8",
      });
      const wall = Number(process.hrtime.bigint() - start) / 1e9;
      if (r.status !== 0) throw new Error(`${command} failed:\n${r.stderr}`);
      samples[c].walls.push(wall);
      samples[c].rss.push(Number(r.stderr.trim().split("\n").pop()) / 1024);
      fs.rmSync(outdir, { recursive: true, force: true });
    });
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return samples.map(({ walls, rss }) => ({ wall: median(walls), rss: median(rss) }));
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
  process.stderr.write(`${name}: ${m.wall.toFixed(3)} s, ${m.rss.toFixed(0)} MB\n`);
};

const [floor, synth, scaled] = measure([
  { command: `node -e "require('cdktf')"` },
  { command: app },
  { command: app, extraEnv: { PLATFORM_CONFIG: bigFile } },
]);
add("floor: node -e \"require('cdktf')\"", floor);
add("app synth, default config", synth, `${(synth.wall / floor.wall).toFixed(2)}x floor`);
add("app synth, 50 storage nodes + 20 jobs", scaled, `${(scaled.wall / synth.wall).toFixed(2)}x default`);
const [cliEmpty, cliOurs] = measure(
  [
    { command: `${cli} synth`, cwd: emptyDir, extraEnv: { CDKTF_OUTDIR: "" } },
    { command: `${cli} synth`, extraEnv: { CDKTF_OUTDIR: "" } },
  ],
  Math.min(RUNS, 5),
);
add("cdktf synth (CLI), empty app", cliEmpty);
add(
  "cdktf synth (CLI), this app",
  cliOurs,
  `${cliOurs.wall >= cliEmpty.wall ? "+" : ""}${(((cliOurs.wall - cliEmpty.wall) / cliEmpty.wall) * 100).toFixed(0)}% over empty`,
);
if (WITH_TESTS) {
  const [tests] = measure([{ command: "npm test --silent >/dev/null 2>&1" }], Math.min(RUNS, 5));
  add("npm test (whole suite)", tests);
}

fs.rmSync(tmp, { recursive: true, force: true });
const cpu = os.cpus().length;
console.log(`\n${cpu} cores, Node ${process.version}, medians of ${RUNS} runs (CLI and npm test: ${Math.min(RUNS, 5)})\n`);
console.log("| what | wall | peak RSS | |\n|---|---|---|---|");
for (const r of rows) console.log(`| ${r.name} | ${r.wall.toFixed(3)} s | ${r.rss.toFixed(0)} MB | ${r.note} |`);
