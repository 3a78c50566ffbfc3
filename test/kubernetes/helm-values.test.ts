import { parse } from "yaml";
import { Postgresql } from "../../src/databases/postgresql";
import { helmValuesYaml } from "../../src/kubernetes/helm-values";
import { TerraformOutput, TerraformVariable } from "cdktf";
import { onlyResource, synthScope } from "../helpers";
import { guidePostgresql } from "../databases/fixtures";

describe("helmValuesYaml", () => {
  // Strings a YAML 1.1 reader (Helm's sigs.k8s.io/yaml) or a YAML 1.2 one reads as booleans, numbers
  // in any notation, null or a date when written plain.
  const HAZARDS = ["on", "off", "yes", "no", "y", "n", "Y", "No", "OFF", "true", "0777", "0o17", "0O7", "0B11", "-0o7", "0x1F"];
  const MORE = ["1:20", "1_000", "1e3", ".inf", "+12", "2024-01-01", "~", "null", ""];

  it("double-quotes every single-line string, so both YAML versions read each as the same string", () => {
    const values = Object.fromEntries([...HAZARDS, ...MORE, "kube"].map((h, i) => [`k${i}`, h]));
    const text = helmValuesYaml(values);
    for (const [k, v] of Object.entries(values)) expect(text).toContain(`${k}: ${JSON.stringify(v)}\n`);
    expect(parse(text, { version: "1.1" })).toEqual(values);
    expect(parse(text)).toEqual(values);
  });

  it("quotes keys that could read as something else (a YAML 1.1 key n is the boolean false), others stay plain", () => {
    expect(helmValuesYaml({ n: "kube", y: 1, "0o1": true, persistence: { size: "10Gi" } })).toBe(
      '"n": "kube"\n"y": 1\n"0o1": true\npersistence:\n  size: "10Gi"\n',
    );
    expect(helmValuesYaml({ "-.inf": 1, ".nan": 2, "+1": 3, "~": 4, yesterday: 5, only: 6, nano: 7 })).toBe(
      '"-.inf": 1\n".nan": 2\n"+1": 3\n"~": 4\nyesterday: 5\nonly: 6\nnano: 7\n',
    );
  });

  it("keeps numbers, booleans and null as they are, and multi-line strings as literal blocks", () => {
    const text = helmValuesYaml({ port: 5432, on: true, none: null, script: "set -e\necho done\n" }, { blockQuote: "literal" });
    expect(text).toBe('port: 5432\n"on": true\nnone: null\nscript: |\n  set -e\n  echo done\n');
  });

  it("is what the charts get: a PostgreSQL user named on stays the string on", () => {
    const { parsed } = synthScope((s) => new Postgresql(s, "PostgreSQL", guidePostgresql({ username: "on" })));
    const values = (onlyResource(parsed, "helm_release") as Record<string, any>).values[0] as string;
    expect(values).toContain('username: "on"\n');
    expect(values).toContain('database: "on"\n');
  });

  it("writes tokens for Terraform to fill in: a string in its quotes, a number plain, a list as its JSON", () => {
    const { parsed } = synthScope((s) => {
      const text = new TerraformVariable(s, "text", { type: "string" }).stringValue;
      const count = new TerraformVariable(s, "count", { type: "number" }).numberValue;
      const list = new TerraformVariable(s, "list", { type: "list(string)" }).listValue;
      new TerraformOutput(s, "values", { value: helmValuesYaml({ text, count, list, literal: ["a", text] }) });
    });
    expect(parsed.output!.values.value).toBe(
      'text: "${var.text}"\ncount: ${var.count}\nlist: ${jsonencode(var.list)}\nliteral:\n  - "a"\n  - "${var.text}"\n',
    );
  });

  it("writes an object or list used twice in full both times, never as an anchor and an alias (a list token too)", () => {
    const shared = ["10.0.0.0/16"];
    expect(helmValuesYaml({ a: shared, b: shared })).toBe('a:\n  - "10.0.0.0/16"\nb:\n  - "10.0.0.0/16"\n');
    const { parsed } = synthScope((s) => {
      const list = new TerraformVariable(s, "list", { type: "list(string)" }).listValue;
      new TerraformOutput(s, "values", { value: helmValuesYaml({ a: list, b: list }) });
    });
    expect(parsed.output!.values.value).toBe("a: ${jsonencode(var.list)}\nb: ${jsonencode(var.list)}\n");
  });
});
