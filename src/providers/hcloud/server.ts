// https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/server
// Written in the shape of `cdktf get` output from the provider documentation (there is no prebuilt
// @cdktf/provider-hcloud): replace this folder by a generated package without touching its users.

import { Construct } from "constructs";
import * as cdktf from "cdktf";
import { TerraformArguments, setArguments } from "./terraform-arguments";

// Configuration

/** Configuration of {@link Server}. */
export interface ServerConfig extends cdktf.TerraformMetaArguments {
  /**
   * Name of the server to create (must be unique per project and a valid hostname as per RFC 1123).
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/server#name Server#name}
   */
  readonly name: string;
  /**
   * Name of the server type this server should be created with.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/server#server_type Server#server_type}
   */
  readonly serverType: string;
  /**
   * Name or ID of the image the server is created from.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/server#image Server#image}
   */
  readonly image: string;
  /**
   * The location name to create the server in.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/server#location Server#location}
   *
   * @default - unset: the provider's default
   */
  readonly location?: string;
  /**
   * Cloud-Init user data to use during server creation. This field is limited to 32KiB.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/server#user_data Server#user_data}
   *
   * @default - unset: the provider's default
   */
  readonly userData?: string;
  /**
   * SSH key IDs or names which should be injected into the server at creation time. Once the server is created, you can not update the list of SSH Keys.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/server#ssh_keys Server#ssh_keys}
   *
   * @default - unset: the provider's default
   */
  readonly sshKeys?: string[];
  /**
   * If true, do not upgrade the disk. This allows downgrading the server type later.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/server#keep_disk Server#keep_disk}
   *
   * @default - unset: the provider's default
   */
  readonly keepDisk?: boolean | cdktf.IResolvable;
  /**
   * ID or Name of an ISO image to mount.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/server#iso Server#iso}
   *
   * @default - unset: the provider's default
   */
  readonly iso?: string;
  /**
   * Enable and boot in to the specified rescue system. `linux64` or `linux32`
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/server#rescue Server#rescue}
   *
   * @default - unset: the provider's default
   */
  readonly rescue?: string;
  /**
   * User-defined labels (key-value pairs) should be created with.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/server#labels Server#labels}
   *
   * @default - unset: the provider's default
   */
  readonly labels?: { [key: string]: string };
  /**
   * Enable or disable backups.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/server#backups Server#backups}
   *
   * @default - unset: the provider's default
   */
  readonly backups?: boolean | cdktf.IResolvable;
  /**
   * Firewall IDs the server should be attached to on creation.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/server#firewall_ids Server#firewall_ids}
   *
   * @default - unset: the provider's default
   */
  readonly firewallIds?: number[];
  /**
   * Ignores any updates to the `firewall_ids` argument which were received from the server.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/server#ignore_remote_firewall_ids Server#ignore_remote_firewall_ids}
   *
   * @default - unset: the provider's default
   */
  readonly ignoreRemoteFirewallIds?: boolean | cdktf.IResolvable;
  /**
   * Placement Group ID the server added to on creation.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/server#placement_group_id Server#placement_group_id}
   *
   * @default - unset: the provider's default
   */
  readonly placementGroupId?: string;
  /**
   * Enable or disable delete protection (Needs to be the same as `rebuild_protection`).
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/server#delete_protection Server#delete_protection}
   *
   * @default - unset: the provider's default
   */
  readonly deleteProtection?: boolean | cdktf.IResolvable;
  /**
   * Enable or disable rebuild protection (Needs to be the same as `delete_protection`).
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/server#rebuild_protection Server#rebuild_protection}
   *
   * @default - unset: the provider's default
   */
  readonly rebuildProtection?: boolean | cdktf.IResolvable;
  /**
   * Whether to try shutting the server down gracefully before deleting it.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/server#shutdown_before_deletion Server#shutdown_before_deletion}
   *
   * @default - unset: the provider's default
   */
  readonly shutdownBeforeDeletion?: boolean | cdktf.IResolvable;
  /**
   * In this block you can either enable / disable ipv4 and ipv6 or link existing primary IPs. If this block is not defined, two primary (ipv4 & ipv6) ips getting auto generated.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/server#public_net Server#public_net}
   *
   * @default - no block
   */
  readonly publicNet?: ServerPublicNet[] | cdktf.IResolvable;
  /**
   * Network the server should be attached to on creation. (Can be specified multiple times)
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/server#network Server#network}
   *
   * @default - no block
   */
  readonly network?: ServerNetwork[] | cdktf.IResolvable;
}

