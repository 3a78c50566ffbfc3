import { existingStorageClass } from "../../src/storage/storage-class";

describe("existingStorageClass", () => {
  it("names a class made elsewhere, with nothing to wait for", () => {
    expect(existingStorageClass("longhorn-fast")).toStrictEqual({ storageClassName: "longhorn-fast" });
  });
});
