// `npm run test:engines`: the stacks on real engines (OpenTofu, the real hcloud provider, helm,
// etcd, kube-apiserver), built from their Go modules by `npm run engines:build`. Prints a summary
// table and, last, `engines: N scenarios, M passed`; exits 1 when a scenario fails or, under CI, when
// an engine is missing. Run one scenario group with `npm run test:engines -- hcloud`.
import { engineBinary, missingEngines } from "./engines";
import { Scenario, runScenarios, summary } from "./scenario";
import { hclScenario, providerSchemaScenario, validateScenario } from "./validate-scenarios";

/**
 * What cannot run here, and why: printed under the table, never counted as passed.
 */
const NOT_RUN = [
  "k3s stack through tofu (validate, apply, plan, destroy; scenario 3 runs its releases through the helm CLI instead): " +
    "the hashicorp/kubernetes 2.38.0 and hashicorp/helm 3.1.1 providers it requires cannot be built from the Go module " +
    "proxy (their go.mod lacks the /v2 and /v3 module suffix, so the proxy serves no release of them: 403 'This module " +
    "version is not available'). 3c applies only the stack's terraform_data (the node wait). See README, Verified on real engines.",
];

async function main(): Promise<void> {
  // Ctrl-C or a CI timeout: exit through Node's exit handlers, which kill the API servers and PostgreSQL
  // servers the scenarios started (a signal alone skips them).
  for (const [signal, code] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
    ["SIGHUP", 129],
  ] as const)
    process.once(signal, () => process.exit(code));
  const only = process.argv.slice(2);
  // Scenario groups, the engines each needs; a group is loaded only when selected.
  const groups: Record<string, { engines: string[]; make: () => Promise<Scenario[]> }> = {
    validate: {
      engines: ["tofu", "provider-hcloud"],
      make: async () => [validateScenario(["hcloud"]), providerSchemaScenario(), hclScenario()],
    },
    hcloud: { engines: ["tofu", "provider-hcloud"], make: async () => (await import("./hcloud-scenarios")).hcloudScenarios() },
    k3s: {
      engines: ["tofu", "helm", "etcd", "kube-apiserver", "kubectl"],
      make: async () => {
        const { k3sReleaseScenarios } = await import("./k3s-release-scenarios");
        const { nodeWaitScenarios } = await import("./node-wait-scenarios");
        return [...nodeWaitScenarios(), ...k3sReleaseScenarios("default"), ...k3sReleaseScenarios("guide")];
      },
    },
    // A real PostgreSQL server from Debian's package (.ci/run installs it), not built from Go.
    postgresql: {
      engines: [],
      make: async () => {
        const { postgresqlDumpScenarios } = await import("./postgresql-dump-scenarios");
        return [...postgresqlDumpScenarios("default"), ...postgresqlDumpScenarios("guide")];
      },
    },
  };
  const selected = Object.entries(groups).filter(([name]) => !only.length || only.includes(name));
  const missing = missingEngines().filter((e) => selected.some(([, g]) => g.engines.includes(e)));
  if (missing.length) {
    // Never skipped: a missing engine fails the run, locally as under CI.
    console.error(`engines: missing ${missing.join(", ")}: run npm run engines:build (needs Go and the Go module proxy)`);
    process.exit(1);
  }
  console.log(`engines: tofu ${engineBinary("tofu")}`);
  const scenarios: Scenario[] = [];
  for (const [, group] of selected) scenarios.push(...(await group.make()));
  const results = await runScenarios(scenarios, (line) => console.log(line));
  console.log("");
  console.log("Not run, because an engine cannot be built here:");
  for (const line of NOT_RUN) console.log(`- ${line}`);
  console.log("");
  console.log(summary(results));
  // Exit now, even if a failed scenario left a simulator or an API server running (their processes are
  // killed on exit).
  process.exit(results.some((r) => !r.passed) ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
