/**
 * ADaM spec: the study's analysis choices as data, one YAML file per concern under `specs/<study>/adam/`
 * (`general.yaml` required; `adsl.yaml`, `adae.yaml`, `adlb.yaml`, `adpc.yaml`, `adrs.yaml`, `adtte.yaml`,
 * `adis.yaml` each optional: a missing file means that dataset is not built). Nothing here is code:
 * selectors pick SDTM records by exact values, grading criteria are thresholds, rules are enums.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "@trialforge/core";
import { z } from "zod";
import { loadSpecFile } from "../load.ts";

const upperName = (max: number) =>
  z
    .string()
    .regex(new RegExp(`^[A-Z][A-Z0-9_]{0,${max - 1}}$`), `an upper-case name of at most ${max} characters`);
const label40 = z.string().min(1).max(40, "at most 40 characters (XPT v5 label)");

/** Picks SDTM records: `domain` plus exact values per variable (a record matches when every listed variable holds one of its values). */
export const AdamSelector = z.strictObject({
  domain: upperName(8),
  where: z.record(upperName(8), z.array(z.string()).min(1)).default({}),
});
export type AdamSelector = z.infer<typeof AdamSelector>;

/** A SUPPQUAL qualifier to merge onto its parent records. */
export const AdamSuppVar = z.strictObject({ qnam: upperName(8), label: label40 });

export const AdamGeneral = z.strictObject({
  /** The study treatment's infusion: TRTSDT/TRTSDTM are the first such EX record. */
  treatment: AdamSelector,
  /** Lymphodepleting chemotherapy: LDSTDT is the first start date of these records. */
  lymphodepletion: AdamSelector.optional(),
  /**
   * Relative day of an analysis date from TRTSDT: "infusionDayZero" makes the infusion day 0 (protocol
   * nomenclature, ADY = ADT - TRTSDT); "noDayZero" follows SDTMIG (ADY = ADT - TRTSDT + 1 on/after).
   */
  relativeDay: z.enum(["infusionDayZero", "noDayZero"]),
  /** Data cut-off (ISO date); end dates and censoring never go past it. Falls back to the study's dataCutoff. */
  dataCutoff: z.iso.date().optional(),
});
export type AdamGeneral = z.infer<typeof AdamGeneral>;

export const AdamDoseGroup = z.strictObject({
  /** DM.ARMCD / DM.ACTARMCD this group is made from. */
  armcd: z.string().min(1),
  trt: z.string().min(1).max(200),
  trtn: z.number().int(),
});

export const AdamAgeGroup = z.strictObject({
  label: z.string().min(1),
  /** Inclusive lower bound in years; omitted = no lower bound. */
  min: z.number().optional(),
  /** Exclusive upper bound in years; omitted = no upper bound. */
  below: z.number().optional(),
});

/**
 * A dose-received variable: the sum of `<domain>DOSE` over the subject's records matching the selector, all of
 * them in `unit` (`<domain>DOSU`); a subject with no such record has no value.
 */
export const AdamDoseReceived = AdamSelector.extend({
  name: upperName(8),
  label: label40,
  /** The unit every summed dose must carry (e.g. "mg/m2", "10^7/kg"); other units give no total and a warning. */
  unit: z.string().min(1),
  /** Optional unit variable (e.g. CARDOSU) holding `unit` when the total is present. */
  unitVar: upperName(8).optional(),
  unitLabel: label40.optional(),
  /** Optional percent of the planned dose: total / dose of the subject's planned arm (study.yaml arms) x 100. */
  percentOfPlanned: z.strictObject({ name: upperName(8), label: label40 }).optional(),
});
export type AdamDoseReceived = z.infer<typeof AdamDoseReceived>;

/** A dosing-days variable: the number of distinct complete `<domain>STDTC` dates of the matching records. */
export const AdamDosingDays = AdamSelector.extend({ name: upperName(8), label: label40 });

