/**
 * ADRS (BDS): overall response per assessment, best overall response (with the spec's confirmation rule),
 * landmark CR/CRi (day 28, week 12) and MRD-negative CR per subject.
 */
import type { Dataset } from "@trialforge/core";
import type { AdamSpec } from "@trialforge/spec";
import {
  type Assessment,
  computeBestOverallResponse,
  computeConfirmedResponses,
} from "../derivations/best-overall-response.ts";
import { relativeDayRule } from "../derivations/relative-day.ts";
import { dtcSasDate } from "../internal/dtc.ts";
import { charAt, numAt, rowsBySubject, selectRows } from "../internal/frame.ts";
import type { AdamDatasetInput } from "../internal/input.ts";
import { type DatasetDef, datasetOf, fromAdsl, varMeta } from "../internal/meta.ts";
import { adslLookup } from "./adsl-lookup.ts";

export type AdrsInput = AdamDatasetInput;

export const adrsDef = (): DatasetDef => ({
  name: "ADRS",
  label: "Response Analysis Dataset",
  class: "BASIC DATA STRUCTURE",
  structure: "One record per subject per parameter per assessment",
  keys: ["STUDYID", "USUBJID", "PARAMCD", "ADT", "SRCSEQ"],
  variables: [
    varMeta("STUDYID"),
    varMeta("USUBJID"),
    fromAdsl("TRT01A"),
    fromAdsl("TRT01AN"),
    fromAdsl("TRTSDT"),
    fromAdsl("SAFFL"),
    fromAdsl("EFFFL"),
    varMeta("PARAMCD", { method: "OVRLRESP per assessment; BOR, landmark and MRD parameters per subject" }),
    varMeta("PARAM"),
    varMeta("PARAMN"),
    varMeta("AVALC", {
      method: "OVRLRESP: RSSTRESC; BOR: best confirmed response; landmarks/MRDNCR: Y or N",
    }),
    varMeta("AVAL", {
      method:
        "OVRLRESP/BOR: position in the spec's response hierarchy (1 = best); landmarks/MRDNCR: 1 = Y, 0 = N",
    }),
    varMeta("ADT", { method: "RSDTC of the assessment; BOR: first assessment with the best response" }),
    varMeta("ADY"),
    varMeta("AVISIT", { method: "VISIT of the assessment" }),
    varMeta("AVISITN", { method: "VISITNUM of the assessment" }),
    varMeta("ANL01FL", {
      label: "Confirmed Response Flag",
      method: "Y when the assessment's response stands after the confirmation rule",
    }),
    varMeta("SRCDOM"),
    varMeta("SRCVAR"),
    varMeta("SRCSEQ"),
  ],
});

/** Assessments of each subject from the spec's overall-response selector, sorted by date (undated are dropped). */
export function responseAssessments(
  rs: Dataset | undefined,
  spec: NonNullable<AdamSpec["adrs"]>,
): Map<string, (Assessment & { row: number })[]> {
  const out = new Map<string, (Assessment & { row: number })[]>();
  for (const [u, rows] of rowsBySubject(rs, selectRows(rs, spec.overall))) {
    const l: (Assessment & { row: number })[] = [];
    for (const r of rows) {
      const date = dtcSasDate(charAt(rs, "RSDTC", r));
      if (date === undefined) continue;
      l.push({ date, response: charAt(rs, "RSSTRESC", r), row: r });
    }
    l.sort((a, b) => a.date - b.date || a.row - b.row);
    out.set(u, l);
  }
  return out;
}

