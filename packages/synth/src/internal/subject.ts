/**
 * One synthetic subject's course: demographics, disease, dose level, toxicities (CRS, ICANS, cytopenias,
 * other AEs), response, death or discontinuation, and the kinetic parameters the vendor data follow.
 * Every later record is drawn from this profile, so EDC, labs, PK and disposition agree with each other.
 * Days are protocol days relative to the infusion (day 0); `day0` is the infusion's epoch day.
 */
import type { Study, StudyArm } from "@trialforge/spec";
import type { Rng } from "../prng.ts";
import { AE_DICTIONARY, type AeEventId } from "./catalog/meddra.ts";

export type Relationship =
  | "NOT RELATED"
  | "UNLIKELY RELATED"
  | "POSSIBLY RELATED"
  | "PROBABLY RELATED"
  | "RELATED";
export type Response = "CR" | "CRi" | "PR" | "NR" | "PD";

export interface AeEvent {
  id: AeEventId;
  verbatim: string;
  start: number;
  /** End day; undefined = ongoing at end of study. */
  end: number | undefined;
  grade: number;
  serious: boolean;
  hosp: boolean;
  lifeThreatening: boolean;
  rel: Relationship;
  relLd: Relationship;
  contrt: boolean;
  /** ASTCT grade for CRS/ICANS. */
  astct?: number;
  dlt: boolean;
  fatal: boolean;
}

export interface Assessment {
  /** VISIT label; progression between scheduled marrows is an UNSCHEDULED assessment. */
  visit: string;
  day: number;
  response: Response | "";
  blasts: number;
  mrd: "NEGATIVE" | "POSITIVE" | "NOT DONE" | "";
  mrdValue: number | undefined;
}

export interface PriorLine {
  line: number;
  regimen: string;
  type: "CHEMOTHERAPY" | "TARGETED THERAPY" | "IMMUNOTHERAPY" | "CELL THERAPY";
  start: number;
  end: number;
  best: Response | "UNKNOWN";
}

export interface Profile {
  index: number;
  subjid: string;
  siteId: string;
  country: string;
  screenFail: boolean;
  failedCriteria: string[];
  arm: StudyArm | undefined;
  /** Epoch days. */
  icDay: number;
  day0: number;
  birthDay: number;
  age: number;
  sex: "M" | "F";
  race: string;
  ethnic: string;
  weight: number;
  height: number;
  bsa: number;
  // disease
  diagDay: number;
  phStatus: "POSITIVE" | "NEGATIVE";
  disStat: "RELAPSED" | "REFRACTORY";
  nRelapse: number;
  priorLines: PriorLine[];
  hsctDay: number | undefined;
  cd19: number;
  baselineBlasts: number;
  medicalHistory: { term: string; pt: string; soc: string; start: number; end: number | undefined }[];
  // toxicity
  crs: { grade: number; onset: number; duration: number } | undefined;
  icans: { grade: number; onset: number; duration: number } | undefined;
  cyto: {
    ancBase: number;
    ancNadir: number;
    pltBase: number;
    pltNadir: number;
    hgbBase: number;
    hgbNadir: number;
    lymBase: number;
    lymNadir: number;
    nadirDay: number;
    recoveryDay: number;
  };
  liverFold: number;
  aes: AeEvent[];
  // outcome
  responder: boolean;
  assessments: Assessment[];
  pdDay: number | undefined;
  deathDay: number | undefined;
  deathCause: "DISEASE PROGRESSION" | "ADVERSE EVENT" | "INFECTION" | "OTHER" | undefined;
  deathTerm: string;
  /** End-of-study disposition, or undefined when ongoing at the data cutoff. */
  disposition: { decod: string; term: string; day: number } | undefined;
  /** Last protocol day on study (data after it are not collected). */
  lastDay: number;
  // kinetics
  pk: {
    cmax: number;
    tmax: number;
    thalf: number;
    bmRatio: number;
    flowCmax: number;
    nkBase: number;
    bBase: number;
  };
  ada: { preExisting: boolean; emergentDay: number | undefined; falseScreen: number };
  /** Actual protocol day of each visit that took place, by VISITNUM. */
  visitDays: Map<number, number>;
  infusionMinute: number;
}