export const AdamAdsl = z.strictObject({
  /** Dose-level groups; omitted = taken from the study's arms (arm, doseLevel). */
  doseGroups: z.array(AdamDoseGroup).optional(),
  ageGroups: z.array(AdamAgeGroup).min(1),
  /** Baseline disease. */
  baseline: z.strictObject({
    /** Bone-marrow blasts (%): the last value on or before infusion. */
    marrowBlasts: AdamSelector.extend({ value: upperName(8), date: upperName(8) }),
    /** Prior lines of therapy: number of distinct values of `distinct` (or records when omitted). */
    priorLines: AdamSelector.extend({ distinct: upperName(8).optional() }),
    /** Prior HSCT: "Y" when any record matches. */
    priorHsct: AdamSelector,
  }),
  populations: z.strictObject({
    /** ENRLFL: subjects with an informed consent date (DM.RFICDTC) who were assigned an arm. */
    enrolledArmcdExclude: z.array(z.string()).default(["SCRNFAIL", "NOTASSGN"]),
    /** EFFFL: SAFFL = Y and at least one record matching this selector after infusion (e.g. a response assessment). */
    efficacyEvidence: AdamSelector,
    /** PKFL: SAFFL = Y and at least one post-infusion record with a value matching this selector. */
    pkEvidence: AdamSelector,
  }),
  disposition: z.strictObject({
    /** DS records of the end-of-study event (EOSSTT/DCSREAS come from the last one). */
    endOfStudy: AdamSelector,
    /** DSDECOD values mapped to EOSSTT; a subject with no end-of-study record is ONGOING. */
    completedTerms: z.array(z.string()).min(1),
  }),
  /** Death cause: DTHCAUS from this DS/AE selector's DSTERM/AEDECOD-style variable, else DS.DSTERM of DSDECOD DEATH. */
  deathCause: AdamSelector.extend({ variable: upperName(8) }).optional(),
  /** Domains whose dates count for LSTALVDT (the last date a subject was known alive). */
  lastAliveSources: z.array(z.strictObject({ domain: upperName(8), dateVar: upperName(8) })).min(1),
  /** Exposure: dose received per drug and days of dosing, as ADSL variables named here. */
  exposure: z
    .strictObject({
      doses: z.array(AdamDoseReceived).default([]),
      days: z.array(AdamDosingDays).default([]),
    })
    .optional(),
});
export type AdamAdsl = z.infer<typeof AdamAdsl>;

export const AdamDltCriterion = z.strictObject({
  description: z.string().min(1),
  /** AE grade (AETOXGR, or the ASTCT grade for CRS/ICANS) at or above which the criterion holds. */
  minGrade: z.number().int().min(1).max(5),
  /** AEDECOD values the criterion applies to; omitted = all. */
  terms: z.array(z.string()).optional(),
  /** AEBODSYS values excluded from the criterion (e.g. haematological for a non-haematological rule). */
  excludeSoc: z.array(z.string()).optional(),
  /** AEBODSYS values the criterion applies to; omitted = all. */
  soc: z.array(z.string()).optional(),
  /** Only AEs related to study treatment (AREL = "RELATED"). */
  related: z.boolean().default(false),
  /** Minimum duration in days (AENDT - ASTDT + 1); an unresolved AE counts to the cut-off. */
  minDurationDays: z.number().int().positive().optional(),
});

