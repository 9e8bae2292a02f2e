/**
 * XPORT v5 reader: parses the headers and NAMESTRs, then streams the observations in chunks straight
 * into a columnar Dataset (Float64Array / dictionary-coded characters), or into one small Dataset per
 * block (`openXpt(...).blocks()`) so a file of any size converts in bounded memory. Reads the first
 * member. Text is decoded as Windows-1252 (ASCII files are unaffected).
 *
 * A file is never accepted in part: the headers are checked against the file size before anything is
 * allocated, and the observation area must be whole rows plus blank padding to an 80-byte record (see
 * `checkArea` for what a v5 file lets a reader detect).
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
import { formatDisplayFormat } from "../format.ts";
import { decodeNamestr, LIBV8_PREFIX, NAMESTR_LEN, type Namestr, parseXptStamp, RECORD } from "../header.ts";
import { ibmToIeee } from "../ibm.ts";
import { decodeCp1252 } from "../internal/text.ts";

/** File-level facts of an XPT file that the Dataset has no place for. */
export interface XptInfo {
  sasVersion: string;
  os: string;
  /** ISO text of the created / modified stamps. */
  created?: string;
  modified?: string;
  datasetType: string;
  namestrs: Namestr[];
}

/**
 * Explicit limits of the XPT reader. XPT v5 itself caps a member at 9999 variables (a 4-digit count),
 * 200-byte character and 8-byte numeric variables.
 */
export const XPT_LIMITS = {
  /** Column memory (8 bytes per numeric cell, 4 per character cell) readXpt may allocate for one dataset. */
  maxInMemoryBytes: 4 * 2 ** 30,
} as const;

interface Layout {
  info: XptInfo;
  meta: DatasetMeta;
  dataStart: number;
  rowLength: number;
}

const dec = (b: Buffer) => decodeCp1252(b, 0, b.length);

