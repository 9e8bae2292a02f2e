/**
 * SDTM mapping spec: one YAML file per domain under `specs/<study>/sdtm/<domain>.yaml`, plus
 * `specs/<study>/sdtm/_config.yaml` (sponsor codelists, CT extensions, the visit-window anchor).
 *
 * Per domain: dataset metadata (label, class, structure, keys, variables with label/type/length/origin/
 * codelist/core, in SDTMIG order) and, per target variable, an algorithm-style mapping from a raw form field
 * (sdtm.oak's closed vocabulary). Shared derivations (--SEQ, --DY, EPOCH, visit windows, standard units,
 * reference range indicator, baseline flag, elapsed time) are switched on by data, never by domain name.
 * Nothing in a spec is evaluated as code.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "@trialforge/core";
import { z } from "zod";
import { loadSpecFile } from "../load.ts";

/** The mapping algorithms (closed vocabulary; the SDTM package has one implementation per name). */
export const AlgorithmName = z.enum([
  "assign_no_ct",
  "assign_ct",
  "hardcode_ct",
  "hardcode_no_ct",
  "assign_datetime",
  "assign_number",
  "assign_decode",
  "assign_part",
  "condition_add",
]);
export type AlgorithmName = z.infer<typeof AlgorithmName>;

const fieldName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, "a raw field name");
const varName = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]{0,7}$/, "an SDTM variable name: upper case, at most 8 characters");

/** A data-driven test on one raw field (case-insensitive, trimmed); exactly one of equals/in/notEmpty/empty. */
export const Condition = z
  .strictObject({
    field: fieldName,
    equals: z.string().optional(),
    in: z.array(z.string()).min(1).optional(),
    notEmpty: z.literal(true).optional(),
    empty: z.literal(true).optional(),
  })
  .refine(
    (c) => [c.equals !== undefined, c.in !== undefined, c.notEmpty, c.empty].filter(Boolean).length === 1,
    "a condition needs exactly one of equals, in, notEmpty, empty",
  );
export type Condition = z.infer<typeof Condition>;

/** The same kind of test on an SDTM variable of an already-built domain (for references and anchors). */
export const VariableCondition = z.strictObject({
  variable: varName,
  equals: z.string().optional(),
  in: z.array(z.string()).min(1).optional(),
});
export type VariableCondition = z.infer<typeof VariableCondition>;

const AssignNoCt = z.strictObject({
  algorithm: z.literal("assign_no_ct"),
  field: fieldName,
  /** Upper-case the value (e.g. verbatim terms kept as collected are "asis"). */
  case: z.enum(["asis", "upper"]).default("asis"),
});
const AssignCt = z.strictObject({
  algorithm: z.literal("assign_ct"),
  field: fieldName,
  codelist: z.string().min(1),
  /** Raw value (case-insensitive) to submission value, applied before the codelist check. */
  map: z.record(z.string(), z.string()).optional(),
});
const HardcodeCt = z.strictObject({
  algorithm: z.literal("hardcode_ct"),
  value: z.string(),
  codelist: z.string().min(1),
});
const HardcodeNoCt = z.strictObject({
  algorithm: z.literal("hardcode_no_ct"),
  value: z.union([z.string(), z.number()]),
});
const AssignDatetime = z.strictObject({
  algorithm: z.literal("assign_datetime"),
  date: fieldName,
  time: fieldName.optional(),
});
const AssignNumber = z.strictObject({
  algorithm: z.literal("assign_number"),
  field: fieldName,
});

/**
 * A decode table from collected text (matched case-insensitively, trimmed) to the submission value: text for a
 * Char variable, a number for a Num one (e.g. VISITNUM from the visit label). A non-empty value that is not in
 * the table rejects the record (the table is the full list of what the form may hold).
 */
