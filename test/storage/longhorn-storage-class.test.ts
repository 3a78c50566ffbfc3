import { TerraformVariable } from "cdktf";
import { LonghornStorageClass, LonghornStorageClassProps, strictLocalReplicasProblem } from "../../src/storage/longhorn-storage-class";
import { Longhorn } from "../../src/storage/longhorn";
import { errorOf, onlyResource, synthScope } from "../helpers";
import { unusedTokens } from "../tokens";

function synth(props?: LonghornStorageClassProps) {
  return synthScope((scope) => new LonghornStorageClass(scope, "Fast", props));
}

describe("LonghornStorageClass", () => {
  it("matches the snapshot with its defaults", () => {
    expect(synth().json).toMatchSnapshot();
  });

  it("defaults to the guide's longhorn-fast class", () => {
    const sc = onlyResource(synth().parsed, "kubernetes_storage_class_v1");
    expect(sc.metadata).toEqual({ name: "longhorn-fast" });
    expect(sc.storage_provisioner).toBe("driver.longhorn.io");
    expect(sc.allow_volume_expansion).toBe(true);
    expect(sc.reclaim_policy).toBe("Delete");
    expect(sc.volume_binding_mode).toBe("Immediate");
    expect(sc.parameters).toEqual({
      numberOfReplicas: "1",
      staleReplicaTimeout: "30",
      fromBackup: "",
      fsType: "ext4",
      diskSelector: "fast",
    });
  });

  it("synthesizes every parameter as a string", () => {
    const sc = onlyResource(
      synth({
        numberOfReplicas: 2,
        staleReplicaTimeout: 45,
        diskSelector: ["fast", "ssd"],
        nodeSelector: ["storage"],
        dataLocality: "best-effort",
        fsType: "xfs",
      }).parsed,
      "kubernetes_storage_class_v1",
    );
    expect(sc.parameters).toEqual({
      numberOfReplicas: "2",
      staleReplicaTimeout: "45",
      fromBackup: "",
      fsType: "xfs",
      diskSelector: "fast,ssd",
      nodeSelector: "storage",
      dataLocality: "best-effort",
    });
    for (const v of Object.values(sc.parameters as object)) expect(typeof v).toBe("string");
  });

  it("hands out exactly the parameters it synthesizes: no key for an empty selector or an unset locality", () => {
    synthScope((scope) => {
      const sc = new LonghornStorageClass(scope, "Plain", { diskSelector: [], nodeSelector: [] });
      expect(sc.parameters).toStrictEqual({ numberOfReplicas: "1", staleReplicaTimeout: "30", fromBackup: "", fsType: "ext4" });
    });
  });

  it("marks the default class only when asked", () => {
    const sc = onlyResource(synth({ isDefaultClass: true }).parsed, "kubernetes_storage_class_v1");
    expect(sc.metadata).toEqual({ name: "longhorn-fast", annotations: { "storageclass.kubernetes.io/is-default-class": "true" } });
  });

  it("accepts strict-local with one replica and exposes its name", () => {
    synthScope((scope) => {
      const sc = new LonghornStorageClass(scope, "Local", { name: "longhorn-local", dataLocality: "strict-local" });
      expect(sc.storageClassName).toBe("longhorn-local");
      expect(sc.parameters.dataLocality).toBe("strict-local");
    });
  });

  it.each<[string, LonghornStorageClassProps, RegExp]>([
    [
      "strict-local with 2 replicas",
      { dataLocality: "strict-local", numberOfReplicas: 2 },
      /numberOfReplicas: must be 1 when dataLocality is 'strict-local'.*\(got 2\)/,
    ],
    ["0 replicas", { numberOfReplicas: 0 }, /numberOfReplicas: Too small: expected number to be >=1 \(got 0\)/],
    [
      "a fractional timeout",
      { staleReplicaTimeout: 1.5 },
      /staleReplicaTimeout: Invalid input: expected int, received number \(got 1\.5\)/,
    ],
    ["an unknown fsType", { fsType: "btrfs" as never }, /fsType: Invalid option: expected one of "ext4"\|"xfs" \(got "btrfs"\)/],
    [
      "an unknown data locality",
      { dataLocality: "local" as never },
      /dataLocality: Invalid option: expected one of "disabled"\|"best-effort"\|"strict-local"/,
    ],
    [
      "a bad disk tag",
      { diskSelector: ["Fast Disk"] },
      /diskSelector\[0\]: must be a DNS-1123 label: lowercase letters, .* \(got "Fast Disk"\)/,
    ],
    [
      "an invalid name",
      { name: "Longhorn_Fast" },
      /name: must be a DNS-1123 subdomain: dot-separated lowercase labels of letters, digits and '-' \(got "Longhorn_Fast"\)/,
    ],
    ["an unknown prop", { replicas: 2 } as never, /replicas: is not a prop of LonghornStorageClass \(unknown key "replicas"\)/],
    ["21 replicas", { numberOfReplicas: 21 }, /numberOfReplicas: Too big: expected number to be <=20 \(got 21\)/],
  ])("rejects %s", (_name, props, expected) => {
    const message = errorOf(() => synth(props));
    expect(message).toMatch(/^test\/Fast props:/);
    expect(message).toMatch(expected);
  });

  it("is an IStorageClass: its name, and its StorageClass resource to wait for", () => {
    synthScope((scope) => {
      const sc = new LonghornStorageClass(scope, "Fast");
      expect(sc.storageClassName).toBe("longhorn-fast");
      expect(sc.storageClassCreator).toBe(sc.storageClass);
    });
  });

  it("is created after the release of the Longhorn it is given, and after dependsOn", () => {
    const { parsed } = synthScope((scope) => {
      const longhorn = new Longhorn(scope, "Longhorn");
      const other = new TerraformVariable(scope, "other", {});
      new LonghornStorageClass(scope, "Fast", { longhorn, dependsOn: [other] });
    });
    expect(onlyResource(parsed, "kubernetes_storage_class_v1").depends_on).toEqual(["helm_release.Longhorn_Release_D7402B6E", "var.other"]);
    expect(onlyResource(synth().parsed, "kubernetes_storage_class_v1").depends_on).toBeUndefined();
  });

  it("accepts tokens for every prop it validates", () => {
    expect(
      unusedTokens((scope, t) => {
        new LonghornStorageClass(scope, "Fast", {
          name: t.string("name"),
          numberOfReplicas: t.number("replicas"),
          staleReplicaTimeout: t.number("stale"),
          fromBackup: t.string("backup"),
          fsType: t.string("fs") as never,
          diskSelector: t.list("disks"),
          nodeSelector: [t.string("node"), "storage"],
          dataLocality: t.string("locality") as never,
          reclaimPolicy: t.string("reclaim") as never,
          volumeBindingMode: t.string("binding") as never,
        });
      }),
    ).toEqual([]);
  });

  it("writes number and list tokens as the strings Kubernetes takes", () => {
    const { parsed } = synthScope((scope) => {
      const replicas = new TerraformVariable(scope, "replicas", { type: "number" }).numberValue;
      const disks = new TerraformVariable(scope, "disks", { type: "list(string)" }).listValue;
      new LonghornStorageClass(scope, "Fast", { numberOfReplicas: replicas, diskSelector: disks, dataLocality: "strict-local" });
    });
    expect(onlyResource(parsed, "kubernetes_storage_class_v1").parameters).toMatchObject({
      numberOfReplicas: "${var.replicas}",
      diskSelector: '${join(",", var.disks)}',
      dataLocality: "strict-local",
    });
  });

  it("checks the strict-local rule only when both sides are known", () => {
    expect(strictLocalReplicasProblem("strict-local", 2)).toMatch(/^must be 1 when dataLocality is 'strict-local'/);
    expect(strictLocalReplicasProblem("best-effort", 2)).toBeUndefined();
    synthScope((scope) => {
      const locality = new TerraformVariable(scope, "locality", { type: "string" }).stringValue;
      expect(strictLocalReplicasProblem(locality, 2)).toBeUndefined();
      const replicas = new TerraformVariable(scope, "replicas", { type: "number" }).numberValue;
      expect(strictLocalReplicasProblem("strict-local", replicas)).toBeUndefined();
    });
  });
});
