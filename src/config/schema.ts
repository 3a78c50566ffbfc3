import { z } from "zod";
import { MAX_NODE_WAIT_SECONDS, PROGRAM_NAME, PROGRAM_NAME_RULE } from "../kubernetes/registered-nodes";
import { LONGHORN_CHART_STORAGE_CLASS, LONGHORN_RELEASES } from "../storage/longhorn-values";
import { longhornStorageClassSchema } from "../storage/longhorn-storage-class";
import { recurringJobSchema } from "../storage/recurring-job";
import {
  certManagerSchema,
  checkClusterServices,
  kuredSchema,
  monitoringSchema,
  traefikSchema,
  upgradesSchema,
} from "./cluster-services-schema";
import { checkDatabases, databasesSchema } from "./databases-schema";
import { stateBackendSchema } from "../terraform/state-backend";
import { clusterName, hcloudSchema, nodeNames } from "./hcloud-schema";
import {
  cidr,
  dnsLabel,
  dnsSubdomain,
  domainName,
  duplicates,
  endpointHost,
  s3Bucket,
  s3Region,
  KUBECONFIG_TEXT,
  KUBECONFIG_TEXT_RULE,
} from "./validation";

/** Reference to a Traefik Middleware that already exists in the cluster. */
const middlewareRefSchema = z.strictObject({
  name: dnsSubdomain.describe("Middleware name."),
  namespace: dnsLabel().describe("Middleware namespace (cross-namespace references need Traefik's allowCrossNamespace)."),
});

const longhornSchema = z.strictObject({
  chartVersion: LONGHORN_RELEASES.schema().default("1.12.1").describe("Longhorn Helm chart version (https://charts.longhorn.io)."),
  namespace: dnsLabel().default("longhorn-system").describe("Namespace Longhorn is installed in."),
  storagePool: dnsLabel(20).default("storage").describe("hcloud node pool whose nodes carry Longhorn's disks."),
  replicaCount: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe("Default replica count of Longhorn volumes; defaults to the number of storage nodes."),
  preventDestroy: z
    .boolean()
    .optional()
    .describe(
      "Guard against uninstalling Longhorn, which deletes every Longhorn volume (default true): Terraform's prevent_destroy on the release and Longhorn's deleting-confirmation-flag off. Set false and deploy only to uninstall it on purpose (README, \"Failed installs, and removing Longhorn\").",
    ),
  disks: z
    .strictObject({
      rootDiskTags: z.array(dnsLabel()).default(["fast"]).describe("Tags of the disk on the node's root filesystem."),
      rootDiskPath: z.string().default("/var/lib/longhorn/").describe("Path of the root-filesystem disk."),
      rootDiskStorageReservedGiB: z
        .number()
        .min(0)
        .default(10)
        .describe("GiB of the root-filesystem disk Longhorn leaves to the system (images, logs); declared for every Longhorn version."),
      volumeDiskStorageReservedGiB: z
        .number()
        .min(0)
        .default(0)
        .describe("GiB of the block-volume disk Longhorn leaves free; 0 means none (the volume is Longhorn's alone)."),
      volumeDiskName: dnsLabel().default("disk-mnt").describe("Name of the disk on the storage pool's block volume."),
      volumeDiskTags: z.array(dnsLabel()).default([]).describe("Tags of the block-volume disk."),
      nodeTags: z.array(dnsLabel()).default([]).describe("Longhorn node tags of the storage nodes."),
    })
    .prefault({})
    .describe("Disks Longhorn creates on storage nodes (workers get none)."),
  backup: z
    .strictObject({
      s3: z.strictObject({
        endpoint: endpointHost.describe("S3 endpoint host, e.g. s3.fr-par.scw.cloud (https is implied)."),
        region: s3Region.describe("S3 region, e.g. fr-par."),
        bucket: s3Bucket.describe("Bucket name, without 's3://'."),
      }),
    })
    .describe("Backup target. The access keys are the sensitive variables s3_access_key and s3_secret_key."),
  storageClass: longhornStorageClassSchema.prefault({}).describe("The fast StorageClass for databases."),
  recurringJobs: z
    .array(recurringJobSchema)
    .describe("Recurring snapshot/backup jobs.")
    .superRefine((jobs, ctx) => {
      for (const name of duplicates(jobs.map((j) => j.name))) {
        ctx.addIssue({ code: "custom", input: name, message: `job name '${name}' is used more than once; job names must be unique` });
      }
    }),
  ui: z
    .strictObject({
      enabled: z.boolean().default(true).describe("Expose the Longhorn UI through Traefik."),
      subdomain: dnsLabel().default("longhorn").describe("The UI is served at <subdomain>.<cluster.domain>."),
      entryPoints: z.array(z.string().min(1)).default(["websecure"]).describe("Traefik entry points."),
      ipAllowList: z
        .union([z.strictObject({ existing: middlewareRefSchema }), z.strictObject({ sourceRange: z.array(cidr).min(1) })])
        .optional()
        .describe("IP allow-list middleware: an existing one, or source ranges for one created here."),
      basicAuth: z
        .union([z.strictObject({ existing: middlewareRefSchema }), z.strictObject({ create: z.literal(true) })])
        .optional()
        .describe("Basic-auth middleware: an existing one, or one created here from the sensitive variable longhorn_ui_htpasswd."),
      tls: z
        .union([z.strictObject({ secretName: dnsSubdomain }), z.strictObject({ certResolver: z.string().min(1) })])
        .optional()
        .describe("TLS for the route; unset relies on the entry point's default certificate."),
    })
    .prefault({})
    .describe("Longhorn UI exposure."),
});

