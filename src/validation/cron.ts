import { Cron } from "croner";
import { z } from "zod";

/*
 * Cron schedules as Kubernetes CronJobs, Longhorn RecurringJobs and k3s etcd snapshots read them
 * (robfig/cron's standard parser), checked with croner for schedules that never fire.
 */

const CRON_DESCRIPTORS = new Set(["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"]);

/** Answers of {@link cronProblem}: the config schema and the construct check each schedule once each. */
const cronProblems = new Map<string, string | undefined>();

/**
 * Why `expression` is not a standard 5-field cron expression (or a descriptor
 * such as `@daily`) that fires at least once, or undefined when it is one.
 */
export function cronProblem(expression: string): string | undefined {
  if (!cronProblems.has(expression)) cronProblems.set(expression, findCronProblem(expression));
  return cronProblems.get(expression);
}

/** Each field of a standard cron expression as robfig/cron's standard parser reads it: name, range, names. */
const CRON_FIELDS: readonly { name: string; min: number; max: number; names?: readonly string[] }[] = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12, names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"] },
  { name: "day of week", min: 0, max: 6, names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] },
];

/** The number a field's value stands for: digits, or a month or day name (JAN is 1, SUN is 0). */
function cronNumber(value: string, spec: (typeof CRON_FIELDS)[number]): number | undefined {
  if (/^\d+$/.test(value)) return Number(value);
  const index = spec.names?.indexOf(value.toUpperCase()) ?? -1;
  return index < 0 ? undefined : index + spec.min;
}

/**
 * What robfig/cron's standard parser (Kubernetes CronJobs, Longhorn RecurringJobs, k3s etcd snapshots)
 * refuses in a field that croner accepts: `L`, `W`, `#`, `7` for Sunday, names in the wrong field.
 */
function robfigFieldProblem(field: string, spec: (typeof CRON_FIELDS)[number]): string | undefined {
  for (const part of field.split(",")) {
    const [range, step, extra] = part.split("/");
    if (extra !== undefined || (step !== undefined && !/^\d+$/.test(step))) return `${spec.name}: '${part}' is not a range with a step`;
    if (range === "*" || range === "?") continue;
    for (const bound of range.split("-")) {
      const n = cronNumber(bound, spec);
      if (n === undefined) return `${spec.name}: '${bound}' is not understood by Kubernetes' cron parser (no L, W, # or seconds field)`;
      if (n > spec.max) {
        return spec.name === "day of week" && bound === "7"
          ? "day of week: 7 is not a day for Kubernetes' cron parser; Sunday is 0"
          : `${spec.name}: ${bound} is beyond ${spec.max}`;
      }
      if (n < spec.min) return `${spec.name}: ${bound} is below ${spec.min}`;
    }
  }
  return undefined;
}

function findCronProblem(expression: string): string | undefined {
  const trimmed = expression.trim();
  if (CRON_DESCRIPTORS.has(trimmed)) return undefined;
  // robfig's "@every <Go duration>", e.g. @every 1h30m
  const every = /^@every\s+(\S+)$/.exec(trimmed);
  if (every) {
    const positive = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(every[1]) && /[1-9]/.test(every[1]);
    return positive ? undefined : `'${every[1]}' is not a positive Go duration such as 1h or 90m`;
  }
  const fields = trimmed.split(/\s+/);
  if (fields.length !== 5) return `has ${fields.length} fields, expected 5`;
  for (const [i, field] of fields.entries()) {
    const problem = robfigFieldProblem(field, CRON_FIELDS[i]);
    if (problem) return problem;
  }
  // For croner: names as numbers, and robfig's "n/step" (n up to the field's end) spelt out as "n-max/step".
  const spelt = fields.map((f, i) =>
    f
      .replace(/[A-Za-z]+/g, (name) => String(cronNumber(name, CRON_FIELDS[i])))
      .replace(/(^|,)(\d+)\/(\d+)/g, (_, sep: string, n: string, step: string) => `${sep}${n}-${CRON_FIELDS[i].max}/${step}`),
  );
  try {
    const cron = new Cron(spelt.join(" "), { paused: true });
    return cron.nextRun() === null ? "never fires" : undefined;
  } catch (e) {
    return (e as Error).message.replace(/^CronPattern: /, "");
  }
}

/** True for a standard 5-field cron expression (or a descriptor such as `@daily`) that fires. */
export function isValidCron(expression: string): boolean {
  return cronProblem(expression) === undefined;
}

/** A standard 5-field cron expression, e.g. `15 0 * * *`. */
export const cronExpression = z.string().superRefine((value, ctx) => {
  const problem = cronProblem(value);
  if (problem !== undefined) {
    ctx.addIssue({
      code: "custom",
      input: value,
      message: `must be a standard 5-field cron expression (minute hour day-of-month month day-of-week) or @daily/@weekly/...: ${problem}`,
    });
  }
});
