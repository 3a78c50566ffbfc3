// https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/volume_attachment
// Written in the shape of `cdktf get` output from the provider documentation (there is no prebuilt
// @cdktf/provider-hcloud): replace this folder by a generated package without touching its users.

import { Construct } from "constructs";
import * as cdktf from "cdktf";
import { TerraformArguments, setArguments } from "./terraform-arguments";

// Configuration

/** Configuration of {@link VolumeAttachment}. */
export interface VolumeAttachmentConfig extends cdktf.TerraformMetaArguments {
  /**
   * ID of the Volume.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/volume_attachment#volume_id VolumeAttachment#volume_id}
   */
  readonly volumeId: number;
  /**
   * Server to attach the Volume to.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/volume_attachment#server_id VolumeAttachment#server_id}
   */
  readonly serverId: number;
  /**
   * Automount the volume upon attaching it.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/volume_attachment#automount VolumeAttachment#automount}
   *
   * @default - unset: the provider's default
   */
  readonly automount?: boolean | cdktf.IResolvable;
}

/** Terraform arguments of `hcloud_volume_attachment`, as the provider documents them (checked against synthesized configurations in tests). */
export const VOLUME_ATTACHMENT_ARGUMENTS: TerraformArguments = {
  volume_id: { type: "number", required: true },
  server_id: { type: "number", required: true },
  automount: { type: "bool", required: false },
};

/**
 * Represents a {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/volume_attachment hcloud_volume_attachment}
 *
 * Provides a Hetzner Cloud Volume attachment to attach a Volume to a Hetzner Cloud Server. Deleting a Volume Attachment will detach the Volume from the Server.
 */
export class VolumeAttachment extends cdktf.TerraformResource {
  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "hcloud_volume_attachment";

  /** The Terraform arguments this binding can synthesize. */
  public static readonly tfArguments: TerraformArguments = VOLUME_ATTACHMENT_ARGUMENTS;

  // ==============
  // STATIC Methods
  // ==============
  /**
   * Generates CDKTF code for importing a VolumeAttachment resource upon running "cdktf plan <stack-name>"
   * @param scope The scope in which to define this construct
   * @param importToId The construct id used in the generated config for the VolumeAttachment to import
   * @param importFromId The id of the existing VolumeAttachment that should be imported
   * @param provider Optional instance of the provider where the VolumeAttachment to import is found
   */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktf.TerraformProvider) {
    return new cdktf.ImportableResource(scope, importToId, {
      terraformResourceType: "hcloud_volume_attachment",
      importId: importFromId,
      provider,
    });
  }

  // ===========
  // INITIALIZER
  // ===========

  /**
   * Create a new {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/volume_attachment hcloud_volume_attachment} Resource
   *
   * @param scope The scope in which to define this construct
   * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
   * @param config VolumeAttachmentConfig
   */
  public constructor(scope: Construct, id: string, config: VolumeAttachmentConfig) {
    super(scope, id, {
      terraformResourceType: "hcloud_volume_attachment",
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
    this._volumeId = config.volumeId;
    this._serverId = config.serverId;
    this._automount = config.automount;
  }

  // ==========
  // ATTRIBUTES
  // ==========

  // volume_id - computed: false, optional: false, required: true
  private _volumeId?: number;
  public get volumeId() {
    return this.getNumberAttribute("volume_id");
  }
  public set volumeId(value: number) {
    this._volumeId = value;
  }
  // Temporarily expose input value. Use with caution.
  public get volumeIdInput() {
    return this._volumeId;
  }

  // server_id - computed: false, optional: false, required: true
  private _serverId?: number;
  public get serverId() {
    return this.getNumberAttribute("server_id");
  }
  public set serverId(value: number) {
    this._serverId = value;
  }
  // Temporarily expose input value. Use with caution.
  public get serverIdInput() {
    return this._serverId;
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

  // id - computed: true, optional: false, required: false
  /** Unique ID of the Volume Attachment. */
  public get id() {
    return this.getStringAttribute("id");
  }

  // =========
  // SYNTHESIS
  // =========

  protected synthesizeAttributes(): { [name: string]: any } {
    return setArguments({
      volume_id: cdktf.numberToTerraform(this._volumeId),
      server_id: cdktf.numberToTerraform(this._serverId),
      automount: cdktf.booleanToTerraform(this._automount),
    });
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    const attrs = {
      volume_id: {
        value: cdktf.numberToHclTerraform(this._volumeId),
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
      automount: {
        value: cdktf.booleanToHclTerraform(this._automount),
        isBlock: false,
        type: "simple",
        storageClassType: "boolean",
      },
    };

    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
  }
}
