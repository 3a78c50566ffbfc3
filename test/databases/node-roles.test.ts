import { DataResource } from "cdktf";
import { DATABASE_NODE_ROLES_DEFAULTS, DatabaseNodeRoles } from "../../src/databases/node-roles";
import { errorOf, resourcesOf, synthScope } from "../helpers";
import { unusedTokens } from "../tokens";

describe("DatabaseNodeRoles", () => {
  const { json, parsed } = synthScope((s) => new DatabaseNodeRoles(s, "Roles", { primary: "kube-storage-01", read: ["kube-storage-02"] }));
  const labels = Object.values(resourcesOf(parsed, "kubernetes_labels"));

  it("matches the snapshot", () => {
    expect(json).toMatchSnapshot();
  });

  it("labels the primary's node and the read node through the API, kind Node", () => {
    expect(labels.map((l) => [(l.metadata as any).name, l.labels])).toEqual([
      ["kube-storage-01", { "node-role.kubernetes.io/primary": "true" }],
      ["kube-storage-02", { "node-role.kubernetes.io/read": "true" }],
    ]);
    for (const l of labels) expect(l).toMatchObject({ api_version: "v1", kind: "Node" });
  });

  it("uses its own field manager so Longhorn's node labels (default manager) are not removed", () => {
    for (const l of labels) expect(l.field_manager).toBe("cdktf-database-node-roles");
    expect(DATABASE_NODE_ROLES_DEFAULTS.fieldManager).toBe("cdktf-database-node-roles");
  });

  it("labels the nodes only after what it depends on (the nodes' registration)", () => {
    const { parsed } = synthScope((scope) => {
      const first = new DataResource(scope, "Wait", {});
      new DatabaseNodeRoles(scope, "Roles", { primary: "s-01", read: ["s-02"], dependsOn: [first] });
    });
    const labels = Object.values(resourcesOf(parsed, "kubernetes_labels"));
    expect(labels.map((l) => l.depends_on)).toEqual([["terraform_data.Wait"], ["terraform_data.Wait"]]);
  });

  it("exposes the selectors the charts use", () => {
    synthScope((s) => {
      const roles = new DatabaseNodeRoles(s, "Roles", { primary: "a", read: ["b", "c"], fieldManager: "mine" });
      expect(roles.primarySelector).toEqual({ "node-role.kubernetes.io/primary": "true" });
      expect(roles.readSelector).toEqual({ "node-role.kubernetes.io/read": "true" });
      expect(roles.labels).toHaveLength(3);
      expect(roles.readNodes).toEqual(["b", "c"]);
      // What Postgresql and Redis wait for, as an IDatabaseNodes.
      expect(roles.labelCreators).toEqual(roles.labels);
    });
  });

  it("refuses a read node that is the primary's node", () => {
    const msg = errorOf(() =>
      synthScope((s) => new DatabaseNodeRoles(s, "Roles", { primary: "kube-storage-01", read: ["kube-storage-01"] })),
    );
    expect(msg).toContain("test/Roles props:");
    expect(msg).toContain(
      'read: must not include the primary\'s node: the primary and a read replica never share a node (got "kube-storage-01" in both)',
    );
  });

  it("refuses invalid node names, repeated read nodes and a bad field manager", () => {
    const msg = errorOf(() =>
      synthScope((s) => new DatabaseNodeRoles(s, "Roles", { primary: "Storage_1", read: ["b", "b", "x y"], fieldManager: "-bad" })),
    );
    expect(msg).toContain(
      "primary: must be a DNS-1123 subdomain: dot-separated lowercase labels of letters, digits and '-' (got \"Storage_1\")",
    );
    expect(msg).toContain("read[2]: must be a DNS-1123 subdomain: dot-separated lowercase labels of letters, digits and '-' (got \"x y\")");
    expect(msg).toContain('read: "b" is listed twice');
    expect(msg).toContain("fieldManager: must be 1-128 letters, digits, '-', '_' or '.' (got \"-bad\")");
  });

  it("accepts tokens for every prop it validates", () => {
    // The node names name the label resources' constructs: they must be known (next test).
    expect(
      unusedTokens((scope, t) => {
        new DatabaseNodeRoles(scope, "Roles", { primary: "s-01", read: ["s-02"], fieldManager: t.string("manager") });
      }),
    ).toEqual([]);
  });

  it("refuses node names that are tokens: each names its label resource", () => {
    const msg = errorOf(() =>
      unusedTokens((scope, t) => {
        new DatabaseNodeRoles(scope, "Roles", { primary: t.string("primary"), read: t.list("read") });
      }),
    );
    expect(msg).toContain("primary: must be known at synth time, not a token (it names the construct of the node's label resource)");
    expect(msg).toContain("read: must be known at synth time, not a token (it names the construct of the node's label resource)");
  });
});
