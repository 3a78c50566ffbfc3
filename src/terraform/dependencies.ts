import { ITerraformDependable } from "cdktf";

/**
 * One `dependsOn` list from resources, lists of resources and optional ones, in order, each once, or
 * undefined when there is none: `dependencies(props.traefik?.release, props.dependsOn, secret)`.
 */
export function dependencies(
  ...groups: readonly (ITerraformDependable | readonly ITerraformDependable[] | undefined)[]
): ITerraformDependable[] | undefined {
  const all: ITerraformDependable[] = [];
  for (const group of groups) {
    for (const item of Array.isArray(group) ? (group as readonly ITerraformDependable[]) : [group as ITerraformDependable | undefined]) {
      if (item !== undefined && !all.includes(item)) all.push(item);
    }
  }
  return all.length > 0 ? all : undefined;
}
