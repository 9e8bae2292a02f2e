/**
 * Streaming Dataset-JSON 1.1 writer (.json and .ndjson). Rows are arrays, serialised chunk by chunk
 * from the columns and written while the next chunk is built: never one JSON.stringify of the whole
 * dataset (V8's string limit is about 512 MB).
 */
import { open, rm } from "node:fs/promises";
import { type CharColumn, type Dataset, type DatasetMeta, type NumColumn, UserError } from "@trialforge/core";
import { type ColumnFacts, columnFacts, type DjColumn, toColumnsFrom, type ValueKind } from "../columns.ts";
import { sasDateToIso, sasDatetimeToIso, sasTimeToIso } from "../dates.ts";

export interface WriteDatasetJsonOptions {
  /** datasetJSONCreationDateTime (ISO 8601), e.g. from SOURCE_DATE_EPOCH. Default: SOURCE_DATE_EPOCH, else 1970-01-01T00:00:00. */
  timestamp?: string | Date;
  /** dbLastModifiedDateTime; default the timestamp. */
  dbLastModified?: string | Date;
  studyOID?: string;
  metaDataVersionOID?: string;
  /** e.g. "define.xml" */
  metaDataRef?: string;
  /** Default "<studyOID>/<NAME>" or the dataset name. */
  fileOID?: string;
  originator?: string;
  sourceSystem?: { name: string; version: string };
  /** "json" or "ndjson"; default from the file extension. */
  format?: "json" | "ndjson";
  /** Bytes per write (at least two rows); default 4 MiB. */
  chunkBytes?: number;
}

function isoStamp(ts: string | Date | undefined): string {
  let d: Date;
  if (ts === undefined) {
    const sde = process.env.SOURCE_DATE_EPOCH;
    d = new Date(sde && /^\d+$/.test(sde) ? Number(sde) * 1000 : 0);
  } else d = typeof ts === "string" ? new Date(ts) : ts;
  if (Number.isNaN(d.getTime())) throw new UserError(`not a timestamp: "${String(ts)}"`);
  return d.toISOString().slice(0, 19);
}

/** The top-level Dataset-JSON fields (everything but rows), in the order the standard lists them. */
export function datasetJsonHeader(
  ds: Dataset,
  opts: WriteDatasetJsonOptions = {},
): { header: Record<string, unknown>; columns: DjColumn[]; kinds: ValueKind[] } {
  return datasetJsonHeaderFrom(ds.meta, ds.length, columnFacts(ds), opts);
}

/** The header of a dataset known by its metadata, row count and the facts of its values (columnFacts). */
export function datasetJsonHeaderFrom(
  meta: DatasetMeta,
  records: number,
  facts: ColumnFacts,
  opts: WriteDatasetJsonOptions = {},
): { header: Record<string, unknown>; columns: DjColumn[]; kinds: ValueKind[] } {
  const ds = { meta, length: records };
  const { columns, kinds } = toColumnsFrom(meta, facts);
  const created = isoStamp(opts.timestamp);
  const header: Record<string, unknown> = {
    datasetJSONCreationDateTime: created,
    datasetJSONVersion: "1.1.0",
    fileOID: opts.fileOID ?? (opts.studyOID ? `${opts.studyOID}/${ds.meta.name}` : ds.meta.name),
    dbLastModifiedDateTime: opts.dbLastModified !== undefined ? isoStamp(opts.dbLastModified) : created,
  };
  if (opts.originator) header.originator = opts.originator;
  header.sourceSystem = opts.sourceSystem ?? { name: "trialforge", version: "0.1.0" };
  if (opts.studyOID) header.studyOID = opts.studyOID;
  if (opts.metaDataVersionOID) header.metaDataVersionOID = opts.metaDataVersionOID;
  if (opts.metaDataRef) header.metaDataRef = opts.metaDataRef;
  header.itemGroupOID = `IG.${ds.meta.name}`;
  header.records = ds.length;
  header.name = ds.meta.name;
  header.label = ds.meta.label ?? "";
  header.columns = columns;
  return { header, columns, kinds };
}

