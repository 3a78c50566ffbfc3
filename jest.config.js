/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  // swc strips types only; `npm run typecheck` (tsc --noEmit) checks them, in CI after `npm test`.
  transform: { "^.+\\.(t|j)sx?$": ["@swc/jest", { jsc: { target: "es2022" } }] },
  // kubernetes-models-ts packages are ESM-only ("import" condition): let Jest resolve and transform them.
  resolver: "<rootDir>/test/esm-models-resolver.js",
  transformIgnorePatterns: ["/node_modules/(?!(@kubernetes-models|kubernetes-models|is-cidr|cidr-regex)/)"],
  setupFilesAfterEnv: ["<rootDir>/test/setup.ts"],
  // Jest's default is one worker less than the cores: a single worker on a 2-core runner, while the
  // main process mostly waits. Two workers there take the suite from 21 s to 15 s.
  maxWorkers: "100%",
};