const AssignDecode = z.strictObject({
  algorithm: z.literal("assign_decode"),
  field: fieldName,
  /** null: a known value with no submission value (e.g. VISITDY of an unscheduled visit). */
  map: z
    .record(z.string(), z.union([z.string(), z.number(), z.null()]))
    .refine((m) => Object.keys(m).length > 0, {
      message: "a decode table needs at least one entry",
    }),
});
/** One part of a delimited raw value (e.g. SITEID "701" and SUBJID "1015" from "701-1015"); index < 0 counts from the end. */
const AssignPart = z.strictObject({
  algorithm: z.literal("assign_part"),
  field: fieldName,
  separator: z.string().min(1),
  index: z.number().int(),
});

export type Mapping =
  | z.infer<typeof AssignNoCt>
  | z.infer<typeof AssignCt>
  | z.infer<typeof HardcodeCt>
  | z.infer<typeof HardcodeNoCt>
  | z.infer<typeof AssignDatetime>
  | z.infer<typeof AssignNumber>
  | z.infer<typeof AssignDecode>
  | z.infer<typeof AssignPart>
  | { algorithm: "condition_add"; when: Condition[]; apply: Mapping; otherwise?: Mapping };

export const Mapping: z.ZodType<Mapping> = z.lazy(() =>
  z.discriminatedUnion("algorithm", [
    AssignNoCt,
    AssignCt,
    HardcodeCt,
    HardcodeNoCt,
    AssignDatetime,
    AssignNumber,
    AssignDecode,
    AssignPart,
    z.strictObject({
      algorithm: z.literal("condition_add"),
      /** All conditions must hold (AND). */
      when: z.array(Condition).min(1),
      /** The mapping where every condition holds. */
      apply: Mapping,
      /** The mapping elsewhere (missing when absent). */
      otherwise: Mapping.optional(),
    }),
  ]),
) as z.ZodType<Mapping>;

export const OriginTypeSchema = z.enum([
  "Collected",
  "Derived",
  "Assigned",
  "Protocol",
  "Predecessor",
  "Not Available",
]);

export const SdtmVariable = z.strictObject({
  name: varName,
  label: z.string().min(1).max(40, "an XPT label is at most 40 characters"),
  type: z.enum(["Char", "Num"]),
  /** Maximum length for Char (the written length is the longest value, at most this). */
  length: z.number().int().min(1).max(200).optional(),
  dataType: z
    .enum([
      "text",
      "integer",
      "float",
      "date",
      "datetime",
      "partialDate",
      "partialDatetime",
      "incompleteDatetime",
      "durationDatetime",
    ])
    .optional(),
  core: z.enum(["Req", "Exp", "Perm"]),
  origin: OriginTypeSchema,
  originSource: z.enum(["Investigator", "Sponsor", "Subject", "Vendor"]).optional(),
  codelist: z.string().optional(),
  method: z.string().optional(),
  comment: z.string().optional(),
});
export type SdtmVariable = z.infer<typeof SdtmVariable>;

export const SuppSpec = z.strictObject({
  qnam: varName,
  qlabel: z.string().min(1).max(40),
  qorig: OriginTypeSchema.default("Collected"),
  qeval: z.string().optional(),
  codelist: z.string().optional(),
  mapping: Mapping,
});
export type SuppSpec = z.infer<typeof SuppSpec>;

/** One output record per raw record and entry (horizontal CRF rows become vertical findings records). */
export const RecordSpec = z.strictObject({
  /** The entry applies only when all conditions hold on the raw record. */
  when: z.array(Condition).optional(),
  map: z.record(varName, Mapping),
  /** Supplemental qualifiers of this entry's records only. */
  supp: z.array(SuppSpec).optional(),
});
export type RecordSpec = z.infer<typeof RecordSpec>;

export const SourceSpec = z.strictObject({
  /** Raw form id (specs/<study>/raw/*.yaml). */
  form: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
  /** Only raw records meeting all conditions feed this domain (others must feed another domain). */
  where: z.array(Condition).optional(),
  /** Mappings shared by every output record of a raw record. */
  map: z.record(varName, Mapping).default({}),
  /** Several output records per raw record (omit for one record per raw record). */
  records: z.array(RecordSpec).optional(),
  /** Supplemental qualifiers (SUPP--), one value per output record. */
  supp: z.array(SuppSpec).optional(),
});
export type SourceSpec = z.infer<typeof SourceSpec>;

