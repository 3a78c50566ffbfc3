/**
 * Validation shared by the constructs and the platform config: the error types, {@link PropIssues} (how
 * every construct checks its props, tokens skipped), and the rules, each a zod schema whose message says
 * what is allowed, so that a construct and the config schema refuse a value in the same words.
 * @module
 */
export * from "./errors";
export * from "./tokens";
export * from "./format";
export * from "./prop-issues";
export * from "./rules";
export * from "./supported-releases";
export * from "./cron";
export * from "./ip-range";
export * from "./ssh-public-key";
export * from "./time-zone";
export * from "./template-text";
export * from "./k3s-version";
export * from "./hcloud";
