import { longhornChartValues, taintTolerationSetting } from "../../src/storage/longhorn-values";
import { leafPaths, unknownKeys } from "./longhorn-chart-keys";

const taint = { key: "node-role.kubernetes.io/storage", effect: "NoSchedule" as const };
const input = (chartVersion: string) => ({
  chartVersion,
  replicaCount: 2,
  backupTarget: "s3://mykuberocks@fr-par/",
  backupCredentialSecret: "longhorn-backup-credential",
  tolerateTaints: [taint],
  allowUninstall: false,
});

describe("longhornChartValues", () => {
  it.each(["1.5.1", "1.7.3", "1.8.0", "1.10.2", "1.12.1"])("sets only keys the %s chart declares", (version) => {
    const values = longhornChartValues(input(version));
    expect(unknownKeys(values, version)).toEqual([]);
    expect(leafPaths(values).length).toBeGreaterThanOrEqual(8);
  });

  it("1.5.1 (the guide): backup target in defaultSettings, like the guide's set blocks", () => {
    const values = longhornChartValues(input("1.5.1"));
    expect(values.defaultSettings).toEqual({
      defaultReplicaCount: "2",
      taintToleration: "node-role.kubernetes.io/storage:NoSchedule",
      createDefaultDiskLabeledNodes: "true",
      allowRecurringJobWhileVolumeDetached: "true",
      nodeDrainPolicy: "allow-if-replica-is-stopped",
      deletingConfirmationFlag: "false",
      backupTarget: "s3://mykuberocks@fr-par/",
      backupTargetCredentialSecret: "longhorn-backup-credential",
    });
    expect(values.defaultBackupStore).toBeUndefined();
    expect(values.persistence).toEqual({ defaultClass: false, defaultClassReplicaCount: 2 });
    expect(values.longhornManager.tolerations).toEqual([
      { key: "node-role.kubernetes.io/storage", operator: "Exists", effect: "NoSchedule" },
    ]);
  });

  it.each(["1.8.0", "1.12.1"])("%s: backup target moved to defaultBackupStore", (version) => {
    const values = longhornChartValues(input(version));
    expect(values.defaultBackupStore).toEqual({
      backupTarget: "s3://mykuberocks@fr-par/",
      backupTargetCredentialSecret: "longhorn-backup-credential",
    });
    expect(values.defaultSettings).not.toHaveProperty("backupTarget");
    expect(values.defaultSettings).not.toHaveProperty("backupTargetCredentialSecret");
  });

  it.each(["1.5.1", "1.10.2", "1.12.1"])("%s: every defaultSettings value is a string (required from 1.10)", (version) => {
    for (const value of Object.values(longhornChartValues(input(version)).defaultSettings)) expect(typeof value).toBe("string");
  });

  it.each([
    ["1.5.1", "allow-if-replica-is-stopped"],
    ["1.6.0", "block-for-eviction-if-contains-last-replica"],
    ["1.12.1", "block-for-eviction-if-contains-last-replica"],
  ])("%s: drains (kured, a replaced node) finish without losing a node's last replica: nodeDrainPolicy %s", (version, policy) => {
    expect(longhornChartValues(input(version)).defaultSettings.nodeDrainPolicy).toBe(policy);
  });

  it.each([
    ["1.5.1", undefined],
    ["1.7.3", undefined],
    ["1.8.0", "0"],
    ["1.12.1", "0"],
  ])("%s: a declared storageReserved of 0 stays 0 (storageReservedPercentageForDefaultDisk %s)", (version, percentage) => {
    expect(longhornChartValues(input(version)).defaultSettings.storageReservedPercentageForDefaultDisk).toBe(percentage);
  });

  it.each([
    [false, "false"],
    [true, "true"],
  ])("allowUninstall %s: Longhorn's uninstaller may run only when asked (deletingConfirmationFlag %s)", (allow, flag) => {
    expect(longhornChartValues({ ...input("1.12.1"), allowUninstall: allow }).defaultSettings.deletingConfirmationFlag).toBe(flag);
  });

  it("joins several taints with ';' and leaves the setting out without taints", () => {
    expect(taintTolerationSetting([taint, { key: "dedicated", value: "db", effect: "NoExecute" }])).toBe(
      "node-role.kubernetes.io/storage:NoSchedule;dedicated=db:NoExecute",
    );
    expect(taintTolerationSetting([])).toBeUndefined();
    expect(longhornChartValues({ ...input("1.12.1"), tolerateTaints: [] }).defaultSettings).not.toHaveProperty("taintToleration");
  });
});
