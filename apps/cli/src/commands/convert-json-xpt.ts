/**
 * Dataset-JSON (.json or .ndjson) -> XPT byte to byte: each JSON row is parsed straight into an XPT
 * row (blank-filled buffer of rows x rowLength), without dictionary-coded columns in between. The
 * bytes are the same as writeXpt(readDatasetJson(file)) gives (tests/convert-cli.test.ts holds it to
 * that): plain ASCII strings are copied, any other string goes through JSON.parse and the writer's
 * encoding checks, and numbers follow the reader's parsing and the writer's IBM encoding; values XPT
 * cannot hold are refused with the writer's messages.
 */
import { UserError } from "@trialforge/core";
import {
  type DatasetJsonFile,
  isoToSasDate,
  isoToSasDatetime,
  isoToSasTime,
  type Kind,
  NEED,
  openDatasetJson,
  POW10,
  type RowTarget,
  skipWs,
} from "@trialforge/dataset-json";
import { encodeCp1252, firstNonAscii, ieeeToIbm, XptWriter } from "@trialforge/xport";
import type { ConvertResult, ConvertSettings } from "./convert-file.ts";

const SPECIAL_RE = /^\.([A-Z_])$/;

interface Cell {
  name: string;
  char: boolean;
  kind: Kind;
  off: number;
  len: number;
}

type Fail = (why: string, at: number) => never;

/** Parses rows into XPT row bytes (out: cap rows, blank-filled). */
class XptRows implements RowTarget {
  n = 0;
  private readonly tmp = Buffer.alloc(8);
  constructor(
    readonly out: Buffer,
    private readonly rl: number,
    private readonly cells: Cell[],
    private readonly row0: number,
    private readonly fail: Fail,
    private readonly ds: string,
    private readonly enc: "ascii" | "windows-1252",
  ) {}

  resetPrev(): void {}

  row(b: Buffer, p: number): number {
    const r = this.n;
    const row = this.row0 + r + 1;
    const cells = this.cells;
    const nc = cells.length;
    const base = r * this.rl;
    if (b[p] !== 0x5b) this.fail(`row ${row}: expected "["`, p);
    p++;
    for (let j = 0; j < nc; j++) {
      p = skipWs(b, p);
      if (p >= b.length) return NEED;
      p = this.value(b, p, cells[j]!, base, row);
      if (p === NEED) return NEED;
      p = skipWs(b, p);
      if (p >= b.length) return NEED;
      const c = b[p]!;
      if (j < nc - 1) {
        if (c !== 0x2c)
          this.fail(
            c === 0x5d
              ? `row ${row} has ${j + 1} values, the columns are ${nc}`
              : `row ${row}: expected "," after value ${j + 1}`,
            p,
          );
      } else if (c !== 0x5d)
        this.fail(
          c === 0x2c ? `row ${row} has more values than the ${nc} columns` : `row ${row}: expected "]"`,
          p,
        );
      p++;
    }
    if (nc === 0) {
      p = skipWs(b, p);
      if (p >= b.length) return NEED;
      if (b[p] !== 0x5d) this.fail(`row ${row} has values but there are no columns`, p);
      p++;
    }
    this.n++;
    return p;
  }

  /** Text into a character field, checked as the XPT writer checks a value. */
  private text(bytes: Buffer | undefined, s: string, c: Cell, dst: number, row: number): void {
    let problem: string | undefined;
    if (!bytes) {
      if (this.enc === "ascii") {
        const i = firstNonAscii(s);
        problem = `has the non-ASCII character "${String.fromCodePoint(s.codePointAt(i)!)}" (XPT v5 is ASCII): "${s}"`;
      } else problem = `has a character Windows-1252 cannot hold: "${s}"`;
    } else if (bytes.length > 200)
      problem = `is ${bytes.length} bytes; XPT v5 holds at most 200 bytes per value`;
    else if (bytes.length > c.len)
      problem = `is ${bytes.length} bytes, longer than the variable's length ${c.len}: "${s}"`;
    if (problem) this.failValue(`${this.ds}.${c.name} row ${row}: value ${problem}`);
    bytes!.copy(this.out, dst);
  }

