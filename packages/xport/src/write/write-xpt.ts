/**
 * Streaming XPORT v5 writer: headers, NAMESTRs, then rows filled into a fixed chunk buffer that is
 * written while the next chunk is filled. The whole file is never held in memory.
 */
import { open, rm } from "node:fs/promises";
import { type CharColumn, type Dataset, type DatasetMeta, type NumColumn, UserError } from "@trialforge/core";
import { parseDisplayFormat } from "../format.ts";
import {
  DSCRPTR_HEADER,
  encodeNamestr,
  field,
  LIBRARY_HEADER,
  MEMBER_HEADER,
  NAMESTR_LEN,
  type Namestr,
  namestrHeader,
  OBS_HEADER,
  RECORD,
  xptStamp,
} from "../header.ts";
import { ieeeToIbm } from "../ibm.ts";
import { encodeCp1252, firstNonAscii } from "../internal/text.ts";

export interface WriteXptOptions {
  /** Created/modified stamp (ISO 8601 or Date), e.g. from SOURCE_DATE_EPOCH. Default: SOURCE_DATE_EPOCH, else 1970-01-01T00:00:00Z. */
  timestamp?: string | Date;
  /** SAS version written in the headers (8 chars). Default "9.4". */
  sasVersion?: string;
  /** Operating system field of the headers (8 chars). Default "TRIALFRG". */
  os?: string;
  /** "ascii" (default) refuses any non-ASCII character; "windows-1252" writes Western European text as SAS does. */
  encoding?: "ascii" | "windows-1252";
  /** Bytes per write; default 4 MiB. */
  chunkBytes?: number;
}

type FileHandle = Awaited<ReturnType<typeof open>>;

const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]{0,7}$/;

/** Where one variable sits in a row. */
export interface ColLayout {
  kind: "Num" | "Char";
  name: string;
  offset: number;
  length: number;
}
interface NumPlan extends ColLayout {
  kind: "Num";
  col: NumColumn;
}
interface CharPlan extends ColLayout {
  kind: "Char";
  col: CharColumn;
  /** dict.length x length bytes, blank padded: the written field of each dictionary value. */
  bytes: Buffer;
  /** Byte length of each dictionary value without its padding. */
  used: Uint16Array;
}
type ColPlan = NumPlan | CharPlan;

/** The file layout of a dataset's metadata: header records and where each variable sits in a row. */
export interface XptLayout {
  header: Buffer;
  rowLength: number;
  layout: ColLayout[];
}

/** A layout plus the encoded columns of one dataset (or one block of rows). */
export interface XptPlan extends XptLayout {
  columns: ColPlan[];
  rows: number;
}

function defaultTimestamp(): string {
  const sde = process.env.SOURCE_DATE_EPOCH;
  if (sde && /^\d+$/.test(sde)) return new Date(Number(sde) * 1000).toISOString();
  return "1970-01-01T00:00:00Z";
}

function checkText(what: string, s: string, max: number, encoding: "ascii" | "windows-1252"): Buffer {
  const bytes =
    encoding === "ascii" ? (firstNonAscii(s) < 0 ? Buffer.from(s, "latin1") : undefined) : encodeCp1252(s);
  if (!bytes) {
    const i = encoding === "ascii" ? firstNonAscii(s) : [...s].findIndex((c) => !encodeCp1252(c));
    throw new UserError(
      `${what} has a character XPT v5 cannot hold in ${encoding} ("${[...s][Math.max(i, 0)]}" in "${s}")`,
    );
  }
  if (bytes.length > max)
    throw new UserError(`${what} is ${bytes.length} characters; XPT v5 allows at most ${max}: "${s}"`);
  return bytes;
}

/** Validates the dataset against what XPT v5 can hold and prepares headers and per-column encoders. */
export function planXpt(ds: Dataset, opts: WriteXptOptions = {}): XptPlan {
  const lay = planLayout(ds.meta, opts);
  return { ...lay, ...planColumns(lay, ds, opts.encoding ?? "ascii", 0) };
}

/** Encoders of the columns of `ds` (a whole dataset or a block whose first row is file row row0 + 1). */
function planColumns(
  lay: XptLayout,
  ds: Dataset,
  enc: "ascii" | "windows-1252",
  row0: number,
): { columns: ColPlan[]; rows: number } {
  const columns: ColPlan[] = lay.layout.map((c) => {
    const col = ds.column(c.name);
    if (col.kind !== c.kind) throw new Error(`${ds.meta.name}.${c.name}: block column is ${col.kind}`);
    if (col.kind === "Num") return { ...c, kind: "Num", col };
    return { ...c, kind: "Char", col, ...charBytes(ds.meta.name, c.name, col, c.length, enc, row0) };
  });
  return { columns, rows: ds.length };
}

