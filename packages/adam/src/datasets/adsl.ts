/**
 * ADSL: one record per DM subject (ADaMIG 1.3 section 3.2).
 */
import type { Dataset, Diagnostics, VariableMeta } from "@trialforge/core";
import type { AdamSpec } from "@trialforge/spec";
import { computeAgeGroup } from "../derivations/age-group.ts";
import { computeImputedStartDate } from "../derivations/imputed-date.ts";
import { dtcSasDate, dtcSasDatetime } from "../internal/dtc.ts";
import { charAt, dateAccessor, numAt, rowsBySubject, selectRows } from "../internal/frame.ts";
import { type DatasetDef, datasetOf, varMeta } from "../internal/meta.ts";
import type { AdamStudy } from "../internal/study.ts";
import { adslExposure } from "./adsl-exposure.ts";

export interface AdslInput {
  study: AdamStudy;
  spec: AdamSpec;
  sdtm: Map<string, Dataset>;
  diagnostics: Diagnostics;
}

const ADSL_VARS = [
  "STUDYID",
  "USUBJID",
  "SUBJID",
  "SITEID",
  "COUNTRY",
  "AGE",
  "AGEU",
  "AGEGR1",
  "AGEGR1N",
  "SEX",
  "RACE",
  "ETHNIC",
  "ARMCD",
  "ARM",
  "ACTARMCD",
  "ACTARM",
  "TRT01P",
  "TRT01PN",
  "TRT01A",
  "TRT01AN",
  "LDSTDT",
  "TRTSDT",
  "TRTSDTM",
  "TRTEDT",
  "BMBLAST",
  "PRIORLN",
  "PRHSCTFL",
  "ENRLFL",
  "SAFFL",
  "EFFFL",
  "PKFL",
  "EOSSTT",
  "EOSDT",
  "DCSREAS",
  "DTHFL",
  "DTHDT",
  "DTHDTF",
  "DTHCAUS",
  "LSTALVDT",
];

/**
 * define.xml method of LSTALVDT naming the spec's sources, so a reviewer sees which records count as
 * "known alive" (ADaM convention: every dated record that shows the subject alive).
 */
export function computeLstalvdtMethod(sources: readonly { domain: string; dateVar: string }[]): string {
  const list = sources.map((x) => `${x.domain}.${x.dateVar}`).join(", ");
  return `Latest complete date of ${list} (each record shows the subject alive), not after the death date or the data cut-off; for a subject who died on or before the cut-off, DTHDT`;
}

/** ADSL's definition; `exposure` variables (from the spec's adsl.exposure) follow TRTEDT. */
export const adslDef = (
  exposure: readonly VariableMeta[] = [],
  lastAliveSources?: readonly { domain: string; dateVar: string }[],
): DatasetDef => {
  const variables = ADSL_VARS.map((n) =>
    n === "LSTALVDT" && lastAliveSources
      ? varMeta(n, { method: computeLstalvdtMethod(lastAliveSources) })
      : varMeta(n),
  );
  const at = ADSL_VARS.indexOf("TRTEDT") + 1;
  return {
    name: "ADSL",
    label: "Subject-Level Analysis Dataset",
    class: "SUBJECT LEVEL ANALYSIS DATASET",
    structure: "One record per subject",
    keys: ["STUDYID", "USUBJID"],
    variables: [...variables.slice(0, at), ...exposure, ...variables.slice(at)],
  };
};

/** Dose-level group of an arm code: the spec's doseGroups, else the study's arms (arm text, dose level). */
function doseGroupOf(input: AdslInput): (armcd: string) => { trt: string; trtn: number | null } {
  const groups = input.spec.adsl?.doseGroups;
  const map = new Map<string, { trt: string; trtn: number | null }>();
  if (groups) for (const g of groups) map.set(g.armcd, { trt: g.trt, trtn: g.trtn });
  else
    (input.study.arms ?? []).forEach((a, k) => {
      const n =
        typeof a.doseLevel === "number" ? a.doseLevel : Number.parseInt(String(a.doseLevel ?? ""), 10);
      map.set(a.armcd, { trt: a.arm, trtn: Number.isFinite(n) ? n : k + 1 });
    });
  return (armcd) => map.get(armcd) ?? { trt: "", trtn: null };
}