export interface ProfileContext {
  study: Study;
  cutoffDay: number;
  studyStartDay: number;
  enrolSpanDays: number;
  totalScreened: number;
}

const REGIMENS_FIRST = [
  "VDLP (vincristine, daunorubicin, L-asparaginase, prednisone)",
  "Hyper-CVAD",
  "CCCG-ALL-2015 induction",
  "VDCLP",
];
const REGIMENS_LATER: { name: string; type: PriorLine["type"] }[] = [
  { name: "Blinatumomab", type: "IMMUNOTHERAPY" },
  { name: "Inotuzumab ozogamicin", type: "IMMUNOTHERAPY" },
  { name: "CD19 CAR-T cells", type: "CELL THERAPY" },
  { name: "FLAG-IDA", type: "CHEMOTHERAPY" },
  { name: "Clofarabine + cytarabine", type: "CHEMOTHERAPY" },
  { name: "High-dose methotrexate + cytarabine", type: "CHEMOTHERAPY" },
  { name: "Venetoclax + navitoclax", type: "TARGETED THERAPY" },
];
const MH_TERMS: { term: string; pt: string; soc: string }[] = [
  { term: "Hypertension", pt: "Hypertension", soc: "Vascular disorders" },
  { term: "Hepatitis B carrier", pt: "Hepatitis B", soc: "Infections and infestations" },
  { term: "Herpes zoster", pt: "Herpes zoster", soc: "Infections and infestations" },
  { term: "Type 2 diabetes", pt: "Type 2 diabetes mellitus", soc: "Metabolism and nutrition disorders" },
  { term: "Depression", pt: "Depression", soc: "Psychiatric disorders" },
  { term: "Penicillin allergy", pt: "Drug hypersensitivity", soc: "Immune system disorders" },
  { term: "Fungal pneumonia", pt: "Pneumonia fungal", soc: "Infections and infestations" },
  { term: "Chronic GVHD of skin", pt: "Chronic graft versus host disease", soc: "Immune system disorders" },
];

/** CTCAE v5.0 grade for a low count (ANC 10^9/L, platelets 10^9/L, haemoglobin g/dL). */
export function computeCytopeniaGrade(kind: "anc" | "plt" | "hgb", v: number): number {
  if (kind === "anc") return v < 0.5 ? 4 : v < 1.0 ? 3 : v < 1.5 ? 2 : v < 1.8 ? 1 : 0;
  if (kind === "plt") return v < 25 ? 4 : v < 50 ? 3 : v < 75 ? 2 : v < 150 ? 1 : 0;
  return v < 8 ? 3 : v < 10 ? 2 : v < 12 ? 1 : 0;
}

/** 0 before lymphodepletion, 1 at the nadir, back to 0 at recovery (piecewise linear). */
export function computeDip(day: number, nadirDay: number, recoveryDay: number): number {
  if (day <= -4 || day >= recoveryDay) return 0;
  if (day <= nadirDay) return (day + 4) / (nadirDay + 4);
  const plateauEnd = nadirDay + Math.max(1, Math.floor((recoveryDay - nadirDay) / 3));
  if (day <= plateauEnd) return 1;
  return (recoveryDay - day) / (recoveryDay - plateauEnd);
}

/** CAR transgene level (same units as cmax) at protocol day t (fractional days). */
export function computeCarLevel(t: number, pk: { cmax: number; tmax: number; thalf: number }): number {
  if (t < 0 || pk.cmax <= 0) return 0;
  const c0 = pk.cmax * 0.12;
  if (t <= 0.1) return c0;
  if (t <= pk.tmax)
    return Math.exp(Math.log(c0) + ((Math.log(pk.cmax) - Math.log(c0)) * (t - 0.1)) / (pk.tmax - 0.1));
  return pk.cmax * Math.exp((-Math.LN2 / pk.thalf) * (t - pk.tmax));
}

/** Inflammation multiplier shape: 0 outside the syndrome, 1 one day after onset, fading after it ends. */
export function computeSyndromeShape(t: number, s: { onset: number; duration: number } | undefined): number {
  if (!s) return 0;
  const peak = s.onset + 1;
  const fade = s.onset + s.duration + 4;
  if (t < s.onset - 0.5 || t > fade) return 0;
  if (t <= peak) return Math.max(0, (t - s.onset + 0.5) / 1.5);
  return (fade - t) / (fade - peak);
}

