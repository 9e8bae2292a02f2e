/**
 * EDC records of one subject, by form id, as the EDC's CSV export shows them (DD-MON-YYYY dates, HH:MM
 * times). Values are text exactly as written to CSV and ODM; fields a form spec does not list are dropped.
 */
import type { Study } from "@trialforge/spec";
import type { Rng } from "../prng.ts";
import { AE_DICTIONARY } from "./catalog/meddra.ts";
import { dayToEdc, minutesToTime } from "./dates.ts";
import { computeSyndromeShape, type Profile } from "./subject.ts";

export type EdcRecord = Record<string, string>;

const num = (v: number, d: number) => v.toFixed(d);

export function buildEdcRecords(rng: Rng, p: Profile, study: Study): Map<string, EdcRecord[]> {
  const out = new Map<string, EdcRecord[]>();
  const put = (form: string, r: EdcRecord) => {
    const list = out.get(form);
    if (list) list.push(r);
    else out.set(form, [r]);
  };
  const S = p.subjid;
  const date = (protocolDay: number) => dayToEdc(p.day0 + protocolDay);
  const scrVisit = study.visits[0]!;
  const scrDay = p.visitDays.get(scrVisit.VISITNUM) ?? p.icDay - p.day0;

  put("DM", {
    SUBJID: S,
    SITEID: p.siteId,
    ICDAT: dayToEdc(p.icDay),
    BRTHDAT: dayToEdc(p.birthDay),
    AGE: String(p.age),
    AGEU: "YEARS",
    SEX: p.sex,
    RACE: p.race,
    ETHNIC: p.ethnic,
    COUNTRY: p.country,
    DOSELVL: p.arm?.armcd ?? "",
  });
  if (p.screenFail) {
    p.failedCriteria.forEach((cd, i) => {
      put("IE", {
        SUBJID: S,
        IESPID: String(i + 1),
        IEDAT: date(scrDay),
        IEYN: "N",
        IETESTCD: cd,
        IECAT: cd.startsWith("INCL") ? "INCLUSION" : "EXCLUSION",
      });
    });
  } else {
    put("IE", { SUBJID: S, IESPID: "1", IEDAT: date(scrDay), IEYN: "Y" });
  }

  put("DH", {
    SUBJID: S,
    DIAGDAT: dayToEdc(p.diagDay),
    ALLTYPE: "B-ALL",
    PHSTAT: p.phStatus,
    DISSTAT: p.disStat,
    NRELAPSE: String(p.nRelapse),
    PRLINES: String(p.priorLines.length),
    PRHSCT: p.hsctDay !== undefined ? "Y" : "N",
    HSCTDAT: p.hsctDay !== undefined ? dayToEdc(p.hsctDay) : "",
    HSCTTYPE: p.hsctDay !== undefined ? "ALLOGENEIC" : "",
    CD19PCT: num(p.cd19, 1),
  });
  p.priorLines.forEach((l, i) => {
    put("CM_PRIOR", {
      SUBJID: S,
      CMSPID: String(i + 1),
      CMCAT: "PRIOR ANTI-LEUKEMIA THERAPY",
      CMSCAT: l.type,
      CMLINE: String(l.line),
      CMTRT: l.regimen,
      CMSTDAT: dayToEdc(l.start),
      CMENDAT: dayToEdc(l.end),
      CMBESTRS: l.best,
    });
  });
  p.medicalHistory.forEach((m, i) => {
    put("MH", {
      SUBJID: S,
      MHSPID: String(i + 1),
      MHTERM: m.term,
      MHDECOD: m.pt,
      MHBODSYS: m.soc,
      MHSTDAT: dayToEdc(m.start),
      MHENDAT: m.end !== undefined ? dayToEdc(m.end) : "",
      MHONGO: m.end === undefined ? "Y" : "N",
    });
  });

  if (!p.screenFail && p.arm) {
    for (const t of study.treatments) {
      if (t.role !== "lymphodepletion") continue;
      for (const d of t.days) {
        if (d > p.lastDay) continue;
        const reduced = rng.chance(0.03);
        const dose = (t.dose ?? 0) * (reduced ? 0.8 : 1);
        put("EX_LD", {
          SUBJID: S,
          EXTRT: t.name,
          LDDAY: String(d),
          EXSTDAT: date(d),
          EXSTTIM: minutesToTime(rng.int(8 * 60, 11 * 60)),
          EXDOSE: num(dose, 0),
          EXDOSU: t.doseUnit,
          BSA: num(p.bsa, 2),
          EXDOSTOT: num(dose * p.bsa, 1),
          EXADJ: reduced ? "Renal function" : "",
        });
      }
    }
    const actual = p.arm.dose * rng.uniform(0.97, 1.03);
    put("EX_INF", {
      SUBJID: S,
      EXSTDAT: date(0),
      EXSTTIM: minutesToTime(p.infusionMinute),
      EXENTIM: minutesToTime(p.infusionMinute + rng.int(10, 35)),
      EXDOSE: num(actual, 2),
      EXDOSU: "x10^7 cells/kg",
      WEIGHT: num(p.weight, 1),
      EXTOTCEL: num(actual * p.weight, 1),
      EXVOL: num(rng.int(40, 100), 0),
      EXLOT: `CNK19-${2300 + Math.floor(p.index / 6)}-${String((p.index % 6) + 1).padStart(2, "0")}`,
      EXINTRP: rng.chance(0.03) ? "Y" : "N",
    });
  }

  p.aes.forEach((e, i) => {
    const c = AE_DICTIONARY[e.id].coded;
    const ongoing = e.end === undefined;
    const out: string = e.fatal
      ? "FATAL"
      : ongoing
        ? "NOT RECOVERED/NOT RESOLVED"
        : e.grade >= 3 && rng.chance(0.1)
          ? "RECOVERED/RESOLVED WITH SEQUELAE"
          : "RECOVERED/RESOLVED";
    put("AE", {
      SUBJID: S,
      AESPID: String(i + 1),
      AETERM: e.verbatim,
      AELLT: c.llt,
      AELLTCD: String(c.lltCode),
      AEDECOD: c.pt,
      AEPTCD: String(c.ptCode),
      AEHLT: c.hlt,
      AEHLTCD: String(c.hltCode),
      AEHLGT: c.hlgt,
      AEHLGTCD: String(c.hlgtCode),
      AEBODSYS: c.soc,
      AEBDSYCD: String(c.socCode),
      AESTDAT: date(e.start),
      AEENDAT: ongoing ? "" : date(e.end!),
      AEONGO: ongoing ? "Y" : "N",
      AETOXGR: String(e.grade),
      AESER: e.serious ? "Y" : "N",
      AESDTH: e.fatal ? "Y" : "N",
      AESLIFE: e.lifeThreatening && e.serious ? "Y" : "N",
      AESHOSP: e.hosp ? "Y" : "N",
      AEREL: e.rel,
      AERELLD: e.relLd,
      AEACN: e.start < 0 ? "DOSE NOT CHANGED" : "NOT APPLICABLE",
      AEOUT: out,
      AECONTRT: e.contrt ? "Y" : "N",
      CRSICANS: e.id === "CRS" || e.id === "ICANS" ? e.id : "",
      ASTCTGR: e.astct !== undefined ? String(e.astct) : "",
      AEDLT: e.dlt ? "Y" : "N",
    });
  });

  for (const a of p.assessments) {
    put("RS", {
      SUBJID: S,
      VISIT: a.visit,
      RSDAT: date(a.day),
      RSORRES: a.response,
      BMBLAST: num(a.blasts, 1),
      MRDRES: a.mrd,
      MRDVAL: a.mrdValue !== undefined ? num(a.mrdValue, 3) : "",
      MRDMETH: a.mrd === "NEGATIVE" || a.mrd === "POSITIVE" ? "FLOW CYTOMETRY" : "",
    });
  }

  for (const v of study.visits) {
    if (!v.assessments.includes("VS")) continue;
    const day = p.visitDays.get(v.VISITNUM);
    if (day === undefined) continue;
    const crs = computeSyndromeShape(day, p.crs) * (p.crs?.grade ?? 0);
    const fever = crs > 0 ? 38 + Math.min(2.2, 0.5 * crs) + rng.uniform(0, 0.4) : rng.normal(36.7, 0.25);
    const hypo = crs >= 2 ? 18 + 6 * (crs - 2) : 0;
    const screening = v.epoch === "SCREENING";
    put("VS", {
      SUBJID: S,
      VISIT: v.VISIT,
      VSDAT: date(day),
      VSTIM: minutesToTime(day === 0 ? p.infusionMinute - 30 : rng.int(7 * 60, 10 * 60)),
      TEMP: num(fever, 1),
      SYSBP: String(Math.round(rng.normal(118, 10) - hypo)),
      DIABP: String(Math.round(rng.normal(74, 7) - hypo / 2)),
      PULSE: String(Math.round(rng.normal(82, 9) + (crs > 0 ? 15 * Math.min(crs, 3) : 0))),
      RESP: String(Math.round(rng.normal(17, 2) + (crs >= 2 ? 4 : 0))),
      SPO2: String(Math.min(100, Math.round(rng.normal(98, 1) - (crs >= 3 ? 6 : 0)))),
      WEIGHT: num(p.weight * (1 + rng.normal(0, 0.01)), 1),
      HEIGHT: screening ? num(p.height, 1) : "",
    });
  }

  if (p.disposition) {
    put("DS", {
      SUBJID: S,
      DSCAT: "DISPOSITION EVENT",
      DSSTDAT: date(p.disposition.day),
      DSDECOD: p.disposition.decod,
      DSTERM: p.disposition.term,
    });
  }
  if (p.deathDay !== undefined && p.deathCause) {
    put("DD", {
      SUBJID: S,
      DTHDAT: date(p.deathDay),
      DTHCAUS: p.deathCause,
      DTHTERM: p.deathTerm,
      AUTOPSY: "N",
    });
  }
  return out;
}
