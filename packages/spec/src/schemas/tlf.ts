/**
 * TLF shells: one YAML file per output under `specs/<study>/tlf/`. A shell names the output (stable id,
 * number, titles, footnotes), its population (an ADSL flag), its source dataset and a layout from a closed
 * vocabulary with its options. A new title or footnote is a spec edit and a rebuild; nothing is code.
 */
import { existsSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { UserError } from "@trialforge/core";
import { z } from "zod";
import { loadSpecFile } from "../load.ts";

const varName = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]{0,7}$/, "an upper-case ADaM variable name (at most 8 characters)");
const dsName = z.string().regex(/^AD[A-Z0-9]{1,6}$/, "an ADaM dataset name such as ADSL or ADAE");
const scalar = z.union([z.string(), z.number()]);

/** A record filter: every listed variable must match (equal, one of a list, or a comparison). */
export const TlfWhere = z.record(
  varName,
  z.union([
    scalar,
    z.array(scalar).min(1),
    z.strictObject({
      ne: scalar.optional(),
      lt: z.number().optional(),
      le: z.number().optional(),
      gt: z.number().optional(),
      ge: z.number().optional(),
    }),
  ]),
);
export type TlfWhere = z.infer<typeof TlfWhere>;

/** Treatment columns: one per distinct value of `var` (ordered by `orderVar`), plus an optional total. */
export const TlfColumns = z.strictObject({
  var: varName.default("TRT01A"),
  orderVar: varName.default("TRT01AN"),
  total: z.boolean().default(true),
  totalLabel: z.string().default("Total"),
  /** Spanning header over the treatment columns (not the total). */
  span: z.string().optional(),
});
export type TlfColumns = z.infer<typeof TlfColumns>;

const common = {
  label: z.string(),
  /** Dataset the item reads (defaults to the shell's dataset). */
  dataset: dsName.optional(),
  where: TlfWhere.optional(),
  indent: z.number().int().min(0).max(6).default(0),
};
const value = z.strictObject({ value: scalar, label: z.string() });
/**
 * How many records of one subject a statistic may use: "one" (one analysis record per subject, and per
 * parameter and visit in a by-visit summary) or "all" (every matching record, e.g. per event or per sample;
 * say so in a footnote). A build fails when a statistic uses more than the shell declares.
 */
const recordsPerSubject = z.enum(["one", "all"]).default("one");

export const TlfItem = z.discriminatedUnion("type", [
  /** A label-only row. */
  z.strictObject({
    type: z.literal("heading"),
    label: z.string(),
    indent: z.number().int().min(0).default(0),
  }),
  /** Subjects with at least one record matching `where`: n (%). */
  z.strictObject({ type: z.literal("count"), ...common }),
  /** Subjects by category of `var` (one value per subject: ADSL, or the first matching record). */
  z.strictObject({
    type: z.literal("categorical"),
    ...common,
    var: varName,
    values: z.array(value).optional(),
    missingLabel: z.string().default("Missing"),
  }),
  /** Descriptive statistics of `var` over matching records (one per subject for ADSL). */
  z.strictObject({
    type: z.literal("continuous"),
    ...common,
    var: varName,
    decimals: z.number().int().min(0).max(6).default(1),
    recordsPerSubject,
    stats: z
      .array(z.enum(["n", "mean_sd", "median", "q1_q3", "min_max", "geomean_cv"]))
      .default(["n", "mean_sd", "median", "min_max"]),
  }),
  /** Subjects by their worst (maximum) grade over matching records. */
  z.strictObject({ type: z.literal("maxgrade"), ...common, var: varName, values: z.array(value).min(1) }),
  /**
   * Subjects with an event, by up to two nested terms (SOC, PT), counted once per term; sorted by
   * descending total frequency then alphabetically. With `gradeVar`, each term gets rows by worst grade.
   */
  z.strictObject({
    type: z.literal("hierarchy"),
    ...common,
    vars: z.array(varName).min(1).max(2),
    sort: z.enum(["frequency", "alphabetical"]).default("frequency"),
    gradeVar: varName.optional(),
    grades: z.array(value).optional(),
  }),
  /** Responders among subjects with a record for the parameter: n (%) and exact (Clopper-Pearson) CI. */
  z.strictObject({
    type: z.literal("binomial"),
    ...common,
    responders: TlfWhere,
    confLevel: z.number().gt(0).lt(1).default(0.95),
    /** Denominator: the column's population N ("population") or subjects with a matching record ("evaluable"). */
    denominator: z.enum(["population", "evaluable"]).default("population"),
  }),
  /** Kaplan-Meier summary of one ADTTE parameter (CNSR 0 = event): events, censored, median (CI), rates. */
  z.strictObject({
    type: z.literal("km"),
    ...common,
    paramcd: z.string(),
    /** Divide AVAL by this for display (e.g. 30.4375 to show months from days). */
    timeDivisor: z.number().positive().default(1),
    timeUnit: z.string().default("days"),
    rateTimes: z.array(z.object({ time: z.number().positive(), label: z.string() })).default([]),
    confLevel: z.number().gt(0).lt(1).default(0.95),
  }),
]);
export type TlfItem = z.infer<typeof TlfItem>;

