/**
 * ADPC (BDS): CAR-NK-CD19 cellular kinetics per sample (blood and bone marrow), with nominal and actual time
 * from infusion and the spec's BLQ rule. ADPP: NCA parameters per subject and matrix from @trialforge/stats.
 */
import type { Dataset, Diagnostics } from "@trialforge/core";
import type { AdamSpec } from "@trialforge/spec";
import { computeNca } from "@trialforge/stats";
import { computeBlqValues } from "../derivations/blq.ts";
import { relativeDayRule } from "../derivations/relative-day.ts";
import { dtcSasDate, dtcSasDatetime } from "../internal/dtc.ts";
import { durationInDays } from "../internal/duration.ts";
import { charAt, numAt } from "../internal/frame.ts";
import type { AdamDatasetInput } from "../internal/input.ts";
import { type DatasetDef, datasetOf, fromAdsl, varMeta } from "../internal/meta.ts";
import { adslLookup } from "./adsl-lookup.ts";

export type AdpcInput = AdamDatasetInput;

export const adpcDef = (): DatasetDef => ({
  name: "ADPC",
  label: "Cellular Kinetics Analysis Dataset",
  class: "BASIC DATA STRUCTURE",
  structure: "One record per subject per analyte and matrix per sample",
  keys: ["STUDYID", "USUBJID", "PARAMCD", "NRRELTM", "SRCSEQ"],
  variables: [
    varMeta("STUDYID"),
    varMeta("USUBJID"),
    fromAdsl("TRT01A"),
    fromAdsl("TRT01AN"),
    fromAdsl("TRTSDT"),
    fromAdsl("PKFL"),
    varMeta("PARAMCD"),
    varMeta("PARAM"),
    varMeta("PARAMN"),
    varMeta("PCSPEC"),
    varMeta("AVAL", {
      method:
        "PCSTRESN; BLQ samples per the spec's BLQ rule (0 before the first measurable value, missing after)",
    }),
    varMeta("AVALC", { method: "PCSTRESC" }),
    varMeta("AVALU", { method: "PCSTRESU" }),
    varMeta("ALLOQ"),
    varMeta("BLQFL"),
    varMeta("ADT"),
    varMeta("ADTM"),
    varMeta("ADY"),
    varMeta("VISIT"),
    varMeta("VISITNUM"),
    varMeta("PCTPT"),
    varMeta("NRRELTM", {
      method:
        "Planned time from infusion: PCELTM, or PCTPTNUM (nominal hours) per adpc.yaml nominalTime, in RRLTU",
    }),
    varMeta("ARELTM"),
    varMeta("RRLTU"),
    varMeta("SRCDOM"),
    varMeta("SRCVAR"),
    varMeta("SRCSEQ"),
  ],
});

export const adppDef = (partialAucEnd = 28, timeUnit = "DAYS"): DatasetDef => ({
  name: "ADPP",
  label: "Cellular Kinetic Parameters Analysis",
  class: "BASIC DATA STRUCTURE",
  structure: "One record per subject per matrix per parameter",
  keys: ["STUDYID", "USUBJID", "PARCAT1", "PARAMCD"],
  variables: [
    varMeta("STUDYID"),
    varMeta("USUBJID"),
    fromAdsl("TRT01A"),
    fromAdsl("TRT01AN"),
    fromAdsl("PKFL"),
    varMeta("PARCAT1", { label: "Analyte and Matrix", method: "ADPC PARAM of the profile" }),
    varMeta("PARAMCD", { method: "NCA parameter code (CDISC PKPARMCD where one exists)" }),
    varMeta("PARAM", { method: "NCA parameter name" }),
    varMeta("PARAMN", { method: "NCA parameter order" }),
    varMeta("AVAL", { method: computeAdppAvalMethod(partialAucEnd, timeUnit) }),
    varMeta("AVALU", { method: "Concentration unit, time unit, or their product for AUC" }),
  ],
});

const isBlqText = (s: string) => /^(<|BLQ|BQL|NQ|BLOQ)/i.test(s.trim());