/**
 * A subject-level date taken from another domain's records (first or last), e.g. RFSTDTC from EX; or from a
 * raw form's date field when no SDTM variable holds it (e.g. DTHDTC from a death date on the disposition form).
 */
export const SubjectRef = z.union([
  z.strictObject({
    variable: varName,
    domain: varName,
    dtc: varName,
    pick: z.enum(["first", "last"]),
    where: z.array(VariableCondition).optional(),
  }),
  z.strictObject({
    variable: varName,
    /** Raw form id. */
    form: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
    /** Raw date field of that form (read like assign_datetime). */
    date: fieldName,
    pick: z.enum(["first", "last"]),
  }),
]);
export type SubjectRef = z.infer<typeof SubjectRef>;

export const UnitConversion = z.strictObject({
  testcd: z.string().min(1),
  from: z.string(),
  to: z.string(),
  factor: z.number().positive(),
  /** Added to the original result before the factor (an affine unit, e.g. F to C: offset -32, factor 5/9). */
  offset: z.number().optional(),
  /** Decimal places of the standard numeric result (rounding half away from zero). */
  decimals: z.number().int().min(0).max(10).optional(),
  /** Write the rounded --STRESC without trailing zeros ("177.8", not "177.80"). */
  trimZeros: z.boolean().optional(),
});
export type UnitConversion = z.infer<typeof UnitConversion>;

export const DomainModule = z.enum(["dm", "se", "sv", "ts", "ta", "te", "tv", "ti"]);
export type DomainModule = z.infer<typeof DomainModule>;

