import { DataResource, TerraformVariable } from "cdktf";
import {
  LONGHORN_DISK_DEFAULTS,
  LONGHORN_STORAGE_NODES_DEFAULTS,
  LonghornStorageNodes,
  LonghornStorageNodesProps,
} from "../../src/storage/longhorn-storage-nodes";
import { Construct } from "constructs";
import { errorOf, forEachKeys, onlyResource, SynthesizedStack, synthScope } from "../helpers";
import { unusedTokens } from "../tokens";

const props: LonghornStorageNodesProps = {
  nodeNames: ["kube-storage-01", "kube-storage-02"],
  disks: [
    { name: "default-disk", path: "/var/lib/longhorn/", tags: ["fast"] },
    { name: "disk-mnt", path: "/mnt/longhorn" },
  ],
};

function synth(p: LonghornStorageNodesProps = props) {
  return synthScope((scope) => new LonghornStorageNodes(scope, "Nodes", p));
}

describe("LonghornStorageNodes", () => {
  it("sets labels and annotations only after what it depends on (the nodes' registration)", () => {
    const { parsed } = synthScope((scope) => {
      const first = new DataResource(scope, "Wait", {});
      new LonghornStorageNodes(scope, "Storage", { ...props, dependsOn: [first] });
    });
    expect(onlyResource(parsed, "kubernetes_labels").depends_on).toEqual(["terraform_data.Wait"]);
    expect(onlyResource(parsed, "kubernetes_annotations").depends_on).toEqual(["terraform_data.Wait"]);
  });

  it("matches the snapshot", () => {
    expect(synth().json).toMatchSnapshot();
  });

  it("labels each storage node for config-driven default disks: one resource, an instance per node", () => {
    const labels = onlyResource(synth().parsed, "kubernetes_labels");
    expect(forEachKeys(labels)).toEqual(["kube-storage-01", "kube-storage-02"]);
    expect([labels.api_version, labels.kind, labels.metadata, labels.labels]).toEqual([
      "v1",
      "Node",
      { name: "${each.value}" },
      { "node.longhorn.io/create-default-disk": "config" },
    ]);
  });

  it("applies the label and the annotations with field managers of their own, so neither removes the other", () => {
    const { parsed } = synth();
    expect(onlyResource(parsed, "kubernetes_labels").field_manager).toBe("cdktf-longhorn-storage-label");
    expect(onlyResource(parsed, "kubernetes_annotations").field_manager).toBe("cdktf-longhorn-storage-annotations");
    const custom = synth({ ...props, fieldManagerPrefix: "team-a" }).parsed;
    expect(onlyResource(custom, "kubernetes_labels").field_manager).toBe("team-a-label");
    expect(onlyResource(custom, "kubernetes_annotations").field_manager).toBe("team-a-annotations");
  });

  it("annotates the fast root disk and the block-volume disk, and the node tags, on every node", () => {
    const annotations = onlyResource(synth({ ...props, nodeTags: ["storage"] }).parsed, "kubernetes_annotations");
    expect(forEachKeys(annotations)).toEqual(["kube-storage-01", "kube-storage-02"]);
    expect([annotations.api_version, annotations.kind, annotations.metadata]).toEqual(["v1", "Node", { name: "${each.value}" }]);
    const values = annotations.annotations as Record<string, string>;
    expect(JSON.parse(values["node.longhorn.io/default-disks-config"])).toEqual([
      { name: "default-disk", path: "/var/lib/longhorn/", allowScheduling: true, storageReserved: 0, tags: ["fast"] },
      { name: "disk-mnt", path: "/mnt/longhorn", allowScheduling: true, storageReserved: 0, tags: [] },
    ]);
    expect(JSON.parse(values["node.longhorn.io/default-node-tags"])).toEqual(["storage"]);
  });

  it("keeps the same two resources however many nodes there are", () => {
    const nodeNames = Array.from({ length: 50 }, (_, i) => `kube-storage-${String(i + 1).padStart(2, "0")}`);
    const { parsed } = synth({ ...props, nodeNames });
    expect(forEachKeys(onlyResource(parsed, "kubernetes_labels"))).toEqual(nodeNames);
    expect(forEachKeys(onlyResource(parsed, "kubernetes_annotations"))).toEqual(nodeNames);
  });

  it.each<[string, Partial<LonghornStorageNodesProps>, RegExp]>([
    ["no node", { nodeNames: [] }, /nodeNames: must list at least one node/],
    ["a node twice", { nodeNames: ["a", "a"] }, /nodeNames: "a" is listed twice/],
    [
      "a bad node name",
      { nodeNames: ["Kube_01"] },
      /nodeNames\[0\]: must be a DNS-1123 subdomain: dot-separated lowercase labels of letters, digits and '-' \(got "Kube_01"\)/,
    ],
    ["no disk", { disks: [] }, /disks: must list at least one disk/],
    ["a relative path", { disks: [{ name: "d", path: "mnt/x" }] }, /disks\[0\]\.path: must be an absolute path \(got "mnt\/x"\)/],
    [
      "duplicate disk names",
      {
        disks: [
          { name: "d", path: "/a" },
          { name: "d", path: "/b" },
        ],
      },
      /disks: disk name "d" is used twice/,
    ],
    [
      "duplicate paths",
      {
        disks: [
          { name: "a", path: "/mnt/x//" },
          { name: "b", path: "/mnt/x" },
        ],
      },
      /disks: path "\/mnt\/x" is used twice/,
    ],
    [
      "negative reserve",
      { disks: [{ name: "a", path: "/a", storageReserved: -1 }] },
      /disks\[0\]\.storageReserved: must be a whole number of bytes >= 0 \(got -1\)/,
    ],
    [
      "a fraction of a byte reserved",
      { disks: [{ name: "a", path: "/a", storageReserved: 1.5 }] },
      /disks\[0\]\.storageReserved: must be a whole number of bytes >= 0 \(got 1\.5\)/,
    ],
    [
      "a bad tag",
      { disks: [{ name: "a", path: "/a", tags: ["SSD!"] }] },
      /disks\[0\]\.tags\[0\]: must be a DNS-1123 label: lowercase letters, .* \(got "SSD!"\)/,
    ],
    ["a bad node tag", { nodeTags: ["A B"] }, /nodeTags\[0\]: must be a DNS-1123 label: lowercase letters, .* \(got "A B"\)/],
    ["a bad disk name", { disks: [{ name: "Disk", path: "/a" }] }, /disks\[0\]\.name: must be a DNS-1123 label: .* \(got "Disk"\)/],
    [
      "a bad field manager prefix",
      { fieldManagerPrefix: "-x y" },
      /fieldManagerPrefix: must be 1-116 letters, digits, '-', '_' or '\.' \(got "-x y"\)/,
    ],
  ])("rejects %s", (_name, override, expected) => {
    const message = errorOf(() => synth({ ...props, ...override }));
    expect(message).toMatch(/^test\/Nodes props:/);
    expect(message).toMatch(expected);
  });

  it("applies the defaults of LONGHORN_DISK_DEFAULTS and LONGHORN_STORAGE_NODES_DEFAULTS", () => {
    expect(LONGHORN_DISK_DEFAULTS).toEqual({ allowScheduling: true, storageReserved: 0, tags: [] });
    expect(LONGHORN_STORAGE_NODES_DEFAULTS).toEqual({ nodeTags: [], fieldManagerPrefix: "cdktf-longhorn-storage" });
    const annotations = onlyResource(synth().parsed, "kubernetes_annotations").annotations as Record<string, string>;
    expect(annotations["node.longhorn.io/default-node-tags"]).toBe("[]");
  });

  it("accepts tokens for every prop it validates", () => {
    expect(
      unusedTokens((scope, t) => {
        new LonghornStorageNodes(scope, "Nodes", {
          nodeNames: [t.string("node"), "kube-storage-02"],
          disks: [
            { name: t.string("diskName"), path: t.string("diskPath"), storageReserved: t.number("reserved"), tags: t.list("diskTags") },
            { name: "disk-mnt", path: "/mnt/longhorn", tags: [t.string("tag")] },
          ],
          nodeTags: t.list("nodeTags"),
          fieldManagerPrefix: t.string("manager"),
        });
      }),
    ).toEqual([]);
  });

  it("writes disks and node tags that hold tokens through jsonencode, and takes a whole list of nodes", () => {
    const { parsed } = synthScope((scope) => {
      const nodes = new TerraformVariable(scope, "nodes", { type: "list(string)" }).listValue;
      const reserved = new TerraformVariable(scope, "reserved", { type: "number" }).numberValue;
      const tags = new TerraformVariable(scope, "tags", { type: "list(string)" }).listValue;
      new LonghornStorageNodes(scope, "Nodes", {
        nodeNames: nodes,
        disks: [{ name: "d", path: "/d", storageReserved: reserved }],
        nodeTags: tags,
      });
    });
    const annotations = onlyResource(parsed, "kubernetes_annotations");
    expect(annotations.for_each).toBe("${toset(var.nodes)}");
    expect(annotations.annotations).toEqual({
      "node.longhorn.io/default-disks-config":
        '${jsonencode([{"name" = "d", "path" = "/d", "allowScheduling" = true, "storageReserved" = var.reserved, "tags" = []}])}',
      "node.longhorn.io/default-node-tags": "${jsonencode(var.tags)}",
    });
  });

  it("accepts a disk that reserves nothing, said explicitly", () => {
    expect(() =>
      synthScope(
        (scope) => new LonghornStorageNodes(scope, "Nodes", { nodeNames: ["n"], disks: [{ name: "a", path: "/a", storageReserved: 0 }] }),
      ),
    ).not.toThrow();
  });

  it("writes every disk through jsonencode when one of them holds a token, and plain JSON when none does", () => {
    const disksConfig = (path: (scope: Construct) => string) =>
      synthScope((scope) => {
        new LonghornStorageNodes(scope, "Nodes", {
          nodeNames: ["kube-storage-01"],
          disks: [
            { name: "a", path: "/a" },
            { name: "b", path: path(scope) },
          ],
        });
      }).parsed;
    const config = (parsed: SynthesizedStack) =>
      (onlyResource(parsed, "kubernetes_annotations").annotations as Record<string, string>)["node.longhorn.io/default-disks-config"];
    expect(config(disksConfig((scope) => new TerraformVariable(scope, "path", { type: "string" }).stringValue))).toBe(
      '${jsonencode([{"name" = "a", "path" = "/a", "allowScheduling" = true, "storageReserved" = 0, "tags" = []}, {"name" = "b", "path" = var.path, "allowScheduling" = true, "storageReserved" = 0, "tags" = []}])}',
    );
    expect(JSON.parse(config(disksConfig(() => "/b")))).toEqual([
      { name: "a", path: "/a", allowScheduling: true, storageReserved: 0, tags: [] },
      { name: "b", path: "/b", allowScheduling: true, storageReserved: 0, tags: [] },
    ]);
  });
});
