/**
 * ADLB (BDS): one record per subject per parameter per LB record, in SI units, with baseline, change, range
 * indicators, CTCAE v5 grades and worst post-baseline flags. Columnar throughout: millions of LB rows.
 */
import { CharColumn, type Column, type Dataset, type Diagnostics, NumColumn } from "@trialforge/core";
import type { AdamParameter, AdamSpec, AdamToxCriteria } from "@trialforge/spec";
import { computeWindowDistance, deriveAnalysisWindow } from "../derivations/analysis-window.ts";
import { deriveBaseVar } from "../derivations/base-var.ts";
import { deriveBaselineFlag } from "../derivations/baseline-flag.ts";
import { deriveChg, derivePchg } from "../derivations/chg.ts";
import { deriveExtremeFlag } from "../derivations/extreme-flag.ts";
import { deriveOntrtfl } from "../derivations/ontrtfl.ts";
import { deriveRangeIndicator } from "../derivations/range-indicator.ts";
import { relativeDayRule } from "../derivations/relative-day.ts";
import { deriveToxGrade } from "../derivations/tox-grade.ts";
import { dtcSasDate, dtcSasDatetime } from "../internal/dtc.ts";
import { assertVars, numColumn } from "../internal/frame.ts";
import { type DatasetDef, datasetFromColumns, pred, varMeta } from "../internal/meta.ts";

export interface AdlbInput {
  spec: AdamSpec;
  sdtm: Map<string, Dataset>;
  adsl: Dataset;
  diagnostics: Diagnostics;
}

const ADSL_KEEP = ["STUDYID", "USUBJID", "TRT01A", "TRT01AN", "TRTSDT", "SAFFL"] as const;

const ADLB_VARS = [
  ...ADSL_KEEP,
  "PARAMCD",
  "PARAM",
  "PARAMN",
  "PARCAT1",
  "AVAL",
  "AVALC",
  "AVALU",
  "ANRLO",
  "ANRHI",
  "ADT",
  "ADTM",
  "ADY",
  "VISIT",
  "VISITNUM",
  "AVISIT",
  "AVISITN",
  "ABLFL",
  "ONTRTFL",
  "BASE",
  "CHG",
  "PCHG",
  "ANRIND",
  "BNRIND",
  "ATOXDSCL",
  "ATOXDSCH",
  "ATOXGR",
  "ATOXGRN",
  "BTOXGR",
  "BTOXGRN",
  "WGRLOFL",
  "WGRHIFL",
  "ANL01FL",
  "SRCDOM",
  "SRCVAR",
  "SRCSEQ",
];

export const adlbDef = (): DatasetDef => ({
  name: "ADLB",
  label: "Laboratory Analysis Dataset",
  class: "BASIC DATA STRUCTURE",
  structure: "One record per subject per parameter per analysis date",
  keys: ["STUDYID", "USUBJID", "PARAMCD", "ADT", "SRCSEQ"],
  variables: ADLB_VARS.map((n) =>
    (ADSL_KEEP as readonly string[]).includes(n) && n !== "STUDYID" && n !== "USUBJID"
      ? varMeta(n, { origin: pred(`ADSL.${n}`), method: undefined })
      : varMeta(n),
  ),
});

/** Copies a character column's values at `rows`, remapping dictionary codes once per distinct value. */
function gatherChar(src: CharColumn, rows: Uint32Array): CharColumn {
  const out = new CharColumn(rows.length);
  const remap = new Int32Array(src.dict.length).fill(-1);
  for (const i of rows) {
    const c = src.codes[i]!;
    let o = remap[c]!;
    if (o < 0) remap[c] = o = out.codeOf(src.dict[c]!);
    out.pushCode(o);
  }
  return out.seal();
}

function gatherNum(src: Column | undefined, rows: Uint32Array): NumColumn {
  const out = new Float64Array(rows.length).fill(Number.NaN);
  if (src?.kind === "Num") for (let j = 0; j < rows.length; j++) out[j] = src.values[rows[j]!]!;
  else if (src)
    for (let j = 0; j < rows.length; j++) {
      const s = src.get(rows[j]!).trim();
      out[j] = s === "" ? Number.NaN : Number(s);
    }
  return numColumn(out);
}

