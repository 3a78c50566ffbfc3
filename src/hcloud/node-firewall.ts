import { Construct } from "constructs";
import { PropIssues, cidr } from "../config/validation";
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
  /** Sources allowed to reach SSH (and the Kubernetes API when open) and to ping. */
  readonly allowedIps: readonly string[];
  /** SSH port of the nodes. */
  readonly sshPort: number;
  /**
   * Open the Kubernetes API (6443/tcp) to `allowedIps`.
   * @default false
   */
  readonly kubernetesApi?: boolean;
  /**
   * More ports, open to their own sources.
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
    if (props.allowedIps.length === 0) issues.add("allowedIps: must list at least one CIDR (got [])");
    props.allowedIps.forEach((ip, i) => {
      if (!cidr.safeParse(ip).success) issues.bad(`allowedIps[${i}]`, ip, "must be an IPv4 or IPv6 CIDR range such as '203.0.113.4/32'");
    });
    if (!Number.isInteger(props.sshPort) || props.sshPort < 1 || props.sshPort > 65535) {
      issues.bad("sshPort", props.sshPort, "must be a port from 1 to 65535");
    }
    (props.inbound ?? []).forEach((r, i) => {
      if (!/^\d{1,5}(-\d{1,5})?$/.test(r.port)) issues.bad(`inbound[${i}].port`, r.port, "must be a port '80' or a range '30000-32767'");
      if (r.sourceIps.length === 0 || r.sourceIps.some((ip) => !cidr.safeParse(ip).success)) {
        issues.bad(`inbound[${i}].sourceIps`, r.sourceIps, "must list CIDR ranges");
      }
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