export function buildAdpc(input: AdpcInput): Dataset {
  const { sdtm, spec, adsl, diagnostics } = input;
  const s = spec.adpc;
  if (!s) throw new Error("buildAdpc: the ADaM spec has no adpc.yaml");
  const pc = sdtm.get("PC");
  if (!pc) {
    diagnostics.warning("ADAM.NO_SOURCE", "SDTM PC is missing; ADPC has no records", { dataset: "ADPC" });
    return datasetOf(adpcDef(), []);
  }
  const subj = adslLookup(adsl);
  const relDay = relativeDayRule(spec.general.relativeDay);
  const perHour = s.timeUnit === "HOURS" ? 24 : 1;
  type Rec = {
    out: Record<string, string | number | null>;
    blq: boolean;
    lloq: number | null;
    raw: number | null;
  };
  const groups = new Map<string, Rec[]>();
  for (let i = 0; i < pc.length; i++) {
    const testcd = charAt(pc, "PCTESTCD", i);
    const specimen = charAt(pc, "PCSPEC", i);
    const a = s.analytes.find((x) => x.testcd === testcd && x.spec === specimen);
    if (!a) continue;
    const usubjid = charAt(pc, "USUBJID", i);
    const sl = subj.get(usubjid);
    if (!sl) continue;
    // ADT/ADTM; ARELTM from infusion datetime (dates only when either time is missing)
    const dtc = charAt(pc, "PCDTC", i);
    const adt = dtcSasDate(dtc) ?? null;
    const adtm = dtcSasDatetime(dtc) ?? null;
    const trtsdt = sl.num("TRTSDT");
    const trtsdtm = sl.num("TRTSDTM");
    const areltm =
      adtm !== null && trtsdtm !== null
        ? ((adtm - trtsdtm) / 86_400) * perHour
        : adt !== null && trtsdt !== null
          ? (adt - trtsdt) * perHour
          : null;
    // NRRELTM: PCELTM, or PCTPTNUM as nominal hours, per the spec
    const tptnum = numAt(pc, "PCTPTNUM", i);
    const eltm =
      s.nominalTime === "PCTPTNUM_HOURS"
        ? tptnum === null
          ? undefined
          : tptnum / 24
        : durationInDays(charAt(pc, "PCELTM", i));
    const stresc = charAt(pc, "PCSTRESC", i);
    const value = numAt(pc, "PCSTRESN", i);
    const lloq = numAt(pc, "PCLLOQ", i);
    const blq =
      (value === null && (isBlqText(stresc) || isBlqText(charAt(pc, "PCORRES", i)))) ||
      (value !== null && lloq !== null && value < lloq);
    const out = {
      STUDYID: sl.get("STUDYID"),
      USUBJID: usubjid,
      TRT01A: sl.get("TRT01A"),
      TRT01AN: sl.get("TRT01AN"),
      TRTSDT: trtsdt,
      PKFL: sl.get("PKFL"),
      PARAMCD: a.paramcd,
      PARAM: a.param,
      PARAMN: a.paramn,
      PCSPEC: specimen,
      AVAL: null,
      AVALC: stresc,
      AVALU: charAt(pc, "PCSTRESU", i) || a.unit,
      ALLOQ: lloq,
      BLQFL: blq ? "Y" : "",
      ADT: adt,
      ADTM: adtm,
      ADY: relDay(adt, trtsdt),
      VISIT: charAt(pc, "VISIT", i),
      VISITNUM: numAt(pc, "VISITNUM", i),
      PCTPT: charAt(pc, "PCTPT", i),
      NRRELTM: eltm === undefined ? null : eltm * perHour,
      ARELTM: areltm,
      RRLTU: s.timeUnit,
      SRCDOM: "PC",
      SRCVAR: "PCSTRESN",
      SRCSEQ: numAt(pc, "PCSEQ", i),
    };
    const rec: Rec = { out, blq, lloq, raw: blq ? null : value };
    const key = `${usubjid}|${a.paramcd}`;
    const l = groups.get(key) ?? [];
    l.push(rec);
    groups.set(key, l);
  }
  // AVAL: BLQ rule in time order per subject and analyte
  const rows: Record<string, string | number | null>[] = [];
  for (const recs of groups.values()) {
    const t = (r: Rec) =>
      (r.out.ARELTM as number | null) ?? (r.out.NRRELTM as number | null) ?? Number.POSITIVE_INFINITY;
    recs.sort((a, b) => t(a) - t(b));
    const aval = computeBlqValues(
      recs.map((r) => ({ value: r.raw, blq: r.blq, lloq: r.lloq })),
      s.blq,
    );
    recs.forEach((r, k) => {
      r.out.AVAL = aval[k]!;
      rows.push(r.out);
    });
  }
  return datasetOf(adpcDef(), rows);
}