/** A character column whose value per kept row is looked up by an index array. */
function charFromIndex(values: readonly string[], index: Int32Array): CharColumn {
  const out = new CharColumn(index.length);
  const codes = values.map((v) => out.codeOf(v));
  const empty = out.codeOf("");
  for (const k of index) out.pushCode(k < 0 ? empty : codes[k]!);
  return out.seal();
}

export function buildAdlb(input: AdlbInput): Dataset {
  const { sdtm, spec, adsl, diagnostics } = input;
  const s = spec.adlb;
  if (!s) throw new Error("buildAdlb: the ADaM spec has no adlb.yaml");
  const def = adlbDef();
  const lb = sdtm.get("LB");
  if (!lb) {
    diagnostics.warning("ADAM.NO_SOURCE", "SDTM LB is missing; ADLB has no records", { dataset: "ADLB" });
    return datasetFromColumns(
      def,
      new Map(
        def.variables.map((v) => [
          v.name,
          v.type === "Num" ? new NumColumn(1).seal() : new CharColumn(1).seal(),
        ]),
      ),
      0,
    );
  }
  assertVars(lb, ["USUBJID", "LBTESTCD", "LBSTRESU", "LBDTC", "LBSEQ"], "buildAdlb");

  // PARAMCD: spec parameter by LBTESTCD + LBSTRESU (+ LBSPEC)
  const testcd = lb.char("LBTESTCD");
  const unit = lb.char("LBSTRESU");
  const specimen = lb.has("LBSPEC") ? lb.char("LBSPEC") : undefined;
  const byTest = new Map<string, { p: AdamParameter; k: number }[]>();
  s.parameters.forEach((p, k) => {
    const l = byTest.get(p.testcd) ?? [];
    l.push({ p, k });
    byTest.set(p.testcd, l);
  });
  const candidates = testcd.dict.map((t) => byTest.get(t));
  // ADSL subject by LB USUBJID code
  const usub = lb.char("USUBJID");
  const adslRowByName = new Map<string, number>();
  const adslU = adsl.char("USUBJID");
  for (let i = 0; i < adsl.length; i++) adslRowByName.set(adslU.get(i), i);
  const adslRow = usub.dict.map((u) => adslRowByName.get(u) ?? -1);
  const unmatchedUnits = new Map<string, number>();
  const kept: number[] = [];
  const paramOf: number[] = [];
  const subjOf: number[] = [];
  for (let i = 0; i < lb.length; i++) {
    const cands = candidates[testcd.codes[i]!];
    if (!cands) continue;
    const u = unit.dict[unit.codes[i]!]!;
    const sp = specimen ? specimen.dict[specimen.codes[i]!]! : "";
    const hit = cands.find((c) => c.p.unit === u && (c.p.spec === undefined || c.p.spec === sp));
    if (!hit) {
      if (u === "") continue; // not done: no result, no unit
      const key = `${testcd.dict[testcd.codes[i]!]} [${u}]`;
      unmatchedUnits.set(key, (unmatchedUnits.get(key) ?? 0) + 1);
      continue;
    }
    const r = adslRow[usub.codes[i]!]!;
    if (r < 0) continue;
    kept.push(i);
    paramOf.push(hit.k);
    subjOf.push(r);
  }
  for (const [k, n] of unmatchedUnits)
    diagnostics.warning(
      "ADAM.LB_UNIT",
      `${n} LB records of ${k} have a unit the ADLB spec does not define; not carried`,
      { dataset: "ADLB" },
    );
  const rows = Uint32Array.from(kept);
  const n = rows.length;
  const pIdx = Int32Array.from(paramOf);
  const sIdx = Int32Array.from(subjOf);

  const cols = new Map<string, Column>();
  // ADSL variables
  for (const v of ADSL_KEEP) {
    const src = adsl.column(v);
    cols.set(
      v,
      src.kind === "Char" ? gatherChar(src, Uint32Array.from(sIdx)) : gatherNum(src, Uint32Array.from(sIdx)),
    );
  }
  // PARAMCD/PARAM/PARAMN/PARCAT1
  const params = s.parameters;
  cols.set(
    "PARAMCD",
    charFromIndex(
      params.map((p) => p.paramcd),
      pIdx,
    ),
  );
  cols.set(
    "PARAM",
    charFromIndex(
      params.map((p) => p.param),
      pIdx,
    ),
  );
  cols.set(
    "PARCAT1",
    charFromIndex(
      params.map((p) => p.category),
      pIdx,
    ),
  );
  const paramn = new Float64Array(n);
  for (let j = 0; j < n; j++) paramn[j] = params[pIdx[j]!]!.paramn;
  cols.set("PARAMN", numColumn(paramn));
  // AVAL/AVALC/AVALU, ANRLO/ANRHI in SI
  cols.set("AVAL", gatherNum(lb.has("LBSTRESN") ? lb.column("LBSTRESN") : undefined, rows));
  cols.set(
    "AVALC",
    lb.has("LBSTRESC")
      ? gatherChar(lb.char("LBSTRESC"), rows)
      : charFromIndex([], new Int32Array(n).fill(-1)),
  );
  cols.set("AVALU", gatherChar(unit, rows));
  cols.set("ANRLO", gatherNum(lb.has("LBSTNRLO") ? lb.column("LBSTNRLO") : undefined, rows));
  cols.set("ANRHI", gatherNum(lb.has("LBSTNRHI") ? lb.column("LBSTNRHI") : undefined, rows));
  // ADT/ADTM/ADY: parse each distinct LBDTC once
  const dtc = lb.char("LBDTC");
  const dictDate = dtc.dict.map((d) => dtcSasDate(d) ?? Number.NaN);
  const dictDtm = dtc.dict.map((d) => dtcSasDatetime(d) ?? Number.NaN);
  const adt = new Float64Array(n);
  const adtm = new Float64Array(n);
  const ady = new Float64Array(n);
  const trtsdt = (cols.get("TRTSDT") as NumColumn).values;
  const relDay = relativeDayRule(spec.general.relativeDay);
  for (let j = 0; j < n; j++) {
    const c = dtc.codes[rows[j]!]!;
    adt[j] = dictDate[c]!;
    adtm[j] = dictDtm[c]!;
    const a = adt[j]!;
    const t = trtsdt[j]!;
    ady[j] = Number.isNaN(a) || Number.isNaN(t) ? Number.NaN : (relDay(a, t) ?? Number.NaN);
  }
  cols.set("ADT", numColumn(adt));
  cols.set("ADTM", numColumn(adtm));
  cols.set("ADY", numColumn(ady));
  cols.set(
    "VISIT",
    lb.has("VISIT") ? gatherChar(lb.char("VISIT"), rows) : charFromIndex([], new Int32Array(n).fill(-1)),
  );
  cols.set("VISITNUM", gatherNum(lb.has("VISITNUM") ? lb.column("VISITNUM") : undefined, rows));
  // SRCDOM/SRCVAR/SRCSEQ: each record is one LB record
  cols.set("SRCDOM", charFromIndex(["LB"], new Int32Array(n)));
  cols.set("SRCVAR", charFromIndex(["LBSTRESN"], new Int32Array(n)));
  cols.set("SRCSEQ", gatherNum(lb.column("LBSEQ"), rows));
  const firstVars = def.variables.filter((v) => cols.has(v.name));
  let ds = datasetFromColumns({ ...def, variables: firstVars }, cols, n);

  const by = ["USUBJID", "PARAMCD"];
  // ABLFL: last non-missing AVAL on or before TRTSDT
  ds = deriveBaselineFlag(
    ds,
    { byVars: by, order: ["ADT", "ADTM", "SRCSEQ"], onTreatmentDay: s.baselineOnTreatmentDay },
    diagnostics,
  );
  // ONTRTFL, AVISIT/AVISITN
  ds = deriveOntrtfl(ds, { onTreatmentDay: s.baselineOnTreatmentDay }, diagnostics);
  ds = deriveAnalysisWindow(ds, s.windows, diagnostics);
  // BASE, CHG, PCHG
  ds = deriveBaseVar(ds, { byVars: by, source: "AVAL", newVar: "BASE" }, diagnostics);
  ds = deriveChg(ds, diagnostics);
  ds = derivePchg(ds, diagnostics);
  // ANRIND/BNRIND
  ds = deriveRangeIndicator(ds, {}, diagnostics);
  ds = deriveBaseVar(ds, { byVars: by, source: "ANRIND", newVar: "BNRIND" }, diagnostics);
  // ATOXGR (CTCAE v5 from the spec), BTOXGR
  const criteria = new Map<string, AdamToxCriteria>();
  for (const p of params) if (p.toxicity) criteria.set(p.paramcd, p.toxicity);
  ds = deriveToxGrade(ds, criteria, diagnostics);
  ds = deriveBaseVar(ds, { byVars: by, source: "ATOXGR", newVar: "BTOXGR" }, diagnostics);
  ds = deriveBaseVar(ds, { byVars: by, source: "ATOXGRN", newVar: "BTOXGRN" }, diagnostics);
  // WGRLOFL/WGRHIFL: worst post-baseline grade (highest, earliest on ties) for shift tables
  const ontrt = ds.char("ONTRTFL");
  const yOn = ontrt.lookup("Y");
  const grade = ds.num("ATOXGRN").values;
  const dscl = ds.char("ATOXDSCL");
  const dsch = ds.char("ATOXDSCH");
  const graded = (i: number) => ontrt.codes[i] === yOn && !Number.isNaN(grade[i]!);
  ds = deriveExtremeFlag(
    ds,
    {
      byVars: by,
      order: [{ name: "ATOXGRN", desc: true }, "ADT", "SRCSEQ"],
      newVar: "WGRLOFL",
      mode: "first",
      filter: (i) => graded(i) && dscl.codes[i] !== 0,
    },
    diagnostics,
  );
  ds = deriveExtremeFlag(
    ds,
    {
      byVars: by,
      order: [{ name: "ATOXGRN", desc: true }, "ADT", "SRCSEQ"],
      newVar: "WGRHIFL",
      mode: "first",
      filter: (i) => graded(i) && dsch.codes[i] !== 0,
    },
    diagnostics,
  );
  // ANL01FL: per subject, parameter and AVISIT the record closest to the window target (later on ties)
  const avisit = ds.char("AVISIT");
  const windowByName = new Map(s.windows.map((w) => [w.avisit, w]));
  const dist = new Float64Array(ds.length);
  const adyCol = ds.num("ADY");
  for (let i = 0; i < ds.length; i++) {
    const name = avisit.get(i);
    dist[i] =
      name === "BASELINE" ? 0 : (computeWindowDistance(adyCol.get(i), windowByName.get(name)) ?? Number.NaN);
  }
  const withDist = new Map(ds.columns);
  withDist.set("_DIST", numColumn(dist));
  const avalV = ds.num("AVAL").values;
  ds = deriveExtremeFlag(
    datasetFromColumns(
      {
        ...def,
        variables: [...ds.meta.variables, { name: "_DIST", label: "distance", type: "Num", length: 8 }],
      },
      withDist,
      ds.length,
    ),
    {
      byVars: [...by, "AVISIT"],
      order: [{ name: "_DIST", desc: true }, "ADT", "SRCSEQ"],
      newVar: "ANL01FL",
      mode: "last",
      filter: (i) => avisit.codes[i] !== 0 && !Number.isNaN(dist[i]!) && !Number.isNaN(avalV[i]!),
    },
    diagnostics,
  );
  // Final variable order from the definition (drops the helper column)
  const finalCols = new Map(ds.columns);
  return datasetFromColumns(def, finalCols, ds.length);
}
