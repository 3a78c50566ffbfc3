import { MapTerraformIterator, Token } from "cdktf";
import { Construct } from "constructs";
import { stringify } from "yaml";
import { NodeCloudInit, renderCloudInit } from "./cloud-init";
import { PrivateNetwork } from "./private-network";
import { fillTemplate } from "./terraform-template";
import {
  K3S_CHANNEL,
  K3S_CHANNEL_RULE,
  k3sVersionProblem,
  kubeletArgProblem,
  sshPortProblem,
  sshUserProblem,
} from "../config/hcloud-schema";
import { ValidationError, describeValue, sshPublicKeyProblem, sshPublicKeyShown } from "../validation";
import { Server } from "../providers/hcloud/server";

/** Placeholder of the k3s join token in rendered user data. */
export const K3S_TOKEN_PLACEHOLDER = "TFVALUE_K3S_TOKEN";

/** Hetzner's limit on a server's user data (`user_data`), in bytes. */
export const USER_DATA_LIMIT_BYTES = 32 * 1024;

/** The most bytes a value Terraform fills into user data may take, unless {@link K3sNodeSpec.templateValueBytes} says. */
const DEFAULT_TEMPLATE_VALUE_BYTES = 256;

/**
 * The problems of the settings every node shares, each as `settings.<field>: ... (got ...)`: the
 * same rules as the config's (`hcloud.ssh`, `hcloud.sshKeys`, `hcloud.k3s`). Values that are cdktf
 * tokens are known only at apply time and are not checked.
 */
export function k3sNodeSettingsIssues(settings: K3sNodeSettings): string[] {
  const issues: string[] = [];
  const known = (value: unknown) => !(typeof value === "string" && Token.isUnresolved(value));
  const bad = (field: string, message: string | undefined, shown: unknown) => {
    if (message) issues.push(`settings.${field}: ${message} (got ${describeValue(shown)})`);
  };
  if (known(settings.sshUser)) bad("sshUser", sshUserProblem(settings.sshUser), settings.sshUser);
  if (!Token.isUnresolved(settings.sshPort)) bad("sshPort", sshPortProblem(settings.sshPort), settings.sshPort);
  settings.sshAuthorizedKeys.forEach((key, i) => {
    if (known(key)) bad(`sshAuthorizedKeys[${i}]`, sshPublicKeyProblem(key), sshPublicKeyShown(key));
  });
  (settings.kubeletArgs ?? []).forEach((arg, i) => {
    if (known(arg)) bad(`kubeletArgs[${i}]`, kubeletArgProblem(arg), arg);
  });
  if (known(settings.k3sChannel) && !K3S_CHANNEL.test(settings.k3sChannel)) bad("k3sChannel", K3S_CHANNEL_RULE, settings.k3sChannel);
  if (settings.k3sVersion !== undefined && known(settings.k3sVersion)) {
    bad("k3sVersion", k3sVersionProblem(settings.k3sVersion), settings.k3sVersion);
  }
  return issues;
}

/**
 * The size of user data once Terraform has filled in its placeholders, each counted at the most
 * bytes its value may take (`maxBytes`, else {@link DEFAULT_TEMPLATE_VALUE_BYTES}).
 */
export function userDataBytes(template: string, placeholders: readonly string[], maxBytes: Readonly<Record<string, number>> = {}): number {
  let bytes = Buffer.byteLength(template, "utf8");
  for (const placeholder of placeholders) {
    const occurrences = template.split(placeholder).length - 1;
    bytes += occurrences * ((maxBytes[placeholder] ?? DEFAULT_TEMPLATE_VALUE_BYTES) - placeholder.length);
  }
  return bytes;
}

/** Settings every node of the cluster shares (control plane and agents). */
export interface K3sNodeSettings {
  /** Cluster name, prefix of node and resource names. */
  readonly clusterName: string;
  /** OS image, e.g. `ubuntu-24.04`. */
  readonly image: string;
  /** The private network the nodes attach to. */
  readonly network: PrivateNetwork;
  /** IDs (or names) of the Hetzner SSH keys given to every server at creation. */
  readonly sshKeyIds: readonly string[];
  /** Sudo user created on every node. */
  readonly sshUser: string;
  /** SSH port of every node. */
  readonly sshPort: number;
  /** Public keys of the sudo user. */
  readonly sshAuthorizedKeys: readonly string[];
  /** Debian packages installed on first boot. */
  readonly packages: readonly string[];
  /** k3s release channel (`stable`, `latest`). */
  readonly k3sChannel: string;
  /**
   * Exact k3s version, overriding the channel.
   * @default - the channel's current release
   */
  readonly k3sVersion?: string;
  /** The cluster join token (a Terraform reference to a sensitive value). */
  readonly k3sToken: string;
  /**
   * Extra kubelet arguments (`flag=value`) of every node.
   * @default []
   */
  readonly kubeletArgs?: readonly string[];
}

