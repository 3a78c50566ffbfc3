/**
 * @deprecated since 0.6.0: the time zone rule is shared (kured, the dump CronJob) and lives in
 * `lib/validation/time-zone`. This path stays for code written against 0.5.
 * @module
 */
export { TIME_ZONE_RULE, isTimeZone } from "../validation/time-zone";
