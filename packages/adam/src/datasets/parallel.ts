/**
 * ADSL, ADAE and ADTTE of a randomized parallel-group study whose SDTM is given (bring-your-own SDTM, e.g. the
 * CDISC pilot CDISCPILOT01), driven by the study's `adam/parallel.yaml`. Small tables (one record per subject or
 * per AE), so these builders work on rows.
 */
import type { CellValue, Dataset, Diagnostics, InputValue, VariableMeta } from "@trialforge/core";
import { UserError } from "@trialforge/core";
import type { AdamParallel, AdamSpec, AdamSubjectDate } from "@trialforge/spec";
import { computeAgeGroup } from "../derivations/age-group.ts";
import { dtcSasDate, parseDtc, sasDateOf } from "../internal/dtc.ts";
import { charAt, numAt, rowsBySubject } from "../internal/frame.ts";
import { type DatasetDef, datasetOf, derivedOrigin, fromAdsl, pred, varMeta } from "../internal/meta.ts";
import type { AdamStudy } from "../internal/study.ts";

export interface ParallelAdamInput {
  study: AdamStudy;
  spec: AdamSpec;
  sdtm: Map<string, Dataset>;
  diagnostics: Diagnostics;
}

type Rec = Record<string, InputValue>;

const flag = (name: string, label: string, method: string): VariableMeta => ({
  name,
  label,
  type: "Char",
  length: 1,
  origin: derivedOrigin,
  method,
  codelist: "NY",
});
const date = (name: string, label: string, method: string, origin = derivedOrigin): VariableMeta => ({
  ...varMeta("TRTSDT"),
  name,
  label,
  origin,
  method,
});

/** Rows of `ds` whose variables hold one of the listed values (numbers compared as their text, 3 = "3"). */
function matchRows(ds: Dataset | undefined, where: Record<string, string[]>): number[] {
  if (!ds) return [];
  const tests = Object.entries(where).map(([name, values]) => {
    if (!ds.has(name)) return () => false;
    const col = ds.column(name);
    const ok = new Set(values);
    return (i: number) => {
      const v = col.get(i);
      return v !== null && ok.has(String(v));
    };
  });
  const out: number[] = [];
  for (let i = 0; i < ds.length; i++) if (tests.every((t) => t(i))) out.push(i);
  return out;
}

/** Per subject: the first or last complete date of the records matching the selector. */
function subjectDates(sdtm: Map<string, Dataset>, sel: AdamSubjectDate): Map<string, number> {
  const ds = sdtm.get(sel.domain);
  const out = new Map<string, number>();
  for (const [subj, rows] of rowsBySubject(ds, matchRows(ds, sel.where))) {
    if (sel.pick === "lastRecord") {
      const ord = (i: number) => String(ds?.get(sel.order ?? sel.date, i) ?? "");
      const last = rows.reduce((a, b) => (ord(b) >= ord(a) ? b : a));
      const d = dtcSasDate(charAt(ds, sel.date, last));
      if (d !== undefined) out.set(subj, d);
      continue;
    }
    for (const i of rows) {
      const d = dtcSasDate(charAt(ds, sel.date, i));
      if (d === undefined) continue;
      const prev = out.get(subj);
      if (prev === undefined || (sel.pick === "first" ? d < prev : d > prev)) out.set(subj, d);
    }
  }
  return out;
}

const ADSL_COPIED = [
  "STUDYID",
  "USUBJID",
  "SUBJID",
  "SITEID",
  "AGE",
  "AGEU",
  "SEX",
  "RACE",
  "ETHNIC",
  "ARM",
  "ARMCD",
];

