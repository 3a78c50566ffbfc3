import { StorageClassV1 } from "@cdktf/provider-kubernetes/lib/storage-class-v1";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { z } from "zod";
import { dnsLabel, dnsSubdomain, parseOrThrow } from "../validation";

/** Schema of the Longhorn StorageClass settings, shared by configuration and props. */
export const longhornStorageClassSchema = z
  .strictObject({
    name: dnsSubdomain.default("longhorn-fast").describe("StorageClass name."),
    numberOfReplicas: z.number().int().min(1).max(20).default(1).describe("Replicas of each volume."),
    staleReplicaTimeout: z.number().int().min(1).default(30).describe("Minutes before a failed replica is removed."),
    fromBackup: z.string().default("").describe("Backup URL new volumes are restored from; empty for none."),
    fsType: z.enum(["ext4", "xfs"]).default("ext4").describe("Filesystem of the volumes."),
    diskSelector: z.array(dnsLabel()).default(["fast"]).describe("Disk tags a replica's disk must have."),
    nodeSelector: z.array(dnsLabel()).default([]).describe("Node tags a replica's node must have."),
    dataLocality: z
      .enum(["disabled", "best-effort", "strict-local"])
      .optional()
      .describe("Longhorn data locality; 'strict-local' requires a single replica. Unset: Longhorn's default."),
    reclaimPolicy: z.enum(["Delete", "Retain"]).default("Delete").describe("What happens to a volume when its claim goes."),
    volumeBindingMode: z.enum(["Immediate", "WaitForFirstConsumer"]).default("Immediate").describe("When a volume is provisioned."),
    allowVolumeExpansion: z.boolean().default(true).describe("Whether claims may grow."),
    isDefaultClass: z.boolean().default(false).describe("Mark it the cluster's default StorageClass."),
  })
  .superRefine((sc, ctx) => {
    if (sc.dataLocality === "strict-local" && sc.numberOfReplicas !== 1) {
      ctx.addIssue({
        code: "custom",
        path: ["numberOfReplicas"],
        input: sc.numberOfReplicas,
        message: "must be 1 when dataLocality is 'strict-local' (a strict-local volume has exactly one replica)",
      });
    }
  });

/** Props of {@link LonghornStorageClass}: the StorageClass settings plus wiring. */
export type LonghornStorageClassProps = z.input<typeof longhornStorageClassSchema> & {
  /**
   * Resources that must exist first, typically the Longhorn Helm release.
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
};

/**
 * A StorageClass served by Longhorn's CSI driver (`driver.longhorn.io`).
 *
 * Its defaults are the guide's `longhorn-fast` class: one replica on a disk
 * tagged `fast`, ext4, expansion allowed, reclaimed on delete, bound at once.
 * Every Longhorn parameter is synthesized as a string, as Kubernetes requires.
 */
export class LonghornStorageClass extends Construct {
  /** The StorageClass resource. */
  public readonly storageClass: StorageClassV1;
  /** The StorageClass name, for `storageClassName` in claims and chart values. */
  public readonly storageClassName: string;
  /** The Longhorn parameters as synthesized. */
  public readonly parameters: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: LonghornStorageClassProps = {}) {
    super(scope, id);
    const { dependsOn, ...settings } = props;
    const sc = parseOrThrow(longhornStorageClassSchema, settings, `${this.node.path} props`);

    const parameters: Record<string, string> = {
      numberOfReplicas: String(sc.numberOfReplicas),
      staleReplicaTimeout: String(sc.staleReplicaTimeout),
      fromBackup: sc.fromBackup,
      fsType: sc.fsType,
    };
    if (sc.diskSelector.length > 0) parameters.diskSelector = sc.diskSelector.join(",");
    if (sc.nodeSelector.length > 0) parameters.nodeSelector = sc.nodeSelector.join(",");
    if (sc.dataLocality) parameters.dataLocality = sc.dataLocality;
    this.parameters = parameters;
    this.storageClassName = sc.name;

    this.storageClass = new StorageClassV1(this, "Resource", {
      metadata: {
        name: sc.name,
        annotations: sc.isDefaultClass ? { "storageclass.kubernetes.io/is-default-class": "true" } : undefined,
      },
      storageProvisioner: "driver.longhorn.io",
      allowVolumeExpansion: sc.allowVolumeExpansion,
      reclaimPolicy: sc.reclaimPolicy,
      volumeBindingMode: sc.volumeBindingMode,
      parameters,
      dependsOn,
    });
  }
}
