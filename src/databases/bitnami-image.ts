import { z } from "zod";
import { PropIssues } from "../validation";

/** A container image as Bitnami charts take it (`<slot>.image.{registry,repository,tag}`). */
export interface BitnamiImage {
  /** Registry host, e.g. `docker.io`. */
  readonly registry: string;
  /** Repository path inside the registry, e.g. `bitnamilegacy/postgresql`. */
  readonly repository: string;
  /** Immutable tag, e.g. `17.6.0-debian-12-r4`. */
  readonly tag: string;
}

/** A partial override of a {@link BitnamiImage}: unset fields keep the default. */
export type BitnamiImageOverride = Partial<BitnamiImage>;

/** Where the charts are served from since Bitnami stopped updating https://charts.bitnami.com/bitnami. */
export const BITNAMI_OCI_REPOSITORY = "oci://registry-1.docker.io/bitnamicharts";

/**
 * Since 2025-08-28 Bitnami's versioned images only exist, frozen, under
 * `docker.io/bitnamilegacy`; `docker.io/bitnami/<image>:<tag>` no longer pulls.
 */
export const BITNAMI_LEGACY_REGISTRY = "docker.io";
/** The Docker Hub namespace that keeps Bitnami's versioned (Debian) images. */
export const BITNAMI_LEGACY_NAMESPACE = "bitnamilegacy";

/** `docker.io/bitnamilegacy/<name>:<tag>`. */
export function legacyImage(name: string, tag: string): BitnamiImage {
  return { registry: BITNAMI_LEGACY_REGISTRY, repository: `${BITNAMI_LEGACY_NAMESPACE}/${name}`, tag };
}

/** `registry/repository:tag`, as a container runtime pulls it. */
export function imageReference(image: BitnamiImage): string {
  return `${image.registry}/${image.repository}:${image.tag}`;
}

/**
 * A registry host with optional port, e.g. `docker.io` or `registry.example.com:5000`. A container runtime
 * takes the first part of `registry/repository` for a registry only when it holds a `.` or a `:port` or is
 * `localhost`: `mirror/bitnamilegacy/postgresql` would be pulled from Docker Hub's `mirror` account.
 */
export const imageRegistry = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:\d{1,5})?$/, {
    message: "must be a registry host (optionally with :port) without scheme or path, e.g. 'docker.io'",
  })
  .refine((registry) => /[.:]/.test(registry) || registry === "localhost", {
    message:
      "must be a registry host with a '.' or a :port, or localhost: a container runtime reads a single name such as 'mirror' as an account on Docker Hub",
  });

/**
 * A repository path: lowercase components separated by '/', e.g. `bitnamilegacy/postgresql`; within a component,
 * words joined by '.', '_', '__' or a run of '-' (the distribution reference grammar).
 */
export const imageRepository = z.string().regex(/^[a-z0-9]+((?:[._]|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((?:[._]|__|-+)[a-z0-9]+)*)*$/, {
  message: "must be a repository path such as 'bitnamilegacy/postgresql' (lowercase, '/'-separated, no registry, no tag)",
});

/** An image tag (not a digest); `latest` is refused because charts must pull the same image every time. */
export const imageTag = z
  .string()
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, { message: "must be an image tag: up to 128 letters, digits, '_', '.' or '-'" })
  .refine((t) => t !== "latest", { message: "must be an immutable tag, not 'latest'" });

/** Schema of an image override in configuration. */
export const bitnamiImageOverrideSchema = z
  .strictObject({
    registry: imageRegistry.optional().describe("Registry host; default docker.io."),
    repository: imageRepository.optional().describe("Repository path; default bitnamilegacy/<image>."),
    tag: imageTag.optional().describe("Tag; default the tag the chart version ships with."),
  })
  .superRefine((image, ctx) => {
    // Since 2025-08-28 docker.io/bitnami keeps only 'latest' of each image: a versioned tag there never pulls.
    if ((image.registry ?? BITNAMI_LEGACY_REGISTRY) === "docker.io" && image.repository?.startsWith("bitnami/")) {
      ctx.addIssue({
        code: "custom",
        path: ["repository"],
        input: image.repository,
        message: `must not be in docker.io/bitnami, which serves no versioned tag since 2025-08-28: use '${BITNAMI_LEGACY_NAMESPACE}/${image.repository.slice("bitnami/".length)}' or a mirror (registry)`,
      });
    }
  });

/** Applies overrides to default images, slot by slot (the slots of `defaults`: a chart version's). */
export function resolveImages<D extends Readonly<Partial<Record<string, BitnamiImage>>>>(
  defaults: D,
  overrides?: Readonly<{ [K in keyof D]?: BitnamiImageOverride }>,
): { [K in keyof D]: BitnamiImage } {
  const given: Readonly<Partial<Record<string, BitnamiImageOverride>>> | undefined = overrides;
  const out: Partial<Record<string, BitnamiImage>> = {};
  for (const [slot, image] of Object.entries(defaults)) if (image) out[slot] = { ...image, ...definedOnly(given?.[slot]) };
  return out as { [K in keyof D]: BitnamiImage };
}

function definedOnly(o: BitnamiImageOverride | undefined): BitnamiImageOverride {
  return o ? Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) : {};
}

/**
 * Why an override of image `slot` is refused by `chart` (e.g. `redis chart 17.15.6`), whose image slots
 * are `slots`, or undefined when the chart has that slot. The construct and the config schema both ask.
 */
export function imageSlotProblem(slot: string, chart: string, slots: readonly string[]): string | undefined {
  return slots.includes(slot) ? undefined : `is not an image of ${chart} (its images: ${slots.join(", ")})`;
}

/**
 * Checks image overrides into `issues`: every slot must be one of `chart`'s `slots`, and every field
 * valid ({@link bitnamiImageOverrideSchema}); a field that is a token is not checked.
 */
export function checkImageOverrides(
  issues: PropIssues,
  prop: string,
  chart: string,
  slots: readonly string[],
  overrides: Readonly<Record<string, BitnamiImageOverride | undefined>> | undefined,
): void {
  if (!overrides) return;
  for (const [slot, image] of Object.entries(overrides)) {
    const problem = imageSlotProblem(slot, chart, slots);
    if (problem) issues.bad(`${prop}.${slot}`, image, problem);
    else issues.check(`${prop}.${slot}`, image, bitnamiImageOverrideSchema);
  }
}
