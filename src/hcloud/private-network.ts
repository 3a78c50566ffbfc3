import { Token } from "cdktf";
import { Construct } from "constructs";
import { z } from "zod";
import { hetznerNetworkZone } from "./catalog";
import { networkIpRange } from "../validation/hcloud";
import { PropIssues } from "../validation";
import { Network } from "../providers/hcloud/network";
import { NetworkSubnet } from "../providers/hcloud/network-subnet";

/** Props of {@link PrivateNetwork}. */
export interface PrivateNetworkProps {
  /** Network name (unique in the Hetzner project). */
  readonly name: string;
  /**
   * A private /16 range (RFC 1918), e.g. `10.0.0.0/16`. Must be known at synth time: the address plan
   * (every node's private IP, written into its cloud-config) derives from it.
   */
  readonly ipRange: string;
  /** Network zone of the subnet, e.g. `eu-central` (a token is checked by Hetzner only). */
  readonly networkZone: string;
  /**
   * Hetzner labels of the network.
   * @default {}
   */
  readonly labels?: Readonly<Record<string, string>>;
}

/** The defaults of {@link PrivateNetworkProps}. */
export const PRIVATE_NETWORK_DEFAULTS = { labels: {} } as const satisfies Partial<PrivateNetworkProps>;

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
    issues.known("ipRange", props.ipRange, "the address plan, every node's private IP, derives from it");
    issues.check("ipRange", props.ipRange, networkIpRange);
    issues.check("networkZone", props.networkZone, hetznerNetworkZone);
    issues.throwIfAny(`${this.node.path} props`);
    this.networkZone = props.networkZone;
    this.ipRange = props.ipRange;
    this.prefix = props.ipRange.split(".").slice(0, 2).join(".");
    this.network = new Network(this, "Network", {
      name: props.name,
      ipRange: props.ipRange,
      labels: { ...(props.labels ?? PRIVATE_NETWORK_DEFAULTS.labels) },
    });
    this.subnet = new NetworkSubnet(this, "Subnet", {
      networkId: Token.asNumber(this.network.id),
      type: "cloud",
      networkZone: props.networkZone,
      ipRange: props.ipRange,
    });
  }

  /**
   * Private IP of control plane node `index` (0-based, at most 252).
   * @throws ValidationError when `index` is a token or outside 0-252
   */
  public controlPlaneIp(index: number): string {
    this.checkIndexes("controlPlaneIp", { index: [index, CONTROL_PLANE_INDEXES] });
    return `${this.prefix}.0.${index + 2}`;
  }

  /**
   * Private IP of node `index` (0-based, at most 252) of pool `poolIndex` (0-based, at most 253).
   * @throws ValidationError when an index is a token or outside its range
   */
  public nodeIp(poolIndex: number, index: number): string {
    this.checkIndexes("nodeIp", { poolIndex: [poolIndex, POOL_INDEX], index: [index, NODE_INDEXES] });
    return `${this.prefix}.${poolIndex + 1}.${index + 1}`;
  }

  /**
   * Private IP of the load balancer of pool `poolIndex` (0-based, at most 253).
   * @throws ValidationError when `poolIndex` is a token or outside 0-253
   */
  public loadBalancerIp(poolIndex: number): string {
    this.checkIndexes("loadBalancerIp", { poolIndex: [poolIndex, POOL_INDEX] });
    return `${this.prefix}.${poolIndex + 1}.254`;
  }

  /** Refuses arguments of `method` that are tokens or outside their range (`[value, rule]` by argument name). */
  private checkIndexes(method: string, args: Readonly<Record<string, readonly [number, z.ZodType]>>): void {
    const issues = new PropIssues();
    for (const [name, [value, rule]] of Object.entries(args)) {
      issues.known(name, value, "it picks an address of the plan, written into the nodes' cloud-config");
      issues.check(name, value, rule);
    }
    issues.throwIfAny(`${this.node.path} ${method}`);
  }
}

/** The index of a control plane node in the address plan: x.y.0.2 to x.y.0.254. */
const CONTROL_PLANE_INDEXES = z.number().int().min(0).max(252);
/** The index of a pool in the address plan (x.y.1.* to x.y.254.*), as NodePool's `poolIndex` takes it. */
export const POOL_INDEX = z.number().int().min(0).max(253);
/** The index of a node in its pool's block: x.y.*.1 to x.y.*.253. */
const NODE_INDEXES = z.number().int().min(0).max(252);