function relFor(rng: Rng, strong: boolean): Relationship {
  return strong
    ? rng.weighted<Relationship>(["POSSIBLY RELATED", "PROBABLY RELATED", "RELATED"], [3, 4, 3])
    : rng.weighted<Relationship>(["NOT RELATED", "UNLIKELY RELATED", "POSSIBLY RELATED"], [5, 3, 2]);
}

function bsaMosteller(heightCm: number, weightKg: number): number {
  return Math.sqrt((heightCm * weightKg) / 3600);
}

/** Builds the course of subject `index` (0-based in screening order). */
export function buildProfile(
  rng: Rng,
  index: number,
  screenFail: boolean,
  arm: StudyArm | undefined,
  ctx: ProfileContext,
): Profile {
  const { study } = ctx;
  const site = study.sites[index % study.sites.length]!;
  const width = Math.max(3, String(ctx.totalScreened).length);
  const subjid = `${site.siteId}-${String(index + 1).padStart(width, "0")}`;
  const doseLevel = arm?.doseLevel ?? 1;
  // Relative to the lowest active dose; a placebo arm (dose 0) gets the lymphodepletion effect only.
  const lowest = Math.min(...study.arms.map((a) => a.dose).filter((d) => d > 0));
  const doseFactor = arm && arm.dose > 0 && Number.isFinite(lowest) ? arm.dose / lowest : 1;

  // Enrolment spreads evenly over the enrolment span; infusion 21-30 days after consent.
  const icDay =
    ctx.studyStartDay +
    Math.floor((index * ctx.enrolSpanDays) / Math.max(1, ctx.totalScreened)) +
    rng.int(0, 2);
  const day0 = icDay + rng.int(21, 30);

  const paediatric = rng.chance(0.25);
  const age = paediatric ? rng.int(Math.max(3, Math.ceil(study.ageMin)), 17) : rng.int(18, 68);
  const birthDay = icDay - age * 365 - rng.int(1, 360);
  const sex = rng.chance(0.56) ? "M" : "F";
  const race = rng.weighted(["ASIAN", "WHITE", "OTHER"], [97, 2, 1]);
  const ethnic = rng.weighted(["NOT HISPANIC OR LATINO", "NOT REPORTED"], [98, 2]);
  let height: number;
  let weight: number;
  if (age < 18) {
    height = Math.min(185, 75 + age * 6.2 + rng.normal(0, 6));
    weight = Math.max(12, 8 + age * 2.9 + rng.normal(0, 4));
  } else {
    height = sex === "M" ? rng.normal(171, 6) : rng.normal(159, 5.5);
    weight = Math.max(38, sex === "M" ? rng.normal(68, 10) : rng.normal(56, 8));
  }
  height = Math.round(height * 10) / 10;
  weight = Math.round(weight * 10) / 10;
  const bsa = Math.round(bsaMosteller(height, weight) * 100) / 100;

  // Disease history.
  const diagDay = icDay - rng.int(240, 2200);
  const phStatus = rng.chance(0.22) ? "POSITIVE" : "NEGATIVE";
  const disStat = rng.chance(0.68) ? "RELAPSED" : "REFRACTORY";
  const nLines = rng.weighted([1, 2, 3, 4, 5], [10, 30, 30, 20, 10]);
  const nRelapse = disStat === "RELAPSED" ? rng.int(1, Math.max(1, Math.min(3, nLines))) : 0;
  const priorLines: PriorLine[] = [];
  const span = icDay - 30 - diagDay;
  for (let l = 1; l <= nLines; l++) {
    const start = diagDay + 7 + Math.floor(((l - 1) * span) / nLines);
    const end = Math.min(icDay - 30, start + rng.int(30, Math.max(31, Math.floor(span / nLines) - 5)));
    let regimen: string;
    let type: PriorLine["type"];
    if (l === 1) {
      regimen = rng.pick(REGIMENS_FIRST);
      type = "CHEMOTHERAPY";
      if (phStatus === "POSITIVE") regimen += rng.chance(0.5) ? " + imatinib" : " + dasatinib";
    } else {
      const r = rng.pick(REGIMENS_LATER);
      regimen = r.name;
      type = r.type;
    }
    const best =
      l === nLines && disStat === "REFRACTORY"
        ? "NR"
        : rng.weighted<Response | "UNKNOWN">(["CR", "CRi", "PR", "NR", "UNKNOWN"], [45, 15, 15, 15, 10]);
    priorLines.push({ line: l, regimen, type, start, end, best });
  }
  const hsctDay = rng.chance(0.4)
    ? Math.min(icDay - 100, diagDay + rng.int(120, Math.max(121, span)))
    : undefined;
  const cd19 = Math.round(rng.uniform(72, 99.8) * 10) / 10;
  const baselineBlasts = Math.round(Math.min(95, rng.logNormal(35, 0.8)) * 10) / 10;
  const medicalHistory: Profile["medicalHistory"] = [];
  const nMh = rng.int(0, 3);
  for (let k = 0; k < nMh; k++) {
    const m = rng.pick(MH_TERMS);
    if (m.pt === "Chronic graft versus host disease" && hsctDay === undefined) continue;
    if (medicalHistory.some((x) => x.pt === m.pt)) continue;
    const start = icDay - rng.int(60, 3000);
    medicalHistory.push({
      ...m,
      start,
      end: rng.chance(0.5) ? undefined : Math.min(icDay - 10, start + rng.int(10, 400)),
    });
  }

  const failedCriteria: string[] = [];
  if (screenFail) {
    failedCriteria.push(rng.weighted(["INCL03", "INCL04", "EXCL01", "EXCL06", "EXCL09"], [3, 2, 3, 2, 1]));
    if (rng.chance(0.25)) {
      const extra = rng.pick(["EXCL04", "EXCL08"]);
      failedCriteria.push(extra);
    }
  }

  // Toxicity: CRS/ICANS incidence and severity grow with dose.
  const crs =
    !screenFail && rng.chance(0.3 + 0.12 * (doseLevel - 1))
      ? {
          grade: rng.weighted([1, 2, 3, 4], [60, 30, 4 + 3 * doseLevel, 1 + doseLevel]),
          onset: rng.int(0, 3),
          duration: rng.int(2, 7),
        }
      : undefined;
  const icans =
    !screenFail && rng.chance(0.04 + 0.04 * (doseLevel - 1) + (crs && crs.grade >= 2 ? 0.1 : 0))
      ? {
          grade: rng.weighted([1, 2, 3, 4], [55, 30, 12, 3]),
          onset: (crs?.onset ?? 2) + rng.int(1, 5),
          duration: rng.int(1, 6),
        }
      : undefined;
  const ancBase = Math.max(0.4, rng.logNormal(2.0, 0.5));
  const pltBase = Math.max(20, rng.logNormal(95, 0.5));
  const hgbBase = Math.min(14.5, Math.max(7.5, rng.normal(9.8, 1.3)));
  const lymBase = Math.max(0.2, rng.logNormal(1.1, 0.5));
  const nadirDay = rng.int(2, 8);
  const prolonged = rng.chance(0.06 + 0.03 * doseLevel);
  const cyto = {
    ancBase,
    ancNadir: Math.max(0.01, rng.logNormal(0.18 / Math.sqrt(doseFactor), 0.9)),
    pltBase,
    pltNadir: Math.max(3, Math.min(pltBase * 0.9, rng.logNormal(32, 0.6))),
    hgbBase,
    hgbNadir: Math.max(6.0, Math.min(hgbBase - 0.3, rng.normal(7.9, 0.8))),
    lymBase,
    lymNadir: Math.max(0.01, rng.logNormal(0.08, 0.7)),
    nadirDay,
    recoveryDay: prolonged ? rng.int(32, 60) : rng.int(12, 27),
  };
  const liverFold = rng.chance(0.15) ? rng.uniform(2, 8) : 1;

  // Response and course.
  const responder = !screenFail && rng.chance(0.4 + 0.12 * (doseLevel - 1));
  let pdDay: number | undefined;
  let deathDay: number | undefined;
  let deathCause: Profile["deathCause"];
  let deathTerm = "";
  let disposition: Profile["disposition"];
  const earlyFatal = !screenFail && rng.chance(0.02 + 0.01 * doseLevel);
  if (screenFail) {
    disposition = {
      decod: "SCREEN FAILURE",
      term: `Screen failure: ${failedCriteria.join(", ")} not met`,
      day: icDay - day0 + rng.int(3, 12),
    };
  } else if (earlyFatal) {
    deathDay = rng.int(12, 50);
    deathCause = "INFECTION";
    deathTerm = "Sepsis";
  } else if (responder) {
    if (rng.chance(0.45)) pdDay = rng.int(60, 540);
  } else {
    pdDay = rng.int(27, 120);
  }
  if (!screenFail && !earlyFatal) {
    if (pdDay !== undefined) {
      if (rng.chance(0.65)) {
        deathDay = pdDay + rng.int(30, 240);
        deathCause = "DISEASE PROGRESSION";
        deathTerm = "Progression of acute lymphoblastic leukaemia";
      } else {
        disposition = {
          decod: "PROGRESSIVE DISEASE",
          term: "Disease progression, off study for alternative therapy",
          day: pdDay + rng.int(1, 14),
        };
      }
    } else if (rng.chance(0.06)) {
      const d = rng.int(60, 600);
      disposition = rng.chance(0.5)
        ? { decod: "WITHDRAWAL BY SUBJECT", term: "Subject withdrew consent", day: d }
        : { decod: "LOST TO FOLLOW-UP", term: "Lost to follow-up", day: d };
    }
  }
  if (deathDay !== undefined) {
    if (deathDay > 720) {
      deathDay = undefined;
      deathCause = undefined;
      disposition = undefined;
    } else disposition = { decod: "DEATH", term: `Death: ${deathTerm}`, day: deathDay };
  }
  const lastVisit = study.visits[study.visits.length - 1]!;
  const completionDay = lastVisit.day + rng.int(lastVisit.windowLow, Math.min(lastVisit.windowHigh, 7));
  if (!screenFail && disposition === undefined)
    disposition = { decod: "COMPLETED", term: "Completed study follow-up", day: completionDay };
  let lastDay = disposition!.day;
  if (day0 + lastDay > ctx.cutoffDay) {
    // Still on study at the data cutoff: no end-of-study record yet.
    lastDay = ctx.cutoffDay - day0;
    if (deathDay !== undefined && deathDay > lastDay) {
      deathDay = undefined;
      deathCause = undefined;
    }
    if (pdDay !== undefined && pdDay > lastDay) pdDay = undefined;
    disposition = undefined;
  }

  // Visits that took place.
  const visitDays = new Map<number, number>();
  for (const v of study.visits) {
    let day: number;
    if (v.epoch === "SCREENING") day = icDay - day0 + rng.int(0, 2);
    else day = v.day + rng.int(Math.max(v.windowLow, -2), Math.min(v.windowHigh, 2));
    if (screenFail && v.epoch !== "SCREENING") continue;
    if (day > lastDay) continue;
    visitDays.set(v.VISITNUM, day);
  }

  // Response assessments at RS visits after day 0.
  const assessments: Assessment[] = [];
  const best: Response = responder
    ? rng.chance(0.7)
      ? "CR"
      : "CRi"
    : rng.weighted<Response>(["PR", "NR", "PD"], [20, 50, 30]);
  const mrdNeg = responder && rng.chance(best === "CR" ? 0.75 : 0.5);
  for (const v of study.visits) {
    if (!v.assessments.includes("RS")) continue;
    const day = visitDays.get(v.VISITNUM);
    if (day === undefined || (pdDay !== undefined && day >= pdDay)) continue;
    if (day < 0) {
      assessments.push({
        visit: v.VISIT,
        day,
        response: "",
        blasts: baselineBlasts,
        mrd: "",
        mrdValue: undefined,
      });
      continue;
    }
    const response: Response = responder ? best : best === "PD" ? "NR" : best;
    const blasts =
      response === "CR" || response === "CRi"
        ? rng.uniform(0, 4.5)
        : response === "PR"
          ? baselineBlasts * rng.uniform(0.2, 0.5)
          : response === "NR"
            ? baselineBlasts * rng.uniform(0.6, 1.1)
            : Math.max(25, baselineBlasts * rng.uniform(1, 1.4));
    const isCr = response === "CR" || response === "CRi";
    const mrd: Assessment["mrd"] = isCr
      ? mrdNeg
        ? "NEGATIVE"
        : "POSITIVE"
      : rng.chance(0.8)
        ? "NOT DONE"
        : "POSITIVE";
    const mrdValue =
      mrd === "NEGATIVE"
        ? undefined
        : mrd === "POSITIVE"
          ? Math.round((isCr ? rng.uniform(0.011, 0.9) : rng.uniform(5, 60)) * 1000) / 1000
          : undefined;
    assessments.push({
      visit: v.VISIT,
      day,
      response,
      blasts: Math.round(Math.min(98, blasts) * 10) / 10,
      mrd,
      mrdValue,
    });
  }
  if (pdDay !== undefined) {
    // Progression is assessed when it happens, between scheduled marrows: one UNSCHEDULED PD record.
    assessments.push({
      visit: "UNSCHEDULED",
      day: pdDay,
      response: "PD",
      blasts: Math.round(Math.min(98, Math.max(25, baselineBlasts * rng.uniform(1, 1.4))) * 10) / 10,
      mrd: "POSITIVE",
      mrdValue: Math.round(rng.uniform(5, 60) * 1000) / 1000,
    });
  }

  const pkScale = arm ? arm.dose : 1;
  const pk = {
    cmax: pkScale * rng.logNormal(responder ? 5200 : 3000, 0.7),
    tmax: rng.weighted([3, 7, 10, 14], [30, 40, 20, 10]) + rng.uniform(-0.5, 0.5),
    thalf: rng.uniform(2.2, 5),
    bmRatio: rng.uniform(0.25, 1.1),
    flowCmax: pkScale * rng.logNormal(responder ? 9 : 5, 0.7),
    nkBase: rng.logNormal(150, 0.4),
    bBase: rng.logNormal(25, 1.0),
  };
  const ada = {
    preExisting: rng.chance(0.03),
    emergentDay: rng.chance(0.12) ? rng.weighted([14, 28, 84, 180], [3, 4, 2, 1]) : undefined,
    falseScreen: rng.next(),
  };

  const profile: Profile = {
    index,
    subjid,
    siteId: site.siteId,
    country: site.country,
    screenFail,
    failedCriteria,
    arm,
    icDay,
    day0,
    birthDay,
    age,
    sex,
    race,
    ethnic,
    weight,
    height,
    bsa,
    diagDay,
    phStatus,
    disStat,
    nRelapse,
    priorLines,
    hsctDay,
    cd19,
    baselineBlasts,
    medicalHistory,
    crs,
    icans,
    cyto,
    liverFold,
    aes: [],
    responder,
    assessments,
    pdDay,
    deathDay,
    deathCause,
    deathTerm,
    disposition,
    lastDay,
    pk,
    ada,
    visitDays,
    infusionMinute: rng.int(9 * 60, 15 * 60),
  };
  if (!screenFail) profile.aes = buildAdverseEvents(rng, profile, study.dltWindowDays, doseLevel);
  return profile;
}

