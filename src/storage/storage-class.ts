import { ITerraformDependable } from "cdktf";

/**
 * A StorageClass that claims and charts can use: its name, and what creates it, so that whatever takes
 * one both names it and waits for it (no `storageClassName` plus `dependsOn` to keep in step).
 * {@link LonghornStorageClass} is one; `Longhorn.chartStorageClass` is the chart's `longhorn` class,
 * created by its release; {@link existingStorageClass} names one made elsewhere.
 */
export interface IStorageClass {
  /** The StorageClass name, as claims and chart values write it. */
  readonly storageClassName: string;
  /**
   * What must exist before a claim asks for the class: the StorageClass resource, or the release whose
   * operator creates it.
   * @default - nothing to wait for (the class exists already)
   */
  readonly storageClassCreator?: ITerraformDependable;
}

/** A StorageClass that exists already (made by another stack or by hand), by name. */
export function existingStorageClass(storageClassName: string): IStorageClass {
  return { storageClassName };
}
