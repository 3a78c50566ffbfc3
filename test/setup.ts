// cdktf records where every token was created (a full stack trace per Lazy and per reference), only to
// print it when a token fails to resolve. Under Jest each trace is source-mapped frame by frame: that was
// a third of the suite's CPU (constructing and synthesizing the hcloud stack took 90 ms instead of 20).
// No test reads those traces, so none is captured here.
jest.mock("cdktf/lib/tokens/private/stack-trace", () => ({ captureStackTrace: (): string[] => [] }));

// No test may need a `terraform` binary, which a fresh machine lacks: cdktf runs "$TERRAFORM_BINARY_NAME version"
// when it validates an app holding a terraform_data resource, and this name runs nothing.
process.env.TERRAFORM_BINARY_NAME = "gitops-day-platform-no-terraform";

// cdktf loads archiver (and its streams) with its index, only to zip a TerraformAsset of type ARCHIVE, which
// no construct here makes. Every test file would load it again: it is loaded when first called instead.
jest.mock(
  "archiver",
  () =>
    (...args: unknown[]) =>
      (jest.requireActual("archiver") as (...a: unknown[]) => unknown)(...args),
);

// `npm run test:mutation`: a snapshot is a review aid, never the only guard of a behaviour, so under mutation
// testing it kills no mutant (every snapshot assertion passes); only precise assertions count.
if (process.env.MUTATION_TESTING === "1") {
  expect.extend({
    toMatchSnapshot: () => ({ pass: true, message: () => "snapshots are not counted under mutation testing" }),
  });
}
