/**
 * Trial design domains from the study spec (SDTMIG 3.4 section 7): TA, TE, TV, TI, TS. One function per
 * domain; each fills a frame whose metadata comes from the domain's spec file.
 */
import type { Study } from "@trialforge/spec";
import type { Frame } from "../internal/frame.ts";

const base = (study: Study, domain: string) => ({ STUDYID: study.studyId, DOMAIN: domain });

/** Planned study day (SDTM, no day 0) of a protocol day, counted from the first protocol treatment day. */
export function computePlannedStudyDay(study: Study, protocolDay: number): number {
  const first = Math.min(...study.treatments.flatMap((t) => t.days));
  return protocolDay >= first ? protocolDay - first + 1 : protocolDay - first;
}

/** TA: one record per arm and element, in the arm's element order. */
export function buildTa(f: Frame, study: Study): void {
  const elements = new Map(study.elements.map((e) => [e.ETCD, e]));
  for (const a of study.arms) {
    a.elements.forEach((etcd, k) => {
      const e = elements.get(etcd)!;
      f.pushRow({
        ...base(study, "TA"),
        ARMCD: a.armcd,
        ARM: a.arm,
        TAETORD: k + 1,
        ETCD: etcd,
        ELEMENT: e.ELEMENT,
        TABRANCH: "",
        TATRANS: "",
        EPOCH: e.epoch,
      });
    });
  }
}

/** TE: one record per element. */
export function buildTe(f: Frame, study: Study): void {
  for (const e of study.elements) {
    f.pushRow({
      ...base(study, "TE"),
      ETCD: e.ETCD,
      ELEMENT: e.ELEMENT,
      TESTRL: e.TESTRL,
      TEENRL: e.TEENRL,
      TEDUR: e.TEDUR ?? "",
    });
  }
}

/** TV: one record per planned visit (all arms share the schedule, so ARMCD is null). */
export function buildTv(f: Frame, study: Study): void {
  for (const v of study.visits) {
    f.pushRow({
      ...base(study, "TV"),
      VISITNUM: v.VISITNUM,
      VISIT: v.VISIT,
      VISITDY: computePlannedStudyDay(study, v.day),
      ARMCD: "",
      TVSTRL: v.TVSTRL,
      TVENRL: "",
    });
  }
}

/** TI: one record per inclusion/exclusion criterion, verbatim from the protocol. */
export function buildTi(f: Frame, study: Study): void {
  for (const c of study.criteria)
    f.pushRow({ ...base(study, "TI"), IETESTCD: c.IETESTCD, IETEST: c.IETEST, IECAT: c.IECAT, TIVERS: "1" });
}

/**
 * TS: the study's parameters, TSSEQ numbering repeats of a TSPARMCD. Parameters the data determine are
 * filled from DM when the spec lacks them: SSTDTC (first informed consent), ACTSUB (subjects treated).
 */
export function buildTs(f: Frame, study: Study, derived: { firstConsent?: string; treated: number }): void {
  const params = [...study.trialSummary];
  const has = (cd: string) => params.some((p) => p.TSPARMCD === cd);
  if (!has("SSTDTC") && derived.firstConsent)
    params.push({
      TSPARMCD: "SSTDTC",
      TSPARM: "Study Start Date",
      TSVAL: derived.firstConsent,
      TSVCDREF: "ISO 8601",
    });
  if (!has("ACTSUB"))
    params.push({ TSPARMCD: "ACTSUB", TSPARM: "Actual Number of Subjects", TSVAL: String(derived.treated) });
  const seq = new Map<string, number>();
  for (const p of params) {
    const n = (seq.get(p.TSPARMCD) ?? 0) + 1;
    seq.set(p.TSPARMCD, n);
    f.pushRow({
      ...base(study, "TS"),
      TSSEQ: n,
      TSGRPID: (p as { TSGRPID?: string }).TSGRPID ?? "",
      TSPARMCD: p.TSPARMCD,
      TSPARM: p.TSPARM,
      TSVAL: p.TSVAL,
      TSVALNF: p.TSVALNF ?? "",
      TSVALCD: p.TSVALCD ?? "",
      TSVCDREF: p.TSVCDREF ?? "",
      TSVCDVER: p.TSVCDVER ?? "",
    });
  }
}