/**
 * define.xml method of ADPP AVAL: how each parameter is computed and when it is missing (not estimable).
 * The terminal-phase rule is computeNca's default (PKNCA / WinNonlin best fit).
 */
const computeAdppAvalMethod = (end: number, unit: string): string =>
  "computeNca (@trialforge/stats) on ADPC ARELTM and AVAL of the subject's profile (ARELTM >= 0; 0 assumed at the infusion), AUC by linear-up/log-down trapezoids. " +
  "Lambda z (LAMZ): log-linear least squares over the last k >= 3 measurable concentrations after Cmax (Cmax excluded) with a negative slope; the fit with the largest adjusted R-squared wins, and among fits within 0.0001 of it the one with the most points; LAMZNPT and R2ADJ are that fit's points and adjusted R-squared. " +
  "LAMZHL = ln 2 / LAMZ; AUCIFO = AUCLST + CLAST / LAMZ; AUCPEO = 100 (CLAST / LAMZ) / AUCIFO. " +
  `AUC028D: AUC over the planned window 0 to ${end} ${unit.toLowerCase()}, i.e. from the infusion to the actual time of the last sample whose nominal time (NRRELTM) is at most ${end} ${unit.toLowerCase()}, interpolated within the profile or extrapolated with LAMZ after TLAST. ` +
  "Missing (not estimable): every parameter when no concentration is measurable (all BLQ); LAMZ, LAMZHL, AUCIFO, AUCPEO, LAMZNPT and R2ADJ when fewer than 3 measurable concentrations follow Cmax or no fit has a negative slope; AUC028D when no sample is in the window or the window ends after TLAST and LAMZ is missing.";

/** NCA parameters written to ADPP, in order (PARAMCD = CDISC PKPARMCD codes); `unit` picks AVALU. */
const PP_PARAMS = [
  { paramcd: "CMAX", param: "Maximum Concentration", unit: "conc" },
  { paramcd: "TMAX", param: "Time to Maximum Concentration", unit: "time" },
  { paramcd: "CLAST", param: "Last Measurable Concentration", unit: "conc" },
  { paramcd: "TLAST", param: "Time of Last Measurable Concentration", unit: "time" },
  { paramcd: "AUCLST", param: "AUC to Last Measurable Concentration", unit: "auc" },
  { paramcd: "AUC028D", param: "AUC from Day 0 to Day 28 (planned window)", unit: "auc" },
  { paramcd: "LAMZ", param: "Lambda z", unit: "rate" },
  { paramcd: "LAMZHL", param: "Half-Life Lambda z", unit: "time" },
  { paramcd: "AUCIFO", param: "AUC Infinity Observed", unit: "auc" },
  { paramcd: "AUCPEO", param: "AUC %Extrapolation Observed", unit: "percent" },
  { paramcd: "LAMZNPT", param: "Number of Points for Lambda z", unit: "none" },
  { paramcd: "R2ADJ", param: "R Squared Adjusted", unit: "none" },
] as const;
type PpParamcd = (typeof PP_PARAMS)[number]["paramcd"];

/** ADPP AVAL per parameter from one NCA result; an all-BLQ profile has no parameters at all (not 0). */
export function computePpValues(nca: ReturnType<typeof computeNca>): Record<PpParamcd, number | null> {
  // No measurable concentration: Cmax and AUClast are not estimable (stats reports 0, which would read as
  // a measured zero exposure in summaries).
  const measurable = nca.clast !== null;
  return {
    CMAX: measurable ? nca.cmax : null,
    TMAX: nca.tmax,
    CLAST: nca.clast,
    TLAST: nca.tlast,
    AUCLST: measurable ? nca.aucLast : null,
    AUC028D: measurable ? (nca.aucIntervals[0]?.auc ?? null) : null,
    LAMZ: nca.lambdaZ,
    LAMZHL: nca.halfLife,
    AUCIFO: nca.aucInfObs,
    AUCPEO: nca.aucPctExtrapObs,
    LAMZNPT: nca.lambdaZPoints,
    R2ADJ: nca.adjR2,
  };
}

