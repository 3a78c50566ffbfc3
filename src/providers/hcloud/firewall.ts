// https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/firewall
// Written in the shape of `cdktf get` output from the provider documentation (there is no prebuilt
// @cdktf/provider-hcloud): replace this folder by a generated package without touching its users.

import { Construct } from "constructs";
import * as cdktf from "cdktf";
import { TerraformArguments, setArguments } from "./terraform-arguments";

// Configuration

/** Configuration of {@link Firewall}. */
export interface FirewallConfig extends cdktf.TerraformMetaArguments {
  /**
   * Name of the Firewall.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/firewall#name Firewall#name}
   *
   * @default - unset: the provider's default
   */
  readonly name?: string;
  /**
   * User-defined labels (key-value pairs) should be created with.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/firewall#labels Firewall#labels}
   *
   * @default - unset: the provider's default
   */
  readonly labels?: { [key: string]: string };
  /**
   * Configuration of a Rule from this Firewall.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/firewall#rule Firewall#rule}
   *
   * @default - no block
   */
  readonly rule?: FirewallRule[] | cdktf.IResolvable;
  /**
   * Resources the firewall should be assigned to
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/firewall#apply_to Firewall#apply_to}
   *
   * @default - no block
   */
  readonly applyTo?: FirewallApplyTo[] | cdktf.IResolvable;
}

/** Configuration of a Rule from this Firewall. */
export interface FirewallRule {
  /**
   * Direction of the Firewall Rule. `in`
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/firewall#direction Firewall#direction}
   */
  readonly direction: string;
  /**
   * Protocol of the Firewall Rule. `tcp`, `icmp`, `udp`, `gre`, `esp`
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/firewall#protocol Firewall#protocol}
   */
  readonly protocol: string;
  /**
   * Port of the Firewall Rule. Required when `protocol` is `tcp` or `udp`. You can use `any` to allow all ports for the specific protocol. Port ranges are also possible: `80-85` allows all ports between 80 and 85.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/firewall#port Firewall#port}
   */
  readonly port?: string;
  /**
   * List of IPs or CIDRs that are allowed within this Firewall Rule (when `direction` is `in`)
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/firewall#source_ips Firewall#source_ips}
   */
  readonly sourceIps?: string[];
  /**
   * List of IPs or CIDRs that are allowed within this Firewall Rule (when `direction` is `out`)
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/firewall#destination_ips Firewall#destination_ips}
   */
  readonly destinationIps?: string[];
  /**
   * Description of the firewall rule
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/firewall#description Firewall#description}
   */
  readonly description?: string;
}

export function firewallRuleToTerraform(struct?: FirewallRule | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) {
    return struct;
  }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    direction: cdktf.stringToTerraform(struct!.direction),
    protocol: cdktf.stringToTerraform(struct!.protocol),
    port: cdktf.stringToTerraform(struct!.port),
    source_ips: cdktf.listMapper(cdktf.stringToTerraform, false)(struct!.sourceIps),
    destination_ips: cdktf.listMapper(cdktf.stringToTerraform, false)(struct!.destinationIps),
    description: cdktf.stringToTerraform(struct!.description),
  };
}

