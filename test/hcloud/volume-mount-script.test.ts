import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { renderVolumeMountScript } from "../../src/hcloud/cloud-init";
import { NO_STDIN } from "../sandbox";

/*
 * The volume mount script as a node runs it at every boot, run by bash in a sandbox: blkid, mkfs, mount,
 * mountpoint, systemctl, udevadm and sleep are stubs on PATH that log their calls; the two absolute paths
 * of the host (the device, a block device that `[ -b ]` tests, and /etc/fstab) are pointed into a
 * temporary directory, which is the only change made to the script.
 */
interface Run {
  readonly status: number | null;
  readonly calls: string[];
  readonly fstab: string;
  readonly stderr: string;
}

/** `fstab` is the file's content before the run, `<dir>` standing for the sandbox. */
function run(opts: { blkidExit: number; blkidType?: string; fstab?: string; mounted?: boolean; attached?: boolean }): Run {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "volume-mount-"));
  const bin = path.join(dir, "bin");
  fs.mkdirSync(bin);
  const log = path.join(dir, "calls.log");
  const device = path.join(dir, "scsi-0HC_Volume_4242");
  if (opts.attached !== false) fs.writeFileSync(device, "");
  const fstab = path.join(dir, "fstab");
  fs.writeFileSync(fstab, (opts.fstab ?? "").replaceAll("<dir>", dir));
  const stub = (name: string, body = "") =>
    fs.writeFileSync(path.join(bin, name), `#!/bin/bash\nprintf '%s\\n' "${name} $*" >> ${JSON.stringify(log)}\n${body}\n`, {
      mode: 0o755,
    });
  stub("blkid", `${opts.blkidType ? `echo ${opts.blkidType}\n` : ""}exit ${opts.blkidExit}`);
  stub("mkfs");
  stub("mount");
  stub("mountpoint", `exit ${opts.mounted ? 0 : 1}`);
  stub("systemctl");
  stub("udevadm");
  stub("sleep");
  const script = renderVolumeMountScript({ volumeId: "4242", mountPath: path.join(dir, "mnt", "longhorn"), format: "ext4" })
    .replace("/dev/disk/by-id/scsi-0HC_Volume_4242", device)
    .replace('[ -b "$DEVICE" ]', '[ -e "$DEVICE" ]')
    .replace(/\/etc\/fstab/g, fstab);
  const r = spawnSync("bash", ["-c", script], { encoding: "utf8", stdio: NO_STDIN, env: { PATH: `${bin}:/usr/bin:/bin` } });
  return {
    status: r.status,
    stderr: r.stderr,
    calls: fs.existsSync(log) ? fs.readFileSync(log, "utf8").trim().split("\n") : [],
    fstab: fs.readFileSync(fstab, "utf8").replaceAll(dir, "<dir>"),
  };
}

describe("the volume mount script, run by bash with stubbed tools", () => {
  it("formats a volume that holds no filesystem (blkid exit 2), records it in fstab and mounts it", () => {
    const r = run({ blkidExit: 2 });
    expect(r.status).toBe(0);
    expect(r.calls.filter((c) => c.startsWith("mkfs"))).toEqual([expect.stringMatching(/^mkfs -t ext4 .*scsi-0HC_Volume_4242$/)]);
    expect(r.fstab).toBe("<dir>/scsi-0HC_Volume_4242 <dir>/mnt/longhorn ext4 discard,nofail,defaults 0 0\n");
    expect(r.calls.filter((c) => c.startsWith("mount "))).toEqual([expect.stringMatching(/^mount .*\/mnt\/longhorn$/)]);
  });

  it("never formats a volume that has a filesystem: it mounts it with that filesystem's type", () => {
    const r = run({ blkidExit: 0, blkidType: "xfs" });
    expect(r.status).toBe(0);
    expect(r.calls.some((c) => c.startsWith("mkfs"))).toBe(false);
    expect(r.fstab).toContain(" xfs discard,nofail,defaults 0 0\n");
  });

  it.each([1, 4, 8])("never formats a volume whose probe failed (blkid exit %i): it stops, fstab untouched", (code) => {
    const r = run({ blkidExit: code, fstab: "UUID=root / ext4 defaults 0 1\n" });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`cannot probe`);
    expect(r.calls.some((c) => c.startsWith("mkfs") || c.startsWith("mount "))).toBe(false);
    expect(r.fstab).toBe("UUID=root / ext4 defaults 0 1\n");
  });

  it("at a later boot: no second fstab line, no second mount", () => {
    const line = "<dir>/scsi-0HC_Volume_4242 <dir>/mnt/longhorn ext4 discard,nofail,defaults 0 0\n";
    const first = run({ blkidExit: 0, blkidType: "ext4" });
    expect(first.fstab).toBe(line);
    const again = run({ blkidExit: 0, blkidType: "ext4", mounted: true, fstab: line });
    expect(again.status).toBe(0);
    expect(again.fstab).toBe(line);
    expect(again.calls.some((c) => c.startsWith("mount ") || c.startsWith("systemctl"))).toBe(false);
  });

  it("waits for a volume that is not attached yet, bounded (1800 s, below the unit's 35 min timeout)", () => {
    const r = run({ blkidExit: 0, attached: false });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("is not attached after 1800s");
    expect(r.calls.filter((c) => c.startsWith("sleep")).length).toBe(360);
  });
});
