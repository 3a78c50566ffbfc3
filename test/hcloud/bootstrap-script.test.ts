// The first-boot script of each kind of node, as its synthesized user data ships it, run with bash in a
// sandbox: systemctl, ip, curl and sh are stubs that log their calls, and the k3s config drop-ins go to a
// temporary folder. What a node does at first boot, in order, is asserted from that log.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { BOOTSTRAP_SCRIPT } from "../../src/hcloud/cloud-init";
import { haEdit, synthCluster } from "./fixtures";
import { evaluatedUserData, parseCloudConfig } from "./user-data";
import { NO_STDIN } from "../sandbox";

const standard = evaluatedUserData(synthCluster().parsed);
const ha = evaluatedUserData(synthCluster(haEdit).parsed);

const bootstrapOf = (userData: string) => parseCloudConfig(userData).files.find((f) => f.path === BOOTSTRAP_SCRIPT)!.content;

/** Each stub logs `name args...` to $CALLS; curl writes an installer for `-o FILE` and answers the metadata service. */
const STUBS: Record<string, string> = {
  systemctl: `#!/bin/bash
echo "systemctl $*" >> "$CALLS"
if [ "$1" = is-enabled ]; then exit "$SSH_SOCKET_DISABLED"; fi
`,
  ip: `#!/bin/bash
echo "ip $*" >> "$CALLS"
echo "3: enp7s0    inet $STUB_IP/32 brd $STUB_IP scope global dynamic enp7s0"
`,
  curl: `#!/bin/bash
url="\${*: -1}"
args=("$@")
for i in "\${!args[@]}"; do
  if [ "\${args[$i]}" = -o ] && [ "\${args[$((i + 1))]}" != /dev/null ]; then
    printf '# installer\\n' > "\${args[$((i + 1))]}"
    args[$((i + 1))]=FILE
  fi
done
echo "curl \${args[*]}" >> "$CALLS"
if [ "$url" = https://get.k3s.io ] && [ -n "$INSTALLER_DOWN" ]; then exit 22; fi
case "$url" in *public-ipv4) echo 198.51.100.7 ;; esac
`,
  sh: `#!/bin/bash
[ "$(cat "$1")" = "# installer" ] && installer=downloaded || installer=other
echo "sh $installer \${*:2} channel=$INSTALL_K3S_CHANNEL version=\${INSTALL_K3S_VERSION-unset}" >> "$CALLS"
`,
};

let sandbox: string;
beforeAll(() => {
  sandbox = fs.mkdtempSync(path.join(os.tmpdir(), "bootstrap-"));
  fs.mkdirSync(path.join(sandbox, "bin"));
  for (const [name, text] of Object.entries(STUBS)) fs.writeFileSync(path.join(sandbox, "bin", name), text, { mode: 0o755 });
});
afterAll(() => fs.rmSync(sandbox, { recursive: true, force: true }));

let runs = 0;
/** Runs a node's bootstrap; returns its exit status, the stubs' calls, and the drop-ins it wrote. */
function boot(userData: string, ip: string, env: Record<string, string> = {}) {
  const dir = path.join(sandbox, `run-${++runs}`);
  fs.mkdirSync(dir);
  const dropIns = path.join(dir, "config.yaml.d");
  const script = path.join(dir, "bootstrap");
  fs.writeFileSync(script, bootstrapOf(userData).split("/etc/rancher/k3s/config.yaml.d").join(dropIns));
  const calls = path.join(dir, "calls");
  fs.writeFileSync(calls, "");
  const r = spawnSync("bash", [script], {
    env: {
      PATH: `${path.join(sandbox, "bin")}:/usr/bin:/bin`,
      HOME: dir,
      TMPDIR: dir,
      CALLS: calls,
      STUB_IP: ip,
      SSH_SOCKET_DISABLED: "0",
      ...env,
    },
    encoding: "utf8",
    stdio: NO_STDIN,
    timeout: 20_000,
  });
  const written = fs.existsSync(dropIns)
    ? Object.fromEntries(fs.readdirSync(dropIns).map((f) => [f, fs.readFileSync(path.join(dropIns, f), "utf8")]))
    : {};
  return { status: r.status, stderr: r.stderr, calls: fs.readFileSync(calls, "utf8").trim().split("\n"), dropIns: written };
}

