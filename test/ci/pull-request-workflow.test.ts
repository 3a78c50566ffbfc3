import { validateWorkflow } from "@action-validator/core";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

const WORKFLOWS = path.join(__dirname, "..", "..", ".github", "workflows");
const files = fs.readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f));
const workflow = parse(fs.readFileSync(path.join(WORKFLOWS, "pull-request.yml"), "utf8"));

describe("GitHub workflows", () => {
  it.each(files)("%s is valid against the workflow schema (action-validator)", (file) => {
    const state = validateWorkflow(fs.readFileSync(path.join(WORKFLOWS, file), "utf8"));
    expect(state.errors).toEqual([]);
  });

  it("the validator does catch a broken workflow", () => {
    const broken = fs.readFileSync(path.join(WORKFLOWS, "pull-request.yml"), "utf8").replace("needs: test", "needs: tests");
    expect(validateWorkflow(broken).errors).toEqual([expect.objectContaining({ code: "unresolved_job" })]);
  });
});

describe("pull-request workflow", () => {
  it("runs on pull requests only, read-only by default", () => {
    expect(Object.keys(workflow.on)).toEqual(["pull_request"]);
    expect(workflow.permissions).toEqual({ contents: "read" });
  });

  it("lints, type-checks, tests and synthesizes before planning", () => {
    const runs = workflow.jobs.test.steps.map((s: { run?: string }) => s.run).filter(Boolean);
    expect(runs).toEqual(expect.arrayContaining(["npm run lint", "npm run typecheck", "npx jest", "npm run synth"]));
    expect(workflow.jobs.plan.needs).toBe("test");
  });

  it("plans each stack with Terraform installed, and never for forks", () => {
    const plan = workflow.jobs.plan;
    expect(plan.strategy.matrix.stack).toEqual(["hcloud", "k3s"]);
    expect(plan.if).toBe("github.event.pull_request.head.repo.full_name == github.repository");
    expect(plan.steps.map((s: { uses?: string }) => s.uses)).toContain("hashicorp/setup-terraform@v3");
    expect(plan.steps.find((s: { id?: string }) => s.id === "plan").run).toContain('npx cdktf diff "${{ matrix.stack }}"');
    expect(plan.permissions).toEqual({ contents: "read", "pull-requests": "write" });
  });

  it("takes every secret from repository secrets, never literally", () => {
    for (const [name, value] of Object.entries(workflow.jobs.plan.env as Record<string, string>)) {
      if (/TOKEN|KEY|PASSWORD|HTPASSWD/.test(name)) expect(value).toMatch(/^\$\{\{ secrets\.[A-Z0-9_]+ \}\}$/);
    }
  });

  it("updates one comment per stack, found by a marker", () => {
    const script = workflow.jobs.plan.steps.find((s: { uses?: string }) => s.uses === "actions/github-script@v7").with.script as string;
    expect(script).toContain("<!-- cdktf-plan:${stack} -->");
    expect(script).toContain("updateComment");
    expect(script).toContain("createComment");
  });
});