export const SdtmDomainSpec = z
  .strictObject({
    domain: z.string().regex(/^[A-Z]{2}$/, "a two-letter SDTM domain code"),
    label: z.string().min(1).max(40),
    class: z.enum([
      "SPECIAL PURPOSE",
      "TRIAL DESIGN",
      "INTERVENTIONS",
      "EVENTS",
      "FINDINGS",
      "FINDINGS ABOUT",
      "RELATIONSHIP",
    ]),
    structure: z.string().min(1),
    keys: z.array(varName).min(1),
    /** A domain that needs code beyond the mappings (trial design, DM, SE, SV) names its module. */
    module: DomainModule.optional(),
    /** --SEQ: the variable and the order of records within a subject. */
    seq: z.strictObject({ variable: varName, order: z.array(varName).min(1) }).optional(),
    /** EPOCH from the subject's SE element at this date. */
    epoch: z.strictObject({ dtc: varName }).optional(),
    /** VISITNUM/VISIT from the study's visit windows (days from the anchor) at this date. */
    visit: z.strictObject({ dtc: varName }).optional(),
    /** Subject-level dates from other domains (DM reference dates). */
    subjectRefs: z.array(SubjectRef).optional(),
    /** Findings: --STRESC/--STRESN/--STRESU from --ORRES/--ORRESU with these conversions (unit unchanged: factor 1). */
    standardize: z
      .strictObject({
        conversions: z.array(UnitConversion),
        /** Convert --ORNRLO/--ORNRHI to --STNRLO/--STNRHI too. */
        ranges: z.boolean().default(true),
      })
      .optional(),
    /** Findings: --NRIND from the standard result against the standard range. */
    nrind: z.boolean().optional(),
    /** Findings: --LOBXFL on the last non-missing result on or before the reference date, per subject and by. */
    baselineFlag: z
      .strictObject({ variable: varName, reference: varName, dtc: varName, by: z.array(varName) })
      .optional(),
    /** Findings: --ELTM/--TPTREF/--RFTDTC relative to the anchor (the visit-window reference event). */
    elapsed: z
      .strictObject({
        dtc: varName,
        eltm: varName,
        tptref: varName,
        rftdtc: varName.optional(),
        /** Numeric variable holding the planned (nominal) hours after the reference; --ELTM is planned (SDTMIG). */
        plannedHours: varName.optional(),
      })
      .optional(),
    /**
     * "Y"/"N" by a record date against a DM reference date at their common precision: "Y" on or after it
     * (e.g. treatment emergent: AESTDTC on or after RFSTDTC). Into a declared variable, or with `supp` into a
     * SUPP-- qualifier named `variable`.
     */
    referenceFlags: z
      .array(
        z.strictObject({
          variable: varName,
          dtc: varName,
          /** DM variable holding the reference date. */
          reference: varName,
          /** The flag when the record date is missing (a missing reference date gives no flag). */
          whenMissing: z.enum(["Y", "N", ""]).default("Y"),
          supp: z
            .strictObject({
              qlabel: z.string().min(1).max(40),
              qorig: OriginTypeSchema.default("Derived"),
              qeval: z.string().optional(),
            })
            .optional(),
        }),
      )
      .optional(),
    /** Values looked up in another built domain by a shared variable (e.g. IETEST from TI by IETESTCD). */
    lookups: z
      .array(z.strictObject({ variable: varName, domain: varName, by: varName, value: varName }))
      .optional(),
    variables: z.array(SdtmVariable).min(1),
    sources: z.array(SourceSpec).default([]),
  })
  .superRefine((d, ctx) => {
    const names = new Set<string>();
    d.variables.forEach((v, i) => {
      if (names.has(v.name))
        ctx.addIssue({
          code: "custom",
          path: ["variables", i, "name"],
          message: `${v.name} is declared twice`,
        });
      names.add(v.name);
    });
    const need = (name: string, path: (string | number)[]) => {
      if (!names.has(name))
        ctx.addIssue({ code: "custom", path, message: `${d.domain}: ${name} is not a declared variable` });
    };
    for (const [i, k] of d.keys.entries()) need(k, ["keys", i]);
    if (d.seq) {
      need(d.seq.variable, ["seq", "variable"]);
      for (const [i, k] of d.seq.order.entries()) need(k, ["seq", "order", i]);
    }
    if (d.epoch) need(d.epoch.dtc, ["epoch", "dtc"]);
    if (d.visit) need(d.visit.dtc, ["visit", "dtc"]);
    for (const [i, r] of (d.subjectRefs ?? []).entries()) need(r.variable, ["subjectRefs", i, "variable"]);
    if (d.baselineFlag) need(d.baselineFlag.variable, ["baselineFlag", "variable"]);
    d.referenceFlags?.forEach((r, i) => {
      if (!r.supp) need(r.variable, ["referenceFlags", i, "variable"]);
      need(r.dtc, ["referenceFlags", i, "dtc"]);
    });
    d.lookups?.forEach((l, i) => {
      need(l.variable, ["lookups", i, "variable"]);
      need(l.by, ["lookups", i, "by"]);
    });
    if (d.elapsed) {
      need(d.elapsed.eltm, ["elapsed", "eltm"]);
      need(d.elapsed.tptref, ["elapsed", "tptref"]);
    }
    d.sources.forEach((s, si) => {
      for (const v of Object.keys(s.map)) need(v, ["sources", si, "map", v]);
      s.records?.forEach((r, ri) => {
        for (const v of Object.keys(r.map)) need(v, ["sources", si, "records", ri, "map", v]);
      });
    });
  });
export type SdtmDomainSpec = z.infer<typeof SdtmDomainSpec>;

export const SponsorCodelist = z.strictObject({
  /** A sponsor codelist id (e.g. "ASTCTGR"), or the NCI code of the CDISC codelist this extends. */
  id: z.string().min(1),
  name: z.string().min(1),
  /** true: extends the extensible CDISC codelist `id` with these terms. */
  extends: z.boolean().default(false),
  terms: z.array(z.strictObject({ value: z.string().min(1), decode: z.string().optional() })).min(1),
});
export type SponsorCodelist = z.infer<typeof SponsorCodelist>;

