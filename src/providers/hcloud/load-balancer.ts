// https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/load_balancer
// Written in the shape of `cdktf get` output from the provider documentation (there is no prebuilt
// @cdktf/provider-hcloud): replace this folder by a generated package without touching its users.

import { Construct } from "constructs";
import * as cdktf from "cdktf";
import { TerraformArguments, setArguments } from "./terraform-arguments";

// Configuration

/** Configuration of {@link LoadBalancer}. */
export interface LoadBalancerConfig extends cdktf.TerraformMetaArguments {
  /**
   * Name of the Load Balancer.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/load_balancer#name LoadBalancer#name}
   */
  readonly name: string;
  /**
   * Type of the Load Balancer.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/load_balancer#load_balancer_type LoadBalancer#load_balancer_type}
   */
  readonly loadBalancerType: string;
  /**
   * The location name of the Load Balancer. Require when no network_zone is set.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/load_balancer#location LoadBalancer#location}
   *
   * @default - unset: the provider's default
   */
  readonly location?: string;
  /**
   * The Network Zone of the Load Balancer. Require when no location is set.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/load_balancer#network_zone LoadBalancer#network_zone}
   *
   * @default - unset: the provider's default
   */
  readonly networkZone?: string;
  /**
   * User-defined labels (key-value pairs) should be created with.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/load_balancer#labels LoadBalancer#labels}
   *
   * @default - unset: the provider's default
   */
  readonly labels?: { [key: string]: string };
  /**
   * Enable or disable delete protection.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/load_balancer#delete_protection LoadBalancer#delete_protection}
   *
   * @default - unset: the provider's default
   */
  readonly deleteProtection?: boolean | cdktf.IResolvable;
  /**
   * Configuration of the algorithm the Load Balancer use.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/load_balancer#algorithm LoadBalancer#algorithm}
   *
   * @default - no block
   */
  readonly algorithm?: LoadBalancerAlgorithm[] | cdktf.IResolvable;
}

/** Configuration of the algorithm the Load Balancer use. */
export interface LoadBalancerAlgorithm {
  /**
   * Type of the Load Balancer Algorithm. `round_robin` or `least_connections`
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/load_balancer#type LoadBalancer#type}
   */
  readonly type: string;
}

export function loadBalancerAlgorithmToTerraform(struct?: LoadBalancerAlgorithm | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) {
    return struct;
  }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    type: cdktf.stringToTerraform(struct!.type),
  };
}

