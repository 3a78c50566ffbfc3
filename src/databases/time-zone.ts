/** True for an IANA time zone name Node's ICU knows, e.g. `Europe/Paris` or `UTC` (as a CronJob's `timeZone` takes it). */
export function isTimeZone(value: unknown): boolean {
  if (typeof value !== "string" || !/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(value)) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** What {@link isTimeZone} accepts, for error messages. */
export const TIME_ZONE_RULE = "must be an IANA time zone such as 'Europe/Paris' or 'UTC'";
