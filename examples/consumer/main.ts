import { App, TerraformStack, TerraformVariable } from "cdktf";
import { Release } from "@cdktf/provider-helm/lib/release";
import { Construct } from "constructs";
import { ClusterProviders, Longhorn, LonghornRecurringJobs, LonghornStorageClass } from "gitops-day-platform";

/** A team's object store: MinIO, whose in-cluster endpoint other stacks back up to. */
class ObjectStoreStack extends TerraformStack {
  /** `<release>.<namespace>.svc.cluster.local:9000`: a value only Terraform knows (a token). */
  public readonly endpoint: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    new ClusterProviders(this, "Providers", { configPath: "~/.kube/config", context: "staging" });
    const minio = new Release(this, "Minio", {
      name: "minio",
      namespace: "minio",
      createNamespace: true,
      repository: "https://charts.min.io",
      chart: "minio",
      version: "5.4.0",
    });
    this.endpoint = `${minio.name}.${minio.namespace}.svc.cluster.local:9000`;
  }
}

/** Another team's stack: Longhorn backing up to that store, a fast StorageClass and nightly backups. */
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
        region: "us-east-1",
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
const store = new ObjectStoreStack(app, "object-store");
new StorageStack(app, "storage", { backupEndpoint: store.endpoint });
app.synth();
