/**
 * XPORT v5 reader: parses the headers and NAMESTRs, then streams the observations in chunks straight
 * into a columnar Dataset (Float64Array / dictionary-coded characters). Reads the first member.
 * Text is decoded as Windows-1252 (ASCII files are unaffected).
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
import { ibmToIeee, ibmWordsToIeee } from "../ibm.ts";
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

interface Layout {
  info: XptInfo;
  meta: DatasetMeta;
  dataStart: number;
  rowLength: number;
}

const dec = (b: Buffer) => decodeCp1252(b, 0, b.length);

function parseHeaders(head: Buffer, file: string): Layout {
  const rec = (i: number) => head.toString("latin1", i * RECORD, (i + 1) * RECORD);
  const bad = (why: string) => new UserError(`${file}: not a SAS XPORT v5 file (${why})`);
  if (head.length < RECORD * 8) throw bad("too short");
  if (rec(0).startsWith(LIBV8_PREFIX))
    throw new UserError(`${file}: SAS XPORT version 8 is not supported (only v5)`);
  if (!rec(0).startsWith("HEADER RECORD*******LIBRARY HEADER RECORD!!!!!!!")) throw bad("no library header");
  const lib = rec(1);
  if (!rec(3).startsWith("HEADER RECORD*******MEMBER  HEADER RECORD!!!!!!!")) throw bad("no member header");
  const nsLen = Number(rec(3).slice(74, 78)) || NAMESTR_LEN;
  const m1 = rec(5);
  const m2 = rec(6);
  const nsHead = rec(7);
  if (!nsHead.startsWith("HEADER RECORD*******NAMESTR HEADER RECORD!!!!!!!")) throw bad("no NAMESTR header");
  const nvars = Number(nsHead.slice(54, 58));
  if (!Number.isInteger(nvars)) throw bad("bad variable count");
  const nsStart = RECORD * 8;
  const nsEnd = nsStart + Math.ceil((nvars * nsLen) / RECORD) * RECORD;
  if (head.length < nsEnd + RECORD) throw bad("truncated NAMESTR records");
  const namestrs: Namestr[] = [];
  for (let i = 0; i < nvars; i++) namestrs.push(decodeNamestr(head, nsStart + i * nsLen, dec));
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

const decodeText = (b: Uint8Array, s: number, e: number) => decodeCp1252(b as Buffer, s, e);

/**
 * Rows per cache block: columns are decoded one after the other over a block of rows small enough to stay
 * in the CPU cache (a column pass over a whole 8 MB chunk of wide rows would fetch every row's cache line
 * once per column).
 */
const BLOCK_BYTES = 1 << 16;

function decodeRows(
  buf: Buffer,
  nRows: number,
  rl: number,
  slots: (NumSlot | CharSlot)[],
  row0: number,
): void {
  const block = Math.max(1, Math.floor(BLOCK_BYTES / Math.max(1, rl)));
  // Per character column: the previous row's offset and code (a run of equal values costs one compare).
  const prevPs = new Float64Array(slots.length).fill(-1);
  const prevCodes = new Uint32Array(slots.length);
  // 4 bytes per step (unaligned big-endian reads) for the run compare and the blank trim.
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.length);
  for (let b0 = 0; b0 < nRows; b0 += block) {
    const b1 = Math.min(nRows, b0 + block);
    for (let si = 0; si < slots.length; si++) {
      const s = slots[si]!;
      if (s.kind === "Num") {
        const vals = s.col.values;
        let p = s.off + b0 * rl;
        const len = s.len;
        for (let r = b0; r < b1; r++, p += rl) {
          const x = len === 8 ? ibmWordsToIeee(dv.getUint32(p), dv.getUint32(p + 4)) : ibmToIeee(buf, p, len);
          if (Number.isNaN(x)) {
            const c0 = buf[p]!;
            if (c0 !== 0x2e) {
              if (!s.col.special) s.col.special = new Map();
              s.col.special.set(row0 + r, String.fromCharCode(c0));
            }
          }
          vals[row0 + r] = x;
        }
      } else {
        const codes = s.col.codes;
        const dict = s.dict;
        const len = s.len;
        let p = s.off + b0 * rl;
        let prevP = prevPs[si]!;
        let prevCode = prevCodes[si]!;
        for (let r = b0; r < b1; r++, p += rl) {
          if (prevP >= 0) {
            let k = 0;
            while (k + 4 <= len && dv.getInt32(p + k) === dv.getInt32(prevP + k)) k += 4;
            while (k < len && buf[p + k] === buf[prevP + k]) k++;
            if (k === len) {
              codes[row0 + r] = prevCode;
              prevP = p;
              continue;
            }
          }
          let e = p + len;
          while (e - 4 >= p && dv.getInt32(e - 4) === 0x20202020) e -= 4;
          while (e > p && (buf[e - 1] === 0x20 || buf[e - 1] === 0)) e--;
          const code = e === p ? 0 : dict.code(buf, p, e, decodeText);
          codes[row0 + r] = code;
          prevCode = code;
          prevP = p;
        }
        prevPs[si] = prevP;
        prevCodes[si] = prevCode;
      }
    }
  }
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

