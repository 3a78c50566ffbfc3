import { z } from "zod";
import { dnsLabel, duplicates, labelKey, labelValue, taintString } from "./validation";

/** A block volume attached to every server of a node pool. */
export const nodePoolVolumeSchema = z.strictObject({
  size: z.number().int().min(10).max(10240).describe("Volume size in GB (Hetzner allows 10 to 10240)."),
  format: z.enum(["ext4", "xfs"]).default("ext4").describe("Filesystem the volume is formatted with."),
  mountPath: z
    .string()
    .regex(/^\/[A-Za-z0-9._/-]*[A-Za-z0-9._-]$/, { message: "must be an absolute path without trailing slash, e.g. '/mnt/longhorn'" })
    .default("/mnt/data")
    .describe("Stable path the volume is mounted at on the node (given to Longhorn as its second disk)."),
  deleteProtection: z.boolean().default(false).describe("Protect the volume against deletion."),
});

/** A pool of identical agent nodes. */
export const nodePoolSchema = z.strictObject({
  name: dnsLabel(20).describe("Pool name; nodes are named <cluster>-<pool>-<NN>."),
  serverType: z.string().describe("Hetzner server type, e.g. cx33."),
  location: z.string().optional().describe("Hetzner location; defaults to hcloud.location."),
  count: z.number().int().min(1).max(99).describe("Number of servers."),
  labels: z.record(labelKey, labelValue).default({}).describe("Kubernetes node labels set by k3s at registration."),
  taints: z.array(taintString).default([]).describe("Kubernetes node taints, 'key[=value]:Effect'."),
  volume: nodePoolVolumeSchema.optional().describe("Block volume attached to each server of the pool."),
});

/** The Hetzner Cloud project: network, control plane and node pools. */
export const hcloudSchema = z
  .strictObject({
    location: z.string().default("nbg1").describe("Default Hetzner location of servers."),
    networkZone: z.string().default("eu-central").describe("Network zone of the private subnet."),
    controlPlane: z
      .strictObject({
        serverType: z.string().default("cx23").describe("Hetzner server type of control plane servers."),
        count: z.number().int().default(1).describe("1, or 3 for embedded etcd HA."),
      })
      .prefault({})
      .describe("k3s servers."),
    nodePools: z.array(nodePoolSchema).min(1).describe("Agent node pools."),
  })
  .superRefine((h, ctx) => {
    for (const name of duplicates(h.nodePools.map((p) => p.name))) {
      ctx.addIssue({ code: "custom", path: ["nodePools"], input: name, message: `pool name '${name}' is used more than once; pool names must be unique` });
    }
  });

/** A node pool as given in configuration. */
export type NodePoolConfig = z.output<typeof nodePoolSchema>;
/** The hcloud section of the configuration. */
export type HcloudConfig = z.output<typeof hcloudSchema>;

/** Node names of a pool: `<cluster>-<pool>-<NN>`, numbered from 01. */
export function nodeNames(clusterName: string, pool: Pick<NodePoolConfig, "name" | "count">): string[] {
  return Array.from({ length: pool.count }, (_, i) => `${clusterName}-${pool.name}-${String(i + 1).padStart(2, "0")}`);
}
