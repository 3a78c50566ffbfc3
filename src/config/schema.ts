import { z } from "zod";
import { ENTRY_POINTS, PROTECTED_INGRESS_ROUTE_DEFAULTS } from "../ingress/protected-ingress-route";
import { CLUSTER_PROVIDERS_DEFAULTS } from "../kubernetes/cluster-providers";
import { REGISTERED_NODES_DEFAULTS, nodeWaitSeconds, programName } from "../kubernetes/registered-nodes";
import { LONGHORN_DEFAULTS, LONGHORN_RULES } from "../storage/longhorn";
import { LONGHORN_CHART_STORAGE_CLASS } from "../storage/longhorn-values";
import {
  LONGHORN_STORAGE_CLASS_DEFAULTS,
  LONGHORN_STORAGE_CLASS_RULES,
  strictLocalReplicasProblem,
} from "../storage/longhorn-storage-class";
import { LONGHORN_DISK_DEFAULTS, LONGHORN_STORAGE_NODES_DEFAULTS, longhornTags } from "../storage/longhorn-storage-nodes";
import { recurringJobsSchema } from "../storage/recurring-job";
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
  InternalError,
  Taint,
  cidr,
  dnsLabel,
  dnsSubdomain,
  domainName,
  parseTaint,
  KUBECONFIG_TEXT,
  KUBECONFIG_TEXT_RULE,
} from "../validation";

/** Reference to a Traefik Middleware that already exists in the cluster. */
const middlewareRefSchema = z.strictObject({
  name: dnsSubdomain.describe("Middleware name."),
  namespace: dnsLabel().describe("Middleware namespace (cross-namespace references need Traefik's allowCrossNamespace)."),
});

/**
 * The settings of a {@link LonghornStorageClass} as the config takes them (`longhorn.storageClass`): the
 * construct's own rules and defaults, and its strict-local rule.
 */
export const longhornStorageClassSchema = z
  .strictObject({
    name: LONGHORN_STORAGE_CLASS_RULES.name.default(LONGHORN_STORAGE_CLASS_DEFAULTS.name).describe("StorageClass name."),
    numberOfReplicas: LONGHORN_STORAGE_CLASS_RULES.numberOfReplicas
      .default(LONGHORN_STORAGE_CLASS_DEFAULTS.numberOfReplicas)
      .describe("Replicas of each volume."),
    staleReplicaTimeout: LONGHORN_STORAGE_CLASS_RULES.staleReplicaTimeout
      .default(LONGHORN_STORAGE_CLASS_DEFAULTS.staleReplicaTimeout)
      .describe("Minutes before a failed replica is removed."),
    fromBackup: LONGHORN_STORAGE_CLASS_RULES.fromBackup
      .default(LONGHORN_STORAGE_CLASS_DEFAULTS.fromBackup)
      .describe("Backup URL new volumes are restored from; empty for none."),
    fsType: LONGHORN_STORAGE_CLASS_RULES.fsType.default(LONGHORN_STORAGE_CLASS_DEFAULTS.fsType).describe("Filesystem of the volumes."),
    diskSelector: LONGHORN_STORAGE_CLASS_RULES.diskSelector
      .default(() => [...LONGHORN_STORAGE_CLASS_DEFAULTS.diskSelector])
      .describe("Disk tags a replica's disk must have."),
    nodeSelector: LONGHORN_STORAGE_CLASS_RULES.nodeSelector
      .default(() => [...LONGHORN_STORAGE_CLASS_DEFAULTS.nodeSelector])
      .describe("Node tags a replica's node must have."),
    dataLocality: LONGHORN_STORAGE_CLASS_RULES.dataLocality
      .optional()
      .describe("Longhorn data locality; 'strict-local' requires a single replica. Unset: Longhorn's default."),
    reclaimPolicy: LONGHORN_STORAGE_CLASS_RULES.reclaimPolicy
      .default(LONGHORN_STORAGE_CLASS_DEFAULTS.reclaimPolicy)
      .describe("What happens to a volume when its claim goes."),
    volumeBindingMode: LONGHORN_STORAGE_CLASS_RULES.volumeBindingMode
      .default(LONGHORN_STORAGE_CLASS_DEFAULTS.volumeBindingMode)
      .describe("When a volume is provisioned."),
    allowVolumeExpansion: LONGHORN_STORAGE_CLASS_RULES.allowVolumeExpansion
      .default(LONGHORN_STORAGE_CLASS_DEFAULTS.allowVolumeExpansion)
      .describe("Whether claims may grow."),
    isDefaultClass: LONGHORN_STORAGE_CLASS_RULES.isDefaultClass
      .default(LONGHORN_STORAGE_CLASS_DEFAULTS.isDefaultClass)
      .describe("Mark it the cluster's default StorageClass."),
  })
  .superRefine((sc, ctx) => {
    const problem = strictLocalReplicasProblem(sc.dataLocality, sc.numberOfReplicas);
    if (problem) ctx.addIssue({ code: "custom", path: ["numberOfReplicas"], input: sc.numberOfReplicas, message: problem });
  });

