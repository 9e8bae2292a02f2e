/**
 * XPT -> Dataset-JSON byte to byte: each raw XPT row is written as a JSON row array without building
 * dictionary-coded columns first (the dictionaries buy nothing when every value is written once). The
 * bytes are the same as writeDatasetJson(readXpt(file)) gives (tests/convert-cli.test.ts holds it to
 * that): plain ASCII text is copied, any other value goes through the same decode + JSON.stringify as
 * the dictionary path, and numbers use the writer's own formatting rules.
 */
import { open, rm } from "node:fs/promises";
import {
  columnFacts,
  datasetJsonHeaderFrom,
  mergeColumnFacts,
  sasDateToIso,
  sasDatetimeToIso,
  sasTimeToIso,
  type ValueKind,
  type WriteDatasetJsonOptions,
} from "@trialforge/dataset-json";
import { decodeCp1252, ibmToIeee, openXpt } from "@trialforge/xport";
import type { ConvertResult } from "./convert-file.ts";

type FileHandle = Awaited<ReturnType<typeof open>>;

interface Cell {
  /** 0 char, 1 number, 2 ISO date/datetime/time text */
  t: 0 | 1 | 2;
  off: number;
  len: number;
  fmt?: (x: number) => string;
  cache?: Map<number, Buffer>;
}

/** ASCII text at out[p]; returns the new position. */
function ascii(out: Buffer, p: number, s: string): number {
  for (let i = 0; i < s.length; i++) out[p++] = s.charCodeAt(i);
  return p;
}

/** A whole number |x| < 2^31 in decimal at out[p] (as the Dataset-JSON writer writes it). */
function int(out: Buffer, p: number, x: number): number {
  if (x < 0) {
    out[p++] = 0x2d;
    x = -x;
  }
  if (x < 10) {
    out[p++] = 0x30 + x;
    return p;
  }
  let n = 0;
  for (let y = x; y > 0; y = (y / 10) | 0) n++;
  let q = p + n - 1;
  while (x > 0) {
    const d = x % 10;
    out[q--] = 0x30 + d;
    x = (x - d) / 10;
  }
  return p + n;
}

/**
 * Writes rows [first, last) of buf (rows of rl bytes) as JSON row arrays, each followed by `sep`, into
 * out from 0 while a row of at most maxRow bytes still fits; returns [next row, bytes].
 */
function writeRows(
  buf: Buffer,
  first: number,
  last: number,
  rl: number,
  cells: Cell[],
  out: Buffer,
  maxRow: number,
  sep: number,
): [number, number] {
  const nc = cells.length;
  const limit = out.length - maxRow;
  let p = 0;
  let r = first;
  for (let base = first * rl; r < last && p <= limit; r++, base += rl) {
    out[p++] = 0x5b;
    for (let j = 0; j < nc; j++) {
      if (j > 0) out[p++] = 0x2c;
      const c = cells[j]!;
      const s = base + c.off;
      if (c.t === 0) {
        let e = s + c.len;
        while (e > s && (buf[e - 1] === 0x20 || buf[e - 1] === 0)) e--;
        out[p++] = 0x22;
        const p0 = p;
        let i = s;
        for (; i < e; i++) {
          const b = buf[i]!;
          if (b < 0x20 || b >= 0x7f || b === 0x22 || b === 0x5c) break;
          out[p++] = b;
        }
        if (i < e) {
          // escapes or non-ASCII: exactly what the dictionary path does with the value
          p = p0 - 1;
          p += out.write(JSON.stringify(decodeCp1252(buf, s, e)), p, "utf8");
        } else out[p++] = 0x22;
      } else {
        const x = ibmToIeee(buf, s, c.len);
        if (Number.isNaN(x)) {
          const b0 = buf[s]!;
          if (b0 === 0x2e) p = ascii(out, p, "null");
          else {
            out[p++] = 0x22;
            out[p++] = 0x2e;
            out[p++] = b0;
            out[p++] = 0x22;
          }
        } else if (c.t === 1) {
          // -0 is written as "-0" so that the sign survives a round trip
          if (x === 0 && 1 / x < 0) p = ascii(out, p, "-0");
          else if (x === (x | 0)) p = int(out, p, x);
          else p = ascii(out, p, String(x));
        } else {
          let t = c.cache!.get(x);
          if (t === undefined) {
            t = Buffer.from(`"${c.fmt!(x)}"`, "latin1");
            if (c.cache!.size < 100_000) c.cache!.set(x, t);
          }
          p += t.copy(out, p);
        }
      }
    }
    out[p++] = 0x5d;
    out[p++] = sep;
  }
  return [r, p];
}

