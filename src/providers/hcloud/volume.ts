// https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/volume
// Written in the shape of `cdktf get` output from the provider documentation (there is no prebuilt
// @cdktf/provider-hcloud): replace this folder by a generated package without touching its users.

import { Construct } from "constructs";
import * as cdktf from "cdktf";
import { TerraformArguments, setArguments } from "./terraform-arguments";

// Configuration

/** Configuration of {@link Volume}. */
export interface VolumeConfig extends cdktf.TerraformMetaArguments {
  /**
   * Name of the volume to create (must be unique per project).
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/volume#name Volume#name}
   */
  readonly name: string;
  /**
   * Size of the volume (in GB).
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/volume#size Volume#size}
   */
  readonly size: number;
  /**
   * User-defined labels (key-value pairs).
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/volume#labels Volume#labels}
   *
   * @default - unset: the provider's default
   */
  readonly labels?: { [key: string]: string };
  /**
   * Server to attach the Volume to, not allowed if location argument is passed.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/volume#server_id Volume#server_id}
   *
   * @default - unset: the provider's default
   */
  readonly serverId?: number;
  /**
   * The location name of the volume to create, not allowed if server_id argument is passed.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/volume#location Volume#location}
   *
   * @default - unset: the provider's default
   */
  readonly location?: string;
  /**
   * Automount the volume upon attaching it (server_id must be provided).
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/volume#automount Volume#automount}
   *
   * @default - unset: the provider's default
   */
  readonly automount?: boolean | cdktf.IResolvable;
  /**
   * Format volume after creation. `xfs` or `ext4`
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/volume#format Volume#format}
   *
   * @default - unset: the provider's default
   */
  readonly format?: string;
  /**
   * Enable or disable delete protection.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/volume#delete_protection Volume#delete_protection}
   *
   * @default - unset: the provider's default
   */
  readonly deleteProtection?: boolean | cdktf.IResolvable;
}

/** Terraform arguments of `hcloud_volume`, as the provider documents them (checked against synthesized configurations in tests). */
export const VOLUME_ARGUMENTS: TerraformArguments = {
  name: { type: "string", required: true },
  size: { type: "number", required: true },
  labels: { type: "map(string)", required: false },
  server_id: { type: "number", required: false },
  location: { type: "string", required: false },
  automount: { type: "bool", required: false },
  format: { type: "string", required: false },
  delete_protection: { type: "bool", required: false },
};

/**
 * Represents a {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/volume hcloud_volume}
 *
 * Provides a Hetzner Cloud volume resource to manage volumes.
 */
export class Volume extends cdktf.TerraformResource {
  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "hcloud_volume";

  /** The Terraform arguments this binding can synthesize. */
  public static readonly tfArguments: TerraformArguments = VOLUME_ARGUMENTS;

  // ==============
  // STATIC Methods
  // ==============
  /**
   * Generates CDKTF code for importing a Volume resource upon running "cdktf plan <stack-name>"
   * @param scope The scope in which to define this construct
   * @param importToId The construct id used in the generated config for the Volume to import
   * @param importFromId The id of the existing Volume that should be imported
   * @param provider Optional instance of the provider where the Volume to import is found
   */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktf.TerraformProvider) {
    return new cdktf.ImportableResource(scope, importToId, { terraformResourceType: "hcloud_volume", importId: importFromId, provider });
  }

  // ===========
  // INITIALIZER
  // ===========

  /**
   * Create a new {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/volume hcloud_volume} Resource
   *
   * @param scope The scope in which to define this construct
   * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
   * @param config VolumeConfig
   */
  public constructor(scope: Construct, id: string, config: VolumeConfig) {
    super(scope, id, {
      terraformResourceType: "hcloud_volume",
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
    this._size = config.size;
    this._labels = config.labels;
    this._serverId = config.serverId;
    this._location = config.location;
    this._automount = config.automount;
    this._format = config.format;
    this._deleteProtection = config.deleteProtection;
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

  // size - computed: false, optional: false, required: true
  private _size?: number;
  public get size() {
    return this.getNumberAttribute("size");
  }
  public set size(value: number) {
    this._size = value;
  }
  // Temporarily expose input value. Use with caution.
  public get sizeInput() {
    return this._size;
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

  // automount - computed: false, optional: true, required: false
  private _automount?: boolean | cdktf.IResolvable;
  public get automount() {
    return this.getBooleanAttribute("automount");
  }
  public set automount(value: boolean | cdktf.IResolvable) {
    this._automount = value;
  }
  public resetAutomount() {
    this._automount = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get automountInput() {
    return this._automount;
  }

  // format - computed: false, optional: true, required: false
  private _format?: string;
  public get format() {
    return this.getStringAttribute("format");
  }
  public set format(value: string) {
    this._format = value;
  }
  public resetFormat() {
    this._format = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get formatInput() {
    return this._format;
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

  // id - computed: true, optional: false, required: false
  /** Unique ID of the volume. */
  public get id() {
    return this.getStringAttribute("id");
  }

  // linux_device - computed: true, optional: false, required: false
  /** Device path on the file system for the Volume. */
  public get linuxDevice() {
    return this.getStringAttribute("linux_device");
  }

  // =========
  // SYNTHESIS
  // =========

  protected synthesizeAttributes(): { [name: string]: any } {
    return setArguments({
      name: cdktf.stringToTerraform(this._name),
      size: cdktf.numberToTerraform(this._size),
      labels: cdktf.hashMapper(cdktf.stringToTerraform)(this._labels),
      server_id: cdktf.numberToTerraform(this._serverId),
      location: cdktf.stringToTerraform(this._location),
      automount: cdktf.booleanToTerraform(this._automount),
      format: cdktf.stringToTerraform(this._format),
      delete_protection: cdktf.booleanToTerraform(this._deleteProtection),
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
      size: {
        value: cdktf.numberToHclTerraform(this._size),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
      labels: {
        value: cdktf.hashMapperHcl(cdktf.stringToHclTerraform)(this._labels),
        isBlock: false,
        type: "map",
        storageClassType: "stringMap",
      },
      server_id: {
        value: cdktf.numberToHclTerraform(this._serverId),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
      location: {
        value: cdktf.stringToHclTerraform(this._location),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      automount: {
        value: cdktf.booleanToHclTerraform(this._automount),
        isBlock: false,
        type: "simple",
        storageClassType: "boolean",
      },
      format: {
        value: cdktf.stringToHclTerraform(this._format),
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
    };

    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
  }
}