export const AdamAdae = z.strictObject({
  /** AE start dates are imputed to the first possible date, but not before TRTSDT when the partial date allows it. */
  startImputation: z.enum(["first", "firstNotBeforeTreatment"]),
  /** AE end dates are imputed to the last possible date, capped at death and data cut-off. */
  endImputation: z.enum(["last", "none"]),
  /** TEAE: ASTDT on or after TRTSDT and (when set) no later than TRTEDT + days. */
  treatmentEmergent: z.strictObject({ windowAfterLastDoseDays: z.number().int().nonnegative().optional() }),
  /** AEREL values that mean related (AREL = "RELATED"); others give "NOT RELATED". */
  relatedTerms: z.array(z.string()).min(1),
  /** SUPPAE qualifiers merged onto AE (QNAM becomes a variable). */
  supp: z.array(AdamSuppVar).default([]),
  crs: z.strictObject({ terms: z.array(z.string()).min(1), gradeQnam: upperName(8).optional() }),
  icans: z.strictObject({ terms: z.array(z.string()).min(1), gradeQnam: upperName(8).optional() }),
  dlt: z.strictObject({
    /** Window in days after infusion (day 0) in which an AE can be a DLT: 0 <= ASTDT - TRTSDT <= windowDays. */
    windowDays: z.number().int().positive(),
    /** A DLT when any criterion holds, or when the investigator's SUPPAE flag (QNAM) is "Y". */
    criteria: z.array(AdamDltCriterion).min(1),
    investigatorQnam: upperName(8).optional(),
  }),
});
export type AdamAdae = z.infer<typeof AdamAdae>;

/** One CTCAE threshold: the grade holds when AVAL `op` factor × reference. */
export const AdamToxThreshold = z.strictObject({
  grade: z.number().int().min(1).max(4),
  op: z.enum(["<", "<=", ">", ">="]),
  factor: z.number().positive(),
  /** What `factor` multiplies: the normal range limit, the baseline value, or 1 (absolute, in SI units). */
  of: z.enum(["LLN", "ULN", "BASE", "ABS"]),
});
export type AdamToxThreshold = z.infer<typeof AdamToxThreshold>;

export const AdamToxCriteria = z.strictObject({
  /** CTCAE v5 term, e.g. "Neutrophil count decreased" (ATOXDSCL/ATOXDSCH). */
  term: z.string().min(1),
  direction: z.enum(["L", "H"]),
  /** Thresholds when baseline is normal (or always); the grade is the highest whose threshold holds. */
  thresholds: z.array(AdamToxThreshold).min(1),
  /** Thresholds used instead when baseline is abnormal in this direction (CTCAE v5 "if baseline was abnormal"). */
  abnormalBaselineThresholds: z.array(AdamToxThreshold).optional(),
});
export type AdamToxCriteria = z.infer<typeof AdamToxCriteria>;

export const AdamParameter = z.strictObject({
  paramcd: upperName(8),
  param: z.string().min(1).max(200),
  /** SDTM LBTESTCD and LBSTRESU this parameter is made from. */
  testcd: upperName(8),
  unit: z.string(),
  /** LBSPEC when the same test is measured in several specimens. */
  spec: z.string().optional(),
  paramn: z.number().int(),
  category: z.string().min(1),
  toxicity: AdamToxCriteria.optional(),
});
export type AdamParameter = z.infer<typeof AdamParameter>;

export const AdamWindow = z.strictObject({
  avisit: z.string().min(1),
  avisitn: z.number(),
  /** Target relative day and inclusive window bounds (relative day rule from general.relativeDay). */
  target: z.number().int(),
  low: z.number().int(),
  high: z.number().int(),
});
export type AdamWindow = z.infer<typeof AdamWindow>;

export const AdamAdlb = z.strictObject({
  parameters: z.array(AdamParameter).min(1),
  /** ADaMIG: baseline is the last non-missing value on or before TRTSDT (pre-dose on infusion day). */
  baselineOnTreatmentDay: z.boolean(),
  windows: z.array(AdamWindow).min(1),
  ctcaeVersion: z.string().min(1),
});
export type AdamAdlb = z.infer<typeof AdamAdlb>;

export const AdamPcAnalyte = z.strictObject({
  paramcd: upperName(8),
  param: z.string().min(1).max(200),
  testcd: upperName(8),
  /** PCSPEC (matrix), e.g. BLOOD or BONE MARROW. */
  spec: z.string().min(1),
  unit: z.string(),
  paramn: z.number().int(),
});