const longhornSchema = z.strictObject({
  chartVersion: LONGHORN_RULES.chartVersion
    .default(LONGHORN_DEFAULTS.chartVersion)
    .describe("Longhorn Helm chart version (https://charts.longhorn.io)."),
  namespace: LONGHORN_RULES.namespace.default(LONGHORN_DEFAULTS.namespace).describe("Namespace Longhorn is installed in."),
  storagePool: dnsLabel(20).default("storage").describe("hcloud node pool whose nodes carry Longhorn's disks."),
  replicaCount: LONGHORN_RULES.replicaCount
    .optional()
    .describe("Default replica count of Longhorn volumes; defaults to the number of storage nodes."),
  preventDestroy: z
    .boolean()
    .default(LONGHORN_DEFAULTS.preventDestroy)
    .describe(
      "Guard against uninstalling Longhorn, which deletes every Longhorn volume: Terraform's prevent_destroy on the release and Longhorn's deleting-confirmation-flag off. Set false and deploy only to uninstall it on purpose (README, \"Failed installs, and removing Longhorn\").",
    ),
  disks: z
    .strictObject({
      // The root disk is the one the fast StorageClass selects.
      rootDiskTags: longhornTags
        .default(() => [...LONGHORN_STORAGE_CLASS_DEFAULTS.diskSelector])
        .describe("Tags of the disk on the node's root filesystem."),
      rootDiskPath: z.string().default("/var/lib/longhorn/").describe("Path of the root-filesystem disk."),
      rootDiskStorageReservedGiB: z
        .number()
        .min(0)
        .default(10)
        .describe("GiB of the root-filesystem disk Longhorn leaves to the system (images, logs); declared for every Longhorn version."),
      volumeDiskStorageReservedGiB: z
        .number()
        .min(0)
        .default(LONGHORN_DISK_DEFAULTS.storageReserved)
        .describe("GiB of the block-volume disk Longhorn leaves free; 0 means none (the volume is Longhorn's alone)."),
      volumeDiskName: dnsLabel().default("disk-mnt").describe("Name of the disk on the storage pool's block volume."),
      volumeDiskTags: longhornTags.default(() => [...LONGHORN_DISK_DEFAULTS.tags]).describe("Tags of the block-volume disk."),
      nodeTags: longhornTags
        .default(() => [...LONGHORN_STORAGE_NODES_DEFAULTS.nodeTags])
        .describe("Longhorn node tags of the storage nodes."),
    })
    .prefault({})
    .describe("Disks Longhorn creates on storage nodes (workers get none)."),
  backup: z
    .strictObject({
      s3: z.strictObject({
        endpoint: LONGHORN_RULES.backup.endpoint.describe("S3 endpoint host, e.g. s3.fr-par.scw.cloud (https is implied)."),
        region: LONGHORN_RULES.backup.region.describe("S3 region, e.g. fr-par."),
        bucket: LONGHORN_RULES.backup.bucket.describe("Bucket name, without 's3://'."),
      }),
    })
    .describe("Backup target. The access keys are the sensitive variables s3_access_key and s3_secret_key."),
  storageClass: longhornStorageClassSchema.prefault({}).describe("The fast StorageClass for databases."),
  recurringJobs: recurringJobsSchema.describe("Recurring snapshot/backup jobs."),
  ui: z
    .strictObject({
      enabled: z.boolean().default(true).describe("Expose the Longhorn UI through Traefik."),
      subdomain: dnsLabel().default("longhorn").describe("The UI is served at <subdomain>.<cluster.domain>."),
      entryPoints: ENTRY_POINTS.default([...PROTECTED_INGRESS_ROUTE_DEFAULTS.entryPoints]).describe("Traefik entry points."),
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
    // Enabled means both middlewares are there, and the output type says so: the stack needs no cast.
    .transform((ui, ctx) => {
      const { ipAllowList, basicAuth } = ui;
      if (!ui.enabled) return { ...ui, enabled: false as const };
      if (ipAllowList && basicAuth) return { ...ui, enabled: true as const, ipAllowList, basicAuth };
      for (const key of ["ipAllowList", "basicAuth"] as const) {
        if (!ui[key]) {
          ctx.addIssue({
            code: "custom",
            path: [key],
            input: undefined,
            message:
              "is required while longhorn.ui.enabled is true: the UI is never exposed without an IP allow-list and basic auth (name existing middlewares or create them)",
          });
        }
      }
      return z.NEVER;
    })
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
          .default(CLUSTER_PROVIDERS_DEFAULTS.configPath)
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
            timeoutSeconds: nodeWaitSeconds
              .default(REGISTERED_NODES_DEFAULTS.timeoutSeconds)
              .describe("How long to wait for each node, in seconds."),
            kubectl: programName.default(REGISTERED_NODES_DEFAULTS.kubectl).describe("kubectl program name or path (>= 1.31)."),
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

/** The storage nodes of a configuration, from its `longhorn.storagePool`. */
export interface StorageNodes {
  /** The node names, as the hcloud stack names the servers. */
  readonly names: string[];
  /** The pool they come from. */
  readonly pool: PlatformConfig["hcloud"]["nodePools"][number];
  /** The pool's taints, parsed: what Longhorn and the databases tolerate. */
  readonly taints: Taint[];
}

/** The storage nodes of a configuration: names, the pool they come from and its taints. */
export function storageNodes(cfg: PlatformConfig): StorageNodes {
  const pool = cfg.hcloud.nodePools.find((p) => p.name === cfg.longhorn.storagePool);
  // The config schema refuses a storagePool that names no pool, and taints that do not parse.
  if (!pool) throw new InternalError(`longhorn.storagePool '${cfg.longhorn.storagePool}' is not a pool of hcloud.nodePools`);
  const taints = pool.taints.map((text) => {
    const taint = parseTaint(text);
    if (!taint) throw new InternalError(`hcloud.nodePools '${pool.name}' taint '${text}' does not parse after validation`);
    return taint;
  });
  return { names: nodeNames(cfg.cluster.name, pool), pool, taints };
}