/** ADSL: one record per randomized DM subject. */
export function buildParallelAdsl(input: ParallelAdamInput): Dataset {
  const p = parallelSpec(input.spec).adsl;
  const dm = input.sdtm.get("DM");
  if (!dm) throw new UserError("ADaM: SDTM DM is missing, so ADSL cannot be built");
  const trtStart = subjectDates(input.sdtm, p.treatmentStart);
  const trtEnd = subjectDates(input.sdtm, p.treatmentEnd);
  const sv = input.sdtm.get("SV");
  const visitDates = new Map<string, Map<number, number>>();
  for (const [subj, rows] of rowsBySubject(sv)) {
    const m = new Map<number, number>();
    for (const i of rows) {
      const vn = numAt(sv, "VISITNUM", i);
      const d = dtcSasDate(charAt(sv, "SVSTDTC", i));
      if (vn !== null && d !== undefined && !m.has(vn)) m.set(vn, d);
    }
    visitDates.set(subj, m);
  }
  const byArmcd = new Map(p.treatments.map((t) => [t.armcd, t]));
  const exclude = new Set(p.excludeArmcd);
  const rows: Rec[] = [];
  for (let i = 0; i < dm.length; i++) {
    const armcd = charAt(dm, "ARMCD", i);
    if (exclude.has(armcd)) continue;
    const r: Rec = {};
    for (const v of ADSL_COPIED) r[v] = dm.has(v) ? dm.get(v, i) : null;
    const subj = charAt(dm, "USUBJID", i);
    // TRT01P/TRT01PN by ARMCD; TRT01A = TRT01P or by ACTARMCD per the spec
    const planned = byArmcd.get(armcd);
    const actual = p.actual === "planned" ? planned : byArmcd.get(charAt(dm, "ACTARMCD", i));
    r.TRT01P = planned?.trt ?? "";
    r.TRT01PN = planned?.trtn ?? null;
    r.TRT01A = actual?.trt ?? "";
    r.TRT01AN = actual?.trtn ?? null;
    // TRTSDT, TRTEDT (fallback to the spec's DM date when the treatment end is missing), TRTDUR
    const sdt = trtStart.get(subj) ?? null;
    let edt = trtEnd.get(subj) ?? null;
    if (edt === null && sdt !== null && p.treatmentEndFallback)
      edt = dtcSasDate(charAt(dm, p.treatmentEndFallback, i)) ?? null;
    r.TRTSDT = sdt;
    r.TRTEDT = edt;
    r.TRTDUR = sdt !== null && edt !== null ? edt - sdt + 1 : null;
    // AGEGR1/AGEGR1N
    const ag = computeAgeGroup(numAt(dm, "AGE", i), p.ageGroups);
    r.AGEGR1 = ag.label;
    r.AGEGR1N = ag.n;
    // ITTFL: randomized (ARMCD not blank); SAFFL: ITT and treated
    r.ITTFL = armcd !== "" ? "Y" : "N";
    r.SAFFL = r.ITTFL === "Y" && sdt !== null ? "Y" : "N";
    // Completers: the visit happened and the subject's end date is on or after it
    const end = dtcSasDate(charAt(dm, p.endDate, i)) ?? null;
    for (const c of p.completers) {
      const vd = visitDates.get(subj)?.get(c.visitnum);
      r[c.flag] = vd !== undefined && end !== null && end >= vd ? "Y" : "N";
    }
    r.RFSTDTC = charAt(dm, "RFSTDTC", i);
    r.RFENDTC = charAt(dm, "RFENDTC", i);
    r.RFENDT = dtcSasDate(charAt(dm, "RFENDTC", i)) ?? null;
    rows.push(r);
  }
  const def: DatasetDef = {
    name: "ADSL",
    label: "Subject-Level Analysis Dataset",
    class: "SUBJECT LEVEL ANALYSIS DATASET",
    structure: "One record per subject",
    keys: ["STUDYID", "USUBJID"],
    variables: [
      ...["STUDYID", "USUBJID", "SUBJID", "SITEID", "ARM", "ARMCD"].map((n) => varMeta(n)),
      varMeta("TRT01P", { method: "TRT01P of DM.ARMCD in the spec's treatment table (DM.ARM)" }),
      varMeta("TRT01PN", { method: "Randomized dose of TRT01P from the spec's treatment table" }),
      varMeta("TRT01A", {
        method: p.actual === "planned" ? "TRT01A = TRT01P (spec: actual = planned)" : "By DM.ACTARMCD",
      }),
      varMeta("TRT01AN", { method: "Dose of TRT01A from the spec's treatment table" }),
      date(
        "TRTSDT",
        "Date of First Exposure to Treatment",
        `${p.treatmentStart.domain}.${p.treatmentStart.date} (${p.treatmentStart.pick}) of the spec's selector`,
      ),
      date(
        "TRTEDT",
        "Date of Last Exposure to Treatment",
        `${p.treatmentEnd.domain}.${p.treatmentEnd.date} (${p.treatmentEnd.pick})${p.treatmentEndFallback ? `, else DM.${p.treatmentEndFallback}` : ""}`,
      ),
      {
        ...varMeta("AGE"),
        name: "TRTDUR",
        label: "Duration of Treatment (days)",
        origin: derivedOrigin,
        method: "TRTEDT - TRTSDT + 1",
      },
      ...["AGE", "AGEGR1", "AGEGR1N", "AGEU", "RACE", "SEX", "ETHNIC"].map((n) => varMeta(n)),
      varMeta("SAFFL", { method: "Y if ITTFL = Y and TRTSDT is not missing, N otherwise" }),
      flag("ITTFL", "Intent-To-Treat Population Flag", "Y if ARMCD is not blank, N otherwise"),
      ...p.completers.map((c) =>
        flag(
          c.flag,
          c.label,
          `Y if SV.VISITNUM = ${c.visitnum} exists and DM.${p.endDate} >= its SVSTDTC, N otherwise`,
        ),
      ),
      {
        ...varMeta("USUBJID"),
        name: "RFSTDTC",
        label: "Subject Reference Start Date/Time",
        origin: pred("DM.RFSTDTC"),
        dataType: "date",
      },
      {
        ...varMeta("USUBJID"),
        name: "RFENDTC",
        label: "Subject Reference End Date/Time",
        origin: pred("DM.RFENDTC"),
        dataType: "date",
      },
      date("RFENDT", "Date of Discontinuation/Completion", "DM.RFENDTC as a date"),
    ],
  };
  return datasetOf(def, rows);
}

