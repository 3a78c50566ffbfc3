import { Fn, Token } from "cdktf";
import { Construct } from "constructs";
import { ClusterToken } from "./cluster-token";
import { shellQuote } from "./cloud-init";
import { ControlPlane } from "./control-plane";
import { NodeFirewall } from "./node-firewall";
import { NodePool } from "./node-pool";
import { PrivateNetwork } from "./private-network";
import { HcloudConfig, clusterName, hcloudSchema } from "../config/hcloud-schema";
import { KUBECONFIG_TEXT, KUBECONFIG_TEXT_RULE, PropIssues, formatIssues } from "../validation";
import { SshKey } from "../providers/hcloud/ssh-key";

/** Credentials of the etcd snapshot bucket, as Terraform references (sensitive variables). */
export interface EtcdS3Credentials {
  /** Access key id. */
  readonly accessKey: string;
  /** Secret access key. */
  readonly secretKey: string;
}

/** Props of {@link K3sCluster}. */
export interface K3sClusterProps {
  /** Cluster name (DNS label, at most 20 characters), prefix of every node name. */
  readonly clusterName: string;
  /** The `hcloud` section of the configuration, defaults applied. */
  readonly config: HcloudConfig;
  /**
   * Bucket credentials; required when `config.k3s.etcdS3Snapshots` is set.
   * @default - none
   */
  readonly etcdS3Credentials?: EtcdS3Credentials;
  /**
   * An existing join token to adopt when the token is created (see
   * {@link ClusterTokenProps.adopt}): a Terraform reference to a sensitive string.
   * @default - generate a new token
   */
  readonly adoptToken?: string;
}

/**
 * A k3s cluster on Hetzner Cloud: private network, SSH keys, firewalls, the
 * control plane and the agent node pools, every node set up by cloud-init.
 */
export class K3sCluster extends Construct {
  /** The private network and its address plan. */
  public readonly network: PrivateNetwork;
  /** The Hetzner SSH keys, in config order. */
  public readonly sshKeys: readonly SshKey[];
  /** Firewall of the control plane (SSH, ICMP, Kubernetes API from allowed IPs). */
  public readonly controlPlaneFirewall: NodeFirewall;
  /** Firewall of the agents (SSH, ICMP from allowed IPs, configured ports). */
  public readonly agentFirewall: NodeFirewall;
  /** The join token (sensitive, generated once). */
  public readonly token: ClusterToken;
  /** The k3s servers. */
  public readonly controlPlane: ControlPlane;
  /** The agent pools, by pool name. */
  public readonly nodePools: Readonly<Record<string, NodePool>>;
  /** The cluster name. */
  public readonly clusterName: string;
  /** SSH user of the nodes. */
  public readonly sshUser: string;
  /** SSH port of the nodes. */
  public readonly sshPort: number;

  constructor(scope: Construct, id: string, props: K3sClusterProps) {
    super(scope, id);
    const where = `${this.node.path} props`;
    const issues = new PropIssues();
    if (!clusterName.safeParse(props.clusterName).success) {
      issues.bad("clusterName", props.clusterName, "must be a DNS-1123 label of at most 20 characters that starts with a letter");
    }
    const parsed = hcloudSchema.safeParse(props.config, { reportInput: true });
    if (!parsed.success) issues.add(...formatIssues(parsed.error.issues, ["config"]));
    if (props.config.k3s?.etcdS3Snapshots && !props.etcdS3Credentials) {
      issues.add("etcdS3Credentials: required while config.k3s.etcdS3Snapshots is set (got undefined)");
    }
    issues.throwIfAny(where);
    const config = parsed.data!;
    const cluster = props.clusterName;
    this.clusterName = cluster;
    const labels = { cluster };
    this.sshUser = config.ssh.user;
    this.sshPort = config.ssh.port;

    this.network = new PrivateNetwork(this, "Network", {
      name: cluster,
      ipRange: config.networkIpRange,
      networkZone: config.networkZone,
      labels,
    });
    this.sshKeys = config.sshKeys.map((k) => new SshKey(this, `SshKey-${k.name}`, { name: k.name, publicKey: k.publicKey, labels }));
    this.controlPlaneFirewall = new NodeFirewall(this, "ControlPlaneFirewall", {
      name: `${cluster}-controller`,
      allowedIps: config.allowedIps,
      allowAnySource: config.allowAnySource,
      sshPort: config.ssh.port,
      kubernetesApi: true,
      labels,
    });
    this.agentFirewall = new NodeFirewall(this, "AgentFirewall", {
      name: `${cluster}-agent`,
      allowedIps: config.allowedIps,
      allowAnySource: config.allowAnySource,
      sshPort: config.ssh.port,
      inbound: config.firewall.workerInbound,
      labels,
    });
    this.token = new ClusterToken(this, "Token", { logicalId: `${cluster.replace(/-/g, "_")}_k3s_token`, adopt: props.adoptToken });

    const settings = {
      clusterName: cluster,
      image: config.image,
      network: this.network,
      sshKeyIds: this.sshKeys.map((k) => k.id),
      sshUser: config.ssh.user,
      sshPort: config.ssh.port,
      sshAuthorizedKeys: config.sshKeys.map((k) => k.publicKey),
      packages: config.packages,
      k3sChannel: config.k3s.channel,
      k3sVersion: config.k3s.version,
      k3sToken: this.token.value,
      kubeletArgs: config.k3s.kubeletArgs,
    };

    const s3 = config.k3s.etcdS3Snapshots;
    this.controlPlane = new ControlPlane(this, "ControlPlane", {
      settings,
      serverType: config.controlPlane.serverType,
      location: config.controlPlane.location ?? config.location,
      count: config.controlPlane.count,
      firewallIds: [Token.asNumber(this.controlPlaneFirewall.firewall.id)],
      labels: config.controlPlane.labels,
      taints: config.controlPlane.taints,
      privateInterface: config.controlPlane.privateInterface,
      tlsSans: config.k3s.tlsSans,
      disable: config.k3s.disable,
      secretsEncryption: config.k3s.secretsEncryption,
      wireguard: config.k3s.wireguard,
      clusterCidr: config.k3s.clusterCidr,
      serviceCidr: config.k3s.serviceCidr,
      etcdS3Snapshots:
        s3 && props.etcdS3Credentials
          ? {
              ...s3,
              accessKeyJson: Fn.jsonencode(props.etcdS3Credentials.accessKey),
              secretKeyJson: Fn.jsonencode(props.etcdS3Credentials.secretKey),
            }
          : undefined,
    });

    const pools: Record<string, NodePool> = {};
    config.nodePools.forEach((pool, poolIndex) => {
      pools[pool.name] = new NodePool(this, `NodePool-${pool.name}`, {
        settings,
        poolIndex,
        name: pool.name,
        serverType: pool.serverType,
        location: pool.location ?? config.location,
        count: pool.count,
        labels: pool.labels,
        taints: pool.taints,
        privateInterface: pool.privateInterface,
        volume: pool.volume,
        loadBalancer: pool.loadBalancer,
        serverUrl: this.controlPlane.serverUrl,
        firewallIds: [Token.asNumber(this.agentFirewall.firewall.id)],
      });
    });
    this.nodePools = pools;
  }

