import { Lazy, TerraformStack, TerraformVariable, Testing, Token } from "cdktf";
import { Construct } from "constructs";

/** Makes tokens (Terraform variables) of each type in a stack, and remembers which it made. */
export class TokenFactory {
  /** The variable names made so far. */
  public readonly names: string[] = [];

  constructor(private readonly scope: Construct) {}

  /** A string only Terraform knows (`var.<name>`). */
  public string(name: string): string {
    return this.variable(name, "string").stringValue;
  }

  /** A number only Terraform knows. */
  public number(name: string): number {
    return Token.asNumber(this.variable(name, "number").value);
  }

  /** A list of strings only Terraform knows. */
  public list(name: string): string[] {
    return this.variable(name, "list(string)").listValue;
  }

  private variable(name: string, type: string): TerraformVariable {
    this.names.push(name);
    return new TerraformVariable(this.scope, name, { type });
  }
}

/**
 * Builds constructs whose props are tokens from `t`, synthesizes the stack (which fails when a construct
 * refuses a token), and returns the names of the variables the output does not reference: a token
 * accepted and then dropped is as wrong as one refused. Each construct's test passes a token for every
 * string or number prop it validates.
 */
export function unusedTokens(build: (scope: Construct, t: TokenFactory) => void): string[] {
  const stack = new TerraformStack(Testing.app(), "tokens");
  const t = new TokenFactory(stack);
  build(stack, t);
  const json = Testing.synth(stack);
  // `var.name` as a whole word: `var.namespace` does not count as using `name`.
  return t.names.filter((name) => !new RegExp(`\\bvar\\.${name}\\b`).test(json));
}

/** A string token outside any stack: what a check sees of a value only Terraform knows. */
export const stringToken = (): string => Lazy.stringValue({ produce: () => "x" });
/** A number token outside any stack. */
export const numberToken = (): number => Lazy.numberValue({ produce: () => 1 });
/** A list token outside any stack. */
export const listToken = (): string[] => Lazy.listValue({ produce: () => ["x"] });
