/**
 * Streaming XLSX writer (exceljs WorkbookWriter), also a RowSink. Cells are strings unless the form field
 * is numeric and the text is a plain number; strings are never formulas, so "=..." stays text.
 * exceljs stamps zip entries with the current time, so the zip's DOS timestamps are rewritten afterwards
 * to the fixed creation time: same seed, same bytes.
 */
import { readFile, writeFile } from "node:fs/promises";
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

/** Sets every entry's DOS modification time in a zip (local and central headers) to `when` (UTC). */
export async function normaliseZipTimes(path: string, when: Date): Promise<void> {
  const buf = await readFile(path);
  const dosTime =
    (when.getUTCHours() << 11) | (when.getUTCMinutes() << 5) | Math.floor(when.getUTCSeconds() / 2);
  const dosDate =
    ((Math.max(1980, when.getUTCFullYear()) - 1980) << 9) |
    ((when.getUTCMonth() + 1) << 5) |
    when.getUTCDate();
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${path}: not a zip file`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  for (let k = 0; k < count; k++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`${path}: bad zip central directory`);
    buf.writeUInt16LE(dosTime, p + 12);
    buf.writeUInt16LE(dosDate, p + 14);
    const local = buf.readUInt32LE(p + 42);
    if (buf.readUInt32LE(local) === 0x04034b50) {
      buf.writeUInt16LE(dosTime, local + 10);
      buf.writeUInt16LE(dosDate, local + 12);
    }
    p += 46 + buf.readUInt16LE(p + 28) + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  await writeFile(path, buf);
}