/** ASTDT with the pilot-style imputation: missing day → 01 (flag D); year only or empty → no date. */
export function computeStartDateMissingDay(dtc: string): { date: number | null; flag: string } {
  const p = parseDtc(dtc);
  if (!p || p.year === undefined || p.month === undefined) return { date: null, flag: "" };
  if (p.day === undefined) return { date: sasDateOf(p.year, p.month, 1), flag: "D" };
  return { date: sasDateOf(p.year, p.month, p.day), flag: "" };
}

const AE_COPIED = [
  "AETERM",
  "AELLT",
  "AELLTCD",
  "AEDECOD",
  "AEPTCD",
  "AEHLT",
  "AEHLTCD",
  "AEHLGT",
  "AEHLGTCD",
  "AEBODSYS",
  "AESOC",
  "AESOCCD",
  "AESEV",
  "AESER",
  "AESCAN",
  "AESCONG",
  "AESDISAB",
  "AESDTH",
  "AESHOSP",
  "AESLIFE",
  "AESOD",
  "AEREL",
  "AEACN",
  "AEOUT",
  "AESEQ",
  "AESTDTC",
  "AEENDTC",
];
const ADSL_TO_ADAE: [string, string][] = [
  ["TRTA", "TRT01A"],
  ["TRTAN", "TRT01AN"],
  ["AGE", "AGE"],
  ["AGEGR1", "AGEGR1"],
  ["AGEGR1N", "AGEGR1N"],
  ["RACE", "RACE"],
  ["SEX", "SEX"],
  ["SAFFL", "SAFFL"],
  ["TRTSDT", "TRTSDT"],
  ["TRTEDT", "TRTEDT"],
];