/** First/last complete date (SAS) of a --DTC variable over some rows. */
function extremeDate(
  ds: Dataset | undefined,
  rows: readonly number[] | undefined,
  dtcVar: string,
  mode: "min" | "max",
): number | null {
  let best: number | null = null;
  const dateOf = dateAccessor(ds, dtcVar);
  for (const i of rows ?? []) {
    const d = dateOf(i);
    if (d === undefined) continue;
    if (best === null || (mode === "min" ? d < best : d > best)) best = d;
  }
  return best;
}

export function buildAdsl(input: AdslInput): Dataset {
  const { sdtm, spec, diagnostics } = input;
  const s = spec.adsl;
  if (!s) throw new Error("buildAdsl: the ADaM spec has no adsl.yaml");
  const dm = sdtm.get("DM");
  if (!dm) throw new Error("buildAdsl: SDTM DM is missing");
  const ex = sdtm.get("EX");
  const cutoff = dtcSasDate(spec.general.dataCutoff ?? input.study.dataCutoff ?? "") ?? null;
  const doseGroup = doseGroupOf(input);
  // Exposure: dose received per drug, percent of planned, days of dosing (spec adsl.exposure)
  const exposure = adslExposure(spec, input.study, sdtm, diagnostics, [...ADSL_VARS, "DLTEVLFL"]);

  // TRTSDT/TRTSDTM/TRTEDT: the CAR-NK-CD19 infusion; LDSTDT: lymphodepletion start
  const trtRows = rowsBySubject(ex, selectRows(ex, spec.general.treatment));
  const ldDomain = spec.general.lymphodepletion?.domain ?? "EX";
  const ldDs = sdtm.get(ldDomain);
  const ldRows = spec.general.lymphodepletion
    ? rowsBySubject(ldDs, selectRows(ldDs, spec.general.lymphodepletion))
    : new Map<string, number[]>();

  // Baseline disease: BMBLAST, PRIORLN, PRHSCTFL
  const blastSel = s.baseline.marrowBlasts;
  const blastDs = sdtm.get(blastSel.domain);
  const blastRows = rowsBySubject(blastDs, selectRows(blastDs, blastSel));
  const linesDs = sdtm.get(s.baseline.priorLines.domain);
  const linesRows = rowsBySubject(linesDs, selectRows(linesDs, s.baseline.priorLines));
  const hsctDs = sdtm.get(s.baseline.priorHsct.domain);
  const hsctRows = rowsBySubject(hsctDs, selectRows(hsctDs, s.baseline.priorHsct));

  // Populations evidence, disposition, death cause, last-alive sources
  const effDs = sdtm.get(s.populations.efficacyEvidence.domain);
  const effRows = rowsBySubject(effDs, selectRows(effDs, s.populations.efficacyEvidence));
  const pkDs = sdtm.get(s.populations.pkEvidence.domain);
  const pkRows = rowsBySubject(pkDs, selectRows(pkDs, s.populations.pkEvidence));
  const dsDs = sdtm.get(s.disposition.endOfStudy.domain);
  const eosRows = rowsBySubject(dsDs, selectRows(dsDs, s.disposition.endOfStudy));
  const dthDs = s.deathCause ? sdtm.get(s.deathCause.domain) : undefined;
  const dthRows = s.deathCause
    ? rowsBySubject(dthDs, selectRows(dthDs, s.deathCause))
    : new Map<string, number[]>();
  const aliveSources = s.lastAliveSources.map((src) => ({
    src,
    dateOf: dateAccessor(sdtm.get(src.domain), src.dateVar),
    rows: rowsBySubject(sdtm.get(src.domain)),
  }));
  const effDate = dateAccessor(effDs, `${s.populations.efficacyEvidence.domain}DTC`);
  const pkDate = dateAccessor(pkDs, `${s.populations.pkEvidence.domain}DTC`);

  const rows = [];
  for (let i = 0; i < dm.length; i++) {
    const usubjid = charAt(dm, "USUBJID", i);
    // Demographics and AGEGR1
    const age = numAt(dm, "AGE", i);
    const ageGroup = computeAgeGroup(age, s.ageGroups);
    // TRT01P/TRT01A by dose level; TRT01A only when infused
    const armcd = charAt(dm, "ARMCD", i);
    const actarmcd = charAt(dm, "ACTARMCD", i);
    const planned = doseGroup(armcd);
    const tr = trtRows.get(usubjid);
    const trtsdt = extremeDate(ex, tr, "EXSTDTC", "min");
    let trtsdtm: number | null = null;
    for (const r of tr ?? []) {
      const dtc = charAt(ex, "EXSTDTC", r);
      if (dtcSasDate(dtc) === trtsdt) {
        trtsdtm = dtcSasDatetime(dtc) ?? null;
        break;
      }
    }
    const lastEnd = extremeDate(ex, tr, "EXENDTC", "max");
    const trtedt = lastEnd ?? extremeDate(ex, tr, "EXSTDTC", "max");
    const actual = trtsdt === null ? { trt: "", trtn: null } : doseGroup(actarmcd || armcd);
    if (trtsdt !== null && actual.trt === "")
      diagnostics.warning(
        "ADAM.NO_DOSE_GROUP",
        `actual arm ${actarmcd} of ${usubjid} is not a dose-level group`,
        { dataset: "ADSL", variable: "TRT01A", key: `USUBJID=${usubjid}` },
      );
    const ldstdt = extremeDate(ldDs, ldRows.get(usubjid), `${ldDomain}STDTC`, "min");
    // BMBLAST: last marrow blast value on or before infusion
    let bmblast: number | null = null;
    let bmDate = Number.NEGATIVE_INFINITY;
    for (const r of blastRows.get(usubjid) ?? []) {
      const d = dtcSasDate(charAt(blastDs, blastSel.date, r));
      const v = numAt(blastDs, blastSel.value, r);
      if (d === undefined || v === null || (trtsdt !== null && d > trtsdt)) continue;
      if (d >= bmDate) {
        bmDate = d;
        bmblast = v;
      }
    }
    const lines = linesRows.get(usubjid) ?? [];
    const distinctVar = s.baseline.priorLines.distinct;
    const priorln = distinctVar
      ? new Set(lines.map((r) => charAt(linesDs, distinctVar, r)).filter((v) => v !== "")).size
      : lines.length;
    // Populations
    const enrlfl =
      charAt(dm, "RFICDTC", i) !== "" && armcd !== "" && !s.populations.enrolledArmcdExclude.includes(armcd)
        ? "Y"
        : "N";
    const saffl = trtsdt !== null ? "Y" : "N";
    const postInfusion = (
      ds: Dataset | undefined,
      rs: number[] | undefined,
      requireValue: boolean,
      dateOf: (i: number) => number | undefined,
    ) =>
      trtsdt !== null &&
      (rs ?? []).some((r) => {
        const d = dateOf(r);
        if (d === undefined || d < trtsdt) return false;
        return (
          !requireValue ||
          charAt(ds, `${ds?.name ?? ""}STRESC`, r) !== "" ||
          charAt(ds, `${ds?.name ?? ""}ORRES`, r) !== ""
        );
      });
    const efffl = saffl === "Y" && postInfusion(effDs, effRows.get(usubjid), false, effDate) ? "Y" : "N";
    const pkfl = saffl === "Y" && postInfusion(pkDs, pkRows.get(usubjid), true, pkDate) ? "Y" : "N";
    // EOSSTT/DCSREAS: the last end-of-study record
    let eos: number | undefined;
    let eosDt = Number.NEGATIVE_INFINITY;
    for (const r of eosRows.get(usubjid) ?? []) {
      const d = dtcSasDate(charAt(dsDs, "DSSTDTC", r)) ?? Number.NEGATIVE_INFINITY;
      if (eos === undefined || d >= eosDt) {
        eos = r;
        eosDt = d;
      }
    }
    const eosDecod = eos === undefined ? "" : charAt(dsDs, "DSDECOD", eos);
    const eosstt =
      eos === undefined
        ? "ONGOING"
        : s.disposition.completedTerms.includes(eosDecod)
          ? "COMPLETED"
          : "DISCONTINUED";
    // DTHDT (imputed first when partial), DTHCAUS
    const dth = computeImputedStartDate(charAt(dm, "DTHDTC", i));
    const dthdt = dth?.date ?? null;
    const dthRow = dthRows.get(usubjid)?.[0];
    const dthcaus = dthRow === undefined || !s.deathCause ? "" : charAt(dthDs, s.deathCause.variable, dthRow);
    // LSTALVDT: latest complete date in the sources, not after death or cut-off; a subject who died was
    // alive until the death date, so it is never earlier than DTHDT (ADaM convention)
    let lstalvdt: number | null = trtsdt;
    for (const a of aliveSources) {
      for (const r of a.rows.get(usubjid) ?? []) {
        const d = a.dateOf(r);
        if (d === undefined) continue;
        if (dthdt !== null && d > dthdt) continue;
        if (cutoff !== null && d > cutoff) continue;
        if (lstalvdt === null || d > lstalvdt) lstalvdt = d;
      }
    }
    if (dthdt !== null && (cutoff === null || dthdt <= cutoff) && (lstalvdt === null || dthdt > lstalvdt))
      lstalvdt = dthdt;
    rows.push({
      STUDYID: charAt(dm, "STUDYID", i),
      USUBJID: usubjid,
      SUBJID: charAt(dm, "SUBJID", i),
      SITEID: charAt(dm, "SITEID", i),
      COUNTRY: charAt(dm, "COUNTRY", i),
      AGE: age,
      AGEU: charAt(dm, "AGEU", i),
      AGEGR1: ageGroup.label,
      AGEGR1N: ageGroup.n,
      SEX: charAt(dm, "SEX", i),
      RACE: charAt(dm, "RACE", i),
      ETHNIC: charAt(dm, "ETHNIC", i),
      ARMCD: armcd,
      ARM: charAt(dm, "ARM", i),
      ACTARMCD: actarmcd,
      ACTARM: charAt(dm, "ACTARM", i),
      TRT01P: planned.trt,
      TRT01PN: planned.trtn,
      TRT01A: actual.trt,
      TRT01AN: actual.trtn,
      LDSTDT: ldstdt,
      TRTSDT: trtsdt,
      TRTSDTM: trtsdtm,
      TRTEDT: trtedt,
      ...exposure.valuesOf(usubjid, armcd),
      BMBLAST: bmblast,
      PRIORLN: linesDs ? priorln : null,
      PRHSCTFL: hsctDs ? ((hsctRows.get(usubjid)?.length ?? 0) > 0 ? "Y" : "N") : "",
      ENRLFL: enrlfl,
      SAFFL: saffl,
      EFFFL: efffl,
      PKFL: pkfl,
      EOSSTT: eosstt,
      EOSDT: eos === undefined || eosDt === Number.NEGATIVE_INFINITY ? null : eosDt,
      DCSREAS: eosstt === "DISCONTINUED" ? eosDecod : "",
      DTHFL: charAt(dm, "DTHFL", i),
      DTHDT: dthdt,
      DTHDTF: dth?.flag ?? "",
      DTHCAUS: dthcaus,
      LSTALVDT: lstalvdt,
    });
  }
  return datasetOf(adslDef(exposure.variables, s.lastAliveSources), rows);
}