export function buildAdrs(input: AdrsInput): Dataset {
  const { sdtm, spec, adsl, diagnostics } = input;
  const s = spec.adrs;
  if (!s) throw new Error("buildAdrs: the ADaM spec has no adrs.yaml");
  const rs = sdtm.get(s.overall.domain);
  if (!rs)
    diagnostics.warning(
      "ADAM.NO_SOURCE",
      `SDTM ${s.overall.domain} is missing; ADRS has only BOR = NE records`,
      { dataset: "ADRS" },
    );
  const relDay = relativeDayRule(spec.general.relativeDay);
  const rank = (r: string) => {
    const k = s.hierarchy.indexOf(r);
    return k < 0 ? null : k + 1;
  };
  const assessments = responseAssessments(rs, s);
  const mrdDs = sdtm.get(s.mrd.domain);
  const mrdRows = rowsBySubject(mrdDs, selectRows(mrdDs, s.mrd));
  const subj = adslLookup(adsl);
  const rows: Record<string, string | number | null>[] = [];
  for (const [usubjid, sl] of subj) {
    if (sl.get("SAFFL") !== "Y") continue;
    const trtsdt = sl.num("TRTSDT");
    const keep = {
      STUDYID: sl.get("STUDYID"),
      USUBJID: usubjid,
      TRT01A: sl.get("TRT01A"),
      TRT01AN: sl.get("TRT01AN"),
      TRTSDT: trtsdt,
      SAFFL: sl.get("SAFFL"),
      EFFFL: sl.get("EFFFL"),
    };
    // Post-infusion assessments only
    const list = (assessments.get(usubjid) ?? []).filter((a) => trtsdt === null || a.date >= trtsdt);
    const confirmed = computeConfirmedResponses(list, s);
    // OVRLRESP: one record per assessment
    list.forEach((a, k) => {
      rows.push({
        ...keep,
        PARAMCD: "OVRLRESP",
        PARAM: "Overall Response by Investigator",
        PARAMN: 1,
        AVALC: a.response,
        AVAL: rank(a.response),
        ADT: a.date,
        ADY: relDay(a.date, trtsdt),
        AVISIT: charAt(rs, "VISIT", a.row),
        AVISITN: numAt(rs, "VISITNUM", a.row),
        ANL01FL: confirmed[k] === a.response ? "Y" : "",
        SRCDOM: s.overall.domain,
        SRCVAR: "RSSTRESC",
        SRCSEQ: numAt(rs, "RSSEQ", a.row),
      });
    });
    // BOR: best confirmed response up to progression; NE without assessments
    const bor = computeBestOverallResponse(list, s);
    rows.push({
      ...keep,
      PARAMCD: "BOR",
      PARAM: "Best Overall Response (Confirmed)",
      PARAMN: 2,
      AVALC: bor?.response ?? "NE",
      AVAL: rank(bor?.response ?? "NE"),
      ADT: bor?.date ?? null,
      ADY: relDay(bor?.date ?? null, trtsdt),
      AVISIT: "",
      AVISITN: null,
      ANL01FL: "",
      SRCDOM: "",
      SRCVAR: "",
      SRCSEQ: null,
    });
    // Landmarks: a listed response at an assessment in the window
    s.landmarks.forEach((lm, k) => {
      const hit = list.find((a) => {
        const d = relDay(a.date, trtsdt);
        return d !== null && d >= lm.low && d <= lm.high && lm.responses.includes(a.response);
      });
      rows.push({
        ...keep,
        PARAMCD: lm.paramcd,
        PARAM: lm.param,
        PARAMN: 3 + k,
        AVALC: hit ? "Y" : "N",
        AVAL: hit ? 1 : 0,
        ADT: hit?.date ?? null,
        ADY: relDay(hit?.date ?? null, trtsdt),
        AVISIT: "",
        AVISITN: null,
        ANL01FL: "",
        SRCDOM: hit ? s.overall.domain : "",
        SRCVAR: hit ? "RSSTRESC" : "",
        SRCSEQ: hit ? numAt(rs, "RSSEQ", hit.row) : null,
      });
    });
    // MRDNCR: a responder assessment with a negative MRD result within maxDaysFromResponse days
    const mrd = (mrdRows.get(usubjid) ?? []).flatMap((r) => {
      const d = dtcSasDate(charAt(mrdDs, `${s.mrd.domain}DTC`, r));
      return d === undefined
        ? []
        : [{ date: d, negative: s.mrd.negative.includes(charAt(mrdDs, s.mrd.value, r)) }];
    });
    const mrdHit = list.find(
      (a) =>
        s.responders.includes(a.response) &&
        mrd.some((m) => m.negative && Math.abs(m.date - a.date) <= s.mrd.maxDaysFromResponse),
    );
    rows.push({
      ...keep,
      PARAMCD: "MRDNCR",
      PARAM: "MRD-Negative CR/CRi",
      PARAMN: 3 + s.landmarks.length,
      AVALC: mrdHit ? "Y" : "N",
      AVAL: mrdHit ? 1 : 0,
      ADT: mrdHit?.date ?? null,
      ADY: relDay(mrdHit?.date ?? null, trtsdt),
      AVISIT: "",
      AVISITN: null,
      ANL01FL: "",
      SRCDOM: "",
      SRCVAR: "",
      SRCSEQ: null,
    });
  }
  return datasetOf(adrsDef(), rows);
}
