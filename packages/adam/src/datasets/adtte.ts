/**
 * ADTTE (BDS TTE): OS and PFS from infusion for the safety population, DOR from first response for responders.
 */
import type { Dataset } from "@trialforge/core";
import { computeConfirmedResponses } from "../derivations/best-overall-response.ts";
import { computeDor, computeOs, computePfs, type TimeToEvent } from "../derivations/time-to-event.ts";
import { dtcSasDate } from "../internal/dtc.ts";
import { numAt } from "../internal/frame.ts";
import type { AdamDatasetInput } from "../internal/input.ts";
import { type DatasetDef, datasetOf, fromAdsl, varMeta } from "../internal/meta.ts";
import type { AdamStudy } from "../internal/study.ts";
import { responseAssessments } from "./adrs.ts";
import { adslLookup } from "./adsl-lookup.ts";

export interface AdtteInput extends AdamDatasetInput {
  study: AdamStudy;
}

export const adtteDef = (): DatasetDef => ({
  name: "ADTTE",
  label: "Time-to-Event Analysis Dataset",
  class: "BASIC DATA STRUCTURE",
  structure: "One record per subject per parameter",
  keys: ["STUDYID", "USUBJID", "PARAMCD"],
  variables: [
    varMeta("STUDYID"),
    varMeta("USUBJID"),
    fromAdsl("TRT01A"),
    fromAdsl("TRT01AN"),
    fromAdsl("SAFFL"),
    fromAdsl("EFFFL"),
    varMeta("PARAMCD"),
    varMeta("PARAM"),
    varMeta("PARAMN"),
    varMeta("AVAL", { method: "ADT - STARTDT + 1 (days)" }),
    varMeta("AVALU", { method: "DAYS" }),
    varMeta("STARTDT"),
    varMeta("ADT", { method: "Event date, or censoring date per the spec's censoring rules" }),
    varMeta("CNSR"),
    varMeta("EVNTDESC"),
    varMeta("CNSDTDSC"),
    varMeta("SRCDOM"),
    varMeta("SRCVAR"),
    varMeta("SRCSEQ"),
  ],
});

export function buildAdtte(input: AdtteInput): Dataset {
  const { sdtm, spec, adsl } = input;
  const s = spec.adtte;
  if (!s) throw new Error("buildAdtte: the ADaM spec has no adtte.yaml");
  const cutoff = dtcSasDate(spec.general.dataCutoff ?? input.study.dataCutoff ?? "") ?? null;
  const rsSpec = spec.adrs;
  const rs = rsSpec ? sdtm.get(rsSpec.overall.domain) : undefined;
  const assessments = rsSpec ? responseAssessments(rs, rsSpec) : new Map();
  const rows: Record<string, string | number | null>[] = [];
  for (const [usubjid, sl] of adslLookup(adsl)) {
    const trtsdt = sl.num("TRTSDT");
    if (sl.get("SAFFL") !== "Y" || trtsdt === null) continue;
    const dthdt = sl.num("DTHDT");
    const list = (
      (assessments.get(usubjid) ?? []) as { date: number; response: string; row: number }[]
    ).filter((a) => a.date >= trtsdt);
    const progression = rsSpec?.progression ?? [];
    for (const p of s.parameters) {
      let t: TimeToEvent | undefined;
      if (p.kind === "OS") t = computeOs({ trtsdt, dthdt, lstalvdt: sl.num("LSTALVDT"), cutoff });
      else if (p.kind === "PFS") t = computePfs({ trtsdt, dthdt, cutoff }, list, progression);
      else if (rsSpec) {
        // DOR: from the first confirmed response (CR/CRi) of a responder
        const confirmed = computeConfirmedResponses(list, rsSpec);
        const first = list.find(
          (a, k) => rsSpec.responders.includes(confirmed[k]!) && confirmed[k] === a.response,
        );
        t = computeDor({ firstResponse: first?.date ?? null, dthdt, cutoff }, list, progression);
      }
      if (!t) continue;
      // Traceability: the RS record of a progression or last assessment; ADSL.DTHDT for death
      const src =
        t.reason === "DEATH"
          ? { SRCDOM: "ADSL", SRCVAR: "DTHDT", SRCSEQ: null }
          : t.reason === "ALIVE"
            ? { SRCDOM: "ADSL", SRCVAR: "LSTALVDT", SRCSEQ: null }
            : (() => {
                const a = list.find(
                  (x) => x.date === t.adt && (t.cnsr === 1 || progression.includes(x.response)),
                );
                return a
                  ? { SRCDOM: rsSpec!.overall.domain, SRCVAR: "RSDTC", SRCSEQ: numAt(rs, "RSSEQ", a.row) }
                  : { SRCDOM: "ADSL", SRCVAR: "TRTSDT", SRCSEQ: null };
              })();
      const desc = t.cnsr === 0 ? (p.eventDesc[t.reason] ?? t.reason) : (p.censorDesc[t.reason] ?? t.reason);
      rows.push({
        STUDYID: sl.get("STUDYID"),
        USUBJID: usubjid,
        TRT01A: sl.get("TRT01A"),
        TRT01AN: sl.get("TRT01AN"),
        SAFFL: sl.get("SAFFL"),
        EFFFL: sl.get("EFFFL"),
        PARAMCD: p.paramcd,
        PARAM: p.param,
        PARAMN: p.paramn,
        AVAL: t.aval,
        AVALU: s.avalUnit,
        STARTDT: t.startdt,
        ADT: t.adt,
        CNSR: t.cnsr,
        EVNTDESC: desc,
        CNSDTDSC: t.cnsr === 1 ? desc : "",
        ...src,
      });
    }
  }
  return datasetOf(adtteDef(), rows);
}
