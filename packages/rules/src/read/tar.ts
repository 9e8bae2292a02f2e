/** Reads a gzipped tar archive into memory (the vendored CDISC rules and test cases); files only. */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";

/** Path → file bytes, in archive order. */
export type FileTree = Map<string, Uint8Array>;

function field(b: Uint8Array, at: number, len: number): string {
  let end = at;
  while (end < at + len && b[end] !== 0) end++;
  return new TextDecoder().decode(b.subarray(at, end));
}

/** ustar with GNU long names and pax `path` records, which GNU and BSD tar write. */
export function untar(buf: Uint8Array): FileTree {
  const out: FileTree = new Map();
  let pos = 0;
  let longName: string | undefined;
  while (pos + 512 <= buf.length) {
    const head = buf.subarray(pos, pos + 512);
    if (head.every((x) => x === 0)) break;
    const size = Number.parseInt(field(head, 124, 12).trim() || "0", 8);
    const type = String.fromCharCode(head[156] ?? 48);
    const prefix = field(head, 345, 155);
    let name = prefix ? `${prefix}/${field(head, 0, 100)}` : field(head, 0, 100);
    const body = buf.subarray(pos + 512, pos + 512 + size);
    pos += 512 + Math.ceil(size / 512) * 512;
    if (type === "L") {
      longName = field(body, 0, body.length);
      continue;
    }
    if (type === "x") {
      const m = /\d+ path=([^\n]*)\n/.exec(new TextDecoder().decode(body));
      if (m) longName = m[1];
      continue;
    }
    if (longName !== undefined) {
      name = longName;
      longName = undefined;
    }
    if (type === "0" || type === "\0") out.set(name.replace(/^\.\//, ""), body);
  }
  return out;
}

/** A .tgz file as a file tree. */
export function readTgz(path: string | URL): FileTree {
  return untar(gunzipSync(readFileSync(path)));
}
