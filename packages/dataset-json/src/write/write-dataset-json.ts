/**
 * Streaming Dataset-JSON 1.1 writer (.json and .ndjson). Rows are arrays, serialised chunk by chunk
 * from the columns and written while the next chunk is built: never one JSON.stringify of the whole
 * dataset (V8's string limit is about 512 MB).
 */
import { open, rm } from "node:fs/promises";
import { type CharColumn, type Dataset, type NumColumn, UserError } from "@trialforge/core";
import { toColumns, type DjColumn, type ValueKind } from "../columns.ts";
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
  /** Rows per write; default 8192. */
  chunkRows?: number;
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
export function datasetJsonHeader(ds: Dataset, opts: WriteDatasetJsonOptions = {}): { header: Record<string, unknown>; columns: DjColumn[]; kinds: ValueKind[] } {
  const { columns, kinds } = toColumns(ds);
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

/** Per-chunk serialisation of one column to JSON value texts. */
type Encoder = (r0: number, r1: number, out: string[]) => void;

function encoder(ds: Dataset, name: string, kind: ValueKind): Encoder {
  const col = ds.column(name);
  if (col.kind === "Char") {
    const c = col as CharColumn;
    const enc = c.dict.map((s) => JSON.stringify(s));
    const codes = c.codes;
    return (r0, r1, out) => {
      for (let r = r0; r < r1; r++) out[r - r0] = enc[codes[r]!]!;
    };
  }
  const c = col as NumColumn;
  const vals = c.values;
  const missing = (r: number) => {
    const sp = c.special?.get(r);
    // Dataset-JSON has no special missing values: they are kept as the SAS text ".A" so that
    // XPT -> Dataset-JSON -> XPT is lossless (plain missing is null).
    return sp ? `".${sp}"` : "null";
  };
  if (kind === "num") {
    return (r0, r1, out) => {
      for (let r = r0; r < r1; r++) {
        const x = vals[r]!;
        // -0 is written as "-0" (valid JSON) so that the sign survives a round trip
        out[r - r0] = x === x ? (x === 0 && 1 / x < 0 ? "-0" : String(x)) : missing(r);
      }
    };
  }
  const fmt = kind === "date" ? sasDateToIso : kind === "datetime" ? sasDatetimeToIso : sasTimeToIso;
  const cache = new Map<number, string>();
  return (r0, r1, out) => {
    for (let r = r0; r < r1; r++) {
      const x = vals[r]!;
      if (x !== x) out[r - r0] = missing(r);
      else {
        let s = cache.get(x);
        if (s === undefined) {
          s = `"${fmt(x)}"`;
          if (cache.size < 100_000) cache.set(x, s);
        }
        out[r - r0] = s;
      }
    }
  };
}

/**
 * Writes `ds` as Dataset-JSON 1.1 (`.json`: one object with "rows"; `.ndjson`: the metadata object on
 * the first line, then one row array per line). Column metadata comes from ds.meta (see toColumns).
 * On failure the partial file is removed.
 */
export async function writeDatasetJson(ds: Dataset, path: string, opts: WriteDatasetJsonOptions = {}): Promise<void> {
  const ndjson = (opts.format ?? (/\.ndjson$/i.test(path) ? "ndjson" : "json")) === "ndjson";
  const { header, kinds } = datasetJsonHeader(ds, opts);
  const names = ds.meta.variables.map((v) => v.name);
  const encoders = names.map((n, j) => encoder(ds, n, kinds[j]!));
  const chunk = Math.max(1, opts.chunkRows ?? 8192);
  const pieces = names.map(() => new Array<string>(chunk));
  const nc = names.length;
  const fh = await open(path, "w");
  try {
    let head = JSON.stringify(header);
    head = ndjson ? `${head}\n` : `${head.slice(0, -1)},"rows":[`;
    let pending: Promise<unknown> = fh.write(head);
    const sep = ndjson ? "\n" : ",";
    for (let r0 = 0; r0 < ds.length; r0 += chunk) {
      const r1 = Math.min(ds.length, r0 + chunk);
      for (let j = 0; j < nc; j++) encoders[j]!(r0, r1, pieces[j]!);
      const lines = new Array<string>(r1 - r0);
      for (let i = 0; i < r1 - r0; i++) {
        let s = "[";
        for (let j = 0; j < nc; j++) s += j === 0 ? pieces[j]![i] : `,${pieces[j]![i]}`;
        lines[i] = `${s}]`;
      }
      let text = lines.join(sep);
      if (ndjson) text += "\n";
      else if (r0 > 0) text = `,${text}`;
      const buf = Buffer.from(text, "utf8");
      await pending;
      pending = fh.write(buf);
    }
    await pending;
    if (!ndjson) await fh.write("]}");
    await fh.close();
  } catch (e) {
    await fh.close().catch(() => {});
    await rm(path, { force: true });
    throw e;
  }
}
