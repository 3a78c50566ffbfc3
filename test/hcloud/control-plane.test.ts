import { checkK3sServerConfig } from "../../src/hcloud/control-plane";
import { fieldsOf, issuesOf } from "../issues";
import { listToken, numberToken, stringToken } from "../tokens";

describe("checkK3sServerConfig", () => {
  const S3 = {
    endpoint: "s3.fr-par.scw.cloud",
    region: "fr-par",
    bucket: "etcd",
    folder: "kube",
    scheduleCron: "0 */6 * * *",
    retention: 5,
  };
  const CONFIG = {
    tlsSans: ["k8s.example.org"],
    disable: ["traefik" as const],
    clusterCidr: "10.42.0.0/16",
    serviceCidr: "10.43.0.0/16",
    etcdS3Snapshots: S3,
  };

  it("takes a valid config, with or without etcd snapshots", () => {
    expect(issuesOf((issues) => checkK3sServerConfig(issues, "k3s.", CONFIG))).toEqual([]);
    expect(issuesOf((issues) => checkK3sServerConfig(issues, "k3s.", { ...CONFIG, etcdS3Snapshots: undefined }))).toEqual([]);
  });

  it("names each field under the prefix", () => {
    const bad = {
      tlsSans: [""],
      disable: ["nginx" as never],
      clusterCidr: "8.0.0.0/16",
      serviceCidr: "10.43.0.1/16",
      etcdS3Snapshots: { endpoint: "https://s3", region: "FR", bucket: "B", folder: "/etcd", scheduleCron: "0 0 * *", retention: 0 },
    };
    expect(fieldsOf(issuesOf((issues) => checkK3sServerConfig(issues, "k3s.", bad)))).toEqual([
      "k3s.tlsSans[0]",
      "k3s.disable[0]",
      "k3s.clusterCidr",
      "k3s.serviceCidr",
      "k3s.etcdS3Snapshots.endpoint",
      "k3s.etcdS3Snapshots.region",
      "k3s.etcdS3Snapshots.bucket",
      "k3s.etcdS3Snapshots.folder",
      "k3s.etcdS3Snapshots.scheduleCron",
      "k3s.etcdS3Snapshots.retention",
    ]);
  });

  it("asks for each to be known at synth", () => {
    const tokens = {
      tlsSans: listToken(),
      disable: listToken() as never,
      clusterCidr: stringToken(),
      serviceCidr: stringToken(),
      etcdS3Snapshots: {
        endpoint: stringToken(),
        region: stringToken(),
        bucket: stringToken(),
        folder: stringToken(),
        scheduleCron: stringToken(),
        retention: numberToken(),
      },
    };
    const issues = issuesOf((i) => checkK3sServerConfig(i, "k3s.", tokens));
    expect(fieldsOf(issues)).toEqual([
      "k3s.tlsSans",
      "k3s.disable",
      "k3s.clusterCidr",
      "k3s.serviceCidr",
      ...["endpoint", "region", "bucket", "folder", "scheduleCron", "retention"].map((f) => `k3s.etcdS3Snapshots.${f}`),
    ]);
    for (const issue of issues)
      expect(issue).toMatch(/: must be known at synth time, not a token \(it is written into the nodes' cloud-config/);
  });
});