/** In this block you can either enable / disable ipv4 and ipv6 or link existing primary IPs. If this block is not defined, two primary (ipv4 & ipv6) ips getting auto generated. */
export interface ServerPublicNet {
  /**
   * Whether an IPv4 primary IP is assigned.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/server#ipv4_enabled Server#ipv4_enabled}
   */
  readonly ipv4Enabled?: boolean | cdktf.IResolvable;
  /**
   * ID of an existing IPv4 primary IP to link.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/server#ipv4 Server#ipv4}
   */
  readonly ipv4?: number;
  /**
   * Whether an IPv6 primary IP is assigned.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/server#ipv6_enabled Server#ipv6_enabled}
   */
  readonly ipv6Enabled?: boolean | cdktf.IResolvable;
}

export function serverPublicNetToTerraform(struct?: ServerPublicNet | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) {
    return struct;
  }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    ipv4_enabled: cdktf.booleanToTerraform(struct!.ipv4Enabled),
    ipv4: cdktf.numberToTerraform(struct!.ipv4),
    ipv6_enabled: cdktf.booleanToTerraform(struct!.ipv6Enabled),
  };
}

export function serverPublicNetToHclTerraform(struct?: ServerPublicNet | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) {
    return struct;
  }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    ipv4_enabled: {
      value: cdktf.booleanToHclTerraform(struct!.ipv4Enabled),
      isBlock: false,
      type: "simple",
      storageClassType: "boolean",
    },
    ipv4: {
      value: cdktf.numberToHclTerraform(struct!.ipv4),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
    ipv6_enabled: {
      value: cdktf.booleanToHclTerraform(struct!.ipv6Enabled),
      isBlock: false,
      type: "simple",
      storageClassType: "boolean",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

/** Network the server should be attached to on creation. (Can be specified multiple times) */
export interface ServerNetwork {
  /**
   * ID of the network to attach the server to. Using `subnet_id` is preferred.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/server#network_id Server#network_id}
   */
  readonly networkId?: number;
  /**
   * ID of the network subnet to attach the server to.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/server#subnet_id Server#subnet_id}
   */
  readonly subnetId?: string;
  /**
   * Specify the IP the server should get in the network
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/server#ip Server#ip}
   */
  readonly ip?: string;
  /**
   * Alias IPs the server should have in the Network. Set `alias_ips = []` to avoid the detach/attach on every apply of Terraform 1.4+ (provider issue #650).
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/server#alias_ips Server#alias_ips}
   */
  readonly aliasIps?: string[];
}

export function serverNetworkToTerraform(struct?: ServerNetwork | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) {
    return struct;
  }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    network_id: cdktf.numberToTerraform(struct!.networkId),
    subnet_id: cdktf.stringToTerraform(struct!.subnetId),
    ip: cdktf.stringToTerraform(struct!.ip),
    alias_ips: cdktf.listMapper(cdktf.stringToTerraform, false)(struct!.aliasIps),
  };
}

