// What `npm run test:engines` runs: named scenarios, each passing or failing with a reason.

/** One scenario: runs, or throws an Error that says what went wrong. */
export interface Scenario {
  readonly name: string;
  run(): Promise<void>;
}

/** The outcome of one scenario. */
export interface ScenarioResult {
  readonly name: string;
  readonly passed: boolean;
  readonly seconds: number;
  readonly error?: string;
}

/** Runs the scenarios in order (later ones build on the state of earlier ones). */
export async function runScenarios(scenarios: readonly Scenario[], log: (line: string) => void): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  for (const scenario of scenarios) {
    const start = process.hrtime.bigint();
    log(`engines: ${scenario.name} ...`);
    let error: string | undefined;
    try {
      await scenario.run();
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    results.push({ name: scenario.name, passed: !error, seconds, error });
    log(`engines: ${scenario.name}: ${error ? `FAILED\n${error}` : "passed"} (${seconds.toFixed(1)} s)`);
  }
  return results;
}

/** The summary table and the last line `engines: N scenarios, M passed`. */
export function summary(results: readonly ScenarioResult[]): string {
  const width = Math.max(...results.map((r) => r.name.length), "scenario".length);
  const rows = results.map(
    (r) => `| ${r.name.padEnd(width)} | ${(r.passed ? "passed" : "FAILED").padEnd(6)} | ${r.seconds.toFixed(1).padStart(7)} |`,
  );
  return [
    `| ${"scenario".padEnd(width)} | result | seconds |`,
    `| ${"-".repeat(width)} | ------ | ------- |`,
    ...rows,
    "",
    `engines: ${results.length} scenarios, ${results.filter((r) => r.passed).length} passed`,
  ].join("\n");
}