/** The (time, value) profile of one subject and analyte in ADPC, as ADPP passes it to NCA. */
export function adpcProfile(
  adpc: Dataset,
  rows: readonly number[],
): { time: number[]; conc: (number | null)[]; nominal: (number | null)[] } {
  const time: number[] = [];
  const conc: (number | null)[] = [];
  const nominal: (number | null)[] = [];
  const seen = new Set<number>();
  const sorted = [...rows].sort(
    (a, b) => (numAt(adpc, "ARELTM", a) ?? 0) - (numAt(adpc, "ARELTM", b) ?? 0) || a - b,
  );
  for (const r of sorted) {
    const t = numAt(adpc, "ARELTM", r);
    if (t === null || t < 0 || seen.has(t)) continue; // pre-infusion samples are not part of the profile; duplicate times keep the first
    seen.add(t);
    time.push(t);
    conc.push(numAt(adpc, "AVAL", r));
    nominal.push(numAt(adpc, "NRRELTM", r));
  }
  return { time, conc, nominal };
}

/**
 * End of the partial AUC over the planned window [0, end] in nominal time: the actual time of the last
 * sample planned within it (a "day 28" sample drawn at day 26.8 closes the window at 26.8, so the AUC is
 * not extrapolated past it); null when no sample is planned in the window.
 */
export function computePlannedWindowEnd(
  time: readonly number[],
  nominal: readonly (number | null)[],
  end: number,
): number | null {
  let last: number | null = null;
  time.forEach((t, k) => {
    const n = nominal[k];
    if (n !== null && n !== undefined && n >= 0 && n <= end && t > 0 && (last === null || t > last)) last = t;
  });
  return last;
}

export function buildAdpp(input: {
  spec: AdamSpec;
  adpc: Dataset;
  adsl: Dataset;
  diagnostics: Diagnostics;
}): Dataset {
  const { spec, adpc, adsl, diagnostics } = input;
  const s = spec.adpc;
  if (!s) throw new Error("buildAdpp: the ADaM spec has no adpc.yaml");
  const subj = adslLookup(adsl);
  const groups = new Map<string, number[]>();
  for (let i = 0; i < adpc.length; i++) {
    const key = `${charAt(adpc, "USUBJID", i)}\u0000${charAt(adpc, "PARAMCD", i)}`;
    const l = groups.get(key) ?? [];
    l.push(i);
    groups.set(key, l);
  }
  const rows: Record<string, string | number | null>[] = [];
  for (const [key, idx] of [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const usubjid = key.split("\u0000")[0]!;
    const sl = subj.get(usubjid);
    if (sl?.get("PKFL") !== "Y") continue;
    const { time, conc, nominal } = adpcProfile(adpc, idx);
    if (time.length === 0) continue;
    const windowEnd = computePlannedWindowEnd(time, nominal, s.partialAucEnd);
    let nca: ReturnType<typeof computeNca>;
    try {
      nca = computeNca(time, conc, { doseTime: 0, intervals: windowEnd === null ? [] : [[0, windowEnd]] });
    } catch (e) {
      diagnostics.warning(
        "ADAM.NCA",
        `NCA failed for ${usubjid} ${charAt(adpc, "PARAMCD", idx[0]!)}: ${(e as Error).message}`,
        { dataset: "ADPP", key: `USUBJID=${usubjid}` },
      );
      continue;
    }
    const concU = charAt(adpc, "AVALU", idx[0]!);
    const timeU = s.timeUnit;
    const values = computePpValues(nca);
    const unitOf: Record<(typeof PP_PARAMS)[number]["unit"], string> = {
      conc: concU,
      time: timeU,
      auc: `${concU}*${timeU}`,
      rate: `1/${timeU}`,
      percent: "%",
      none: "",
    };
    PP_PARAMS.forEach((p, k) => {
      rows.push({
        STUDYID: sl.get("STUDYID"),
        USUBJID: usubjid,
        TRT01A: sl.get("TRT01A"),
        TRT01AN: sl.get("TRT01AN"),
        PKFL: sl.get("PKFL"),
        PARCAT1: charAt(adpc, "PARAM", idx[0]!),
        PARAMCD: p.paramcd,
        PARAM: p.param,
        PARAMN: k + 1,
        AVAL: values[p.paramcd],
        AVALU: unitOf[p.unit],
      });
    });
  }
  return datasetOf(adppDef(s.partialAucEnd, s.timeUnit), rows);
}
