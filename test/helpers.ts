import { Testing, TerraformStack } from "cdktf";
import { Construct } from "constructs";

/** Synthesized Terraform JSON of a stack, as an object. */
export interface SynthesizedStack {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly variable?: Record<string, Record<string, unknown>>;
  readonly output?: Record<string, Record<string, unknown>>;
  readonly provider?: Record<string, unknown[]>;
  readonly terraform?: Record<string, unknown>;
}

/** Builds constructs in a fresh stack and returns the stack's synthesized JSON (string and object). */
export function synthScope(build: (scope: Construct) => void): { json: string; parsed: SynthesizedStack } {
  const app = Testing.app();
  const stack = new TerraformStack(app, "test");
  build(stack);
  const json = Testing.synth(stack);
  return { json, parsed: JSON.parse(json) as SynthesizedStack };
}

/** All resources of one Terraform type, by logical id. */
export function resourcesOf(stack: SynthesizedStack, type: string): Record<string, Record<string, unknown>> {
  return stack.resource?.[type] ?? {};
}

/** The only resource of a type; fails when there is not exactly one. */
export function onlyResource(stack: SynthesizedStack, type: string): Record<string, unknown> {
  const all = Object.values(resourcesOf(stack, type));
  if (all.length !== 1) throw new Error(`expected exactly one ${type}, found ${all.length}`);
  return all[0];
}

/** Runs `fn` and returns the message of the error it throws; fails when it does not throw. */
export function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("expected an error, none was thrown");
}

/**
 * The keys of a resource's `for_each` over a literal list, which cdktf writes as
 * `${toset([...])}`; fails for any other `for_each`.
 */
export function forEachKeys(resource: Record<string, unknown>): string[] {
  const match = /^\$\{toset\((\[.*\])\)\}$/s.exec(String(resource.for_each));
  if (!match) throw new Error(`for_each is not a literal toset([...]): ${JSON.stringify(resource.for_each)}`);
  return JSON.parse(match[1]) as string[];
}

/**
 * Asserts that every Terraform variable or output among `blocks` (name to block, as synthesized) has a
 * description a user can read in a plan or `cdktf output`.
 */
export function expectDescribed(blocks: Record<string, unknown>): void {
  for (const [name, block] of Object.entries(blocks)) {
    expect({ name, description: (block as { description?: string }).description ?? "" }).toEqual({
      name,
      description: expect.stringMatching(/^\S.{15,}/),
    });
  }
}

/**
 * `it` for a test that needs something of the machine (a tool, a system file): runs it when `available`;
 * otherwise the test fails in CI (CI is set) with `failure`, and is skipped locally with `skipped` in its name.
 */
export function itWhen(available: boolean, failure: string, skipped: string): jest.It {
  if (available) return it;
  if (process.env.CI) {
    return ((name: string) =>
      it(name, () => {
        throw new Error(failure);
      })) as unknown as jest.It;
  }
  return ((name: string, fn: jest.ProvidesCallback) => it.skip(`${name} [skipped: ${skipped}]`, fn)) as unknown as jest.It;
}
