import { z } from "zod";
import { QUANTITY_PATTERN } from "../validation";
import { quantityValue } from "./resources";

/** True for a positive Kubernetes quantity usable as a volume size, e.g. `10Gi` (not `0`, `-1Gi` or `10 GB`). */
export function isVolumeSize(value: unknown): boolean {
  const amount = typeof value === "string" ? quantityValue(value) : undefined;
  return amount !== undefined && amount > 0;
}

/** What {@link isVolumeSize} accepts, for error messages. */
export const VOLUME_SIZE_RULE = "must be a positive Kubernetes quantity such as '10Gi' or '500Mi'";

/** The volume size schema of the configuration: a positive {@link quantity}, one message when it is not. */
export const volumeSize = z
  .string()
  .regex(QUANTITY_PATTERN, { message: VOLUME_SIZE_RULE, abort: true }) // the pattern also helps editors
  .refine(isVolumeSize, { message: VOLUME_SIZE_RULE });
