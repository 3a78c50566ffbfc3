// https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/network_subnet
// Written in the shape of `cdktf get` output from the provider documentation (there is no prebuilt
// @cdktf/provider-hcloud): replace this folder by a generated package without touching its users.

import { Construct } from "constructs";
import * as cdktf from "cdktf";
import { TerraformArguments, setArguments } from "./terraform-arguments";

// Configuration

/** Configuration of {@link NetworkSubnet}. */
export interface NetworkSubnetConfig extends cdktf.TerraformMetaArguments {
  /**
   * ID of the Network the subnet should be added to.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/network_subnet#network_id NetworkSubnet#network_id}
   */
  readonly networkId: number;
  /**
   * Type of subnet. `server`, `cloud` or `vswitch`
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/network_subnet#type NetworkSubnet#type}
   */
  readonly type: string;
  /**
   * Range to allocate IPs from. Must be a subnet of the ip_range of the Network and must not overlap with any other subnets or with any destinations in routes.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/network_subnet#ip_range NetworkSubnet#ip_range}
   */
  readonly ipRange: string;
  /**
   * Name of network zone.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/network_subnet#network_zone NetworkSubnet#network_zone}
   */
  readonly networkZone: string;
  /**
   * ID of the vswitch, Required if type is `vswitch`
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/network_subnet#vswitch_id NetworkSubnet#vswitch_id}
   *
   * @default - unset: the provider's default
   */
  readonly vswitchId?: number;
}

/** Terraform arguments of `hcloud_network_subnet`, as the provider documents them (checked against synthesized configurations in tests). */
export const NETWORK_SUBNET_ARGUMENTS: TerraformArguments = {
  network_id: { type: "number", required: true },
  type: { type: "string", required: true },
  ip_range: { type: "string", required: true },
  network_zone: { type: "string", required: true },
  vswitch_id: { type: "number", required: false },
};

/**
 * Represents a {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/network_subnet hcloud_network_subnet}
 *
 * Provides a Hetzner Cloud Network Subnet to represent a Subnet in the Hetzner Cloud.
 */
export class NetworkSubnet extends cdktf.TerraformResource {
  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "hcloud_network_subnet";

  /** The Terraform arguments this binding can synthesize. */
  public static readonly tfArguments: TerraformArguments = NETWORK_SUBNET_ARGUMENTS;

  // ==============
  // STATIC Methods
  // ==============
  /**
   * Generates CDKTF code for importing a NetworkSubnet resource upon running "cdktf plan <stack-name>"
   * @param scope The scope in which to define this construct
   * @param importToId The construct id used in the generated config for the NetworkSubnet to import
   * @param importFromId The id of the existing NetworkSubnet that should be imported
   * @param provider Optional instance of the provider where the NetworkSubnet to import is found
   */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktf.TerraformProvider) {
    return new cdktf.ImportableResource(scope, importToId, {
      terraformResourceType: "hcloud_network_subnet",
      importId: importFromId,
      provider,
    });
  }

  // ===========
  // INITIALIZER
  // ===========

  /**
   * Create a new {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/network_subnet hcloud_network_subnet} Resource
   *
   * @param scope The scope in which to define this construct
   * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
   * @param config NetworkSubnetConfig
   */
  public constructor(scope: Construct, id: string, config: NetworkSubnetConfig) {
    super(scope, id, {
      terraformResourceType: "hcloud_network_subnet",
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
    this._networkId = config.networkId;
    this._type = config.type;
    this._ipRange = config.ipRange;
    this._networkZone = config.networkZone;
    this._vswitchId = config.vswitchId;
  }

  // ==========
  // ATTRIBUTES
  // ==========

  // network_id - computed: false, optional: false, required: true
  private _networkId?: number;
  public get networkId() {
    return this.getNumberAttribute("network_id");
  }
  public set networkId(value: number) {
    this._networkId = value;
  }
  // Temporarily expose input value. Use with caution.
  public get networkIdInput() {
    return this._networkId;
  }

  // type - computed: false, optional: false, required: true
  private _type?: string;
  public get type() {
    return this.getStringAttribute("type");
  }
  public set type(value: string) {
    this._type = value;
  }
  // Temporarily expose input value. Use with caution.
  public get typeInput() {
    return this._type;
  }

  // ip_range - computed: false, optional: false, required: true
  private _ipRange?: string;
  public get ipRange() {
    return this.getStringAttribute("ip_range");
  }
  public set ipRange(value: string) {
    this._ipRange = value;
  }
  // Temporarily expose input value. Use with caution.
  public get ipRangeInput() {
    return this._ipRange;
  }

  // network_zone - computed: false, optional: false, required: true
  private _networkZone?: string;
  public get networkZone() {
    return this.getStringAttribute("network_zone");
  }
  public set networkZone(value: string) {
    this._networkZone = value;
  }
  // Temporarily expose input value. Use with caution.
  public get networkZoneInput() {
    return this._networkZone;
  }

  // vswitch_id - computed: false, optional: true, required: false
  private _vswitchId?: number;
  public get vswitchId() {
    return this.getNumberAttribute("vswitch_id");
  }
  public set vswitchId(value: number) {
    this._vswitchId = value;
  }
  public resetVswitchId() {
    this._vswitchId = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get vswitchIdInput() {
    return this._vswitchId;
  }

  // id - computed: true, optional: false, required: false
  /** ID of the Network subnet. */
  public get id() {
    return this.getStringAttribute("id");
  }

  // =========
  // SYNTHESIS
  // =========

  protected synthesizeAttributes(): { [name: string]: any } {
    return setArguments({
      network_id: cdktf.numberToTerraform(this._networkId),
      type: cdktf.stringToTerraform(this._type),
      ip_range: cdktf.stringToTerraform(this._ipRange),
      network_zone: cdktf.stringToTerraform(this._networkZone),
      vswitch_id: cdktf.numberToTerraform(this._vswitchId),
    });
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    const attrs = {
      network_id: {
        value: cdktf.numberToHclTerraform(this._networkId),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
      type: {
        value: cdktf.stringToHclTerraform(this._type),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      ip_range: {
        value: cdktf.stringToHclTerraform(this._ipRange),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      network_zone: {
        value: cdktf.stringToHclTerraform(this._networkZone),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      vswitch_id: {
        value: cdktf.numberToHclTerraform(this._vswitchId),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
    };

    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
  }
}