export const SdtmConfig = z.strictObject({
  /**
   * USUBJID is this prefix followed by the raw subject field (default: STUDYID and "-"), e.g. "01-" when the
   * sponsor numbers subjects "01-<site>-<subject>" across the programme.
   */
  subjectPrefix: z.string().optional(),
  /** The event that visit windows and elapsed times count from (e.g. the CAR-NK infusion in EX). */
  anchor: z.strictObject({
    domain: varName,
    dtc: varName,
    where: z.array(VariableCondition).optional(),
    /** Text for --TPTREF. */
    label: z.string().min(1),
    /** Dose variable of the anchor records: DM ACTARMCD is the arm whose planned dose it equals. */
    dose: varName.optional(),
    /** Largest relative difference between the infused and an arm's planned dose that still counts as that arm. */
    doseTolerance: z.number().min(0).max(1).default(0.1),
  }),
  /** Records marking a subject as a screen failure (DM ARMNRS). */
  screenFailure: z.strictObject({ domain: varName, where: z.array(VariableCondition).min(1) }).optional(),
  /**
   * Raw records deliberately not tabulated, each with the reason (e.g. an "all criteria met" eligibility
   * record: SDTM IE holds only criteria not met). They are counted in the reconciliation, not lost.
   */
  notTabulated: z
    .array(
      z.strictObject({
        form: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
        when: z.array(Condition).min(1),
        reason: z.string().min(1),
      }),
    )
    .default([]),
  /** SE: where each element starts for a subject (the element ends where the next found one starts; the last at `end`). */
  elements: z
    .array(
      z.strictObject({
        /** Position of the element in the subject's arm (study.yaml arms[].elements), 1-based = TAETORD. */
        taetord: z.number().int().positive(),
        start: z.strictObject({
          domain: varName,
          dtc: varName,
          pick: z.enum(["first", "last"]).default("first"),
          where: z.array(VariableCondition).optional(),
          /** Days added to the found date (an element that starts a fixed time after an event). */
          offsetDays: z.number().int().optional(),
        }),
      }),
    )
    .default([]),
  /** End of the last element (e.g. DM.RFPENDTC). */
  elementsEnd: z.strictObject({ domain: varName, dtc: varName }).optional(),
  /** VISITNUM step for unscheduled visits after the preceding scheduled visit (x.01, x.02 ...). */
  unscheduledStep: z.number().positive().default(0.01),
  codelists: z.array(SponsorCodelist).default([]),
});
export type SdtmConfig = z.infer<typeof SdtmConfig>;

export interface SdtmSpec {
  dir: string;
  config: SdtmConfig;
  /** Domains in file-name order. */
  domains: SdtmDomainSpec[];
}

/** Loads `<studyDir>/sdtm/_config.yaml` and every other `<studyDir>/sdtm/*.yaml` as a domain spec. */
export function loadSdtmSpec(studyDir: string): SdtmSpec {
  const dir = join(studyDir, "sdtm");
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => /\.ya?ml$/.test(f))
      .sort();
  } catch {
    throw new UserError(`no SDTM spec folder ${dir}`);
  }
  const cfgFile = files.find((f) => /^_config\.ya?ml$/.test(f));
  if (!cfgFile) throw new UserError(`SDTM spec ${dir} has no _config.yaml`);
  const config = loadSpecFile(join(dir, cfgFile), SdtmConfig, undefined, studyDir);
  const domains: SdtmDomainSpec[] = [];
  const seen = new Map<string, string>();
  for (const f of files) {
    if (f === cfgFile) continue;
    const d = loadSpecFile(join(dir, f), SdtmDomainSpec, undefined, studyDir);
    const prev = seen.get(d.domain);
    if (prev) throw new UserError(`SDTM spec: domain ${d.domain} is defined in both ${prev} and ${f}`);
    seen.set(d.domain, f);
    domains.push(d);
  }
  return { dir, config, domains };
}
