import { Token } from "cdktf";
import { Construct } from "constructs";
import { NETWORK_ZONES } from "./catalog";
import { NETWORK_IP_RANGE_RULE, networkIpRangeProblem } from "../config/hcloud-schema";
import { PropIssues, describeValue } from "../validation";
import { Network } from "../providers/hcloud/network";
import { NetworkSubnet } from "../providers/hcloud/network-subnet";

/** Props of {@link PrivateNetwork}. */
export interface PrivateNetworkProps {
  /** Network name (unique in the Hetzner project). */
  readonly name: string;
  /** A private /16 range (RFC 1918), e.g. `10.0.0.0/16`; known at synth (the address plan derives from it). */
  readonly ipRange: string;
  /** Network zone of the subnet, e.g. `eu-central`. */
  readonly networkZone: string;
  /**
   * Hetzner labels of the network.
   * @default {}
   */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * The cluster's private network: one /16 network with one `cloud` subnet
 * spanning it, and a fixed address plan so every node's private IP is known at
 * synth time (k3s `node-ip`, the SSH config):
 *
 * - control plane node i (0-based): `x.y.0.(2+i)` (`x.y.0.1` is the gateway);
 * - node n (0-based) of pool p (0-based): `x.y.(p+1).(n+1)`;
 * - the load balancer of pool p: `x.y.(p+1).254`.
 */
export class PrivateNetwork extends Construct {
  /** The network. */
  public readonly network: Network;
  /** The subnet servers and load balancers attach to. */
  public readonly subnet: NetworkSubnet;
  /** The first two octets of the range, e.g. `10.0`. */
  public readonly prefix: string;
  /** The network zone of the subnet. */
  public readonly networkZone: string;
  /** The range of the network (and of its one subnet), e.g. `10.0.0.0/16`. */
  public readonly ipRange: string;

  constructor(scope: Construct, id: string, props: PrivateNetworkProps) {
    super(scope, id);
    const issues = new PropIssues();
    const rangeProblem = networkIpRangeProblem(props.ipRange);
    if (rangeProblem) issues.bad("ipRange", props.ipRange, `${NETWORK_IP_RANGE_RULE}: ${rangeProblem}`);
    if (!(NETWORK_ZONES as readonly string[]).includes(props.networkZone)) {
      issues.add(`networkZone: must be one of ${NETWORK_ZONES.join(", ")} (got ${describeValue(props.networkZone)})`);
    }
    issues.throwIfAny(`${this.node.path} props`);
    this.networkZone = props.networkZone;
    this.ipRange = props.ipRange;
    this.prefix = props.ipRange.split(".").slice(0, 2).join(".");
    this.network = new Network(this, "Network", { name: props.name, ipRange: props.ipRange, labels: { ...props.labels } });
    this.subnet = new NetworkSubnet(this, "Subnet", {
      networkId: Token.asNumber(this.network.id),
      type: "cloud",
      networkZone: props.networkZone,
      ipRange: props.ipRange,
    });
  }

  /** Private IP of control plane node `index` (0-based, at most 252). */
  public controlPlaneIp(index: number): string {
    if (!Number.isInteger(index) || index < 0 || index > 252) throw new RangeError(`control plane index ${index} is outside 0-252`);
    return `${this.prefix}.0.${index + 2}`;
  }

  /** Private IP of node `index` (0-based, at most 252) of pool `poolIndex` (0-based, at most 253). */
  public nodeIp(poolIndex: number, index: number): string {
    if (!Number.isInteger(poolIndex) || poolIndex < 0 || poolIndex > 253) throw new RangeError(`pool index ${poolIndex} is outside 0-253`);
    if (!Number.isInteger(index) || index < 0 || index > 252) throw new RangeError(`node index ${index} is outside 0-252`);
    return `${this.prefix}.${poolIndex + 1}.${index + 1}`;
  }

  /** Private IP of the load balancer of pool `poolIndex` (0-based). */
  public loadBalancerIp(poolIndex: number): string {
    if (!Number.isInteger(poolIndex) || poolIndex < 0 || poolIndex > 253) throw new RangeError(`pool index ${poolIndex} is outside 0-253`);
    return `${this.prefix}.${poolIndex + 1}.254`;
  }
}
