import { TerraformVariable } from "cdktf";
import { RegisteredNodes, RegisteredNodesProps } from "../../src/kubernetes/registered-nodes";
import { REGISTERED_NODES_DEFAULTS } from "../../src/kubernetes/registered-nodes";
import { errorOf, forEachKeys, onlyResource, synthScope } from "../helpers";
import { unusedTokens } from "../tokens";

function synth(props: RegisteredNodesProps) {
  return synthScope((scope) => new RegisteredNodes(scope, "Nodes", props));
}

describe("RegisteredNodes", () => {
  it("matches the snapshot", () => {
    expect(synth({ nodeNames: ["kube-storage-01", "kube-storage-02"], context: "kube" }).json).toMatchSnapshot();
  });

  it("waits for each node with kubectl, started without a shell, bounded, with the providers' kubeconfig", () => {
    const wait = onlyResource(synth({ nodeNames: ["kube-storage-01", "kube-storage-02"], context: "kube" }).parsed, "terraform_data");
    expect(forEachKeys(wait)).toEqual(["kube-storage-01", "kube-storage-02"]);
    expect(wait.input).toBe("${each.value}");
    expect(wait.provisioner).toEqual([
      {
        "local-exec": {
          interpreter: [
            "kubectl",
            "--kubeconfig",
            '${pathexpand("~/.kube/config")}',
            "--context",
            "kube",
            "wait",
            "--for=create",
            "--timeout=900s",
          ],
          command: "node/${each.value}",
        },
      },
    ]);
  });

  it("uses the current context when none is given, and takes the path, timeout and kubectl given", () => {
    const wait = onlyResource(
      synth({ nodeNames: ["n1"], configPath: "/etc/kube/admin.conf", timeoutSeconds: 60, kubectl: "/opt/bin/kubectl" }).parsed,
      "terraform_data",
    );
    expect((wait.provisioner as any)[0]["local-exec"].interpreter).toEqual([
      "/opt/bin/kubectl",
      "--kubeconfig",
      // Not through pathexpand: a Windows path's backslashes would be escapes in its HCL string.
      "/etc/kube/admin.conf",
      "wait",
      "--for=create",
      "--timeout=60s",
    ]);
  });

  it("takes a Windows path as a plain string", () => {
    const wait = onlyResource(synth({ nodeNames: ["n1"], configPath: "C:\\Users\\me\\.kube\\config" }).parsed, "terraform_data");
    expect((wait.provisioner as any)[0]["local-exec"].interpreter[2]).toBe("C:\\Users\\me\\.kube\\config");
  });

  it("never calls two node names that are tokens the same node", () => {
    expect(() =>
      synthScope((scope) => {
        const node = new TerraformVariable(scope, "node", { type: "string" }).stringValue;
        new RegisteredNodes(scope, "Nodes", { nodeNames: [node, node] });
      }),
    ).not.toThrow();
  });

  it("accepts tokens: a path and node names from elsewhere in the stack", () => {
    const { parsed } = synthScope((scope) => {
      const path = new TerraformVariable(scope, "kubeconfig", { type: "string" });
      const nodes = new RegisteredNodes(scope, "Nodes", { nodeNames: ["n1"], configPath: path.stringValue });
      expect(nodes.nodeNames).toEqual(["n1"]);
    });
    expect((onlyResource(parsed, "terraform_data").provisioner as any)[0]["local-exec"].interpreter[2]).toBe(
      "${pathexpand(var.kubeconfig)}",
    );
  });

  it.each<[string, RegisteredNodesProps, string]>([
    ["no node", { nodeNames: [] }, "nodeNames: must list at least one node (got [])"],
    [
      "a node name that is not a DNS name",
      { nodeNames: ["Kube_01"] },
      "nodeNames[0]: must be a DNS-1123 subdomain: dot-separated lowercase labels of letters, digits and '-' (got \"Kube_01\")",
    ],
    ["a node listed twice", { nodeNames: ["n1", "n1"] }, 'nodeNames: "n1" is listed twice'],
    [
      "a path Terraform would read as a template",
      { nodeNames: ["n1"], configPath: '~/${file("x")}' },
      "configPath: must be a file path without '${' or '%{'",
    ],
    ["a ~ path with a quote", { nodeNames: ["n1"], configPath: '~/a"b' }, "configPath: must be a file path without '${' or '%{'"],
    ["an empty path", { nodeNames: ["n1"], configPath: "" }, "configPath: must be a file path"],
    ["an empty context", { nodeNames: ["n1"], context: "" }, 'context: must not be empty (leave it out for the current context) (got "")'],
    [
      "a fractional timeout",
      { nodeNames: ["n1"], timeoutSeconds: 1.5 },
      "timeoutSeconds: must be a whole number of seconds from 1 to 86400 (got 1.5)",
    ],
    [
      "a zero timeout",
      { nodeNames: ["n1"], timeoutSeconds: 0 },
      "timeoutSeconds: must be a whole number of seconds from 1 to 86400 (got 0)",
    ],
    [
      "a timeout beyond a day",
      { nodeNames: ["n1"], timeoutSeconds: 86401 },
      "timeoutSeconds: must be a whole number of seconds from 1 to 86400 (got 86401)",
    ],
    [
      "an empty kubectl",
      { nodeNames: ["n1"], kubectl: "" },
      'kubectl: must be a program name or path, without spaces or shell characters (got "")',
    ],
    [
      "a command line as kubectl",
      { nodeNames: ["n1"], kubectl: "sudo kubectl" },
      'kubectl: must be a program name or path, without spaces or shell characters (got "sudo kubectl")',
    ],
  ])("refuses %s", (_, props, message) => {
    const error = errorOf(() => synth(props));
    expect(error).toContain("test/Nodes props");
    expect(error).toContain(message);
  });

  it("accepts tokens for every prop it validates", () => {
    expect(
      unusedTokens((scope, t) => {
        new RegisteredNodes(scope, "Nodes", {
          nodeNames: [t.string("node"), "kube-storage-02"],
          configPath: t.string("path"),
          context: t.string("context"),
          timeoutSeconds: t.number("timeout"),
          kubectl: t.string("kubectl"),
        });
      }),
    ).toEqual([]);
  });

  it("waits for a whole list of nodes that only Terraform knows, with a timeout Terraform writes", () => {
    const { parsed } = synthScope((scope) => {
      const nodes = new TerraformVariable(scope, "nodes", { type: "list(string)" });
      const timeout = new TerraformVariable(scope, "timeout", { type: "number" });
      new RegisteredNodes(scope, "Nodes", { nodeNames: nodes.listValue, timeoutSeconds: timeout.numberValue });
    });
    const wait = onlyResource(parsed, "terraform_data");
    expect(wait.for_each).toBe("${toset(var.nodes)}");
    expect((wait.provisioner as any)[0]["local-exec"].interpreter).toContain("--timeout=${var.timeout}s");
  });

  it("has its defaults in REGISTERED_NODES_DEFAULTS", () => {
    expect(REGISTERED_NODES_DEFAULTS).toEqual({ configPath: "~/.kube/config", timeoutSeconds: 900, kubectl: "kubectl" });
  });
});
