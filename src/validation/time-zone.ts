/** True for an IANA time zone name Node's ICU knows, e.g. `Europe/Paris` or `UTC` (as a CronJob's `timeZone` takes it). */
export function isTimeZone(value: unknown): boolean {
  if (typeof value !== "string" || !/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(value)) return false;
  try {
    const resolved = new Intl.DateTimeFormat("en-US", { timeZone: value }).resolvedOptions().timeZone;
    // ICU finds zones whatever their case, Go's time.LoadLocation (Kubernetes, kured) only as spelt in
    // the tz database: "utc" or "europe/paris" would fail there. Aliases (Etc/UTC, US/Pacific) resolve
    // to another name and are fine.
    if (resolved === value) return true;
    // An alias (Etc/UTC, US/Pacific): spelt as tz database names are, every part capitalized ("etc/utc" is not).
    return resolved.toLowerCase() !== value.toLowerCase() && value.split("/").every((part) => /^[A-Z]/.test(part));
  } catch {
    return false;
  }
}

/** What {@link isTimeZone} accepts, for error messages. */
export const TIME_ZONE_RULE = "must be an IANA time zone spelt as in the tz database (case-sensitive), such as 'Europe/Paris' or 'UTC'";
