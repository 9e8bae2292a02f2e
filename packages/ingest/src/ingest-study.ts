/**
 * Reads every raw form of a study from a raw folder (layout of `trialforge synth --out DIR`):
 * EDC forms from `edc/<form>.csv` or from `edc/odm.xml`, vendor forms from their CSV/XLSX files.
 */
import { join } from "node:path";
import { CharColumn, type Diagnostic, Diagnostics, takeRows, UserError } from "@trialforge/core";
import type { RawForm } from "@trialforge/spec";
import { readCsvForm } from "./read/csv.ts";
import { readOdmForms } from "./read/odm.ts";
import { readXlsxForm } from "./read/xlsx.ts";
import { SOURCEROW } from "./table-builder.ts";
import {
  compareRejections,
  type IngestResult,
  type RawTable,
  type Rejection,
  RejectionCodes,
} from "./types.ts";

/** The ODM export of the EDC forms, relative to the raw folder. */
export const ODM_FILE = "edc/odm.xml";

export interface IngestOptions {
  /** Where EDC forms are read from: their CSV files (default) or the one ODM file. */
  edc?: "csv" | "odm";
  /** File-level warnings are added here too (they are always returned in `IngestResult.diagnostics`). */
  diagnostics?: Diagnostics;
  /**
   * Form id of the subject master (e.g. the enrolment/demographics form): records of every other form
   * whose subject is not in it are rejected as INGEST.UNKNOWN_SUBJECT. No check when absent.
   */
  subjectForm?: string;
  /** Worksheet name per form id for XLSX files (default: the first worksheet). */
  sheets?: Record<string, string>;
}

/** Rejects records whose subject is not in the subject master form (UNKNOWN_SUBJECT). */
function checkSubjects(
  table: RawTable,
  subjects: ReadonlySet<string>,
  masterId: string,
  rejections: Rejection[],
): RawTable {
  const ds = table.data;
  const col = ds.column(table.form.subjectField);
  if (!(col instanceof CharColumn)) return table;
  const known = new Uint8Array(col.dict.length);
  col.dict.forEach((s, code) => {
    known[code] = subjects.has(s) ? 1 : 0;
  });
  const keep: number[] = [];
  const src = ds.num(SOURCEROW);
  for (let i = 0; i < ds.length; i++) {
    if (known[col.codes[i]!]) {
      keep.push(i);
      continue;
    }
    const subject = col.get(i);
    rejections.push({
      form: table.form.id,
      file: table.file,
      row: src.get(i)!,
      column: table.form.subjectField,
      code: RejectionCodes.UNKNOWN_SUBJECT,
      reason: `subject ${subject} is not in form ${masterId}`,
      value: subject,
    });
  }
  if (keep.length === ds.length) return table;
  const rejected = ds.length - keep.length;
  return { ...table, data: takeRows(ds, keep), accepted: keep.length, rejected: table.rejected + rejected };
}

/**
 * Reads all raw forms of a study into checked raw tables.
 * @remarks Every record read ends in its table or in `rejections` (read = accepted + rejected per file).
 * Problems with a whole file (missing, empty, not ODM, missing required column, unreadable quoting)
 * stop the ingest with one UserError naming each bad file.
 * @example
 * const { tables, rejections } = await ingestStudy(loadStudy("specs/nct05563545"), "out/raw", { edc: "odm" });
 * tables.get("AE")!.data.char("AETERM");
 */
export async function ingestStudy(
  study: { forms: readonly RawForm[]; studyId?: string },
  rawDir: string,
  opts: IngestOptions = {},
): Promise<IngestResult> {
  const edc = opts.edc ?? "csv";
  const diagnostics = new Diagnostics();
  const rejections: Rejection[] = [];
  const tables = new Map<string, RawTable>();
  const failures: UserError[] = [];
  const forms = [...study.forms].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const attempt = async (f: () => Promise<void>) => {
    try {
      await f();
    } catch (e) {
      if (e instanceof UserError) failures.push(e);
      else throw e;
    }
  };

  // ODM files and their forms: with edc "odm" every EDC form comes from the study's ODM export, and any form
  // whose spec says `format: odm` from the ODM file it names (read once for all its forms).
  const odmFiles = new Map<string, RawForm[]>();
  for (const f of forms) {
    const file = edc === "odm" && f.source === "edc" ? ODM_FILE : f.format === "odm" ? f.file : undefined;
    if (file !== undefined) odmFiles.set(file, [...(odmFiles.get(file) ?? []), f]);
  }
  const odmForms = [...odmFiles.values()].flat();
  for (const [file, group] of [...odmFiles].sort(([a], [b]) => (a < b ? -1 : 1))) {
    await attempt(async () => {
      const read = await readOdmForms(
        join(rawDir, file),
        group,
        { file, rejections, diagnostics },
        study.studyId !== undefined ? { studyOid: study.studyId } : {},
      );
      for (const [id, t] of read) tables.set(id, t);
    });
  }
  for (const form of forms) {
    if (odmForms.includes(form)) continue;
    const ctx = { file: form.file, rejections, diagnostics };
    const path = join(rawDir, form.file);
    await attempt(async () => {
      const table =
        form.format === "xlsx"
          ? await readXlsxForm(path, form, ctx, {
              ...(opts.sheets?.[form.id] ? { sheet: opts.sheets[form.id] } : {}),
            })
          : await readCsvForm(path, form, ctx);
      tables.set(form.id, table);
    });
  }
  if (failures.length > 0) {
    const all: Diagnostic[] = failures.flatMap((e) => e.diagnostics);
    const message =
      failures.length === 1
        ? failures[0]!.message
        : `${failures.length} raw files cannot be read:\n${failures.map((e) => `  ${e.message}`).join("\n")}`;
    throw new UserError(message, all);
  }

  if (opts.subjectForm !== undefined) {
    const master = tables.get(opts.subjectForm);
    if (!master) throw new UserError(`subject form ${opts.subjectForm} is not a form of this study`);
    const col = master.data.char(master.form.subjectField);
    const subjects = new Set<string>();
    for (let i = 0; i < col.length; i++) subjects.add(col.get(i));
    for (const [id, t] of tables)
      if (id !== opts.subjectForm) tables.set(id, checkSubjects(t, subjects, opts.subjectForm, rejections));
  }

  // Reconciliation: every record read is either in its table or rejected (one or more Rejections per record).
  const rejectedRows = new Map<string, Set<number>>();
  for (const r of rejections) {
    const s = rejectedRows.get(r.form) ?? new Set<number>();
    rejectedRows.set(r.form, s);
    s.add(r.row);
  }
  for (const t of tables.values()) {
    const logged = rejectedRows.get(t.form.id)?.size ?? 0;
    if (t.read !== t.accepted + t.rejected || t.data.length !== t.accepted || logged !== t.rejected) {
      throw new Error(
        `ingest bookkeeping: ${t.file} read ${t.read}, accepted ${t.accepted}, rejected ${t.rejected}, rows ${t.data.length}, rejected rows logged ${logged}`,
      );
    }
  }
  rejections.sort(compareRejections);
  for (const d of diagnostics.items) opts.diagnostics?.add(d);
  return { tables, rejections, diagnostics: diagnostics.items };
}