/** Validates a dataset's metadata against what XPT v5 can hold and lays out headers and rows. */
export function planLayout(meta: DatasetMeta, opts: WriteXptOptions = {}): XptLayout {
  const enc = opts.encoding ?? "ascii";
  const dsName = meta.name;
  if (!NAME_RE.test(dsName)) {
    throw new UserError(`dataset name "${dsName}" is not a SAS name of at most 8 characters (XPT v5)`);
  }
  checkText(`dataset ${dsName} label`, meta.label ?? "", 40, enc);
  if (meta.variables.length === 0) throw new UserError(`dataset ${dsName} has no variables`);
  if (meta.variables.length > 9999)
    throw new UserError(
      `dataset ${dsName} has ${meta.variables.length} variables; XPT v5 holds at most 9999`,
    );
  const seen = new Set<string>();
  const layout: ColLayout[] = [];
  const namestrs: Namestr[] = [];
  let pos = 0;
  for (const [i, v] of meta.variables.entries()) {
    const where = `${dsName}.${v.name}`;
    if (!NAME_RE.test(v.name)) {
      throw new UserError(
        v.name.length > 8
          ? `${where}: variable name is ${v.name.length} characters; XPT v5 allows at most 8`
          : `${where}: "${v.name}" is not a SAS variable name (letters, digits, _; not starting with a digit)`,
      );
    }
    const up = v.name.toUpperCase();
    if (seen.has(up)) throw new UserError(`${where}: variable name appears twice (SAS names ignore case)`);
    seen.add(up);
    checkText(`${where} label`, v.label ?? "", 40, enc);
    let format = { name: "", width: 0, decimals: 0 };
    if (v.displayFormat) {
      const f = parseDisplayFormat(v.displayFormat);
      if (!f)
        throw new UserError(
          `${where}: display format "${v.displayFormat}" is not a SAS format (like DATE9. or 8.2)`,
        );
      if (f.name.length > 8)
        throw new UserError(`${where}: format name ${f.name} is longer than 8 characters (XPT v5)`);
      format = f;
    }
    let length: number;
    if (v.type === "Num") {
      length = v.length && v.length >= 2 && v.length <= 8 ? v.length : 8;
      layout.push({ kind: "Num", name: v.name, offset: pos, length });
    } else {
      length = v.length;
      if (!Number.isInteger(length) || length < 1)
        throw new UserError(`${where}: character length ${length} is not a positive integer`);
      if (length > 200)
        throw new UserError(`${where}: character length ${length}; XPT v5 holds at most 200 bytes`);
      layout.push({ kind: "Char", name: v.name, offset: pos, length });
    }
    namestrs.push({
      type: v.type === "Num" ? 1 : 2,
      length,
      varnum: i + 1,
      name: v.name,
      label: v.label ?? "",
      format: format.name,
      formatWidth: format.width,
      formatDecimals: format.decimals,
      formatJust: 0,
      informat: "",
      informatWidth: 0,
      informatDecimals: 0,
      position: pos,
    });
    pos += length;
  }
  const stamp = xptStamp(opts.timestamp ?? defaultTimestamp());
  const ver = field(opts.sasVersion ?? "9.4", 8);
  const os = field(opts.os ?? "TRIALFRG", 8);
  const text =
    LIBRARY_HEADER +
    `SAS     SAS     SASLIB  ${ver}${os}${" ".repeat(24)}${stamp}` +
    stamp +
    " ".repeat(64) +
    MEMBER_HEADER +
    DSCRPTR_HEADER +
    `SAS     ${field(dsName, 8)}SASDATA ${ver}${os}${" ".repeat(24)}${stamp}` +
    `${stamp}${" ".repeat(16)}${field("", 40)}${field("", 8)}` +
    namestrHeader(namestrs.length);
  const nsBytes = Math.ceil((namestrs.length * NAMESTR_LEN) / RECORD) * RECORD;
  const header = Buffer.alloc(text.length + nsBytes + RECORD, 0x20);
  header.write(text, 0, "latin1");
  // the dataset label sits in member record 2 at bytes 32-71
  const labelOff = text.length - RECORD * 2 + 32;
  (enc === "ascii" ? Buffer.from(meta.label ?? "", "latin1") : encodeCp1252(meta.label ?? "")!).copy(
    header,
    labelOff,
  );
  namestrs.forEach((n, k) => {
    encodeNamestr(n, header, text.length + k * NAMESTR_LEN);
    const lab = enc === "ascii" ? Buffer.from(n.label, "latin1") : encodeCp1252(n.label)!;
    header.fill(0x20, text.length + k * NAMESTR_LEN + 16, text.length + k * NAMESTR_LEN + 56);
    lab.copy(header, text.length + k * NAMESTR_LEN + 16);
  });
  header.write(OBS_HEADER, text.length + nsBytes, "latin1");
  return { header, rowLength: pos, layout };
}

