import { z } from "zod";
import { ValidationError } from "./errors";
import { describeValue, formatIssues } from "./format";
import { isToken, isUnresolved } from "./tokens";

/**
 * Collects the problems of a construct's props, each as `prop: what is allowed (got value)`, and throws
 * them together as one {@link ValidationError}. The one way constructs validate their props.
 *
 * Tokens are values: a value only Terraform knows (a variable, another resource's attribute) is never
 * refused, since it cannot be checked at synth time; everything else is. A rule that needs a concrete
 * value (a chart version whose values differ by version) asks for one with {@link known}.
 */
export class PropIssues {
  private readonly lines: string[] = [];

  /**
   * Records that `prop` got `value`, and what is allowed; nothing when `value` itself is a token. A rule
   * that a token inside a list or an object could break passes what it checked (the entry), not the
   * whole: a rule about the whole (a list's length) still holds with a token inside.
   */
  public readonly bad = (prop: string, value: unknown, allowed: string): void => {
    if (isToken(value)) return;
    this.lines.push(`${prop}: ${allowed} (got ${describeValue(value)})`);
  };

  /**
   * Records that `prop` must not be what it is, tokens included: for a rule about whether a prop is set at
   * all, which holds whatever value Terraform later fills in.
   */
  public refuse(prop: string, value: unknown, allowed: string): void {
    this.lines.push(`${prop}: ${allowed} (got ${isToken(value) ? "a value only Terraform knows" : describeValue(value)})`);
  }

  /**
   * Checks `value` against `rule` (one of the shared rules, whose message says what is allowed), unless it
   * is undefined or a token; a problem inside an object or list names its path under `prop`, and a token
   * inside one is skipped alone.
   */
  public check(prop: string, value: unknown, rule: z.ZodType): void {
    if (value === undefined || isToken(value)) return;
    const result = rule.safeParse(value, { reportInput: true });
    if (result.success) return;
    const issues = result.error.issues.filter((issue) => !("input" in issue && isUnresolved(issue.input)));
    this.lines.push(...formatIssues(issues, [prop], rule));
  }

  /** Records that `prop` must be known at synth time (`why`) when `value` is a token. */
  public known(prop: string, value: unknown, why: string): void {
    if (isUnresolved(value)) this.lines.push(`${prop}: must be known at synth time, not a token (${why})`);
  }

  /** Records a bad Helm release timeout (`timeoutSeconds`: unset, or whole seconds >= 60). */
  public timeoutSeconds(timeout: number | undefined): void {
    if (timeout !== undefined && (!Number.isInteger(timeout) || timeout < 60))
      this.bad("timeoutSeconds", timeout, "must be a whole number of seconds >= 60");
  }

  /** Records lines already worded. */
  public add(...lines: string[]): void {
    this.lines.push(...lines);
  }

  /** Throws a {@link ValidationError} naming `where` when anything was recorded. */
  public throwIfAny(where: string): void {
    if (this.lines.length > 0) throw new ValidationError(where, this.lines);
  }
}
