import { z } from "zod";
import { describeValue } from "../validation";

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

/** A registry host with optional port, e.g. `docker.io` or `registry.example.com:5000`. */
export const imageRegistry = z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:\d{1,5})?$/, {
  message: "must be a registry host (optionally with :port) without scheme or path, e.g. 'docker.io'",
});

/** A repository path: lowercase components separated by '/', e.g. `bitnamilegacy/postgresql`. */
export const imageRepository = z.string().regex(/^[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/, {
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

/** Applies overrides to default images, slot by slot. */
export function resolveImages<S extends string>(
  defaults: Readonly<Record<S, BitnamiImage>>,
  overrides: Readonly<Partial<Record<S, BitnamiImageOverride>>> = {} as Partial<Record<S, BitnamiImageOverride>>,
): Record<S, BitnamiImage> {
  const out = {} as Record<S, BitnamiImage>;
  for (const slot of Object.keys(defaults) as S[]) out[slot] = { ...defaults[slot], ...definedOnly(overrides[slot] ?? {}) };
  return out;
}

function definedOnly(o: BitnamiImageOverride): BitnamiImageOverride {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/**
 * Checks image overrides: every slot must exist for the chart version and every
 * field must be valid. Returns one message per problem, prefixed with `prop`.
 */
export function imageOverrideIssues(
  prop: string,
  slots: readonly string[],
  overrides: Readonly<Record<string, BitnamiImageOverride | undefined>>,
): string[] {
  const issues: string[] = [];
  for (const [slot, image] of Object.entries(overrides)) {
    if (!slots.includes(slot)) {
      issues.push(`${prop}.${slot}: is not an image of this chart version (got ${describeValue(slot)}; allowed: ${slots.join(", ")})`);
      continue;
    }
    const parsed = bitnamiImageOverrideSchema.safeParse(image ?? {}, { reportInput: true });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const got = "input" in issue ? ` (got ${describeValue(issue.input)})` : "";
        issues.push(`${prop}.${slot}${issue.path.length ? `.${issue.path.join(".")}` : ""}: ${issue.message}${got}`);
      }
    }
  }
  return issues;
}
