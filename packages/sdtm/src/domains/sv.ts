/**
 * SV: one record per subject and visit actually done, from every domain's VISITNUM/VISIT and date
 * (SDTMIG 3.4 5.4): SVSTDTC/SVENDTC the first and last date seen; VISITDY the planned study day;
 * unscheduled visits described in SVUPDES.
 */
import { compareDtc, compareValues } from "@trialforge/core";
import type { Study } from "@trialforge/spec";
import type { Frame } from "../internal/frame.ts";
import { computePlannedStudyDay } from "./trial-design.ts";

/** Complete dates compare as text; partial ones at their common precision. */
function earlier(a: string, b: string): boolean {
  return a.length === 10 && b.length === 10 ? a < b : compareDtc(a, b) === -1;
}

export function buildSv(f: Frame, study: Study, sources: readonly { frame: Frame; dtc: string }[]): void {
  const visits = new Map<
    string,
    { usubjid: string; num: number; visit: string; start: string; end: string; from: Set<string> }
  >();
  for (const { frame, dtc } of sources) {
    const subj = frame.char("USUBJID");
    const num = frame.num("VISITNUM");
    const vis = frame.char("VISIT");
    const d = frame.char(dtc);
    for (let i = 0; i < frame.length; i++) {
      const n = num.get(i);
      if (n === null) continue;
      const date = d.get(i).slice(0, 10);
      const key = `${subj.get(i)}\u0000${n}`;
      let v = visits.get(key);
      if (!v) {
        v = { usubjid: subj.get(i), num: n, visit: vis.get(i), start: date, end: date, from: new Set() };
        visits.set(key, v);
      }
      v.from.add(frame.meta.name);
      if (date && (!v.start || earlier(date, v.start))) v.start = date;
      if (date && (!v.end || earlier(v.end, date))) v.end = date;
    }
  }
  const planned = new Map(study.visits.map((v) => [v.VISITNUM, v]));
  const rows = [...visits.values()].sort((a, b) => compareValues(a.usubjid, b.usubjid) || a.num - b.num);
  for (const v of rows) {
    const p = planned.get(v.num);
    f.pushRow({
      STUDYID: study.studyId,
      DOMAIN: "SV",
      USUBJID: v.usubjid,
      VISITNUM: v.num,
      VISIT: v.visit,
      VISITDY: p ? computePlannedStudyDay(study, p.day) : null,
      SVSTDTC: v.start,
      SVENDTC: v.end,
      SVUPDES: p ? "" : `Unscheduled assessment (${[...v.from].sort().join(", ")})`,
    });
  }
}
