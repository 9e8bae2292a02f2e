/**
 * The CDISC pilot from its raw CRF exports: where the raw files and published targets are (../shared or the
 * vendored tests/fixtures/cdiscpilot01-raw.tgz), and a record-by-record, variable-by-variable comparison of
 * our SDTM with the published SDTM on natural keys.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Dataset } from "@trialforge/core";
import { readXpt } from "@trialforge/xport";
import { parseCsvRecords } from "./csv-records.ts";
import { pilot, root } from "./pilot-compare.ts";

/**
 * Folder with `raw/*_raw.csv`, `raw/sdtm_targets_pharmaversesdtm/{dm,ds}.csv` and `sdtm/vs.csv`: the shared
 * reference set when present, else the vendored copy (unpacked once per content hash).
 */
export const pilotRaw = existsSync(resolve(root, "../shared/reference/cdiscpilot01/raw"))
  ? resolve(root, "../shared/reference/cdiscpilot01")
  : unpack();

function unpack(): string {
  const tgz = join(root, "tests/fixtures/cdiscpilot01-raw.tgz");
  if (!existsSync(tgz)) return resolve(root, "../shared/reference/cdiscpilot01");
  const hash = createHash("sha256").update(readFileSync(tgz)).digest("hex").slice(0, 16);
  const dir = join(tmpdir(), `trialforge-cdiscpilot01-raw-${hash}`);
  if (existsSync(join(dir, "raw"))) return dir;
  const tmp = mkdtempSync(join(tmpdir(), "trialforge-cdiscpilot01-raw-unpack-"));
  execFileSync("tar", ["xzf", tgz, "-C", tmp]);
  try {
    renameSync(tmp, dir);
  } catch {
    rmSync(tmp, { recursive: true, force: true });
  }
  return dir;
}

export type Row = Record<string, string>;

/** A value as comparable text: missing ("", null, R's NA) is "", numbers in shortest form, no trailing blanks. */
export function canonical(v: unknown, naIsMissing = false): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "";
  const s = String(v).trimEnd();
  if (naIsMissing && s === "NA") return "";
  return /^-?\d+(\.\d+)?$/.test(s) && !/^-?0\d/.test(s) ? String(Number(s)) : s;
}

/** Rows of a dataset, every value canonical. */
export function rowsOf(ds: Dataset): Row[] {
  const vars = ds.meta.variables.map((v) => v.name);
  return Array.from({ length: ds.length }, (_, i) =>
    Object.fromEntries(vars.map((v) => [v, canonical(ds.get(v, i))])),
  );
}

/** RFC 4180 CSV (quoted fields, "" escapes) as rows keyed by the header; `NA` missing when asked. */
export function readCsvRows(path: string, naIsMissing: boolean): Row[] {
  const records = parseCsvRecords(readFileSync(path, "utf8"));
  const [header, ...body] = records;
  return body.map((r) => Object.fromEntries(header!.map((h, k) => [h, canonical(r[k] ?? "", naIsMissing)])));
}

export async function readXptRows(path: string): Promise<Row[]> {
  return rowsOf(await readXpt(path));
}

/** The published targets (see the shared README): pharmaversesdtm DM and DS, the original pilot AE, EX, VS, SUPPAE, SUPPDM. */
export async function readTargets(): Promise<Map<string, Row[]>> {
  const t = new Map<string, Row[]>();
  t.set("DM", readCsvRows(join(pilotRaw, "raw/sdtm_targets_pharmaversesdtm/dm.csv"), true));
  t.set("DS", readCsvRows(join(pilotRaw, "raw/sdtm_targets_pharmaversesdtm/ds.csv"), true));
  t.set("VS", readCsvRows(join(pilotRaw, "sdtm/vs.csv"), false));
  for (const d of ["AE", "EX", "SUPPAE", "SUPPDM"])
    t.set(d, await readXptRows(join(pilot, "sdtm", `${d.toLowerCase()}.xpt`)));
  return t;
}

/** Natural keys per dataset (record identity that does not depend on --SEQ). */
export const NATURAL_KEYS: Record<string, readonly string[]> = {
  DM: ["USUBJID"],
  AE: ["USUBJID", "AEDECOD", "AETERM", "AESTDTC", "AEENDTC"],
  DS: ["USUBJID", "DSDECOD", "DSSTDTC"],
  EX: ["USUBJID", "EXSTDTC"],
  VS: ["USUBJID", "VSTESTCD", "VISITNUM", "VSTPTNUM", "VSDTC"],
  SUPPDM: ["USUBJID", "QNAM"],
  // The parent record's natural key stands for IDVARVAL (an --SEQ that may be numbered differently).
  SUPPAE: ["USUBJID", "QNAM", "PARENT"],
};