/** One node to create, or every node of a pool (one server resource with an instance per node). */
export interface K3sNodeSpec {
  /**
   * Terraform address name of the server resource: `hcloud_server.<address>`.
   * Also its construct id.
   */
  readonly address: string;
  /** Node name; `each.key` for a pool. */
  readonly name: string;
  /** Hetzner server type. */
  readonly serverType: string;
  /** Hetzner location. */
  readonly location: string;
  /** Static private IP; a reference to the instance's for a pool. */
  readonly privateIp: string;
  /**
   * The nodes of a pool, by name: one server resource with an instance per node.
   * @default - one node
   */
  readonly forEach?: MapTerraformIterator;
  /** The node's cloud-config, from {@link renderNodeCloudInit}; placeholders are filled in from `templateValues`. */
  readonly cloudInit: string;
  /** Values Terraform knows at apply time, by placeholder (besides the token). */
  readonly templateValues?: Readonly<Record<string, string>>;
  /**
   * The most bytes each of {@link templateValues} (and the token) takes once filled in, for the
   * check against Hetzner's 32 KiB of user data.
   * @default - 256 bytes each
   */
  readonly templateValueBytes?: Readonly<Record<string, number>>;
  /** Hetzner labels of the server. */
  readonly labels: Readonly<Record<string, string>>;
  /** Firewalls attached before first boot. */
  readonly firewallIds: readonly number[];
  /** Placement group id; a reference to the instance's for a pool. */
  readonly placementGroupId: number;
}

/** Renders a k3s config.yaml (`key: value` per flag, lists as YAML sequences). */
export function renderK3sConfig(flags: Readonly<Record<string, string | number | boolean | readonly string[] | undefined>>): string {
  const defined = Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0)));
  return stringify(defined, { lineWidth: 0 });
}

/** The cloud-init settings of one node, without those every node shares. */
export type OwnCloudInit = Omit<NodeCloudInit, "sshUser" | "sshPort" | "sshAuthorizedKeys" | "packages" | "k3sChannel" | "k3sVersion">;

/** Renders the cloud-config of one node: its own settings plus those every node shares. */
export function renderNodeCloudInit(settings: K3sNodeSettings, own: OwnCloudInit): string {
  return renderCloudInit({
    ...own,
    sshUser: settings.sshUser,
    sshPort: settings.sshPort,
    sshAuthorizedKeys: settings.sshAuthorizedKeys,
    packages: settings.packages,
    k3sChannel: settings.k3sChannel,
    k3sVersion: settings.k3sVersion,
  });
}

/**
 * Creates the server of a node: attached to the private network at its static
 * IP, firewalled before first boot, with k3s installed by cloud-init only.
 *
 * `user_data`, `ssh_keys` and `image` are ignored after creation: changing the
 * k3s configuration must not replace every node of the cluster at once. Roll a
 * change out node by node with `terraform apply -replace=hcloud_server.<node name>`
 * (`-replace='hcloud_server.<pool>["<node name>"]'` for a pool's node).
 */
export function createK3sServer(scope: Construct, settings: K3sNodeSettings, spec: K3sNodeSpec): { server: Server; userData: string } {
  const placeholders = [K3S_TOKEN_PLACEHOLDER, ...Object.keys(spec.templateValues ?? {})];
  const bytes = userDataBytes(spec.cloudInit, placeholders, spec.templateValueBytes);
  if (bytes > USER_DATA_LIMIT_BYTES) {
    throw new ValidationError(`${scope.node.path} props`, [
      `hcloud_server.${spec.address}.user_data: must be at most ${USER_DATA_LIMIT_BYTES} bytes, Hetzner's limit: every node's cloud-config carries hcloud.sshKeys, hcloud.packages, hcloud.k3s.kubeletArgs and its labels and taints (control plane nodes: hcloud.k3s.tlsSans too), so shorten those (got ${bytes} bytes, counting the longest values Terraform fills in)`,
    ]);
  }
  const userData = fillTemplate(spec.cloudInit, { [K3S_TOKEN_PLACEHOLDER]: settings.k3sToken, ...spec.templateValues });
  const server = new Server(scope, spec.address, {
    forEach: spec.forEach,
    name: spec.name,
    serverType: spec.serverType,
    image: settings.image,
    location: spec.location,
    userData,
    sshKeys: [...settings.sshKeyIds],
    labels: { ...spec.labels },
    firewallIds: [...spec.firewallIds],
    placementGroupId: spec.placementGroupId,
    publicNet: [{ ipv4Enabled: true, ipv6Enabled: true }],
    network: [{ subnetId: settings.network.subnet.id, ip: spec.privateIp, aliasIps: [] }],
    dependsOn: [settings.network.subnet],
    lifecycle: { ignoreChanges: ["user_data", "ssh_keys", "image"] },
  });
  // A readable address for `terraform apply -replace=...`.
  server.overrideLogicalId(spec.address);
  return { server, userData };
}
