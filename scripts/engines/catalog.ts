// The real engines of `npm run test:engines`: which Go module each is built from, at which version,
// and where it lives in the cache. Read by scripts/engines/build.ts and by test/engines/.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** A Terraform provider built into the filesystem mirror. */
export interface ProviderEngine {
  readonly namespace: string;
  readonly type: string;
  readonly module: string;
  readonly version: string;
}

/** An engine built from a Go module. */
export interface Engine {
  /** Name in the cache and on the command line of the build script. */
  readonly name: string;
  /** Go module it is built from, and its version. */
  readonly module: string;
  readonly version: string;
  /** Main package. */
  readonly package: string;
  /** File name of the binary. */
  readonly binary: string;
  /** `-X importpath.name=value` link flags. */
  readonly ldflags?: readonly string[];
  /** Version of a module the engine's go.mod replaces by a local path (a staging or sibling directory). */
  readonly localVersion?: (module: string) => string;
  /** Set for a Terraform provider: where it goes in the mirror. */
  readonly provider?: ProviderEngine;
}

export const KUBERNETES = "v1.36.3";
const OPENTOFU = "v1.12.6";
const HELM = "v3.22.0";
const ETCD = "v3.6.16";

/**
 * Terraform providers the stacks require, built into a filesystem mirror. hetznercloud/hcloud is
 * the version the generated bindings come from and `HcloudProvider` pins (scripts/providers/).
 *
 * hashicorp/kubernetes, hashicorp/helm and hashicorp/random are NOT here: their releases since 2.0 /
 * 2.0 / 3.0 carry a go.mod without the /vN suffix, so the Go module proxy serves none of them (it
 * answers `403 Forbidden: This module version is not available` for the tag, the commit and every
 * pseudo-version of it), and there is no other way to build them on these machines. README,
 * "Verified on real engines", says what that leaves unverified.
 */
export const PROVIDERS: readonly ProviderEngine[] = [
  { namespace: "hetznercloud", type: "hcloud", module: "github.com/hetznercloud/terraform-provider-hcloud", version: "v1.68.0" },
];

/** Version stamps of a binary built from k8s.io/kubernetes (what `--version` prints). */
const KUBERNETES_LDFLAGS = [
  `k8s.io/component-base/version.gitVersion=${KUBERNETES}`,
  `k8s.io/component-base/version.gitMajor=${KUBERNETES.split(".")[0].slice(1)}`,
  `k8s.io/component-base/version.gitMinor=${KUBERNETES.split(".")[1]}`,
  "k8s.io/component-base/version.gitTreeState=clean",
];

/** Every engine: name, Go module, version, main package, binary name, -X link flags. */
export const ENGINES: readonly Engine[] = [
  {
    name: "tofu",
    module: "github.com/opentofu/opentofu",
    version: OPENTOFU,
    package: "github.com/opentofu/opentofu/cmd/tofu",
    binary: "tofu",
    ldflags: ["github.com/opentofu/opentofu/version.dev=no"],
  },
  ...PROVIDERS.map((p) => ({
    name: `provider-${p.type}`,
    provider: p,
    module: p.module,
    version: p.version,
    package: p.module,
    binary: `terraform-provider-${p.type}_${p.version}`,
  })),
  {
    name: "helm",
    module: "helm.sh/helm/v3",
    version: HELM,
    package: "helm.sh/helm/v3/cmd/helm",
    binary: "helm",
    ldflags: [`helm.sh/helm/v3/internal/version.version=${HELM}`, "helm.sh/helm/v3/internal/version.gitTreeState=clean"],
  },
  {
    name: "etcd",
    module: "go.etcd.io/etcd/server/v3",
    version: ETCD,
    package: "go.etcd.io/etcd/server/v3",
    binary: "etcd",
    // server/v3 replaces its sibling modules (api, client, pkg) by ../<dir>; they are published at
    // the same version.
    localVersion: () => ETCD,
  },
  {
    name: "kube-apiserver",
    module: "k8s.io/kubernetes",
    version: KUBERNETES,
    package: "k8s.io/kubernetes/cmd/kube-apiserver",
    binary: "kube-apiserver",
    // Staging modules k8s.io/<name> are published as v0.<minor>.<patch> of the same release.
    localVersion: () => `v0.${KUBERNETES.slice(3)}`,
    ldflags: KUBERNETES_LDFLAGS,
  },
  {
    // The k3s stack runs `kubectl wait --for=create` (RegisteredNodes) on the deploying machine.
    name: "kubectl",
    module: "k8s.io/kubernetes",
    version: KUBERNETES,
    package: "k8s.io/kubernetes/cmd/kubectl",
    binary: "kubectl",
    localVersion: () => `v0.${KUBERNETES.slice(3)}`,
    ldflags: KUBERNETES_LDFLAGS,
  },
];

/** The Go platform of this machine (`linux_amd64`): the target of the builds and of the provider mirror. */
export function goPlatform(): string {
  const arch: Record<string, string> = { x64: "amd64", arm64: "arm64", ia32: "386", arm: "arm" };
  return `${process.platform}_${arch[process.arch] ?? process.arch}`;
}

export function cacheDir(): string {
  return process.env.ENGINES_CACHE || path.join(os.homedir(), ".cache", "gitops-day-platform", "engines");
}

/** Root of the provider filesystem mirror (unpacked layout). */
export function providerMirror(): string {
  return path.join(cacheDir(), "providers");
}

export function engineDir(engine: Engine): string {
  if (!engine.provider) return path.join(cacheDir(), `${engine.name}-${engine.version}`);
  const { namespace, type, version } = engine.provider;
  return path.join(providerMirror(), "registry.opentofu.org", namespace, type, version.slice(1), goPlatform());
}

export function enginePath(name: string): string {
  const engine = ENGINES.find((e) => e.name === name);
  if (!engine) throw new Error(`unknown engine ${name}`);
  return path.join(engineDir(engine), engine.binary);
}

export function cliConfigPath(): string {
  return path.join(cacheDir(), "tofurc");
}

/**
 * The CLI config file (TF_CLI_CONFIG_FILE) that makes `tofu init` take providers from the mirror
 * only. The mirror answers for registry.opentofu.org (OpenTofu's default) and registry.terraform.io
 * (Terraform's), so the same stack initializes under either CLI.
 */
export function writeCliConfig(): void {
  const mirror = providerMirror();
  fs.mkdirSync(path.join(mirror, "registry.opentofu.org"), { recursive: true });
  const alias = path.join(mirror, "registry.terraform.io");
  if (!fs.existsSync(alias)) fs.symlinkSync("registry.opentofu.org", alias);
  const config = [
    "# Written by scripts/engines/build.ts: providers from the local mirror only.",
    "provider_installation {",
    "  filesystem_mirror {",
    `    path    = ${JSON.stringify(mirror)}`,
    '    include = ["*/*/*"]',
    "  }",
    "}",
    "",
  ].join("\n");
  fs.writeFileSync(cliConfigPath(), config);
}
