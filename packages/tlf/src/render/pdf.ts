/**
 * PDF renderer (pdfmake 0.3). Landscape by default; a title block and "Page x of y" on every page; the
 * column headers (and the section label) repeat on every page; footnotes, source and the stamp (output id,
 * data cut, run time) in the footer. DejaVu fonts are embedded (standard Courier cannot print ≥ µ ±).
 * Bytes are deterministic: CreationDate/ModDate come from the passed run stamp, never the clock.
 */
import { writeFile } from "node:fs/promises";
import type { Content, TableCell } from "pdfmake";
import pdfmake from "pdfmake";
import {
  columnHeader,
  type GridOutput,
  type Output,
  pageSize,
  type Stamp,
  spanRuns,
  stampLine,
} from "../model.ts";
import { allFontFiles, fontFiles } from "./fonts.ts";
import { renderPng } from "./png.ts";

let configured = false;
function configure(): void {
  if (configured) return;
  // No network, and only our own font files from disk.
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((p: string) => allFontFiles.has(p));
  pdfmake.addFonts({
    DejaVuMono: {
      normal: fontFiles.mono,
      bold: fontFiles.monoBold,
      italics: fontFiles.monoOblique,
      bolditalics: fontFiles.monoBoldOblique,
    },
    DejaVuSans: {
      normal: fontFiles.sans,
      bold: fontFiles.sansBold,
      italics: fontFiles.sansOblique,
      bolditalics: fontFiles.sansBoldOblique,
    },
  });
  configured = true;
}

const FONT_SIZE = 8;
const TITLE_SIZE = 9;
const LINE = 1.15;
const MARGIN_X = 36;
/** DejaVu Sans Mono advance width in em. */
const MONO_EM = 0.602;

function wrapCount(text: string, widthPt: number, size: number): number {
  const perLine = Math.max(1, Math.floor(widthPt / (size * MONO_EM)));
  let n = 0;
  for (const line of text.split("\n")) n += Math.max(1, Math.ceil(line.length / perLine));
  return n;
}

/** Parses an ISO 8601 UTC stamp into a Date for the PDF info dictionary. */
function stampDate(stamp: Stamp): Date {
  const d = new Date(stamp.runStamp);
  if (Number.isNaN(d.getTime()))
    throw new Error(`run stamp is not an ISO 8601 date-time: "${stamp.runStamp}"`);
  return d;
}

function gridContent(o: GridOutput, usable: number): Content[] {
  const hasStub = o.kind === "table";
  const weights = [...(hasStub ? [o.stubWidth] : []), ...o.columns.map((c) => c.width)];
  const total = weights.reduce((a, b) => a + b, 0);
  // pdfmake adds 2 x 4pt padding per cell on top of the given width.
  const widths = weights.map((w) => Math.max(8, (w / total) * usable - 8.5));
  const ncol = weights.length;
  const runs = spanRuns(o.columns, o.spans);
  const hasSpans = runs.some((r) => r.span);
  const content: Content[] = [];
  o.sections.forEach((sec, si) => {
    const header: TableCell[][] = [];
    if (sec.label !== undefined) {
      const row: TableCell[] = [{ text: sec.label, colSpan: ncol, bold: true, alignment: "left" }];
      for (let k = 1; k < ncol; k++) row.push({});
      header.push(row);
    }
    if (hasSpans) {
      const row: TableCell[] = hasStub ? [{ text: "" }] : [];
      for (const r of runs) {
        row.push(
          r.span
            ? { text: r.span.label, colSpan: r.count, alignment: "center", decoration: "underline" }
            : { text: "" },
        );
        for (let k = 1; k < r.count; k++) row.push({});
      }
      header.push(row);
    }
    const labels: TableCell[] = hasStub
      ? [{ text: (o as { stubHeader: string }).stubHeader, alignment: "left", preserveLeadingSpaces: true }]
      : [];
    for (const c of o.columns) labels.push({ text: columnHeader(c), alignment: c.align });
    header.push(labels);
    const body: TableCell[][] = [...header];
    for (const r of sec.rows) {
      const cells: TableCell[] = [];
      if (hasStub)
        cells.push({
          text: r.label,
          margin: [r.indent * 2 * FONT_SIZE * MONO_EM, 0, 0, 0],
          bold: !!r.strong,
        });
      r.cells.forEach((c, j) => {
        cells.push({ text: c.text, alignment: o.columns[j]!.align });
      });
      body.push(cells);
    }
    if (sec.rows.length === 0) {
      const row: TableCell[] = [{ text: "No data to report.", colSpan: ncol, italics: true }];
      for (let k = 1; k < ncol; k++) row.push({});
      body.push(row);
    }
    const headerRows = header.length;
    content.push({
      table: { headerRows, widths, body, dontBreakRows: true },
      layout: {
        hLineWidth: (i: number, node: { table: { body: unknown[] } }) =>
          i === 0 || i === headerRows || i === node.table.body.length ? 0.6 : 0,
        vLineWidth: () => 0,
        paddingTop: () => 1,
        paddingBottom: () => 1,
      },
      ...(si > 0 ? { pageBreak: "before" as const } : {}),
    });
  });
  return content;
}

