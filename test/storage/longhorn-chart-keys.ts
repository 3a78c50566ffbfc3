import * as semver from "semver";

/**
 * The Longhorn chart values this project sets, with the chart versions whose
 * values.yaml declares them (read from the charts' values.yaml at 1.5.1, 1.8.0,
 * 1.10.2 and 1.12.1). A key set outside its range is silently ignored by the
 * chart, which is the bug these tests guard against.
 */
export const LONGHORN_CHART_KEYS: Record<string, string> = {
  "persistence.defaultClass": ">=1.5.0",
  "persistence.defaultClassReplicaCount": ">=1.5.0",
  "defaultSettings.defaultReplicaCount": ">=1.5.0",
  "defaultSettings.taintToleration": ">=1.5.0",
  "defaultSettings.createDefaultDiskLabeledNodes": ">=1.5.0",
  "defaultSettings.allowRecurringJobWhileVolumeDetached": ">=1.5.0",
  "defaultSettings.nodeDrainPolicy": ">=1.5.0",
  "defaultSettings.deletingConfirmationFlag": ">=1.5.0",
  "defaultSettings.storageReservedPercentageForDefaultDisk": ">=1.8.0",
  "defaultSettings.backupTarget": ">=1.5.0 <1.8.0",
  "defaultSettings.backupTargetCredentialSecret": ">=1.5.0 <1.8.0",
  "defaultBackupStore.backupTarget": ">=1.8.0",
  "defaultBackupStore.backupTargetCredentialSecret": ">=1.8.0",
  "longhornManager.tolerations": ">=1.5.0",
};

/** Leaf paths of a values object; arrays are leaves. */
export function leafPaths(values: object, prefix = ""): string[] {
  return Object.entries(values).flatMap(([k, v]) =>
    v !== null && typeof v === "object" && !Array.isArray(v) ? leafPaths(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

/** The keys of `values` that the chart at `version` does not declare. */
export function unknownKeys(values: object, version: string): string[] {
  return leafPaths(values).filter((key) => !(key in LONGHORN_CHART_KEYS) || !semver.satisfies(version, LONGHORN_CHART_KEYS[key]));
}
