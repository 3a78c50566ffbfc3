import { LonghornStorageClass, LonghornStorageClassProps } from "../../src/storage/longhorn-storage-class";
import { errorOf, onlyResource, synthScope } from "../helpers";

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
    ["a bad disk tag", { diskSelector: ["Fast Disk"] }, /diskSelector\[0\]: must be a DNS-1123 label/],
    ["an invalid name", { name: "Longhorn_Fast" }, /name: must be a DNS-1123 subdomain/],
    ["an unknown prop", { replicas: 2 } as never, /unknown key "replicas"/],
  ])("rejects %s", (_name, props, expected) => {
    const message = errorOf(() => synth(props));
    expect(message).toMatch(/^test\/Fast props:/);
    expect(message).toMatch(expected);
  });
});
