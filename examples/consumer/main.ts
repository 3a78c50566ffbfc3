import { App, TerraformStack, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { ClusterProviders, Longhorn, LonghornRecurringJobs, LonghornStorageClass } from "gitops-day-platform";

/** The platform team's shared settings, given once at deploy (`TF_VAR_backup_endpoint`) for every stack that backs up. */
class SharedSettingsStack extends TerraformStack {
  /** The S3 endpoint host backups go to: a value only Terraform knows (a token). */
  public readonly backupEndpoint: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.backupEndpoint = new TerraformVariable(this, "backup_endpoint", {
      type: "string",
      description: "S3 endpoint host without scheme, served over HTTPS, e.g. s3.fr-par.scw.cloud",
    }).stringValue;
  }
}

/** Another team's stack: Longhorn with S3 backups to the shared endpoint, a fast StorageClass and nightly backups. */
class StorageStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: { readonly backupEndpoint: string }) {
    super(scope, id);
    new ClusterProviders(this, "Providers", { configPath: "~/.kube/config", context: "staging" });
    const secret = (name: string) => new TerraformVariable(this, name, { type: "string", sensitive: true }).stringValue;

    const longhorn = new Longhorn(this, "Longhorn", {
      replicaCount: 2,
      backup: {
        // A token from the other stack: checked by Terraform at deploy, not refused at synth.
        endpoint: props.backupEndpoint,
        region: "fr-par",
        bucket: "staging-backups",
        accessKeyId: secret("s3_access_key"),
        secretAccessKey: secret("s3_secret_key"),
      },
      tolerateTaints: [{ key: "node-role.kubernetes.io/storage", effect: "NoSchedule" }],
    });
    // Each takes the Longhorn construct: its namespace, version and release come with it.
    new LonghornStorageClass(this, "Fast", { numberOfReplicas: 2, longhorn });
    new LonghornRecurringJobs(this, "Backups", {
      longhorn,
      jobs: [{ name: "nightly", cron: "0 2 * * *", task: "backup", retain: 14 }],
    });
  }
}

const app = new App();
const shared = new SharedSettingsStack(app, "shared");
new StorageStack(app, "storage", { backupEndpoint: shared.backupEndpoint });
app.synth();
