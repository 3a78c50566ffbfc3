import { Release } from "@cdktf/provider-helm/lib/release";
import { helmRelease } from "../kubernetes/helm-release";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { z } from "zod";
import { PropIssues, SupportedReleases, TIME_ZONE_RULE, isTimeZone } from "../validation";
import { helmValuesYaml } from "../kubernetes/helm-values";

/** Days as kured names them. */
export const KURED_DAYS = ["su", "mo", "tu", "we", "th", "fr", "sa"] as const;

/** A day of the week as kured names it. */
export type KuredDay = (typeof KURED_DAYS)[number];

/** Defaults of {@link RebootWindow}, which the platform config applies too. */
export const REBOOT_WINDOW_DEFAULTS = { timeZone: "UTC" } as const;

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
   * Exact kured chart version (https://kubereboot.github.io/charts). A token is accepted (the values set are the
   * same for every supported version), unchecked.
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
export const KURED_DEFAULTS = {
  chartVersion: "6.1.0",
  repository: "https://kubereboot.github.io/charts",
  period: "1h",
  serviceMonitor: false,
} as const;

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

/*
 * The rules of kured's props, each one object that the construct checks and the platform config's kured
 * section takes, so that both refuse a value in the same words.
 */

/** The rule of {@link KuredProps.period}. */
export const KURED_PERIOD = z.string().regex(GO_DURATION, { message: "must be a Go duration such as 1h or 30m" });
/** The rule of {@link RebootWindow.days}. */
export const REBOOT_DAYS = z
  .array(z.enum(KURED_DAYS, { message: `must be one of ${KURED_DAYS.join(", ")}` }))
  .min(1, { message: "must list at least one day" });
/** The rule of {@link RebootWindow.startTime} and {@link RebootWindow.endTime}. */
export const REBOOT_TIME = z.string().regex(CLOCK, { message: "must be a time of day as HH:MM, e.g. 02:00" });
/** The rule of {@link RebootWindow.timeZone}. */
export const REBOOT_TIME_ZONE = z.string().refine(isTimeZone, { message: TIME_ZONE_RULE });

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
    issues.check("chartVersion", chartVersion, KURED_RELEASES.schema());
    issues.check("period", period, KURED_PERIOD);
    if (window) {
      issues.check("rebootWindow.days", window.days, REBOOT_DAYS);
      issues.check("rebootWindow.startTime", window.startTime, REBOOT_TIME);
      issues.check("rebootWindow.endTime", window.endTime, REBOOT_TIME);
      issues.check("rebootWindow.timeZone", window.timeZone, REBOOT_TIME_ZONE);
    }
    issues.throwIfAny(`${this.node.path} props`);

    const monitoring = props.serviceMonitor ?? KURED_DEFAULTS.serviceMonitor;
    this.release = helmRelease(this, "Release", {
      name: "kured",
      chart: "kured",
      repository: props.repository ?? KURED_DEFAULTS.repository,
      version: chartVersion,
      namespace: "kube-system",
      values: [
        helmValuesYaml({
          configuration: {
            period,
            ...(window
              ? {
                  rebootDays: [...window.days],
                  startTime: window.startTime,
                  endTime: window.endTime,
                  timeZone: window.timeZone ?? REBOOT_WINDOW_DEFAULTS.timeZone,
                }
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