type Facts = ReturnType<typeof columnFacts>;

/** The facts of the numeric values of rows [from, to) (to the end when to is undefined) and how many rows there are. */
export async function xptFacts(
  input: string,
  from = 0,
  to?: number,
): Promise<{ facts: Facts | undefined; rows: number; end: number }> {
  const x = await openXpt(input);
  try {
    let facts: Facts | undefined;
    let rows = 0;
    for await (const b of x.blocks({ numericOnly: true, from, to })) {
      const f = columnFacts(b);
      facts = facts ? mergeColumnFacts(facts, f) : f;
      rows += b.length;
    }
    return { facts, rows, end: x.rowsRead ?? from + rows };
  } finally {
    await x.close();
  }
}

/**
 * Writes rows [from, to) of the XPT file as JSON rows (each followed by "," or a newline) into fh from
 * byte `pos`; returns the rows written and the end position.
 */
export async function xptRowsToJson(
  input: string,
  fh: FileHandle,
  pos: number,
  kinds: ValueKind[],
  format: "json" | "ndjson",
  from: number,
  to: number | undefined,
  progress: (rows: number) => void,
): Promise<{ rows: number; pos: number }> {
  const x = await openXpt(input);
  const inflight: (Promise<unknown> | undefined)[] = [];
  try {
    const cells: Cell[] = x.meta.variables.map((v, j) => {
      const ns = x.info.namestrs[j]!;
      const k = kinds[j]!;
      if (v.type === "Char") return { t: 0, off: ns.position, len: ns.length };
      if (k === "num") return { t: 1, off: ns.position, len: ns.length };
      const fmt = k === "date" ? sasDateToIso : k === "datetime" ? sasDatetimeToIso : sasTimeToIso;
      return { t: 2, off: ns.position, len: ns.length, fmt, cache: new Map() };
    });
    const maxRow = cells.reduce((a, c) => a + (c.t === 0 ? 6 * c.len + 2 : 32) + 1, 3);
    const cap = Math.max(4 << 20, maxRow * 2);
    const bufs = [Buffer.allocUnsafe(cap), Buffer.allocUnsafe(cap), Buffer.allocUnsafe(cap)];
    let which = 0;
    let rows = 0;
    const rl = x.rowLength;
    const sep = format === "ndjson" ? 0x0a : 0x2c;
    for await (const c of x.chunks(8 << 20, from, to)) {
      let r = 0;
      while (r < c.rows) {
        if (inflight[which]) await inflight[which];
        const out = bufs[which]!;
        const [r1, bytes] = writeRows(c.buf, r, c.rows, rl, cells, out, maxRow, sep);
        inflight[which] = fh.write(out, 0, bytes, pos);
        pos += bytes;
        rows += r1 - r;
        progress(r1 - r);
        r = r1;
        which = (which + 1) % 3;
      }
    }
    await Promise.all(inflight);
    return { rows, pos };
  } finally {
    await Promise.allSettled(inflight);
    await x.close();
  }
}

/** A second process that converts the second half of a file (see convert.ts --serve). */
export interface Helper {
  facts(input: string, from: number): Promise<{ facts: Facts | undefined; rows: number; end: number }>;
  rows(
    input: string,
    output: string,
    kinds: ValueKind[],
    format: "json" | "ndjson",
    from: number,
    progress: (rows: number) => void,
  ): Promise<{ rows: number; pos: number }>;
  close(): void;
}

