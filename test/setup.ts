import { Testing } from "cdktf";

// cdktf's matchers: toHaveResource, toHaveResourceWithProperties, toBeValidTerraform, ...
Testing.setupJest();

// `npm run test:mutation`: a snapshot is a review aid, never the only guard of a behaviour, so under mutation
// testing it kills no mutant (every snapshot assertion passes); only precise assertions count.
if (process.env.MUTATION_TESTING === "1") {
  expect.extend({
    toMatchSnapshot: () => ({ pass: true, message: () => "snapshots are not counted under mutation testing" }),
  });
}
