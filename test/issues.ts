import { z } from "zod";
import { PropIssues, ValidationError } from "../src/validation";
import { errorOf } from "./helpers";

/** The issues `record` leaves in a fresh PropIssues, [] when none: a shared check tested on its own. */
export function issuesOf(record: (issues: PropIssues) => void): readonly string[] {
  const issues = new PropIssues();
  record(issues);
  try {
    issues.throwIfAny("test");
    return [];
  } catch (e) {
    if (e instanceof ValidationError) return e.issues;
    throw e;
  }
}

/** The field each issue names: its text before the first ': '. */
export const fieldsOf = (issues: readonly string[]): string[] => issues.map((i) => i.split(": ")[0]);

/** The issue lines (`path: ...`, without the leading `  - `) of the ValidationError `fn` throws. */
export const issueLinesOf = (fn: () => unknown): string[] =>
  errorOf(fn)
    .split("\n")
    .filter((l) => l.startsWith("  - "))
    .map((l) => l.slice(4));

/** The values of a list `rule` wrongly refuses: expect [] for a list it must take. */
export const notTaken = (rule: z.ZodType, values: readonly unknown[]): unknown[] => values.filter((v) => !rule.safeParse(v).success);

/** The values of a list `rule` wrongly takes: expect [] for a list it must refuse. */
export const notRefused = (rule: z.ZodType, values: readonly unknown[]): unknown[] => values.filter((v) => rule.safeParse(v).success);
