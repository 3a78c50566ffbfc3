import { cronProblem } from "../../src/validation";

describe("cronProblem, as robfig/cron's standard parser reads a schedule", () => {
  it.each([
    ["0 0 * * 7", "day of week: 7 is not a day for Kubernetes' cron parser; Sunday is 0"],
    ["0 0 L * *", "day of month: 'L' is not understood by Kubernetes' cron parser (no L, W, # or seconds field)"],
    ["0 0 * * 5#3", "day of week: '5#3' is not understood by Kubernetes' cron parser (no L, W, # or seconds field)"],
    ["0 0 * * 1/x", "day of week: '1/x' is not a range with a step"],
    ["0 24 * * *", "hour: 24 is beyond 23"],
    ["0 0 0 * * *", "has 6 fields, expected 5"],
    ["0 0 31 2 *", "never fires"],
    ["0 0 30-31 2 *", "never fires"],
    ["1/2/3 * * * *", "minute: '1/2/3' is not a range with a step"],
    ["60 * * * *", "minute: 60 is beyond 59"],
    ["0 0 0 * *", "day of month: 0 is below 1"],
    ["0 0 * 0 *", "month: 0 is below 1"],
    ["0 0 * 13 *", "month: 13 is beyond 12"],
    ["0 0 * MON *", "month: 'MON' is not understood by Kubernetes' cron parser (no L, W, # or seconds field)"],
    ["a * * * *", "minute: 'a' is not understood by Kubernetes' cron parser (no L, W, # or seconds field)"],
    ["0 0 * * SAT-MON", "From value is larger than to value: '6-1'"],
    ["*/0 * * * *", "Syntax error, illegal stepping: 0"],
    ["@every 1d", "'1d' is not a positive Go duration such as 1h or 90m"],
    ["@every 0h0m", "'0h0m' is not a positive Go duration such as 1h or 90m"],
  ])("%s: %s", (expression, problem) => {
    expect(cronProblem(expression)).toBe(problem);
  });

  it.each([
    "0 0 * * MON-FRI",
    "0 0 ? * *",
    "0 0 * * 1/2",
    "5/15 * * * *",
    "0 0 1 jan sun",
    "@daily",
    "0 0 * * 0-6",
    "0-5/2 * * * *",
    "0,30 * * * *",
    "0 0 1,15 * *",
    "  0 0 * * *  ",
    "0\t0 * * *",
    "0 0 * * 6/2",
    "@every 90m",
    "@every 1.5h",
    "@every 500ms",
    "@every 2µs",
    "@every 3us",
    "@every 4ns",
  ])("accepts %s", (expression) => {
    expect(cronProblem(expression)).toBeUndefined();
  });
  it("accepts every descriptor robfig/cron knows, and @every with a positive Go duration", () => {
    for (const d of ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly", " @daily ", "@every 1h30m"]) {
      expect({ d, problem: cronProblem(d) }).toEqual({ d, problem: undefined });
    }
    expect(cronProblem("@every 0s")).toBe("'0s' is not a positive Go duration such as 1h or 90m");
    expect(cronProblem("@fortnightly")).toBe("has 1 fields, expected 5");
  });

  it("reads each month and day name, in either case, as its number", () => {
    const months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    const days = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
    for (const name of [...months, ...days, "dec", "sat"]) {
      const expression = days.includes(name.toUpperCase()) ? `0 0 * * ${name}` : `0 0 1 ${name} *`;
      expect({ expression, problem: cronProblem(expression) }).toEqual({ expression, problem: undefined });
    }
    // The 31st exists in the months of 31 days only, the 30th in all but February.
    months.forEach((name, i) => {
      const days31 = [1, 3, 5, 7, 8, 10, 12].includes(i + 1);
      expect({ name, fires: cronProblem(`0 0 31 ${name} *`) === undefined }).toEqual({ name, fires: days31 });
    });
    expect(cronProblem("0 0 30 FEB *")).toBe("never fires");
  });
});