export const AdamAdpc = z.strictObject({
  analytes: z.array(AdamPcAnalyte).min(1),
  /** Relative times in days (ARELTMU/NRELTMU "DAYS"). */
  timeUnit: z.enum(["DAYS", "HOURS"]),
  /** BLQ before the first measurable value is set to 0; after it, to missing (or half LLOQ). */
  blq: z.strictObject({
    beforeFirstMeasurable: z.enum(["zero", "missing"]),
    afterFirstMeasurable: z.enum(["missing", "halfLloq", "zero"]),
  }),
  /**
   * Nominal time source: "PCELTM" (planned elapsed time, ISO 8601 duration) or "PCTPTNUM_HOURS" (PCTPTNUM holds
   * the nominal hours from the reference, as some vendor files deliver it).
   */
  nominalTime: z.enum(["PCELTM", "PCTPTNUM_HOURS"]).default("PCELTM"),
  /** ADPP: partial AUC end (same unit as timeUnit), for AUC0-28D. */
  partialAucEnd: z.number().positive(),
});
export type AdamAdpc = z.infer<typeof AdamAdpc>;

export const AdamAdrs = z.strictObject({
  /** RS records holding the overall response per assessment. */
  overall: AdamSelector,
  /** Response values best first (e.g. CR, CRi, PR, NR, PD, NE). */
  hierarchy: z.array(z.string()).min(2),
  /** Values counted as response for ORR/DOR. */
  responders: z.array(z.string()).min(1),
  /** Values that end the response assessment (disease progression/relapse). */
  progression: z.array(z.string()).min(1),
  confirmation: z.strictObject({
    /** Responses that need confirmation by a later assessment of the same or better response. */
    responses: z.array(z.string()),
    /** The confirming assessment is at least this many days later. */
    minDays: z.number().int().nonnegative(),
    /** What an unconfirmed response counts as in BOR. */
    unconfirmedAs: z.string().min(1),
  }),
  /** Landmark response parameters (e.g. CR/CRi at day 28 and week 12): response at the assessment in the window. */
  landmarks: z.array(
    z.strictObject({
      paramcd: upperName(8),
      param: z.string().min(1).max(200),
      responses: z.array(z.string()).min(1),
      low: z.number().int(),
      high: z.number().int(),
    }),
  ),
  /** MRD: records giving MRD status, and the value meaning negative. */
  mrd: AdamSelector.extend({
    value: upperName(8),
    negative: z.array(z.string()).min(1),
    maxDaysFromResponse: z.number().int().nonnegative(),
  }),
});
export type AdamAdrs = z.infer<typeof AdamAdrs>;

export const AdamTteParam = z.strictObject({
  paramcd: upperName(8),
  param: z.string().min(1).max(200),
  paramn: z.number().int(),
  kind: z.enum(["OS", "PFS", "DOR"]),
  eventDesc: z.record(z.string(), z.string()).default({}),
  censorDesc: z.record(z.string(), z.string()).default({}),
});

export const AdamAdtte = z.strictObject({
  parameters: z.array(AdamTteParam).min(1),
  /** AVAL = ADT - STARTDT + 1 (days). */
  avalUnit: z.literal("DAYS"),
});
export type AdamAdtte = z.infer<typeof AdamAdtte>;

export const AdamAdis = z.strictObject({
  /** IS records with the ADA result (POSITIVE/NEGATIVE in ISSTRESC). */
  result: AdamSelector,
  /** IS records with the ADA titre (ISSTRESN) on the same date as the result. */
  titre: AdamSelector,
  positive: z.array(z.string()).min(1),
  /** Treatment-boosted: post-baseline titre at least this many times the baseline titre. */
  boostFold: z.number().positive(),
});
export type AdamAdis = z.infer<typeof AdamAdis>;

/**
 * A date per subject from an SDTM domain: the first or last non-missing `date` of the records matching `where`,
 * or ("lastRecord") the date on the subject's last matching record by `order`, missing when that record has none.
 */