/**
 * Files smaller than this convert in one process (a helper's start-up would cost more than it saves);
 * TRIALFORGE_CONVERT_SPLIT_BYTES overrides it (the tests split small files).
 */
const SPLIT_BYTES = Number(process.env.TRIALFORGE_CONVERT_SPLIT_BYTES ?? 64 * 2 ** 20);

/**
 * Converts an XPT file to Dataset-JSON at `path` (.json or .ndjson by `format`). A first pass over the
 * numeric variables finds the row count and the column types the header states. With a helper and a
 * large file, each pass is split in two halves run at once, and the helper's half of the rows is
 * appended after ours.
 */
export async function xptToDatasetJson(
  input: string,
  path: string,
  format: "json" | "ndjson",
  opts: WriteDatasetJsonOptions,
  progress: (rows: number, expected: number | undefined) => void,
  helper?: () => Helper,
): Promise<ConvertResult> {
  const x = await openXpt(input);
  const meta = x.meta;
  const unit = x.rowUnit;
  const all = x.rows;
  await x.close();
  const split = helper && x.size >= SPLIT_BYTES && all >= 4 * unit;
  const mid = split ? Math.floor(all / 2 / unit) * unit : all;
  const h = split ? helper() : undefined;
  try {
    const theirs = h?.facts(input, mid);
    theirs?.catch(() => {}); // awaited below; never an unhandled rejection if ours fails first
    // our half: a following member before mid (a library) ends the rows there, and theirs are not data
    const ours = await xptFacts(input, 0, h ? mid : undefined);
    const rest = theirs
      ? await theirs.catch((e: unknown) => {
          if (ours.end < mid) return undefined;
          throw e;
        })
      : undefined;
    const joined = rest && ours.end === mid;
    let facts = ours.facts;
    if (joined && rest.facts) facts = facts ? mergeColumnFacts(facts, rest.facts) : rest.facts;
    const n = ours.rows + (joined ? rest.rows : 0);
    facts ??= meta.variables.map(() => undefined);
    const { header, kinds } = datasetJsonHeaderFrom(meta, n, facts, { ...opts, format });
    const nd = format === "ndjson";
    let head = JSON.stringify(header);
    head = nd ? `${head}\n` : `${head.slice(0, -1)},"rows":[`;
    const headBuf = Buffer.from(head, "utf8");
    const partPath = `${path}.part2`;
    const fh = await open(path, "w");
    try {
      await fh.write(headBuf, 0, headBuf.length, 0);
      const part = joined ? h!.rows(input, partPath, kinds, format, mid, (r) => progress(r, n)) : undefined;
      part?.catch(() => {});
      const a = await xptRowsToJson(
        input,
        fh,
        headBuf.length,
        kinds,
        format,
        0,
        joined ? mid : ours.end,
        (r) => progress(r, n),
      );
      let { pos } = a;
      let rows = a.rows;
      if (part) {
        const b = await part;
        rows += b.rows;
        pos = await append(fh, pos, partPath);
      }
      if (rows !== n) throw new Error(`${input}: ${rows} rows on the second pass, ${n} on the first`);
      if (!nd) await fh.write(Buffer.from("]}"), 0, 2, rows > 0 ? pos - 1 : pos);
      return { name: meta.name, rows, variables: meta.variables.length };
    } finally {
      await fh.close();
      await rm(partPath, { force: true });
    }
  } finally {
    h?.close();
  }
}

/** Appends the file at `from` to fh at `pos`; returns the new end. */
async function append(fh: FileHandle, pos: number, from: string): Promise<number> {
  const src = await open(from, "r");
  try {
    const buf = Buffer.allocUnsafe(8 << 20);
    for (;;) {
      const { bytesRead } = await src.read(buf, 0, buf.length, null);
      if (bytesRead === 0) return pos;
      await fh.write(buf, 0, bytesRead, pos);
      pos += bytesRead;
    }
  } finally {
    await src.close();
  }
}