interface Spec {
  id: AeEventId;
  p: number;
  window: [number, number];
  grades: number[];
  weights: number[];
  dur: [number, number];
  strong: boolean;
  ldStrong?: boolean;
}

// biome-ignore format: aligned table
const OTHER_AES: Spec[] = [
  { id: "NAUSEA",      p: 0.30, window: [-5, -2], grades: [1, 2],    weights: [70, 30],     dur: [1, 5],  strong: false, ldStrong: true },
  { id: "VOMITING",    p: 0.15, window: [-5, -2], grades: [1, 2],    weights: [75, 25],     dur: [1, 3],  strong: false, ldStrong: true },
  { id: "DIARRHOEA",   p: 0.10, window: [-3, 20], grades: [1, 2, 3], weights: [60, 32, 8],  dur: [1, 6],  strong: false },
  { id: "FATIGUE",     p: 0.25, window: [-2, 30], grades: [1, 2],    weights: [65, 35],     dur: [3, 30], strong: true },
  { id: "HEADACHE",    p: 0.15, window: [0, 14],  grades: [1, 2],    weights: [80, 20],     dur: [1, 4],  strong: false },
  { id: "HYPOKALAEMIA",p: 0.15, window: [-2, 20], grades: [1, 2, 3], weights: [50, 35, 15], dur: [2, 10], strong: false },
  { id: "APPETITE",    p: 0.15, window: [-4, 14], grades: [1, 2],    weights: [70, 30],     dur: [3, 20], strong: false, ldStrong: true },
  { id: "PYREXIA",     p: 0.15, window: [0, 20],  grades: [1, 2],    weights: [70, 30],     dur: [1, 3],  strong: true },
  { id: "URTI",        p: 0.12, window: [10, 300],grades: [1, 2, 3], weights: [50, 40, 10], dur: [5, 14], strong: false },
  { id: "PNEUMONIA",   p: 0.08, window: [3, 120], grades: [2, 3, 4], weights: [30, 55, 15], dur: [7, 21], strong: false },
  { id: "CMV",         p: 0.06, window: [14, 90], grades: [1, 2, 3], weights: [30, 50, 20], dur: [10, 30],strong: false },
  { id: "RASH",        p: 0.06, window: [0, 21],  grades: [1, 2],    weights: [75, 25],     dur: [3, 12], strong: false },
  { id: "COUGH",       p: 0.10, window: [0, 200], grades: [1, 2],    weights: [80, 20],     dur: [3, 20], strong: false },
  { id: "TACHYCARDIA", p: 0.06, window: [0, 10],  grades: [1, 2],    weights: [80, 20],     dur: [1, 3],  strong: false },
  { id: "HYPOTENSION", p: 0.05, window: [0, 20],  grades: [1, 2, 3], weights: [50, 35, 15], dur: [1, 3],  strong: false },
];