/** One column prepared for byte-level serialisation. */
interface ColOut {
  /** 0 char, 1 number, 2 date/datetime/time as ISO text */
  t: 0 | 1 | 2;
  codes?: Uint32Array;
  /** JSON text (UTF-8, quoted) of every dictionary value, back to back; offs[k]..offs[k+1]. */
  bytes?: Buffer;
  offs?: Int32Array;
  vals?: Float64Array;
  special?: Map<number, string>;
  fmt?: (x: number) => string;
  cache?: Map<number, string>;
  /** Upper bound of one value's bytes. */
  max: number;
}

function prepare(ds: Dataset, name: string, kind: ValueKind): ColOut {
  const col = ds.column(name);
  if (col.kind === "Char") {
    const c = col as CharColumn;
    const parts = c.dict.map((s) => Buffer.from(JSON.stringify(s), "utf8"));
    const offs = new Int32Array(parts.length + 1);
    let max = 2;
    parts.forEach((b, k) => {
      offs[k + 1] = offs[k]! + b.length;
      if (b.length > max) max = b.length;
    });
    return { t: 0, codes: c.codes, bytes: Buffer.concat(parts), offs, max };
  }
  const c = col as NumColumn;
  if (kind === "num") return { t: 1, vals: c.values, special: c.special, max: 26 };
  const fmt = kind === "date" ? sasDateToIso : kind === "datetime" ? sasDatetimeToIso : sasTimeToIso;
  return { t: 2, vals: c.values, special: c.special, fmt, cache: new Map(), max: 32 };
}

/** Writes the ASCII text s at out[p]; returns the new position. */
function ascii(out: Buffer, p: number, s: string): number {
  for (let i = 0; i < s.length; i++) out[p++] = s.charCodeAt(i);
  return p;
}

/** Writes a whole number |x| < 2^31 in decimal at out[p]. */
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

/** Missing numeric: null, or a SAS special missing kept as the text ".A" (Dataset-JSON has none). */
function missing(out: Buffer, p: number, c: ColOut, r: number): number {
  const sp = c.special?.get(r);
  return ascii(out, p, sp ? `".${sp}"` : "null");
}

/** Serialises rows [r0, r1) into out from position 0, stopping early when `limit` bytes are near; returns [next row, bytes]. */
function fillRows(
  cols: ColOut[],
  r0: number,
  r1: number,
  out: Buffer,
  limit: number,
  sep: number,
  maxRow: number,
): [number, number] {
  let p = 0;
  const nc = cols.length;
  let r = r0;
  for (; r < r1 && p + maxRow <= limit; r++) {
    out[p++] = 0x5b;
    for (let j = 0; j < nc; j++) {
      if (j > 0) out[p++] = 0x2c;
      const c = cols[j]!;
      if (c.t === 0) {
        const k = c.codes![r]!;
        const offs = c.offs!;
        const bytes = c.bytes!;
        for (let i = offs[k]!, e = offs[k + 1]!; i < e; i++) out[p++] = bytes[i]!;
      } else {
        const x = c.vals![r]!;
        if (Number.isNaN(x)) p = missing(out, p, c, r);
        else if (c.t === 1) {
          // -0 is written as "-0" (valid JSON) so that the sign survives a round trip
          if (x === 0 && 1 / x < 0) p = ascii(out, p, "-0");
          else if (x === (x | 0)) p = int(out, p, x);
          else p = ascii(out, p, String(x));
        } else {
          let s = c.cache!.get(x);
          if (s === undefined) {
            s = `"${c.fmt!(x)}"`;
            if (c.cache!.size < 100_000) c.cache!.set(x, s);
          }
          p = ascii(out, p, s);
        }
      }
    }
    out[p++] = 0x5d;
    out[p++] = sep;
  }
  return [r, p];
}

type FileHandle = Awaited<ReturnType<typeof open>>;

/**
 * Writes a Dataset-JSON file block by block: `create` writes the metadata (the row count and the facts
 * of the values must be known: see columnFacts), `write` appends a block of rows, `close` ends the file
 * and checks the row count. `abort` (or any failure) removes the partial file.
 */
export class DatasetJsonWriter {
  private rows = 0;
  private which = 0;
  private readonly bufs: Buffer[] = [];
  private readonly inflight: (Promise<unknown> | undefined)[] = [];
  private constructor(
    private readonly fh: FileHandle,
    readonly path: string,
    private readonly meta: DatasetMeta,
    private readonly kinds: ValueKind[],
    private readonly records: number,
    private readonly ndjson: boolean,
    private pos: number,
    private readonly chunkBytes: number,
  ) {}