/** ADAE: one record per AE of an ADSL subject. */
export function buildParallelAdae(input: ParallelAdamInput & { adsl: Dataset }): Dataset {
  const p = parallelSpec(input.spec).adae;
  const ae = input.sdtm.get("AE");
  if (!ae) throw new UserError("ADaM: SDTM AE is missing, so ADAE cannot be built");
  const adslRow = new Map<string, number>();
  for (let i = 0; i < input.adsl.length; i++) adslRow.set(String(input.adsl.get("USUBJID", i)), i);
  const rows: Rec[] = [];
  for (let i = 0; i < ae.length; i++) {
    const a = adslRow.get(charAt(ae, "USUBJID", i));
    if (a === undefined) continue;
    const r: Rec = { STUDYID: charAt(ae, "STUDYID", i), USUBJID: charAt(ae, "USUBJID", i) };
    r.SITEID = input.adsl.get("SITEID", a);
    for (const [to, from] of ADSL_TO_ADAE) r[to] = input.adsl.get(from, a);
    for (const v of AE_COPIED) if (ae.has(v)) r[v] = ae.get(v, i);
    // ASTDT/ASTDTF, AENDT (complete dates only)
    const st =
      p.startImputation === "missingDay"
        ? computeStartDateMissingDay(charAt(ae, "AESTDTC", i))
        : { date: dtcSasDate(charAt(ae, "AESTDTC", i)) ?? null, flag: "" };
    r.ASTDT = st.date;
    r.ASTDTF = st.flag;
    r.AENDT = dtcSasDate(charAt(ae, "AEENDTC", i)) ?? null;
    // ASTDY/AENDY (no day 0), ADURN/ADURU
    const trtsdt = r.TRTSDT as number | null;
    const rel = (d: number | null) =>
      d === null || trtsdt === null ? null : d >= trtsdt ? d - trtsdt + 1 : d - trtsdt;
    r.ASTDY = rel(r.ASTDT);
    r.AENDY = rel(r.AENDT as number | null);
    r.ADURN = r.ASTDT !== null && r.AENDT !== null ? (r.AENDT as number) - r.ASTDT + 1 : null;
    r.ADURU = r.ADURN !== null ? "DAY" : "";
    // TRTEMFL: ASTDT >= TRTSDT > . (define)
    r.TRTEMFL = trtsdt !== null && st.date !== null && st.date >= trtsdt ? "Y" : "N";
    // Customized queries
    for (const q of p.customQueries) {
      const decod = charAt(ae, "AEDECOD", i).toUpperCase();
      const soc = charAt(ae, "AEBODSYS", i).toUpperCase();
      const hit =
        q.decodContains.some((s) => decod.includes(s.toUpperCase())) ||
        (q.soc.includes(soc) && !q.excludeDecod.includes(decod));
      r[q.name] = hit ? q.value : "";
    }
    rows.push(r);
  }
  // First occurrence flags: first record by ASTDT, AESEQ within USUBJID + byVars among matching records
  for (const f of p.occurrenceFlags) {
    const first = new Map<string, Rec>();
    for (const r of rows) {
      r[f.flag] = "";
      if (!Object.entries(f.where).every(([k, vs]) => vs.includes(String(r[k] ?? "")))) continue;
      const key = [r.USUBJID, ...f.byVars.map((b) => r[b] ?? "")].join("\u0000");
      const cur = first.get(key);
      if (!cur || compareOccurrence(r, cur) < 0) first.set(key, r);
    }
    for (const r of first.values()) r[f.flag] = "Y";
  }
  const dateMeta = (n: string, label: string, method: string) => date(n, label, method);
  // Copied AE variables keep the SDTM metadata (label, type) with AE as their origin.
  const copied = (n: string): VariableMeta => {
    const v = ae.meta.variables.find((x) => x.name === n)!;
    return { name: n, label: v.label, type: v.type, length: v.length, origin: pred(`AE.${n}`) };
  };
  const def: DatasetDef = {
    name: "ADAE",
    label: "Adverse Events Analysis Dataset",
    class: "OCCURRENCE DATA STRUCTURE",
    structure: "One record per subject per adverse event",
    keys: ["STUDYID", "USUBJID", "AESEQ"],
    variables: [
      varMeta("STUDYID"),
      fromAdsl("SITEID"),
      varMeta("USUBJID"),
      { ...fromAdsl("TRT01A"), name: "TRTA", label: "Actual Treatment" },
      { ...fromAdsl("TRT01AN"), name: "TRTAN", label: "Actual Treatment (N)" },
      ...["AGE", "AGEGR1", "AGEGR1N", "RACE", "SEX", "SAFFL"].map((n) => fromAdsl(n)),
      {
        ...date("TRTSDT", "Date of First Exposure to Treatment", ""),
        origin: pred("ADSL.TRTSDT"),
        method: undefined,
      },
      {
        ...date("TRTEDT", "Date of Last Exposure to Treatment", ""),
        origin: pred("ADSL.TRTEDT"),
        method: undefined,
      },
      dateMeta(
        "ASTDT",
        "Analysis Start Date",
        p.startImputation === "missingDay"
          ? "AE.AESTDTC as a date; a missing day is imputed as 01; year-only dates are not imputed"
          : "AE.AESTDTC as a date (complete dates only)",
      ),
      varMeta("ASTDTF", { method: "D when the day of ASTDT was imputed" }),
      varMeta("ASTDY", { method: "ASTDT - TRTSDT + 1 when ASTDT >= TRTSDT, else ASTDT - TRTSDT" }),
      dateMeta("AENDT", "Analysis End Date", "AE.AEENDTC as a date (complete dates only, no imputation)"),
      varMeta("AENDY", { method: "AENDT - TRTSDT + 1 when AENDT >= TRTSDT, else AENDT - TRTSDT" }),
      varMeta("ADURN"),
      varMeta("ADURU", { method: "DAY when ADURN is present" }),
      ...AE_COPIED.filter((n) => ae.has(n)).map(copied),
      varMeta("TRTEMFL", { method: "Y if ASTDT >= TRTSDT and TRTSDT is not missing, N otherwise" }),
      ...p.occurrenceFlags.map((f) =>
        flag(
          f.flag,
          f.label,
          `Y on the first record by ASTDT, AESEQ within USUBJID${f.byVars.map((b) => `, ${b}`).join("")} among records with ${Object.entries(
            f.where,
          )
            .map(([k, v]) => `${k} in (${v.join(", ")})`)
            .join(" and ")}`,
        ),
      ),
      ...p.customQueries.map(
        (q): VariableMeta => ({
          name: q.name,
          label: q.label,
          type: "Char",
          length: 1,
          origin: derivedOrigin,
          method: `${q.value} when AEDECOD contains ${q.decodContains.join("/")} or AEBODSYS is ${q.soc.join("/")} and AEDECOD is not ${q.excludeDecod.join("/")}`,
        }),
      ),
    ],
  };
  return datasetOf(def, rows);
}

