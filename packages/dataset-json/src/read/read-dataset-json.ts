/**
 * Dataset-JSON 1.1 reader for .json and .ndjson. The file is read in chunks and the rows are parsed
 * by a small byte-level JSON scanner straight into the columns (no row arrays, and repeated text is
 * looked up, not re-decoded), so a million-row file never becomes one string or a million arrays.
 */
import { open } from "node:fs/promises";
import {
  ByteDictionary,
  CharColumn,
  type Column,
  Dataset,
  type DatasetMeta,
  NumColumn,
  UserError,
  type VariableMeta,
} from "@trialforge/core";
import { type DjColumn, toDatasetMeta, toVariableMeta, type ValueKind } from "../columns.ts";
import { isoToSasDate, isoToSasDatetime, isoToSasTime } from "../dates.ts";

const CHUNK = 8 << 20;

/**
 * Explicit limits of the Dataset-JSON reader, checked before anything is allocated: a hostile header
 * (a million columns, a "records" the file cannot hold, a row that never ends) fails at once.
 */
export const DATASET_JSON_LIMITS = {
  /** Columns of one dataset (SAS itself holds 32767; XPT v5 9999; real SDTM/ADaM a few hundred). */
  maxColumns: 10_000,
  /** Bytes of the metadata, everything before the first row. */
  maxMetadataBytes: 16 * 2 ** 20,
  /** Bytes of one row. */
  maxRowBytes: 16 * 2 ** 20,
  /** Column memory (8 bytes per numeric cell, 4 per character cell) readDatasetJson may allocate. */
  maxInMemoryBytes: 4 * 2 ** 30,
} as const;
export const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);
const SPECIAL_RE = /^\.([A-Z_])$/;

class Cursor {
  buf: Buffer = Buffer.alloc(0);
  pos = 0;
  eof = false;
  /** Bytes of the file before buf[0], for error positions. */
  base = 0;
  /** Most unparsed bytes held at once, and what they are (for the message). */
  limit: number = DATASET_JSON_LIMITS.maxMetadataBytes;
  limitWhat = "the metadata (everything before the rows)";
  constructor(
    private readonly fh: Awaited<ReturnType<typeof open>>,
    readonly file: string,
    private readonly chunkBytes = CHUNK,
  ) {}
  /** Two backing buffers used in turn (no allocation per chunk): the unparsed rest moves to the front of the other. */
  private readonly stores: Buffer[] = [];
  private which = 0;
  /** Reads the next chunk after the unparsed rest; false at the end of the file. Earlier `buf` contents are gone. */
  async more(): Promise<boolean> {
    if (this.eof) return false;
    const restLen = this.buf.length - this.pos;
    if (restLen > this.limit)
      this.fail(`${this.limitWhat} is longer than ${this.limit / 2 ** 20} MiB, the reader's limit`);
    this.which ^= 1;
    let store = this.stores[this.which];
    if (!store || store.length < restLen + this.chunkBytes) {
      store = Buffer.allocUnsafe(restLen + this.chunkBytes);
      this.stores[this.which] = store;
    }
    this.buf.copy(store, 0, this.pos);
    const { bytesRead } = await this.fh.read(store, restLen, this.chunkBytes, null);
    if (bytesRead === 0) {
      this.eof = true;
      return false;
    }
    this.base += this.pos;
    this.buf = store.subarray(0, restLen + bytesRead);
    this.pos = 0;
    return true;
  }
  fail(why: string, at = this.pos): never {
    throw new UserError(`${this.file}: ${why} (byte ${this.base + at + 1})`);
  }
}

export const NEED = -1;

export function skipWs(b: Buffer, p: number): number {
  while (p < b.length) {
    const c = b[p]!;
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    p++;
  }
  return p;
}

