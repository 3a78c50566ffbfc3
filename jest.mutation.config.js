// Jest under `npm run test:mutation` (stryker.config.json): the suite's own config, with
// - roots that hold every source file: Stryker runs a mutant's tests with --findRelatedTests, and Jest
//   follows imports only through files under its roots (with test/ alone, a test that reaches the mutated
//   file through stacks/ would not count as related, and a mutant it kills would survive);
// - a runner that loads only the test files holding the tests Stryker runs (test/mutation-runner.js);
// - without main.test (below).
const base = require("./jest.config.js");

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  // main.test runs the app as a child process, from a bundle of the instrumented sources: slow, and
  // what it checks of the output (deterministic, no secret) is asserted in process too.
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/test/main\\.test\\.ts$"],
  roots: ["<rootDir>/test", "<rootDir>/src", "<rootDir>/stacks"],
  runner: "<rootDir>/test/mutation-runner.js",
};