function compareOccurrence(a: Rec, b: Rec): number {
  const num = (v: InputValue) => (typeof v === "number" ? v : Number.NEGATIVE_INFINITY);
  return num(a.ASTDT) - num(b.ASTDT) || num(a.AESEQ) - num(b.AESEQ);
}

/** ADTTE: per parameter, the first matching ADAE record (by ASTDT, AESEQ) is the event, else censored at an ADSL date. */
export function buildParallelAdtte(input: ParallelAdamInput & { adsl: Dataset; adae: Dataset }): Dataset {
  const t = parallelSpec(input.spec).adtte;
  if (!t) throw new Error("buildParallelAdtte: parallel.yaml has no adtte");
  const { adsl, adae } = input;
  const rows: Rec[] = [];
  const vars = [
    "STUDYID",
    "SITEID",
    "USUBJID",
    "AGE",
    "AGEGR1",
    "AGEGR1N",
    "RACE",
    "SEX",
    "TRTSDT",
    "TRTEDT",
    "TRTDUR",
  ];
  for (const prm of t.parameters) {
    const first = new Map<string, number>();
    for (const i of matchRows(adae, prm.event)) {
      if (adae.get("ASTDT", i) === null) continue;
      const u = String(adae.get("USUBJID", i));
      const j = first.get(u);
      const key = (k: number) => [adae.get("ASTDT", k) as number, adae.get("AESEQ", k) as number];
      if (j === undefined || cmp(key(i), key(j)) < 0) first.set(u, i);
    }
    for (let a = 0; a < adsl.length; a++) {
      const r: Rec = {};
      for (const v of vars) r[v] = adsl.get(v, a);
      r.TRTP = adsl.get("TRT01P", a);
      r.TRTA = adsl.get("TRT01A", a);
      r.TRTAN = adsl.get("TRT01AN", a);
      r.PARAM = prm.param;
      r.PARAMCD = prm.paramcd;
      r.STARTDT = adsl.get("TRTSDT", a);
      r.SAFFL = adsl.get("SAFFL", a);
      const e = first.get(String(adsl.get("USUBJID", a)));
      if (e !== undefined) {
        Object.assign(r, {
          ADT: adae.get("ASTDT", e),
          CNSR: 0,
          EVNTDESC: prm.eventDesc,
          SRCDOM: "ADAE",
          SRCVAR: "ASTDT",
          SRCSEQ: adae.get("AESEQ", e),
        });
      } else {
        Object.assign(r, {
          ADT: adsl.get(prm.censorDate, a),
          CNSR: 1,
          EVNTDESC: prm.censorDesc,
          SRCDOM: "ADSL",
          SRCVAR: prm.censorDate,
          SRCSEQ: null,
        });
      }
      const adt = r.ADT as CellValue;
      const sdt = r.STARTDT as CellValue;
      r.AVAL = typeof adt === "number" && typeof sdt === "number" ? adt - sdt + 1 : null;
      rows.push(r);
    }
  }
  const def: DatasetDef = {
    name: "ADTTE",
    label: "AE Time To 1st Derm. Event Analysis",
    class: "BASIC DATA STRUCTURE",
    structure: "One record per subject per parameter",
    keys: ["STUDYID", "USUBJID", "PARAMCD"],
    variables: [
      varMeta("STUDYID"),
      fromAdsl("SITEID"),
      varMeta("USUBJID"),
      ...["AGE", "AGEGR1", "AGEGR1N", "RACE", "SEX"].map((n) => fromAdsl(n)),
      {
        ...date("TRTSDT", "Date of First Exposure to Treatment", ""),
        origin: pred("ADSL.TRTSDT"),
        method: undefined,
      },
      {
        ...date("TRTEDT", "Date of Last Exposure to Treatment", ""),
        origin: pred("ADSL.TRTEDT"),
        method: undefined,
      },
      {
        ...varMeta("AGE"),
        name: "TRTDUR",
        label: "Duration of Treatment (days)",
        origin: pred("ADSL.TRTDUR"),
      },
      { ...fromAdsl("TRT01P"), name: "TRTP", label: "Planned Treatment" },
      { ...fromAdsl("TRT01A"), name: "TRTA", label: "Actual Treatment" },
      { ...fromAdsl("TRT01AN"), name: "TRTAN", label: "Actual Treatment (N)" },
      varMeta("PARAM"),
      varMeta("PARAMCD"),
      varMeta("AVAL", { method: "ADT - STARTDT + 1 (days)", dataType: "integer" }),
      date("STARTDT", "Time-to-Event Origin Date for Subject", "ADSL.TRTSDT"),
      date(
        "ADT",
        "Analysis Date",
        "ASTDT of the first event record in ADAE (by ASTDT, AESEQ), else the censoring date of ADSL",
      ),
      varMeta("CNSR"),
      varMeta("EVNTDESC"),
      varMeta("SRCDOM"),
      varMeta("SRCVAR"),
      varMeta("SRCSEQ"),
      fromAdsl("SAFFL"),
    ],
  };
  return datasetOf(def, rows);
}

function cmp(a: number[], b: number[]): number {
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return a[k]! - b[k]!;
  return 0;
}

function parallelSpec(spec: AdamSpec): AdamParallel {
  if (!spec.parallel) throw new Error("parallel-group ADaM builders need adam/parallel.yaml");
  return spec.parallel;
}

/** ADSL, ADAE and (when specified) ADTTE of a parallel-group study from `parallel.yaml`. */
export function buildParallelAdam(input: ParallelAdamInput): Map<string, Dataset> {
  const adsl = buildParallelAdsl(input);
  const out = new Map<string, Dataset>([["ADSL", adsl]]);
  if (input.sdtm.get("AE")) {
    const adae = buildParallelAdae({ ...input, adsl });
    out.set("ADAE", adae);
    if (input.spec.parallel?.adtte) out.set("ADTTE", buildParallelAdtte({ ...input, adsl, adae }));
  }
  return out;
}
