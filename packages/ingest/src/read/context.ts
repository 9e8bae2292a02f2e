/**
 * What every reader gets: where to log rejections and file-level diagnostics, and helpers shared by
 * the tabular readers (header mapping, file checks).
 */
import { stat } from "node:fs/promises";
import { type Diagnostics, UserError } from "@trialforge/core";
import type { RawForm } from "@trialforge/spec";
import type { Rejection } from "../types.ts";

export interface ReadContext {
  /** File name as reported (relative to the raw folder). */
  file: string;
  rejections: Rejection[];
  diagnostics: Diagnostics;
}

/** A UserError that names the file (and row/column when given), with the matching diagnostic. */
export function fileError(
  code: string,
  file: string,
  message: string,
  where: { row?: number; column?: string; line?: number } = {},
): UserError {
  const place =
    where.line !== undefined
      ? `${file} line ${where.line}`
      : where.row !== undefined
        ? `${file} row ${where.row}`
        : file;
  const col = where.column !== undefined ? ` column ${where.column}` : "";
  const d = {
    severity: "error" as const,
    code,
    message,
    file,
    ...(where.row !== undefined ? { row: where.row } : {}),
    ...(where.column !== undefined ? { column: where.column } : {}),
  };
  return new UserError(`${place}${col}: ${message}`, [d]);
}

/** Fails with a clear message when the file is missing or empty; returns its size. `readBy` names the reader ("form AE"). */
export async function checkFile(path: string, file: string, readBy: string): Promise<number> {
  let size: number;
  try {
    const s = await stat(path);
    if (!s.isFile()) throw fileError("INGEST.NO_FILE", file, `is not a file (needed by ${readBy})`);
    size = s.size;
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw fileError("INGEST.NO_FILE", file, `raw file not found (needed by ${readBy})`);
  }
  if (size === 0)
    throw fileError("INGEST.EMPTY_FILE", file, "file is empty: expected a header row with the column names");
  return size;
}

/** Ignored columns warned about one by one; the rest are counted in one warning. */
const MAX_COLUMN_WARNINGS = 20;

/** Letters and digits only, upper case: "AE_END_DATE" -> "AEENDDATE". */
const squash = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]/g, "");

/**
 * The unknown header column that is most likely the missing field renamed: equal once separators are
 * dropped, or holding every letter of the field name in order (AEENDAT in AE_END_DATE). Undefined when
 * no column or several equally likely ones fit.
 */
function likelyRename(field: string, unknown: readonly string[]): string | undefined {
  const f = squash(field);
  const inOrder = (c: string) => {
    let i = 0;
    for (let k = 0; k < c.length && i < f.length; k++) if (c[k] === f[i]) i++;
    return i === f.length;
  };
  const exact = unknown.filter((u) => squash(u) === f);
  if (exact.length === 1) return exact[0];
  const fits = unknown.filter((u) => inOrder(squash(u)));
  return fits.length === 1 ? fits[0] : undefined;
}

/**
 * Maps header names to form fields: `colOfField[f]` is the header position of field f, or -1.
 * Matching ignores case and surrounding spaces. Unknown columns give a warning and are ignored;
 * a missing required column fails the whole file; a missing optional column gives a warning.
 */
export function mapHeader(header: readonly string[], form: RawForm, ctx: ReadContext): Int32Array {
  const byName = new Map<string, number>();
  form.fields.forEach((f, i) => {
    byName.set((f.column ?? f.name).toUpperCase(), i);
  });
  const colOfField = new Int32Array(form.fields.length).fill(-1);
  const seen = new Map<string, number>();
  /** Header columns that are no field: their name, or their position when the name is blank. */
  const unknown: { name: string; c: number }[] = [];
  header.forEach((raw, c) => {
    const name = raw.trim();
    const key = name.toUpperCase();
    if (name === "") {
      unknown.push({ name, c });
      return;
    }
    const prev = seen.get(key);
    if (prev !== undefined) {
      throw fileError(
        "INGEST.DUPLICATE_COLUMN",
        ctx.file,
        `header names column ${name} twice (columns ${prev + 1} and ${c + 1})`,
        { column: name },
      );
    }
    seen.set(key, c);
    const f = byName.get(key);
    if (f === undefined) unknown.push({ name, c });
    else colOfField[f] = c;
  });
  // Missing fields first (a required one fails the file), so an unknown column can be named as a rename.
  const named = unknown.filter((u) => u.name !== "").map((u) => u.name);
  const missing: { field: string; renamed: string | undefined }[] = [];
  const renameOf = new Map<string, string>();
  form.fields.forEach((f, i) => {
    if (colOfField[i] !== -1) return;
    if (f.required || f.name === form.subjectField || form.keys.includes(f.name)) {
      throw fileError(
        "INGEST.MISSING_COLUMN",
        ctx.file,
        `required column ${f.column ?? f.name} is missing from the header (form ${form.id})`,
        { column: f.name },
      );
    }
    const renamed = likelyRename(f.name, named);
    if (renamed !== undefined) renameOf.set(renamed, f.name);
    missing.push({ field: f.name, renamed });
  });
  unknown.slice(0, MAX_COLUMN_WARNINGS).forEach(({ name, c }) => {
    if (name === "") {
      ctx.diagnostics.warning("INGEST.UNKNOWN_COLUMN", `column ${c + 1} has no header name; it is ignored`, {
        file: ctx.file,
      });
      return;
    }
    const was = renameOf.get(name);
    ctx.diagnostics.warning(
      "INGEST.UNKNOWN_COLUMN",
      was === undefined
        ? `column ${name} is not a field of form ${form.id}; it is ignored`
        : `column ${name} is not a field of form ${form.id}; it is ignored (is it ${was} renamed? ${was} is missing)`,
      { file: ctx.file, column: name, ...(was !== undefined ? { value: was } : {}) },
    );
  });
  if (unknown.length > MAX_COLUMN_WARNINGS)
    ctx.diagnostics.warning(
      "INGEST.UNKNOWN_COLUMN",
      `${unknown.length - MAX_COLUMN_WARNINGS} more columns are not fields of form ${form.id} and are ignored`,
      { file: ctx.file },
    );
  for (const m of missing)
    ctx.diagnostics.warning(
      "INGEST.MISSING_COLUMN",
      `optional column ${m.field} is missing; its values are empty`,
      {
        file: ctx.file,
        column: m.field,
        ...(m.renamed !== undefined ? { value: m.renamed } : {}),
      },
    );
  return colOfField;
}
