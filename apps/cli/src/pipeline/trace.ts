/**
 * The build's trace folder: `trace/sdtm-origin.csv.gz`, the raw origin of every SDTM record that was read from
 * a raw export. Gzipped CSV (RFC 4180, UTF-8, LF; `zcat`, R's read.csv or pandas open it without trialforge):
 *
 *   DATASET,USUBJID,IDVAR,IDVARVAL,FILE,ROW
 *   AE,NCT05563545-001,AESEQ,1,edc/ae.csv,3
 *   DM,NCT05563545-001,,,edc/dm.csv,1
 *
 * One line per record, datasets in name order and records in their build order. A record is identified the
 * way SUPP-- and RELREC identify one (SDTMIG 8.4): USUBJID, and IDVAR/IDVARVAL naming its --SEQ (empty where
 * USUBJID alone identifies it, as in DM). FILE is relative to the raw folder; ROW is the 1-based data row
 * (header excluded), the row the rejection log uses. Records the build derived (SV, SE, trial design) have no
 * raw origin and are not listed.
 */
import { createReadStream, createWriteStream, mkdirSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { pipeline } from "node:stream/promises";
import { createGunzip, createGzip } from "node:zlib";
import type { RecordOrigins } from "@trialforge/sdtm";

export const TRACE_DIR = "trace";
export const SDTM_ORIGIN_FILE = "sdtm-origin.csv.gz";
const HEADER = "DATASET,USUBJID,IDVAR,IDVARVAL,FILE,ROW";

const csvField = (s: string): string => (/[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);

/** Writes trace/sdtm-origin.csv under `outDir`. */
export async function writeSdtmOrigins(origins: readonly RecordOrigins[], outDir: string): Promise<number> {
  mkdirSync(join(outDir, TRACE_DIR), { recursive: true });
  // level 1: a tenth of the CSV's size at a quarter of level 6's time; gzip's header holds no time here
  const out = createGzip({ level: 1 });
  const done = pipeline(out, createWriteStream(join(outDir, TRACE_DIR, SDTM_ORIGIN_FILE)));
  let chunk = `${HEADER}\n`;
  let lines = 0;
  const flush = async () => {
    if (!out.write(chunk)) await new Promise((r) => out.once("drain", r));
    chunk = "";
  };
  for (const o of [...origins].sort((a, b) => (a.dataset < b.dataset ? -1 : a.dataset > b.dataset ? 1 : 0))) {
    const subj = o.idVars.indexOf("USUBJID");
    const others = o.idVars.flatMap((_v, k) => (k === subj ? [] : [k]));
    const idvar = csvField(others.map((k) => o.idVars[k]!).join(","));
    const dataset = csvField(o.dataset);
    for (let i = 0; i < o.length; i++) {
      const file = o.file.get(i);
      if (!file) continue;
      const usubjid = subj >= 0 ? csvField(String(o.ids[subj]!.get(i) ?? "")) : "";
      const val = csvField(others.map((k) => String(o.ids[k]!.get(i) ?? "")).join(","));
      chunk += `${dataset},${usubjid},${idvar},${val},${csvField(file)},${o.row.get(i) ?? ""}\n`;
      lines++;
      if (chunk.length > 1 << 16) await flush();
    }
  }
  await flush();
  out.end();
  await done;
  return lines;
}

export interface SdtmOrigin {
  dataset: string;
  usubjid: string;
  idvar: string;
  idvarval: string;
  file: string;
  row: number;
}

function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let s = "";
      i++;
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] === '"') {
          s += '"';
          i += 2;
        } else if (line[i] === '"') {
          i++;
          break;
        } else s += line[i++];
      }
      out.push(s);
      i++; // the comma
    } else {
      const j = line.indexOf(",", i);
      const end = j < 0 ? line.length : j;
      out.push(line.slice(i, end));
      i = end + 1;
    }
  }
  return out;
}

/** The origins of the SDTM records of `dataset` that match `usubjid` (and IDVAR/IDVARVAL when given). */
export async function findSdtmOrigins(
  buildDir: string,
  want: { dataset: string; usubjid?: string; idvar?: string; idvarval?: string },
): Promise<SdtmOrigin[]> {
  const rl = createInterface({
    input: createReadStream(join(buildDir, TRACE_DIR, SDTM_ORIGIN_FILE)).pipe(createGunzip()),
    crlfDelay: Infinity,
  });
  const found: SdtmOrigin[] = [];
  let first = true;
  for await (const line of rl) {
    if (first) {
      first = false;
      continue;
    }
    if (!line.startsWith(`${want.dataset},`)) continue;
    const [dataset, usubjid, idvar, idvarval, file, row] = splitCsvLine(line);
    if (want.usubjid !== undefined && usubjid !== want.usubjid) continue;
    if (want.idvar && (idvar !== want.idvar || idvarval !== want.idvarval)) continue;
    found.push({
      dataset: dataset!,
      usubjid: usubjid!,
      idvar: idvar!,
      idvarval: idvarval!,
      file: file!,
      row: Number(row),
    });
  }
  return found;
}