/** Parses the header records in head (the first bytes of a file of `size` bytes). */
function parseHeaders(head: Buffer, file: string, size: number): Layout {
  const rec = (i: number) => head.toString("latin1", i * RECORD, (i + 1) * RECORD);
  const bad = (why: string) => new UserError(`${file}: not a SAS XPORT v5 file (${why})`);
  if (size < RECORD * 8) throw bad(`${size} bytes; the headers alone take ${RECORD * 8}`);
  if (rec(0).startsWith(LIBV8_PREFIX))
    throw new UserError(`${file}: SAS XPORT version 8 is not supported (only v5)`);
  if (!rec(0).startsWith("HEADER RECORD*******LIBRARY HEADER RECORD!!!!!!!")) throw bad("no library header");
  const lib = rec(1);
  if (!rec(3).startsWith("HEADER RECORD*******MEMBER  HEADER RECORD!!!!!!!")) throw bad("no member header");
  const nsLen = Number(rec(3).slice(74, 78)) || NAMESTR_LEN;
  // VAX/VMS writers use 136-byte NAMESTRs; everyone else 140
  if (nsLen !== NAMESTR_LEN && nsLen !== 136) throw bad(`NAMESTR length ${nsLen} (expected 140 or 136)`);
  const m1 = rec(5);
  const m2 = rec(6);
  const nsHead = rec(7);
  if (!nsHead.startsWith("HEADER RECORD*******NAMESTR HEADER RECORD!!!!!!!")) throw bad("no NAMESTR header");
  const nvarsText = nsHead.slice(54, 58);
  const nvars = Number(nvarsText);
  if (!/^\d{4}$/.test(nvarsText) || !Number.isInteger(nvars)) throw bad(`bad variable count "${nvarsText}"`);
  const nsStart = RECORD * 8;
  const nsEnd = nsStart + Math.ceil((nvars * nsLen) / RECORD) * RECORD;
  if (size < nsEnd + RECORD)
    throw new UserError(
      `${file}: truncated: the file ends at byte ${size}, inside the descriptions of its ${nvars} variables ` +
        `(they and the OBS header need ${nsEnd + RECORD} bytes)`,
    );
  if (head.length < nsEnd + RECORD) throw new RangeError("need more header bytes");
  const namestrs: Namestr[] = [];
  for (let i = 0; i < nvars; i++) {
    const ns = decodeNamestr(head, nsStart + i * nsLen, dec);
    const at = `${file}: variable ${i + 1} (${ns.name || "no name"}, NAMESTR at byte ${nsStart + i * nsLen})`;
    const t = head.readInt16BE(nsStart + i * nsLen);
    if (t !== 1 && t !== 2) throw new UserError(`${at}: type ${t} is neither 1 (numeric) nor 2 (character)`);
    if (t === 1 ? ns.length < 2 || ns.length > 8 : ns.length < 1 || ns.length > 200)
      throw new UserError(
        `${at}: length ${ns.length}; XPT v5 ${t === 1 ? "numerics take 2-8 bytes" : "characters take 1-200 bytes"}`,
      );
    if (ns.position < 0) throw new UserError(`${at}: negative position ${ns.position}`);
    if (ns.name === "") throw new UserError(`${at}: no name`);
    namestrs.push(ns);
  }
  const obs = head.toString("latin1", nsEnd, nsEnd + RECORD);
  if (!obs.startsWith("HEADER RECORD*******OBS     HEADER RECORD!!!!!!!")) throw bad("no OBS header");
  const name = m1.slice(8, 16).trim();
  const label = decodeCp1252(head, RECORD * 6 + 32, RECORD * 6 + 72).replace(/[ \0]+$/, "");
  const variables: VariableMeta[] = namestrs.map((n) => {
    const v: VariableMeta = {
      name: n.name,
      label: n.label,
      type: n.type === 1 ? "Num" : "Char",
      length: n.length,
    };
    const f = formatDisplayFormat({ name: n.format, width: n.formatWidth, decimals: n.formatDecimals });
    if (f) v.displayFormat = f;
    return v;
  });
  let rowLength = 0;
  for (const n of namestrs) rowLength = Math.max(rowLength, n.position + n.length);
  const adam = /^AD/i.test(name);
  const meta: DatasetMeta = {
    name,
    label,
    // XPT does not record these; readers of the Dataset who know better overwrite them.
    standard: adam ? "ADaM" : "SDTM",
    class: adam ? "ADAM OTHER" : "FINDINGS",
    structure: "",
    keys: [],
    variables,
  };
  return {
    info: {
      sasVersion: lib.slice(24, 32).trim(),
      os: lib.slice(32, 40).trim(),
      created: parseXptStamp(m1.slice(64, 80)),
      modified: parseXptStamp(m2.slice(0, 16)),
      datasetType: m2.slice(72, 80).trim(),
      namestrs,
    },
    meta,
    dataStart: nsEnd + RECORD,
    rowLength,
  };
}

/** Row decoder state for one column. */
interface NumSlot {
  kind: "Num";
  off: number;
  len: number;
  col: NumColumn;
}
interface CharSlot {
  kind: "Char";
  off: number;
  len: number;
  col: CharColumn;
  dict: ByteDictionary;
}
type Slot = NumSlot | CharSlot;

const decodeText = (b: Uint8Array, s: number, e: number) => decodeCp1252(b as Buffer, s, e);

function decodeRows(buf: Buffer, nRows: number, rl: number, slots: Slot[], row0: number): void {
  for (const s of slots) {
    if (s.kind === "Num") {
      const vals = s.col.values;
      let p = s.off;
      const len = s.len;
      for (let r = 0; r < nRows; r++, p += rl) {
        const x = ibmToIeee(buf, p, len);
        if (Number.isNaN(x)) {
          const b0 = buf[p]!;
          if (b0 !== 0x2e) {
            if (!s.col.special) s.col.special = new Map();
            s.col.special.set(row0 + r, String.fromCharCode(b0));
          }
        }
        vals[row0 + r] = x;
      }
    } else {
      const codes = s.col.codes;
      const dict = s.dict;
      const len = s.len;
      let p = s.off;
      let prevP = -1;
      let prevCode = 0;
      for (let r = 0; r < nRows; r++, p += rl) {
        if (prevP >= 0) {
          // a run of equal values (sorted keys, constant columns) costs one compare
          let k = 0;
          while (k < len && buf[p + k] === buf[prevP + k]) k++;
          if (k === len) {
            codes[row0 + r] = prevCode;
            prevP = p;
            continue;
          }
        }
        let e = p + len;
        while (e > p && (buf[e - 1] === 0x20 || buf[e - 1] === 0)) e--;
        const code = e === p ? 0 : dict.code(buf, p, e, decodeText);
        codes[row0 + r] = code;
        prevCode = code;
        prevP = p;
      }
    }
  }
}

