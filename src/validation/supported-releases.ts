import * as semver from "semver";
import { z } from "zod";
import { InternalError } from "./errors";

/**
 * The versions of a chart or release this project supports: the ones actually published (a list, since
 * a range also admits versions that were never released), all inside `range`. One object per chart is
 * both the construct's check and the config schema's.
 */
export class SupportedReleases {
  constructor(
    /** What the versions are of, in messages: "kured chart". */
    readonly what: string,
    /** The range the project was checked against, e.g. `>=5.0.0 <7.0.0`. */
    readonly range: string,
    /** Every published version in `range`, as written (with a `v` where the project tags so), oldest first. */
    readonly released: readonly string[],
  ) {
    for (const v of released) {
      if (!semver.satisfies(semver.valid(v) ?? "", range)) throw new InternalError(`${what} ${v} is outside ${range}`);
    }
  }

  /** Whether `version` is one of the published versions, exactly as written. */
  includes(version: unknown): boolean {
    return typeof version === "string" && this.released.includes(version);
  }

  /** What is allowed, for messages: runs of patch releases are shortened (`5.4.0-5.4.5`). */
  get rule(): string {
    const runs: string[][] = [];
    for (const v of this.released) {
      const last = runs[runs.length - 1]?.at(-1);
      const [a, b] = [semver.parse(last ?? ""), semver.parse(v)!];
      if (a && a.major === b.major && a.minor === b.minor && a.patch + 1 === b.patch) runs[runs.length - 1].push(v);
      else runs.push([v]);
    }
    const text = runs.map((r) => (r.length === 1 ? r[0] : `${r[0]}-${r[r.length - 1]}`)).join(", ");
    return `must be a ${this.what} version this project supports, exactly as published: ${text}`;
  }

  /** The config schema of such a version. */
  schema(): z.ZodString {
    return z.string().refine((v) => this.includes(v), { message: this.rule });
  }
}