  private encode(s: string): Buffer | undefined {
    if (this.enc === "ascii") return firstNonAscii(s) < 0 ? Buffer.from(s, "latin1") : undefined;
    return encodeCp1252(s);
  }

  /** A number into a numeric field (NaN: missing, with `special` its letter). */
  private num(x: number, c: Cell, dst: number, row: number, special?: string): void {
    const out = this.out;
    const t = c.len === 8 ? out : this.tmp;
    const q = c.len === 8 ? dst : 0;
    if (Number.isNaN(x)) {
      t.fill(0, q, q + 8);
      t[q] = special ? special.charCodeAt(0) : 0x2e;
    } else if (!ieeeToIbm(x, t, q))
      this.failValue(
        `${this.ds}.${c.name} row ${row}: ${x} is too large in magnitude for XPT (IBM floating point holds |x| < 7.2e75)`,
      );
    // SAS truncates numerics shorter than 8 bytes to their leading bytes
    if (c.len !== 8) t.copy(out, dst, 0, c.len);
  }

  private failValue(msg: string): never {
    throw new XptValueError(msg);
  }

  private value(b: Buffer, p: number, c: Cell, base: number, row: number): number {
    const dst = base + c.off;
    const ch = b[p]!;
    if (ch === 0x22) {
      const start = p + 1;
      let q = start;
      let plain = true;
      while (q < b.length) {
        const d = b[q]!;
        if (d === 0x22) break;
        if (d === 0x5c) {
          plain = false;
          q += 2;
        } else {
          if (d >= 0x80) plain = false;
          q++;
        }
      }
      if (q >= b.length) return NEED;
      if (c.char && plain) {
        const len = q - start;
        if (len > c.len) this.text(b.subarray(start, q), b.toString("latin1", start, q), c, dst, row);
        // a loop: Buffer.copy costs more per call than these short values take to copy
        const out = this.out;
        for (let i = start, o = dst; i < q; i++, o++) out[o] = b[i]!;
        return q + 1;
      }
      let s: string;
      if (b.indexOf(0x5c, start) >= 0 && b.indexOf(0x5c, start) < q) {
        try {
          s = JSON.parse(b.toString("utf8", start - 1, q + 1)) as string;
        } catch {
          return this.fail(`row ${row}, column ${c.name}: bad string`, start - 1);
        }
      } else s = b.toString("utf8", start, q);
      if (c.char) this.text(this.encode(s), s, c, dst, row);
      else this.numText(s, c, dst, row, start);
      return q + 1;
    }
    if (ch === 0x6e) {
      if (p + 4 > b.length) return NEED;
      if (b[p + 1] !== 0x75 || b[p + 2] !== 0x6c || b[p + 3] !== 0x6c)
        this.fail(`row ${row}, column ${c.name}: bad value`, p);
      if (!c.char) this.num(Number.NaN, c, dst, row);
      return p + 4;
    }
    if (ch === 0x74 || ch === 0x66) {
      const t = ch === 0x74;
      const len = t ? 4 : 5;
      if (p + len > b.length) return NEED;
      if (b.toString("latin1", p, p + len) !== (t ? "true" : "false"))
        this.fail(`row ${row}, column ${c.name}: bad value`, p);
      if (c.char) this.text(Buffer.from(t ? "true" : "false"), t ? "true" : "false", c, dst, row);
      else this.num(t ? 1 : 0, c, dst, row);
      return p + len;
    }
    // number: the reader's parsing (exact fast path when it fits, else Number of the text)
    let q = p;
    let neg = false;
    if (b[q] === 0x2d) {
      neg = true;
      q++;
    }
    let mant = 0;
    let digits = 0;
    let frac = 0;
    let d = b[q]! - 0x30;
    while (q < b.length && d >= 0 && d <= 9) {
      mant = mant * 10 + d;
      digits++;
      d = b[++q]! - 0x30;
    }
    if (q < b.length && b[q] === 0x2e) {
      d = b[++q]! - 0x30;
      while (q < b.length && d >= 0 && d <= 9) {
        mant = mant * 10 + d;
        digits++;
        frac++;
        d = b[++q]! - 0x30;
      }
    }
    let slow = false;
    if (q < b.length && (b[q] === 0x65 || b[q] === 0x45)) {
      slow = true;
      q++;
      if (b[q] === 0x2b || b[q] === 0x2d) q++;
      while (q < b.length && b[q]! >= 0x30 && b[q]! <= 0x39) q++;
    }
    if (q >= b.length) return NEED;
    if (digits === 0) this.fail(`row ${row}, column ${c.name}: bad value`, p);
    if (c.char) {
      const s = b.toString("latin1", p, q);
      this.text(Buffer.from(s, "latin1"), s, c, dst, row);
      return q;
    }
    let x: number;
    if (!slow && digits <= 15) {
      x = frac === 0 ? mant : mant / POW10[frac]!;
      if (neg) x = -x;
    } else x = Number(b.toString("latin1", p, q));
    this.num(x, c, dst, row);
    return q;
  }

