import { App, TerraformStack, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { ClusterProviders, Longhorn, LonghornRecurringJobs, LonghornStorageClass } from "gitops-day-platform";

/** Another team's stack: Longhorn with S3 backups, a fast StorageClass and nightly backups. */
class StorageStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new ClusterProviders(this, "Providers", { configPath: "~/.kube/config", context: "staging" });
    const secret = (name: string) => new TerraformVariable(this, name, { type: "string", sensitive: true }).stringValue;

    const longhorn = new Longhorn(this, "Longhorn", {
      replicaCount: 2,
      backup: {
        endpoint: "s3.fr-par.scw.cloud",
        region: "fr-par",
        bucket: "staging-backups",
        accessKeyId: secret("s3_access_key"),
        secretAccessKey: secret("s3_secret_key"),
      },
      tolerateTaints: [{ key: "node-role.kubernetes.io/storage", effect: "NoSchedule" }],
    });
    new LonghornStorageClass(this, "Fast", { numberOfReplicas: 2, dependsOn: [longhorn.release] });
    new LonghornRecurringJobs(this, "Backups", {
      namespace: longhorn.namespaceName,
      jobs: [{ name: "nightly", cron: "0 2 * * *", task: "backup", retain: 14 }],
      dependsOn: [longhorn.release],
    });
  }
}

const app = new App();
new StorageStack(app, "storage");
app.synth();
