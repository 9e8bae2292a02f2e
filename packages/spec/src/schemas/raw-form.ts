/**
 * Raw form (source) definitions: one YAML file per raw export under `specs/<study>/raw/`.
 * Ingest checks every raw record against these; SDTM mappings refer to forms and fields by name.
 */
import { z } from "zod";

export const RawFieldType = z.enum(["text", "integer", "float", "date", "time", "datetime"]);
export type RawFieldType = z.infer<typeof RawFieldType>;

export const RawField = z.strictObject({
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
  file: z.string().min(1),
  /** odm: FormOID `F.<id>`, ItemOID `IT.<id>.<field name>`, subject from SubjectKey. */
  format: z.enum(["csv", "xlsx", "odm"]),
  /**
   * Fields that identify a record uniquely within the form (duplicates are rejected). Empty when the export has
   * no natural key (each record is then identified by its file and row only; nothing is rejected as a duplicate).
   */
  keys: z.array(z.string()),
  /**
   * How the form writes all-numeric dates: month first (12/26/2013, 01-02-2014 = 2 January; the default) or
   * day first (26/12/2013). Month names (02-Jan-2014) and ISO dates read either way. Ingest checks date fields
   * and the SDTM mappings read them by this order.
   */
  dateOrder: z.enum(["monthFirst", "dayFirst"]).optional(),
  /** The field holding the subject identifier (SUBJID or the vendor's subject column). */
  subjectField: z.string().default("SUBJID"),
  fields: z.array(RawField).min(1),
});
export type RawForm = z.infer<typeof RawForm>;