/** The whole platform configuration. */
export const platformConfigSchema = z
  .strictObject({
    $schema: z.string().optional().describe("Path of this JSON Schema, for editors."),
    cluster: z
      .strictObject({
        name: clusterName.default("kube").describe("Cluster name, prefix of every node name and Terraform resource name."),
        domain: domainName.describe("Domain the cluster's services are published under, e.g. kube.rocks."),
      })
      .describe("Cluster identity."),
    kubernetes: z
      .strictObject({
        configPath: z
          .string()
          .regex(KUBECONFIG_TEXT, { message: KUBECONFIG_TEXT_RULE })
          .default("~/.kube/config")
          .describe("Kubeconfig the k3s stack deploys with."),
        context: z
          .string()
          .regex(KUBECONFIG_TEXT, { message: KUBECONFIG_TEXT_RULE })
          .optional()
          .describe("Kubeconfig context; unset uses the current context."),
        waitForNodes: z
          .strictObject({
            enabled: z
              .boolean()
              .default(true)
              .describe("Wait for the storage nodes to register before labelling them (kubectl >= 1.31 on the deploying machine)."),
            timeoutSeconds: z
              .number()
              .int()
              .min(1)
              .max(MAX_NODE_WAIT_SECONDS)
              .default(900)
              .describe("How long to wait for each node, in seconds."),
            kubectl: z
              .string()
              .regex(PROGRAM_NAME, { message: PROGRAM_NAME_RULE })
              .default("kubectl")
              .describe("kubectl program name or path (>= 1.31)."),
          })
          .prefault({})
          .describe("`cdktf deploy k3s` right after `cdktf deploy hcloud` waits for the nodes it labels (README)."),
      })
      .prefault({})
      .describe("How the k3s stack reaches the cluster."),
    monitoring: monitoringSchema,
    backend: stateBackendSchema.describe("Where the Terraform state of both stacks lives."),
    hcloud: hcloudSchema.describe("Hetzner Cloud infrastructure."),
    longhorn: longhornSchema.describe("Longhorn distributed block storage."),
    traefik: traefikSchema.optional(),
    certManager: certManagerSchema.optional(),
    kured: kuredSchema.optional(),
    upgrades: upgradesSchema.optional(),
    databases: databasesSchema.optional().describe("PostgreSQL, Redis and dumps on the storage nodes; omit to install none."),
  })
  .superRefine(
    (cfg, ctx) => {
      const ui = cfg.longhorn.ui;
      for (const key of ["ipAllowList", "basicAuth"] as const) {
        if (ui.enabled && !ui[key]) {
          ctx.addIssue({
            code: "custom",
            path: ["longhorn", "ui", key],
            input: undefined,
            message:
              "is required while longhorn.ui.enabled is true: the UI is never exposed without an IP allow-list and basic auth (name existing middlewares or create them)",
          });
        }
      }
      checkClusterServices(cfg, ctx);
      const pool = cfg.hcloud.nodePools.find((p) => p.name === cfg.longhorn.storagePool);
      if (!pool) {
        ctx.addIssue({
          code: "custom",
          path: ["longhorn", "storagePool"],
          input: cfg.longhorn.storagePool,
          message: `must name a pool of hcloud.nodePools (${cfg.hcloud.nodePools.map((p) => p.name).join(", ")})`,
        });
        return;
      }
      const replicas = cfg.longhorn.replicaCount;
      if (replicas !== undefined && replicas > pool.count) {
        ctx.addIssue({
          code: "custom",
          path: ["longhorn", "replicaCount"],
          input: replicas,
          message: `must be at most the number of storage nodes (${pool.count} in pool '${pool.name}')`,
        });
      }
      const reserved = cfg.longhorn.disks.volumeDiskStorageReservedGiB;
      if (pool.volume && reserved >= pool.volume.size) {
        ctx.addIssue({
          code: "custom",
          path: ["longhorn", "disks", "volumeDiskStorageReservedGiB"],
          input: reserved,
          message: `must be less than the size of pool '${pool.name}''s volumes (${pool.volume.size} GB), or Longhorn refuses the disk`,
        });
      }
      if (cfg.longhorn.storageClass.name === LONGHORN_CHART_STORAGE_CLASS) {
        ctx.addIssue({
          code: "custom",
          path: ["longhorn", "storageClass", "name"],
          input: cfg.longhorn.storageClass.name,
          message: `must not be '${LONGHORN_CHART_STORAGE_CLASS}': the Longhorn chart creates that StorageClass`,
        });
      }
      if (cfg.longhorn.storageClass.numberOfReplicas > pool.count) {
        ctx.addIssue({
          code: "custom",
          path: ["longhorn", "storageClass", "numberOfReplicas"],
          input: cfg.longhorn.storageClass.numberOfReplicas,
          message: `must be at most the number of storage nodes (${pool.count} in pool '${pool.name}')`,
        });
      }
      checkDatabases(cfg, ctx);
      // Cross-field rules run once every field is valid, so one mistake gives one message, not a cascade.
    },
    { when: (payload) => payload.issues.length === 0 },
  );

/** Configuration as written in a YAML file (defaults not yet applied). */
export type PlatformConfigInput = z.input<typeof platformConfigSchema>;
/** Configuration with every default applied. */
export type PlatformConfig = z.output<typeof platformConfigSchema>;
/** The longhorn section, defaults applied. */
export type LonghornConfig = PlatformConfig["longhorn"];

/** The storage nodes of a configuration: names and the pool they come from. */
export function storageNodes(cfg: PlatformConfig): { names: string[]; pool: PlatformConfig["hcloud"]["nodePools"][number] } {
  const pool = cfg.hcloud.nodePools.find((p) => p.name === cfg.longhorn.storagePool);
  if (!pool) throw new Error(`longhorn.storagePool '${cfg.longhorn.storagePool}' is not a pool of hcloud.nodePools`);
  return { names: nodeNames(cfg.cluster.name, pool), pool };
}