/** End (exclusive) of the JSON value starting at p, or NEED when the buffer ends first. */
function valueEnd(b: Buffer, p: number): number {
  let depth = 0;
  while (p < b.length) {
    const c = b[p]!;
    if (c === 0x22) {
      p = stringEnd(b, p + 1);
      if (p === NEED) return NEED;
      if (depth === 0) return p;
      continue;
    }
    if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) {
      depth--;
      if (depth === 0) return p + 1;
      if (depth < 0) return p;
    } else if (depth === 0 && (c === 0x2c || c === 0x0a || c === 0x0d || c === 0x20 || c === 0x09)) return p;
    p++;
  }
  return NEED;
}

/** Position after the closing quote of a string whose body starts at p, or NEED. */
function stringEnd(b: Buffer, p: number): number {
  while (p < b.length) {
    const c = b[p]!;
    if (c === 0x22) return p + 1;
    if (c === 0x5c) p += 2;
    else p++;
  }
  return NEED;
}

export type Kind = ValueKind | "decimal" | "boolean";

interface Slot {
  kind: Kind;
  num?: NumColumn;
  char?: CharColumn;
  dict?: ByteDictionary;
  prevS: number;
  prevE: number;
  prevCode: number;
}

/** Text of a JSON string body buf[s, e) (escapes resolved). */
const decodeJsonString = (b: Uint8Array, s: number, e: number): string => {
  const buf = b as Buffer;
  for (let i = s; i < e; i++)
    if (buf[i] === 0x5c) return JSON.parse(buf.toString("utf8", s - 1, e + 1)) as string;
  return buf.toString("utf8", s, e);
};

/** Parses rows into columns; a row cut by the buffer end is parsed again after more bytes arrive. */
class RowSink {
  n = 0;
  /** Rows of the file before this sink's first row (blocks), for messages. */
  row0 = 0;
  readonly slots: Slot[];
  cap: number;
  constructor(
    readonly vars: VariableMeta[],
    kinds: Kind[],
    capacity: number,
    private readonly cur: Cursor,
  ) {
    this.cap = Math.max(16, capacity);
    this.slots = vars.map((v, j) => {
      const char = v.type === "Char" ? new CharColumn(this.cap) : undefined;
      return {
        kind: kinds[j]!,
        num: v.type === "Num" ? new NumColumn(this.cap) : undefined,
        char,
        dict: char ? new ByteDictionary(char) : undefined,
        prevS: -1,
        prevE: -1,
        prevCode: 0,
      };
    });
  }

  private grow(): void {
    this.cap *= 2;
    for (const s of this.slots) {
      if (s.num) {
        const v = new Float64Array(this.cap);
        v.set(s.num.values);
        s.num.values = v;
      } else {
        const v = new Uint32Array(this.cap);
        v.set(s.char!.codes);
        s.char!.codes = v;
      }
    }
  }

  resetPrev(): void {
    for (const s of this.slots) s.prevS = -1;
  }

  /** Parses one row array at b[p] ("["); returns the position after "]" or NEED. */
  row(b: Buffer, p: number): number {
    if (this.n === this.cap) this.grow();
    const r = this.n;
    const slots = this.slots;
    const nc = slots.length;
    if (b[p] !== 0x5b) this.cur.fail(`row ${this.row0 + r + 1}: expected "["`, p);
    p++;
    for (let j = 0; j < nc; j++) {
      p = skipWs(b, p);
      if (p >= b.length) return NEED;
      p = this.value(b, p, slots[j]!, r, j);
      if (p === NEED) return NEED;
      p = skipWs(b, p);
      if (p >= b.length) return NEED;
      const c = b[p]!;
      if (j < nc - 1) {
        if (c !== 0x2c)
          this.cur.fail(
            c === 0x5d
              ? `row ${this.row0 + r + 1} has ${j + 1} values, the columns are ${nc}`
              : `row ${this.row0 + r + 1}: expected "," after value ${j + 1}`,
            p,
          );
      } else if (c !== 0x5d)
        this.cur.fail(
          c === 0x2c
            ? `row ${this.row0 + r + 1} has more values than the ${nc} columns`
            : `row ${this.row0 + r + 1}: expected "]"`,
          p,
        );
      p++;
    }
    if (nc === 0) {
      p = skipWs(b, p);
      if (p >= b.length) return NEED;
      if (b[p] !== 0x5d) this.cur.fail(`row ${this.row0 + r + 1} has values but there are no columns`, p);
      p++;
    }
    this.n++;
    return p;
  }

