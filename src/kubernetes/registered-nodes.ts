import { DataResource, Fn, TerraformIterator, Token, Tokenization } from "cdktf";
import { Construct } from "constructs";
import { z } from "zod";
import { PropIssues, describeValue, dnsSubdomain, duplicates, isUnresolved } from "../validation";
import { TEMPLATE_SEQUENCE } from "../validation/template-text";

/** The longest wait per node `timeoutSeconds` allows: a day. */
export const MAX_NODE_WAIT_SECONDS = 86400;

/** A program name or path, as the provisioner starts it: no spaces or shell characters ("sudo kubectl" would not run). */
export const PROGRAM_NAME = /^[^\s"'$`;&|<>]+$/;
/** What {@link PROGRAM_NAME} allows, for messages. */
export const PROGRAM_NAME_RULE = "must be a program name or path, without spaces or shell characters";

/** The rule of `kubectl`: a program, never a command line ("sudo kubectl" would not run). */
export const programName = z.string().regex(PROGRAM_NAME, { message: PROGRAM_NAME_RULE });

const NODE_WAIT_RULE = `must be a whole number of seconds from 1 to ${MAX_NODE_WAIT_SECONDS}`;
/** The rule of `timeoutSeconds`: whole seconds, at most a day. */
export const nodeWaitSeconds = z
  .number()
  .int({ message: NODE_WAIT_RULE })
  .min(1, { message: NODE_WAIT_RULE })
  .max(MAX_NODE_WAIT_SECONDS, { message: NODE_WAIT_RULE });

/** Props of {@link RegisteredNodes}. */
export interface RegisteredNodesProps {
  /**
   * Names of the Kubernetes Nodes to wait for, the keys of the wait's `for_each`: each may be a token,
   * or the whole list (Terraform must know them at plan, as any `for_each` key).
   */
  readonly nodeNames: readonly string[];
  /**
   * Kubeconfig file kubectl reads; a leading `~` is expanded (Terraform's `pathexpand`, also for a
   * token), as the providers do.
   * @default "~/.kube/config"
   */
  readonly configPath?: string;
  /**
   * Kubeconfig context.
   * @default - the kubeconfig's current context
   */
  readonly context?: string;
  /**
   * How long to wait for each node, in whole seconds (at most a day). A node registers once its first
   * boot is done (private network, volume mounted, k3s installed): a few minutes after its server was
   * created.
   * @default 900
   */
  readonly timeoutSeconds?: number;
  /**
   * The kubectl command (>= 1.31, for `wait --for=create`), looked up on PATH unless a path is given.
   * @default "kubectl"
   */
  readonly kubectl?: string;
}

/** Defaults of {@link RegisteredNodesProps}, which the platform config (`kubernetes`) applies too. */
export const REGISTERED_NODES_DEFAULTS = {
  configPath: "~/.kube/config",
  timeoutSeconds: 900,
  kubectl: "kubectl",
} as const satisfies Partial<RegisteredNodesProps>;

/**
 * The named Nodes, once the Kubernetes API has them: resources that act on Nodes (labels, annotations)
 * depend on this construct, so that `cdktf deploy k3s` right after `cdktf deploy hcloud` waits for the
 * servers to register instead of failing on a Node that does not exist yet.
 *
 * One `terraform_data` instance per node (`for_each`), whose creation runs
 * `kubectl wait --for=create node/<name> --timeout=<n>s` on the deploying machine, bounded; a node still
 * missing fails the deploy with `Error running command 'node/<name>': ... timed out waiting for the
 * condition`, the instance's address naming the node too. It runs when an instance is created (the first
 * deploy, a node added to the pool, and again for an instance whose wait failed, which Terraform taints),
 * never again for a node already waited for. kubectl is started directly (the
 * provisioner's `interpreter`), never through a shell: node names, paths and contexts are arguments.
 */
export class RegisteredNodes extends Construct {
  /** The `terraform_data` resource: one instance per node, keyed by node name. Depend on it. */
  public readonly resource: DataResource;
  /** The node names waited for. */
  public readonly nodeNames: readonly string[];

  constructor(scope: Construct, id: string, props: RegisteredNodesProps) {
    super(scope, id);
    const configPath = props.configPath ?? REGISTERED_NODES_DEFAULTS.configPath;
    const timeout = props.timeoutSeconds ?? REGISTERED_NODES_DEFAULTS.timeoutSeconds;
    this.validate(props, configPath, timeout);
    this.nodeNames = props.nodeNames;

    const nodes = TerraformIterator.fromList(props.nodeNames as string[]);
    // Only a path that starts with ~ goes through pathexpand: inside its HCL string literal a Windows path's
    // backslashes would be escapes. Any other path is a plain JSON string, taken as it is.
    const kubeconfig = Token.isUnresolved(configPath) || configPath.startsWith("~") ? Fn.pathexpand(configPath) : configPath;
    this.resource = new DataResource(this, "Resource", {
      forEach: nodes,
      input: nodes.value,
      provisioners: [
        {
          type: "local-exec",
          interpreter: [
            props.kubectl ?? REGISTERED_NODES_DEFAULTS.kubectl,
            "--kubeconfig",
            kubeconfig,
            ...(props.context === undefined ? [] : ["--context", props.context]),
            "wait",
            "--for=create",
            `--timeout=${Token.asString(timeout)}s`,
          ],
          command: `node/${nodes.value}`,
        },
      ],
    });
  }

  private validate(props: RegisteredNodesProps, configPath: string, timeout: number): void {
    const issues = new PropIssues();
    // A whole list that only Terraform knows has nothing to check; a literal list may hold tokens.
    if (Tokenization.reverseList(props.nodeNames as string[]) === undefined) {
      if (props.nodeNames.length === 0) issues.add("nodeNames: must list at least one node (got [])");
      props.nodeNames.forEach((n, i) => issues.check(`nodeNames[${i}]`, n, dnsSubdomain));
      for (const n of duplicates(props.nodeNames.filter((n) => !isUnresolved(n))))
        issues.add(`nodeNames: ${describeValue(n)} is listed twice`);
    }
    // Terraform would read `${`, `%{` as a template and `"` ends pathexpand's string: a path never needs them.
    if (configPath === "" || TEMPLATE_SEQUENCE.test(configPath) || (/["\\]/.test(configPath) && configPath.startsWith("~")))
      issues.bad("configPath", configPath, "must be a file path without '${' or '%{' (and, starting with '~', without '\"' or '\\')");
    if (props.context === "") issues.bad("context", props.context, "must not be empty (leave it out for the current context)");
    issues.check("timeoutSeconds", timeout, nodeWaitSeconds);
    issues.check("kubectl", props.kubectl, programName);
    issues.throwIfAny(`${this.node.path} props`);
  }
}
