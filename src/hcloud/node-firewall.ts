import { Tokenization } from "cdktf";
import { Construct } from "constructs";
import { z } from "zod";
import {
  FieldIssue,
  HETZNER_FIREWALL_LIMITS,
  firewallPort,
  firewallProtocol,
  firewallRuleDescription,
  isWideSource,
  k3sPortHit,
  k3sPortOpenedProblem,
  parsePortRange,
  sshPort,
  sshPortOpenedProblem,
  sshPortProblem,
  wideSourceRule,
} from "../validation/hcloud";
import { PropIssues, firewallCidr, firewallCidrProblem, formatPath, isUnresolved } from "../validation";
import { Firewall, FirewallRule } from "../providers/hcloud/firewall";

/** A port opened to some sources. */
export interface FirewallInboundRule {
  /** Protocol. */
  readonly protocol: "tcp" | "udp";
  /** Port (`80`) or range (`30000-32767`): never the SSH port or one of k3s's ports. */
  readonly port: string;
  /**
   * Allowed source CIDRs, at most 100.
   * @default ["0.0.0.0/0", "::/0"]
   */
  readonly sourceIps?: readonly string[];
  /**
   * Description of the rule.
   * @default - none
   */
  readonly description?: string;
}

/** The defaults of {@link FirewallInboundRule}. */
export const FIREWALL_INBOUND_RULE_DEFAULTS = { sourceIps: ["0.0.0.0/0", "::/0"] } as const satisfies Partial<FirewallInboundRule>;

/** Props of {@link NodeFirewall}. Every prop may be a token: the rules across props then skip it. */
export interface NodeFirewallProps {
  /** Firewall name. */
  readonly name: string;
  /**
   * Sources allowed to reach SSH (and the Kubernetes API when open) and to ping: at most 100, none
   * wider than /8 (IPv4) or /32 (IPv6) unless {@link allowAnySource}.
   */
  readonly allowedIps: readonly string[];
  /**
   * Allow `allowedIps` wider than /8 (IPv4) or /32 (IPv6), `0.0.0.0/0` and `::/0` included.
   * @default false
   */
  readonly allowAnySource?: boolean;
  /** SSH port of the nodes: not a port k3s uses, nor a NodePort. */
  readonly sshPort: number;
  /**
   * Open the Kubernetes API (6443/tcp) to `allowedIps`.
   * @default false
   */
  readonly kubernetesApi?: boolean;
  /**
   * More ports, open to their own sources: never the SSH port or one of k3s's ports, and at most
   * as many as Hetzner's 50 rules per firewall leave.
   * @default []
   */
  readonly inbound?: readonly FirewallInboundRule[];
  /**
   * Hetzner labels.
   * @default {}
   */
  readonly labels?: Readonly<Record<string, string>>;
}

/** The defaults of {@link NodeFirewallProps}. */
export const NODE_FIREWALL_DEFAULTS = {
  allowAnySource: false,
  kubernetesApi: false,
  inbound: [],
  labels: {},
} as const satisfies Partial<NodeFirewallProps>;

/** Sources of one firewall rule: CIDR ranges without host bits, at most Hetzner's 100. */
export const firewallSources = z
  .array(firewallCidr)
  .min(1, { message: "must list at least one CIDR range" })
  .max(HETZNER_FIREWALL_LIMITS.sourcesPerRule, {
    message: `must list at most ${HETZNER_FIREWALL_LIMITS.sourcesPerRule} ranges: Hetzner takes at most ${HETZNER_FIREWALL_LIMITS.sourcesPerRule} sources per firewall rule`,
  });

/**
 * How many `inbound` rules a firewall takes: Hetzner's 50 rules per firewall, less its own (ICMP, SSH, and
 * the Kubernetes API when open), and the message when there are more.
 */
export function inboundRuleLimit(kubernetesApi: boolean, firewall = "the firewall"): { readonly max: number; readonly message: string } {
  const own = kubernetesApi ? ["ICMP", "SSH", "the Kubernetes API"] : ["ICMP", "SSH"];
  const max = HETZNER_FIREWALL_LIMITS.rules - own.length;
  const ownText = `${own.slice(0, -1).join(", ")} and ${own[own.length - 1]}`;
  return {
    max,
    message: `must list at most ${max} rules: Hetzner takes at most ${HETZNER_FIREWALL_LIMITS.rules} rules per firewall, and ${firewall} has ${own.length} of its own (${ownText})`,
  };
}

/**
 * The problems across the rules of a firewall whose SSH port is `ssh` (a token is skipped): a rule
 * opening the SSH port, or one of k3s's ports. Paths are under the list of rules; `sshField` and
 * `sourcesField` name the SSH port and its sources in messages.
 */
