// https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs
// Written in the shape of `cdktf get` output from the provider documentation (there is no prebuilt
// @cdktf/provider-hcloud): replace this folder by a generated package without touching its users.

import { Construct } from "constructs";
import * as cdktf from "cdktf";
import { TerraformArguments, setArguments } from "./terraform-arguments";

// Configuration

/** Configuration of {@link HcloudProvider}. */
export interface HcloudProviderConfig {
  /**
   * This is the Hetzner Cloud API Token, can also be specified with the `HCLOUD_TOKEN` environment variable. Leave unset so that the token never reaches the synthesized files.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs#token HcloudProvider#token}
   *
   * @default - unset: read from the HCLOUD_TOKEN environment variable
   */
  readonly token?: string;
  /**
   * Hetzner Cloud API endpoint, can be used to override the default API Endpoint `https://api.hetzner.cloud/v1`.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs#endpoint HcloudProvider#endpoint}
   *
   * @default - unset: the provider's default
   */
  readonly endpoint?: string;
  /**
   * Hetzner API endpoint, can be used to override the default API Endpoint `https://api.hetzner.com/v1`.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs#endpoint_hetzner HcloudProvider#endpoint_hetzner}
   *
   * @default - unset: the provider's default
   */
  readonly endpointHetzner?: string;
  /**
   * Configures the interval in which actions are polled by the client. Default `500ms`.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs#poll_interval HcloudProvider#poll_interval}
   *
   * @default - unset: the provider's default
   */
  readonly pollInterval?: string;
  /**
   * Configures the type of function to be used during the polling. Valid values are `constant` and `exponential`. Default `exponential`.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs#poll_function HcloudProvider#poll_function}
   *
   * @default - unset: the provider's default
   */
  readonly pollFunction?: string;
  /**
   * Alias name
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs#alias HcloudProvider#alias}
   *
   * @default - unset: the provider's default
   */
  readonly alias?: string;
}

/** Terraform arguments of `hcloud`, as the provider documents them (checked against synthesized configurations in tests). */
export const HCLOUD_PROVIDER_ARGUMENTS: TerraformArguments = {
  token: { type: "string", required: false },
  endpoint: { type: "string", required: false },
  endpoint_hetzner: { type: "string", required: false },
  poll_interval: { type: "string", required: false },
  poll_function: { type: "string", required: false },
  alias: { type: "string", required: false },
};

/**
 * Represents a {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs hcloud}
 *
 * The Hetzner Cloud provider.
 */
export class HcloudProvider extends cdktf.TerraformProvider {
  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "hcloud";

  /** The Terraform arguments this binding can synthesize. */
  public static readonly tfArguments: TerraformArguments = HCLOUD_PROVIDER_ARGUMENTS;

  // ==============
  // STATIC Methods
  // ==============
  /**
   * Generates CDKTF code for importing a HcloudProvider resource upon running "cdktf plan <stack-name>"
   * @param scope The scope in which to define this construct
   * @param importToId The construct id used in the generated config for the HcloudProvider to import
   * @param importFromId The id of the existing HcloudProvider that should be imported
   * @param provider Optional instance of the provider where the HcloudProvider to import is found
   */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktf.TerraformProvider) {
    return new cdktf.ImportableResource(scope, importToId, { terraformResourceType: "hcloud", importId: importFromId, provider });
  }

  // ===========
  // INITIALIZER
  // ===========

  /**
   * Create a new {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs hcloud} provider
   *
   * @param scope The scope in which to define this construct
   * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
   * @param config HcloudProviderConfig = {}
   */
  public constructor(scope: Construct, id: string, config: HcloudProviderConfig = {}) {
    super(scope, id, {
      terraformResourceType: "hcloud",
      terraformGeneratorMetadata: {
        providerName: "hcloud",
        providerVersionConstraint: "~> 1.68",
      },
      terraformProviderSource: "hetznercloud/hcloud",
    });
    this._token = config.token;
    this._endpoint = config.endpoint;
    this._endpointHetzner = config.endpointHetzner;
    this._pollInterval = config.pollInterval;
    this._pollFunction = config.pollFunction;
    this._alias = config.alias;
  }

  // ==========
  // ATTRIBUTES
  // ==========

  // token - computed: false, optional: true, required: false
  private _token?: string;
  public get token() {
    return this._token;
  }
  public set token(value: string | undefined) {
    this._token = value;
  }
  public resetToken() {
    this._token = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get tokenInput() {
    return this._token;
  }

  // endpoint - computed: false, optional: true, required: false
  private _endpoint?: string;
  public get endpoint() {
    return this._endpoint;
  }
  public set endpoint(value: string | undefined) {
    this._endpoint = value;
  }
  public resetEndpoint() {
    this._endpoint = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get endpointInput() {
    return this._endpoint;
  }

  // endpoint_hetzner - computed: false, optional: true, required: false
  private _endpointHetzner?: string;
  public get endpointHetzner() {
    return this._endpointHetzner;
  }
  public set endpointHetzner(value: string | undefined) {
    this._endpointHetzner = value;
  }
  public resetEndpointHetzner() {
    this._endpointHetzner = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get endpointHetznerInput() {
    return this._endpointHetzner;
  }

  // poll_interval - computed: false, optional: true, required: false
  private _pollInterval?: string;
  public get pollInterval() {
    return this._pollInterval;
  }
  public set pollInterval(value: string | undefined) {
    this._pollInterval = value;
  }
  public resetPollInterval() {
    this._pollInterval = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get pollIntervalInput() {
    return this._pollInterval;
  }

  // poll_function - computed: false, optional: true, required: false
  private _pollFunction?: string;
  public get pollFunction() {
    return this._pollFunction;
  }
  public set pollFunction(value: string | undefined) {
    this._pollFunction = value;
  }
  public resetPollFunction() {
    this._pollFunction = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get pollFunctionInput() {
    return this._pollFunction;
  }

  // alias - computed: false, optional: true, required: false
  private _alias?: string;
  public get alias() {
    return this._alias;
  }
  public set alias(value: string | undefined) {
    this._alias = value;
  }
  public resetAlias() {
    this._alias = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get aliasInput() {
    return this._alias;
  }

  // =========
  // SYNTHESIS
  // =========

  protected synthesizeAttributes(): { [name: string]: any } {
    return setArguments({
      token: cdktf.stringToTerraform(this._token),
      endpoint: cdktf.stringToTerraform(this._endpoint),
      endpoint_hetzner: cdktf.stringToTerraform(this._endpointHetzner),
      poll_interval: cdktf.stringToTerraform(this._pollInterval),
      poll_function: cdktf.stringToTerraform(this._pollFunction),
      alias: cdktf.stringToTerraform(this._alias),
    });
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    const attrs = {
      token: {
        value: cdktf.stringToHclTerraform(this._token),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      endpoint: {
        value: cdktf.stringToHclTerraform(this._endpoint),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      endpoint_hetzner: {
        value: cdktf.stringToHclTerraform(this._endpointHetzner),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      poll_interval: {
        value: cdktf.stringToHclTerraform(this._pollInterval),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      poll_function: {
        value: cdktf.stringToHclTerraform(this._pollFunction),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      alias: {
        value: cdktf.stringToHclTerraform(this._alias),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
    };

    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
  }
}
