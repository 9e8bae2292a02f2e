/**
 * Vendor transfers of one subject: central lab, cytokines, CAR transgene qPCR, flow cytometry, ADA.
 * Rows go straight into a reusable cell array (`RowSink`) so millions of lab rows make no per-row objects.
 * Vendor conventions: ISO dates (YYYY-MM-DD), HH:MM times.
 */
import type { Study, StudyVisit } from "@trialforge/spec";
import type { Rng } from "../prng.ts";
import { CYTOKINE_TESTS, LAB_TESTS, type LabTest } from "./catalog/labs.ts";
import { dayToIso, minutesToTime } from "./dates.ts";
import { computeCarLevel, computeDip, computeSyndromeShape, type Profile } from "./subject.ts";

/** A destination for rows of one form: set cells by column index, then `emit()`. */
export interface RowSink {
  /** Column index of a field, or -1 when the form does not have it. */
  col(name: string): number;
  /** The current row; `emit()` writes it and clears it. */
  readonly row: string[];
  emit(): void;
}

function visitTime(rng: Rng, p: Profile, day: number): number {
  return day === 0 ? p.infusionMinute - 30 : rng.int(7 * 60, 10 * 60 + 30);
}

function fmt(v: number, decimals: number, lloq: number): string {
  if (v < lloq) return `<${lloq}`;
  return v.toFixed(decimals);
}

function visitsWith(
  study: Study,
  p: Profile,
  what: StudyVisit["assessments"][number],
): { v: StudyVisit; day: number }[] {
  const out: { v: StudyVisit; day: number }[] = [];
  for (const v of study.visits) {
    if (!v.assessments.includes(what)) continue;
    const day = p.visitDays.get(v.VISITNUM);
    if (day !== undefined) out.push({ v, day });
  }
  return out;
}

/**
 * Scheduled samples of an assessment plus unscheduled daily samples while CRS or ICANS lasts (on days
 * without a scheduled visit), as sites monitor inflammation and counts daily then.
 */
function labSampleTimes(
  study: Study,
  p: Profile,
  what: "LB" | "CYTO",
  prefix: string,
): { label: string; day: number; acc: string }[] {
  const id = p.subjid.replace(/-/g, "");
  const out = visitsWith(study, p, what).map(({ v, day }) => ({
    label: v.VISIT,
    day,
    acc: `${prefix}${id}${String(v.VISITNUM).padStart(2, "0")}`,
  }));
  const taken = new Set(out.map((o) => o.day));
  const unscheduled: number[] = [];
  for (const s of [p.crs, p.icans]) {
    if (!s) continue;
    for (let d = s.onset; d <= s.onset + s.duration; d++)
      if (d > 0 && d <= p.lastDay && !taken.has(d)) {
        taken.add(d);
        unscheduled.push(d);
      }
  }
  for (const d of unscheduled)
    out.push({ label: "UNSCHEDULED", day: d, acc: `${prefix}${id}U${String(d).padStart(3, "0")}` });
  return out.sort((a, b) => a.day - b.day);
}

/** Value of one lab test at protocol day t, following the subject's course. */
function labValue(rng: Rng, t: LabTest, base: number, p: Profile, day: number): number {
  const c = p.cyto;
  const crs = computeSyndromeShape(day, p.crs) * (p.crs?.grade ?? 0);
  let v: number;
  switch (t.effect) {
    case "anc":
      v = c.ancBase - (c.ancBase - c.ancNadir) * computeDip(day, c.nadirDay, c.recoveryDay);
      break;
    case "lym":
      v = c.lymBase - (c.lymBase - c.lymNadir) * computeDip(day, c.nadirDay - 1, c.recoveryDay + 14);
      break;
    case "wbc": {
      const frac = (c.ancNadir + c.lymNadir) / (c.ancBase + c.lymBase);
      v = base * (1 - (1 - frac) * computeDip(day, c.nadirDay, c.recoveryDay));
      break;
    }
    case "plt":
      v = c.pltBase - (c.pltBase - c.pltNadir) * computeDip(day, c.nadirDay + 2, c.recoveryDay + 5);
      break;
    case "hgb": {
      const hgb = c.hgbBase - (c.hgbBase - c.hgbNadir) * computeDip(day, c.nadirDay + 4, c.recoveryDay + 10);
      v = t.code === "HGB" ? hgb : base * (hgb / c.hgbBase);
      break;
    }
    case "liver":
      v = base * (1 + (p.liverFold - 1) * computeSyndromeShape(day, { onset: 5, duration: 10 }));
      break;
    case "ldh": {
      const burden = day < 28 ? 1 : p.pdDay !== undefined && day >= p.pdDay ? 1.6 : p.responder ? 0.55 : 1;
      v = base * burden;
      break;
    }
    case "crs_up":
      v = base * (1 + 0.35 * crs);
      break;
    case "crs_down":
      v = base * (1 - 0.08 * crs);
      break;
    default:
      v = base;
  }
  if (t.code === "BLAST") {
    const cleared = day >= 14 && p.responder && (p.pdDay === undefined || day < p.pdDay);
    v = cleared ? 0 : p.pdDay !== undefined && day >= p.pdDay ? base * 2 + 10 : base * (day > 0 ? 0.5 : 1);
  }
  return Math.max(0, v * (1 + rng.normal(0, 0.05)));
}

