import { stringify } from "yaml";
import { InternalError, ValidationError } from "../validation";

/** Path of the first-boot script every node runs from cloud-init. */
export const BOOTSTRAP_SCRIPT = "/usr/local/sbin/k3s-node-bootstrap";
/** Path of the script that mounts a pool's block volume (at every boot). */
export const VOLUME_MOUNT_SCRIPT = "/usr/local/sbin/hc-volume-mount";
/** The systemd unit running {@link VOLUME_MOUNT_SCRIPT}. */
export const VOLUME_MOUNT_UNIT = "hc-volume-mount.service";
/** Hetzner's metadata service: the node asks it for its public IPv4. */
export const METADATA_PUBLIC_IPV4 = "http://169.254.169.254/hetzner/v1/metadata/public-ipv4";
/** The systemd unit that keeps pods away from the metadata service. */
export const METADATA_BLOCK_UNIT = "block-pod-metadata.service";
/**
 * The k3s config drop-in where a server of a control plane of several records, at first boot, the
 * cluster it chose: `server: https://<peer>:6443`, or `cluster-init: true` (see {@link CHOOSE_CLUSTER_FUNCTION}).
 */
export const CLUSTER_DROP_IN = "/etc/rancher/k3s/config.yaml.d/40-cluster.yaml";
/** How long the first server waits for another server to answer before it starts a new cluster. */
export const FIRST_SERVER_PROBE_SECONDS = 60;
/** How long the other servers wait for any other server to answer. */
export const PEER_WAIT_SECONDS = 1800;
/** Seconds between two rounds of probes. */
export const PEER_PROBE_INTERVAL_SECONDS = 5;

/**
 * The shell function that chooses the cluster of a control plane server at first boot, between the
 * markers `# >>> choose_cluster` and `# <<< choose_cluster`. Its arguments (all data, never code):
 * `DROP_IN WINDOW INTERVAL MODE PEER...`. Every INTERVAL seconds it asks each PEER (the private IPv4
 * of another control plane server, in order) for `/cacerts`, which k3s answers without credentials;
 * the first that answers is written to DROP_IN as `server:`. When none answers within WINDOW seconds,
 * MODE `init` writes `cluster-init: true` (the first deploy: nobody runs yet) and any other MODE fails.
 * It needs `log` and `curl`.
 */
export const CHOOSE_CLUSTER_FUNCTION = `# >>> choose_cluster
# choose_cluster DROP_IN WINDOW INTERVAL MODE PEER...: the cluster this server joins, chosen once, at first
# boot, and written to the k3s config drop-in DROP_IN. Every INTERVAL s each PEER (another control plane
# server's private IPv4) is asked for /cacerts, which k3s answers without credentials: the first that
# answers is joined (server:). If none answers within WINDOW s, MODE init starts a new cluster
# (cluster-init: true); any other MODE fails.
choose_cluster() {
  local drop_in="$1" window="$2" interval="$3" mode="$4" peer deadline
  shift 4
  deadline=$((SECONDS + window))
  while true; do
    for peer in "$@"; do
      if curl -ksf --max-time 5 -o /dev/null "https://$peer:6443/cacerts"; then
        printf 'server: "https://%s:6443"\\n' "$peer" > "$drop_in"
        log "joining the cluster of the server at $peer"
        return 0
      fi
    done
    if [ "$SECONDS" -ge "$deadline" ]; then
      break
    fi
    sleep "$interval"
  done
  if [ "$mode" = init ]; then
    printf 'cluster-init: true\\n' > "$drop_in"
    log "no other server answered within \${window}s: starting a new cluster"
    return 0
  fi
  log "no other server answered within \${window}s"
  return 1
}
# <<< choose_cluster`;

/** The block volume a node mounts. */
export interface NodeVolumeMount {
  /** The Hetzner volume id (or a placeholder for it): the device is `/dev/disk/by-id/scsi-0HC_Volume_<id>`. */
  readonly volumeId: string;
  /** Absolute mount path. */
  readonly mountPath: string;
  /** Filesystem created when the volume has none. */
  readonly format: "ext4" | "xfs";
}

/** How a server of a control plane of several finds its cluster at first boot ({@link CHOOSE_CLUSTER_FUNCTION}). */
export interface ClusterPeers {
  /** Private IPv4s of the other control plane servers, asked in this order. */
  readonly ips: readonly string[];
  /**
   * When none answers within {@link FIRST_SERVER_PROBE_SECONDS}, start a new cluster (the first
   * server); otherwise wait up to {@link PEER_WAIT_SECONDS} for one, then fail.
   */
  readonly initializeIfAlone: boolean;
}

