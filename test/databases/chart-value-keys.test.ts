import { unknownValueKeys, valuePaths } from "../../src/databases/chart-value-keys";

describe("valuePaths", () => {
  it("walks objects into dotted paths; a list, a scalar, null and an empty object are one key each", () => {
    expect(valuePaths({ a: { b: 1, c: { d: "x" } }, e: {}, f: undefined, g: [1], h: null })).toEqual(["a.b", "a.c.d", "e", "g", "h"]);
  });

  it("stops at a path the list names (a free-form map counts as one key)", () => {
    expect(valuePaths({ primary: { nodeSelector: { a: "1", b: "2" }, replicas: 1 } }, new Set(["primary.nodeSelector"]))).toEqual([
      "primary.nodeSelector",
      "primary.replicas",
    ]);
    expect(valuePaths({ x: { y: 1 } }, new Set(["p"]), "p")).toEqual(["p"]);
    expect(valuePaths({ a: 1 }, new Set([""]))).toEqual(["a"]);
  });

  it("has no path for values that are not an object", () => {
    expect(valuePaths(null)).toEqual([]);
    expect(valuePaths("text")).toEqual([]);
    expect(valuePaths([{ a: 1 }])).toEqual([]);
    expect(valuePaths(7, new Set(), "top")).toEqual(["top"]);
  });
});

describe("unknownValueKeys", () => {
  it("lists the paths the chart's key list does not have", () => {
    expect(unknownValueKeys({ primary: { replicas: 1, typo: true }, standalone: { x: 1 } }, ["primary.replicas"])).toEqual([
      "primary.typo",
      "standalone.x",
    ]);
  });
});