/** Encodes every dictionary value once; refuses a used value that XPT v5 (or the declared length) cannot hold. */
function charBytes(
  dsName: string,
  name: string,
  col: CharColumn,
  length: number,
  enc: "ascii" | "windows-1252",
  row0: number,
): { bytes: Buffer; used: Uint16Array } {
  const dict = col.dict;
  const out = Buffer.alloc(dict.length * length, 0x20);
  const used = new Uint16Array(dict.length);
  let bad: Map<number, string> | undefined;
  for (let k = 1; k < dict.length; k++) {
    const s = dict[k]!;
    let problem: string | undefined;
    let b: Buffer | undefined;
    if (enc === "ascii") {
      const i = firstNonAscii(s);
      if (i >= 0)
        problem = `has the non-ASCII character "${String.fromCodePoint(s.codePointAt(i)!)}" (XPT v5 is ASCII): "${s}"`;
      else b = Buffer.from(s, "latin1");
    } else {
      b = encodeCp1252(s);
      if (!b) problem = `has a character Windows-1252 cannot hold: "${s}"`;
    }
    if (b && b.length > 200) problem = `is ${b.length} bytes; XPT v5 holds at most 200 bytes per value`;
    else if (b && b.length > length)
      problem = `is ${b.length} bytes, longer than the variable's length ${length}: "${s}"`;
    if (problem) {
      if (!bad) bad = new Map();
      bad.set(k, problem);
    } else {
      b!.copy(out, k * length);
      used[k] = b!.length;
    }
  }
  if (bad) {
    // Refuse only values the column actually uses, naming the first row that holds one.
    const codes = col.codes;
    for (let r = 0; r < col.length; r++) {
      const p = bad.get(codes[r]!);
      if (p) throw new UserError(`${dsName}.${name} row ${row0 + r + 1}: value ${p}`);
    }
  }
  return { bytes: out, used };
}

/** Fills rows [r0, r1) into `out` (row-major, rows back to back); row0 rows of the file came before. */
export function fillRows(plan: XptPlan, dsName: string, r0: number, r1: number, out: Buffer, row0 = 0): void {
  const rl = plan.rowLength;
  out.fill(0x20, 0, (r1 - r0) * rl);
  for (const c of plan.columns) {
    let p = c.offset;
    if (c.kind === "Num") {
      const vals = c.col.values;
      const special = c.col.special;
      const len = c.length;
      const tmp = len === 8 ? out : Buffer.alloc(8);
      for (let r = r0; r < r1; r++, p += rl) {
        const x = vals[r]!;
        const q = len === 8 ? p : 0;
        if (Number.isNaN(x)) {
          const sp = special?.get(r);
          tmp[q] = sp ? sp.charCodeAt(0) : 0x2e;
          tmp[q + 1] = 0;
          tmp[q + 2] = 0;
          tmp[q + 3] = 0;
          tmp[q + 4] = 0;
          tmp[q + 5] = 0;
          tmp[q + 6] = 0;
          tmp[q + 7] = 0;
        } else if (!ieeeToIbm(x, tmp, q)) {
          throw new UserError(
            `${dsName}.${c.name} row ${row0 + r + 1}: ${x} is too large in magnitude for XPT (IBM floating point holds |x| < 7.2e75)`,
          );
        }
        // SAS truncates numerics shorter than 8 bytes to their leading bytes
        if (len !== 8) for (let k = 0; k < len; k++) out[p + k] = tmp[k]!;
      }
    } else {
      // the chunk was blank-filled: copy only each value's own bytes
      const codes = c.col.codes;
      const bytes = c.bytes;
      const used = c.used;
      const len = c.length;
      for (let r = r0; r < r1; r++, p += rl) {
        const code = codes[r]!;
        const n = used[code]!;
        let a = code * len;
        for (let k = 0; k < n; k++) out[p + k] = bytes[a++]!;
      }
    }
  }
}

/**
 * Writes an XPT v5 file block by block: `create` validates the metadata and writes the headers, `write`
 * appends a block of rows (a Dataset with the same variables), `close` pads the last record. Up to 3
 * chunks are in flight: one being filled while the others are written. `abort` (or any failure) removes
 * the partial file.
 */
export class XptWriter {
  private rows = 0;
  private pos: number;
  private which = 0;
  private readonly bufs: Buffer[] = [];
  private readonly inflight: (Promise<unknown> | undefined)[] = [];
  private readonly raw: Promise<unknown>[] = [];
  private readonly rowsPerChunk: number;
  private constructor(
    private readonly fh: FileHandle,
    readonly path: string,
    private readonly meta: DatasetMeta,
    private readonly lay: XptLayout,
    private readonly enc: "ascii" | "windows-1252",
    chunkBytes: number,
  ) {
    this.pos = lay.header.length;
    this.rowsPerChunk = Math.max(1, Math.floor(chunkBytes / Math.max(1, lay.rowLength)));
  }

