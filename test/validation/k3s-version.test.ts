import { k3sChannel, k3sVersion, k3sVersionProblem, K3S_MINORS_TEXT } from "../../src/validation/k3s-version";
import { notRefused, notTaken } from "../issues";

describe("k3s releases and channels this project supports", () => {
  const minors = [31, 32, 33, 34, 35, 36];

  it("takes every supported minor, as a channel and as a release, and no other", () => {
    expect(K3S_MINORS_TEXT).toBe("v1.31 to v1.36");
    expect(notTaken(k3sChannel, ["stable", "latest", "testing", ...minors.map((m) => `v1.${m}`)])).toEqual([]);
    expect(
      notTaken(
        k3sVersion,
        minors.map((m) => `v1.${m}.0+k3s1`),
      ),
    ).toEqual([]);
    expect(
      notRefused(k3sChannel, ["v1.30", "v1.37", "v1.3", "v2.31", "Stable", " stable", "stable ", "xstable", "v1.311", "v1.31.0"]),
    ).toEqual([]);
    expect(notRefused(k3sVersion, ["v1.30.9+k3s1", "v1.37.0+k3s1", "v1.310.0+k3s1", "1.31.0+k3s1", "v1.31.0+k3s1 ", "v1.31.0"])).toEqual(
      [],
    );
  });

  it("says whether a version is no k3s release at all, or one of an unsupported minor", () => {
    expect(k3sVersionProblem("v1.31.0+k3s2")).toBeUndefined();
    expect(k3sVersionProblem("1.31")).toBe("must be a k3s release such as 'v1.33.5+k3s1'");
    expect(k3sVersionProblem("v1.30.1+k3s1")).toBe(
      "must be a k3s release of a minor this project supports, v1.31 to v1.36, such as 'v1.36.4+k3s1'",
    );
    expect(k3sVersion.safeParse("1.31").error?.issues.map((i) => i.message)).toEqual(["must be a k3s release such as 'v1.33.5+k3s1'"]);
  });
});