export function writeCentralLab(rng: Rng, p: Profile, study: Study, sink: RowSink): number {
  const cols = [
    "STUDYID",
    "SITEID",
    "SUBJID",
    "ACCSNUM",
    "VISIT",
    "LBDAT",
    "LBTIM",
    "LBSPEC",
    "LBCAT",
    "LBTESTCD",
    "LBTEST",
    "LBORRES",
    "LBORRESU",
    "LBORNRLO",
    "LBORNRHI",
    "LBLLOQ",
    "LBSTAT",
    "LBREASND",
  ].map((n) => sink.col(n));
  const [
    cSTUDY,
    cSITE,
    cSUBJ,
    cACC,
    cVIS,
    cDAT,
    cTIM,
    cSPEC,
    cCAT,
    cTESTCD,
    cTEST,
    cRES,
    cRESU,
    cLO,
    cHI,
    cLLOQ,
    cSTAT,
    cREAS,
  ] = cols as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  // Subject-level baselines, drawn once per test.
  const bases = LAB_TESTS.map((t) => Math.max(t.lloq * 0.5, rng.normal(t.mean, t.sd)));
  const row = sink.row;
  const set = (i: number, v: string) => {
    if (i >= 0) row[i] = v;
  };
  const pctOf = LAB_TESTS.map((t) => (t.of ? LAB_TESTS.findIndex((x) => x.code === t.of) : -1));
  const wbcIx = LAB_TESTS.findIndex((x) => x.code === "WBC");
  const values = new Float64Array(LAB_TESTS.length);
  let n = 0;
  for (const { label, day, acc } of labSampleTimes(study, p, "LB", "L")) {
    const date = dayToIso(p.day0 + day);
    const time = minutesToTime(visitTime(rng, p, day));
    for (let k = 0; k < LAB_TESTS.length; k++)
      values[k] = LAB_TESTS[k]!.effect === "pct" ? 0 : labValue(rng, LAB_TESTS[k]!, bases[k]!, p, day);
    for (let k = 0; k < LAB_TESTS.length; k++) {
      const t = LAB_TESTS[k]!;
      // Differential percentages are shares of the same sample's WBC.
      if (t.effect === "pct")
        values[k] = Math.min(100, (100 * values[pctOf[k]!]!) / Math.max(0.01, values[wbcIx]!));
      set(cSTUDY, study.studyId);
      set(cSITE, p.siteId);
      set(cSUBJ, p.subjid);
      set(cACC, acc);
      set(cVIS, label);
      set(cDAT, date);
      set(cTIM, time);
      set(cSPEC, t.specimen);
      set(cCAT, t.category);
      set(cTESTCD, t.code);
      set(cTEST, t.name);
      set(cRESU, t.unit);
      set(cLO, String(t.low));
      set(cHI, String(t.high));
      set(cLLOQ, String(t.lloq));
      if (rng.next() < 0.003) {
        set(cRES, "");
        set(cSTAT, "NOT DONE");
        set(cREAS, rng.pick(["SAMPLE HEMOLYZED", "INSUFFICIENT SAMPLE", "SAMPLE LOST IN TRANSIT"]));
      } else {
        set(cRES, fmt(values[k]!, t.decimals, t.lloq));
      }
      sink.emit();
      n++;
    }
  }
  return n;
}