/** Per dataset: the keyed rows, a duplicate key numbered by its occurrence ("#2"). */
function keyed(rows: readonly Row[], keys: readonly string[]): Map<string, Row> {
  const out = new Map<string, Row>();
  for (const r of rows) {
    const base = keys.map((k) => r[k] ?? "").join("|");
    let key = base;
    for (let n = 2; out.has(key); n++) key = `${base}#${n}`;
    out.set(key, r);
  }
  return out;
}

/** SUPP-- rows with PARENT = the natural key of the parent record their IDVAR/IDVARVAL point at. */
export function withParentKey(
  supp: readonly Row[],
  parent: readonly Row[],
  parentKeys: readonly string[],
): Row[] {
  const byId = new Map<string, string>();
  const seen = new Map<string, number>();
  for (const r of parent) {
    const base = parentKeys.map((k) => r[k] ?? "").join("|");
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    const seqVar = Object.keys(r).find((k) => /^[A-Z]{2}SEQ$/.test(k));
    if (seqVar) byId.set(`${r.USUBJID}|${seqVar}|${r[seqVar]}`, n > 1 ? `${base}#${n}` : base);
  }
  return supp.map((r) => ({ ...r, PARENT: byId.get(`${r.USUBJID}|${r.IDVAR}|${r.IDVARVAL}`) ?? "" }));
}

export interface VariableResult {
  dataset: string;
  variable: string;
  compared: number;
  equal: number;
  different: number;
}

export interface DatasetResult {
  dataset: string;
  ours: number;
  theirs: number;
  matched: number;
  oursOnly: string[];
  theirsOnly: string[];
  variables: VariableResult[];
  /** Differences per variable: key, ours, theirs (every one). */
  differences: Map<string, { key: string; ours: string; theirs: string }[]>;
}

/** Compares every variable of two datasets on their natural keys (variables of either side; missing = ""). */
export function compareRows(
  dataset: string,
  ours: readonly Row[],
  theirs: readonly Row[],
  keys: readonly string[],
  ignore: readonly string[] = [],
): DatasetResult {
  const a = keyed(ours, keys);
  const b = keyed(theirs, keys);
  const vars: string[] = [];
  for (const r of [ours[0], theirs[0]])
    for (const v of Object.keys(r ?? {})) if (!vars.includes(v) && !ignore.includes(v)) vars.push(v);
  const differences = new Map<string, { key: string; ours: string; theirs: string }[]>();
  const matchedKeys = [...a.keys()].filter((k) => b.has(k)).sort();
  const variables = vars.map((v) => {
    const diffs: { key: string; ours: string; theirs: string }[] = [];
    for (const k of matchedKeys) {
      const x = a.get(k)![v] ?? "";
      const y = b.get(k)![v] ?? "";
      if (x !== y) diffs.push({ key: k, ours: x, theirs: y });
    }
    differences.set(v, diffs);
    const compared = matchedKeys.length;
    return { dataset, variable: v, compared, equal: compared - diffs.length, different: diffs.length };
  });
  return {
    dataset,
    ours: ours.length,
    theirs: theirs.length,
    matched: matchedKeys.length,
    oursOnly: [...a.keys()].filter((k) => !b.has(k)).sort(),
    theirsOnly: [...b.keys()].filter((k) => !a.has(k)).sort(),
    variables,
    differences,
  };
}

/** The table the test prints: dataset, variable, compared, equal, different. */
export function formatTable(results: readonly DatasetResult[]): string {
  const lines = ["dataset  variable  compared     equal  different"];
  for (const r of results) {
    lines.push(
      `${r.dataset}: ${r.ours} ours, ${r.theirs} published, ${r.matched} matched on ${NATURAL_KEYS[r.dataset]!.join(", ")}`,
    );
    for (const v of r.variables)
      lines.push(
        `${v.dataset.padEnd(8)} ${v.variable.padEnd(9)} ${String(v.compared).padStart(8)} ${String(v.equal).padStart(9)} ${String(v.different).padStart(10)}`,
      );
  }
  return lines.join("\n");
}
