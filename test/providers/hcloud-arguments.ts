import { TerraformArguments } from "../../src/providers/hcloud/terraform-arguments";
import { FIREWALL_ARGUMENTS } from "../../src/providers/hcloud/firewall";
import { LOAD_BALANCER_ARGUMENTS } from "../../src/providers/hcloud/load-balancer";
import { LOAD_BALANCER_NETWORK_ARGUMENTS } from "../../src/providers/hcloud/load-balancer-network";
import { LOAD_BALANCER_SERVICE_ARGUMENTS } from "../../src/providers/hcloud/load-balancer-service";
import { LOAD_BALANCER_TARGET_ARGUMENTS } from "../../src/providers/hcloud/load-balancer-target";
import { NETWORK_ARGUMENTS } from "../../src/providers/hcloud/network";
import { NETWORK_SUBNET_ARGUMENTS } from "../../src/providers/hcloud/network-subnet";
import { PLACEMENT_GROUP_ARGUMENTS } from "../../src/providers/hcloud/placement-group";
import { HCLOUD_PROVIDER_ARGUMENTS } from "../../src/providers/hcloud/provider";
import { SERVER_ARGUMENTS } from "../../src/providers/hcloud/server";
import { SSH_KEY_ARGUMENTS } from "../../src/providers/hcloud/ssh-key";
import { VOLUME_ARGUMENTS } from "../../src/providers/hcloud/volume";
import { VOLUME_ATTACHMENT_ARGUMENTS } from "../../src/providers/hcloud/volume-attachment";
import { SynthesizedStack } from "../helpers";

/** Declared arguments of every hcloud resource type the bindings cover. */
export const HCLOUD_RESOURCE_ARGUMENTS: Readonly<Record<string, TerraformArguments>> = {
  hcloud_firewall: FIREWALL_ARGUMENTS,
  hcloud_load_balancer: LOAD_BALANCER_ARGUMENTS,
  hcloud_load_balancer_network: LOAD_BALANCER_NETWORK_ARGUMENTS,
  hcloud_load_balancer_service: LOAD_BALANCER_SERVICE_ARGUMENTS,
  hcloud_load_balancer_target: LOAD_BALANCER_TARGET_ARGUMENTS,
  hcloud_network: NETWORK_ARGUMENTS,
  hcloud_network_subnet: NETWORK_SUBNET_ARGUMENTS,
  hcloud_placement_group: PLACEMENT_GROUP_ARGUMENTS,
  hcloud_server: SERVER_ARGUMENTS,
  hcloud_ssh_key: SSH_KEY_ARGUMENTS,
  hcloud_volume: VOLUME_ARGUMENTS,
  hcloud_volume_attachment: VOLUME_ATTACHMENT_ARGUMENTS,
};

/** Terraform meta-arguments cdktf may add to any resource. */
const META_ARGUMENTS = new Set(["depends_on", "count", "for_each", "provider", "lifecycle", "connection", "provisioner", "//"]);

const isExpression = (v: unknown) => typeof v === "string" && /^\$\{.*\}$/s.test(v);

function typeProblem(type: string, value: unknown): string | undefined {
  if (isExpression(value)) return undefined; // known only at apply time
  const scalar = (t: string, v: unknown) =>
    isExpression(v) ||
    (t === "string" && typeof v === "string") ||
    (t === "number" && typeof v === "number") ||
    (t === "bool" && typeof v === "boolean");
  const list = /^list\((\w+)\)$/.exec(type);
  if (list) return Array.isArray(value) && value.every((v) => scalar(list[1], v)) ? undefined : `expected ${type}`;
  if (type === "map(string)") {
    return typeof value === "object" && value !== null && !Array.isArray(value) && Object.values(value).every((v) => scalar("string", v))
      ? undefined
      : "expected map(string)";
  }
  return scalar(type, value) ? undefined : `expected ${type}`;
}

/** Problems of one object (resource body or block) against its declared arguments. */
function check(where: string, body: Record<string, unknown>, args: TerraformArguments, topLevel: boolean): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(body)) {
    if (topLevel && META_ARGUMENTS.has(key)) continue;
    const arg = args[key];
    if (!arg) {
      problems.push(`${where}.${key}: not an argument the bindings declare`);
      continue;
    }
    if ("block" in arg) {
      if (!Array.isArray(value)) {
        problems.push(`${where}.${key}: a block must synthesize as a list`);
        continue;
      }
      if (arg.maxItems !== undefined && value.length > arg.maxItems) problems.push(`${where}.${key}: at most ${arg.maxItems} block(s)`);
      value.forEach((v, i) => problems.push(...check(`${where}.${key}[${i}]`, v as Record<string, unknown>, arg.block, false)));
    } else {
      const p = typeProblem(arg.type, value);
      if (p) problems.push(`${where}.${key}: ${p} (got ${JSON.stringify(value)})`);
    }
  }
  for (const [key, arg] of Object.entries(args)) {
    if (!("block" in arg) && arg.required && !(key in body)) problems.push(`${where}.${key}: required argument missing`);
  }
  return problems;
}

/**
 * Walks a synthesized stack and lists every hcloud argument that the bindings
 * do not declare, has the wrong type, or is required but missing. Unknown
 * hcloud resource types are problems too.
 */
export function undeclaredHcloudArguments(stack: SynthesizedStack): string[] {
  const problems: string[] = [];
  for (const [type, resources] of Object.entries(stack.resource ?? {})) {
    if (!type.startsWith("hcloud_")) continue;
    const args = HCLOUD_RESOURCE_ARGUMENTS[type];
    if (!args) {
      problems.push(`${type}: no binding declares this resource type`);
      continue;
    }
    for (const [id, body] of Object.entries(resources)) problems.push(...check(`${type}.${id}`, body, args, true));
  }
  for (const [i, body] of (stack.provider?.hcloud ?? []).entries()) {
    problems.push(...check(`provider.hcloud[${i}]`, body as Record<string, unknown>, HCLOUD_PROVIDER_ARGUMENTS, true));
  }
  return problems;
}