export function writeCytokines(rng: Rng, p: Profile, study: Study, sink: RowSink): number {
  const ix = (n: string) => sink.col(n);
  const c = {
    STUDYID: ix("STUDYID"),
    SUBJID: ix("SUBJID"),
    SAMPID: ix("SAMPID"),
    VISIT: ix("VISIT"),
    CYDAT: ix("CYDAT"),
    CYTIM: ix("CYTIM"),
    CYSPEC: ix("CYSPEC"),
    CYTESTCD: ix("CYTESTCD"),
    CYTEST: ix("CYTEST"),
    CYORRES: ix("CYORRES"),
    CYORRESU: ix("CYORRESU"),
    CYORNRLO: ix("CYORNRLO"),
    CYORNRHI: ix("CYORNRHI"),
    CYLLOQ: ix("CYLLOQ"),
  };
  const row = sink.row;
  const set = (i: number, v: string) => {
    if (i >= 0) row[i] = v;
  };
  const bases = CYTOKINE_TESTS.map((t) => rng.logNormal(t.median, t.sigma));
  let n = 0;
  for (const { label, day, acc } of labSampleTimes(study, p, "CYTO", "C")) {
    const time = minutesToTime(visitTime(rng, p, day));
    const crsG = p.crs?.grade ?? 0;
    const crs = computeSyndromeShape(day, p.crs);
    const mild = computeSyndromeShape(day, { onset: 1, duration: 4 });
    const icans = computeSyndromeShape(day, p.icans) * (p.icans?.grade ?? 0);
    CYTOKINE_TESTS.forEach((t, k) => {
      const fold = crsG > 0 ? 1 + (t.crsFold - 1) * (crsG / 4) ** 1.5 * crs : 1 + 1.5 * mild;
      const value = bases[k]! * fold * (1 + 0.1 * icans) * Math.exp(rng.normal(0, 0.15));
      set(c.STUDYID, study.studyId);
      set(c.SUBJID, p.subjid);
      set(c.SAMPID, acc);
      set(c.VISIT, label);
      set(c.CYDAT, dayToIso(p.day0 + day));
      set(c.CYTIM, time);
      set(c.CYSPEC, "SERUM");
      set(c.CYTESTCD, t.code);
      set(c.CYTEST, t.name);
      set(c.CYORRES, fmt(value, t.decimals, t.lloq));
      set(c.CYORRESU, t.unit);
      set(c.CYORNRLO, String(t.low));
      set(c.CYORNRHI, String(t.high));
      set(c.CYLLOQ, String(t.lloq));
      sink.emit();
      n++;
    });
  }
  return n;
}

const PK_LLOQ = 50;

export function writePk(rng: Rng, p: Profile, study: Study, sink: RowSink): number {
  const ix = (n: string) => sink.col(n);
  const c = {
    STUDYID: ix("STUDYID"),
    SUBJID: ix("SUBJID"),
    SAMPID: ix("SAMPID"),
    VISIT: ix("VISIT"),
    PCTPT: ix("PCTPT"),
    PCNOMDY: ix("PCNOMDY"),
    PCNOMHR: ix("PCNOMHR"),
    PCDAT: ix("PCDAT"),
    PCTIM: ix("PCTIM"),
    PCSPEC: ix("PCSPEC"),
    PCTESTCD: ix("PCTESTCD"),
    PCTEST: ix("PCTEST"),
    PCORRES: ix("PCORRES"),
    PCORRESU: ix("PCORRESU"),
    PCLLOQ: ix("PCLLOQ"),
  };
  const row = sink.row;
  const set = (i: number, v: string) => {
    if (i >= 0) row[i] = v;
  };
  let n = 0;
  const sample = (
    v: StudyVisit,
    day: number,
    minute: number,
    tpt: string,
    nomHr: number,
    spec: "BLOOD" | "BONE MARROW",
    suffix: string,
  ) => {
    const t = day + (minute - p.infusionMinute) / 1440;
    const level =
      computeCarLevel(t, p.pk) * (spec === "BONE MARROW" ? p.pk.bmRatio : 1) * Math.exp(rng.normal(0, 0.25));
    set(c.STUDYID, study.studyId);
    set(c.SUBJID, p.subjid);
    set(c.SAMPID, `P${p.subjid.replace(/-/g, "")}${String(v.VISITNUM).padStart(2, "0")}${suffix}`);
    set(c.VISIT, v.VISIT);
    set(c.PCTPT, tpt);
    set(c.PCNOMDY, String(v.day));
    set(c.PCNOMHR, String(nomHr));
    set(c.PCDAT, dayToIso(p.day0 + day));
    set(c.PCTIM, minutesToTime(minute));
    set(c.PCSPEC, spec);
    set(c.PCTESTCD, "CARTG");
    set(c.PCTEST, "CAR-CD19 Transgene");
    set(c.PCORRES, level < PK_LLOQ ? "BLQ" : String(Math.round(level)));
    set(c.PCORRESU, "copies/ug gDNA");
    set(c.PCLLOQ, String(PK_LLOQ));
    sink.emit();
    n++;
  };
  for (const v of study.visits) {
    const day = p.visitDays.get(v.VISITNUM);
    if (day === undefined) continue;
    if (v.assessments.includes("PK_BLOOD")) {
      if (v.day === 0) {
        sample(v, day, p.infusionMinute - 30, "PRE-INFUSION", 0, "BLOOD", "A");
        sample(v, day, p.infusionMinute + 120 + rng.int(-10, 10), "2H POST-INFUSION", 2, "BLOOD", "B");
      } else {
        sample(v, day, rng.int(7 * 60, 10 * 60 + 30), v.VISIT, v.day * 24, "BLOOD", "A");
      }
    }
    if (v.assessments.includes("PK_BM"))
      sample(v, day, rng.int(9 * 60, 12 * 60), v.VISIT, v.day * 24, "BONE MARROW", "M");
  }
  return n;
}

