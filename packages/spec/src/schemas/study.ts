/**
 * Study design spec: `specs/<study>/study.yaml` (identifiers, arms/dose levels, epochs, elements, visit
 * schedule with windows, eligibility criteria, trial summary parameters) plus every raw form under `raw/`.
 * Days are protocol days relative to the reference treatment (day 0 = infusion for NCT05563545); SDTM --DY
 * (no day 0, from RFSTDTC) is derived downstream, never stored here.
 */
import { readdirSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { type Diagnostic, UserError } from "@trialforge/core";
import { z } from "zod";
import { loadSpecFile } from "../load.ts";
import { RawForm } from "./raw-form.ts";

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "an ISO 8601 date YYYY-MM-DD");
/** EPOCH values are upper-case text with spaces/hyphens allowed (CT C99079: "FOLLOW-UP"). */
const epochName = z
  .string()
  .regex(/^[A-Z][A-Z0-9 _-]*$/, "an upper-case EPOCH like FOLLOW-UP")
  .max(40);
const code = (what: string) => z.string().regex(/^[A-Z][A-Z0-9_]*$/, `an upper-case ${what}`);
/** ISO 8601 duration as SDTM TEDUR/TSVAL use it, e.g. P3D, PT24H, P720D, -P5D. */
const isoDuration = z
  .string()
  .regex(
    /^-?P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/,
    "an ISO 8601 duration like P3D",
  );

export const StudyArm = z.strictObject({
  /** ARMCD, ≤20 chars (mixed case allowed: the CDISC pilot uses "Pbo", "Xan_Lo"). */
  armcd: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_]*$/, "an ARMCD of letters, digits and underscores")
    .max(20),
  /** ARM description, ≤200 chars. */
  arm: z.string().min(1).max(200),
  /** Dose level number (1 = lowest). */
  doseLevel: z.number().int().positive(),
  /** Planned dose of the investigational product per administration (0 for a placebo arm). */
  dose: z.number().nonnegative(),
  /** Dose unit, CDISC UNIT submission value where one exists (e.g. "10^7/kg" = 10^7 CAR+ cells per kg). */
  doseUnit: z.string().min(1),
  /** Ordered ETCDs this arm passes through (TA: TAETORD = position + 1). */
  elements: z.array(code("ETCD").max(8)).min(1),
});
export type StudyArm = z.infer<typeof StudyArm>;

export const StudyEpoch = z.strictObject({
  /** EPOCH value (CT C99079, extensible). */
  epoch: epochName,
  label: z.string().min(1),
});
export type StudyEpoch = z.infer<typeof StudyEpoch>;

export const StudyElement = z.strictObject({
  ETCD: code("ETCD").max(8),
  ELEMENT: z.string().min(1).max(200),
  TESTRL: z.string().min(1),
  TEENRL: z.string().min(1),
  TEDUR: isoDuration.optional(),
  /** Epoch the element belongs to (TA.EPOCH). */
  epoch: epochName,
  /** Planned protocol days covered, relative to day 0. */
  startDay: z.number().int(),
  endDay: z.number().int(),
});
export type StudyElement = z.infer<typeof StudyElement>;

/** What is collected at a visit; the generator and the schedule-of-assessments listing read it. */
export const Assessment = z.enum([
  "IE",
  "DM",
  "MH",
  "CM",
  "LD",
  "INF",
  "LB",
  "CYTO",
  "PK_BLOOD",
  "PK_BM",
  "FLOW",
  "ADA",
  "RS",
  "VS",
]);
export type Assessment = z.infer<typeof Assessment>;

export const StudyVisit = z.strictObject({
  VISITNUM: z.number().positive(),
  /** VISIT label as collected, ≤40 chars. */
  VISIT: z.string().min(1).max(40),
  /** Planned protocol day relative to day 0 (infusion); may be negative. Not SDTM VISITDY. */
  day: z.number().int(),
  /** Allowed window around `day`: actual day in [day + windowLow, day + windowHigh]. */
  windowLow: z.number().int().max(0),
  windowHigh: z.number().int().min(0),
  epoch: epochName,
  /** TVSTRL: rule for the start of the visit. */
  TVSTRL: z.string().min(1),
  assessments: z.array(Assessment).default([]),
});
export type StudyVisit = z.infer<typeof StudyVisit>;

export const StudyCriterion = z.strictObject({
  IETESTCD: z.string().regex(/^(INCL|EXCL)\d{2}$/, "INCLnn or EXCLnn"),
  /** Criterion text verbatim from the protocol/registry. */
  IETEST: z.string().min(1),
  IECAT: z.enum(["INCLUSION", "EXCLUSION"]),
});
export type StudyCriterion = z.infer<typeof StudyCriterion>;