/** The pdfmake document definition (exported for tests and for callers that need the structure). */
export function pdfDefinition(o: Output, stamp: Stamp): Parameters<typeof pdfmake.createPdf>[0] {
  const page = pageSize(o);
  const usable = page.width - 2 * MARGIN_X;
  const titleLines = o.titles.reduce(
    (n, t, i) => n + wrapCount(i === 0 && o.number ? `${o.number} ${t}` : t, usable, TITLE_SIZE),
    0,
  );
  const top = 24 + 12 + titleLines * TITLE_SIZE * LINE + 10;
  const footLines =
    o.footnotes.reduce((n, f) => n + wrapCount(f, usable, FONT_SIZE), 0) +
    wrapCount(o.source, usable, FONT_SIZE) +
    1;
  const bottom = 14 + footLines * FONT_SIZE * LINE + 14;
  const titles: Content[] = o.titles.map((t, i) => ({
    text: i === 0 && o.number ? `${o.number} ${t}` : t,
    alignment: "center",
    bold: i === 0,
    fontSize: TITLE_SIZE,
  }));
  let content: Content[];
  const images: Record<string, string> = {};
  if (o.kind === "figure") {
    const { png } = renderPng(o.svg, 3);
    images.figure = `data:image/png;base64,${png.toString("base64")}`;
    const maxH = page.height - top - bottom - 8;
    const scale = Math.min(usable / o.width, maxH / o.height);
    content = [{ image: "figure", width: o.width * scale, height: o.height * scale, alignment: "center" }];
  } else {
    content = gridContent(o, usable);
  }
  return {
    pageSize: { width: page.width, height: page.height },
    pageMargins: [MARGIN_X, top, MARGIN_X, bottom],
    info: {
      title: `${o.id}: ${o.titles[0] ?? ""}`,
      subject: stampLine(o, stamp),
      creator: "trialforge",
      producer: "trialforge (pdfmake)",
      creationDate: stampDate(stamp),
      modDate: stampDate(stamp),
    },
    defaultStyle: { font: "DejaVuMono", fontSize: FONT_SIZE, lineHeight: LINE },
    images,
    header: (currentPage: number, pageCount: number) => ({
      margin: [MARGIN_X, 24, MARGIN_X, 0],
      stack: [
        {
          columns: [
            { text: stamp.study ?? "", alignment: "left" },
            { text: `Page ${currentPage} of ${pageCount}`, alignment: "right" },
          ],
          margin: [0, 0, 0, 4],
        },
        ...titles,
      ],
    }),
    footer: () => ({
      margin: [MARGIN_X, 8, MARGIN_X, 0],
      stack: [
        { canvas: [{ type: "line", x1: 0, y1: 0, x2: usable, y2: 0, lineWidth: 0.6 }], margin: [0, 0, 0, 3] },
        ...o.footnotes.map((f) => ({ text: f })),
        { text: o.source },
        { text: stampLine(o, stamp) },
      ],
    }),
    content,
  };
}

/** Renders an output to PDF bytes. */
export async function renderPdf(o: Output, stamp: Stamp): Promise<Buffer> {
  configure();
  const doc = pdfmake.createPdf(pdfDefinition(o, stamp));
  return doc.getBuffer();
}

export async function writePdf(o: Output, stamp: Stamp, path: string): Promise<void> {
  await writeFile(path, await renderPdf(o, stamp));
}
