import { MapTerraformIterator } from "cdktf";
import { Construct } from "constructs";
import { z } from "zod";
import { stringify } from "yaml";
import { NodeCloudInit, renderCloudInit } from "./cloud-init";
import { PrivateNetwork } from "./private-network";
import { fillTemplate } from "./terraform-template";
import { hetznerLocation, hetznerServerType } from "./catalog";
import {
  clusterName,
  debianPackage,
  interfaceName,
  kubeletArg,
  nodeLabels,
  nodeTaints,
  serverImage,
  sshPort,
  sshPublicKey,
  sshUser,
} from "../validation/hcloud";
import { k3sChannel, k3sVersion } from "../validation/k3s-version";
import { PropIssues, ValidationError } from "../validation";
import { Server } from "../providers/hcloud/server";

/** Placeholder of the k3s join token in rendered user data. */
export const K3S_TOKEN_PLACEHOLDER = "TFVALUE_K3S_TOKEN";

/** Hetzner's limit on a server's user data (`user_data`), in bytes. */
export const USER_DATA_LIMIT_BYTES = 32 * 1024;

/** The most bytes a value Terraform fills into user data may take, unless {@link K3sNodeSpec.templateValueBytes} says. */
const DEFAULT_TEMPLATE_VALUE_BYTES = 256;

/** Why a value written into every node's cloud-config must be known at synth time. */
export const IN_CLOUD_CONFIG = "it is written into the nodes' cloud-config, whose size (Hetzner's 32 KiB) and content are checked at synth";

/** The keys and values of node labels, as a list a token check reads (a token inside a plain object is not seen). */
export function labelTexts(labels: Readonly<Record<string, string>> | undefined): string[] | undefined {
  return labels && Object.entries(labels).flat();
}

/**
 * Checks the settings every node shares, each as `<prefix><field>: ... (got ...)`: the same rules as
 * the config's (`hcloud.ssh`, `hcloud.sshKeys`, `hcloud.packages`, `hcloud.k3s`). What goes into the
 * nodes' cloud-config must be known at synth time; the image may be a token.
 */
export function checkK3sNodeSettings(issues: PropIssues, settings: K3sNodeSettings, prefix = "settings."): void {
  issues.known(`${prefix}clusterName`, settings.clusterName, "it begins every node name, so the servers' Terraform addresses");
  issues.check(`${prefix}clusterName`, settings.clusterName, clusterName);
  issues.check(`${prefix}image`, settings.image, serverImage);
  issues.known(`${prefix}sshUser`, settings.sshUser, IN_CLOUD_CONFIG);
  issues.check(`${prefix}sshUser`, settings.sshUser, sshUser);
  issues.known(`${prefix}sshPort`, settings.sshPort, IN_CLOUD_CONFIG);
  issues.check(`${prefix}sshPort`, settings.sshPort, sshPort);
  issues.known(`${prefix}sshAuthorizedKeys`, settings.sshAuthorizedKeys, IN_CLOUD_CONFIG);
  issues.check(`${prefix}sshAuthorizedKeys`, settings.sshAuthorizedKeys, z.array(sshPublicKey));
  issues.known(`${prefix}packages`, settings.packages, IN_CLOUD_CONFIG);
  issues.check(`${prefix}packages`, settings.packages, z.array(debianPackage));
  issues.known(`${prefix}k3sChannel`, settings.k3sChannel, IN_CLOUD_CONFIG);
  issues.check(`${prefix}k3sChannel`, settings.k3sChannel, k3sChannel);
  issues.known(`${prefix}k3sVersion`, settings.k3sVersion, IN_CLOUD_CONFIG);
  issues.check(`${prefix}k3sVersion`, settings.k3sVersion, k3sVersion);
  issues.known(`${prefix}kubeletArgs`, settings.kubeletArgs, IN_CLOUD_CONFIG);
  issues.check(`${prefix}kubeletArgs`, settings.kubeletArgs, z.array(kubeletArg));
}

/** What a group of servers (the control plane, a node pool) says about its machines and their k3s node. */
export interface ServerGroupSettings {
  readonly serverType: string;
  readonly location?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly taints?: readonly string[];
  readonly privateInterface?: string;
}

