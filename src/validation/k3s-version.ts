import { z } from "zod";
import { K3S_VERSION } from "./rules";

/*
 * k3s releases and channels this project supports: one rule for the nodes' install (`hcloud.k3s.version`,
 * `.channel`, K3sNodeSettings) and the upgrade Plans (K3sUpgradePlans' `version`).
 */

/** The k3s minors this project supports: pinned versions and minor channels must be among them. */
export const K3S_SUPPORTED_MINORS = { oldest: 31, newest: 36 } as const;

const K3S_MINOR_ALTERNATION = Array.from(
  { length: K3S_SUPPORTED_MINORS.newest - K3S_SUPPORTED_MINORS.oldest + 1 },
  (_, i) => K3S_SUPPORTED_MINORS.oldest + i,
).join("|");

/** The supported minors, for messages: `v1.31 to v1.36`. */
export const K3S_MINORS_TEXT = `v1.${K3S_SUPPORTED_MINORS.oldest} to v1.${K3S_SUPPORTED_MINORS.newest}`;

/** A k3s release channel as k3s names them: `stable`, `latest`, `testing`, or a supported minor such as `v1.33`. */
export const K3S_CHANNEL = new RegExp(`^(stable|latest|testing|v1\\.(${K3S_MINOR_ALTERNATION}))$`);

/** What a k3s channel (`hcloud.k3s.channel`) may be. */
export const K3S_CHANNEL_RULE = `must be a k3s release channel: stable, latest, testing, or a minor channel ${K3S_MINORS_TEXT} such as 'v1.36'`;

/** A k3s release of a supported minor, e.g. `v1.36.4+k3s1`. */
export const K3S_SUPPORTED_VERSION = new RegExp(`^v1\\.(${K3S_MINOR_ALTERNATION})\\.\\d+\\+k3s\\d+$`);

/** What a k3s version (`hcloud.k3s.version`) may be. */
export const K3S_VERSION_FORMAT_RULE = "must be a k3s release such as 'v1.33.5+k3s1'";

/** What a k3s version may be, once it is a k3s release. */
export const K3S_VERSION_RULE = `must be a k3s release of a minor this project supports, ${K3S_MINORS_TEXT}, such as 'v1.36.4+k3s1'`;

/** Why `version` cannot be a pinned k3s version (of the nodes, of the upgrade Plans), or undefined. */
export function k3sVersionProblem(version: string): string | undefined {
  if (!K3S_VERSION.test(version)) return K3S_VERSION_FORMAT_RULE;
  if (!K3S_SUPPORTED_VERSION.test(version)) return K3S_VERSION_RULE;
  return undefined;
}

/**
 * A k3s release of a supported minor, e.g. `v1.36.4+k3s1`: the rule of the config's `hcloud.k3s.version`
 * and of the constructs' `k3sVersion` / `version` (`PropIssues.check(prop, value, k3sVersion)`).
 */
export const k3sVersion = z
  .string()
  .regex(K3S_VERSION, { message: K3S_VERSION_FORMAT_RULE, abort: true })
  .regex(K3S_SUPPORTED_VERSION, { message: K3S_VERSION_RULE });

/** A k3s release channel: `stable`, `latest`, `testing` or a supported minor (`v1.36`). */
export const k3sChannel = z.string().regex(K3S_CHANNEL, { message: K3S_CHANNEL_RULE });
