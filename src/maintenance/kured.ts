import { Release } from "@cdktf/provider-helm/lib/release";
import { helmRelease } from "../kubernetes/helm-release";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { PropIssues, SupportedReleases } from "../validation";
import { TIME_ZONE_RULE, isTimeZone } from "../validation";
import { helmValuesYaml } from "../kubernetes/helm-values";

/** Days as kured names them. */
export const KURED_DAYS = ["su", "mo", "tu", "we", "th", "fr", "sa"] as const;

/** A day of the week as kured names it. */
export type KuredDay = (typeof KURED_DAYS)[number];

/** When kured may reboot nodes. */
export interface RebootWindow {
  /** Days reboots may happen on. */
  readonly days: readonly KuredDay[];
  /** Start of the window, `HH:MM` (24-hour clock). */
  readonly startTime: string;
  /** End of the window, `HH:MM` (24-hour clock). */
  readonly endTime: string;
  /**
   * Time zone of the times, as an IANA name.
   * @default "UTC"
   */
  readonly timeZone?: string;
}

/** Props of {@link Kured}. */
export interface KuredProps {
  /**
   * Exact kured chart version (https://kubereboot.github.io/charts).
   * @default "6.1.0"
   */
  readonly chartVersion?: string;
  /**
   * Chart repository.
   * @default "https://kubereboot.github.io/charts"
   */
  readonly repository?: string;
  /**
   * How often each node checks whether it needs a reboot, as a Go duration (`1h`, `30m`).
   * @default "1h"
   */
  readonly period?: string;
  /**
   * When reboots may happen.
   * @default - any time
   */
  readonly rebootWindow?: RebootWindow;
  /**
   * Create a ServiceMonitor (the prometheus-operator CRDs must be installed first: pass their release in `dependsOn`).
   * @default false
   */
  readonly serviceMonitor?: boolean;
  /**
   * Resources that must exist first.
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/** Defaults of {@link KuredProps}, which the platform config applies too. */
export const KURED_DEFAULTS = { chartVersion: "6.1.0", period: "1h" } as const;

/** kured chart versions whose values this project sets. */
export const KURED_SUPPORTED_VERSIONS = ">=5.0.0 <7.0.0";

/** The kured chart versions published in {@link KURED_SUPPORTED_VERSIONS} (git tags of the upstream repository, August 2026); there is no 5.7.0. */
export const KURED_RELEASES = new SupportedReleases(
  "kured chart",
  KURED_SUPPORTED_VERSIONS,
  // prettier-ignore
  [
    "5.0.0", "5.1.0", "5.2.0", "5.3.0", "5.3.1", "5.3.2", "5.4.0", "5.4.1", "5.4.2", "5.4.3", "5.4.4", "5.4.5", "5.5.0", "5.5.1", "5.5.2", "5.6.0", "5.6.1", "5.6.2", "5.8.0", "5.9.0", "5.10.0", "5.11.0", "5.12.0", "5.12.1", "6.0.0", "6.1.0",
  ],
);

/** A Go duration such as `1h` or `90m`. */
export const GO_DURATION = /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/;
/** A time of day, `HH:MM`. */
export const CLOCK = /^([01]?[0-9]|2[0-3]):[0-5][0-9]$/;

/**
 * kured (Helm, in `kube-system`): when a node's OS asks for a reboot (`/var/run/reboot-required`,
 * e.g. after a kernel update), it cordons and drains the node, reboots it and uncordons it, one
 * node at a time. It tolerates every taint, so the control plane and the storage nodes are rebooted
 * too (Longhorn's node drain policy keeps their last replicas).
 */
export class Kured extends Construct {
  /** The Helm release. */
  public readonly release: Release;

  constructor(scope: Construct, id: string, props: KuredProps = {}) {
    super(scope, id);
    const chartVersion = props.chartVersion ?? KURED_DEFAULTS.chartVersion;
    const period = props.period ?? KURED_DEFAULTS.period;
    const window = props.rebootWindow;
    const issues = new PropIssues();
    if (!KURED_RELEASES.includes(chartVersion)) issues.bad("chartVersion", chartVersion, KURED_RELEASES.rule);
    if (!GO_DURATION.test(period)) issues.bad("period", period, "must be a Go duration such as 1h or 30m");
    if (window) {
      if (window.days.length === 0) issues.bad("rebootWindow.days", window.days, "must list at least one day");
      window.days.forEach((d, i) => {
        if (!KURED_DAYS.includes(d)) issues.bad(`rebootWindow.days[${i}]`, d, `must be one of ${KURED_DAYS.join(", ")}`);
      });
      for (const key of ["startTime", "endTime"] as const) {
        if (!CLOCK.test(window[key])) issues.bad(`rebootWindow.${key}`, window[key], "must be a time of day as HH:MM, e.g. 02:00");
      }
      if (window.timeZone !== undefined && !isTimeZone(window.timeZone))
        issues.bad("rebootWindow.timeZone", window.timeZone, TIME_ZONE_RULE);
    }
    issues.throwIfAny(`${this.node.path} props`);

    const monitoring = props.serviceMonitor ?? false;
    this.release = helmRelease(this, "Release", {
      name: "kured",
      chart: "kured",
      repository: props.repository ?? "https://kubereboot.github.io/charts",
      version: chartVersion,
      namespace: "kube-system",
      values: [
        helmValuesYaml({
          configuration: {
            period,
            ...(window
              ? { rebootDays: [...window.days], startTime: window.startTime, endTime: window.endTime, timeZone: window.timeZone ?? "UTC" }
              : {}),
          },
          // Every taint: a node kured does not run on is never rebooted.
          tolerations: [{ operator: "Exists" }],
          metrics: { create: monitoring },
        }),
      ],
      dependsOn: props.dependsOn,
    });
  }
}
