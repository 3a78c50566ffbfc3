// https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/load_balancer_service
// Written in the shape of `cdktf get` output from the provider documentation (there is no prebuilt
// @cdktf/provider-hcloud): replace this folder by a generated package without touching its users.

import { Construct } from "constructs";
import * as cdktf from "cdktf";
import { TerraformArguments, setArguments } from "./terraform-arguments";

// Configuration

/** Configuration of {@link LoadBalancerService}. */
export interface LoadBalancerServiceConfig extends cdktf.TerraformMetaArguments {
  /**
   * Id of the load balancer this service belongs to.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/load_balancer_service#load_balancer_id LoadBalancerService#load_balancer_id}
   */
  readonly loadBalancerId: number;
  /**
   * Protocol of the service. `http`, `https` or `tcp`
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/load_balancer_service#protocol LoadBalancerService#protocol}
   */
  readonly protocol: string;
  /**
   * Port the service listen on, required if protocol is `tcp`. Can be everything between `1` and `65535`. Must be unique per Load Balancer.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/load_balancer_service#listen_port LoadBalancerService#listen_port}
   *
   * @default - unset: the provider's default
   */
  readonly listenPort?: number;
  /**
   * Port the service connects to the targets on, required if protocol is `tcp`. Can be everything between `1` and `65535`.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/load_balancer_service#destination_port LoadBalancerService#destination_port}
   *
   * @default - unset: the provider's default
   */
  readonly destinationPort?: number;
  /**
   * Enable proxyprotocol.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/load_balancer_service#proxyprotocol LoadBalancerService#proxyprotocol}
   *
   * @default - unset: the provider's default
   */
  readonly proxyprotocol?: boolean | cdktf.IResolvable;
  /**
   * HTTP configuration when `protocol` is `http` or `https`.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/load_balancer_service#http LoadBalancerService#http}
   *
   * @default - no block
   */
  readonly http?: LoadBalancerServiceHttp[] | cdktf.IResolvable;
  /**
   * Health Check configuration when `protocol` is `http` or `https`.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/load_balancer_service#health_check LoadBalancerService#health_check}
   *
   * @default - no block
   */
  readonly healthCheck?: LoadBalancerServiceHealthCheck[] | cdktf.IResolvable;
}

/** HTTP configuration when `protocol` is `http` or `https`. */
export interface LoadBalancerServiceHttp {
  /**
   * Enable sticky sessions
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/load_balancer_service#sticky_sessions LoadBalancerService#sticky_sessions}
   */
  readonly stickySessions?: boolean | cdktf.IResolvable;
  /**
   * Name of the cookie for sticky session. Default: `HCLBSTICKY`
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/load_balancer_service#cookie_name LoadBalancerService#cookie_name}
   */
  readonly cookieName?: string;
  /**
   * Lifetime of the cookie for sticky session (in seconds). Default: `300`
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/load_balancer_service#cookie_lifetime LoadBalancerService#cookie_lifetime}
   */
  readonly cookieLifetime?: number;
  /**
   * List of IDs from certificates which the Load Balancer has.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/load_balancer_service#certificates LoadBalancerService#certificates}
   */
  readonly certificates?: number[];
  /**
   * Redirect HTTP to HTTPS traffic. Only supported for services with `protocol` `https` using the default HTTP port `80`.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/load_balancer_service#redirect_http LoadBalancerService#redirect_http}
   */
  readonly redirectHttp?: boolean | cdktf.IResolvable;
  /**
   * Idle timeout for HTTP connections in seconds. Must be between `30` and `300`.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/load_balancer_service#timeout_idle LoadBalancerService#timeout_idle}
   */
  readonly timeoutIdle?: number;
}

export function loadBalancerServiceHttpToTerraform(struct?: LoadBalancerServiceHttp | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) {
    return struct;
  }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    sticky_sessions: cdktf.booleanToTerraform(struct!.stickySessions),
    cookie_name: cdktf.stringToTerraform(struct!.cookieName),
    cookie_lifetime: cdktf.numberToTerraform(struct!.cookieLifetime),
    certificates: cdktf.listMapper(cdktf.numberToTerraform, false)(struct!.certificates),
    redirect_http: cdktf.booleanToTerraform(struct!.redirectHttp),
    timeout_idle: cdktf.numberToTerraform(struct!.timeoutIdle),
  };
}

