/**
 * ADIS (BDS): anti-CAR antibody (ADA) results by visit with titres, baseline, and the subject's ADA status.
 */
import type { Dataset } from "@trialforge/core";
import { type AdaSample, computeAdaStatus } from "../derivations/ada-status.ts";
import { relativeDayRule } from "../derivations/relative-day.ts";
import { dtcSasDate } from "../internal/dtc.ts";
import { charAt, numAt, rowsBySubject, selectRows } from "../internal/frame.ts";
import type { AdamDatasetInput } from "../internal/input.ts";
import { type DatasetDef, datasetOf, fromAdsl, varMeta } from "../internal/meta.ts";
import { adslLookup } from "./adsl-lookup.ts";

export type AdisInput = AdamDatasetInput;

export const adisDef = (): DatasetDef => ({
  name: "ADIS",
  label: "Immunogenicity Analysis Dataset",
  class: "BASIC DATA STRUCTURE",
  structure: "One record per subject per parameter per sample",
  keys: ["STUDYID", "USUBJID", "PARAMCD", "ADT", "SRCSEQ"],
  variables: [
    varMeta("STUDYID"),
    varMeta("USUBJID"),
    fromAdsl("TRT01A"),
    fromAdsl("TRT01AN"),
    fromAdsl("TRTSDT"),
    fromAdsl("SAFFL"),
    varMeta("PARAMCD", { method: "ADA per sample; ADASTAT per subject" }),
    varMeta("PARAM"),
    varMeta("PARAMN"),
    varMeta("AVALC", {
      method:
        "ADA: POSITIVE when every result of the sample (screen, confirm) is positive, else NEGATIVE; ADASTAT: the subject's ADA status",
    }),
    varMeta("ATITER"),
    varMeta("ADT"),
    varMeta("ADY"),
    varMeta("AVISIT", { method: "VISIT of the sample" }),
    varMeta("AVISITN", { method: "VISITNUM of the sample" }),
    varMeta("ABLFL", { method: "Y on the last ADA sample on or before TRTSDT" }),
    varMeta("BTITER"),
    varMeta("ADASTAT"),
    varMeta("SRCDOM"),
    varMeta("SRCVAR"),
    varMeta("SRCSEQ"),
  ],
});

export function buildAdis(input: AdisInput): Dataset {
  const { sdtm, spec, adsl } = input;
  const s = spec.adis;
  if (!s) throw new Error("buildAdis: the ADaM spec has no adis.yaml");
  const is = sdtm.get(s.result.domain);
  const titreDs = sdtm.get(s.titre.domain);
  const results = rowsBySubject(is, selectRows(is, s.result));
  const titres = rowsBySubject(titreDs, selectRows(titreDs, s.titre));
  const relDay = relativeDayRule(spec.general.relativeDay);
  const dtcVar = (ds: Dataset | undefined) => `${ds?.name ?? ""}DTC`;
  const rows: Record<string, string | number | null>[] = [];
  for (const [usubjid, sl] of adslLookup(adsl)) {
    const trtsdt = sl.num("TRTSDT");
    // Titre on the same date as the result
    const titreByDate = new Map<number, number>();
    for (const r of titres.get(usubjid) ?? []) {
      const d = dtcSasDate(charAt(titreDs, dtcVar(titreDs), r));
      const v = numAt(titreDs, `${s.titre.domain}STRESN`, r);
      if (d !== undefined && v !== null) titreByDate.set(d, v);
    }
    // One sample per date; tiered results (screen, confirm): positive only when every tier is positive
    const byDate = new Map<number, number[]>();
    for (const r of results.get(usubjid) ?? []) {
      const d = dtcSasDate(charAt(is, dtcVar(is), r));
      if (d === undefined) continue;
      const l = byDate.get(d) ?? [];
      l.push(r);
      byDate.set(d, l);
    }
    const resultOf = (r: number) => charAt(is, `${s.result.domain}STRESC`, r);
    const seqOf = (r: number) => numAt(is, `${s.result.domain}SEQ`, r) ?? 0;
    const samples = [...byDate]
      .sort(([a], [b]) => a - b)
      .map(([d, rs]) => {
        const tiers = [...rs].sort((a, b) => seqOf(a) - seqOf(b));
        const negative = tiers.find((r) => !s.positive.includes(resultOf(r)));
        // The sample's result is the record that decides it: the first non-positive tier, else the last tier
        // (record order within a date is not the tier order, so the last record alone can be a screen result).
        return { d, r: negative ?? tiers[tiers.length - 1]!, positive: negative === undefined };
      });
    if (samples.length === 0) continue;
    // ABLFL: last sample on or before infusion
    let baseIdx = -1;
    samples.forEach((x, k) => {
      if (trtsdt !== null && x.d <= trtsdt) baseIdx = k;
    });
    const ada: AdaSample[] = samples.map((x, k) => ({
      baseline: k === baseIdx,
      positive: x.positive,
      titre: titreByDate.get(x.d) ?? null,
    }));
    // Pre-infusion samples other than the baseline do not count as post-baseline
    const status = computeAdaStatus(
      ada.filter((_, k) => k === baseIdx || (trtsdt !== null && samples[k]!.d > trtsdt)),
      s.boostFold,
    );
    const btiter = baseIdx >= 0 ? ada[baseIdx]!.titre : null;
    const keep = {
      STUDYID: sl.get("STUDYID"),
      USUBJID: usubjid,
      TRT01A: sl.get("TRT01A"),
      TRT01AN: sl.get("TRT01AN"),
      TRTSDT: trtsdt,
      SAFFL: sl.get("SAFFL"),
    };
    samples.forEach((x, k) => {
      rows.push({
        ...keep,
        PARAMCD: "ADA",
        PARAM: "Anti-CAR Antibody Result",
        PARAMN: 1,
        AVALC: resultOf(x.r),
        ATITER: ada[k]!.titre,
        ADT: x.d,
        ADY: relDay(x.d, trtsdt),
        AVISIT: charAt(is, "VISIT", x.r),
        AVISITN: numAt(is, "VISITNUM", x.r),
        ABLFL: k === baseIdx ? "Y" : "",
        BTITER: btiter,
        ADASTAT: status,
        SRCDOM: s.result.domain,
        SRCVAR: `${s.result.domain}STRESC`,
        SRCSEQ: numAt(is, `${s.result.domain}SEQ`, x.r),
      });
    });
    rows.push({
      ...keep,
      PARAMCD: "ADASTAT",
      PARAM: "Subject ADA Status",
      PARAMN: 2,
      AVALC: status,
      ATITER: null,
      ADT: null,
      ADY: null,
      AVISIT: "",
      AVISITN: null,
      ABLFL: "",
      BTITER: btiter,
      ADASTAT: status,
      SRCDOM: "",
      SRCVAR: "",
      SRCSEQ: null,
    });
  }
  return datasetOf(adisDef(), rows);
}