/** Everything a node's cloud-init needs to set the node up and install k3s. */
export interface NodeCloudInit {
  /** Node name (Kubernetes and host name). */
  readonly nodeName: string;
  /** k3s server (control plane) or agent. */
  readonly role: "server" | "agent";
  /** Static private IPv4 of the node. */
  readonly privateIp: string;
  /** Private network interface, e.g. `enp7s0`. */
  readonly privateInterface: string;
  /** Content of /etc/rancher/k3s/config.yaml, already rendered as YAML. */
  readonly k3sConfig: string;
  /** k3s release channel. */
  readonly k3sChannel: string;
  /**
   * Exact k3s version, overriding the channel.
   * @default - the channel's current release
   */
  readonly k3sVersion?: string;
  /**
   * URL of an existing server to wait for before installing (agents).
   * @default - none
   */
  readonly joinUrl?: string;
  /**
   * A server of a control plane of several: the other servers, one of which it joins at first boot,
   * chosen by {@link CHOOSE_CLUSTER_FUNCTION} into {@link CLUSTER_DROP_IN}. The k3s config must then
   * have neither `server` nor `cluster-init`.
   * @default - none: the k3s config says whom to join, or `cluster-init`
   */
  readonly clusterPeers?: ClusterPeers;
  /**
   * Add the public IPv4 (from the metadata service) to the API certificate.
   * @default false
   */
  readonly tlsSanPublicIpv4?: boolean;
  /** Sudo user created for SSH; root login is disabled. */
  readonly sshUser: string;
  /** SSH port. */
  readonly sshPort: number;
  /** Public keys of the sudo user. */
  readonly sshAuthorizedKeys: readonly string[];
  /** Debian packages installed on first boot. */
  readonly packages: readonly string[];
  /**
   * Block volume to mount, before k3s starts and at every boot.
   * @default - none
   */
  readonly volume?: NodeVolumeMount;
}

/** The defaults of {@link NodeCloudInit}. */
export const NODE_CLOUD_INIT_DEFAULTS = { tlsSanPublicIpv4: false } as const satisfies Partial<NodeCloudInit>;

/** A file cloud-init writes. */
interface WriteFile {
  readonly path: string;
  readonly content: string;
  readonly permissions: string;
  readonly owner: string;
}

const file = (path: string, permissions: string, content: string): WriteFile => ({ path, content, permissions, owner: "root:root" });

/** Single-quotes a value for POSIX shells. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'"'"'`)}'`;
}

/** The mount script of a volume: waits for the device, formats it if empty, records it in fstab and mounts it. */
export function renderVolumeMountScript(volume: NodeVolumeMount): string {
  return `#!/bin/bash
# Mounts Hetzner volume ${volume.volumeId} at ${volume.mountPath} whenever it is attached, at every boot
# (${VOLUME_MOUNT_UNIT}). The volume may attach after the first boot: wait for its device.
set -euo pipefail

readonly DEVICE=${shellQuote(`/dev/disk/by-id/scsi-0HC_Volume_${volume.volumeId}`)}
readonly MOUNT_PATH=${shellQuote(volume.mountPath)}
readonly FS_TYPE=${shellQuote(volume.format)}
readonly WAIT_SECONDS=1800

log() { printf 'hc-volume-mount: %s\\n' "$*" >&2; }

waited=0
until [ -b "$DEVICE" ]; do
  if [ "$waited" -ge "$WAIT_SECONDS" ]; then
    log "$DEVICE is not attached after \${WAIT_SECONDS}s"
    exit 1
  fi
  sleep 5
  waited=$((waited + 5))
done
udevadm settle || true

# blkid -p exits 2 when the device holds no filesystem at all: only then format it.
set +e
fs="$(blkid -p -o value -s TYPE "$DEVICE")"
rc=$?
set -e
if [ "$rc" -eq 2 ]; then
  log "$DEVICE has no filesystem, creating $FS_TYPE"
  mkfs -t "$FS_TYPE" "$DEVICE"
  fs="$FS_TYPE"
elif [ "$rc" -ne 0 ]; then
  log "cannot probe $DEVICE (blkid exit code $rc)"
  exit 1
fi

mkdir -p "$MOUNT_PATH"
if ! grep -qsF "$DEVICE $MOUNT_PATH " /etc/fstab; then
  printf '%s %s %s discard,nofail,defaults 0 0\\n' "$DEVICE" "$MOUNT_PATH" "$fs" >> /etc/fstab
  systemctl daemon-reload
fi
if ! mountpoint -q "$MOUNT_PATH"; then
  mount "$MOUNT_PATH"
fi
log "$DEVICE mounted at $MOUNT_PATH"
`;
}