  private value(b: Buffer, p: number, s: Slot, r: number, j: number): number {
    const c = b[p]!;
    if (c === 0x22) {
      // string
      const start = p + 1;
      let q = start;
      let plain = true;
      while (q < b.length) {
        const d = b[q]!;
        if (d === 0x22) break;
        if (d === 0x5c) {
          plain = false;
          q += 2;
        } else q++;
      }
      if (q >= b.length) return NEED;
      const end = q;
      if (s.char) {
        const len = end - start;
        let code = -1;
        if (s.prevS >= 0 && s.prevE - s.prevS === len) {
          // a run of equal values (sorted keys, constant columns) costs one compare
          const ps = s.prevS;
          let k = 0;
          while (k < len && b[start + k] === b[ps + k]) k++;
          if (k === len) code = s.prevCode;
        }
        if (code < 0) {
          try {
            code = s.dict!.code(b, start, end, decodeJsonString);
          } catch {
            this.cur.fail(`row ${this.row0 + r + 1}, column ${this.vars[j]!.name}: bad string`, start - 1);
          }
          s.prevS = start;
          s.prevE = end;
          s.prevCode = code;
        }
        s.char.codes[r] = code;
      } else {
        const str = plain ? b.toString("utf8", start, end) : this.unescape(b, start - 1, end + 1, r, j);
        this.numFromText(str, s, r, j, start);
      }
      return end + 1;
    }
    if (c === 0x6e) {
      // null
      if (p + 4 > b.length) return NEED;
      if (b[p + 1] !== 0x75 || b[p + 2] !== 0x6c || b[p + 3] !== 0x6c)
        this.cur.fail(`row ${this.row0 + r + 1}, column ${this.vars[j]!.name}: bad value`, p);
      if (s.num) s.num.values[r] = Number.NaN;
      else s.char!.codes[r] = 0;
      return p + 4;
    }
    if (c === 0x74 || c === 0x66) {
      const t = c === 0x74;
      const len = t ? 4 : 5;
      if (p + len > b.length) return NEED;
      if (b.toString("latin1", p, p + len) !== (t ? "true" : "false"))
        this.cur.fail(`row ${this.row0 + r + 1}, column ${this.vars[j]!.name}: bad value`, p);
      if (s.num) s.num.values[r] = t ? 1 : 0;
      else s.char!.codes[r] = s.char!.codeOf(t ? "true" : "false");
      return p + len;
    }
    // number
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
    if (digits === 0) this.cur.fail(`row ${this.row0 + r + 1}, column ${this.vars[j]!.name}: bad value`, p);
    let x: number;
    if (!slow && digits <= 15) {
      // exact: mant < 2^53 and 10^frac is exact, so one division rounds correctly (Clinger's fast path)
      x = frac === 0 ? mant : mant / POW10[frac]!;
      if (neg) x = -x;
    } else x = Number(b.toString("latin1", p, q));
    if (s.num) s.num.values[r] = x;
    else {
      s.char!.codes[r] = s.char!.codeOf(b.toString("latin1", p, q));
    }
    return q;
  }

  private unescape(b: Buffer, s: number, e: number, r: number, j: number): string {
    try {
      return JSON.parse(b.toString("utf8", s, e)) as string;
    } catch {
      return this.cur.fail(`row ${this.row0 + r + 1}, column ${this.vars[j]!.name}: bad string`, s);
    }
  }