/**
 * Refuses a row whose bytes are all zero in a dataset with character variables. SAS pads character
 * values with blanks, so an all-NUL row is what a hole in a sparse file or a zero-filled damaged file
 * looks like, never data. (In a dataset of numerics only, all-zero bytes are the value 0 everywhere and
 * cannot be told from data.) One byte per row is looked at unless it is zero.
 */
function checkZeroRows(
  buf: Buffer,
  nRows: number,
  rl: number,
  charOff: number,
  row0: number,
  at: Where,
): void {
  for (let r = 0, p = 0; r < nRows; r++, p += rl) {
    if (buf[p + charOff] !== 0) continue;
    let k = 0;
    while (k < rl && buf[p + k] === 0) k++;
    if (k === rl)
      throw new UserError(
        `${at.file}: row ${row0 + r + 1} (byte ${at.dataStart + (row0 + r) * rl}) is all zero bytes: not data ` +
          `a SAS XPORT writer produces (character values are blank padded); the file is sparse or damaged`,
      );
  }
}

interface Where {
  file: string;
  dataStart: number;
}

const MEMBER_MARK = Buffer.from("HEADER RECORD*******MEMBER  HEADER RECORD!!!!!!!", "latin1");

/**
 * Offset in data[0, len) of a following member's header (it starts an 80-byte record; `data` starts
 * on a record boundary), or -1. Only the first member of a library is read.
 */