export function writeFlow(rng: Rng, p: Profile, study: Study, sink: RowSink): number {
  const ix = (n: string) => sink.col(n);
  const c = {
    STUDYID: ix("STUDYID"),
    SUBJID: ix("SUBJID"),
    SAMPID: ix("SAMPID"),
    VISIT: ix("VISIT"),
    FCDAT: ix("FCDAT"),
    FCTIM: ix("FCTIM"),
    FCSPEC: ix("FCSPEC"),
    FCTESTCD: ix("FCTESTCD"),
    FCTEST: ix("FCTEST"),
    FCORRES: ix("FCORRES"),
    FCORRESU: ix("FCORRESU"),
    FCLLOQ: ix("FCLLOQ"),
  };
  const row = sink.row;
  const set = (i: number, v: string) => {
    if (i >= 0) row[i] = v;
  };
  let n = 0;
  for (const { v, day } of visitsWith(study, p, "FLOW")) {
    const minute = visitTime(rng, p, day);
    const t = day + (minute - p.infusionMinute) / 1440;
    const car =
      computeCarLevel(t, { cmax: p.pk.flowCmax, tmax: p.pk.tmax, thalf: p.pk.thalf }) *
      Math.exp(rng.normal(0, 0.2));
    const nk = p.pk.nkBase * (1 - 0.85 * computeDip(day, p.cyto.nadirDay - 1, p.cyto.recoveryDay + 14)) + car;
    const aplasiaEnd = p.responder ? 90 + (p.index % 60) : 35;
    const b =
      day < -4
        ? p.pk.bBase
        : day < aplasiaEnd
          ? p.pk.bBase * 0.02
          : p.pk.bBase * Math.min(1, (day - aplasiaEnd) / 60 + 0.1);
    const values: [string, string, number][] = [
      ["CARNK", "CAR+ NK Cells", car],
      ["NKCELL", "CD56+ NK Cells", nk * Math.exp(rng.normal(0, 0.1))],
      ["BCELL", "CD19+ B Cells", b * Math.exp(rng.normal(0, 0.2))],
    ];
    for (const [code, name, val] of values) {
      set(c.STUDYID, study.studyId);
      set(c.SUBJID, p.subjid);
      set(c.SAMPID, `F${p.subjid.replace(/-/g, "")}${String(v.VISITNUM).padStart(2, "0")}`);
      set(c.VISIT, v.VISIT);
      set(c.FCDAT, dayToIso(p.day0 + day));
      set(c.FCTIM, minutesToTime(minute));
      set(c.FCSPEC, "BLOOD");
      set(c.FCTESTCD, code);
      set(c.FCTEST, name);
      set(c.FCORRES, fmt(val, 1, 0.5));
      set(c.FCORRESU, "cells/uL");
      set(c.FCLLOQ, "0.5");
      sink.emit();
      n++;
    }
  }
  return n;
}

export function writeAda(rng: Rng, p: Profile, study: Study, sink: RowSink): number {
  const ix = (n: string) => sink.col(n);
  const c = {
    STUDYID: ix("STUDYID"),
    SUBJID: ix("SUBJID"),
    SAMPID: ix("SAMPID"),
    VISIT: ix("VISIT"),
    ADADAT: ix("ADADAT"),
    ADASCRN: ix("ADASCRN"),
    ADACONF: ix("ADACONF"),
    ADATITER: ix("ADATITER"),
  };
  const row = sink.row;
  const set = (i: number, v: string) => {
    if (i >= 0) row[i] = v;
  };
  let n = 0;
  for (const { v, day } of visitsWith(study, p, "ADA")) {
    const emergent = p.ada.emergentDay !== undefined && day >= p.ada.emergentDay;
    const positive = p.ada.preExisting || emergent;
    const falsePos = !positive && rng.next() < 0.08;
    set(c.STUDYID, study.studyId);
    set(c.SUBJID, p.subjid);
    set(c.SAMPID, `A${p.subjid.replace(/-/g, "")}${String(v.VISITNUM).padStart(2, "0")}`);
    set(c.VISIT, v.VISIT);
    set(c.ADADAT, dayToIso(p.day0 + day));
    set(c.ADASCRN, positive || falsePos ? "POSITIVE" : "NEGATIVE");
    set(c.ADACONF, positive ? "POSITIVE" : falsePos ? "NEGATIVE" : "");
    let titre = "";
    if (positive) {
      const steps = emergent ? Math.min(5, Math.floor((day - p.ada.emergentDay!) / 60)) : 0;
      titre = String((p.ada.preExisting && !emergent ? 20 : 40) * 2 ** steps);
    }
    set(c.ADATITER, titre);
    sink.emit();
    n++;
  }
  return n;
}
