import { parse } from "yaml";
import {
  KURED_DEFAULTS,
  KURED_PERIOD,
  KuredDay,
  Kured,
  KuredProps,
  REBOOT_TIME,
  REBOOT_WINDOW_DEFAULTS,
  RebootWindow,
} from "../../src/maintenance/kured";
import { PrometheusOperatorCrds } from "../../src/monitoring/prometheus-operator-crds";
import { ValidationError } from "../../src/validation";
import { errorOf, onlyResource, resourcesOf, synthScope } from "../helpers";
import { unusedTokens } from "../tokens";

const window: RebootWindow = { days: ["sa", "su"], startTime: "02:00", endTime: "06:00", timeZone: "Europe/Paris" };

function synth(props: KuredProps = {}) {
  return synthScope((scope) => new Kured(scope, "Kured", props));
}

function release(props: KuredProps = {}) {
  const { parsed } = synth(props);
  const helm = onlyResource(parsed, "helm_release");
  return { parsed, release: helm, values: parse((helm.values as string[])[0]) as Record<string, any> };
}

describe("Kured", () => {
  it("matches the snapshot", () => {
    expect(synth().json).toMatchSnapshot();
  });

  it("installs chart 6.1.0 as release kured in kube-system", () => {
    const { release: helm } = release();
    expect(KURED_DEFAULTS).toEqual({
      chartVersion: "6.1.0",
      repository: "https://kubereboot.github.io/charts",
      period: "1h",
      serviceMonitor: false,
    });
    expect(helm).toMatchObject({
      name: "kured",
      chart: "kured",
      repository: "https://kubereboot.github.io/charts",
      version: "6.1.0",
      namespace: "kube-system",
    });
    expect(helm.depends_on).toBeUndefined();
  });

  it("checks every hour, reboots at any time, tolerates every taint, without metrics by default", () => {
    expect(release().values).toEqual({
      configuration: { period: "1h" },
      tolerations: [{ operator: "Exists" }],
      metrics: { create: false },
    });
  });

  it("reboots only in the window, in its time zone", () => {
    expect(release({ period: "30m", rebootWindow: window }).values.configuration).toEqual({
      period: "30m",
      rebootDays: ["sa", "su"],
      startTime: "02:00",
      endTime: "06:00",
      timeZone: "Europe/Paris",
    });
  });

  it("reads the window's times in UTC unless told", () => {
    expect(REBOOT_WINDOW_DEFAULTS).toEqual({ timeZone: "UTC" });
    const { timeZone: _tz, ...withoutZone } = window;
    expect(release({ rebootWindow: withoutZone }).values.configuration).toEqual({
      period: "1h",
      rebootDays: ["sa", "su"],
      startTime: "02:00",
      endTime: "06:00",
      timeZone: "UTC",
    });
  });

  it("creates the metrics ServiceMonitor, after the release it depends on", () => {
    const { parsed } = synthScope((scope) => {
      const crds = new PrometheusOperatorCrds(scope, "Crds");
      new Kured(scope, "Kured", { serviceMonitor: true, dependsOn: [crds.release] });
    });
    const releases = resourcesOf(parsed, "helm_release");
    const crdsId = Object.keys(releases).find((id) => id.startsWith("Crds_"));
    const kured = Object.values(releases).find((r) => r.name === "kured")!;
    expect(parse((kured.values as string[])[0]).metrics).toEqual({ create: true });
    expect(kured.depends_on).toEqual([`helm_release.${crdsId}`]);
  });

  it("accepts tokens for every prop it validates", () => {
    expect(
      unusedTokens((scope, t) => {
        new Kured(scope, "Kured", {
          chartVersion: t.string("chart_version"),
          period: t.string("period"),
          rebootWindow: {
            days: t.list("days") as KuredDay[],
            startTime: t.string("start"),
            endTime: t.string("end"),
            timeZone: t.string("time_zone"),
          },
        });
        new Kured(scope, "Days", { rebootWindow: { days: ["sa", t.string("day") as KuredDay], startTime: "02:00", endTime: "06:00" } });
      }),
    ).toEqual([]);
  });

  it.each<[string, boolean]>([
    ["1h", true],
    ["1h30m", true],
    ["1.25h", true],
    ["250ms", true],
    ["90s", true],
    ["1 hour", false],
    ["every 1h", false],
    ["1h or so", false],
    ["h", false],
  ])("period %p is a Go duration: %p", (period, accepted) => {
    expect(KURED_PERIOD.safeParse(period).success).toBe(accepted);
  });

  it.each<[string, boolean]>([
    ["02:00", true],
    ["7:30", true],
    ["19:45", true],
    ["23:59", true],
    ["24:00", false],
    ["12:60", false],
    ["at 02:00", false],
    ["02:00 sharp", false],
    ["2am", false],
  ])("%p is a time of day HH:MM: %p", (time, accepted) => {
    expect(REBOOT_TIME.safeParse(time).success).toBe(accepted);
  });

  it("takes another chart version and repository", () => {
    expect(release({ chartVersion: "5.6.2", repository: "https://charts.example.org" }).release).toMatchObject({
      version: "5.6.2",
      repository: "https://charts.example.org",
    });
  });

  it.each<[string, KuredProps, RegExp]>([
    [
      "a chart version above the supported range",
      { chartVersion: "7.0.0" },
      /chartVersion: must be a kured chart version this project supports, exactly as published: 5\.0\.0, .*5\.6\.0-5\.6\.2, 5\.8\.0, .*6\.1\.0 \(got "7\.0\.0"\)/,
    ],
    [
      "a chart version below the supported range",
      { chartVersion: "4.9.9" },
      /chartVersion: must be a kured chart version this project supports, exactly as published: 5\.0\.0, .*5\.6\.0-5\.6\.2, 5\.8\.0, .*6\.1\.0 \(got "4\.9\.9"\)/,
    ],
    [
      "a chart version with a 'v'",
      { chartVersion: "v6.1.0" },
      /chartVersion: must be a kured chart version this project supports, exactly as published: 5\.0\.0, .*5\.6\.0-5\.6\.2, 5\.8\.0, .*6\.1\.0 \(got "v6\.1\.0"\)/,
    ],
    ["a period that is no Go duration", { period: "1 hour" }, /period: must be a Go duration such as 1h or 30m \(got "1 hour"\)/],
    ["a window without day", { rebootWindow: { ...window, days: [] } }, /rebootWindow\.days: must list at least one day \(got \[\]\)/],
    [
      "a day kured does not know",
      { rebootWindow: { ...window, days: ["sa", "sunday" as never] } },
      /rebootWindow\.days\[1\]: must be one of su, mo, tu, we, th, fr, sa \(got "sunday"\)/,
    ],
    [
      "a start time that is no HH:MM",
      { rebootWindow: { ...window, startTime: "2am" } },
      /rebootWindow\.startTime: must be a time of day as HH:MM, e\.g\. 02:00 \(got "2am"\)/,
    ],
    [
      "an end time past the day",
      { rebootWindow: { ...window, endTime: "24:00" } },
      /rebootWindow\.endTime: must be a time of day as HH:MM, e\.g\. 02:00 \(got "24:00"\)/,
    ],
    [
      "an unknown time zone",
      { rebootWindow: { ...window, timeZone: "Mars/Olympus" } },
      /rebootWindow\.timeZone: must be an IANA time zone spelt as in the tz database \(case-sensitive\), such as 'Europe\/Paris' or 'UTC' \(got "Mars\/Olympus"\)/,
    ],
  ])("rejects %s", (_name, props, expected) => {
    expect(() => synth(props)).toThrow(ValidationError);
    const message = errorOf(() => synth(props));
    expect(message).toMatch(/^test\/Kured props:/);
    expect(message).toMatch(expected);
  });
});