/** The first-boot script: SSH port, private network, public IP in the certificate, volume, then k3s. */
export function renderBootstrapScript(node: NodeCloudInit): string {
  const service = node.role === "server" ? "k3s" : "k3s-agent";
  const peers = node.clusterPeers;
  if (peers) {
    // ControlPlane computes the peers from its address plan: none of this is a user's input.
    if (node.role !== "server" || node.joinUrl) throw new InternalError("clusterPeers: only for a server, and not with joinUrl");
    if (!peers.ips.length) throw new InternalError("clusterPeers.ips: at least one other server");
    const bad = peers.ips.find((ip) => !IPV4.test(ip));
    if (bad !== undefined) throw new InternalError(`clusterPeers.ips: must be IPv4 addresses (got ${JSON.stringify(bad)})`);
    if (peers.ips.includes(node.privateIp)) {
      throw new InternalError(`clusterPeers.ips: must not include the node's own IP ${node.privateIp}`);
    }
  }
  const installEnv = [`INSTALL_K3S_CHANNEL=${shellQuote(node.k3sChannel)}`];
  if (node.k3sVersion) installEnv.push(`INSTALL_K3S_VERSION=${shellQuote(node.k3sVersion)}`);
  const steps: string[] = [];
  steps.push(`# SSH on its configured port (Ubuntu >= 22.10 starts sshd through ssh.socket).
systemctl daemon-reload
if systemctl is-enabled --quiet ssh.socket 2>/dev/null; then
  systemctl restart ssh.socket
else
  systemctl restart ssh.service || log "could not restart ssh.service"
fi`);
  steps.push(`# The private network must be up: k3s binds to it (node-ip, flannel-iface).
wait_for 600 "$PRIVATE_IP on $PRIVATE_INTERFACE" has_private_ip`);
  if (node.tlsSanPublicIpv4 ?? NODE_CLOUD_INIT_DEFAULTS.tlsSanPublicIpv4) {
    steps.push(`# The API certificate also names the public IPv4, so the fetched kubeconfig works from outside.
public_ipv4="$(curl -fsS --retry 10 --retry-delay 3 ${shellQuote(METADATA_PUBLIC_IPV4)} || true)"
if [ -n "$public_ipv4" ]; then
  install -d -m 0700 /etc/rancher/k3s/config.yaml.d
  printf 'tls-san+:\\n  - "%s"\\n' "$public_ipv4" > /etc/rancher/k3s/config.yaml.d/50-public-ipv4.yaml
fi`);
  }
  steps.push(`# Pods must not read the user data (it holds the join token) from the metadata service.
systemctl enable --now ${METADATA_BLOCK_UNIT}`);
  if (node.volume) {
    steps.push(`# The block volume is mounted before k3s starts (${service}.service requires ${VOLUME_MOUNT_UNIT}).
systemctl enable --now ${VOLUME_MOUNT_UNIT}`);
  }
  if (node.joinUrl) {
    steps.push(`# Join an existing server: wait until it answers.
wait_for 1800 "the k3s API at $JOIN_URL" curl -ksf --max-time 5 -o /dev/null "$JOIN_URL/cacerts"`);
  }
  if (peers) {
    const args = [
      shellQuote(CLUSTER_DROP_IN),
      peers.initializeIfAlone ? FIRST_SERVER_PROBE_SECONDS : PEER_WAIT_SECONDS,
      PEER_PROBE_INTERVAL_SECONDS,
      peers.initializeIfAlone ? "init" : "wait",
      ...peers.ips.map(shellQuote),
    ];
    steps.push(`# Join the cluster of any other control plane server that answers, so that a replaced server joins the
# running cluster. ${
      peers.initializeIfAlone
        ? `Only when none answers within ${FIRST_SERVER_PROBE_SECONDS} s (the first deploy: the others wait for this
# one) does this server start a new cluster.`
        : `This server never starts one: none answering within ${PEER_WAIT_SECONDS} s is an error.`
    }
install -d -m 0700 /etc/rancher/k3s/config.yaml.d
choose_cluster ${args.join(" ")}`);
  }
  steps.push(`# k3s, configured by /etc/rancher/k3s/config.yaml.
installer="$(mktemp)"
curl -sfL --retry 10 --retry-delay 5 -o "$installer" https://get.k3s.io
env ${installEnv.join(" ")} sh "$installer" ${node.role}
rm -f "$installer"
log "k3s ${node.role} installed on $NODE_NAME"`);

  return `#!/bin/bash
# First boot of a k3s ${node.role}, run once by cloud-init. Rendered by the hcloud stack.
set -euo pipefail

readonly NODE_NAME=${shellQuote(node.nodeName)}
readonly PRIVATE_IP=${shellQuote(node.privateIp)}
readonly PRIVATE_INTERFACE=${shellQuote(node.privateInterface)}
${node.joinUrl ? `readonly JOIN_URL=${shellQuote(node.joinUrl)}\n` : ""}
log() { printf 'k3s-node-bootstrap: %s\\n' "$*" >&2; }

# wait_for SECONDS DESCRIPTION COMMAND...: retries COMMAND every 5 s.
wait_for() {
  local timeout="$1" what="$2" waited=0
  shift 2
  until "$@"; do
    if [ "$waited" -ge "$timeout" ]; then
      log "gave up waiting for $what after \${timeout}s"
      return 1
    fi
    sleep 5
    waited=$((waited + 5))
  done
}

has_private_ip() {
  ip -4 -o addr show dev "$PRIVATE_INTERFACE" 2>/dev/null | grep -qF "inet $PRIVATE_IP/"
}
${peers ? `\n${CHOOSE_CLUSTER_FUNCTION}\n` : ""}
${steps.join("\n\n")}
`;
}

/** The files a volume needs: its mount script, the unit that runs it, and k3s's dependency on it. */
function volumeFiles(volume: NodeVolumeMount, role: "server" | "agent"): WriteFile[] {
  const service = role === "server" ? "k3s" : "k3s-agent";
  return [
    file(VOLUME_MOUNT_SCRIPT, "0755", renderVolumeMountScript(volume)),
    file(
      `/etc/systemd/system/${VOLUME_MOUNT_UNIT}`,
      "0644",
      `[Unit]
Description=Mount Hetzner volume ${volume.volumeId} at ${volume.mountPath}
After=local-fs.target
Before=${service}.service

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=${VOLUME_MOUNT_SCRIPT}
TimeoutStartSec=35min

[Install]
WantedBy=multi-user.target
`,
    ),
    file(
      `/etc/systemd/system/${service}.service.d/10-hc-volume.conf`,
      "0644",
      `# Data meant for the volume must never land on the root disk under an empty ${volume.mountPath}.
[Unit]
Requires=${VOLUME_MOUNT_UNIT}
After=${VOLUME_MOUNT_UNIT}
`,
    ),
  ];
}

/** Renders the cloud-config user data of a node (`#cloud-config` YAML). */
export function renderCloudInit(node: NodeCloudInit): string {
  const files: WriteFile[] = [
    file(
      "/etc/ssh/sshd_config.d/10-k3s-node.conf",
      "0644",
      `Port ${node.sshPort}
PermitRootLogin no
PasswordAuthentication no
KbdInteractiveAuthentication no
`,
    ),
    file("/etc/rancher/k3s/config.yaml", "0600", node.k3sConfig),
    file(
      `/etc/systemd/system/${METADATA_BLOCK_UNIT}`,
      "0644",
      `# The user data (k3s join token, bucket keys) is served to anyone on the node by the metadata
# service. Drop every routed packet to it: pods' traffic goes through PREROUTING, the host's own
# requests (OUTPUT) still work. Pods with hostNetwork are not covered.
[Unit]
Description=Keep pods away from the Hetzner metadata service
Before=k3s.service k3s-agent.service

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/bin/sh -c 'iptables -w -t raw -C PREROUTING -d 169.254.169.254/32 -j DROP 2>/dev/null || iptables -w -t raw -I PREROUTING 1 -d 169.254.169.254/32 -j DROP'

[Install]
WantedBy=multi-user.target
`,
    ),
    ...(node.volume ? volumeFiles(node.volume, node.role) : []),
    file(BOOTSTRAP_SCRIPT, "0755", renderBootstrapScript(node)),
  ];
  const config = {
    package_update: true,
    packages: [...new Set([...node.packages, "iptables", ...(node.volume?.format === "xfs" ? ["xfsprogs"] : [])])],
    users: [
      {
        name: node.sshUser,
        groups: ["sudo"],
        sudo: "ALL=(ALL) NOPASSWD:ALL",
        shell: "/bin/bash",
        lock_passwd: true,
        ssh_authorized_keys: [...node.sshAuthorizedKeys],
      },
    ],
    disable_root: true,
    ssh_pwauth: false,
    write_files: files,
    runcmd: [[BOOTSTRAP_SCRIPT]],
  };
  return `#cloud-config\n# ${node.nodeName}: k3s ${node.role}\n${stringify(config, { lineWidth: 0, blockQuote: "literal" })}`;
}

/** What tells one node of a pool from another in its cloud-config. */
export interface NodeIdentity {
  /** Node name: a DNS-1123 label. */
  readonly nodeName: string;
  /** Static private IPv4. */
  readonly privateIp: string;
}

// Stand-ins rendered where a node's name and IP go, of the same kind as the real values (a DNS-1123
// label that YAML writes as a plain scalar, a dotted quad), so YAML and the shell quote both alike.
// Pair k: node-name-stand-in-<k>a / -<k>b at 198.51.100.(200 + 2k) / (201 + 2k).
const STAND_IN_PAIRS = 5;
function standIns(k: number): [NodeIdentity, NodeIdentity] {
  return [
    { nodeName: `node-name-stand-in-${k}a`, privateIp: `198.51.100.${200 + 2 * k}` },
    { nodeName: `node-name-stand-in-${k}b`, privateIp: `198.51.100.${201 + 2 * k}` },
  ];
}
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** `text` with the name and IP of node `from` replaced by those of node `to`. */
function substitute(text: string, from: NodeIdentity, to: NodeIdentity): string {
  return text.split(from.nodeName).join(to.nodeName).split(from.privateIp).join(to.privateIp);
}

/**
 * The cloud-config of a pool's nodes, which differ only in name and private IP,
 * rendered to YAML twice instead of once per node: the YAML of 50 nodes would
 * otherwise cost more than all the rest of their synthesis.
 *
 * The two renderings, with different stand-ins, prove that the stand-ins occur
 * only where a node's name and IP go: a setting that happened to contain one
 * would show up as a difference (then other stand-ins are tried). So
 * {@link forNode} gives exactly what `render` returns for that node, and
 * {@link withPlaceholders} a template that Terraform can fill in per server.
 */
export class CloudInitTemplate {
  /**
   * Checks that a node's name and IP can take the stand-ins' place: a DNS-1123
   * label that YAML writes unquoted (`123` or `true` would be quoted) and an
   * IPv4 address. Node names and IPs come from validated props (cluster and pool names, the address plan).
   * @throws InternalError naming the value otherwise
   */
  static check(node: NodeIdentity): void {
    if (!DNS_LABEL.test(node.nodeName) || stringify(node.nodeName) !== `${node.nodeName}\n`) {
      throw new InternalError(`nodeName must be a DNS-1123 label that YAML writes unquoted (got ${JSON.stringify(node.nodeName)})`);
    }
    if (!IPV4.test(node.privateIp)) throw new InternalError(`privateIp must be an IPv4 address (got ${JSON.stringify(node.privateIp)})`);
  }

  private readonly text: string;
  private readonly standIn: NodeIdentity;

  /**
   * @param render renders the cloud-config of one node
   * @param where names the construct whose settings these are, in an error
   * @throws ValidationError when the settings contain every pair of stand-ins (node-name-stand-in-* or
   * 198.51.100.200-209): a user's settings (labels, taints, kubelet arguments...) hold them
   */
  constructor(render: (node: NodeIdentity) => string, where = "CloudInitTemplate") {
    const found = CloudInitTemplate.find(render);
    if (!found) {
      throw new ValidationError(where, [
        "settings: must not contain every stand-in for a node's name or IP (node-name-stand-in-0a to -4b, 198.51.100.200-209), which a pool's cloud-config is rendered with",
      ]);
    }
    this.text = found.text;
    this.standIn = found.standIn;
  }

  private static find(render: (node: NodeIdentity) => string): { text: string; standIn: NodeIdentity } | undefined {
    for (let k = 0; k < STAND_IN_PAIRS; k++) {
      const [first, second] = standIns(k);
      const text = render(first);
      if (substitute(text, first, second) === render(second)) return { text, standIn: first };
    }
    return undefined;
  }

  /**
   * The cloud-config of one node: exactly what `render` gives for it, and what
   * Terraform makes of {@link withPlaceholders} for that node (NodePool writes
   * the latter once per pool; this one serves other callers and the tests).
   * @throws InternalError when the node fails {@link CloudInitTemplate.check}
   */
  forNode(node: NodeIdentity): string {
    CloudInitTemplate.check(node);
    return substitute(this.text, this.standIn, node);
  }

  /**
   * The cloud-config with the given placeholders where a node's name and IP
   * go, for a later step to fill in (Terraform, per server instance). Whatever
   * replaces them must pass {@link CloudInitTemplate.check}.
   */
  withPlaceholders(placeholders: NodeIdentity): string {
    return substitute(this.text, this.standIn, placeholders);
  }
}
