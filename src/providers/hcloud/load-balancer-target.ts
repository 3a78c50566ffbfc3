// https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/load_balancer_target
// Written in the shape of `cdktf get` output from the provider documentation (there is no prebuilt
// @cdktf/provider-hcloud): replace this folder by a generated package without touching its users.

import { Construct } from "constructs";
import * as cdktf from "cdktf";
import { TerraformArguments, setArguments } from "./terraform-arguments";

// Configuration

/** Configuration of {@link LoadBalancerTarget}. */
export interface LoadBalancerTargetConfig extends cdktf.TerraformMetaArguments {
  /**
   * Type of the target. Possible values `server`, `label_selector`, `ip`.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/load_balancer_target#type LoadBalancerTarget#type}
   */
  readonly type: string;
  /**
   * ID of the Load Balancer to which the target gets attached.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/load_balancer_target#load_balancer_id LoadBalancerTarget#load_balancer_id}
   */
  readonly loadBalancerId: number;
  /**
   * ID of the server which should be a target for this Load Balancer. Required if `type` is `server`
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/load_balancer_target#server_id LoadBalancerTarget#server_id}
   *
   * @default - unset: the provider's default
   */
  readonly serverId?: number;
  /**
   * Label Selector selecting targets for this Load Balancer. Required if `type` is `label_selector`.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/load_balancer_target#label_selector LoadBalancerTarget#label_selector}
   *
   * @default - unset: the provider's default
   */
  readonly labelSelector?: string;
  /**
   * IP address for an IP Target. Required if `type` is `ip`.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/load_balancer_target#ip LoadBalancerTarget#ip}
   *
   * @default - unset: the provider's default
   */
  readonly ip?: string;
  /**
   * use the private IP to connect to Load Balancer targets. Only allowed if type is `server` or `label_selector`.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/load_balancer_target#use_private_ip LoadBalancerTarget#use_private_ip}
   *
   * @default - unset: the provider's default
   */
  readonly usePrivateIp?: boolean | cdktf.IResolvable;
}

/** Terraform arguments of `hcloud_load_balancer_target`, as the provider documents them (checked against synthesized configurations in tests). */
export const LOAD_BALANCER_TARGET_ARGUMENTS: TerraformArguments = {
  type: { type: "string", required: true },
  load_balancer_id: { type: "number", required: true },
  server_id: { type: "number", required: false },
  label_selector: { type: "string", required: false },
  ip: { type: "string", required: false },
  use_private_ip: { type: "bool", required: false },
};

/**
 * Represents a {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/load_balancer_target hcloud_load_balancer_target}
 *
 * Adds a target to a Hetzner Cloud Load Balancer.
 */
export class LoadBalancerTarget extends cdktf.TerraformResource {
  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "hcloud_load_balancer_target";

  /** The Terraform arguments this binding can synthesize. */
  public static readonly tfArguments: TerraformArguments = LOAD_BALANCER_TARGET_ARGUMENTS;

  // ==============
  // STATIC Methods
  // ==============
  /**
   * Generates CDKTF code for importing a LoadBalancerTarget resource upon running "cdktf plan <stack-name>"
   * @param scope The scope in which to define this construct
   * @param importToId The construct id used in the generated config for the LoadBalancerTarget to import
   * @param importFromId The id of the existing LoadBalancerTarget that should be imported
   * @param provider Optional instance of the provider where the LoadBalancerTarget to import is found
   */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktf.TerraformProvider) {
    return new cdktf.ImportableResource(scope, importToId, {
      terraformResourceType: "hcloud_load_balancer_target",
      importId: importFromId,
      provider,
    });
  }

  // ===========
  // INITIALIZER
  // ===========

  /**
   * Create a new {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/load_balancer_target hcloud_load_balancer_target} Resource
   *
   * @param scope The scope in which to define this construct
   * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
   * @param config LoadBalancerTargetConfig
   */
  public constructor(scope: Construct, id: string, config: LoadBalancerTargetConfig) {
    super(scope, id, {
      terraformResourceType: "hcloud_load_balancer_target",
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
    this._type = config.type;
    this._loadBalancerId = config.loadBalancerId;
    this._serverId = config.serverId;
    this._labelSelector = config.labelSelector;
    this._ip = config.ip;
    this._usePrivateIp = config.usePrivateIp;
  }

  // ==========
  // ATTRIBUTES
  // ==========

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

  // server_id - computed: false, optional: true, required: false
  private _serverId?: number;
  public get serverId() {
    return this.getNumberAttribute("server_id");
  }
  public set serverId(value: number) {
    this._serverId = value;
  }
  public resetServerId() {
    this._serverId = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get serverIdInput() {
    return this._serverId;
  }

  // label_selector - computed: false, optional: true, required: false
  private _labelSelector?: string;
  public get labelSelector() {
    return this.getStringAttribute("label_selector");
  }
  public set labelSelector(value: string) {
    this._labelSelector = value;
  }
  public resetLabelSelector() {
    this._labelSelector = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get labelSelectorInput() {
    return this._labelSelector;
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

  // use_private_ip - computed: false, optional: true, required: false
  private _usePrivateIp?: boolean | cdktf.IResolvable;
  public get usePrivateIp() {
    return this.getBooleanAttribute("use_private_ip");
  }
  public set usePrivateIp(value: boolean | cdktf.IResolvable) {
    this._usePrivateIp = value;
  }
  public resetUsePrivateIp() {
    this._usePrivateIp = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get usePrivateIpInput() {
    return this._usePrivateIp;
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
      type: cdktf.stringToTerraform(this._type),
      load_balancer_id: cdktf.numberToTerraform(this._loadBalancerId),
      server_id: cdktf.numberToTerraform(this._serverId),
      label_selector: cdktf.stringToTerraform(this._labelSelector),
      ip: cdktf.stringToTerraform(this._ip),
      use_private_ip: cdktf.booleanToTerraform(this._usePrivateIp),
    });
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    const attrs = {
      type: {
        value: cdktf.stringToHclTerraform(this._type),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      load_balancer_id: {
        value: cdktf.numberToHclTerraform(this._loadBalancerId),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
      server_id: {
        value: cdktf.numberToHclTerraform(this._serverId),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
      label_selector: {
        value: cdktf.stringToHclTerraform(this._labelSelector),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      ip: {
        value: cdktf.stringToHclTerraform(this._ip),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      use_private_ip: {
        value: cdktf.booleanToHclTerraform(this._usePrivateIp),
        isBlock: false,
        type: "simple",
        storageClassType: "boolean",
      },
    };

    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
  }
}
