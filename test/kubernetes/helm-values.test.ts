import { parse } from "yaml";
import { Postgresql } from "../../src/databases/postgresql";
import { helmValuesYaml } from "../../src/kubernetes/helm-values";
import { onlyResource, synthScope } from "../helpers";
import { guidePostgresql } from "../databases/fixtures";

describe("helmValuesYaml", () => {
  // Strings a YAML 1.1 parser (Helm's) reads as booleans, octal or base-60 numbers, null or a date.
  const HAZARDS = ["on", "off", "yes", "no", "y", "n", "Y", "No", "OFF", "0777", "1:20", "1_000", "2024-01-01", "~", "null"];

  it("quotes every string that Helm's YAML 1.1 parser would read as something else", () => {
    const text = helmValuesYaml(Object.fromEntries(HAZARDS.map((h, i) => [`k${i}`, h])));
    for (const [i, h] of HAZARDS.entries()) expect(text).toContain(`k${i}: "${h}"\n`);
    expect(parse(text)).toEqual(Object.fromEntries(HAZARDS.map((h, i) => [`k${i}`, h])));
  });

  it("quotes keys too (a YAML 1.1 key n is the boolean false), and leaves plain strings plain", () => {
    expect(helmValuesYaml({ n: "kube", y: 1 })).toBe('"n": kube\n"y": 1\n');
  });

  it("is what the charts get: a PostgreSQL user named on stays the string on", () => {
    const { parsed } = synthScope((s) => new Postgresql(s, "PostgreSQL", guidePostgresql({ username: "on" })));
    const values = (onlyResource(parsed, "helm_release") as Record<string, any>).values[0] as string;
    expect(values).toContain('username: "on"\n');
    expect(values).toContain('database: "on"\n');
  });
});
