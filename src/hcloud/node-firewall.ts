import { Token } from "cdktf";
import { Construct } from "constructs";
import {
  HETZNER_FIREWALL_LIMITS,
  isWideSource,
  k3sPortHit,
  k3sPortOpenedProblem,
  parsePortRange,
  sshPortOpenedProblem,
  sshPortProblem,
  wideSourceRule,
} from "../config/hcloud-schema";
import { FIREWALL_CIDR_RULE, PropIssues, firewallCidrProblem } from "../validation";
import { Firewall, FirewallRule } from "../providers/hcloud/firewall";

/** A port opened to some sources. */
export interface FirewallInboundRule {
  /** Protocol. */
  readonly protocol: "tcp" | "udp";
  /** Port (`80`) or range (`30000-32767`). */
  readonly port: string;
  /** Allowed source CIDRs. */
  readonly sourceIps: readonly string[];
  /**
   * Description of the rule.
   * @default - none
   */
  readonly description?: string;
}

/** Props of {@link NodeFirewall}. */
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
  /** SSH port of the nodes. */
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
    // Values that are cdktf tokens are only known at apply time: they are left to Hetzner.
    const known = (value: string) => !Token.isUnresolved(value);
    const sources = (prop: string, ips: readonly string[]) => {
      ips.forEach((ip, i) => {
        const problem = known(ip) && firewallCidrProblem(ip);
        if (problem) issues.bad(`${prop}[${i}]`, ip, `${FIREWALL_CIDR_RULE}: ${problem}`);
      });
      if (ips.length > HETZNER_FIREWALL_LIMITS.sourcesPerRule) {
        issues.add(
          `${prop}: must list at most ${HETZNER_FIREWALL_LIMITS.sourcesPerRule} ranges: Hetzner takes at most ${HETZNER_FIREWALL_LIMITS.sourcesPerRule} sources per firewall rule (got ${ips.length})`,
        );
      }
    };
    if (props.allowedIps.length === 0) issues.add("allowedIps: must list at least one CIDR (got [])");
    sources("allowedIps", props.allowedIps);
    if (!props.allowAnySource) {
      props.allowedIps.forEach((ip, i) => {
        if (known(ip) && !firewallCidrProblem(ip) && isWideSource(ip)) {
          issues.bad(`allowedIps[${i}]`, ip, wideSourceRule("allowAnySource"));
        }
      });
    }
    const sshProblem = sshPortProblem(props.sshPort);
    if (sshProblem) issues.bad("sshPort", props.sshPort, sshProblem);
    const inbound = props.inbound ?? [];
    const ruleCount = 2 + (props.kubernetesApi ? 1 : 0) + inbound.length;
    if (ruleCount > HETZNER_FIREWALL_LIMITS.rules) {
      issues.add(
        `inbound: must leave the firewall at most ${HETZNER_FIREWALL_LIMITS.rules} rules, Hetzner's limit, ICMP and SSH${props.kubernetesApi ? " and the Kubernetes API" : ""} included (got ${inbound.length} rules, ${ruleCount} in all)`,
      );
    }
    inbound.forEach((r, i) => {
      const range = known(r.port) ? parsePortRange(r.port) : undefined;
      if (typeof range === "string") {
        issues.bad(`inbound[${i}].port`, r.port, "must be a port '80' or a range '30000-32767'");
      } else if (range) {
        const hit = k3sPortHit(r.protocol, range.from, range.to);
        if (r.protocol === "tcp" && !sshProblem && range.from <= props.sshPort && props.sshPort <= range.to) {
          issues.bad(`inbound[${i}].port`, r.port, sshPortOpenedProblem(props.sshPort, "sshPort", "allowedIps"));
        } else if (hit) {
          issues.bad(`inbound[${i}].port`, r.port, k3sPortOpenedProblem(r.protocol, hit));
        }
      }
      if (r.sourceIps.length === 0) issues.bad(`inbound[${i}].sourceIps`, r.sourceIps, "must list CIDR ranges");
      sources(`inbound[${i}].sourceIps`, r.sourceIps);
    });
    issues.throwIfAny(`${this.node.path} props`);

    const allowed = [...props.allowedIps];
    const rules: FirewallRule[] = [
      { direction: "in", protocol: "icmp", sourceIps: allowed, description: "ping from allowed IPs" },
      { direction: "in", protocol: "tcp", port: String(props.sshPort), sourceIps: allowed, description: "SSH from allowed IPs" },
    ];
    if (props.kubernetesApi)
      rules.push({ direction: "in", protocol: "tcp", port: "6443", sourceIps: allowed, description: "Kubernetes API from allowed IPs" });
    for (const r of props.inbound ?? []) {
      rules.push({
        direction: "in",
        protocol: r.protocol,
        port: r.port,
        sourceIps: [...r.sourceIps],
        ...(r.description ? { description: r.description } : {}),
      });
    }
    this.rules = rules;
    this.firewall = new Firewall(this, "Firewall", { name: props.name, labels: { ...props.labels }, rule: rules });
  }
}