export function loadBalancerServiceHttpToHclTerraform(struct?: LoadBalancerServiceHttp | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) {
    return struct;
  }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    sticky_sessions: {
      value: cdktf.booleanToHclTerraform(struct!.stickySessions),
      isBlock: false,
      type: "simple",
      storageClassType: "boolean",
    },
    cookie_name: {
      value: cdktf.stringToHclTerraform(struct!.cookieName),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    cookie_lifetime: {
      value: cdktf.numberToHclTerraform(struct!.cookieLifetime),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
    certificates: {
      value: cdktf.listMapperHcl(cdktf.numberToHclTerraform, false)(struct!.certificates),
      isBlock: false,
      type: "list",
      storageClassType: "numberList",
    },
    redirect_http: {
      value: cdktf.booleanToHclTerraform(struct!.redirectHttp),
      isBlock: false,
      type: "simple",
      storageClassType: "boolean",
    },
    timeout_idle: {
      value: cdktf.numberToHclTerraform(struct!.timeoutIdle),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

/** HTTP configuration. Required if `protocol` is `http`. */
export interface LoadBalancerServiceHealthCheckHttp {
  /**
   * Domain we try to access when performing the Health Check.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/load_balancer_service#domain LoadBalancerService#domain}
   */
  readonly domain?: string;
  /**
   * Path we try to access when performing the Health Check.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/load_balancer_service#path LoadBalancerService#path}
   */
  readonly path?: string;
  /**
   * Response we expect to be included in the Target response when a Health Check was performed.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/load_balancer_service#response LoadBalancerService#response}
   */
  readonly response?: string;
  /**
   * Enable TLS certificate checking.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/load_balancer_service#tls LoadBalancerService#tls}
   */
  readonly tls?: boolean | cdktf.IResolvable;
  /**
   * We expect that the target answers with these status codes. If not the target is marked as `unhealthy`.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/load_balancer_service#status_codes LoadBalancerService#status_codes}
   */
  readonly statusCodes?: string[];
}

export function loadBalancerServiceHealthCheckHttpToTerraform(struct?: LoadBalancerServiceHealthCheckHttp | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) {
    return struct;
  }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    domain: cdktf.stringToTerraform(struct!.domain),
    path: cdktf.stringToTerraform(struct!.path),
    response: cdktf.stringToTerraform(struct!.response),
    tls: cdktf.booleanToTerraform(struct!.tls),
    status_codes: cdktf.listMapper(cdktf.stringToTerraform, false)(struct!.statusCodes),
  };
}

export function loadBalancerServiceHealthCheckHttpToHclTerraform(struct?: LoadBalancerServiceHealthCheckHttp | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) {
    return struct;
  }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    domain: {
      value: cdktf.stringToHclTerraform(struct!.domain),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    path: {
      value: cdktf.stringToHclTerraform(struct!.path),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    response: {
      value: cdktf.stringToHclTerraform(struct!.response),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    tls: {
      value: cdktf.booleanToHclTerraform(struct!.tls),
      isBlock: false,
      type: "simple",
      storageClassType: "boolean",
    },
    status_codes: {
      value: cdktf.listMapperHcl(cdktf.stringToHclTerraform, false)(struct!.statusCodes),
      isBlock: false,
      type: "list",
      storageClassType: "stringList",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

/** Health Check configuration when `protocol` is `http` or `https`. */
export interface LoadBalancerServiceHealthCheck {
  /**
   * Protocol the health check uses. `http` or `tcp`
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/load_balancer_service#protocol LoadBalancerService#protocol}
   */
  readonly protocol: string;
  /**
   * Port the health check tries to connect to, required if protocol is `tcp`. Can be everything between `1` and `65535`. Must be unique per Load Balancer.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/load_balancer_service#port LoadBalancerService#port}
   */
  readonly port: number;
  /**
   * Interval how often the health check will be performed, in seconds.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/load_balancer_service#interval LoadBalancerService#interval}
   */
  readonly interval: number;
  /**
   * Timeout when a health check try will be canceled if there is no response, in seconds.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/load_balancer_service#timeout LoadBalancerService#timeout}
   */
  readonly timeout: number;
  /**
   * Number of tries a health check will be performed until a target will be listed as `unhealthy`.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/load_balancer_service#retries LoadBalancerService#retries}
   */
  readonly retries: number;
  /**
   * HTTP configuration. Required if `protocol` is `http`.
   *
   * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/load_balancer_service#http LoadBalancerService#http}
   */
  readonly http?: LoadBalancerServiceHealthCheckHttp[] | cdktf.IResolvable;
}

export function loadBalancerServiceHealthCheckToTerraform(struct?: LoadBalancerServiceHealthCheck | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) {
    return struct;
  }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    protocol: cdktf.stringToTerraform(struct!.protocol),
    port: cdktf.numberToTerraform(struct!.port),
    interval: cdktf.numberToTerraform(struct!.interval),
    timeout: cdktf.numberToTerraform(struct!.timeout),
    retries: cdktf.numberToTerraform(struct!.retries),
    http: cdktf.listMapper(loadBalancerServiceHealthCheckHttpToTerraform, true)(struct!.http),
  };
}

export function loadBalancerServiceHealthCheckToHclTerraform(struct?: LoadBalancerServiceHealthCheck | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) {
    return struct;
  }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    protocol: {
      value: cdktf.stringToHclTerraform(struct!.protocol),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    port: {
      value: cdktf.numberToHclTerraform(struct!.port),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
    interval: {
      value: cdktf.numberToHclTerraform(struct!.interval),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
    timeout: {
      value: cdktf.numberToHclTerraform(struct!.timeout),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
    retries: {
      value: cdktf.numberToHclTerraform(struct!.retries),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
    http: {
      value: cdktf.listMapperHcl(loadBalancerServiceHealthCheckHttpToHclTerraform, true)(struct!.http),
      isBlock: true,
      type: "list",
      storageClassType: "LoadBalancerServiceHealthCheckHttpList",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

/** Terraform arguments of `hcloud_load_balancer_service`, as the provider documents them (checked against synthesized configurations in tests). */
export const LOAD_BALANCER_SERVICE_ARGUMENTS: TerraformArguments = {
  load_balancer_id: { type: "number", required: true },
  protocol: { type: "string", required: true },
  listen_port: { type: "number", required: false },
  destination_port: { type: "number", required: false },
  proxyprotocol: { type: "bool", required: false },
  http: {
    nesting: "list",
    maxItems: 1,
    block: {
      sticky_sessions: { type: "bool", required: false },
      cookie_name: { type: "string", required: false },
      cookie_lifetime: { type: "number", required: false },
      certificates: { type: "list(number)", required: false },
      redirect_http: { type: "bool", required: false },
      timeout_idle: { type: "number", required: false },
    },
  },
  health_check: {
    nesting: "list",
    maxItems: 1,
    block: {
      protocol: { type: "string", required: true },
      port: { type: "number", required: true },
      interval: { type: "number", required: true },
      timeout: { type: "number", required: true },
      retries: { type: "number", required: true },
      http: {
        nesting: "list",
        maxItems: 1,
        block: {
          domain: { type: "string", required: false },
          path: { type: "string", required: false },
          response: { type: "string", required: false },
          tls: { type: "bool", required: false },
          status_codes: { type: "list(string)", required: false },
        },
      },
    },
  },
};

/**
 * Represents a {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/load_balancer_service hcloud_load_balancer_service}
 *
 * Define services for Hetzner Cloud Load Balancers.
 */
export class LoadBalancerService extends cdktf.TerraformResource {
  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "hcloud_load_balancer_service";

  /** The Terraform arguments this binding can synthesize. */
  public static readonly tfArguments: TerraformArguments = LOAD_BALANCER_SERVICE_ARGUMENTS;

  // ==============
  // STATIC Methods
  // ==============
  /**
   * Generates CDKTF code for importing a LoadBalancerService resource upon running "cdktf plan <stack-name>"
   * @param scope The scope in which to define this construct
   * @param importToId The construct id used in the generated config for the LoadBalancerService to import
   * @param importFromId The id of the existing LoadBalancerService that should be imported
   * @param provider Optional instance of the provider where the LoadBalancerService to import is found
   */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktf.TerraformProvider) {
    return new cdktf.ImportableResource(scope, importToId, {
      terraformResourceType: "hcloud_load_balancer_service",
      importId: importFromId,
      provider,
    });
  }

  // ===========
  // INITIALIZER
  // ===========

  /**
   * Create a new {@link https://registry.terraform.io/providers/hetznercloud/hcloud/1.68.0/docs/resources/load_balancer_service hcloud_load_balancer_service} Resource
   *
   * @param scope The scope in which to define this construct
   * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
   * @param config LoadBalancerServiceConfig
   */
  public constructor(scope: Construct, id: string, config: LoadBalancerServiceConfig) {
    super(scope, id, {
      terraformResourceType: "hcloud_load_balancer_service",
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
    this._protocol = config.protocol;
    this._listenPort = config.listenPort;
    this._destinationPort = config.destinationPort;
    this._proxyprotocol = config.proxyprotocol;
    this._http = config.http;
    this._healthCheck = config.healthCheck;
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

  // protocol - computed: false, optional: false, required: true
  private _protocol?: string;
  public get protocol() {
    return this.getStringAttribute("protocol");
  }
  public set protocol(value: string) {
    this._protocol = value;
  }
  // Temporarily expose input value. Use with caution.
  public get protocolInput() {
    return this._protocol;
  }

  // listen_port - computed: false, optional: true, required: false
  private _listenPort?: number;
  public get listenPort() {
    return this.getNumberAttribute("listen_port");
  }
  public set listenPort(value: number) {
    this._listenPort = value;
  }
  public resetListenPort() {
    this._listenPort = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get listenPortInput() {
    return this._listenPort;
  }

  // destination_port - computed: false, optional: true, required: false
  private _destinationPort?: number;
  public get destinationPort() {
    return this.getNumberAttribute("destination_port");
  }
  public set destinationPort(value: number) {
    this._destinationPort = value;
  }
  public resetDestinationPort() {
    this._destinationPort = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get destinationPortInput() {
    return this._destinationPort;
  }

  // proxyprotocol - computed: false, optional: true, required: false
  private _proxyprotocol?: boolean | cdktf.IResolvable;
  public get proxyprotocol() {
    return this.getBooleanAttribute("proxyprotocol");
  }
  public set proxyprotocol(value: boolean | cdktf.IResolvable) {
    this._proxyprotocol = value;
  }
  public resetProxyprotocol() {
    this._proxyprotocol = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get proxyprotocolInput() {
    return this._proxyprotocol;
  }

  // http - computed: false, optional: true, required: false
  private _http?: LoadBalancerServiceHttp[] | cdktf.IResolvable;
  public get http(): cdktf.IResolvable {
    return this.interpolationForAttribute("http");
  }
  public putHttp(value: LoadBalancerServiceHttp[] | cdktf.IResolvable) {
    this._http = value;
  }
  public resetHttp() {
    this._http = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get httpInput() {
    return this._http;
  }

  // health_check - computed: false, optional: true, required: false
  private _healthCheck?: LoadBalancerServiceHealthCheck[] | cdktf.IResolvable;
  public get healthCheck(): cdktf.IResolvable {
    return this.interpolationForAttribute("health_check");
  }
  public putHealthCheck(value: LoadBalancerServiceHealthCheck[] | cdktf.IResolvable) {
    this._healthCheck = value;
  }
  public resetHealthCheck() {
    this._healthCheck = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get healthCheckInput() {
    return this._healthCheck;
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
      protocol: cdktf.stringToTerraform(this._protocol),
      listen_port: cdktf.numberToTerraform(this._listenPort),
      destination_port: cdktf.numberToTerraform(this._destinationPort),
      proxyprotocol: cdktf.booleanToTerraform(this._proxyprotocol),
      http: cdktf.listMapper(loadBalancerServiceHttpToTerraform, true)(this._http),
      health_check: cdktf.listMapper(loadBalancerServiceHealthCheckToTerraform, true)(this._healthCheck),
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
      protocol: {
        value: cdktf.stringToHclTerraform(this._protocol),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      listen_port: {
        value: cdktf.numberToHclTerraform(this._listenPort),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
      destination_port: {
        value: cdktf.numberToHclTerraform(this._destinationPort),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
      proxyprotocol: {
        value: cdktf.booleanToHclTerraform(this._proxyprotocol),
        isBlock: false,
        type: "simple",
        storageClassType: "boolean",
      },
      http: {
        value: cdktf.listMapperHcl(loadBalancerServiceHttpToHclTerraform, true)(this._http),
        isBlock: true,
        type: "list",
        storageClassType: "LoadBalancerServiceHttpList",
      },
      health_check: {
        value: cdktf.listMapperHcl(loadBalancerServiceHealthCheckToHclTerraform, true)(this._healthCheck),
        isBlock: true,
        type: "list",
        storageClassType: "LoadBalancerServiceHealthCheckList",
      },
    };

    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
  }
}
