import { StorageClassV1 } from "@cdktf/provider-kubernetes/lib/storage-class-v1";
import { Fn, ITerraformDependable, Token, Tokenization } from "cdktf";
import { Construct } from "constructs";
import { z } from "zod";
import { PropIssues, describeValue, dnsLabel, dnsSubdomain, isUnresolved } from "../validation";
import type { ILonghorn } from "./longhorn";
import { IStorageClass } from "./storage-class";
import { dependencies } from "../terraform/dependencies";

/** Filesystems a Longhorn volume can be formatted with. */
export const LONGHORN_FS_TYPES = ["ext4", "xfs"] as const;
/** Longhorn's data locality settings. */
export const LONGHORN_DATA_LOCALITIES = ["disabled", "best-effort", "strict-local"] as const;
/** What happens to a volume when its claim goes. */
export const RECLAIM_POLICIES = ["Delete", "Retain"] as const;
/** When a volume is provisioned. */
export const VOLUME_BINDING_MODES = ["Immediate", "WaitForFirstConsumer"] as const;

/** Props of {@link LonghornStorageClass}: the StorageClass settings plus wiring. Every string or number may be a token. */
export interface LonghornStorageClassProps {
  /**
   * StorageClass name, a DNS-1123 subdomain.
   * @default "longhorn-fast"
   */
  readonly name?: string;
  /**
   * Replicas of each volume, 1 to 20.
   * @default 1
   */
  readonly numberOfReplicas?: number;
  /**
   * Minutes before a failed replica is removed, at least 1.
   * @default 30
   */
  readonly staleReplicaTimeout?: number;
  /**
   * Backup URL new volumes are restored from; empty for none.
   * @default ""
   */
  readonly fromBackup?: string;
  /**
   * Filesystem of the volumes.
   * @default "ext4"
   */
  readonly fsType?: (typeof LONGHORN_FS_TYPES)[number];
  /**
   * Disk tags a replica's disk must have (DNS-1123 labels).
   * @default ["fast"]
   */
  readonly diskSelector?: readonly string[];
  /**
   * Node tags a replica's node must have (DNS-1123 labels).
   * @default []
   */
  readonly nodeSelector?: readonly string[];
  /**
   * Longhorn data locality; `strict-local` requires `numberOfReplicas` 1 (checked only when neither is
   * a token).
   * @default - Longhorn's default (its setting `default-data-locality`)
   */
  readonly dataLocality?: (typeof LONGHORN_DATA_LOCALITIES)[number];
  /**
   * What happens to a volume when its claim goes.
   * @default "Delete"
   */
  readonly reclaimPolicy?: (typeof RECLAIM_POLICIES)[number];
  /**
   * When a volume is provisioned.
   * @default "Immediate"
   */
  readonly volumeBindingMode?: (typeof VOLUME_BINDING_MODES)[number];
  /**
   * Whether claims may grow.
   * @default true
   */
  readonly allowVolumeExpansion?: boolean;
  /**
   * Mark it the cluster's default StorageClass.
   * @default false
   */
  readonly isDefaultClass?: boolean;
  /**
   * The Longhorn installation whose CSI driver serves the class: the class is created after its release.
   * @default - none: pass `dependsOn` with whatever installs Longhorn, or nothing when it runs already
   */
  readonly longhorn?: ILonghorn;
  /**
   * Resources that must exist first, besides `longhorn`'s release.
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/** Defaults of {@link LonghornStorageClassProps}, the guide's `longhorn-fast` class; the platform config applies them too. */
export const LONGHORN_STORAGE_CLASS_DEFAULTS = {
  name: "longhorn-fast",
  numberOfReplicas: 1,
  staleReplicaTimeout: 30,
  fromBackup: "",
  fsType: "ext4",
  diskSelector: ["fast"],
  nodeSelector: [],
  reclaimPolicy: "Delete",
  volumeBindingMode: "Immediate",
  allowVolumeExpansion: true,
  isDefaultClass: false,
} as const satisfies Partial<LonghornStorageClassProps>;

/** The rule of each setting of {@link LonghornStorageClassProps}, which the platform config checks too. */
export const LONGHORN_STORAGE_CLASS_RULES = {
  name: dnsSubdomain,
  numberOfReplicas: z.number().int().min(1).max(20),
  staleReplicaTimeout: z.number().int().min(1),
  fromBackup: z.string(),
  fsType: z.enum(LONGHORN_FS_TYPES),
  diskSelector: z.array(dnsLabel()),
  nodeSelector: z.array(dnsLabel()),
  dataLocality: z.enum(LONGHORN_DATA_LOCALITIES),
  reclaimPolicy: z.enum(RECLAIM_POLICIES),
  volumeBindingMode: z.enum(VOLUME_BINDING_MODES),
  allowVolumeExpansion: z.boolean(),
  isDefaultClass: z.boolean(),
} as const;

/**
 * Why `numberOfReplicas` does not go with `dataLocality` (a strict-local volume has exactly one
 * replica), or undefined; nothing when either is a token. The construct and the config schema both ask.
 */
export function strictLocalReplicasProblem(dataLocality: unknown, numberOfReplicas: unknown): string | undefined {
  if (isUnresolved(dataLocality) || isUnresolved(numberOfReplicas)) return undefined;
  return dataLocality === "strict-local" && numberOfReplicas !== 1
    ? "must be 1 when dataLocality is 'strict-local' (a strict-local volume has exactly one replica)"
    : undefined;
}

/** The keys {@link LonghornStorageClassProps} declares: a JavaScript caller's typo is refused. */
const DECLARED_PROPS = new Set([...Object.keys(LONGHORN_STORAGE_CLASS_RULES), "longhorn", "dependsOn"]);

/** A number as a StorageClass parameter (a string), a token too. */
function numberParameter(value: number): string {
  return isUnresolved(value) ? Token.asString(value) : String(value);
}

/** Tags as a StorageClass parameter: comma-separated, from a list token too; undefined for none. */
function tagsParameter(tags: readonly string[]): string | undefined {
  const list = Tokenization.reverseList(tags as string[]);
  if (list !== undefined) return Token.asString(Fn.join(",", tags as string[]));
  return tags.length > 0 ? tags.join(",") : undefined;
}

/**
 * A StorageClass served by Longhorn's CSI driver (`driver.longhorn.io`).
 *
 * Its defaults are the guide's `longhorn-fast` class: one replica on a disk
 * tagged `fast`, ext4, expansion allowed, reclaimed on delete, bound at once.
 * Every Longhorn parameter is synthesized as a string, as Kubernetes requires.
 */
export class LonghornStorageClass extends Construct implements IStorageClass {
  /** The StorageClass resource. */
  public readonly storageClass: StorageClassV1;
  /** The StorageClass name, for `storageClassName` in claims and chart values. */
  public readonly storageClassName: string;
  /** What creates the class: its StorageClass resource. */
  public readonly storageClassCreator: ITerraformDependable;
  /** The Longhorn parameters as synthesized. */
  public readonly parameters: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: LonghornStorageClassProps = {}) {
    super(scope, id);
    const D = LONGHORN_STORAGE_CLASS_DEFAULTS;
    const sc = {
      name: props.name ?? D.name,
      numberOfReplicas: props.numberOfReplicas ?? D.numberOfReplicas,
      staleReplicaTimeout: props.staleReplicaTimeout ?? D.staleReplicaTimeout,
      fromBackup: props.fromBackup ?? D.fromBackup,
      fsType: props.fsType ?? D.fsType,
      diskSelector: props.diskSelector ?? D.diskSelector,
      nodeSelector: props.nodeSelector ?? D.nodeSelector,
      dataLocality: props.dataLocality,
      reclaimPolicy: props.reclaimPolicy ?? D.reclaimPolicy,
      volumeBindingMode: props.volumeBindingMode ?? D.volumeBindingMode,
      allowVolumeExpansion: props.allowVolumeExpansion ?? D.allowVolumeExpansion,
      isDefaultClass: props.isDefaultClass ?? D.isDefaultClass,
    };
    const issues = new PropIssues();
    for (const key of Object.keys(props)) {
      if (!DECLARED_PROPS.has(key)) issues.add(`${key}: is not a prop of LonghornStorageClass (unknown key ${describeValue(key)})`);
    }
    for (const [key, rule] of Object.entries(LONGHORN_STORAGE_CLASS_RULES)) issues.check(key, sc[key as keyof typeof sc], rule);
    const strictLocal = strictLocalReplicasProblem(sc.dataLocality, sc.numberOfReplicas);
    if (strictLocal) issues.bad("numberOfReplicas", sc.numberOfReplicas, strictLocal);
    issues.throwIfAny(`${this.node.path} props`);

    const parameters: Record<string, string> = {
      numberOfReplicas: numberParameter(sc.numberOfReplicas),
      staleReplicaTimeout: numberParameter(sc.staleReplicaTimeout),
      fromBackup: sc.fromBackup,
      fsType: sc.fsType,
    };
    const diskSelector = tagsParameter(sc.diskSelector);
    if (diskSelector !== undefined) parameters.diskSelector = diskSelector;
    const nodeSelector = tagsParameter(sc.nodeSelector);
    if (nodeSelector !== undefined) parameters.nodeSelector = nodeSelector;
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
      dependsOn: dependencies(props.longhorn?.release, props.dependsOn),
    });
    this.storageClassCreator = this.storageClass;
  }
}
