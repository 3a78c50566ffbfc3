// https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/load_balancer_network
// Written in the shape of `cdktf get` output from the provider documentation (there is no prebuilt
// @cdktf/provider-hcloud): replace this folder by a generated package without touching its users.

import { Construct } from "constructs";
import * as cdktf from "cdktf";
import { TerraformArguments, setArguments } from "./terraform-arguments";

// Configuration

/** Configuration of {@link LoadBalancerNetwork}. */
export interface LoadBalancerNetworkConfig extends cdktf.TerraformMetaArguments {
  /**
   * ID of the Load Balancer.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/load_balancer_network#load_balancer_id LoadBalancerNetwork#load_balancer_id}
   */
  readonly loadBalancerId: number;
  /**
   * Wether the Load Balancer public interface is enabled. Default is `true`.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/load_balancer_network#enable_public_interface LoadBalancerNetwork#enable_public_interface}
   *
   * @default - unset: the provider's default
   */
  readonly enablePublicInterface?: boolean | cdktf.IResolvable;
  /**
   * IP to assign to the Load Balancer.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/load_balancer_network#ip LoadBalancerNetwork#ip}
   *
   * @default - unset: the provider's default
   */
  readonly ip?: string;
  /**
   * ID of the Network to attach the Load Balancer to. Using `subnet_id` is preferred. Required if `subnet_id` is not set.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/load_balancer_network#network_id LoadBalancerNetwork#network_id}
   *
   * @default - unset: the provider's default
   */
  readonly networkId?: number;
  /**
   * ID of the Subnet to attach the Load Balancer to. Required if `network_id` is not set.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/load_balancer_network#subnet_id LoadBalancerNetwork#subnet_id}
   *
   * @default - unset: the provider's default
   */
  readonly subnetId?: string;
}

/** Terraform arguments of `hcloud_load_balancer_network`, as the provider documents them (checked against synthesized configurations in tests). */
export const LOAD_BALANCER_NETWORK_ARGUMENTS: TerraformArguments = {
  load_balancer_id: { type: "number", required: true },
  enable_public_interface: { type: "bool", required: false },
  ip: { type: "string", required: false },
  network_id: { type: "number", required: false },
  subnet_id: { type: "string", required: false },
};

/**
 * Represents a {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/load_balancer_network hcloud_load_balancer_network}
 *
 * Manage the attachment of a Load Balancer in a Network in the Hetzner Cloud.
 */
export class LoadBalancerNetwork extends cdktf.TerraformResource {
  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "hcloud_load_balancer_network";

  /** The Terraform arguments this binding can synthesize. */
  public static readonly tfArguments: TerraformArguments = LOAD_BALANCER_NETWORK_ARGUMENTS;

  // ==============
  // STATIC Methods
  // ==============
  /**
   * Generates CDKTF code for importing a LoadBalancerNetwork resource upon running "cdktf plan <stack-name>"
   * @param scope The scope in which to define this construct
   * @param importToId The construct id used in the generated config for the LoadBalancerNetwork to import
   * @param importFromId The id of the existing LoadBalancerNetwork that should be imported
   * @param provider Optional instance of the provider where the LoadBalancerNetwork to import is found
   */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktf.TerraformProvider) {
    return new cdktf.ImportableResource(scope, importToId, {
      terraformResourceType: "hcloud_load_balancer_network",
      importId: importFromId,
      provider,
    });
  }

  // ===========
  // INITIALIZER
  // ===========

  /**
   * Create a new {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/load_balancer_network hcloud_load_balancer_network} Resource
   *
   * @param scope The scope in which to define this construct
   * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
   * @param config LoadBalancerNetworkConfig
   */
  public constructor(scope: Construct, id: string, config: LoadBalancerNetworkConfig) {
    super(scope, id, {
      terraformResourceType: "hcloud_load_balancer_network",
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
    this._loadBalancerId = config.loadBalancerId;
    this._enablePublicInterface = config.enablePublicInterface;
    this._ip = config.ip;
    this._networkId = config.networkId;
    this._subnetId = config.subnetId;
  }

  // ==========
  // ATTRIBUTES
  // ==========

  // load_balancer_id - computed: false, optional: false, required: true
  private _loadBalancerId?: number;
  public get loadBalancerId() {
    return this.getNumberAttribute("load_balancer_id");
  }
  public set loadBalancerId(value: number) {
    this._loadBalancerId = value;
  }
  // Temporarily expose input value. Use with caution.
  public get loadBalancerIdInput() {
    return this._loadBalancerId;
  }

  // enable_public_interface - computed: false, optional: true, required: false
  private _enablePublicInterface?: boolean | cdktf.IResolvable;
  public get enablePublicInterface() {
    return this.getBooleanAttribute("enable_public_interface");
  }
  public set enablePublicInterface(value: boolean | cdktf.IResolvable) {
    this._enablePublicInterface = value;
  }
  public resetEnablePublicInterface() {
    this._enablePublicInterface = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get enablePublicInterfaceInput() {
    return this._enablePublicInterface;
  }

  // ip - computed: false, optional: true, required: false
  private _ip?: string;
  public get ip() {
    return this.getStringAttribute("ip");
  }
  public set ip(value: string) {
    this._ip = value;
  }
  public resetIp() {
    this._ip = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get ipInput() {
    return this._ip;
  }

  // network_id - computed: false, optional: true, required: false
  private _networkId?: number;
  public get networkId() {
    return this.getNumberAttribute("network_id");
  }
  public set networkId(value: number) {
    this._networkId = value;
  }
  public resetNetworkId() {
    this._networkId = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get networkIdInput() {
    return this._networkId;
  }

  // subnet_id - computed: false, optional: true, required: false
  private _subnetId?: string;
  public get subnetId() {
    return this.getStringAttribute("subnet_id");
  }
  public set subnetId(value: string) {
    this._subnetId = value;
  }
  public resetSubnetId() {
    this._subnetId = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get subnetIdInput() {
    return this._subnetId;
  }

  // id - computed: true, optional: false, required: false
  /** The ID of this resource. */
  public get id() {
    return this.getStringAttribute("id");
  }

  // =========
  // SYNTHESIS
  // =========

  protected synthesizeAttributes(): { [name: string]: any } {
    return setArguments({
      load_balancer_id: cdktf.numberToTerraform(this._loadBalancerId),
      enable_public_interface: cdktf.booleanToTerraform(this._enablePublicInterface),
      ip: cdktf.stringToTerraform(this._ip),
      network_id: cdktf.numberToTerraform(this._networkId),
      subnet_id: cdktf.stringToTerraform(this._subnetId),
    });
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    const attrs = {
      load_balancer_id: {
        value: cdktf.numberToHclTerraform(this._loadBalancerId),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
      enable_public_interface: {
        value: cdktf.booleanToHclTerraform(this._enablePublicInterface),
        isBlock: false,
        type: "simple",
        storageClassType: "boolean",
      },
      ip: {
        value: cdktf.stringToHclTerraform(this._ip),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      network_id: {
        value: cdktf.numberToHclTerraform(this._networkId),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
      subnet_id: {
        value: cdktf.stringToHclTerraform(this._subnetId),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
    };

    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
  }
}