export function inboundRuleIssues(
  rules: readonly Pick<FirewallInboundRule, "protocol" | "port">[],
  ssh: number,
  sshField: string,
  sourcesField: string,
): FieldIssue[] {
  const found: FieldIssue[] = [];
  const sshKnown = !isUnresolved(ssh) && sshPortProblem(ssh) === undefined;
  rules.forEach((rule, i) => {
    if (isUnresolved(rule.port) || isUnresolved(rule.protocol)) return;
    const range = parsePortRange(rule.port);
    // A port that is no port has its own message.
    if (typeof range === "string") return;
    const hit = k3sPortHit(rule.protocol, range.from, range.to);
    if (sshKnown && rule.protocol === "tcp" && range.from <= ssh && ssh <= range.to) {
      found.push({ path: [i, "port"], input: rule.port, message: sshPortOpenedProblem(ssh, sshField, sourcesField) });
    } else if (hit) {
      found.push({ path: [i, "port"], input: rule.port, message: k3sPortOpenedProblem(rule.protocol, hit) });
    }
  });
  return found;
}

/** The problems of `allowedIps` wider than /8 or /32 without an opt-in; `optIn` names the switch. */
export function wideSourceIssues(allowedIps: readonly string[], allowAnySource: boolean, optIn: string): FieldIssue[] {
  if (allowAnySource) return [];
  return allowedIps.flatMap((ip, i) =>
    !isUnresolved(ip) && !firewallCidrProblem(ip) && isWideSource(ip) ? [{ path: [i], input: ip, message: wideSourceRule(optIn) }] : [],
  );
}

/**
 * A Hetzner firewall for cluster nodes: ICMP and SSH (and optionally the
 * Kubernetes API) only from the allowed sources, plus configured ports.
 * Everything else inbound on the public interface is dropped; the private
 * network is not filtered by Hetzner firewalls.
 */
export class NodeFirewall extends Construct {
  /** The firewall. */
  public readonly firewall: Firewall;
  /** Its rules. */
  public readonly rules: readonly FirewallRule[];

  constructor(scope: Construct, id: string, props: NodeFirewallProps) {
    super(scope, id);
    const issues = new PropIssues();
    const inbound = props.inbound ?? NODE_FIREWALL_DEFAULTS.inbound;
    const kubernetesApi = props.kubernetesApi ?? NODE_FIREWALL_DEFAULTS.kubernetesApi;
    issues.check("allowedIps", props.allowedIps, firewallSources);
    for (const p of wideSourceIssues(props.allowedIps, props.allowAnySource ?? NODE_FIREWALL_DEFAULTS.allowAnySource, "allowAnySource")) {
      issues.bad(formatPath(["allowedIps", ...p.path]), p.input, p.message);
    }
    issues.check("sshPort", props.sshPort, sshPort);
    const limit = inboundRuleLimit(kubernetesApi);
    if (inbound.length > limit.max) issues.bad("inbound", inbound, limit.message);
    inbound.forEach((r, i) => {
      issues.check(`inbound[${i}].protocol`, r.protocol, firewallProtocol);
      issues.check(`inbound[${i}].port`, r.port, firewallPort);
      issues.check(`inbound[${i}].sourceIps`, r.sourceIps, firewallSources);
      issues.check(`inbound[${i}].description`, r.description, firewallRuleDescription);
    });
    for (const p of inboundRuleIssues(inbound, props.sshPort, "sshPort", "allowedIps")) {
      issues.bad(formatPath(["inbound", ...p.path]), p.input, p.message);
    }
    issues.throwIfAny(`${this.node.path} props`);

    const allowed = [...props.allowedIps];
    const rules: FirewallRule[] = [
      { direction: "in", protocol: "icmp", sourceIps: allowed, description: "ping from allowed IPs" },
      {
        direction: "in",
        protocol: "tcp",
        port: Tokenization.stringifyNumber(props.sshPort),
        sourceIps: allowed,
        description: "SSH from allowed IPs",
      },
    ];
    if (kubernetesApi)
      rules.push({ direction: "in", protocol: "tcp", port: "6443", sourceIps: allowed, description: "Kubernetes API from allowed IPs" });
    for (const r of inbound) {
      rules.push({
        direction: "in",
        protocol: r.protocol,
        port: r.port,
        sourceIps: [...(r.sourceIps ?? FIREWALL_INBOUND_RULE_DEFAULTS.sourceIps)],
        ...(r.description ? { description: r.description } : {}),
      });
    }
    this.rules = rules;
    this.firewall = new Firewall(this, "Firewall", {
      name: props.name,
      labels: { ...(props.labels ?? NODE_FIREWALL_DEFAULTS.labels) },
      rule: rules,
    });
  }
}
