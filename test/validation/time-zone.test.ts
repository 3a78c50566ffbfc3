import { isTimeZone } from "../../src/validation";

describe("isTimeZone, as Go's time.LoadLocation (Kubernetes, kured) reads a zone", () => {
  const zones = Intl.supportedValuesOf("timeZone");

  it("takes every zone of the tz database Node knows, spelt as there: the name pattern refuses none", () => {
    expect(zones.length).toBeGreaterThan(300);
    expect(zones.filter((z) => !isTimeZone(z))).toEqual([]);
  });

  it("refuses a zone spelt in another case, which Go would not find", () => {
    const respelt = zones.flatMap((z) => [z.toLowerCase(), z.toUpperCase()]).filter((z) => !zones.includes(z));
    expect(respelt.filter((z) => isTimeZone(z))).toEqual([]);
    expect(["utc", "europe/paris", "EUROPE/PARIS", "etc/utc"].filter(isTimeZone)).toEqual([]);
  });

  it("takes aliases spelt as the tz database spells them", () => {
    expect(["Etc/UTC", "US/Pacific", "Etc/GMT-14", "GMT", "Asia/Calcutta"].filter((z) => !isTimeZone(z))).toEqual([]);
  });

  it("refuses what is no zone name at all", () => {
    expect(
      ["Europe/Paris/", "/Europe/Paris", "Europe//Paris", "_Europe", "+01:00", "Europe/Par is", "Mars/Olympus_Mons", "", null, 1].filter(
        (z) => isTimeZone(z),
      ),
    ).toEqual([]);
  });
});
