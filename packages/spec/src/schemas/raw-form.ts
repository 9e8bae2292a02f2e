/**
 * Raw form (source) definitions: one YAML file per raw export under `specs/<study>/raw/`.
 * Ingest checks every raw record against these; SDTM mappings refer to forms and fields by name.
 */
import { posix } from "node:path";
import { z } from "zod";

/**
 * A path inside a folder: relative, forward slashes, and no `..` leaving the folder once normalised
 * (symbolic links are checked against the real folder when the build reads it).
 */
export const InsidePath = z
  .string()
  .min(1)
  .superRefine((p, ctx) => {
    const n = posix.normalize(p);
    if (
      p.includes("\\") ||
      p.includes("\0") ||
      posix.isAbsolute(n) ||
      n === "." ||
      n === ".." ||
      n.startsWith("../")
    )
      ctx.addIssue({
        code: "custom",
        message: `"${p}" leaves its folder: give a relative path inside it (forward slashes, no leading /, no ../ leaving it)`,
      });
  });

export const RawFieldType = z.enum(["text", "integer", "float", "date", "time", "datetime"]);
export type RawFieldType = z.infer<typeof RawFieldType>;

/**
 * The closed vocabulary of raw date layouts. Only layouts that read one way are offered: a month name, or
 * the year first, or the US month-first layout (the one core `toDtc` reads numeric slashes as). Day-first
 * numeric layouts (DD/MM/YYYY, DD.MM.YYYY) are not offered because SDTM reads raw dates with `toDtc`.
 * - `YYYY-MM-DD`: ISO 8601 (2024-03-09), partial `YYYY-MM` and `YYYY` allowed. The default.
 * - `DD-MON-YYYY`: 09-MAR-2024; unknown day `UN`/`UNK` (UN-MAR-2024), unknown month `UNK` (UN-UNK-2024).
 * - `DDMONYYYY`: SAS DATE9 (09MAR2024), with the same unknown parts (UNMAR2024).
 * - `YYYYMMDD`, `YYYY/MM/DD`: complete dates only.
 * - `MM/DD/YYYY`, `MM-DD-YYYY` (US month first: 01-02-2014 is 2 January): complete dates, or the year alone
 *   (`2014`) when only the year was collected.
 */
export const RawDateFormat = z.enum([
  "YYYY-MM-DD",
  "DD-MON-YYYY",
  "DDMONYYYY",
  "YYYYMMDD",
  "YYYY/MM/DD",
  "MM/DD/YYYY",
  "MM-DD-YYYY",
]);
export type RawDateFormat = z.infer<typeof RawDateFormat>;

/** Raw time layouts (24-hour clock): `HH:MM`, `HH:MM:SS`, or either (`HH:MM[:SS]`, the default). */
export const RawTimeFormat = z.enum(["HH:MM", "HH:MM:SS", "HH:MM[:SS]"]);
export type RawTimeFormat = z.infer<typeof RawTimeFormat>;

const NUMERIC_TYPES: readonly RawFieldType[] = ["integer", "float"];
const DATE_TYPES: readonly RawFieldType[] = ["date", "datetime"];
const TIME_TYPES: readonly RawFieldType[] = ["time", "datetime"];

export const RawField = z
  .strictObject({
    /** Column header in CSV/XLSX, ItemOID suffix in ODM (ODM ItemOID is `IT.<FORM>.<name>`). CDASH names where CDASH has one. */
    name: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, "a field name: letters, digits and _"),
    /**
     * Column header in the CSV/XLSX export when it is not a field name (e.g. "IT.AETERM" in an EDC export that
     * prefixes item names); the field is still referred to by `name`.
     */
    column: z.string().min(1).optional(),
    label: z.string().min(1),
    type: RawFieldType,
    required: z.boolean().default(false),
    /** Maximum length in characters (text fields). */
    maxLength: z.number().int().positive().optional(),
    /** Allowed raw values (case-insensitive, trimmed) when the CRF has a fixed pick list; others are rejected. */
    values: z.array(z.string()).optional(),
    /** Plausibility limits of a numeric field (inclusive): a value outside them rejects the record. */
    min: z.number().finite().optional(),
    max: z.number().finite().optional(),
    /** Date layout of this field when it differs from the form's `dateFormat` (date and datetime fields). */
    dateFormat: RawDateFormat.optional(),
    /** Time layout of this field when it differs from the form's `timeFormat` (time and datetime fields). */
    timeFormat: RawTimeFormat.optional(),
  })
  .superRefine((f, ctx) => {
    if ((f.min !== undefined || f.max !== undefined) && !NUMERIC_TYPES.includes(f.type))
      ctx.addIssue({
        code: "custom",
        path: [f.min !== undefined ? "min" : "max"],
        message: `min/max are plausibility limits of integer and float fields; ${f.name} is ${f.type}`,
      });
    if (f.min !== undefined && f.max !== undefined && f.min > f.max)
      ctx.addIssue({ code: "custom", path: ["min"], message: `min ${f.min} is above max ${f.max}` });
    if (f.dateFormat !== undefined && !DATE_TYPES.includes(f.type))
      ctx.addIssue({
        code: "custom",
        path: ["dateFormat"],
        message: `dateFormat applies to date and datetime fields; ${f.name} is ${f.type}`,
      });
    if (f.timeFormat !== undefined && !TIME_TYPES.includes(f.type))
      ctx.addIssue({
        code: "custom",
        path: ["timeFormat"],
        message: `timeFormat applies to time and datetime fields; ${f.name} is ${f.type}`,
      });
  });
export type RawField = z.infer<typeof RawField>;

export const RawForm = z.strictObject({
  /** Form id, upper case (e.g. "AE", "LB_CENTRAL"); the ODM FormOID is `F.<id>`. */
  id: z.string().regex(/^[A-Z][A-Z0-9_]*$/, "an upper-case form id"),
  label: z.string().min(1),
  /** Where the data comes from: the EDC (CSV and ODM) or a vendor file. */
  source: z.enum(["edc", "vendor"]),
  /**
   * File name relative to the raw folder, e.g. "edc/ae.csv", "vendor/central_lab.xlsx", or for `odm` the
   * CDISC ODM 1.3.2 clinical-data export holding this form (several forms may share one ODM file).
   */
  file: InsidePath,
  /** odm: FormOID `F.<id>`, ItemOID `IT.<id>.<field name>`, subject from SubjectKey. */
  format: z.enum(["csv", "xlsx", "odm"]),
  /**
   * Fields that identify a record uniquely within the form (duplicates are rejected). Empty when the export has
   * no natural key (each record is then identified by its file and row only; nothing is rejected as a duplicate).
   */
  keys: z.array(z.string()),
  /**
   * How the SDTM mappings read all-numeric dates of this form: month first (the default) or day first. Ingest
   * checks each date against the form's declared `dateFormat`, which already fixes the order.
   */
  dateOrder: z.enum(["monthFirst", "dayFirst"]).optional(),
  /** The field holding the subject identifier (SUBJID or the vendor's subject column). */
  subjectField: z.string().default("SUBJID"),
  /** Layout of every date (and the date part of datetime) value of the form; default `YYYY-MM-DD`. */
  dateFormat: RawDateFormat.optional(),
  /** Layout of every time (and the time part of datetime) value of the form; default `HH:MM[:SS]`. */
  timeFormat: RawTimeFormat.optional(),
  fields: z.array(RawField).min(1),
});
export type RawForm = z.infer<typeof RawForm>;