export const TlfListingColumn = z.strictObject({
  var: varName,
  label: z.string(),
  width: z.number().positive().default(1),
  align: z.enum(["left", "center", "right"]).default("left"),
  /** Decimals for numeric variables (default: as stored, up to 6 significant decimals). */
  decimals: z.number().int().min(0).max(6).optional(),
  /** Text shown when the value is missing; `whenVar`: show another variable's text instead (e.g. BLQ). */
  missing: z.string().default(""),
  whenMissingVar: varName.optional(),
  /** Show another variable's text instead of the value where the record matches (e.g. "BLQ" where BLQFL = "Y"). */
  textWhen: z.strictObject({ where: z.lazy(() => TlfWhere), textVar: varName }).optional(),
});

export const TlfLayout = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("summary"),
    columns: TlfColumns.default(TlfColumns.parse({})),
    stubHeader: z.string().default(""),
    items: z.array(TlfItem).min(1),
  }),
  /** Baseline grade (rows) by worst post-baseline grade (columns within each treatment span), per parameter. */
  z.strictObject({
    kind: z.literal("shift"),
    columns: TlfColumns.default(TlfColumns.parse({})),
    paramVar: varName.default("PARAM"),
    params: z.array(z.string()).min(1),
    paramcdVar: varName.default("PARAMCD"),
    baselineVar: varName,
    postVar: varName,
    grades: z.array(value).min(1),
    postBaseline: TlfWhere,
  }),
  /** Descriptive statistics of `var` by parameter (and visit) and treatment, one row per statistic. */
  z.strictObject({
    kind: z.literal("by-param"),
    columns: TlfColumns.default(TlfColumns.parse({})),
    /** Header of the row-label column (default "Parameter / Visit / Statistic"). */
    stubHeader: z.string().optional(),
    paramVar: varName.default("PARAM"),
    /** Second row level under each parameter (usually the visit; for PK parameters the parameter within a matrix). */
    visitVar: varName.optional(),
    visitOrderVar: varName.optional(),
    var: varName.default("AVAL"),
    decimals: z.number().int().min(0).max(6).default(2),
    /** One analysis record per subject, parameter and visit (select it with the shell's `where`, e.g. ANL01FL). */
    recordsPerSubject,
    stats: z
      .array(z.enum(["n", "mean", "sd", "cv", "geomean", "geocv", "median", "min", "max"]))
      .default(["n", "mean", "sd", "cv", "geomean", "geocv", "median", "min", "max"]),
  }),
  z.strictObject({
    kind: z.literal("listing"),
    columns: z.array(TlfListingColumn).min(1),
    sortBy: z.array(varName).default(["USUBJID"]),
    /** New page (and a repeated group label) for each value of this variable. */
    pageBy: varName.optional(),
    pageByLabel: z.string().optional(),
  }),
  z.strictObject({
    kind: z.literal("km-figure"),
    paramcd: z.string(),
    groupVar: varName.default("TRT01A"),
    groupOrderVar: varName.default("TRT01AN"),
    timeDivisor: z.number().positive().default(1),
    xLabel: z.string(),
    yLabel: z.string().default("Probability"),
    atRiskTimes: z.array(z.number().min(0)).min(2),
  }),
  z.strictObject({
    kind: z.literal("profile-figure"),
    /** Time axis variable (numeric). */
    xVar: varName,
    /** Nominal timepoint: points are grouped by this variable and drawn at the median `xVar` of the timepoint. */
    timepointVar: varName.optional(),
    var: varName.default("AVAL"),
    groupVar: varName.default("TRT01A"),
    groupOrderVar: varName.default("TRT01AN"),
    logY: z.boolean().default(true),
    xLabel: z.string(),
    yLabel: z.string(),
  }),
]);
export type TlfLayout = z.infer<typeof TlfLayout>;
export type TlfLayoutKind = TlfLayout["kind"];

export const TlfShell = z.strictObject({
  /** Stable output id: file names DIR/tlf/<id>.{pdf,rtf,xlsx,json}. */
  id: z.string().regex(/^[tlf]-[a-z0-9-]+$/, "an id like t-ae-socpt, l-pk-conc or f-km"),
  number: z.string().optional(),
  title: z.string().min(1),
  subtitle: z.string().optional(),
  /** ADSL population flag (= "Y"), e.g. SAFFL, DLTEVLFL, EFFFL, PKFL. */
  population: varName,
  /** Main source dataset. */
  dataset: dsName,
  /** Record filter applied to the main dataset before the layout. */
  where: TlfWhere.optional(),
  layout: TlfLayout,
  footnotes: z.array(z.string()).default([]),
  orientation: z.enum(["landscape", "portrait"]).default("landscape"),
  paper: z.enum(["letter", "a4"]).default("letter"),
});
export type TlfShell = z.infer<typeof TlfShell>;

/** Loads every `tlf/*.yaml` shell of a study folder, sorted by file name; ids must be unique. */
export function loadTlfShells(dir: string): TlfShell[] {
  const tlfDir = existsSync(join(dir, "tlf")) ? join(dir, "tlf") : dir;
  if (!existsSync(tlfDir)) throw new UserError(`no TLF shells: ${tlfDir} does not exist`);
  const files = readdirSync(tlfDir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
  const seen = new Map<string, string>();
  const out: TlfShell[] = [];
  for (const f of files) {
    const path = join(tlfDir, f);
    const shell = loadSpecFile(path, TlfShell, undefined, dir);
    const prev = seen.get(shell.id);
    if (prev)
      throw new UserError(
        `spec ${relative(process.cwd(), path)}: TLF id "${shell.id}" is already used by ${prev}`,
      );
    seen.set(shell.id, f);
    out.push(shell);
  }
  return out;
}