  private numFromText(str: string, s: Slot, r: number, j: number, at: number): void {
    const col = s.num!;
    let x: number | undefined;
    if (str === "") x = Number.NaN;
    else if (s.kind === "date") x = isoToSasDate(str);
    else if (s.kind === "datetime") x = isoToSasDatetime(str);
    else if (s.kind === "time") x = isoToSasTime(str);
    else {
      const t = str.trim();
      x = t !== "" && Number.isFinite(Number(t)) ? Number(t) : undefined;
    }
    if (x === undefined) {
      const m = SPECIAL_RE.exec(str);
      if (m) {
        col.values[r] = Number.NaN;
        if (!col.special) col.special = new Map();
        col.special.set(r, m[1]!);
        return;
      }
      this.cur.fail(
        `row ${this.row0 + r + 1}, column ${this.vars[j]!.name}: "${str}" is not a ${s.kind === "num" || s.kind === "decimal" ? "number" : `ISO 8601 ${s.kind}`}`,
        at,
      );
    }
    col.values[r] = x;
    col.special?.delete(r);
  }
}

/**
 * What rowsInto fills: `row(buf, p)` parses one row array starting at buf[p] ("["), returning the
 * position after its "]", or NEED (-1) when buf ends first (the row is parsed again with more bytes).
 */
export interface RowTarget {
  n: number;
  row(b: Buffer, p: number): number;
  resetPrev(): void;
}

interface Header {
  name?: string;
  label?: string;
  records?: number;
  columns?: DjColumn[];
  datasetJSONVersion?: string;
  [k: string]: unknown;
}

interface Columns {
  vars: VariableMeta[];
  kinds: Kind[];
}

/** The column definitions, checked (names, types, count) before any row is read or column allocated. */
function checkColumns(h: Header, cur: Cursor, size: number, metaBytes: number): Columns {
  if (!Array.isArray(h.columns)) cur.fail(`no "columns" before the rows`);
  if (typeof h.name !== "string") cur.fail(`no dataset "name"`);
  const nc = h.columns.length;
  if (nc > DATASET_JSON_LIMITS.maxColumns)
    cur.fail(`${nc} columns; the reader's limit is ${DATASET_JSON_LIMITS.maxColumns}`);
  const vars: VariableMeta[] = [];
  const kinds: Kind[] = [];
  const seen = new Set<string>();
  for (const c of h.columns) {
    if (!c || typeof c.name !== "string" || typeof c.dataType !== "string")
      cur.fail(`a column has no name or dataType`);
    if (seen.has(c.name)) cur.fail(`column "${c.name}" appears twice`);
    seen.add(c.name);
    const { meta, kind } = toVariableMeta(c);
    vars.push(meta);
    kinds.push(kind);
  }
  if (h.records !== undefined) {
    if (typeof h.records !== "number" || !Number.isInteger(h.records) || h.records < 0)
      cur.fail(`"records" is ${JSON.stringify(h.records)}, not a row count`);
    // a row is at least "[", one byte per value, the commas between them and "]", then "," or a newline
    const minRow = Math.max(2, 2 * nc + 1);
    const rest = Math.max(0, size - metaBytes);
    const most = Math.floor((rest + 1) / (minRow + 1));
    if (h.records > most)
      cur.fail(
        `"records" says ${h.records} but the file has room for at most ${most} rows of ${nc} columns (${rest} bytes after the metadata)`,
      );
  }
  return { vars, kinds };
}

/** Options of readDatasetJson and openDatasetJson. */
export interface ReadDatasetJsonOptions {
  format?: "json" | "ndjson";
  /** Read size, default 8 MiB (small values test chunk boundaries). */
  chunkBytes?: number;
  /** Column memory readDatasetJson may allocate (default DATASET_JSON_LIMITS.maxInMemoryBytes). */
  maxInMemoryBytes?: number;
}

type FileHandle = Awaited<ReturnType<typeof open>>;

/**
 * An open Dataset-JSON file: its metadata (read when opened), then its rows whole (`readAll`) or block
 * by block (`blocks`, bounded memory). Each is a single pass; open again for another.
 */
export class DatasetJsonFile {
  readonly vars: VariableMeta[];
  /** How each column's values are read (see toVariableMeta). */
  readonly kinds: Kind[];
  private used = false;
  private constructor(
    private readonly fh: FileHandle,
    readonly path: string,
    private readonly cur: Cursor,
    readonly header: Header,
    cols: Columns,
    private readonly ndjson: boolean,
    readonly size: number,
  ) {
    this.vars = cols.vars;
    this.kinds = cols.kinds;
  }

