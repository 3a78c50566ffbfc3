/**
 * The two kinds of error this library throws, so that a caller can tell them apart by type:
 * {@link ValidationError} for input a user can fix (a config file, a construct's props), and
 * {@link InternalError} for an invariant of this project that broke (a bug to report).
 */

/**
 * Raised when a configuration file or the props of a construct are invalid.
 *
 * The message names the offending field path, the value it got and what is
 * allowed, so that a user can fix the input without reading the code.
 */
export class ValidationError extends Error {
  public readonly issues: readonly string[];

  constructor(where: string, issues: readonly string[]) {
    super(`${where}:\n${issues.map((i) => `  - ${i}`).join("\n")}`);
    this.name = "ValidationError";
    this.issues = issues;
  }
}

/**
 * Raised when an invariant of this project breaks: a value that validation should have refused reached
 * code that cannot handle it, or a file the package ships is missing. Not the user's input to fix; report it.
 */
export class InternalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InternalError";
  }
}