export function serverNetworkToHclTerraform(struct?: ServerNetwork | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) {
    return struct;
  }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    network_id: {
      value: cdktf.numberToHclTerraform(struct!.networkId),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
    subnet_id: {
      value: cdktf.stringToHclTerraform(struct!.subnetId),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    ip: {
      value: cdktf.stringToHclTerraform(struct!.ip),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    alias_ips: {
      value: cdktf.listMapperHcl(cdktf.stringToHclTerraform, false)(struct!.aliasIps),
      isBlock: false,
      type: "list",
      storageClassType: "stringList",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

/** Terraform arguments of `hcloud_server`, as the provider documents them (checked against synthesized configurations in tests). */
export const SERVER_ARGUMENTS: TerraformArguments = {
  name: { type: "string", required: true },
  server_type: { type: "string", required: true },
  image: { type: "string", required: true },
  location: { type: "string", required: false },
  user_data: { type: "string", required: false },
  ssh_keys: { type: "list(string)", required: false },
  keep_disk: { type: "bool", required: false },
  iso: { type: "string", required: false },
  rescue: { type: "string", required: false },
  labels: { type: "map(string)", required: false },
  backups: { type: "bool", required: false },
  firewall_ids: { type: "list(number)", required: false },
  ignore_remote_firewall_ids: { type: "bool", required: false },
  placement_group_id: { type: "string", required: false },
  delete_protection: { type: "bool", required: false },
  rebuild_protection: { type: "bool", required: false },
  shutdown_before_deletion: { type: "bool", required: false },
  public_net: {
    nesting: "set",
    block: {
      ipv4_enabled: { type: "bool", required: false },
      ipv4: { type: "number", required: false },
      ipv6_enabled: { type: "bool", required: false },
    },
  },
  network: {
    nesting: "set",
    block: {
      network_id: { type: "number", required: false },
      subnet_id: { type: "string", required: false },
      ip: { type: "string", required: false },
      alias_ips: { type: "list(string)", required: false },
    },
  },
};

/**
 * Represents a {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/server hcloud_server}
 *
 * Provides an Hetzner Cloud server resource. This can be used to create, modify, and delete servers.
 */
export class Server extends cdktf.TerraformResource {
  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "hcloud_server";

  /** The Terraform arguments this binding can synthesize. */
  public static readonly tfArguments: TerraformArguments = SERVER_ARGUMENTS;

  // ==============
  // STATIC Methods
  // ==============
  /**
   * Generates CDKTF code for importing a Server resource upon running "cdktf plan <stack-name>"
   * @param scope The scope in which to define this construct
   * @param importToId The construct id used in the generated config for the Server to import
   * @param importFromId The id of the existing Server that should be imported
   * @param provider Optional instance of the provider where the Server to import is found
   */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktf.TerraformProvider) {
    return new cdktf.ImportableResource(scope, importToId, { terraformResourceType: "hcloud_server", importId: importFromId, provider });
  }

  // ===========
  // INITIALIZER
  // ===========

  /**
   * Create a new {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/server hcloud_server} Resource
   *
   * @param scope The scope in which to define this construct
   * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
   * @param config ServerConfig
   */
  public constructor(scope: Construct, id: string, config: ServerConfig) {
    super(scope, id, {
      terraformResourceType: "hcloud_server",
      terraformGeneratorMetadata: {
        providerName: "hcloud",
        providerVersion: "1.68.0",
        providerVersionConstraint: "~> 1.68",
      },
      provider: config.provider,
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      provisioners: config.provisioners,
      connection: config.connection,
      forEach: config.forEach,
    });
    this._name = config.name;
    this._serverType = config.serverType;
    this._image = config.image;
    this._location = config.location;
    this._userData = config.userData;
    this._sshKeys = config.sshKeys;
    this._keepDisk = config.keepDisk;
    this._iso = config.iso;
    this._rescue = config.rescue;
    this._labels = config.labels;
    this._backups = config.backups;
    this._firewallIds = config.firewallIds;
    this._ignoreRemoteFirewallIds = config.ignoreRemoteFirewallIds;
    this._placementGroupId = config.placementGroupId;
    this._deleteProtection = config.deleteProtection;
    this._rebuildProtection = config.rebuildProtection;
    this._shutdownBeforeDeletion = config.shutdownBeforeDeletion;
    this._publicNet = config.publicNet;
    this._network = config.network;
  }

  // ==========
  // ATTRIBUTES
  // ==========

  // name - computed: false, optional: false, required: true
  private _name?: string;
  public get name() {
    return this.getStringAttribute("name");
  }
  public set name(value: string) {
    this._name = value;
  }
  // Temporarily expose input value. Use with caution.
  public get nameInput() {
    return this._name;
  }

  // server_type - computed: false, optional: false, required: true
  private _serverType?: string;
  public get serverType() {
    return this.getStringAttribute("server_type");
  }
  public set serverType(value: string) {
    this._serverType = value;
  }
  // Temporarily expose input value. Use with caution.
  public get serverTypeInput() {
    return this._serverType;
  }

  // image - computed: false, optional: false, required: true
  private _image?: string;
  public get image() {
    return this.getStringAttribute("image");
  }
  public set image(value: string) {
    this._image = value;
  }
  // Temporarily expose input value. Use with caution.
  public get imageInput() {
    return this._image;
  }

  // location - computed: false, optional: true, required: false
  private _location?: string;
  public get location() {
    return this.getStringAttribute("location");
  }
  public set location(value: string) {
    this._location = value;
  }
  public resetLocation() {
    this._location = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get locationInput() {
    return this._location;
  }

  // user_data - computed: false, optional: true, required: false
  private _userData?: string;
  public get userData() {
    return this.getStringAttribute("user_data");
  }
  public set userData(value: string) {
    this._userData = value;
  }
  public resetUserData() {
    this._userData = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get userDataInput() {
    return this._userData;
  }

  // ssh_keys - computed: false, optional: true, required: false
  private _sshKeys?: string[];
  public get sshKeys() {
    return this.getListAttribute("ssh_keys");
  }
  public set sshKeys(value: string[]) {
    this._sshKeys = value;
  }
  public resetSshKeys() {
    this._sshKeys = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get sshKeysInput() {
    return this._sshKeys;
  }

  // keep_disk - computed: false, optional: true, required: false
  private _keepDisk?: boolean | cdktf.IResolvable;
  public get keepDisk() {
    return this.getBooleanAttribute("keep_disk");
  }
  public set keepDisk(value: boolean | cdktf.IResolvable) {
    this._keepDisk = value;
  }
  public resetKeepDisk() {
    this._keepDisk = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get keepDiskInput() {
    return this._keepDisk;
  }

  // iso - computed: false, optional: true, required: false
  private _iso?: string;
  public get iso() {
    return this.getStringAttribute("iso");
  }
  public set iso(value: string) {
    this._iso = value;
  }
  public resetIso() {
    this._iso = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get isoInput() {
    return this._iso;
  }

  // rescue - computed: false, optional: true, required: false
  private _rescue?: string;
  public get rescue() {
    return this.getStringAttribute("rescue");
  }
  public set rescue(value: string) {
    this._rescue = value;
  }
  public resetRescue() {
    this._rescue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get rescueInput() {
    return this._rescue;
  }

  // labels - computed: false, optional: true, required: false
  private _labels?: { [key: string]: string };
  public get labels() {
    return this.getStringMapAttribute("labels");
  }
  public set labels(value: { [key: string]: string }) {
    this._labels = value;
  }
  public resetLabels() {
    this._labels = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get labelsInput() {
    return this._labels;
  }

  // backups - computed: false, optional: true, required: false
  private _backups?: boolean | cdktf.IResolvable;
  public get backups() {
    return this.getBooleanAttribute("backups");
  }
  public set backups(value: boolean | cdktf.IResolvable) {
    this._backups = value;
  }
  public resetBackups() {
    this._backups = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get backupsInput() {
    return this._backups;
  }

  // firewall_ids - computed: false, optional: true, required: false
  private _firewallIds?: number[];
  public get firewallIds() {
    return this.getNumberListAttribute("firewall_ids");
  }
  public set firewallIds(value: number[]) {
    this._firewallIds = value;
  }
  public resetFirewallIds() {
    this._firewallIds = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get firewallIdsInput() {
    return this._firewallIds;
  }

  // ignore_remote_firewall_ids - computed: false, optional: true, required: false
  private _ignoreRemoteFirewallIds?: boolean | cdktf.IResolvable;
  public get ignoreRemoteFirewallIds() {
    return this.getBooleanAttribute("ignore_remote_firewall_ids");
  }
  public set ignoreRemoteFirewallIds(value: boolean | cdktf.IResolvable) {
    this._ignoreRemoteFirewallIds = value;
  }
  public resetIgnoreRemoteFirewallIds() {
    this._ignoreRemoteFirewallIds = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get ignoreRemoteFirewallIdsInput() {
    return this._ignoreRemoteFirewallIds;
  }

  // placement_group_id - computed: false, optional: true, required: false
  private _placementGroupId?: string;
  public get placementGroupId() {
    return this.getStringAttribute("placement_group_id");
  }
  public set placementGroupId(value: string) {
    this._placementGroupId = value;
  }
  public resetPlacementGroupId() {
    this._placementGroupId = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get placementGroupIdInput() {
    return this._placementGroupId;
  }

  // delete_protection - computed: false, optional: true, required: false
  private _deleteProtection?: boolean | cdktf.IResolvable;
  public get deleteProtection() {
    return this.getBooleanAttribute("delete_protection");
  }
  public set deleteProtection(value: boolean | cdktf.IResolvable) {
    this._deleteProtection = value;
  }
  public resetDeleteProtection() {
    this._deleteProtection = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get deleteProtectionInput() {
    return this._deleteProtection;
  }

  // rebuild_protection - computed: false, optional: true, required: false
  private _rebuildProtection?: boolean | cdktf.IResolvable;
  public get rebuildProtection() {
    return this.getBooleanAttribute("rebuild_protection");
  }
  public set rebuildProtection(value: boolean | cdktf.IResolvable) {
    this._rebuildProtection = value;
  }
  public resetRebuildProtection() {
    this._rebuildProtection = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get rebuildProtectionInput() {
    return this._rebuildProtection;
  }

  // shutdown_before_deletion - computed: false, optional: true, required: false
  private _shutdownBeforeDeletion?: boolean | cdktf.IResolvable;
  public get shutdownBeforeDeletion() {
    return this.getBooleanAttribute("shutdown_before_deletion");
  }
  public set shutdownBeforeDeletion(value: boolean | cdktf.IResolvable) {
    this._shutdownBeforeDeletion = value;
  }
  public resetShutdownBeforeDeletion() {
    this._shutdownBeforeDeletion = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get shutdownBeforeDeletionInput() {
    return this._shutdownBeforeDeletion;
  }

  // public_net - computed: false, optional: true, required: false
  private _publicNet?: ServerPublicNet[] | cdktf.IResolvable;
  public get publicNet(): cdktf.IResolvable {
    return this.interpolationForAttribute("public_net");
  }
  public putPublicNet(value: ServerPublicNet[] | cdktf.IResolvable) {
    this._publicNet = value;
  }
  public resetPublicNet() {
    this._publicNet = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get publicNetInput() {
    return this._publicNet;
  }

  // network - computed: false, optional: true, required: false
  private _network?: ServerNetwork[] | cdktf.IResolvable;
  public get network(): cdktf.IResolvable {
    return this.interpolationForAttribute("network");
  }
  public putNetwork(value: ServerNetwork[] | cdktf.IResolvable) {
    this._network = value;
  }
  public resetNetwork() {
    this._network = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get networkInput() {
    return this._network;
  }

  // id - computed: true, optional: false, required: false
  /** Unique ID of the server. */
  public get id() {
    return this.getStringAttribute("id");
  }

  // ipv4_address - computed: true, optional: false, required: false
  /** The IPv4 address. */
  public get ipv4Address() {
    return this.getStringAttribute("ipv4_address");
  }

  // ipv6_address - computed: true, optional: false, required: false
  /** The first IPv6 address of the assigned network. */
  public get ipv6Address() {
    return this.getStringAttribute("ipv6_address");
  }

  // ipv6_network - computed: true, optional: false, required: false
  /** The IPv6 network. */
  public get ipv6Network() {
    return this.getStringAttribute("ipv6_network");
  }

  // status - computed: true, optional: false, required: false
  /** The status of the server. */
  public get status() {
    return this.getStringAttribute("status");
  }

  // backup_window - computed: true, optional: false, required: false
  /** The backup window of the server, if enabled. */
  public get backupWindow() {
    return this.getStringAttribute("backup_window");
  }

  // primary_disk_size - computed: true, optional: false, required: false
  /** The size of the primary disk in GB. */
  public get primaryDiskSize() {
    return this.getNumberAttribute("primary_disk_size");
  }

  // =========
  // SYNTHESIS
  // =========

  protected synthesizeAttributes(): { [name: string]: any } {
    return setArguments({
      name: cdktf.stringToTerraform(this._name),
      server_type: cdktf.stringToTerraform(this._serverType),
      image: cdktf.stringToTerraform(this._image),
      location: cdktf.stringToTerraform(this._location),
      user_data: cdktf.stringToTerraform(this._userData),
      ssh_keys: cdktf.listMapper(cdktf.stringToTerraform, false)(this._sshKeys),
      keep_disk: cdktf.booleanToTerraform(this._keepDisk),
      iso: cdktf.stringToTerraform(this._iso),
      rescue: cdktf.stringToTerraform(this._rescue),
      labels: cdktf.hashMapper(cdktf.stringToTerraform)(this._labels),
      backups: cdktf.booleanToTerraform(this._backups),
      firewall_ids: cdktf.listMapper(cdktf.numberToTerraform, false)(this._firewallIds),
      ignore_remote_firewall_ids: cdktf.booleanToTerraform(this._ignoreRemoteFirewallIds),
      placement_group_id: cdktf.stringToTerraform(this._placementGroupId),
      delete_protection: cdktf.booleanToTerraform(this._deleteProtection),
      rebuild_protection: cdktf.booleanToTerraform(this._rebuildProtection),
      shutdown_before_deletion: cdktf.booleanToTerraform(this._shutdownBeforeDeletion),
      public_net: cdktf.listMapper(serverPublicNetToTerraform, true)(this._publicNet),
      network: cdktf.listMapper(serverNetworkToTerraform, true)(this._network),
    });
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    const attrs = {
      name: {
        value: cdktf.stringToHclTerraform(this._name),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      server_type: {
        value: cdktf.stringToHclTerraform(this._serverType),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      image: {
        value: cdktf.stringToHclTerraform(this._image),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      location: {
        value: cdktf.stringToHclTerraform(this._location),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      user_data: {
        value: cdktf.stringToHclTerraform(this._userData),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      ssh_keys: {
        value: cdktf.listMapperHcl(cdktf.stringToHclTerraform, false)(this._sshKeys),
        isBlock: false,
        type: "list",
        storageClassType: "stringList",
      },
      keep_disk: {
        value: cdktf.booleanToHclTerraform(this._keepDisk),
        isBlock: false,
        type: "simple",
        storageClassType: "boolean",
      },
      iso: {
        value: cdktf.stringToHclTerraform(this._iso),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      rescue: {
        value: cdktf.stringToHclTerraform(this._rescue),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      labels: {
        value: cdktf.hashMapperHcl(cdktf.stringToHclTerraform)(this._labels),
        isBlock: false,
        type: "map",
        storageClassType: "stringMap",
      },
      backups: {
        value: cdktf.booleanToHclTerraform(this._backups),
        isBlock: false,
        type: "simple",
        storageClassType: "boolean",
      },
      firewall_ids: {
        value: cdktf.listMapperHcl(cdktf.numberToHclTerraform, false)(this._firewallIds),
        isBlock: false,
        type: "list",
        storageClassType: "numberList",
      },
      ignore_remote_firewall_ids: {
        value: cdktf.booleanToHclTerraform(this._ignoreRemoteFirewallIds),
        isBlock: false,
        type: "simple",
        storageClassType: "boolean",
      },
      placement_group_id: {
        value: cdktf.stringToHclTerraform(this._placementGroupId),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      delete_protection: {
        value: cdktf.booleanToHclTerraform(this._deleteProtection),
        isBlock: false,
        type: "simple",
        storageClassType: "boolean",
      },
      rebuild_protection: {
        value: cdktf.booleanToHclTerraform(this._rebuildProtection),
        isBlock: false,
        type: "simple",
        storageClassType: "boolean",
      },
      shutdown_before_deletion: {
        value: cdktf.booleanToHclTerraform(this._shutdownBeforeDeletion),
        isBlock: false,
        type: "simple",
        storageClassType: "boolean",
      },
      public_net: {
        value: cdktf.listMapperHcl(serverPublicNetToHclTerraform, true)(this._publicNet),
        isBlock: true,
        type: "set",
        storageClassType: "ServerPublicNetList",
      },
      network: {
        value: cdktf.listMapperHcl(serverNetworkToHclTerraform, true)(this._network),
        isBlock: true,
        type: "set",
        storageClassType: "ServerNetworkList",
      },
    };

    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
  }
}
