/**
 * Streaming XLSX writer (exceljs WorkbookWriter), also a RowSink. Cells are strings unless the form field
 * is numeric and the text is a plain number; strings are never formulas, so "=..." stays text.
 * exceljs stamps zip entries with the current time, so the zip's DOS timestamps are rewritten afterwards
 * to the fixed creation time: same seed, same bytes.
 */
import { readFile, writeFile } from "node:fs/promises";
import { stampZipEntries } from "@trialforge/core";
import type { RawForm } from "@trialforge/spec";
import ExcelJS from "exceljs";
import type { RowSink } from "../internal/vendor.ts";

const NUMBER = /^-?\d+(\.\d+)?$/;

export class XlsxWriter implements RowSink {
  readonly row: string[];
  records = 0;
  private readonly index = new Map<string, number>();
  private readonly numeric: boolean[];
  private readonly wb: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly ws: ExcelJS.Worksheet;

  constructor(
    private readonly path: string,
    form: RawForm,
    sheetName: string,
    private readonly created: Date,
  ) {
    const fields = form.fields.map((f) => f.name);
    for (const [i, f] of fields.entries()) this.index.set(f, i);
    this.row = fields.map(() => "");
    this.numeric = form.fields.map((f) => f.type === "integer" || f.type === "float");
    this.wb = new ExcelJS.stream.xlsx.WorkbookWriter({
      filename: path,
      useStyles: false,
      useSharedStrings: false,
    });
    this.wb.creator = "trialforge synth";
    this.wb.lastModifiedBy = "trialforge synth";
    this.wb.created = created;
    this.wb.modified = created;
    this.ws = this.wb.addWorksheet(sheetName);
    this.ws.addRow(fields).commit();
  }

  col(name: string): number {
    return this.index.get(name) ?? -1;
  }

  emit(): void {
    const cells: (string | number | null)[] = new Array(this.row.length);
    for (let i = 0; i < this.row.length; i++) {
      const v = this.row[i]!;
      cells[i] = v === "" ? null : this.numeric[i] && NUMBER.test(v) ? Number(v) : v;
      this.row[i] = "";
    }
    this.ws.addRow(cells).commit();
    this.records++;
  }

  async drain(): Promise<void> {}

  async close(): Promise<void> {
    this.ws.commit();
    await this.wb.commit();
    await normaliseZipTimes(this.path, this.created);
  }
}

/** Sets every entry's DOS modification time in a zip file (local and central headers) to `when` (UTC). */
export async function normaliseZipTimes(path: string, when: Date): Promise<void> {
  await writeFile(path, stampZipEntries(await readFile(path), when));
}
