import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { TerraformOutput } from "cdktf";
import { parse } from "yaml";
import { K3sCluster } from "../../src/hcloud/k3s-cluster";
import { platformConfig } from "./fixtures";
import { synthScope } from "../helpers";
import { NO_STDIN } from "../sandbox";

/** The kubeconfig command for `configPath` and `context`, with the server's IP as Terraform would fill it in. */
function command(configPath: string, context: string): string {
  const { parsed } = synthScope((scope) => {
    const c = new K3sCluster(scope, "Cluster", {
      clusterName: "kube",
      ...platformConfig().hcloud,
      etcdS3Credentials: { accessKey: "a", secretKey: "b" },
    });
    new TerraformOutput(scope, "kubeconfig", { value: c.kubeconfigCommand(configPath, context) });
  });
  return String(parsed.output?.kubeconfig.value).replace("${hcloud_server.kube-controller-01.ipv4_address}", "198.51.100.7");
}

const K3S_YAML = `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: Q0E=
    server: https://127.0.0.1:6443
  name: default
contexts:
- context:
    cluster: default
    user: default
  name: default
current-context: default
kind: Config
users:
- name: default
  user:
    client-key-data: S0VZ
`;

/**
 * Runs the command as a user pasting it would, in bash, with a HOME of its own and stubs for ssh (prints
 * k3s.yaml) and kubectl (`config view --flatten` prints the first KUBECONFIG file; every call is logged).
 */
function run(configPath: string, context: string, configDir = ".kube") {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kubeconfig-command-"));
  const home = path.join(dir, "home");
  const bin = path.join(dir, "bin");
  fs.mkdirSync(path.join(home, configDir), { recursive: true });
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(dir, "k3s.yaml"), K3S_YAML);
  fs.writeFileSync(path.join(bin, "ssh"), `#!/bin/sh\ncat ${JSON.stringify(path.join(dir, "k3s.yaml"))}\n`, { mode: 0o755 });
  // kubectl: logs its arguments; `config view --flatten` prints the first KUBECONFIG file, `--kubeconfig F
  // config rename-context OLD NEW` renames a context in F (and the current one), as kubectl does.
  fs.writeFileSync(
    path.join(bin, "kubectl"),
    `#!/usr/bin/node
const fs = require("fs");
const a = process.argv.slice(2);
fs.appendFileSync(${JSON.stringify(path.join(dir, "kubectl.log"))}, a.join("\\n") + "\\n");
if (a[0] === "config" && a[1] === "view") process.stdout.write(fs.readFileSync(process.env.KUBECONFIG.split(":")[0], "utf8"));
if (a[0] === "--kubeconfig" && a[3] === "rename-context") {
  const [, file, , , from, to] = a;
  const yaml = require(${JSON.stringify(require.resolve("yaml"))});
  const c = yaml.parse(fs.readFileSync(file, "utf8"));
  if (c.contexts.some((x) => x.name === to)) { console.error("context " + to + " already exists"); process.exit(1); }
  for (const x of c.contexts) if (x.name === from) x.name = to;
  if (c["current-context"] === from) c["current-context"] = to;
  fs.writeFileSync(file, yaml.stringify(c));
}
`,
    { mode: 0o755 },
  );
  const r = spawnSync("bash", ["-c", command(configPath, context)], {
    cwd: dir,
    encoding: "utf8",
    stdio: NO_STDIN,
    env: { PATH: `${bin}:/usr/bin:/bin`, HOME: home },
  });
  const log = path.join(dir, "kubectl.log");
  return { dir, home, status: r.status, stderr: r.stderr, kubectlArgs: fs.existsSync(log) ? fs.readFileSync(log, "utf8").split("\n") : [] };
}

describe("kubeconfig_command, run by a shell", () => {
  // Everything a shell would act on, but the quotes and the backslash that KUBECONFIG_TEXT refuses.
  const hostile = "kube$(touch pwned)`touch pwned2` & z/w;|<>*?~{a,b}$HOME";

  it("keeps a hostile context name as data: nothing runs, the kubeconfig and kubectl get it verbatim", () => {
    const r = run("~/.kube/config", hostile);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(fs.readdirSync(r.dir).filter((f) => f.startsWith("pwned"))).toEqual([]);
    const merged = parse(fs.readFileSync(path.join(r.home, ".kube", "config"), "utf8"));
    expect(merged.contexts[0].name).toBe(hostile);
    expect(merged["current-context"]).toBe(hostile);
    // cluster and user named after the cluster, so that two clusters' entries never collide in one kubeconfig
    expect(merged.clusters[0].name).toBe("kube");
    expect(merged.users[0].name).toBe("kube");
    expect(merged.clusters[0].cluster.server).toBe("https://198.51.100.7:6443");
    expect(r.kubectlArgs.slice(-4, -1)).toEqual([hostile, "get", "nodes"]);
    expect(fs.statSync(path.join(r.home, ".kube", "config")).mode & 0o777).toBe(0o600);
  });

  it("writes a config path with spaces and shell characters where it says, and expands only a leading ~/", () => {
    const r = run("~/my configs/$(touch pwned)/kube config", "kube", "my configs/$(touch pwned)");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(fs.readdirSync(r.dir).filter((f) => f.startsWith("pwned"))).toEqual([]);
    const written = path.join(r.home, "my configs", "$(touch pwned)", "kube config");
    expect(parse(fs.readFileSync(written, "utf8"))["current-context"]).toBe("kube");
    // The fetched copy stays in ~/.kube, readable by its owner only.
    expect(fs.statSync(path.join(r.home, ".kube", "kube.k3s.yaml")).mode & 0o777).toBe(0o600);
  });

  it("refuses a context or path a shell could not get quoted, naming it (never a half-quoted command)", () => {
    expect(() => command("~/.kube/config", "it's")).toThrow(
      /^test\/Cluster kubeconfigCommand:\n {2}- context: must not be empty or contain a quote/,
    );
    expect(() => command('~/a"b', "kube")).toThrow(/configPath: must not be empty or contain a quote/);
    expect(() => command("~/.kube/config", "a\nb")).toThrow(/context: must not be empty/);
  });

  it("quotes a path outside the home directory whole", () => {
    expect(command("/srv/kube/config", "kube")).toContain(
      "KUBECONFIG=~/.kube/kube.k3s.yaml:'/srv/kube/config' kubectl config view --flatten > '/srv/kube/config.merged'",
    );
  });

  it("keeps the context named after the cluster without renaming it", () => {
    expect(command("~/.kube/config", "kube")).not.toContain("rename-context");
    const r = run("~/.kube/config", "kube");
    expect(r.status).toBe(0);
    expect(parse(fs.readFileSync(path.join(r.home, ".kube", "config"), "utf8"))["current-context"]).toBe("kube");
  });
});
