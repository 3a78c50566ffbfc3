// Typed bindings of the hetznercloud/hcloud Terraform provider (~> 1.68), one module per resource.
// Import the module you need (`src/providers/hcloud/server`), not this index, to keep synth fast.
export * from "./terraform-arguments";
export * from "./provider";
export * from "./network";
export * from "./network-subnet";
export * from "./ssh-key";
export * from "./placement-group";
export * from "./firewall";
export * from "./server";
export * from "./volume";
export * from "./volume-attachment";
export * from "./load-balancer";
export * from "./load-balancer-network";
export * from "./load-balancer-service";
export * from "./load-balancer-target";
