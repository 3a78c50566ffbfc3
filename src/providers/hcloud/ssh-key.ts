// https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/ssh_key
// Written in the shape of `cdktf get` output from the provider documentation (there is no prebuilt
// @cdktf/provider-hcloud): replace this folder by a generated package without touching its users.

import { Construct } from "constructs";
import * as cdktf from "cdktf";
import { TerraformArguments, setArguments } from "./terraform-arguments";

// Configuration

/** Configuration of {@link SshKey}. */
export interface SshKeyConfig extends cdktf.TerraformMetaArguments {
  /**
   * Name of the SSH Key.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/ssh_key#name SshKey#name}
   */
  readonly name: string;
  /**
   * Public key of the SSH Key pair.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/ssh_key#public_key SshKey#public_key}
   */
  readonly publicKey: string;
  /**
   * User-defined labels (key-value pairs) for the resource.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/ssh_key#labels SshKey#labels}
   *
   * @default - unset: the provider's default
   */
  readonly labels?: { [key: string]: string };
}

/** Terraform arguments of `hcloud_ssh_key`, as the provider documents them (checked against synthesized configurations in tests). */
export const SSH_KEY_ARGUMENTS: TerraformArguments = {
  name: { type: "string", required: true },
  public_key: { type: "string", required: true },
  labels: { type: "map(string)", required: false },
};

/**
 * Represents a {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/ssh_key hcloud_ssh_key}
 *
 * Provides a Hetzner Cloud SSH Key resource to manage SSH Keys for server access.
 */
export class SshKey extends cdktf.TerraformResource {
  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "hcloud_ssh_key";

  /** The Terraform arguments this binding can synthesize. */
  public static readonly tfArguments: TerraformArguments = SSH_KEY_ARGUMENTS;

  // ==============
  // STATIC Methods
  // ==============
  /**
   * Generates CDKTF code for importing a SshKey resource upon running "cdktf plan <stack-name>"
   * @param scope The scope in which to define this construct
   * @param importToId The construct id used in the generated config for the SshKey to import
   * @param importFromId The id of the existing SshKey that should be imported
   * @param provider Optional instance of the provider where the SshKey to import is found
   */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktf.TerraformProvider) {
    return new cdktf.ImportableResource(scope, importToId, { terraformResourceType: "hcloud_ssh_key", importId: importFromId, provider });
  }

  // ===========
  // INITIALIZER
  // ===========

  /**
   * Create a new {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/ssh_key hcloud_ssh_key} Resource
   *
   * @param scope The scope in which to define this construct
   * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
   * @param config SshKeyConfig
   */
  public constructor(scope: Construct, id: string, config: SshKeyConfig) {
    super(scope, id, {
      terraformResourceType: "hcloud_ssh_key",
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
    this._publicKey = config.publicKey;
    this._labels = config.labels;
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

  // public_key - computed: false, optional: false, required: true
  private _publicKey?: string;
  public get publicKey() {
    return this.getStringAttribute("public_key");
  }
  public set publicKey(value: string) {
    this._publicKey = value;
  }
  // Temporarily expose input value. Use with caution.
  public get publicKeyInput() {
    return this._publicKey;
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
  /** ID of the SSH Key. */
  public get id() {
    return this.getStringAttribute("id");
  }

  // fingerprint - computed: true, optional: false, required: false
  /** Fingerprint of the SSH public key. */
  public get fingerprint() {
    return this.getStringAttribute("fingerprint");
  }

  // =========
  // SYNTHESIS
  // =========

  protected synthesizeAttributes(): { [name: string]: any } {
    return setArguments({
      name: cdktf.stringToTerraform(this._name),
      public_key: cdktf.stringToTerraform(this._publicKey),
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
      public_key: {
        value: cdktf.stringToHclTerraform(this._publicKey),
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
