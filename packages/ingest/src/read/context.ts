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
  header.forEach((raw, c) => {
    const name = raw.trim();
    const key = name.toUpperCase();
    if (name === "") {
      ctx.diagnostics.warning("INGEST.UNKNOWN_COLUMN", `column ${c + 1} has no header name; it is ignored`, {
        file: ctx.file,
      });
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
    if (f === undefined) {
      ctx.diagnostics.warning(
        "INGEST.UNKNOWN_COLUMN",
        `column ${name} is not a field of form ${form.id}; it is ignored`,
        { file: ctx.file, column: name },
      );
      return;
    }
    colOfField[f] = c;
  });
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
    ctx.diagnostics.warning(
      "INGEST.MISSING_COLUMN",
      `optional column ${f.column ?? f.name} is missing; its values are empty`,
      { file: ctx.file, column: f.name },
    );
  });
  return colOfField;
}