export const AdamSubjectDate = AdamSelector.extend({
  date: upperName(8),
  pick: z.enum(["first", "last", "lastRecord"]),
  /** Record order for lastRecord (e.g. EXSTDTC, or --SEQ). */
  order: upperName(8).optional(),
});
export type AdamSubjectDate = z.infer<typeof AdamSubjectDate>;

/**
 * `parallel.yaml`: ADSL, ADAE and ADTTE of a randomized parallel-group study whose SDTM is given (e.g. the CDISC
 * pilot): populations, completers and occurrence flags, custom queries and time to first event of a query.
 * A study with this file builds its ADaM from it (adsl.yaml/adae.yaml/adtte.yaml are the dose-escalation rules).
 */
export const AdamParallel = z.strictObject({
  adsl: z.strictObject({
    /** DM subjects with these ARMCD values are not in ADSL (screen failures). */
    excludeArmcd: z.array(z.string()).default([]),
    /** TRT01P/TRT01PN by DM.ARMCD. */
    treatments: z.array(AdamDoseGroup).min(1),
    /** TRT01A: "planned" = TRT01P (no actual-treatment deviation in the study), "actualArmcd" by DM.ACTARMCD. */
    actual: z.enum(["planned", "actualArmcd"]),
    treatmentStart: AdamSubjectDate,
    treatmentEnd: AdamSubjectDate,
    /** DM variable used as TRTEDT when treatmentEnd finds no date and TRTSDT exists (e.g. RFENDTC). */
    treatmentEndFallback: upperName(8).optional(),
    ageGroups: z.array(AdamAgeGroup).min(1),
    /** DM variable giving the subject's end date (ENDDT, RFENDT). */
    endDate: upperName(8),
    /** Completers flags: Y when the subject has SV.VISITNUM = visitnum and ENDDT >= that visit's date. */
    completers: z
      .array(z.strictObject({ flag: upperName(8), label: label40, visitnum: z.number() }))
      .default([]),
  }),
  adae: z.strictObject({
    /** "missingDay": a missing day is imputed as 01 (ASTDTF D); year-only or missing dates are not imputed. */
    startImputation: z.enum(["missingDay", "none"]),
    endImputation: z.enum(["none"]),
    /** First occurrence flags: Y on the first record by ASTDT, AESEQ within USUBJID + byVars among records matching where. */
    occurrenceFlags: z
      .array(
        z.strictObject({
          flag: upperName(8),
          label: label40,
          byVars: z.array(upperName(8)).default([]),
          where: z.record(upperName(8), z.array(z.string()).min(1)).default({}),
        }),
      )
      .default([]),
    /** Customized query: `name` = value when AEDECOD contains one of decodContains, or AEBODSYS is in soc and AEDECOD not in excludeDecod. */
    customQueries: z
      .array(
        z.strictObject({
          name: upperName(8),
          label: label40,
          value: z.string().min(1),
          decodContains: z.array(z.string()).default([]),
          soc: z.array(z.string()).default([]),
          excludeDecod: z.array(z.string()).default([]),
        }),
      )
      .default([]),
  }),
  adtte: z
    .strictObject({
      parameters: z
        .array(
          z.strictObject({
            paramcd: upperName(8),
            param: z.string().min(1).max(200),
            /** ADAE records that are the event (the first by ASTDT, AESEQ): exact values per variable. */
            event: z.record(upperName(8), z.array(z.string()).min(1)),
            /** ADSL date variable subjects without an event are censored at. */
            censorDate: upperName(8),
            eventDesc: z.string().min(1),
            censorDesc: z.string().min(1),
          }),
        )
        .min(1),
    })
    .optional(),
});
export type AdamParallel = z.infer<typeof AdamParallel>;

export const AdamSpec = z.strictObject({
  dir: z.string(),
  general: AdamGeneral,
  adsl: AdamAdsl.optional(),
  adae: AdamAdae.optional(),
  adlb: AdamAdlb.optional(),
  adpc: AdamAdpc.optional(),
  adrs: AdamAdrs.optional(),
  adtte: AdamAdtte.optional(),
  adis: AdamAdis.optional(),
  parallel: AdamParallel.optional(),
});
export type AdamSpec = z.infer<typeof AdamSpec>;