  static async create(path: string, meta: DatasetMeta, opts: WriteXptOptions = {}): Promise<XptWriter> {
    const lay = planLayout(meta, opts);
    let fh: FileHandle;
    try {
      fh = await open(path, "w");
    } catch (e) {
      throw new UserError(
        `${path}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      );
    }
    const w = new XptWriter(fh, path, meta, lay, opts.encoding ?? "ascii", opts.chunkBytes ?? 4 << 20);
    try {
      await fh.write(lay.header, 0, lay.header.length, 0);
    } catch (e) {
      await w.abort();
      throw w.wrap(e);
    }
    return w;
  }

  /** Rows written so far. */
  get rowsWritten(): number {
    return this.rows;
  }

  /** Header, row length and where each variable sits in a row (for writeRaw). */
  get layout(): XptLayout {
    return this.lay;
  }

  /**
   * Appends `rows` rows already encoded as XPT bytes (rows x rowLength of buf, see layout), for
   * transcoders that write rows straight from another format. The returned promise settles when buf
   * may be reused; the caller has checked every value as planXpt would.
   */
  writeRaw(buf: Buffer, rows: number): Promise<unknown> {
    const bytes = rows * this.lay.rowLength;
    const done = this.fh.write(buf, 0, bytes, this.pos);
    this.pos += bytes;
    this.rows += rows;
    this.raw.push(done);
    return done;
  }

  /** Appends the rows of `block` (same variables as the metadata, in any column order). */
  async write(block: Dataset): Promise<void> {
    let plan: XptPlan;
    try {
      plan = { ...this.lay, ...planColumns(this.lay, block, this.enc, this.rows) };
    } catch (e) {
      await this.abort();
      throw e;
    }
    await this.writePlanned(plan);
  }

  /** Appends the rows of a plan made from this writer's metadata (planXpt). */
  async writePlanned(plan: XptPlan): Promise<void> {
    try {
      const rl = this.lay.rowLength;
      const n = plan.rows;
      for (let r0 = 0; r0 < n; r0 += this.rowsPerChunk) {
        const r1 = Math.min(n, r0 + this.rowsPerChunk);
        const w = this.which;
        if (this.inflight[w]) await this.inflight[w];
        if (!this.bufs[w]) this.bufs[w] = Buffer.allocUnsafe(this.rowsPerChunk * rl + RECORD);
        const buf = this.bufs[w]!;
        fillRows(plan, this.meta.name, r0, r1, buf, this.rows);
        const bytes = (r1 - r0) * rl;
        this.inflight[w] = this.fh.write(buf, 0, bytes, this.pos);
        this.pos += bytes;
        this.rows += r1 - r0;
        this.which = (w + 1) % 3;
      }
    } catch (e) {
      await this.abort();
      throw this.wrap(e);
    }
  }

  /** Pads the last 80-byte record with blanks and closes the file. */
  async close(): Promise<void> {
    try {
      await Promise.all(this.inflight);
      await Promise.all(this.raw);
      const total = this.rows * this.lay.rowLength;
      const pad = (RECORD - (total % RECORD)) % RECORD;
      if (pad) await this.fh.write(Buffer.alloc(pad, 0x20), 0, pad, this.pos);
      await this.fh.close();
    } catch (e) {
      await this.abort();
      throw this.wrap(e);
    }
  }

  /** Stops and removes the partial file. */
  async abort(): Promise<void> {
    await Promise.allSettled(this.inflight);
    await Promise.allSettled(this.raw);
    await this.fh.close().catch(() => {});
    await rm(this.path, { force: true });
  }

  private wrap(e: unknown): unknown {
    const code = (e as NodeJS.ErrnoException).code;
    return code && !(e instanceof UserError) ? new UserError(`${this.path}: cannot write (${code})`) : e;
  }
}

/**
 * Writes `ds` as a SAS XPORT v5 file. Refuses (UserError, naming variable and row) what v5 cannot hold:
 * names over 8 characters, labels over 40, character values over 200 bytes or over the declared length,
 * non-ASCII text (unless encoding "windows-1252"), numbers beyond IBM range. Metadata XPT has no place
 * for (origin, codelist, keys, method) is not written. Rows are written in dataset order.
 * On failure the partial file is removed.
 */
export async function writeXpt(ds: Dataset, path: string, opts: WriteXptOptions = {}): Promise<void> {
  // validate everything (metadata and values) before creating the file
  const plan = planXpt(ds, opts);
  const w = await XptWriter.create(path, ds.meta, opts);
  await w.writePlanned(plan);
  await w.close();
}
