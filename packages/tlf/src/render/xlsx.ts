/**
 * XLSX renderer (exceljs): one sheet per output; title rows, then header rows frozen; numbers written as
 * numbers with a number format where a cell shows exactly one number, text otherwise. Strings are always
 * written as shared strings (never formulas), so a cell such as "=SUM(A1)" or "+1" stays text.
 * Bytes are deterministic: workbook dates come from the stamp, and the zip entry times are fixed.
 */
import { writeFile } from "node:fs/promises";
import { stampZipEntries } from "@trialforge/core";
import ExcelJS from "exceljs";
import {
  type Cell,
  columnHeader,
  type GridOutput,
  type Output,
  type Stamp,
  spanRuns,
  stampLine,
} from "../model.ts";
import { renderPng } from "./png.ts";

/** Excel number format for the text as shown ("12.30" -> "0.00", "5" -> "0"). */
function numberFormat(text: string): string {
  const m = /\.(\d+)/.exec(text);
  return m ? `0.${"0".repeat(m[1]!.length)}` : "0";
}

/** The number a cell shows when it shows exactly one (its text is that number, as formatted). */
export function singleNumber(c: Cell): number | undefined {
  if (c.stats.length !== 1) return undefined;
  const v = c.stats[0]!.value;
  if (v === null || !Number.isFinite(v)) return undefined;
  const t = c.text.trim();
  if (!/^-?\d+(\.\d+)?$/.test(t)) return undefined;
  // Excel shows the stored number through the format; the shown text must equal our rounded text.
  return Number(t);
}

/** Excel sheet names: at most 31 characters, none of : \ / ? * [ ]. */
function sheetName(id: string, used: Set<string>): string {
  let base = id.replace(/[:\\/?*[\]]/g, "_").slice(0, 31);
  let k = 2;
  while (used.has(base.toLowerCase())) base = `${id.slice(0, 28)}~${k++}`;
  used.add(base.toLowerCase());
  return base;
}

function addGrid(ws: ExcelJS.Worksheet, o: GridOutput, start: number): number {
  const hasStub = o.kind === "table";
  const off = hasStub ? 1 : 0;
  const widths = [...(hasStub ? [o.stubWidth] : []), ...o.columns.map((c) => c.width)];
  const unit = hasStub ? 40 / o.stubWidth : 14;
  widths.forEach((w, j) => {
    ws.getColumn(j + 1).width = Math.max(8, Math.min(80, w * unit));
  });
  let r = start;
  const runs = spanRuns(o.columns, o.spans);
  if (runs.some((x) => x.span)) {
    for (const run of runs) {
      if (!run.span) continue;
      const c = ws.getCell(r, off + run.from + 1);
      c.value = run.span.label;
      c.alignment = { horizontal: "center" };
      if (run.count > 1) ws.mergeCells(r, off + run.from + 1, r, off + run.from + run.count);
    }
    r++;
  }
  const head = ws.getRow(r);
  if (hasStub) head.getCell(1).value = (o as { stubHeader: string }).stubHeader;
  o.columns.forEach((c, j) => {
    const cell = head.getCell(off + j + 1);
    cell.value = columnHeader(c);
    cell.alignment = { horizontal: c.align, wrapText: true, vertical: "bottom" };
  });
  head.font = { bold: true };
  // Wrapped header text needs an explicit row height (Excel does not grow rows written by a library).
  head.height = 15 * Math.max(1, ...o.columns.map((c) => columnHeader(c).split("\n").length));
  head.eachCell((c) => {
    c.border = { bottom: { style: "thin" } };
  });
  ws.views = [{ state: "frozen", xSplit: off, ySplit: r }];
  r++;
  for (const sec of o.sections) {
    if (sec.label !== undefined) {
      const c = ws.getCell(r++, 1);
      c.value = sec.label;
      c.font = { bold: true };
    }
    for (const row of sec.rows) {
      const xr = ws.getRow(r++);
      if (hasStub) {
        const c = xr.getCell(1);
        c.value = row.label;
        c.alignment = { indent: row.indent * 2 };
        if (row.strong) c.font = { bold: true };
      }
      row.cells.forEach((cell, j) => {
        const c = xr.getCell(off + j + 1);
        const n = singleNumber(cell);
        if (n !== undefined) {
          c.value = n;
          c.numFmt = numberFormat(cell.text);
        } else {
          c.value = cell.text;
        }
        c.alignment = { horizontal: o.columns[j]!.align };
      });
    }
  }
  return r;
}

function addSheet(wb: ExcelJS.Workbook, o: Output, stamp: Stamp, used: Set<string>): void {
  const ws = wb.addWorksheet(sheetName(o.id, used), {
    pageSetup: {
      orientation: o.orientation,
      paperSize: (o.paper === "a4" ? 9 : undefined) as ExcelJS.PaperSize | undefined,
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
    },
  });
  let r = 1;
  for (const [i, t] of o.titles.entries()) {
    const c = ws.getCell(r++, 1);
    c.value = i === 0 && o.number ? `${o.number} ${t}` : t;
    if (i === 0) c.font = { bold: true };
  }
  r++;
  if (o.kind === "figure") {
    const { png } = renderPng(o.svg, 2);
    const id = wb.addImage({ buffer: png as unknown as ExcelJS.Buffer, extension: "png" });
    ws.addImage(id, { tl: { col: 0, row: r - 1 }, ext: { width: o.width * 1.33, height: o.height * 1.33 } });
    r += Math.ceil((o.height * 1.33) / 20) + 1;
  } else {
    r = addGrid(ws, o, r) + 1;
  }
  for (const f of [...o.footnotes, o.source, stampLine(o, stamp)]) ws.getCell(r++, 1).value = f;
}

/** Renders outputs into one workbook (one sheet per output). */
export async function renderXlsx(outputs: Output | Output[], stamp: Stamp): Promise<Buffer> {
  const list = Array.isArray(outputs) ? outputs : [outputs];
  const wb = new ExcelJS.Workbook();
  const when = new Date(stamp.runStamp);
  if (Number.isNaN(when.getTime()))
    throw new Error(`run stamp is not an ISO 8601 date-time: "${stamp.runStamp}"`);
  wb.creator = "trialforge";
  wb.lastModifiedBy = "trialforge";
  wb.created = when;
  wb.modified = when;
  const used = new Set<string>();
  for (const o of list) addSheet(wb, o, stamp, used);
  const buf = Buffer.from(await wb.xlsx.writeBuffer());
  return stampZipEntries(buf, when);
}

export async function writeXlsx(outputs: Output | Output[], stamp: Stamp, path: string): Promise<void> {
  await writeFile(path, await renderXlsx(outputs, stamp));
}
