import {
  LOCATIONS,
  RETIRED_SERVER_TYPES,
  SERVER_TYPES,
  availabilityProblem,
  placementIssues,
  placementProblems,
  privateInterfaceFor,
  serverTypeProblem,
} from "../../src/hcloud/catalog";
import * as simulated from "../engines/hcloud-simulator/catalog";

describe("Hetzner catalog", () => {
  it("sells the current generations only", () => {
    expect(Object.keys(SERVER_TYPES)).toEqual(
      expect.arrayContaining(["cx23", "cx33", "cx43", "cx53", "cpx12", "cpx62", "cax11", "cax41", "ccx13", "ccx63"]),
    );
    for (const retired of ["cx11", "cx21", "cx22", "cpx11", "cpx51", "ccx11"]) expect(SERVER_TYPES).not.toHaveProperty(retired);
  });

  it("names the replacement of every retired type, which is itself sold", () => {
    expect(serverTypeProblem("cx21")).toBe("server type 'cx21' was removed in 2024; use 'cx23' instead");
    expect(serverTypeProblem("cx22")).toBe("server type 'cx22' was no longer orderable since 2026-01; use 'cx23' instead");
    for (const { replacement } of Object.values(RETIRED_SERVER_TYPES)) expect(SERVER_TYPES).toHaveProperty(replacement);
    expect(serverTypeProblem("cx23")).toBeUndefined();
  });

  it("gives every retired type its reason, in one of three forms", () => {
    for (const [type, { since }] of Object.entries(RETIRED_SERVER_TYPES)) {
      expect({ type, since }).toEqual({
        type,
        since: expect.stringMatching(/^(removed in \d{4}|no longer orderable since \d{4}-\d{2}|retired)$/),
      });
    }
  });

  it("reports a type not sold where the nodes are, with the type's field", () => {
    expect(placementIssues("cx23", "ash", "us-east")).toEqual([
      "serverType: server type 'cx23' is not sold in ash (us-east); it is available in eu-central (got \"cx23\")",
    ]);
    expect(placementIssues("cx23", "nbg1", "eu-central")).toEqual([]);
    expect(placementProblems("cx23", "nbg1", "eu-west")).toEqual([]); // a zone Hetzner lacks is reported on its own
  });

  it("chooses ens10 only for the old cx*1/ccx*1 generations", () => {
    expect(["cx11", "cx21", "cx41", "ccx11", "ccx51"].map(privateInterfaceFor)).toEqual(Array(5).fill("ens10"));
    expect(["cx23", "cx22", "cpx12", "cpx21", "cax11", "cax21", "ccx13", "ccx12"].map(privateInterfaceFor)).toEqual(
      Array(8).fill("enp7s0"),
    );
  });

  it("knows where each type is sold and which zone each location is in", () => {
    expect(LOCATIONS).toEqual({
      fsn1: "eu-central",
      nbg1: "eu-central",
      hel1: "eu-central",
      ash: "us-east",
      hil: "us-west",
      sin: "ap-southeast",
    });
    expect(availabilityProblem("cx23", "ash")).toBe("server type 'cx23' is not sold in ash (us-east); it is available in eu-central");
    expect(availabilityProblem("cpx22", "sin")).toBeUndefined();
    expect(placementIssues("cpx22", "hil", "eu-central")).toEqual([
      'location: is in network zone us-west, but the private network is in eu-central (got "hil")',
    ]);
  });

  it("agrees with the Hetzner API simulator's catalog, which is written apart from it", () => {
    const ours = Object.fromEntries(
      Object.entries(SERVER_TYPES).map(([name, { arch, zones }]) => [name, { arch, zones: [...zones].sort() }]),
    );
    const sold = Object.fromEntries(
      simulated.SERVER_TYPES.map(({ name, architecture, zones }) => [name, { arch: architecture, zones: [...zones].sort() }]),
    );
    expect(ours).toEqual(sold);
    expect(LOCATIONS).toEqual(Object.fromEntries(simulated.LOCATIONS.map(({ name, networkZone }) => [name, networkZone])));
  });
});
