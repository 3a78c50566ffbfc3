import { Token } from "cdktf";
import * as semver from "semver";
import { SupportedReleases, Taint, isUnresolved } from "../validation";

/** Longhorn chart versions whose values this project knows (checked against each one's values.yaml). */
export const LONGHORN_SUPPORTED_VERSIONS = ">=1.5.0 <1.13.0";

/** The Longhorn chart versions published in {@link LONGHORN_SUPPORTED_VERSIONS} (Longhorn's release tags, August 2026). */
export const LONGHORN_RELEASES = new SupportedReleases(
  "Longhorn chart",
  LONGHORN_SUPPORTED_VERSIONS,
  // prettier-ignore
  [
    "1.5.0", "1.5.1", "1.5.2", "1.5.3", "1.5.4", "1.5.5", "1.6.0", "1.6.1", "1.6.2", "1.6.3", "1.6.4", "1.7.0", "1.7.1", "1.7.2", "1.7.3", "1.7.4", "1.8.0", "1.8.1", "1.8.2", "1.9.0", "1.9.1", "1.9.2", "1.9.3", "1.10.0", "1.10.1", "1.10.2", "1.11.0", "1.11.1", "1.11.2", "1.11.3", "1.12.0", "1.12.1",
  ],
);

/**
 * The StorageClass the Longhorn chart creates (through longhorn-manager, once it runs), with
 * `persistence.defaultClassReplicaCount` replicas on any disk.
 */
export const LONGHORN_CHART_STORAGE_CLASS = "longhorn";

/** A pod toleration as the Longhorn chart takes it. */
export interface Toleration {
  readonly key: string;
  readonly operator: "Exists" | "Equal";
  readonly value?: string;
  readonly effect: string;
}

/**
 * The subset of the Longhorn chart's values this project sets. Every key exists
 * in the chart's values.yaml for the versions noted; `defaultSettings` values
 * are always strings (required from chart 1.10, accepted before).
 */
export interface LonghornChartValues {
  readonly persistence: {
    readonly defaultClass: boolean;
    readonly defaultClassReplicaCount: number;
  };
  readonly defaultSettings: {
    readonly defaultReplicaCount: string;
    readonly taintToleration?: string;
    readonly createDefaultDiskLabeledNodes: string;
    /**
     * Recurring jobs (backups) also run for detached volumes, which Longhorn attaches for the job: the
     * PostgreSQL dump volume is attached only while its CronJob runs, and would never be backed up.
     */
    readonly allowRecurringJobWhileVolumeDetached: string;
    /**
     * What a drain (kured's reboot, a node replacement) does with a node's last healthy replica of a
     * volume, instead of blocking forever (Longhorn's default, with one-replica volumes):
     * `block-for-eviction-if-contains-last-replica` from 1.6.0 (the drain waits while Longhorn moves
     * the replica to another node); before 1.6.0 `allow-if-replica-is-stopped` (the drain goes on
     * once the volume's pod is gone and the replica stopped; the replica stays on the node's disk
     * and comes back with it: the volume is unavailable during the reboot, never lost).
     */
    readonly nodeDrainPolicy: string;
    /**
     * Longhorn's guard against an accidental uninstall: its pre-delete hook (the uninstaller, which
     * deletes every Longhorn volume) runs only when this is "true". "false" unless the release is
     * meant to be uninstalled (`allowUninstall`).
     */
    readonly deletingConfirmationFlag: string;
    /**
     * Chart >= 1.8.0 only, always "0": from 1.8, Longhorn replaces a declared `storageReserved` of 0
     * with this percentage of the disk (30 by default); 0 keeps every declared reservation as
     * written, as Longhorn before 1.8 does.
     */
    readonly storageReservedPercentageForDefaultDisk?: string;
    /** Chart < 1.8.0 only. */
    readonly backupTarget?: string;
    /** Chart < 1.8.0 only. */
    readonly backupTargetCredentialSecret?: string;
  };
  /** Chart >= 1.8.0 only. */
  readonly defaultBackupStore?: {
    readonly backupTarget: string;
    readonly backupTargetCredentialSecret: string;
  };
  readonly longhornManager: {
    readonly tolerations: readonly Toleration[];
  };
}

/** Inputs of {@link longhornChartValues}. */
export interface LonghornValuesInput {
  /** Exact chart version, known at synth time (the values differ by version). */
  readonly chartVersion: string;
  /** Replica count of the chart's default class and of volumes created in the UI (a token too). */
  readonly replicaCount: number;
  /** Backup target URL, e.g. `s3://bucket@region/`. */
  readonly backupTarget: string;
  /** Name of the Secret holding the backup target credentials. */
  readonly backupCredentialSecret: string;
  /** Taints of the storage nodes that Longhorn components must tolerate. */
  readonly tolerateTaints: readonly Taint[];
  /** Whether `helm uninstall` may remove Longhorn and its volumes (sets `deletingConfirmationFlag`). */
  readonly allowUninstall: boolean;
}

/** A toleration that matches a taint whatever its value. */
export function tolerationFor(taint: Taint): Toleration {
  return { key: taint.key, operator: "Exists", effect: taint.effect };
}

/** `key[=value]:Effect` list in the `taintToleration` setting's `;`-separated syntax. */
export function taintTolerationSetting(taints: readonly Taint[]): string | undefined {
  if (taints.length === 0) return undefined;
  return taints.map((t) => `${t.key}${t.value ? `=${t.value}` : ""}:${t.effect}`).join(";");
}

/**
 * Helm values for the Longhorn chart at `chartVersion`: where the backup target
 * keys live moved from `defaultSettings` to `defaultBackupStore` in 1.8.0.
 */
export function longhornChartValues(input: LonghornValuesInput): LonghornChartValues {
  const storeInDefaultSettings = semver.lt(input.chartVersion, "1.8.0");
  const backup = {
    backupTarget: input.backupTarget,
    backupTargetCredentialSecret: input.backupCredentialSecret,
  };
  const taintToleration = taintTolerationSetting(input.tolerateTaints);
  return {
    persistence: {
      defaultClass: false,
      defaultClassReplicaCount: input.replicaCount,
    },
    defaultSettings: {
      defaultReplicaCount: isUnresolved(input.replicaCount) ? Token.asString(input.replicaCount) : String(input.replicaCount),
      ...(taintToleration ? { taintToleration } : {}),
      createDefaultDiskLabeledNodes: "true",
      allowRecurringJobWhileVolumeDetached: "true",
      nodeDrainPolicy: semver.gte(input.chartVersion, "1.6.0")
        ? "block-for-eviction-if-contains-last-replica"
        : "allow-if-replica-is-stopped",
      deletingConfirmationFlag: String(input.allowUninstall),
      ...(semver.gte(input.chartVersion, "1.8.0") ? { storageReservedPercentageForDefaultDisk: "0" } : {}),
      ...(storeInDefaultSettings ? backup : {}),
    },
    ...(storeInDefaultSettings ? {} : { defaultBackupStore: backup }),
    longhornManager: {
      tolerations: input.tolerateTaints.map(tolerationFor),
    },
  };
}
