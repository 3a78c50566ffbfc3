import * as semver from "semver";
import { CERT_MANAGER_RELEASES } from "../../src/certificates/cert-manager";
import { TRAEFIK_RELEASES } from "../../src/ingress/traefik";
import { KURED_RELEASES } from "../../src/maintenance/kured";
import { SYSTEM_UPGRADE_CONTROLLER_RELEASES } from "../../src/maintenance/system-upgrade-controller";
import { PROMETHEUS_OPERATOR_CRDS_RELEASES } from "../../src/monitoring/prometheus-operator-crds";
import { LONGHORN_RELEASES } from "../../src/storage/longhorn-values";
import { InternalError, SupportedReleases } from "../../src/validation";

describe("SupportedReleases", () => {
  it.each([
    CERT_MANAGER_RELEASES,
    TRAEFIK_RELEASES,
    KURED_RELEASES,
    SYSTEM_UPGRADE_CONTROLLER_RELEASES,
    PROMETHEUS_OPERATOR_CRDS_RELEASES,
    LONGHORN_RELEASES,
  ])("$what: the range starts at the oldest release listed, and lists them oldest first", (releases) => {
    expect(semver.minVersion(releases.range)?.version).toBe(semver.valid(releases.released[0]));
    const sorted = [...releases.released].sort((a, b) => semver.compare(a, b));
    expect(releases.released).toEqual(sorted);
  });

  it("refuses, as a defect of the project, a release outside its range", () => {
    expect(() => new SupportedReleases("x chart", ">=1.0.0 <2.0.0", ["1.0.0", "2.0.0"])).toThrow(
      new InternalError("x chart 2.0.0 is outside >=1.0.0 <2.0.0"),
    );
    expect(() => new SupportedReleases("x chart", ">=1.0.0", ["1.0"])).toThrow(InternalError);
  });

  it("includes a version only as written", () => {
    const releases = new SupportedReleases("x", ">=0.1.0", ["v0.1.0"]);
    expect([releases.includes("v0.1.0"), releases.includes("0.1.0"), releases.includes(undefined)]).toEqual([true, false, false]);
  });

  it("shortens runs of patch releases in its rule", () => {
    const releases = new SupportedReleases("x chart", ">=1.0.0", ["1.0.0", "1.0.1", "1.0.2", "1.1.0", "1.1.2", "2.1.3", "2.1.4"]);
    expect(releases.rule).toBe(
      "must be a x chart version this project supports, exactly as published: 1.0.0-1.0.2, 1.1.0, 1.1.2, 2.1.3-2.1.4",
    );
    expect(
      releases
        .schema()
        .safeParse("1.1.1")
        .error?.issues.map((i) => i.message),
    ).toEqual([releases.rule]);
    expect(releases.schema().safeParse("1.1.2").success).toBe(true);
  });
});