function nextMember(data: Buffer, len: number): number {
  const area = data.subarray(0, len);
  let i = area.indexOf(MEMBER_MARK);
  while (i >= 0 && i % RECORD !== 0) i = area.indexOf(MEMBER_MARK, i + 1);
  return i;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

function isBlank(buf: Buffer, a: number, b: number): boolean {
  for (let i = a; i < b; i++) if (buf[i] !== 0x20) return false;
  return true;
}

/**
 * What a v5 file lets a reader check about its end. The observation area (from the OBS header to the end
 * of the file or the next member) is the rows back to back, then blanks up to the next multiple of 80
 * bytes; v5 stores no row count. So: the area must be a whole number of 80-byte records (a file cut
 * inside a record is caught at once), and what follows the last whole row must be fewer than 80 blanks
 * (a file cut at a record boundary inside a row is caught when that row is 80 bytes or more, or when the
 * cut row's first bytes are not blank). Not detectable: a cut at a record boundary that is also a row
 * boundary (every lcm(row length, 80) bytes), or inside a row whose bytes before the cut are all blank
 * and fewer than 80. `tail` holds the bytes after the last whole row.
 */
function checkArea(lay: Layout, areaBytes: number, tail: Buffer, file: string): void {
  const rl = lay.rowLength;
  const end = lay.dataStart + areaBytes;
  if (areaBytes % RECORD !== 0)
    throw new UserError(
      `${file}: truncated: the data ends at byte ${end}, ${areaBytes % RECORD} bytes into an 80-byte record ` +
        `(a complete XPT v5 file is whole 80-byte records)`,
    );
  if (rl === 0) return;
  const rows = Math.floor(areaBytes / rl);
  if (tail.length >= RECORD || !isBlank(tail, 0, tail.length))
    throw new UserError(
      `${file}: truncated: the data ends at byte ${end}, inside row ${rows + 1} (rows are ${rl} bytes from byte ` +
        `${lay.dataStart}; only ${tail.length} of its bytes are there)`,
    );
}

/** Reads an XPT file held in memory (small files, tests). */
export function readXptBuffer(buf: Buffer, file = "<buffer>"): Dataset {
  const lay = parseHeaders(buf, file, buf.length);
  const rl = lay.rowLength;
  let dataBytes = buf.length - lay.dataStart;
  const m = nextMember(buf.subarray(lay.dataStart), dataBytes);
  if (m >= 0) dataBytes = m;
  let n = rl === 0 ? 0 : Math.floor(dataBytes / rl);
  checkArea(lay, dataBytes, buf.subarray(lay.dataStart + n * rl, lay.dataStart + dataBytes), file);
  const { slots, cols } = makeSlots(lay, n);
  n = trimPadRows(buf, lay.dataStart, n, rl, 0, dataBytes);
  const data = buf.subarray(lay.dataStart);
  const charOff = firstCharOffset(lay);
  if (charOff >= 0) checkZeroRows(data, n, rl, charOff, 0, { file, dataStart: lay.dataStart });
  decodeRows(data, n, rl, slots, 0);
  return finish(lay, cols, n);
}

function firstCharOffset(lay: Layout): number {
  const ns = lay.info.namestrs.find((n) => n.type === 2);
  return ns ? ns.position : -1;
}

function makeSlots(lay: Layout, capacity: number, numericOnly = false) {
  const cols = new Map<string, Column>();
  const slots: Slot[] = [];
  lay.meta.variables.forEach((v, i) => {
    const ns = lay.info.namestrs[i]!;
    if (v.type === "Num") {
      const col = new NumColumn(capacity);
      cols.set(v.name, col);
      slots.push({ kind: "Num", off: ns.position, len: ns.length, col });
    } else {
      const col = new CharColumn(numericOnly ? 1 : capacity);
      cols.set(v.name, col);
      if (!numericOnly)
        slots.push({ kind: "Char", off: ns.position, len: ns.length, col, dict: new ByteDictionary(col) });
    }
  });
  return { slots, cols };
}

/**
 * Drops trailing all-blank rows that are only the final 80-byte record's padding: a padding row starts
 * after the last record boundary (rows of 80+ bytes cannot be padding). `m` rows start at buf[base],
 * the first being row r0 of the file; dataBytes is the size of the observation area.
 */
function trimPadRows(
  buf: Buffer,
  base: number,
  m: number,
  rl: number,
  r0: number,
  dataBytes: number,
): number {
  while (m > 0 && rl < RECORD) {
    if ((r0 + m - 1) * rl <= dataBytes - RECORD) break;
    const a = base + (m - 1) * rl;
    if (!isBlank(buf, a, a + rl)) break;
    m--;
  }
  return m;
}

function finish(lay: Layout, cols: Map<string, Column>, n: number): Dataset {
  for (const c of cols.values()) {
    c.length = n;
    c.seal();
  }
  return new Dataset(lay.meta, cols, n);
}

export interface ReadXptOptions {
  /** Bytes per read (rounded to whole rows and records); default 8 MiB. Small values test chunk seams. */
  chunkBytes?: number;
  /** Column memory readXpt may allocate (default XPT_LIMITS.maxInMemoryBytes); larger files: use blocks(). */
  maxInMemoryBytes?: number;
}

export interface XptBlockOptions {
  /** First row (a multiple of rowUnit) and end row of a part of the file; default all rows. */
  from?: number;
  to?: number;
  /** Rows per block (rounded to whole 80-byte records); default about 8 MiB of rows. */
  rows?: number;
  /** Decode numeric variables only (character columns come back empty): a cheap first pass. */
  numericOnly?: boolean;
}

type FileHandle = Awaited<ReturnType<typeof open>>;

/**
 * An open XPT file: its metadata, and its rows read on demand, whole (`readAll`) or block by block
 * (`blocks`, bounded memory). `rows` is the row count the file's length gives; a following member can
 * only make it smaller (found while reading), so read `rowsRead` after a full pass for the exact count.
 */
export class XptFile {
  /** Rows counted by the last complete pass (readAll or blocks). */
  rowsRead: number | undefined;
  private constructor(
    private readonly fh: FileHandle,
    readonly path: string,
    readonly size: number,
    private readonly lay: Layout,
  ) {}

  get meta(): DatasetMeta {
    return this.lay.meta;
  }
  get info(): XptInfo {
    return this.lay.info;
  }
  /** Rows that fit between the OBS header and the end of the file (before padding rows are dropped). */
  get rows(): number {
    const rl = this.lay.rowLength;
    return rl === 0 ? 0 : Math.floor((this.size - this.lay.dataStart) / rl);
  }

  static async open(path: string): Promise<XptFile> {
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
      // the NAMESTRs of 9999 variables fit in 1.4 MB: the header is read whole, never more than that
      let headLen = Math.min(size, 64 * 1024);
      for (;;) {
        const head = Buffer.alloc(headLen);
        await fh.read(head, 0, headLen, 0);
        try {
          return new XptFile(fh, path, size, parseHeaders(head, path, size));
        } catch (e) {
          if (!(e instanceof RangeError) || headLen >= size) throw e;
          headLen = Math.min(size, headLen * 4);
        }
      }
    } catch (e) {
      await fh.close();
      throw wrapIo(e, path);
    }
  }

  async close(): Promise<void> {
    await this.fh.close();
  }

  /** Reads every row into one Dataset, refusing one that needs more than the in-memory limit. */
  async readAll(opts: ReadXptOptions = {}): Promise<Dataset> {
    const lay = this.lay;
    const cap = this.rows;
    let perRow = 0;
    for (const v of lay.meta.variables) perRow += v.type === "Num" ? 8 : 4;
    const limit = opts.maxInMemoryBytes ?? XPT_LIMITS.maxInMemoryBytes;
    if (cap * perRow > limit)
      throw new UserError(
        `${this.path}: ${cap} rows x ${lay.meta.variables.length} variables need ${((cap * perRow) / 2 ** 30).toFixed(1)} GiB ` +
          `in memory, over the ${(limit / 2 ** 30).toFixed(1)} GiB limit for reading a whole dataset ` +
          `(trialforge convert streams a file of any size)`,
      );
    const { slots, cols } = makeSlots(lay, cap);
    let n = 0;
    for await (const c of this.chunks(opts.chunkBytes ?? 8 << 20)) {
      decodeRows(c.buf, c.rows, lay.rowLength, slots, c.r0);
      n = c.r0 + c.rows;
    }
    return finish(lay, cols, n);
  }

  /** The rows in blocks: each block is a Dataset of its own (fresh columns and dictionaries). */
  async *blocks(opts: XptBlockOptions = {}): AsyncGenerator<Dataset> {
    const lay = this.lay;
    const rl = lay.rowLength;
    const rows = Math.max(1, opts.rows ?? Math.floor((8 << 20) / Math.max(rl, 1)));
    for await (const c of this.chunks(rows * rl, opts.from, opts.to)) {
      const { slots, cols } = makeSlots(lay, c.rows, opts.numericOnly);
      decodeRows(c.buf, c.rows, rl, slots, 0);
      yield finish(lay, cols, c.rows);
    }
  }

  /** Bytes per row and where the rows start: rows are rowLength bytes back to back (see info.namestrs). */
  get rowLength(): number {
    return this.lay.rowLength;
  }

  /** Rows per whole number of 80-byte records: where a part of the rows may start (see chunks). */
  get rowUnit(): number {
    return RECORD / gcd(Math.max(1, this.lay.rowLength), RECORD);
  }

  /**
   * The observation area chunk by chunk, as raw rows (for transcoders that go byte to byte): whole rows
   * of buf (valid until the next step; the next read is in flight meanwhile), the first being row r0,
   * checked like every read (truncation, zero rows). Sets rowsRead at the end. `from` (a multiple of
   * rowUnit, so chunks stay on 80-byte records) and `to` read part of the rows, for work split between
   * processes; the end of the file is checked only by a part that reaches it.
   */
  async *chunks(
    chunkBytes: number,
    from = 0,
    to?: number,
  ): AsyncGenerator<{ buf: Buffer; rows: number; r0: number }> {
    const { fh, lay, path, size } = this;
    const rl = lay.rowLength;
    const dataBytes = size - lay.dataStart;
    const cap = this.rows;
    const where = { file: path, dataStart: lay.dataStart };
    const charOff = firstCharOffset(lay);
    this.rowsRead = undefined;
    let next: Promise<number> | undefined;
    try {
      // a complete library is whole 80-byte records whatever its members: a cut inside a record fails here
      if (dataBytes % RECORD !== 0) checkArea(lay, dataBytes, Buffer.alloc(0), path);
      if (rl === 0 || cap === 0) {
        const len = Math.min(dataBytes, 1 << 20);
        const tail = Buffer.alloc(len);
        await fh.read(tail, 0, len, lay.dataStart);
        const m = nextMember(tail, len);
        const area = m >= 0 ? m : dataBytes;
        checkArea(lay, area, rl === 0 ? Buffer.alloc(0) : tail.subarray(0, area), path);
        this.rowsRead = 0;
        return;
      }
      // chunks hold whole rows and whole 80-byte records, so a following member's header is never cut
      const unit = RECORD / gcd(rl, RECORD);
      const rowsPerChunk = Math.max(unit, Math.floor(Math.floor(chunkBytes / rl) / unit) * unit);
      // the bytes after the last whole row (under one row): the end of the area must be blank padding
      const tailLen = dataBytes - cap * rl;
      const lastRecord = Buffer.alloc(tailLen);
      if (tailLen) await fh.read(lastRecord, 0, tailLen, lay.dataStart + cap * rl);
      const bufs = [Buffer.allocUnsafe(rowsPerChunk * rl), Buffer.allocUnsafe(rowsPerChunk * rl)];
      const end = Math.min(cap, to ?? cap);
      if (from % unit !== 0) throw new Error(`chunks from row ${from}: not a multiple of ${unit}`);
      const readChunk = (i: number, r0: number) => {
        const rows = Math.min(rowsPerChunk, end - r0);
        return fh.read(bufs[i]!, 0, rows * rl, lay.dataStart + r0 * rl).then(() => rows);
      };
      let which = 0;
      if (from >= end) {
        this.rowsRead = from;
        return;
      }
      next = readChunk(0, from);
      for (let r0 = from; r0 < end; r0 += rowsPerChunk) {
        const rows = await next!;
        const buf = bufs[which]!;
        const r1 = r0 + rowsPerChunk;
        next = r1 < end ? readChunk(which ^ 1, r1) : undefined;
        const member = nextMember(buf, rows * rl);
        if (member >= 0) {
          if (next) await next;
          const whole = Math.floor(member / rl);
          checkArea(lay, r0 * rl + member, buf.subarray(whole * rl, member), path);
          const n = trimPadRows(buf, 0, whole, rl, r0, r0 * rl + member);
          if (charOff >= 0) checkZeroRows(buf, n, rl, charOff, r0, where);
          if (n > 0) yield { buf, rows: n, r0 };
          this.rowsRead = r0 + n;
          return;
        }
        let n = rows;
        if (r0 + rows === cap) {
          checkArea(lay, dataBytes, lastRecord, path);
          n = trimPadRows(buf, 0, rows, rl, r0, dataBytes);
        }
        if (charOff >= 0) checkZeroRows(buf, n, rl, charOff, r0, where);
        if (n > 0) yield { buf, rows: n, r0 };
        which ^= 1;
        if (r0 + rows === end) this.rowsRead = r0 + n;
      }
    } catch (e) {
      throw wrapIo(e, path);
    } finally {
      // a consumer that stops early must not leave a read in flight on a handle about to close
      await next?.catch(() => 0);
    }
  }
}

function wrapIo(e: unknown, path: string): unknown {
  const code = (e as NodeJS.ErrnoException).code;
  return code && !(e instanceof UserError) ? new UserError(`${path}: cannot read (${code})`) : e;
}

/** Opens an XPT file for reading its rows whole or in blocks; close it when done. */
export function openXpt(path: string): Promise<XptFile> {
  return XptFile.open(path);
}

/** Reads the first member of an XPT v5 file into a columnar Dataset (streaming, chunk by chunk). */
export async function readXpt(path: string, opts: ReadXptOptions = {}): Promise<Dataset> {
  return (await readXptWithInfo(path, opts)).ds;
}

/** Like readXpt, plus the header facts (SAS version, OS, stamps, raw NAMESTRs). */
export async function readXptWithInfo(
  path: string,
  opts: ReadXptOptions = {},
): Promise<{ ds: Dataset; info: XptInfo }> {
  const f = await XptFile.open(path);
  try {
    return { ds: await f.readAll(opts), info: f.info };
  } finally {
    await f.close();
  }
}
