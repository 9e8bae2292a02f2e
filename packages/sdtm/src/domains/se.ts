/**
 * SE: the elements each subject actually passed through, from the dates in built domains (config
 * `elements`: where each arm position starts). An element ends where the next found one starts; the last
 * ends at `elementsEnd` (e.g. DM.RFPENDTC), open when unknown. SDTMIG 3.4 section 5.3.
 */
import { compareDtc, dtcEpochDay, epochDayToIso } from "@trialforge/core";
import type { SdtmConfig, Study } from "@trialforge/spec";
import type { ElementSpan } from "../algorithms/epoch.ts";
import { computeSubjectDates } from "../algorithms/subject-refs.ts";
import type { Frame } from "../internal/frame.ts";

export interface SubjectArm {
  usubjid: string;
  /** Actual arm when treated, else planned arm, else "". */
  armcd: string;
}

export function buildSe(
  f: Frame,
  study: Study,
  config: SdtmConfig,
  frames: ReadonlyMap<string, Frame>,
  subjects: readonly SubjectArm[],
): Map<string, ElementSpan[]> {
  const starts = config.elements.map((el) => {
    const src = frames.get(el.start.domain);
    const dates = src
      ? computeSubjectDates(src, el.start.dtc, el.start.pick, el.start.where)
      : new Map<string, string>();
    const offset = el.start.offsetDays;
    if (offset) {
      for (const [k, d] of dates) {
        const day = dtcEpochDay(d);
        if (day === undefined) dates.delete(k);
        else dates.set(k, epochDayToIso(day + offset));
      }
    }
    return { taetord: el.taetord, dates };
  });
  const end = config.elementsEnd ? frames.get(config.elementsEnd.domain) : undefined;
  const ends =
    end && config.elementsEnd
      ? computeSubjectDates(end, config.elementsEnd.dtc, "last")
      : new Map<string, string>();
  const elements = new Map(study.elements.map((e) => [e.ETCD, e]));
  const spans = new Map<string, ElementSpan[]>();
  for (const s of subjects) {
    const arm = study.arms.find((a) => a.armcd === s.armcd);
    const found: { etcd: string; taetord: number; start: string }[] = [];
    for (const st of starts) {
      const d = st.dates.get(s.usubjid);
      if (!d) continue;
      // An element that would start after the subject's end (or the data cutoff) never happened.
      const last = ends.get(s.usubjid) ?? study.dataCutoff;
      if (compareDtc(d.slice(0, 10), last.slice(0, 10)) === 1) continue;
      // Without an arm only positions every arm shares are known (e.g. screening).
      const etcd = arm ? arm.elements[st.taetord - 1] : commonElement(study, st.taetord);
      if (etcd) found.push({ etcd, taetord: st.taetord, start: d });
    }
    found.sort((a, b) => a.taetord - b.taetord);
    const list: ElementSpan[] = [];
    found.forEach((e, k) => {
      const next = found[k + 1]?.start ?? ends.get(s.usubjid) ?? "";
      const el = elements.get(e.etcd)!;
      f.pushRow({
        STUDYID: study.studyId,
        DOMAIN: "SE",
        USUBJID: s.usubjid,
        ETCD: e.etcd,
        ELEMENT: el.ELEMENT,
        TAETORD: e.taetord,
        EPOCH: el.epoch,
        SESTDTC: e.start,
        SEENDTC: next,
      });
      list.push({ start: e.start, end: next, epoch: el.epoch });
    });
    spans.set(s.usubjid, list);
  }
  return spans;
}

function commonElement(study: Study, taetord: number): string | undefined {
  const set = new Set(study.arms.map((a) => a.elements[taetord - 1]));
  return set.size === 1 ? [...set][0] : undefined;
}