export function loadBalancerAlgorithmToHclTerraform(struct?: LoadBalancerAlgorithm | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) {
    return struct;
  }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    type: {
      value: cdktf.stringToHclTerraform(struct!.type),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

/** Terraform arguments of `hcloud_load_balancer`, as the provider documents them (checked against synthesized configurations in tests). */
export const LOAD_BALANCER_ARGUMENTS: TerraformArguments = {
  name: { type: "string", required: true },
  load_balancer_type: { type: "string", required: true },
  location: { type: "string", required: false },
  network_zone: { type: "string", required: false },
  labels: { type: "map(string)", required: false },
  delete_protection: { type: "bool", required: false },
  algorithm: {
    nesting: "list",
    maxItems: 1,
    block: {
      type: { type: "string", required: true },
    },
  },
};

/**
 * Represents a {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/load_balancer hcloud_load_balancer}
 *
 * Provides a Hetzner Cloud Load Balancer to represent a Load Balancer in the Hetzner Cloud.
 */
export class LoadBalancer extends cdktf.TerraformResource {
  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "hcloud_load_balancer";

  /** The Terraform arguments this binding can synthesize. */
  public static readonly tfArguments: TerraformArguments = LOAD_BALANCER_ARGUMENTS;

  // ==============
  // STATIC Methods
  // ==============
  /**
   * Generates CDKTF code for importing a LoadBalancer resource upon running "cdktf plan <stack-name>"
   * @param scope The scope in which to define this construct
   * @param importToId The construct id used in the generated config for the LoadBalancer to import
   * @param importFromId The id of the existing LoadBalancer that should be imported
   * @param provider Optional instance of the provider where the LoadBalancer to import is found
   */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktf.TerraformProvider) {
    return new cdktf.ImportableResource(scope, importToId, {
      terraformResourceType: "hcloud_load_balancer",
      importId: importFromId,
      provider,
    });
  }

  // ===========
  // INITIALIZER
  // ===========

  /**
   * Create a new {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/load_balancer hcloud_load_balancer} Resource
   *
   * @param scope The scope in which to define this construct
   * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
   * @param config LoadBalancerConfig
   */
  public constructor(scope: Construct, id: string, config: LoadBalancerConfig) {
    super(scope, id, {
      terraformResourceType: "hcloud_load_balancer",
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
    this._loadBalancerType = config.loadBalancerType;
    this._location = config.location;
    this._networkZone = config.networkZone;
    this._labels = config.labels;
    this._deleteProtection = config.deleteProtection;
    this._algorithm = config.algorithm;
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

  // load_balancer_type - computed: false, optional: false, required: true
  private _loadBalancerType?: string;
  public get loadBalancerType() {
    return this.getStringAttribute("load_balancer_type");
  }
  public set loadBalancerType(value: string) {
    this._loadBalancerType = value;
  }
  // Temporarily expose input value. Use with caution.
  public get loadBalancerTypeInput() {
    return this._loadBalancerType;
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

  // network_zone - computed: false, optional: true, required: false
  private _networkZone?: string;
  public get networkZone() {
    return this.getStringAttribute("network_zone");
  }
  public set networkZone(value: string) {
    this._networkZone = value;
  }
  public resetNetworkZone() {
    this._networkZone = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get networkZoneInput() {
    return this._networkZone;
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

  // algorithm - computed: false, optional: true, required: false
  private _algorithm?: LoadBalancerAlgorithm[] | cdktf.IResolvable;
  public get algorithm(): cdktf.IResolvable {
    return this.interpolationForAttribute("algorithm");
  }
  public putAlgorithm(value: LoadBalancerAlgorithm[] | cdktf.IResolvable) {
    this._algorithm = value;
  }
  public resetAlgorithm() {
    this._algorithm = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get algorithmInput() {
    return this._algorithm;
  }

  // id - computed: true, optional: false, required: false
  /** Unique ID of the Load Balancer. */
  public get id() {
    return this.getStringAttribute("id");
  }

  // ipv4 - computed: true, optional: false, required: false
  /** IPv4 Address of the Load Balancer. */
  public get ipv4() {
    return this.getStringAttribute("ipv4");
  }

  // ipv6 - computed: true, optional: false, required: false
  /** IPv6 Address of the Load Balancer. */
  public get ipv6() {
    return this.getStringAttribute("ipv6");
  }

  // network_ip - computed: true, optional: false, required: false
  /** IP of the Load Balancer in the first private network that it is connected to. */
  public get networkIp() {
    return this.getStringAttribute("network_ip");
  }

  // =========
  // SYNTHESIS
  // =========

  protected synthesizeAttributes(): { [name: string]: any } {
    return setArguments({
      name: cdktf.stringToTerraform(this._name),
      load_balancer_type: cdktf.stringToTerraform(this._loadBalancerType),
      location: cdktf.stringToTerraform(this._location),
      network_zone: cdktf.stringToTerraform(this._networkZone),
      labels: cdktf.hashMapper(cdktf.stringToTerraform)(this._labels),
      delete_protection: cdktf.booleanToTerraform(this._deleteProtection),
      algorithm: cdktf.listMapper(loadBalancerAlgorithmToTerraform, true)(this._algorithm),
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
      load_balancer_type: {
        value: cdktf.stringToHclTerraform(this._loadBalancerType),
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
      network_zone: {
        value: cdktf.stringToHclTerraform(this._networkZone),
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
      delete_protection: {
        value: cdktf.booleanToHclTerraform(this._deleteProtection),
        isBlock: false,
        type: "simple",
        storageClassType: "boolean",
      },
      algorithm: {
        value: cdktf.listMapperHcl(loadBalancerAlgorithmToHclTerraform, true)(this._algorithm),
        isBlock: true,
        type: "list",
        storageClassType: "LoadBalancerAlgorithmList",
      },
    };

    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
  }
}