/** Reads an XPT file held in memory (small files, tests). */
export function readXptBuffer(buf: Buffer, file = "<buffer>"): Dataset {
  return readFromBytes(buf, file).ds;
}

function readFromBytes(buf: Buffer, file: string): { ds: Dataset; info: XptInfo } {
  const lay = parseHeaders(buf, file);
  const { slots, cols } = makeSlots(
    lay,
    Math.floor((buf.length - lay.dataStart) / Math.max(1, lay.rowLength)),
  );
  const rl = lay.rowLength;
  let dataBytes = buf.length - lay.dataStart;
  const m = nextMember(buf.subarray(lay.dataStart), dataBytes);
  if (m >= 0) dataBytes = m;
  let n = rl === 0 ? 0 : Math.floor(dataBytes / rl);
  n = trimPadRows(buf, lay.dataStart, n, rl, 0, dataBytes);
  decodeRows(buf.subarray(lay.dataStart), n, rl, slots, 0);
  return { ds: finish(lay, cols, n), info: lay.info };
}

function makeSlots(lay: Layout, capacity: number) {
  const cols = new Map<string, Column>();
  const slots: (NumSlot | CharSlot)[] = [];
  lay.meta.variables.forEach((v, i) => {
    const ns = lay.info.namestrs[i]!;
    if (v.type === "Num") {
      const col = new NumColumn(capacity);
      cols.set(v.name, col);
      slots.push({ kind: "Num", off: ns.position, len: ns.length, col });
    } else {
      const col = new CharColumn(capacity);
      cols.set(v.name, col);
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

/** Reads the first member of an XPT v5 file into a columnar Dataset (streaming, chunk by chunk). */
export async function readXpt(path: string, opts: ReadXptOptions = {}): Promise<Dataset> {
  return (await readXptWithInfo(path, opts)).ds;
}

export interface ReadXptOptions {
  /** Bytes per read (rounded to whole rows and records); default 8 MiB. Small values test chunk seams. */
  chunkBytes?: number;
}

/** Like readXpt, plus the header facts (SAS version, OS, stamps, raw NAMESTRs). */
export async function readXptWithInfo(
  path: string,
  opts: ReadXptOptions = {},
): Promise<{ ds: Dataset; info: XptInfo }> {
  let fh: Awaited<ReturnType<typeof open>>;
  try {
    fh = await open(path, "r");
  } catch (e) {
    throw new UserError(
      `${path}: cannot open (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
    );
  }
  try {
    const size = (await fh.stat()).size;
    let headLen = Math.min(size, 64 * 1024);
    let head = Buffer.alloc(headLen);
    await fh.read(head, 0, headLen, 0);
    let lay: Layout;
    for (;;) {
      try {
        lay = parseHeaders(head, path);
        break;
      } catch (e) {
        if (headLen >= size || !/truncated NAMESTR/.test((e as Error).message)) throw e;
        headLen = Math.min(size, headLen * 4);
        head = Buffer.alloc(headLen);
        await fh.read(head, 0, headLen, 0);
      }
    }
    const rl = lay.rowLength;
    const dataBytes = size - lay.dataStart;
    const cap = rl === 0 ? 0 : Math.floor(dataBytes / rl);
    const { slots, cols } = makeSlots(lay, cap);
    if (rl === 0 || cap === 0) return { ds: finish(lay, cols, 0), info: lay.info };
    // chunks hold whole rows and whole 80-byte records, so a following member's header is never cut
    const unit = RECORD / gcd(rl, RECORD);
    const rowsPerChunk = Math.max(
      unit,
      Math.floor(Math.floor((opts.chunkBytes ?? 8 << 20) / rl) / unit) * unit,
    );
    const bufs = [Buffer.allocUnsafe(rowsPerChunk * rl), Buffer.allocUnsafe(rowsPerChunk * rl)];
    const readChunk = (i: number, r0: number) => {
      const rows = Math.min(rowsPerChunk, cap - r0);
      return fh.read(bufs[i]!, 0, rows * rl, lay.dataStart + r0 * rl).then(() => rows);
    };
    let which = 0;
    let next: Promise<number> | undefined = readChunk(0, 0);
    let n = cap;
    for (let r0 = 0; r0 < cap; r0 += rowsPerChunk) {
      const rows = await next!;
      const buf = bufs[which]!;
      const r1 = r0 + rowsPerChunk;
      next = r1 < cap ? readChunk(which ^ 1, r1) : undefined;
      const member = nextMember(buf, rows * rl);
      if (member >= 0) {
        n = r0 + trimPadRows(buf, 0, Math.floor(member / rl), rl, r0, r0 * rl + member);
        decodeRows(buf, n - r0, rl, slots, r0);
        if (next) await next;
        break;
      }
      if (r0 + rows === cap) {
        n = r0 + trimPadRows(buf, 0, rows, rl, r0, dataBytes);
        decodeRows(buf, n - r0, rl, slots, r0);
      } else {
        decodeRows(buf, rows, rl, slots, r0);
      }
      which ^= 1;
    }
    return { ds: finish(lay, cols, n), info: lay.info };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw code && !(e instanceof UserError) ? new UserError(`${path}: cannot read (${code})`) : e;
  } finally {
    await fh.close();
  }
}