export const TrialSummaryParameter = z.strictObject({
  TSPARMCD: code("TSPARMCD").max(8),
  TSPARM: z.string().min(1).max(40),
  TSVAL: z.string(),
  /** Groups related records, e.g. DOSE/DOSU per dose level. */
  TSGRPID: z.string().optional(),
  /** Null flavour when TSVAL is empty (e.g. "NA", "PINF"). */
  TSVALNF: z.string().optional(),
  TSVALCD: z.string().optional(),
  /** Code system of TSVALCD: "CDISC CT", "ISO 3166-1 alpha-3", "SNOMED", "ISO 8601", "UNII", "MED-RT", ... */
  TSVCDREF: z.string().optional(),
  TSVCDVER: z.string().optional(),
});
export type TrialSummaryParameter = z.infer<typeof TrialSummaryParameter>;

export const StudySite = z.strictObject({
  siteId: z.string().regex(/^[0-9A-Z]+$/, "a site id of digits/upper-case letters"),
  name: z.string().min(1),
  /** ISO 3166-1 alpha-3 (DM.COUNTRY). */
  country: z.string().regex(/^[A-Z]{3}$/, "an ISO 3166-1 alpha-3 country code"),
});
export type StudySite = z.infer<typeof StudySite>;

/** A protocol-specified treatment: the investigational product or a background regimen (lymphodepletion). */
export const StudyTreatment = z.strictObject({
  name: z.string().min(1),
  role: z.enum(["investigational", "lymphodepletion", "premedication"]),
  /** Dose per administration; for the investigational product it comes from the arm. */
  dose: z.number().positive().optional(),
  doseUnit: z.string().min(1),
  route: z.string().min(1),
  /** Protocol days of administration relative to day 0. */
  days: z.array(z.number().int()).min(1),
});
export type StudyTreatment = z.infer<typeof StudyTreatment>;

const StudyShape = z.strictObject({
  /** STUDYID. */
  studyId: code("STUDYID"),
  title: z.string().min(1),
  sponsor: z.string().min(1),
  phase: z.string().min(1),
  indication: z.string().min(1),
  sites: z.array(StudySite).min(1),
  arms: z.array(StudyArm).min(1),
  epochs: z.array(StudyEpoch).min(1),
  elements: z.array(StudyElement).min(1),
  visits: z.array(StudyVisit).min(1),
  treatments: z.array(StudyTreatment).min(1),
  plannedEnrolment: z.number().int().positive(),
  actualEnrolment: z.number().int().nonnegative(),
  /** Minimum age in years at consent. */
  ageMin: z.number().nonnegative(),
  criteria: z.array(StudyCriterion).min(1),
  trialSummary: z.array(TrialSummaryParameter).min(1),
  /** Days after day 0 within which dose-limiting toxicities count. */
  dltWindowDays: z.number().int().positive(),
  dataCutoff: isoDate,
  /** First consent date of the study (synthetic enrolment starts here). */
  studyStart: isoDate,
  /** The raw form that lists every enrolled subject; records of other forms for subjects not in it are rejected. */
  subjectForm: z.string().optional(),
});

/** Cross-table checks: every reference names something defined, and codes are unique. */
function checkStudy(s: z.infer<typeof StudyShape>, ctx: z.RefinementCtx): void {
  const unique = <T>(items: T[], key: (t: T) => string, path: string, what: string) => {
    const seen = new Set<string>();
    items.forEach((it, i) => {
      const k = key(it);
      if (seen.has(k))
        ctx.addIssue({ code: "custom", path: [path, i], message: `${what} ${k} is defined twice` });
      seen.add(k);
    });
  };
  unique(s.arms, (a) => a.armcd, "arms", "ARMCD");
  unique(s.epochs, (e) => e.epoch, "epochs", "EPOCH");
  unique(s.elements, (e) => e.ETCD, "elements", "ETCD");
  unique(s.visits, (v) => String(v.VISITNUM), "visits", "VISITNUM");
  unique(s.visits, (v) => v.VISIT, "visits", "VISIT");
  unique(s.criteria, (c) => c.IETESTCD, "criteria", "IETESTCD");
  unique(s.sites, (c) => c.siteId, "sites", "site");
  const epochs = new Set(s.epochs.map((e) => e.epoch));
  const elements = new Set(s.elements.map((e) => e.ETCD));
  s.elements.forEach((e, i) => {
    if (!epochs.has(e.epoch))
      ctx.addIssue({
        code: "custom",
        path: ["elements", i, "epoch"],
        message: `epoch ${e.epoch} not defined in epochs`,
      });
    if (e.endDay < e.startDay)
      ctx.addIssue({
        code: "custom",
        path: ["elements", i, "endDay"],
        message: `element ${e.ETCD} ends (day ${e.endDay}) before it starts (day ${e.startDay})`,
      });
  });
  for (const [i, a] of s.arms.entries()) {
    for (const [j, etcd] of a.elements.entries()) {
      if (!elements.has(etcd))
        ctx.addIssue({
          code: "custom",
          path: ["arms", i, "elements", j],
          message: `element ${etcd} not defined in elements`,
        });
    }
  }

  s.visits.forEach((v, i) => {
    if (!epochs.has(v.epoch))
      ctx.addIssue({
        code: "custom",
        path: ["visits", i, "epoch"],
        message: `epoch ${v.epoch} not defined in epochs`,
      });
    const prev = s.visits[i - 1];
    if (prev && (v.VISITNUM <= prev.VISITNUM || v.day < prev.day))
      ctx.addIssue({
        code: "custom",
        path: ["visits", i, "VISITNUM"],
        message: `visit ${v.VISIT} is out of order: visits must be listed by VISITNUM and day`,
      });
  });
  s.criteria.forEach((c, i) => {
    const want = c.IECAT === "INCLUSION" ? "INCL" : "EXCL";
    if (!c.IETESTCD.startsWith(want))
      ctx.addIssue({
        code: "custom",
        path: ["criteria", i, "IETESTCD"],
        message: `${c.IETESTCD} does not match IECAT ${c.IECAT}`,
      });
  });
  if (s.treatments.filter((t) => t.role === "investigational").length !== 1)
    ctx.addIssue({
      code: "custom",
      path: ["treatments"],
      message: "exactly one treatment must have role investigational",
    });
  for (const need of ["STYPE", "TITLE", "SPONSOR", "TPHASE"]) {
    if (!s.trialSummary.some((p) => p.TSPARMCD === need))
      ctx.addIssue({
        code: "custom",
        path: ["trialSummary"],
        message: `trial summary parameter ${need} missing`,
      });
  }
}

