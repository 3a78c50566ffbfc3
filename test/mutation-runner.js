// Jest runner of `npm run test:mutation` (jest.mutation.config.js): Jest's own runner, given only the
// test files that hold a test Stryker asks for, in the order most likely to kill the mutant soon.
//
// For each mutant, Stryker runs Jest with --findRelatedTests (every test file that imports the mutated
// file, most of the suite for a shared module) and a test name pattern (the tests that cover the mutant).
// Jest would load every one of those files, build its stacks at the top level, and then skip the tests
// that do not match. This runner records, in the dry run (no pattern), which file holds each test and
// how long the file took. For a mutant it leaves out the files that hold none of the pattern's tests (a
// file it has no record of always runs; without a pattern, every related file runs), and runs the others
// one by one: first the mutated file's own test file (test/ mirrors src/), then the files that killed the
// most mutants of the same file in this run, then the rest of its folder, then the others, the fastest
// first in each group. It stops after the first file with a failing test,
// which kills the mutant (Stryker's `bail`, which Jest's runCLI cannot do; the rest of that file still
// runs, and `--disableBail` is not honoured); a surviving mutant runs every covering test.
"use strict";
const fs = require("fs");
const path = require("path");
const TestRunner = require("jest-runner").default;

/** Where the dry run leaves each file's test names and time (in Stryker's sandbox, shared by its workers). */
const RECORD = ".mutation-test-files.json";
/** Which test file killed a mutant of which source file, one `<source>\t<test file>` line per kill (same sandbox). */
const KILLS = ".mutation-kills.tsv";

/** How many mutants of `source` each test file has killed so far in this run. */
function killsOf(root, source) {
  let text = "";
  try {
    text = fs.readFileSync(path.join(root, KILLS), "utf8");
  } catch {
    // no kill yet
  }
  const counts = new Map();
  for (const line of text.split("\n")) {
    const [from, test] = line.split("\t");
    if (from === source && test) counts.set(test, (counts.get(test) ?? 0) + 1);
  }
  return counts;
}

/** test/<dir>/<name>.test.ts for src/<dir>/<name>.ts or stacks/<name>.ts. */
function ownTestFile(relative) {
  return path.join("test", relative.replace(/^src\//, "").replace(/\.ts$/, ".test.ts"));
}

class MutationTestRunner extends TestRunner {
  async runTests(tests, watcher, options) {
    const root = this._globalConfig.rootDir;
    const record = path.join(root, RECORD);
    const pattern = this._globalConfig.testNamePattern;
    if (process.env.__STRYKER_ACTIVE_MUTANT__ === undefined) {
      const files = {};
      const off = this.on("test-file-success", ([test, result]) => {
        files[path.relative(root, test.path)] = {
          names: result.testResults.map((r) => r.fullName),
          ms: result.perfStats.runtime,
        };
      });
      try {
        return await super.runTests(tests, watcher, options);
      } finally {
        off();
        fs.writeFileSync(record, JSON.stringify(files));
        fs.writeFileSync(path.join(root, KILLS), ""); // a run starts with no kill history, whatever the sandbox holds
      }
    }
    let files;
    try {
      files = JSON.parse(fs.readFileSync(record, "utf8"));
    } catch {
      return super.runTests(tests, watcher, options); // no dry run recorded: run them all
    }
    const mutated = (this._globalConfig.nonFlagArgs ?? []).map((file) => path.relative(root, fs.realpathSync(file)));
    const source = mutated.join(",");
    const own = new Set(mutated.map(ownTestFile));
    const folders = [...new Set([...own].map((file) => path.dirname(file) + path.sep))];
    const kills = killsOf(root, source);
    // Order: the mutated file's own test file; then the files that killed the most mutants of the same
    // file so far in this run (a table of constants is checked by a suite elsewhere: its next mutant most
    // likely dies there too); then the rest of its folder (test/<concern>/), then the others; the fastest
    // first where nothing else decides.
    const inFolder = (relative) => folders.some((f) => relative.startsWith(f));
    const rank = (a, b) =>
      Number(own.has(b.relative)) - Number(own.has(a.relative)) ||
      (kills.get(b.relative) ?? 0) - (kills.get(a.relative) ?? 0) ||
      Number(inFolder(b.relative)) - Number(inFolder(a.relative)) ||
      (files[a.relative]?.ms ?? 0) - (files[b.relative]?.ms ?? 0);
    const candidates = tests.map((test) => ({ test, relative: path.relative(root, test.path) }));
    // Without a pattern, the mutant runs while test files load (a stack built in a describe block): Stryker
    // cannot name its tests and runs every related file, in the order above.
    const wanted = pattern ? new RegExp(pattern, "i") : undefined; // as Jest matches it
    const holding = candidates.filter(
      ({ relative }) => !wanted || !files[relative] || files[relative].names.some((name) => wanted.test(name)),
    );
    // Nothing picked (no record matches): run them all rather than report a survivor that no test saw.
    if (holding.length === 0) return super.runTests(tests, watcher, options);
    holding.sort(rank);
    // "killed": a test failed; "error": a file failed to load, which Stryker reports as a runtime error
    // whatever else ran (so nothing after it can change the outcome, and it is no kill to learn from).
    let outcome = "survived";
    const off = this.on("test-file-success", ([, result]) => {
      if (result.testExecError) outcome = "error";
      else if (result.numFailingTests > 0) outcome = "killed";
    });
    const offFailure = this.on("test-file-failure", () => {
      outcome = "error";
    });
    const ran = [];
    try {
      for (const { test, relative } of holding) {
        const start = Date.now();
        await super.runTests([test], watcher, options);
        ran.push(`${relative}:${Date.now() - start}`);
        if (outcome === "killed") fs.appendFileSync(path.join(root, KILLS), `${source}\t${relative}\n`); // one short line: appends do not interleave
        if (outcome !== "survived") break;
      }
    } finally {
      // MUTATION_RUNNER_LOG=<absolute path>: one line per mutant whose files this runner picks, with its id
      // and source, its outcome, and each file run with its milliseconds: where a run spends its time.
      const log = process.env.MUTATION_RUNNER_LOG;
      if (log) fs.appendFileSync(log, `${[process.env.__STRYKER_ACTIVE_MUTANT__, source, outcome, ...ran].join(" ")}\n`);
      off();
      offFailure();
    }
  }
}

module.exports = MutationTestRunner;