  /**
   * An OpenSSH client config: the first control plane by its public IP (`Host <cluster>`),
   * every node by name through it (ProxyJump over the private network).
   */
  public sshConfig(): string {
    const cluster = this.clusterName;
    const first = this.controlPlane.servers[0];
    const lines = [`Host ${cluster}`, `    HostName ${first.ipv4Address}`, `    User ${this.sshUser}`, `    Port ${this.sshPort}`, ""];
    const nodes: [string, string][] = [
      ...this.controlPlane.nodeNames.map((n, i): [string, string] => [n, this.controlPlane.privateIps[i]]),
      ...Object.values(this.nodePools).flatMap((p) => p.nodeNames.map((n, i): [string, string] => [n, p.privateIps[i]])),
    ];
    for (const [name, ip] of nodes) {
      lines.push(
        `Host ${name}`,
        `    HostName ${ip}`,
        `    HostKeyAlias ${name}`,
        `    User ${this.sshUser}`,
        `    Port ${this.sshPort}`,
        `    ProxyJump ${cluster}`,
        "",
      );
    }
    return lines.join("\n");
  }

  /**
   * A shell command that fetches the cluster's kubeconfig over SSH (see
   * {@link sshConfig}), points it at the first control plane's public IPv4 (in
   * the API certificate), names its cluster and user after the cluster and its
   * context `context`, and merges it into the kubeconfig at `configPath` (kept
   * otherwise). Users paste it into a shell: `configPath` and `context` are
   * single-quoted (a leading `~/` stays the home directory), so no value of
   * theirs runs as a command. Neither may contain a quote, a backslash or a
   * control character (`KUBECONFIG_TEXT`): single quotes cannot hold a
   * single quote, and the HCL output (`npm run synth:hcl`) cannot hold a double
   * quote in a string with a reference.
   */
  public kubeconfigCommand(configPath: string, context: string): string {
    const issues = new PropIssues();
    if (!KUBECONFIG_TEXT.test(configPath)) issues.bad("configPath", configPath, KUBECONFIG_TEXT_RULE);
    if (!KUBECONFIG_TEXT.test(context)) issues.bad("context", context, KUBECONFIG_TEXT_RULE);
    issues.throwIfAny(`${this.node.path} kubeconfigCommand`);
    const first = this.controlPlane.servers[0];
    // The cluster name is a DNS label: the same text in a shell word, a sed expression and YAML.
    const fetched = `~/.kube/${this.clusterName}.k3s.yaml`;
    const config = shellPath(configPath);
    const merged = shellPath(`${configPath}.merged`);
    return [
      `mkdir -p ~/.kube`,
      // k3s names its cluster, user and context "default": they become the cluster's name
      `ssh ${this.clusterName} sudo cat /etc/rancher/k3s/k3s.yaml | sed -e 's/127.0.0.1/${first.ipv4Address}/' -e 's/: default$/: ${this.clusterName}/' > ${fetched}`,
      // then the context its configured name, as an argument: never part of a YAML or sed text
      ...(context === this.clusterName
        ? []
        : [`kubectl --kubeconfig ${fetched} config rename-context ${this.clusterName} ${shellQuote(context)}`]),
      `KUBECONFIG=${fetched}:${config} kubectl config view --flatten > ${merged}`,
      `mv ${merged} ${config}`,
      `chmod 600 ${config} ${fetched}`,
      `kubectl --context ${shellQuote(context)} get nodes`,
    ].join(" && ");
  }
}

/** A path for a shell: quoted, except a leading `~/`, which stays the home directory. */
function shellPath(path: string): string {
  return path.startsWith("~/") ? `~/${shellQuote(path.slice(2))}` : shellQuote(path);
}
