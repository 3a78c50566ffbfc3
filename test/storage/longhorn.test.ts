import { parse } from "yaml";
import { DataResource, TerraformVariable } from "cdktf";
import { LONGHORN_DEFAULTS, Longhorn, LonghornProps } from "../../src/storage/longhorn";
import { errorOf, onlyResource, resourcesOf, synthScope } from "../helpers";
import { unusedTokens } from "../tokens";

const backup = {
  endpoint: "s3.fr-par.scw.cloud",
  region: "fr-par",
  bucket: "mykuberocks",
  accessKeyId: "${var.s3_access_key}",
  secretAccessKey: "${var.s3_secret_key}",
};
const storageTaint = { key: "node-role.kubernetes.io/storage", effect: "NoSchedule" as const };

function synth(props: LonghornProps) {
  return synthScope((scope) => new Longhorn(scope, "Longhorn", props));
}

describe("Longhorn", () => {
  it("matches the snapshot (current chart, S3 backups, storage taint)", () => {
    expect(synth({ replicaCount: 2, backup, tolerateTaints: [storageTaint] }).json).toMatchSnapshot();
  });

  it("creates the namespace, the backup credential secret and the release", () => {
    const { parsed } = synth({ replicaCount: 2, backup, tolerateTaints: [storageTaint] });
    expect(onlyResource(parsed, "kubernetes_namespace_v1").metadata).toEqual({ name: "longhorn-system" });
    const secret = onlyResource(parsed, "kubernetes_secret_v1");
    expect(secret.metadata).toEqual({
      name: "longhorn-backup-credential",
      namespace: "${kubernetes_namespace_v1.Longhorn_Namespace_59805A5B.metadata[0].name}",
    });
    expect(secret.data).toEqual({
      AWS_ENDPOINTS: "https://s3.fr-par.scw.cloud",
      AWS_ACCESS_KEY_ID: "${var.s3_access_key}",
      AWS_SECRET_ACCESS_KEY: "${var.s3_secret_key}",
      AWS_REGION: "fr-par",
    });
    const release = onlyResource(parsed, "helm_release");
    expect(release).toMatchObject({
      name: "longhorn",
      chart: "longhorn",
      repository: "https://charts.longhorn.io",
      version: "1.12.1",
      timeout: 900,
      // A failed first install is retried by the next deploy instead of "cannot re-use a name".
      replace: true,
      lifecycle: { prevent_destroy: true },
    });
    expect(release.depends_on).toEqual(["kubernetes_secret_v1.Longhorn_BackupCredential_C0A27FA2"]);
    const values = parse((release.values as string[])[0]);
    expect(values.persistence).toEqual({ defaultClass: false, defaultClassReplicaCount: 2 });
    expect(values.defaultSettings).toEqual({
      defaultReplicaCount: "2",
      taintToleration: "node-role.kubernetes.io/storage:NoSchedule",
      createDefaultDiskLabeledNodes: "true",
      allowRecurringJobWhileVolumeDetached: "true",
      nodeDrainPolicy: "block-for-eviction-if-contains-last-replica",
      deletingConfirmationFlag: "false",
      storageReservedPercentageForDefaultDisk: "0",
    });
    expect(values.defaultBackupStore).toEqual({
      backupTarget: "s3://mykuberocks@fr-par/",
      backupTargetCredentialSecret: "longhorn-backup-credential",
    });
    expect(values.longhornManager.tolerations).toEqual([
      { key: "node-role.kubernetes.io/storage", operator: "Exists", effect: "NoSchedule" },
    ]);
  });

  it("1.5.1 puts the backup target where the guide put it", () => {
    const release = onlyResource(synth({ chartVersion: "1.5.1", replicaCount: 2, backup }).parsed, "helm_release");
    const values = parse((release.values as string[])[0]);
    expect(release.version).toBe("1.5.1");
    expect(values.defaultSettings.backupTarget).toBe("s3://mykuberocks@fr-par/");
    expect(values.defaultSettings.backupTargetCredentialSecret).toBe("longhorn-backup-credential");
    expect(values.defaultBackupStore).toBeUndefined();
  });

  it("has no secret and no backup target without backup, and defaults to 3 replicas", () => {
    const { parsed } = synth({});
    expect(resourcesOf(parsed, "kubernetes_secret_v1")).toEqual({});
    const values = parse((onlyResource(parsed, "helm_release").values as string[])[0]);
    expect(values.defaultSettings.defaultReplicaCount).toBe("3");
    expect(values.defaultBackupStore).toEqual({ backupTarget: "", backupTargetCredentialSecret: "" });
  });

  it("waits for what dependsOn lists and, with backups, for the credential secret; for nothing else", () => {
    const dependsOn = (props: Partial<LonghornProps>) =>
      synthScope((scope) => {
        const earlier = new DataResource(scope, "Earlier");
        new Longhorn(scope, "Longhorn", { dependsOn: [earlier], ...props });
      }).parsed;
    expect(onlyResource(dependsOn({}), "helm_release").depends_on).toEqual(["terraform_data.Earlier"]);
    expect(onlyResource(dependsOn({ backup }), "helm_release").depends_on).toEqual([
      "kubernetes_secret_v1.Longhorn_BackupCredential_C0A27FA2",
      "terraform_data.Earlier",
    ]);
    expect(onlyResource(synth({}).parsed, "helm_release").depends_on).toEqual([]);
  });

  it("preventDestroy false: no prevent_destroy, and Longhorn's uninstaller may run (deleting-confirmation-flag)", () => {
    const release = onlyResource(synth({ preventDestroy: false }).parsed, "helm_release");
    expect(release.lifecycle).toEqual({ prevent_destroy: false });
    expect(parse((release.values as string[])[0]).defaultSettings.deletingConfirmationFlag).toBe("true");
  });

  it("appends additional values documents after its own", () => {
    const release = onlyResource(synth({ additionalValues: [{ longhornUI: { replicas: 1 } }] }).parsed, "helm_release");
    expect((release.values as string[]).map((v) => parse(v))[1]).toEqual({ longhornUI: { replicas: 1 } });
  });

  it("exposes handles to what it creates", () => {
    synthScope((scope) => {
      const lh = new Longhorn(scope, "Longhorn", { namespace: "storage", backup });
      expect(lh.namespaceName).toBe("storage");
      expect(lh.chartVersion).toBe("1.12.1");
      expect(lh.backupSecret).toBeDefined();
      expect(lh.values.persistence.defaultClassReplicaCount).toBe(3);
      expect(lh.storageClassName).toBe("longhorn");
      expect(lh.chartStorageClass).toEqual({ storageClassName: "longhorn", storageClassCreator: lh.release });
    });
  });

  it.each<[string, LonghornProps, RegExp]>([
    [
      "chart version that is not semver",
      { chartVersion: "latest" },
      /chartVersion: must be a Longhorn chart version this project supports, exactly as published: 1\.5\.0-1\.5\.5, .*1\.12\.0-1\.12\.1 \(got "latest"\)/,
    ],
    ["unsupported chart version", { chartVersion: "1.4.2" }, /chartVersion: .*\(got "1\.4\.2"\)/],
    ["replica count 0", { replicaCount: 0 }, /replicaCount: must be a whole number >= 1 \(got 0\)/],
    ["a fractional replica count", { replicaCount: 1.5 }, /replicaCount: must be a whole number >= 1 \(got 1\.5\)/],
    ["a timeout under a minute", { timeoutSeconds: 30 }, /timeoutSeconds: must be a whole number of seconds >= 60 \(got 30\)/],
    [
      "namespace not DNS-1123",
      { namespace: "Longhorn System" },
      /namespace: must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit \(got "Longhorn System"\)/,
    ],
    [
      "bucket with s3://",
      { backup: { ...backup, bucket: "s3://b" } },
      /backup\.bucket: must be a bare S3 bucket name: .*; without 's3:\/\/' or slashes \(got "s3:\/\/b"\)/,
    ],
    [
      "endpoint with scheme",
      { backup: { ...backup, endpoint: "https://s3.example.com" } },
      /backup\.endpoint: must be a host name or IPv4 address \(optionally with :port 1-65535\) without scheme or path, e\.g\. 's3\.fr-par\.scw\.cloud' \(got "https:\/\/s3\.example\.com"\)/,
    ],
    [
      "empty region",
      { backup: { ...backup, region: "" } },
      /backup\.region: must be an S3 region such as 'fr-par' or 'eu-central-1' \(lowercase letters, digits and '-'\) \(got ""\)/,
    ],
  ])("rejects %s, naming the construct and the prop", (_name, props, expected) => {
    const message = errorOf(() => synth(props));
    expect(message).toMatch(/^test\/Longhorn props:/);
    expect(message).toMatch(expected);
  });

  it("applies LONGHORN_DEFAULTS", () => {
    expect(LONGHORN_DEFAULTS).toEqual({
      chartVersion: "1.12.1",
      repository: "https://charts.longhorn.io",
      namespace: "longhorn-system",
      replicaCount: 3,
      tolerateTaints: [],
      additionalValues: [],
      timeoutSeconds: 900,
      preventDestroy: true,
    });
  });

  it("accepts tokens for every prop it validates but the chart version", () => {
    expect(
      unusedTokens((scope, t) => {
        new Longhorn(scope, "Longhorn", {
          namespace: t.string("ns"),
          replicaCount: t.number("replicas"),
          timeoutSeconds: t.number("timeout"),
          backup: { ...backup, endpoint: t.string("endpoint"), region: t.string("region"), bucket: t.string("bucket") },
        });
      }),
    ).toEqual([]);
  });

  it("writes a replica count token as a number for the chart and as a string for the setting", () => {
    const { parsed } = synthScope((scope) => {
      const replicas = new TerraformVariable(scope, "replicas", { type: "number" }).numberValue;
      new Longhorn(scope, "Longhorn", { replicaCount: replicas });
    });
    const values = (onlyResource(parsed, "helm_release").values as string[])[0];
    expect(values).toContain("defaultClassReplicaCount: ${var.replicas}\n");
    expect(values).toContain('defaultReplicaCount: "${var.replicas}"\n');
  });

  it("refuses a token for the chart version, which decides the chart values", () => {
    const message = errorOf(() =>
      synthScope((scope) => {
        const version = new TerraformVariable(scope, "version", { type: "string" }).stringValue;
        new Longhorn(scope, "Longhorn", { chartVersion: version });
      }),
    );
    expect(message).toMatch(/^test\/Longhorn props:/);
    expect(message).toContain("chartVersion: must be known at synth time, not a token (the chart values differ by version)");
  });
});
