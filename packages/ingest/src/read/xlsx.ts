/**
 * Streaming XLSX reader (exceljs WorkbookReader): the first worksheet, or a named one. Cells become
 * text: numbers without binary noise, date cells as ISO 8601 in UTC (the Excel wall clock), formulas
 * by their cached result, rich text by its plain text.
 */

import { UserError } from "@trialforge/core";
import type { RawForm } from "@trialforge/spec";
import ExcelJS from "exceljs";
import { RawTableBuilder } from "../table-builder.ts";
import { type RawTable, RejectionCodes } from "../types.ts";
import { checkFile, fileError, mapHeader, type ReadContext } from "./context.ts";

export interface XlsxOptions {
  /** Worksheet name; default the first worksheet. */
  sheet?: string;
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/**
 * ISO 8601 text of an Excel date cell. exceljs builds the Date from the serial number as if it were UTC,
 * so the UTC fields are the clock time shown in Excel. Rounded to the second; a time-only cell (serial
 * below 1, i.e. before 1900-01-01) gives "HH:MM[:SS]", a midnight date gives "YYYY-MM-DD".
 */
export function excelDateText(d: Date): string {
  const t = Math.round(d.getTime() / 1000) * 1000;
  if (Number.isNaN(t)) return "";
  const x = new Date(t);
  const hh = pad(x.getUTCHours());
  const mi = pad(x.getUTCMinutes());
  const ss = x.getUTCSeconds();
  const time = ss === 0 ? `${hh}:${mi}` : `${hh}:${mi}:${pad(ss)}`;
  if (t < Date.UTC(1900, 0, 1)) return time;
  const date = `${pad(x.getUTCFullYear(), 4)}-${pad(x.getUTCMonth() + 1)}-${pad(x.getUTCDate())}`;
  return x.getUTCHours() === 0 && x.getUTCMinutes() === 0 && ss === 0 ? date : `${date}T${time}`;
}

/** Text of a number as Excel shows it in General format: at most 15 significant digits. */
export function excelNumberText(n: number): string {
  if (!Number.isFinite(n)) return "";
  if (Number.isInteger(n)) return String(n);
  return String(Number(n.toPrecision(15)));
}

/** Text of an exceljs cell value. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number") return excelNumberText(v);
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  if (v instanceof Date) return excelDateText(v);
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText))
      return (o.richText as { text?: string }[]).map((r) => r.text ?? "").join("");
    if ("formula" in o || "sharedFormula" in o) return cellText(o.result);
    if ("text" in o) return cellText(o.text);
    if ("error" in o) return String(o.error);
  }
  return String(v);
}

/** Reads one XLSX raw file into a checked RawTable. */
export async function readXlsxForm(
  path: string,
  form: RawForm,
  ctx: ReadContext,
  opts: XlsxOptions = {},
): Promise<RawTable> {
  await checkFile(path, ctx.file, `form ${form.id}`);
  const builder = new RawTableBuilder(form, ctx.file, ctx.rejections);
  const values = builder.values;
  const nFields = values.length;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    sharedStrings: "cache",
    styles: "cache", // needed to tell date cells from numbers
    hyperlinks: "ignore",
    worksheets: "emit",
    entries: "ignore",
  });
  const seen: string[] = [];
  let found = false;
  let headerRow = 0;
  let header: string[] | undefined;
  let colOfField: Int32Array = new Int32Array(0);
  const texts: string[] = [];
  try {
    for await (const ws of reader) {
      const name = (ws as unknown as { name?: string }).name ?? `sheet ${seen.length + 1}`;
      seen.push(name);
      const wanted = !found && (opts.sheet === undefined || opts.sheet === name);
      if (!wanted) {
        for await (const _row of ws) {
          // exceljs needs every worksheet consumed before the next one
        }
        continue;
      }
      found = true;
      for await (const row of ws) {
        const cells = row.values as unknown[];
        if (header === undefined) {
          const texts: string[] = [];
          for (let c = 1; c < cells.length; c++) texts.push(cellText(cells[c]).trim());
          if (texts.every((t) => t === "")) continue;
          while (texts.length > 0 && texts[texts.length - 1] === "") texts.pop();
          header = texts;
          headerRow = row.number;
          colOfField = mapHeader(header, form, ctx);
          continue;
        }
        // Each cell's text once; texts[c] for sheet column c (1-based).
        let empty = true;
        let extra = 0;
        texts.length = cells.length;
        for (let c = 1; c < cells.length; c++) {
          const t = cells[c] === undefined || cells[c] === null ? "" : cellText(cells[c]).trim();
          texts[c] = t;
          if (t !== "") {
            empty = false;
            if (c > header.length) extra = c;
          }
        }
        if (empty) continue;
        const dataRow = row.number - headerRow;
        if (extra > 0) {
          builder.rejectRecord(
            dataRow,
            RejectionCodes.COLUMN_COUNT,
            `row has a value in column ${extra}, beyond the ${header.length} header columns`,
          );
          continue;
        }
        for (let f = 0; f < nFields; f++) {
          const c = colOfField[f]!;
          values[f] = c < 0 || c + 1 >= cells.length ? "" : texts[c + 1]!;
        }
        builder.commit(dataRow);
      }
    }
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw fileError("INGEST.BAD_XLSX", ctx.file, `cannot read the workbook: ${(e as Error).message}`);
  }
  if (!found) {
    throw fileError(
      "INGEST.NO_SHEET",
      ctx.file,
      opts.sheet === undefined
        ? "the workbook has no worksheet"
        : `worksheet ${JSON.stringify(opts.sheet)} not found; the workbook has: ${seen.join(", ")}`,
    );
  }
  if (header === undefined)
    throw fileError(
      "INGEST.EMPTY_FILE",
      ctx.file,
      "worksheet is empty: expected a header row with the column names",
    );
  return builder.build();
}
