import { z } from "zod";
import { cronProblem, describeValue, isFieldManager, parseOrThrow } from "../../src/validation";
import * as configText from "../../src/config/config-text";
import { TEMPLATE_SEQUENCE } from "../../src/validation/template-text";
import { errorOf } from "../helpers";

describe("isFieldManager", () => {
  it("takes up to 128 characters by default, or the given maximum", () => {
    expect(isFieldManager("a".repeat(128))).toBe(true);
    expect(isFieldManager("a".repeat(129))).toBe(false);
    expect(isFieldManager("a".repeat(116), 116)).toBe(true);
    expect(isFieldManager("a".repeat(117), 116)).toBe(false);
  });

  it("takes letters, digits, '-', '_' and '.', starting with a letter or digit", () => {
    for (const name of ["Terraform", "cdktf-longhorn-storage", "team_a.v2", "9x"]) expect(isFieldManager(name)).toBe(true);
    for (const name of ["", "-bad", ".x", "x y", "x/y"]) expect(isFieldManager(name)).toBe(false);
  });
});

describe("parseOrThrow messages", () => {
  const schema = z.strictObject({
    cluster: z.strictObject({ name: z.string(), domain: z.string() }),
    pools: z.array(z.strictObject({ serverType: z.string() })).default([]),
    labels: z.record(z.string(), z.strictObject({ value: z.string() })).optional(),
  });
  const message = (value: unknown) => errorOf(() => parseOrThrow(schema, value, "file.yaml is invalid"));

  it("suggests the declared key closest to an unknown one, at any depth, and none when nothing is close", () => {
    expect(message({ cluster: { name: "a", domian: "b", domain: "c" } })).toContain(
      'cluster: unknown key "domian" (did you mean "domain"?)',
    );
    expect(message({ cluster: { name: "a", domain: "c" }, pools: [{ serverType: "x", servertype: "y" }] })).toContain(
      'pools[0]: unknown key "servertype" (did you mean "serverType"?)',
    );
    expect(message({ cluster: { name: "a", domain: "c" }, labels: { k: { value: "v", valeu: "w" } } })).toContain(
      'labels.k: unknown key "valeu" (did you mean "value"?)',
    );
    expect(message({ cluster: { name: "a", domain: "c", zzzzzzzz: 1 } })).toMatch(/cluster: unknown key "zzzzzzzz"$/);
  });

  it("says a missing field is required, with its type", () => {
    expect(message({ cluster: { name: "a" } })).toContain("cluster.domain: is required (string)");
  });
});

describe("describeValue", () => {
  it("shows NaN and Infinity as themselves (JSON would print null)", () => {
    expect([NaN, Infinity, -Infinity, 1, "x"].map(describeValue)).toEqual(["NaN", "Infinity", "-Infinity", "1", '"x"']);
  });
});

describe("cronProblem, as robfig/cron's standard parser reads a schedule", () => {
  it.each([
    ["0 0 * * 7", "day of week: 7 is not a day for Kubernetes' cron parser; Sunday is 0"],
    ["0 0 L * *", "day of month: 'L' is not understood by Kubernetes' cron parser (no L, W, # or seconds field)"],
    ["0 0 * * 5#3", "day of week: '5#3' is not understood by Kubernetes' cron parser (no L, W, # or seconds field)"],
    ["0 0 * * 1/x", "day of week: '1/x' is not a range with a step"],
    ["0 24 * * *", "hour: 24 is beyond 23"],
    ["0 0 0 * * *", "has 6 fields, expected 5"],
    ["0 0 31 2 *", "never fires"],
  ])("%s: %s", (expression, problem) => {
    expect(cronProblem(expression)).toBe(problem);
  });

  it.each(["0 0 * * MON-FRI", "0 0 ? * *", "0 0 * * 1/2", "5/15 * * * *", "0 0 1 jan sun", "@daily", "0 0 * * 0-6"])(
    "accepts %s",
    (expression) => {
      expect(cronProblem(expression)).toBeUndefined();
    },
  );
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

describe("TEMPLATE_SEQUENCE", () => {
  it("lives in src/validation/template-text, and config-text gives the same one", () => {
    expect(configText.TEMPLATE_SEQUENCE).toBe(TEMPLATE_SEQUENCE);
    for (const text of ['${file("x")}', "%{ if x }", "a${b}"]) expect(TEMPLATE_SEQUENCE.test(text)).toBe(true);
    for (const text of ["$HOME/.kube/config", "{x}", "50%"]) expect(TEMPLATE_SEQUENCE.test(text)).toBe(false);
  });
});
