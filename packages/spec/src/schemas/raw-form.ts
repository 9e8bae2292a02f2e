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

export const RawField = z.strictObject({
  /** Column header in CSV/XLSX, ItemOID suffix in ODM (ODM ItemOID is `IT.<FORM>.<name>`). CDASH names where CDASH has one. */
  name: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, "a field name: letters, digits and _"),
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
  /** File name relative to the raw folder, e.g. "edc/ae.csv", "vendor/central_lab.xlsx". */
  file: InsidePath,
  format: z.enum(["csv", "xlsx"]),
  /** Fields that identify a record uniquely within the form (duplicates are rejected). */
  keys: z.array(z.string()).min(1),
  /** The field holding the subject identifier (SUBJID or the vendor's subject column). */
  subjectField: z.string().default("SUBJID"),
  fields: z.array(RawField).min(1),
});
export type RawForm = z.infer<typeof RawForm>;