  static async create(
    path: string,
    meta: DatasetMeta,
    records: number,
    facts: ColumnFacts,
    opts: WriteDatasetJsonOptions = {},
  ): Promise<DatasetJsonWriter> {
    const ndjson = (opts.format ?? (/\.ndjson$/i.test(path) ? "ndjson" : "json")) === "ndjson";
    const { header, kinds } = datasetJsonHeaderFrom(meta, records, facts, opts);
    let fh: FileHandle;
    try {
      fh = await open(path, "w");
    } catch (e) {
      throw new UserError(
        `${path}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      );
    }
    let head = JSON.stringify(header);
    head = ndjson ? `${head}\n` : `${head.slice(0, -1)},"rows":[`;
    const headBuf = Buffer.from(head, "utf8");
    const w = new DatasetJsonWriter(
      fh,
      path,
      meta,
      kinds,
      records,
      ndjson,
      headBuf.length,
      opts.chunkBytes ?? 4 << 20,
    );
    try {
      await fh.write(headBuf, 0, headBuf.length, 0);
    } catch (e) {
      await w.abort();
      throw w.wrap(e);
    }
    return w;
  }

  /** Appends the rows of `block` (a Dataset with this file's variables). */
  async write(block: Dataset): Promise<void> {
    try {
      const cols = this.meta.variables.map((v, j) => prepare(block, v.name, this.kinds[j]!));
      const maxRow = cols.reduce((a, c) => a + c.max + 1, 2) + 1;
      const chunkBytes = Math.max(this.chunkBytes, maxRow * 2);
      const sep = this.ndjson ? 0x0a : 0x2c;
      let r = 0;
      while (r < block.length) {
        const w = this.which;
        if (this.inflight[w]) await this.inflight[w];
        if (!this.bufs[w] || this.bufs[w]!.length < chunkBytes) this.bufs[w] = Buffer.allocUnsafe(chunkBytes);
        const buf = this.bufs[w]!;
        const [next, bytes] = fillRows(cols, r, block.length, buf, chunkBytes, sep, maxRow);
        this.inflight[w] = this.fh.write(buf, 0, bytes, this.pos);
        this.pos += bytes;
        this.rows += next - r;
        r = next;
        this.which = (w + 1) % 3;
      }
      if (this.rows > this.records)
        throw new Error(`${this.path}: ${this.rows} rows written, the header says ${this.records}`);
    } catch (e) {
      await this.abort();
      throw this.wrap(e);
    }
  }

  /** Ends the rows ("]}" over the last row's comma in .json) and closes the file. */
  async close(): Promise<void> {
    try {
      await Promise.all(this.inflight);
      if (this.rows !== this.records)
        throw new Error(`${this.path}: ${this.rows} rows written, the header says ${this.records}`);
      if (!this.ndjson) await this.fh.write(Buffer.from("]}"), 0, 2, this.rows > 0 ? this.pos - 1 : this.pos);
      await this.fh.close();
    } catch (e) {
      await this.abort();
      throw this.wrap(e);
    }
  }

  /** Stops and removes the partial file. */
  async abort(): Promise<void> {
    await Promise.allSettled(this.inflight);
    await this.fh.close().catch(() => {});
    await rm(this.path, { force: true });
  }

  private wrap(e: unknown): unknown {
    const code = (e as NodeJS.ErrnoException).code;
    return code && !(e instanceof UserError) ? new UserError(`${this.path}: cannot write (${code})`) : e;
  }
}

/**
 * Writes `ds` as Dataset-JSON 1.1 (`.json`: one object with "rows"; `.ndjson`: the metadata object on
 * the first line, then one row array per line). Column metadata comes from ds.meta (see toColumns).
 * On failure the partial file is removed.
 */
export async function writeDatasetJson(
  ds: Dataset,
  path: string,
  opts: WriteDatasetJsonOptions = {},
): Promise<void> {
  const w = await DatasetJsonWriter.create(path, ds.meta, ds.length, columnFacts(ds), opts);
  await w.write(ds);
  await w.close();
}