const adamFiles = {
  adsl: AdamAdsl,
  adae: AdamAdae,
  adlb: AdamAdlb,
  adpc: AdamAdpc,
  adrs: AdamAdrs,
  adtte: AdamAdtte,
  adis: AdamAdis,
  parallel: AdamParallel,
} as const;

/**
 * Loads `dir` (an adam spec folder, or a study folder holding `adam/`): general.yaml plus each dataset's file.
 * Cross-file checks: ADTTE DOR needs ADRS; ADPP/ADPC parameters are unique; a parameter's
 * abnormal-baseline thresholds only make sense relative to BASE.
 */
export function loadAdamSpec(dir: string): AdamSpec {
  const adamDir = existsSync(join(dir, "general.yaml")) ? dir : join(dir, "adam");
  if (!existsSync(join(adamDir, "general.yaml")))
    throw new UserError(`ADaM spec: ${join(adamDir, "general.yaml")} not found`);
  const known = new Set(["general", ...Object.keys(adamFiles)]);
  for (const f of readdirSync(adamDir)) {
    const m = /^(.*)\.ya?ml$/.exec(f);
    if (m && !known.has(m[1]!))
      throw new UserError(
        `ADaM spec: unknown file ${join(adamDir, f)} (expected one of ${[...known].join(", ")})`,
      );
  }
  const spec: Record<string, unknown> = {
    dir: adamDir,
    general: loadSpecFile(join(adamDir, "general.yaml"), AdamGeneral, undefined, dir),
  };
  for (const [name, schema] of Object.entries(adamFiles)) {
    const path = join(adamDir, `${name}.yaml`);
    if (existsSync(path)) spec[name] = loadSpecFile(path, schema, undefined, dir);
  }
  const out = spec as AdamSpec;
  checkAdamSpec(out);
  return out;
}

/** Cross-file checks, with messages naming the file and the orphan. */
export function checkAdamSpec(spec: AdamSpec): void {
  const problems: string[] = [];
  if (spec.adtte?.parameters.some((p) => p.kind !== "OS") && !spec.adrs)
    problems.push("adtte.yaml: PFS/DOR need adrs.yaml (response assessments)");
  const dup = (names: string[], file: string) => {
    const seen = new Set<string>();
    for (const n of names) {
      if (seen.has(n)) problems.push(`${file}: PARAMCD ${n} defined twice`);
      seen.add(n);
    }
  };
  if (spec.adlb)
    dup(
      spec.adlb.parameters.map((p) => p.paramcd),
      "adlb.yaml",
    );
  if (spec.adpc)
    dup(
      spec.adpc.analytes.map((p) => p.paramcd),
      "adpc.yaml",
    );
  if (spec.adtte)
    dup(
      spec.adtte.parameters.map((p) => p.paramcd),
      "adtte.yaml",
    );
  for (const p of spec.adlb?.parameters ?? []) {
    if (p.toxicity?.abnormalBaselineThresholds?.some((t) => t.of !== "BASE" && t.of !== "ABS"))
      problems.push(`adlb.yaml: ${p.paramcd}: abnormalBaselineThresholds must be relative to BASE or ABS`);
  }
  if (spec.adrs) {
    const known = new Set(spec.adrs.hierarchy);
    for (const v of [
      ...spec.adrs.responders,
      ...spec.adrs.progression,
      ...spec.adrs.confirmation.responses,
      spec.adrs.confirmation.unconfirmedAs,
    ]) {
      if (!known.has(v)) problems.push(`adrs.yaml: response "${v}" is not in hierarchy`);
    }
  }
  if (problems.length) {
    throw new UserError(
      `ADaM spec ${spec.dir}: ${problems[0]}`,
      problems.map((message) => ({ severity: "error", code: "SPEC.ADAM", message, file: spec.dir })),
    );
  }
}