/** The content of `study.yaml`. */
export const StudyFile = StudyShape.superRefine(checkStudy);
export type StudyFile = z.infer<typeof StudyFile>;

/** A raw form whose keys and subject field name real fields. */
export const CheckedRawForm = RawForm.superRefine((f, ctx) => {
  const names = new Set<string>();
  f.fields.forEach((fld, i) => {
    if (names.has(fld.name))
      ctx.addIssue({
        code: "custom",
        path: ["fields", i, "name"],
        message: `field ${fld.name} is defined twice`,
      });
    names.add(fld.name);
  });
  f.keys.forEach((k, i) => {
    if (!names.has(k))
      ctx.addIssue({ code: "custom", path: ["keys", i], message: `key ${k} is not a field of form ${f.id}` });
  });
  if (!names.has(f.subjectField))
    ctx.addIssue({
      code: "custom",
      path: ["subjectField"],
      message: `subject field ${f.subjectField} is not a field of form ${f.id}`,
    });
});

/** A loaded study: `study.yaml` plus its raw forms (sorted by id) and the folder it came from. */
export type Study = StudyFile & { dir: string; forms: RawForm[] };

/**
 * Loads `dir/study.yaml` and every `dir/raw/*.yaml` raw form; throws one UserError naming file, line and
 * path for the first broken file, or listing every duplicated form id / file.
 */
export function loadStudy(dir: string): Study {
  const abs = resolve(dir);
  const base = process.cwd();
  const study = loadSpecFile(join(abs, "study.yaml"), StudyFile, base, abs);
  const rawDir = join(abs, "raw");
  let names: string[] = [];
  try {
    names = readdirSync(rawDir)
      .filter((n) => /\.ya?ml$/.test(n))
      .sort();
  } catch {
    // A study whose SDTM is brought in (build --sdtm) needs no raw forms.
    return { ...study, dir: abs, forms: [] };
  }
  const forms: RawForm[] = [];
  const byId = new Map<string, string>();
  const byFile = new Map<string, string>();
  const diags: Diagnostic[] = [];
  for (const n of names) {
    const path = join(rawDir, n);
    const form = loadSpecFile(path, CheckedRawForm, base, abs);
    const rel = relative(base, path) || path;
    const prevId = byId.get(form.id);
    if (prevId)
      diags.push({
        severity: "error",
        code: "SPEC.DUPLICATE",
        message: `form id ${form.id} also defined in ${prevId}`,
        file: rel,
        path: "id",
      });
    const prevFile = byFile.get(form.file);
    // One ODM export holds many forms; any other file is one form's.
    const shared = form.format === "odm" && forms.find((f) => f.id === prevFile)?.format === "odm";
    if (prevFile && !shared)
      diags.push({
        severity: "error",
        code: "SPEC.DUPLICATE",
        message: `raw file ${form.file} also used by form ${prevFile}`,
        file: rel,
        path: "file",
      });
    byId.set(form.id, rel);
    byFile.set(form.file, form.id);
    forms.push(form);
  }
  if (study.subjectForm !== undefined && !byId.has(study.subjectForm))
    diags.push({
      severity: "error",
      code: "SPEC.ORPHAN",
      message: `subjectForm ${study.subjectForm} is not one of the raw forms (${[...byId.keys()].sort().join(", ")})`,
      file: relative(base, join(abs, "study.yaml")),
      path: "subjectForm",
    });
  if (diags.length > 0)
    throw new UserError(
      `study ${relative(base, abs) || abs}: ${diags[0]!.file}: ${diags[0]!.message}`,
      diags,
    );
  if (forms.length === 0)
    throw new UserError(`study ${relative(base, abs) || abs}: raw/ holds no form specs`);
  forms.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { ...study, dir: abs, forms };
}