/**
 * Checks a group of servers' type, location, labels, taints and private interface under `prefix`, by the
 * config's rules. The server type may be a token only when `privateInterface`, which derives from it, is
 * given; what goes into the cloud-config must be known at synth time.
 */
export function checkServerGroup(issues: PropIssues, prefix: string, group: ServerGroupSettings): void {
  if (group.privateInterface === undefined) {
    issues.known(
      `${prefix}serverType`,
      group.serverType,
      `the private interface derives from it and ${IN_CLOUD_CONFIG}; or set privateInterface`,
    );
  }
  issues.check(`${prefix}serverType`, group.serverType, hetznerServerType);
  issues.check(`${prefix}location`, group.location, hetznerLocation);
  issues.known(`${prefix}labels`, labelTexts(group.labels), IN_CLOUD_CONFIG);
  issues.check(`${prefix}labels`, group.labels, nodeLabels);
  issues.known(`${prefix}taints`, group.taints, IN_CLOUD_CONFIG);
  issues.check(`${prefix}taints`, group.taints, nodeTaints);
  issues.known(`${prefix}privateInterface`, group.privateInterface, IN_CLOUD_CONFIG);
  issues.check(`${prefix}privateInterface`, group.privateInterface, interfaceName);
}

/**
 * The problems of the settings every node shares, each as `settings.<field>: ... (got ...)`.
 * @deprecated since 0.6.0: use {@link checkK3sNodeSettings}, which records them in a construct's PropIssues
 */
export function k3sNodeSettingsIssues(settings: K3sNodeSettings): string[] {
  const issues = new PropIssues();
  checkK3sNodeSettings(issues, settings);
  try {
    issues.throwIfAny("settings");
    return [];
  } catch (e) {
    if (e instanceof ValidationError) return [...e.issues];
    throw e;
  }
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

/**
 * Settings every node of the cluster shares (control plane and agents). What is written into the nodes'
 * cloud-config must be known at synth time (its size and content are checked then): every field but
 * `image`, `network`, `sshKeyIds` and `k3sToken`.
 */
export interface K3sNodeSettings {
  /**
   * Cluster name (a DNS-1123 label of at most 20 characters that starts with a letter), prefix of node and
   * resource names. Must be known at synth time: it begins the servers' Terraform addresses.
   */
  readonly clusterName: string;
  /** OS image, e.g. `ubuntu-24.04`. */
  readonly image: string;
  /** The private network the nodes attach to. */
  readonly network: PrivateNetwork;
  /** IDs (or names) of the Hetzner SSH keys given to every server at creation. */
  readonly sshKeyIds: readonly string[];
  /** Sudo user created on every node: not root nor an account of the image. Must be known at synth time. */
  readonly sshUser: string;
  /** SSH port of every node: not a port k3s uses, nor a NodePort. Must be known at synth time. */
  readonly sshPort: number;
  /** Public keys of the sudo user (OpenSSH lines). Must be known at synth time. */
  readonly sshAuthorizedKeys: readonly string[];
  /** Debian packages installed on first boot. Must be known at synth time. */
  readonly packages: readonly string[];
  /** k3s release channel (`stable`, `latest`, `testing`, or a supported minor such as `v1.36`). Must be known at synth time. */
  readonly k3sChannel: string;
  /**
   * Exact k3s version of a supported minor, overriding the channel. Must be known at synth time.
   * @default - the channel's current release
   */
  readonly k3sVersion?: string;
  /** The cluster join token (a Terraform reference to a sensitive value). */
  readonly k3sToken: string;
  /**
   * Extra kubelet arguments (`flag=value`) of every node. Must be known at synth time.
   * @default []
   */
  readonly kubeletArgs?: readonly string[];
}

/** The defaults of {@link K3sNodeSettings}. */
export const K3S_NODE_SETTINGS_DEFAULTS = { kubeletArgs: [] } as const satisfies Partial<K3sNodeSettings>;

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
  const placeholders = [K3S_TOKEN_PLACEHOLDER, ...(spec.templateValues ? Object.keys(spec.templateValues) : [])];
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
