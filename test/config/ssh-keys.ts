/**
 * Public keys for tests, made with ssh-keygen (their private keys were discarded), and helpers that
 * build key lines from SSH wire-format parts, to test keys no ssh-keygen writes.
 */
export const KEYS = {
  ed25519: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINM7DUhzLGHjsZK1tZ2uql7QvTiNu3rHJwowkU8ilG7t me@ed25519",
  ecdsa256:
    "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBLkpuLwyIlCRjgl+GJFZOLnXIl9SEZS8Pv5RyqpR+laeLl8tgfel8lamjOf8znK7aeXiJJs7+Se69FDKwu00+IQ= me@ecdsa256",
  ecdsa384:
    "ecdsa-sha2-nistp384 AAAAE2VjZHNhLXNoYTItbmlzdHAzODQAAAAIbmlzdHAzODQAAABhBG2PTar8AhrZgJAfABEy5BEDDMHgtBgWtebB/zhTSgbLESfOHQi46Z0Zjzk0CgTH7Cm7ck89IlKhr8l8+apctR5DD0fdLXZ9v/zsEBytobJWZ19+7lJw3EwWFO6Q8pkVLA== me@ecdsa384",
  ecdsa521:
    "ecdsa-sha2-nistp521 AAAAE2VjZHNhLXNoYTItbmlzdHA1MjEAAAAIbmlzdHA1MjEAAACFBAHYm6S6RznxWgse7YtZw+fW+DLiicRakpNaL3PYvyt8SSjyG2OBKSWyIBXgw5+KSbWnHgv1V4qOhQ1rdlML0qKZHwDDLRUE+0UvBtS6Z/YanPyfYfodqvVz8kFWasSTeXi//L7Rc0fD6k4Fc4Sc+EqqJK5i1dv9hEEA1csm11oIcFK2fQ== me@ecdsa521",
  rsa2048:
    "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDPmD+lsI8CmZdsesk0kvz34c4jIuejvUNqPD+mqxGdSiUqGlUyvnPr3EXsyBFFl/vnE9hOon51HFlLAaYuCyb1K66bZpor+x0kq49GDjjahvTJz9SoJWaLvF+op93APm9mmVmbIDZAd0enzMrkI7TfTnVWirOfqMbZ3nwBK727bTaSlbjJIN8Wy/6XciUFfZKSw55NKO2mp0adT+dxG/fyMK+g/T0Ml4uXv7/wk2E8XxiYSMaF1wSjvhDn6VSi/d/+fFyCde7aAQBDnecrcgHuYGPxGbRFNrJADqmyjhrl3pfQd2+iIXHajbo7bPDP7D+2G86ZHbp75u/R6cljVckf me@rsa2048",
  rsa3072:
    "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQDeHM/yaSfZz45/QKRbYTbLAB7024JNIyna9j6OlZbqlvBxJTxxjYS+Bq1P2ant+qgRqluIQZPGXG16HUzNnF4fTY5TAuKIVyfaTglMKDd7qPirK2nFNg1+Sf9FBt/QYycqZ3+aj18BVt4b1zMvmadReW4SUsktJrU3BSdDjpvKdeA6YDVoA9WsGgYp3dWikvcmG0ZhV1t36/admi/Iq4g0kOu6ljcNBAp+yizcKyHtMUZk1A2dLmgnGEKMqLOZJL9KxN/EaOwsA205kClVW4C5/GRvVNEaFhge4sDyJJqZxr+QP7vQM+Z+P9vSWBrlTGEsXYGEWqEFZCL1Cu8dYX0xwkh41rXA9GYFpyU/Mkmp+IwsGwtX7Mw9nBAskZE1ps4cDOg/ip/AkNwwpClpbkIYrY9hF1L0eeQE+xDeQDghoQEKmgtJeNm8IDpFfQLTOSY2ciUM66xC/FgEj2KjFUFvqekWokPD8c3V0vW1ZMo3AdsfA5ByyN69lWHPLscTTa8= me@rsa3072",
  rsa1024:
    "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDVaJnJfy239DqOXWC5JVKtTuYgl6JfYDmRiR23oCB7bEQI1J2ueCgm9mkBD/BSSvujFvSGeapfY0luvVmq+t7LevxtXcP6jRyYU6Z+DvhLdD8DeLuqyNb/toSh3ZPwpjim4mh3A0H9BJzUJXVM6+BC9QYZqilOibmgGo49mU03JQ== me@rsa1024",
  dsa: "ssh-dss AAAAB3NzaC1kc3MAAACBAI5I64PtKsVJfcbktKmjZoI2YvZcQX3QZ2ygEkuudkF0ZJbNtjmPuqk6jNQuaTVt8b2YeUG5d4L8H1Ts27D782+DxI5zQP7KV2C/Zwmys+QctYYHFF0R0MyPCggxWdxapuEIQ/hYHwY82+Jx8uMzc9fDRxXh1ebRyCqPVXE8UWRFAAAAFQCtoQiC0lbRgOgNq+nPh74Ey92D8wAAAIBhbewgKCq4h/5HK+NeWYBtsJ9kmyFwTlsC/I79OcaBLW3GvGL3GBVTt1O8FMr7glHvHoTNVx5PaVicwcMim62mOiQ1Oi2S15tCV+EAQ9zz4bmEw9fhque2qneqGVl1vYwzT5qLrCgzDbnsBFGOgzYLKJj+qJn/dPI3wAHhsjAMygAAAIAFsKVVFIZ3dMap8vh+vGf9omsqlkvSAdQLGjC79TiRBao5++UA4vBcVlsG3LdS/KAyFv4/f1GW42iuXGZSb2c7pdFoQ0IRfq6EtgNEA422uxXFyxIu7wL9BrZw2FPvnnuTh/mdI4GnQfGddF2KOVs6anjvZU3xsmeYKFZTxX+NIA== me@dsa",
} as const;

/**
 * What a private key pasted by mistake looks like: its markers around base64 (made-up bytes, not a
 * key: a real one would trip secret scanners).
 */
export const FAKE_PRIVATE_KEY = [
  "-----BEGIN OPENSSH PRIVATE KEY-----",
  "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW",
  "QyNTUxOQAAACBOT1RBUkVBTEtFWU5PVEFSRUFMS0VZTk9UQVJFQUxLRVk=",
  "-----END OPENSSH PRIVATE KEY-----",
].join("\n");

/** The base64 key data of a key line. */
export function keyData(line: string): string {
  return line.split(" ")[1];
}

/** The SSH wire-format fields of a key line's data (length-prefixed strings). */
export function keyFields(line: string): Buffer[] {
  const blob = Buffer.from(keyData(line), "base64");
  const fields: Buffer[] = [];
  for (let at = 0; at < blob.length;) {
    const length = blob.readUInt32BE(at);
    fields.push(blob.subarray(at + 4, at + 4 + length));
    at += 4 + length;
  }
  return fields;
}

/** A key line `type <data> comment` whose data is the given fields, SSH wire format. */
export function keyLine(type: string, fields: readonly (Buffer | string)[], comment = "me@test"): string {
  const blob = Buffer.concat(
    fields.map((f) => {
      const bytes = typeof f === "string" ? Buffer.from(f, "latin1") : f;
      const length = Buffer.alloc(4);
      length.writeUInt32BE(bytes.length);
      return Buffer.concat([length, bytes]);
    }),
  );
  return `${type} ${blob.toString("base64")}${comment ? ` ${comment}` : ""}`;
}