const SSH = ["systemctl daemon-reload", "systemctl is-enabled --quiet ssh.socket", "systemctl restart ssh.socket"];
const PRIVATE_IP = "ip -4 -o addr show dev enp7s0";
const METADATA_BLOCK = "systemctl enable --now block-pod-metadata.service";
const INSTALL = "curl -sfL --retry 10 --retry-delay 5 -o FILE https://get.k3s.io";
const JOIN = "curl -ksf --max-time 5 -o /dev/null https://10.0.0.2:6443/cacerts";

describe("the first-boot script, run", () => {
  it("a single server: SSH port, private network, its public IP in the certificate, then k3s server", () => {
    const r = boot(standard["kube-controller-01"], "10.0.0.2");
    expect(r.status).toBe(0);
    expect(r.calls).toEqual([
      ...SSH,
      PRIVATE_IP,
      "curl -fsS --retry 10 --retry-delay 3 http://169.254.169.254/hetzner/v1/metadata/public-ipv4",
      METADATA_BLOCK,
      INSTALL,
      "sh downloaded server channel=stable version=v1.36.4+k3s1",
    ]);
    expect(r.dropIns).toEqual({ "50-public-ipv4.yaml": 'tls-san+:\n  - "198.51.100.7"\n' });
    expect(r.stderr).toContain("k3s-node-bootstrap: k3s server installed on kube-controller-01\n");
  });

  it("a worker: waits for the first server's API, then k3s agent; no public IP, no volume", () => {
    const r = boot(standard["kube-worker-01"], "10.0.1.1");
    expect(r.status).toBe(0);
    expect(r.calls).toEqual([...SSH, PRIVATE_IP, METADATA_BLOCK, JOIN, INSTALL, "sh downloaded agent channel=stable version=v1.36.4+k3s1"]);
    expect(r.dropIns).toEqual({});
  });

  it("a storage node: its volume mounted before it joins", () => {
    const r = boot(standard["kube-storage-01"], "10.0.2.1");
    expect(r.status).toBe(0);
    expect(r.calls).toEqual([
      ...SSH,
      PRIVATE_IP,
      METADATA_BLOCK,
      "systemctl enable --now hc-volume-mount.service",
      JOIN,
      INSTALL,
      "sh downloaded agent channel=stable version=v1.36.4+k3s1",
    ]);
  });

  it("a second server of three: joins a peer that answers, written to the cluster drop-in", () => {
    const r = boot(ha["kube-controller-02"], "10.0.0.3");
    expect(r.status).toBe(0);
    expect(r.calls).toEqual([
      ...SSH,
      PRIVATE_IP,
      "curl -fsS --retry 10 --retry-delay 3 http://169.254.169.254/hetzner/v1/metadata/public-ipv4",
      METADATA_BLOCK,
      JOIN,
      INSTALL,
      "sh downloaded server channel=stable version=v1.33.5+k3s1",
    ]);
    expect(r.dropIns).toEqual({
      "40-cluster.yaml": 'server: "https://10.0.0.2:6443"\n',
      "50-public-ipv4.yaml": 'tls-san+:\n  - "198.51.100.7"\n',
    });
  });

  it("restarts ssh.service where sshd does not start through ssh.socket", () => {
    const r = boot(standard["kube-worker-01"], "10.0.1.1", { SSH_SOCKET_DISABLED: "1" });
    expect(r.status).toBe(0);
    expect(r.calls.slice(0, 3)).toEqual([
      "systemctl daemon-reload",
      "systemctl is-enabled --quiet ssh.socket",
      "systemctl restart ssh.service",
    ]);
  });

  it("stops, running no installer, when the installer cannot be downloaded", () => {
    const r = boot(standard["kube-worker-01"], "10.0.1.1", { INSTALLER_DOWN: "1" });
    expect(r.status).toBe(22);
    expect(r.calls.at(-1)).toBe(INSTALL);
  });
});