  /** Text in a numeric column: ISO 8601 for date kinds, a number, "" (missing) or ".A" (special). */
  private numText(str: string, c: Cell, dst: number, row: number, at: number): void {
    let x: number | undefined;
    if (str === "") x = Number.NaN;
    else if (c.kind === "date") x = isoToSasDate(str);
    else if (c.kind === "datetime") x = isoToSasDatetime(str);
    else if (c.kind === "time") x = isoToSasTime(str);
    else {
      const t = str.trim();
      x = t !== "" && Number.isFinite(Number(t)) ? Number(t) : undefined;
    }
    if (x === undefined) {
      const m = SPECIAL_RE.exec(str);
      if (m) {
        this.num(Number.NaN, c, dst, row, m[1]!);
        return;
      }
      this.fail(
        `row ${row}, column ${c.name}: "${str}" is not a ${c.kind === "num" || c.kind === "decimal" ? "number" : `ISO 8601 ${c.kind}`}`,
        at,
      );
    }
    this.num(x, c, dst, row);
  }
}

/** A value XPT cannot hold (the writer's message, without a byte position). */
class XptValueError extends Error {}

/**
 * Converts Dataset-JSON to XPT at `path`, or returns undefined (having read nothing) when a character
 * column has no declared length (its XPT length is then the longest value: the caller reads it whole).
 */
export async function datasetJsonToXpt(
  input: string,
  path: string,
  format: "json" | "ndjson",
  s: ConvertSettings,
  progress: (rows: number, expected: number | undefined) => void,
): Promise<ConvertResult | undefined> {
  const d: DatasetJsonFile = await openDatasetJson(input, { format });
  try {
    if (!d.lengthsDeclared) return undefined;
    const meta = d.meta();
    const w = await XptWriter.create(path, meta, { timestamp: s.timestamp, encoding: s.encoding });
    const lay = w.layout;
    const rl = lay.rowLength;
    const cells: Cell[] = lay.layout.map((c, j) => ({
      name: c.name,
      char: c.kind === "Char",
      kind: d.kinds[j]!,
      off: c.offset,
      len: c.length,
    }));
    const blockRows = Math.max(1, Math.floor((4 << 20) / Math.max(1, rl)));
    const bufs = [0, 1, 2].map(() => Buffer.alloc(blockRows * Math.max(1, rl), 0x20));
    const writes: (Promise<unknown> | undefined)[] = [];
    let k = 0;
    let rows = 0;
    try {
      for await (const t of d.rowsInto(
        (row0, fail) => new XptRows(bufs[k % 3]!, rl, cells, row0, fail, meta.name, s.encoding),
        blockRows,
      )) {
        writes[k % 3] = w.writeRaw(t.out, t.n);
        rows += t.n;
        progress(t.n, d.records);
        k++;
        // the next block fills the buffer written three blocks ago: wait for that write, then blank it
        const next = writes[k % 3];
        if (next) {
          await next;
          bufs[k % 3]!.fill(0x20);
        }
      }
      await w.close();
    } catch (e) {
      await w.abort();
      throw e instanceof XptValueError ? new UserError(e.message) : e;
    }
    return { name: meta.name, rows, variables: meta.variables.length };
  } finally {
    await d.close();
  }
}