  /** Declared row count ("records"), when the file gives one. */
  get records(): number | undefined {
    return this.header.records;
  }
  get name(): string {
    return this.header.name!;
  }
  /** Whether every character column declares its length (else readAll takes the longest value). */
  get lengthsDeclared(): boolean {
    return this.vars.every((v) => v.type !== "Char" || v.length > 0);
  }
  /** Dataset metadata (character lengths the file leaves out are 0 until readAll fills them in). */
  meta(): DatasetMeta {
    return toDatasetMeta(this.header.name!, this.header.label ?? "", this.vars);
  }

  static async open(path: string, opts: ReadDatasetJsonOptions = {}): Promise<DatasetJsonFile> {
    let fh: FileHandle;
    try {
      fh = await open(path, "r");
    } catch (e) {
      throw new UserError(
        `${path}: cannot open (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      );
    }
    try {
      const size = (await fh.stat()).size;
      const cur = new Cursor(fh, path, opts.chunkBytes);
      await cur.more();
      // skip a UTF-8 byte order mark
      if (cur.buf[0] === 0xef && cur.buf[1] === 0xbb && cur.buf[2] === 0xbf) cur.pos = 3;
      const nd = (opts.format ?? (/\.ndjson$/i.test(path) ? "ndjson" : "json")) === "ndjson";
      const h = nd ? await ndjsonHeader(cur) : await jsonHeader(cur);
      const cols = checkColumns(h, cur, size, cur.base + cur.pos);
      cur.limit = DATASET_JSON_LIMITS.maxRowBytes;
      cur.limitWhat = "a row";
      return new DatasetJsonFile(fh, path, cur, h, cols, nd, size);
    } catch (e) {
      await fh.close();
      throw wrapIo(e, path);
    }
  }

  async close(): Promise<void> {
    await this.fh.close();
  }

  /** Every row in one Dataset (character lengths not in the file become the longest value's bytes). */
  async readAll(opts: ReadDatasetJsonOptions = {}): Promise<Dataset> {
    const records = this.records;
    let perRow = 0;
    for (const v of this.vars) perRow += v.type === "Num" ? 8 : 4;
    const limit = opts.maxInMemoryBytes ?? DATASET_JSON_LIMITS.maxInMemoryBytes;
    if (records !== undefined && records * perRow > limit)
      this.cur.fail(
        `${records} rows x ${this.vars.length} columns need ${((records * perRow) / 2 ** 30).toFixed(1)} GiB in memory, ` +
          `over the ${(limit / 2 ** 30).toFixed(1)} GiB limit for reading a whole dataset (trialforge convert streams a file of any size)`,
      );
    let ds: Dataset | undefined;
    for await (const sink of this.sinks(Number.POSITIVE_INFINITY, records ?? 1024)) {
      ds = this.toDataset(sink, true);
    }
    return ds!;
  }

  /** The rows in blocks of `rows` (default 16384): each a Dataset of its own. */
  async *blocks(opts: { rows?: number } = {}): AsyncGenerator<Dataset> {
    const rows = Math.max(1, opts.rows ?? 16384);
    for await (const sink of this.sinks(rows, Math.min(rows, this.records ?? rows))) {
      if (sink.n > 0) yield this.toDataset(sink, false);
    }
  }

  private toDataset(sink: RowSink, fillLengths: boolean): Dataset {
    const n = sink.n;
    const cols = new Map<string, Column>();
    const vars = fillLengths ? this.vars : this.vars.map((v) => ({ ...v }));
    vars.forEach((v, j) => {
      const s = sink.slots[j]!;
      const c = (s.num ?? s.char)!;
      c.length = n;
      c.seal();
      if (fillLengths && v.type === "Char" && !v.length) {
        // no length in the file: the longest value's UTF-8 bytes
        let max = 1;
        for (const t of (c as CharColumn).dict) max = Math.max(max, Buffer.byteLength(t, "utf8"));
        v.length = max;
      }
      cols.set(v.name, c);
    });
    return new Dataset(toDatasetMeta(this.header.name!, this.header.label ?? "", vars), cols, n);
  }

  private sinks(blockRows: number, capacity: number): AsyncGenerator<RowSink> {
    return this.rowsInto((row0) => {
      const s = new RowSink(this.vars, this.kinds, capacity, this.cur);
      s.row0 = row0;
      return s;
    }, blockRows);
  }

  /**
   * Parses the rows into targets of at most `blockRows` rows (made by `make(firstRow, fail)`), yielding
   * each when full and the last at the end; checks the total against "records" (as soon as it is
   * exceeded, and at the end). For transcoders that parse rows straight into another format.
   */
  async *rowsInto<T extends RowTarget>(
    make: (row0: number, fail: (why: string, at: number) => never) => T,
    blockRows: number,
  ): AsyncGenerator<T> {
    if (this.used) throw new Error(`${this.path}: the rows were read already; open the file again`);
    this.used = true;
    const cur = this.cur;
    const records = this.records;
    const fail = (why: string, at: number) => cur.fail(why, at);
    let sink = make(0, fail);
    let total = 0;
    const full = () => {
      total += sink.n;
      if (records !== undefined && total > records)
        cur.fail(`"records" says ${records} but the file has more rows`);
      return sink;
    };
    const fresh = () => make(total, fail);
    let done = false;
    while (!done) {
      const b = cur.buf;
      let p = cur.pos;
      let yielded = false;
      for (;;) {
        p = skipWs(b, p);
        if (p >= b.length) break;
        if (!this.ndjson) {
          const d = b[p]!;
          if (d === 0x2c) {
            p++;
            continue;
          }
          if (d === 0x5d) {
            p++;
            done = true;
            break;
          }
        }
        const q = sink.row(b, p);
        if (q === NEED) break;
        p = q;
        if (sink.n >= blockRows) {
          cur.pos = p;
          yield full();
          sink = fresh();
          yielded = true;
          break;
        }
      }
      if (yielded) continue;
      cur.pos = p;
      sink.resetPrev();
      if (done) break;
      if (!(await cur.more())) {
        if (!this.ndjson) cur.fail(`file ends inside row ${total + sink.n + 1}`);
        if (skipWs(cur.buf, cur.pos) < cur.buf.length) cur.fail(`row ${total + sink.n + 1} is incomplete`);
        break;
      }
    }
    if (!this.ndjson) await jsonTrailer(cur, this.header);
    const last = full();
    if (records !== undefined && records !== total)
      cur.fail(`"records" says ${records} but the file has ${total} rows`);
    yield last;
  }
}

function wrapIo(e: unknown, path: string): unknown {
  const code = (e as NodeJS.ErrnoException).code;
  return code && !(e instanceof UserError) ? new UserError(`${path}: cannot read (${code})`) : e;
}

/** NDJSON: the metadata object is the first line. */
async function ndjsonHeader(cur: Cursor): Promise<Header> {
  let nl: number;
  for (;;) {
    nl = cur.buf.indexOf(0x0a, cur.pos);
    if (nl >= 0 || !(await cur.more())) break;
  }
  const end = nl < 0 ? cur.buf.length : nl;
  let h: Header;
  try {
    h = JSON.parse(cur.buf.toString("utf8", cur.pos, end)) as Header;
  } catch (e) {
    return cur.fail(`first line is not the Dataset-JSON metadata object (${(e as Error).message})`);
  }
  if (!h || typeof h !== "object" || Array.isArray(h))
    return cur.fail(`first line is not the Dataset-JSON metadata object`);
  cur.pos = end;
  return h;
}

/**
 * .json: the top-level keys up to "rows" (which must come after "columns", CDISC's order); leaves the
 * cursor on the first row. A file without "rows" leaves it on the closing "}".
 */
async function jsonHeader(cur: Cursor): Promise<Header> {
  const h: Header = {};
  const need = async (what: string) => {
    if (!(await cur.more())) cur.fail(`file ends inside ${what}`);
  };
  for (;;) {
    cur.pos = skipWs(cur.buf, cur.pos);
    if (cur.pos < cur.buf.length) break;
    await need("the top-level object");
  }
  if (cur.buf[cur.pos] !== 0x7b) cur.fail(`expected "{" (not a Dataset-JSON .json file)`);
  cur.pos++;
  const rows = await jsonKeys(cur, h, true);
  if (!rows) {
    // no rows at all: an empty "rows" is the same
    cur.buf = Buffer.from("]");
    cur.pos = 0;
    cur.eof = true;
  }
  return h;
}

/** After "rows": the remaining top-level keys, then end of input. */
async function jsonTrailer(cur: Cursor, h: Header): Promise<void> {
  if (cur.eof && cur.buf.length === 1 && cur.buf[0] === 0x5d) return;
  if (await jsonKeys(cur, h, false)) cur.fail(`"rows" appears twice`);
}

/** Parses top-level keys into h until "}" (returns false) or, when stopAtRows, "rows": [ (returns true). */
async function jsonKeys(cur: Cursor, h: Header, stopAtRows: boolean): Promise<boolean> {
  const need = async (what: string) => {
    if (!(await cur.more())) cur.fail(`file ends inside ${what}`);
  };
  for (;;) {
    cur.pos = skipWs(cur.buf, cur.pos);
    if (cur.pos >= cur.buf.length) {
      await need("the top-level object");
      continue;
    }
    const c = cur.buf[cur.pos]!;
    if (c === 0x7d) {
      cur.pos++;
      return false;
    }
    if (c === 0x2c) {
      cur.pos++;
      continue;
    }
    if (c !== 0x22) cur.fail(`expected a key`);
    const ke = stringEnd(cur.buf, cur.pos + 1);
    const colon = ke === NEED ? NEED : skipWs(cur.buf, ke);
    if (ke === NEED || colon >= cur.buf.length) {
      await need("a key");
      continue;
    }
    const key = JSON.parse(cur.buf.toString("utf8", cur.pos, ke)) as string;
    if (cur.buf[colon] !== 0x3a) cur.fail(`expected ":" after "${key}"`, colon);
    const vs = skipWs(cur.buf, colon + 1);
    if (vs >= cur.buf.length) {
      await need(`"${key}"`);
      continue;
    }
    if (key === "rows") {
      if (cur.buf[vs] !== 0x5b) cur.fail(`"rows" is not an array`, vs);
      if (!stopAtRows) return true;
      cur.pos = vs + 1;
      return true;
    }
    const ve = valueEnd(cur.buf, vs);
    if (ve === NEED) {
      await need(`"${key}"`);
      continue;
    }
    try {
      h[key] = JSON.parse(cur.buf.toString("utf8", vs, ve));
    } catch (e) {
      cur.fail(`bad value of "${key}" (${(e as Error).message})`, vs);
    }
    cur.pos = ve;
  }
}

/** Opens a Dataset-JSON file and reads its metadata; read the rows with readAll or blocks, then close. */
export function openDatasetJson(path: string, opts: ReadDatasetJsonOptions = {}): Promise<DatasetJsonFile> {
  return DatasetJsonFile.open(path, opts);
}

/**
 * Reads a Dataset-JSON 1.1 file (.json, or .ndjson by extension) into a columnar Dataset.
 * Numeric date/datetime/time columns (targetDataType "integer") become SAS numbers with their
 * displayFormat (default DATE9. / E8601DT19. / TIME8.); text ".A"-".Z", "._" in a numeric column is a
 * SAS special missing value; character lengths default to the longest value when not given.
 */
export async function readDatasetJson(path: string, opts: ReadDatasetJsonOptions = {}): Promise<Dataset> {
  const f = await DatasetJsonFile.open(path, opts);
  try {
    return await f.readAll(opts);
  } catch (e) {
    throw wrapIo(e, path);
  } finally {
    await f.close();
  }
}