export function firewallRuleToHclTerraform(struct?: FirewallRule | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) {
    return struct;
  }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    direction: {
      value: cdktf.stringToHclTerraform(struct!.direction),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    protocol: {
      value: cdktf.stringToHclTerraform(struct!.protocol),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    port: {
      value: cdktf.stringToHclTerraform(struct!.port),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    source_ips: {
      value: cdktf.listMapperHcl(cdktf.stringToHclTerraform, false)(struct!.sourceIps),
      isBlock: false,
      type: "list",
      storageClassType: "stringList",
    },
    destination_ips: {
      value: cdktf.listMapperHcl(cdktf.stringToHclTerraform, false)(struct!.destinationIps),
      isBlock: false,
      type: "list",
      storageClassType: "stringList",
    },
    description: {
      value: cdktf.stringToHclTerraform(struct!.description),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

/** Resources the firewall should be assigned to */
export interface FirewallApplyTo {
  /**
   * Label Selector to select servers the firewall should be applied to (only one of `server` and `label_selector` can be applied in one block)
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/firewall#label_selector Firewall#label_selector}
   */
  readonly labelSelector?: string;
  /**
   * ID of the server you want to apply the firewall to (only one of `server` and `label_selector` can be applied in one block)
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/firewall#server Firewall#server}
   */
  readonly server?: number;
}

export function firewallApplyToToTerraform(struct?: FirewallApplyTo | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) {
    return struct;
  }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    label_selector: cdktf.stringToTerraform(struct!.labelSelector),
    server: cdktf.numberToTerraform(struct!.server),
  };
}

export function firewallApplyToToHclTerraform(struct?: FirewallApplyTo | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) {
    return struct;
  }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    label_selector: {
      value: cdktf.stringToHclTerraform(struct!.labelSelector),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    server: {
      value: cdktf.numberToHclTerraform(struct!.server),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

/** Terraform arguments of `hcloud_firewall`, as the provider documents them (checked against synthesized configurations in tests). */
export const FIREWALL_ARGUMENTS: TerraformArguments = {
  name: { type: "string", required: false },
  labels: { type: "map(string)", required: false },
  rule: {
    nesting: "list",
    block: {
      direction: { type: "string", required: true },
      protocol: { type: "string", required: true },
      port: { type: "string", required: false },
      source_ips: { type: "list(string)", required: false },
      destination_ips: { type: "list(string)", required: false },
      description: { type: "string", required: false },
    },
  },
  apply_to: {
    nesting: "list",
    block: {
      label_selector: { type: "string", required: false },
      server: { type: "number", required: false },
    },
  },
};

/**
 * Represents a {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/firewall hcloud_firewall}
 *
 * Provides a Hetzner Cloud Firewall to represent a Firewall in the Hetzner Cloud.
 */
export class Firewall extends cdktf.TerraformResource {
  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "hcloud_firewall";

  /** The Terraform arguments this binding can synthesize. */
  public static readonly tfArguments: TerraformArguments = FIREWALL_ARGUMENTS;

  // ==============
  // STATIC Methods
  // ==============
  /**
   * Generates CDKTF code for importing a Firewall resource upon running "cdktf plan <stack-name>"
   * @param scope The scope in which to define this construct
   * @param importToId The construct id used in the generated config for the Firewall to import
   * @param importFromId The id of the existing Firewall that should be imported
   * @param provider Optional instance of the provider where the Firewall to import is found
   */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktf.TerraformProvider) {
    return new cdktf.ImportableResource(scope, importToId, { terraformResourceType: "hcloud_firewall", importId: importFromId, provider });
  }

  // ===========
  // INITIALIZER
  // ===========

  /**
   * Create a new {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/firewall hcloud_firewall} Resource
   *
   * @param scope The scope in which to define this construct
   * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
   * @param config FirewallConfig
   */
  public constructor(scope: Construct, id: string, config: FirewallConfig) {
    super(scope, id, {
      terraformResourceType: "hcloud_firewall",
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
    this._labels = config.labels;
    this._rule = config.rule;
    this._applyTo = config.applyTo;
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

  // rule - computed: false, optional: true, required: false
  private _rule?: FirewallRule[] | cdktf.IResolvable;
  public get rule(): cdktf.IResolvable {
    return this.interpolationForAttribute("rule");
  }
  public putRule(value: FirewallRule[] | cdktf.IResolvable) {
    this._rule = value;
  }
  public resetRule() {
    this._rule = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get ruleInput() {
    return this._rule;
  }

  // apply_to - computed: false, optional: true, required: false
  private _applyTo?: FirewallApplyTo[] | cdktf.IResolvable;
  public get applyTo(): cdktf.IResolvable {
    return this.interpolationForAttribute("apply_to");
  }
  public putApplyTo(value: FirewallApplyTo[] | cdktf.IResolvable) {
    this._applyTo = value;
  }
  public resetApplyTo() {
    this._applyTo = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get applyToInput() {
    return this._applyTo;
  }

  // id - computed: true, optional: false, required: false
  /** Unique ID of the Firewall. */
  public get id() {
    return this.getStringAttribute("id");
  }

  // =========
  // SYNTHESIS
  // =========

  protected synthesizeAttributes(): { [name: string]: any } {
    return setArguments({
      name: cdktf.stringToTerraform(this._name),
      labels: cdktf.hashMapper(cdktf.stringToTerraform)(this._labels),
      rule: cdktf.listMapper(firewallRuleToTerraform, true)(this._rule),
      apply_to: cdktf.listMapper(firewallApplyToToTerraform, true)(this._applyTo),
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
      labels: {
        value: cdktf.hashMapperHcl(cdktf.stringToHclTerraform)(this._labels),
        isBlock: false,
        type: "map",
        storageClassType: "stringMap",
      },
      rule: {
        value: cdktf.listMapperHcl(firewallRuleToHclTerraform, true)(this._rule),
        isBlock: true,
        type: "list",
        storageClassType: "FirewallRuleList",
      },
      apply_to: {
        value: cdktf.listMapperHcl(firewallApplyToToHclTerraform, true)(this._applyTo),
        isBlock: true,
        type: "list",
        storageClassType: "FirewallApplyToList",
      },
    };

    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
  }
}
