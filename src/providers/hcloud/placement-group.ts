// https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/placement_group
// Written in the shape of `cdktf get` output from the provider documentation (there is no prebuilt
// @cdktf/provider-hcloud): replace this folder by a generated package without touching its users.

import { Construct } from "constructs";
import * as cdktf from "cdktf";
import { TerraformArguments, setArguments } from "./terraform-arguments";

// Configuration

/** Configuration of {@link PlacementGroup}. */
export interface PlacementGroupConfig extends cdktf.TerraformMetaArguments {
  /**
   * Name of the Placement Group.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/placement_group#name PlacementGroup#name}
   *
   * @default - unset: the provider's default
   */
  readonly name?: string;
  /**
   * Type of the Placement Group.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/placement_group#type PlacementGroup#type}
   */
  readonly type: string;
  /**
   * User-defined labels (key-value pairs) should be created with.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/placement_group#labels PlacementGroup#labels}
   *
   * @default - unset: the provider's default
   */
  readonly labels?: { [key: string]: string };
}

/** Terraform arguments of `hcloud_placement_group`, as the provider documents them (checked against synthesized configurations in tests). */
export const PLACEMENT_GROUP_ARGUMENTS: TerraformArguments = {
  name: { type: "string", required: false },
  type: { type: "string", required: true },
  labels: { type: "map(string)", required: false },
};

/**
 * Represents a {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/placement_group hcloud_placement_group}
 *
 * Provides a Hetzner Cloud Placement Group to represent a Placement Group in the Hetzner Cloud.
 */
export class PlacementGroup extends cdktf.TerraformResource {
  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "hcloud_placement_group";

  /** The Terraform arguments this binding can synthesize. */
  public static readonly tfArguments: TerraformArguments = PLACEMENT_GROUP_ARGUMENTS;

  // ==============
  // STATIC Methods
  // ==============
  /**
   * Generates CDKTF code for importing a PlacementGroup resource upon running "cdktf plan <stack-name>"
   * @param scope The scope in which to define this construct
   * @param importToId The construct id used in the generated config for the PlacementGroup to import
   * @param importFromId The id of the existing PlacementGroup that should be imported
   * @param provider Optional instance of the provider where the PlacementGroup to import is found
   */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktf.TerraformProvider) {
    return new cdktf.ImportableResource(scope, importToId, {
      terraformResourceType: "hcloud_placement_group",
      importId: importFromId,
      provider,
    });
  }

  // ===========
  // INITIALIZER
  // ===========

  /**
   * Create a new {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/placement_group hcloud_placement_group} Resource
   *
   * @param scope The scope in which to define this construct
   * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
   * @param config PlacementGroupConfig
   */
  public constructor(scope: Construct, id: string, config: PlacementGroupConfig) {
    super(scope, id, {
      terraformResourceType: "hcloud_placement_group",
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
    this._type = config.type;
    this._labels = config.labels;
  }

  // ==========
  // ATTRIBUTES
  // ==========

  // name - computed: false, optional: true, required: false
  private _name?: string;
  public get name() {
    return this.getStringAttribute("name");
  }
  public set name(value: string) {
    this._name = value;
  }
  public resetName() {
    this._name = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get nameInput() {
    return this._name;
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

  // id - computed: true, optional: false, required: false
  /** Unique ID of the Placement Group. */
  public get id() {
    return this.getStringAttribute("id");
  }

  // =========
  // SYNTHESIS
  // =========

  protected synthesizeAttributes(): { [name: string]: any } {
    return setArguments({
      name: cdktf.stringToTerraform(this._name),
      type: cdktf.stringToTerraform(this._type),
      labels: cdktf.hashMapper(cdktf.stringToTerraform)(this._labels),
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
      type: {
        value: cdktf.stringToHclTerraform(this._type),
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
    };

    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
  }
}