function buildAdverseEvents(rng: Rng, p: Profile, dltWindow: number, doseLevel: number): AeEvent[] {
  const aes: AeEvent[] = [];
  const add = (
    e: Omit<AeEvent, "verbatim" | "dlt" | "hosp" | "lifeThreatening" | "fatal"> & { fatal?: boolean },
  ) => {
    const fatal = e.fatal ?? false;
    aes.push({
      ...e,
      verbatim: "",
      hosp: e.serious && !fatal,
      lifeThreatening: e.grade === 4,
      fatal,
      dlt: false,
    });
  };
  if (p.crs) {
    const g = p.crs.grade;
    add({
      id: "CRS",
      start: p.crs.onset,
      end: p.crs.onset + p.crs.duration,
      grade: g,
      astct: g,
      serious: g >= 3 || (g === 2 && rng.chance(0.4)),
      rel: relFor(rng, true),
      relLd: "UNLIKELY RELATED",
      contrt: g >= 2,
    });
  }
  if (p.icans) {
    const g = p.icans.grade;
    add({
      id: "ICANS",
      start: p.icans.onset,
      end: p.icans.onset + p.icans.duration,
      grade: g,
      astct: g,
      serious: g >= 2,
      rel: relFor(rng, true),
      relLd: "UNLIKELY RELATED",
      contrt: g >= 2,
    });
  }
  const c = p.cyto;
  const ancG = computeCytopeniaGrade("anc", c.ancNadir);
  if (ancG >= 3 && ancG > computeCytopeniaGrade("anc", c.ancBase)) {
    add({
      id: rng.chance(0.5) ? "NEUTROPENIA" : "NEUTDEC",
      start: rng.int(-2, 1),
      end: c.recoveryDay,
      grade: ancG,
      serious: false,
      rel: relFor(rng, rng.chance(0.5)),
      relLd: "PROBABLY RELATED",
      contrt: rng.chance(0.6),
    });
    if (ancG === 4 && rng.chance(0.35)) {
      const s = rng.int(1, Math.max(2, c.nadirDay + 3));
      add({
        id: "FEBNEUT",
        start: s,
        end: s + rng.int(2, 8),
        grade: 3,
        serious: rng.chance(0.5),
        rel: relFor(rng, false),
        relLd: "PROBABLY RELATED",
        contrt: true,
      });
    }
  }
  const pltG = computeCytopeniaGrade("plt", c.pltNadir);
  if (pltG >= 3 && pltG > computeCytopeniaGrade("plt", c.pltBase)) {
    add({
      id: "THROMBOCYTOPENIA",
      start: rng.int(-1, 3),
      end: c.recoveryDay + rng.int(0, 7),
      grade: pltG,
      serious: false,
      rel: relFor(rng, rng.chance(0.5)),
      relLd: "PROBABLY RELATED",
      contrt: rng.chance(0.5),
    });
  }
  const hgbG = computeCytopeniaGrade("hgb", c.hgbNadir);
  if (hgbG >= 3 && hgbG > computeCytopeniaGrade("hgb", c.hgbBase)) {
    add({
      id: "ANAEMIA",
      start: rng.int(0, 7),
      end: c.recoveryDay,
      grade: hgbG,
      serious: false,
      rel: relFor(rng, false),
      relLd: "PROBABLY RELATED",
      contrt: true,
    });
  }
  if (rng.chance(0.5))
    add({
      id: "LYMPHOPENIA",
      start: rng.int(-3, -1),
      end: rng.int(20, 60),
      grade: 4,
      serious: false,
      rel: relFor(rng, false),
      relLd: "RELATED",
      contrt: false,
    });
  if (p.liverFold > 2.5) {
    const s = rng.int(1, 14);
    const grade = p.liverFold > 5 ? 3 : p.liverFold > 3 ? 2 : 1;
    add({
      id: "ALT",
      start: s,
      end: s + rng.int(5, 20),
      grade,
      serious: false,
      rel: relFor(rng, true),
      relLd: "POSSIBLY RELATED",
      contrt: false,
    });
    if (rng.chance(0.7))
      add({
        id: "AST",
        start: s,
        end: s + rng.int(5, 20),
        grade: Math.max(1, grade - 1),
        serious: false,
        rel: relFor(rng, true),
        relLd: "POSSIBLY RELATED",
        contrt: false,
      });
  }
  for (const s of OTHER_AES) {
    if (!rng.chance(s.p * (s.id === "PYREXIA" || s.id === "HYPOTENSION" ? 1 + 0.2 * (doseLevel - 1) : 1)))
      continue;
    const start = rng.int(s.window[0], s.window[1]);
    const grade = rng.weighted(s.grades, s.weights);
    add({
      id: s.id,
      start,
      end: start + rng.int(s.dur[0], s.dur[1]),
      grade,
      serious: grade >= 3 && rng.chance(0.6),
      rel: relFor(rng, s.strong),
      relLd: s.ldStrong ? "PROBABLY RELATED" : relFor(rng, false),
      contrt: grade >= 2 || rng.chance(0.3),
    });
  }
  if (p.deathCause === "INFECTION" && p.deathDay !== undefined) {
    add({
      id: "SEPSIS",
      start: p.deathDay - rng.int(2, 6),
      end: p.deathDay,
      grade: 5,
      serious: true,
      rel: relFor(rng, false),
      relLd: "POSSIBLY RELATED",
      contrt: true,
      fatal: true,
    });
  }
  const kept: AeEvent[] = [];
  for (const e of aes) {
    if (e.start > p.lastDay) continue;
    if (e.end !== undefined && e.end > p.lastDay && !e.fatal) e.end = undefined;
    e.verbatim = rng.pick(AE_DICTIONARY[e.id].verbatims);
    // Protocol DLT rule: grade >=3 CRS/ICANS, grade >=4 related non-haematological toxicity, or grade 4
    // neutropenia/thrombocytopenia not recovered by the end of the DLT window, starting within the window.
    const inWindow = e.start >= 0 && e.start <= dltWindow;
    const haem =
      e.id === "NEUTROPENIA" ||
      e.id === "NEUTDEC" ||
      e.id === "THROMBOCYTOPENIA" ||
      e.id === "ANAEMIA" ||
      e.id === "LYMPHOPENIA" ||
      e.id === "FEBNEUT";
    const related = e.rel !== "NOT RELATED" && e.rel !== "UNLIKELY RELATED";
    e.dlt =
      inWindow &&
      (((e.id === "CRS" || e.id === "ICANS") && e.grade >= 3) ||
        (!haem && related && e.grade >= 4) ||
        ((e.id === "NEUTROPENIA" || e.id === "NEUTDEC" || e.id === "THROMBOCYTOPENIA") &&
          e.grade === 4 &&
          (e.end === undefined || e.end > dltWindow)));
    kept.push(e);
  }
  kept.sort((a, b) => a.start - b.start || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return kept;
}
