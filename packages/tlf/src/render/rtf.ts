/**
 * RTF writer (our own; no maintained JS RTF library exists). Writes the subset Word and LibreOffice read:
 * landscape paper, a font table, header (titles, "Page x of y" from PAGE/NUMPAGES fields) and footer
 * (footnotes, source, stamp), real tables (`\trowd` ... `\cellx` ... `\row`) whose header rows carry
 * `\trhdr` so they repeat on every page, `\keepn` to hold rows together, a page break before each section,
 * non-ASCII as `\uN?`, and figures as `\pngblip` pictures.
 */
import { writeFile } from "node:fs/promises";
import {
  columnHeader,
  type GridOutput,
  type Output,
  pageSize,
  type Row,
  type Stamp,
  spanRuns,
  stampLine,
} from "../model.ts";
import { renderPng } from "./png.ts";

const TWIPS = 20;
const FS = 16; // half-points: 8 pt
const TITLE_FS = 18;
const MARGIN = 720; // 0.5 in
const LINE_TWIPS = 200; // ~8 pt text line with leading
/** Height of one table text line (8 pt Courier New plus cell padding), measured in LibreOffice. */
const ROW_TWIPS = 192;
/** Courier New advance width at 8 pt: 0.6 em = 4.8 pt. */
const CHAR_TWIPS = 96;

/** Escapes text for RTF: control characters, braces, backslash; non-ASCII as \uN? (UTF-16 code units). */
export function rtfEscape(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x5c) out += "\\\\";
    else if (ch === 0x7b) out += "\\{";
    else if (ch === 0x7d) out += "\\}";
    else if (ch === 0x0a) out += "\\line ";
    else if (ch === 0x09) out += "\\tab ";
    else if (ch < 0x20) out += "";
    else if (ch < 0x80) out += text[i];
    else out += `\\u${ch > 32767 ? ch - 65536 : ch}?`;
  }
  return out;
}

const align = (a: string): string => (a === "right" ? "\\qr" : a === "center" ? "\\qc" : "\\ql");

interface RtfCell {
  text: string;
  right: number;
  align: string;
  indent?: number;
  bold?: boolean;
  top?: boolean;
  bottom?: boolean;
  underline?: boolean;
}

function row(cells: RtfCell[], opts: { header?: boolean; keepNext?: boolean }): string {
  let s = "\\trowd\\trgaph60\\trleft0\\trkeep";
  if (opts.header) s += "\\trhdr";
  for (const c of cells) {
    if (c.top) s += "\\clbrdrt\\brdrs\\brdrw10";
    if (c.bottom) s += "\\clbrdrb\\brdrs\\brdrw10";
    s += `\\clvertalb\\cellx${Math.round(c.right)}`;
  }
  s += "\n";
  for (const c of cells) {
    s += `\\pard\\plain\\intbl${opts.keepNext || opts.header ? "\\keepn" : ""}${align(c.align)}`;
    if (c.indent) s += `\\li${c.indent}`;
    s += `\\f0\\fs${FS}`;
    let t = rtfEscape(c.text);
    if (c.underline && t) t = `{\\ul ${t}}`;
    if (c.bold && t) t = `{\\b ${t}}`;
    s += ` ${t}\\cell\n`;
  }
  return `${s}\\row\n`;
}

/** Text lines a cell needs at 8 pt Courier New in a cell `width` twips wide. */
function cellLines(text: string, width: number, indent = 0): number {
  const perLine = Math.max(1, Math.floor((width - 120 - indent) / CHAR_TWIPS));
  let n = 0;
  for (const line of text.split("\n")) n += Math.max(1, Math.ceil(line.length / perLine));
  return n;
}

/**
 * Rows are paginated here rather than left to the reader: Word repeats `\trhdr` rows, but LibreOffice 7.4
 * ignores them on import, so each page is its own table with the header rows written again.
 */
function grid(o: GridOutput, usable: number, bodyHeight: number): string {
  const hasStub = o.kind === "table";
  const weights = [...(hasStub ? [o.stubWidth] : []), ...o.columns.map((c) => c.width)];
  const total = weights.reduce((a, b) => a + b, 0);
  const rights: number[] = [];
  const widths: number[] = [];
  let acc = 0;
  for (const w of weights) {
    const prev = Math.round(acc);
    acc += (w / total) * usable;
    rights.push(Math.round(acc));
    widths.push(Math.round(acc) - prev);
  }
  const off = hasStub ? 1 : 0;
  const runs = spanRuns(o.columns, o.spans);
  const hasSpans = runs.some((r) => r.span);
  const budget = Math.floor(bodyHeight / ROW_TWIPS) - 1;
  let s = "";
  let firstPage = true;
  for (const sec of o.sections) {
    const headerRows: RtfCell[][] = [];
    if (sec.label !== undefined)
      headerRows.push([{ text: sec.label, right: usable, align: "left", bold: true }]);
    if (hasSpans) {
      const cells: RtfCell[] = hasStub ? [{ text: "", right: rights[0]!, align: "left" }] : [];
      for (const r of runs) {
        cells.push({
          text: r.span?.label ?? "",
          right: rights[off + r.from + r.count - 1]!,
          align: "center",
          underline: !!r.span,
        });
      }
      headerRows.push(cells);
    }
    const labels: RtfCell[] = hasStub
      ? [{ text: (o as { stubHeader: string }).stubHeader, right: rights[0]!, align: "left" }]
      : [];
    o.columns.forEach((c, j) => {
      labels.push({ text: columnHeader(c), right: rights[off + j]!, align: c.align });
    });
    headerRows.push(labels);
    let headerLines = 0;
    headerRows.forEach((cells, k) => {
      for (const c of cells) {
        c.top = k === 0;
        c.bottom = k === headerRows.length - 1;
      }
      headerLines += Math.max(
        ...cells.map((c, j) => cellLines(c.text, cells.length === 1 ? usable : widths[j]!)),
      );
    });
    // Split the section's rows into pages by the line budget (mono font: widths are exact).
    const pages: Row[][] = [[]];
    let used = headerLines;
    for (const r of sec.rows) {
      let lines = hasStub ? cellLines(r.label, widths[0]!, r.indent * 240) : 1;
      r.cells.forEach((c, j) => {
        lines = Math.max(lines, cellLines(c.text, widths[off + j]!));
      });
      const page = pages[pages.length - 1]!;
      if (page.length > 0 && used + lines > budget) {
        // Keep-with-next: carry trailing rows that must stay with the next one.
        const carry: Row[] = [];
        while (page.length > 1 && page[page.length - 1]!.keepWithNext) carry.unshift(page.pop()!);
        pages.push(carry);
        used = headerLines + carry.length;
      }
      pages[pages.length - 1]!.push(r);
      used += lines;
    }
    pages.forEach((rows, pi) => {
      if (!firstPage) s += "\\pard\\plain\\pagebb\\f0\\fs2\\par\n";
      firstPage = false;
      for (const cells of headerRows) s += row(cells, { header: true });
      if (rows.length === 0 && pi === 0)
        s += row([{ text: "No data to report.", right: usable, align: "left", bottom: true }], {});
      rows.forEach((r, i) => {
        const last = i === rows.length - 1;
        const cells: RtfCell[] = [];
        if (hasStub)
          cells.push({
            text: r.label,
            right: rights[0]!,
            align: "left",
            indent: r.indent * 240,
            bold: r.strong,
            bottom: last,
          });
        r.cells.forEach((c, j) => {
          cells.push({ text: c.text, right: rights[off + j]!, align: o.columns[j]!.align, bottom: last });
        });
        s += row(cells, { keepNext: r.keepWithNext });
      });
    });
  }
  return s;
}

function figure(o: Extract<Output, { kind: "figure" }>, usable: number, usableH: number): string {
  const { png, width, height } = renderPng(o.svg, 3);
  const scale = Math.min(usable / (o.width * TWIPS), usableH / (o.height * TWIPS));
  const wGoal = Math.round(o.width * TWIPS * scale);
  const hGoal = Math.round(o.height * TWIPS * scale);
  const hex = png.toString("hex").replace(/(.{128})/g, "$1\n");
  return `\\pard\\plain\\qc{\\pict\\pngblip\\picw${width}\\pich${height}\\picwgoal${wGoal}\\pichgoal${hGoal}\n${hex}}\\par\n`;
}

function rtfDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(iso);
  if (!m) throw new Error(`run stamp is not an ISO 8601 date-time: "${iso}"`);
  return `\\yr${+m[1]!}\\mo${+m[2]!}\\dy${+m[3]!}\\hr${+(m[4] ?? 0)}\\min${+(m[5] ?? 0)}`;
}

/** Renders an output as an RTF document (ASCII text). */
export function renderRtf(o: Output, stamp: Stamp): string {
  const page = pageSize(o);
  const pw = Math.round(page.width * TWIPS);
  const ph = Math.round(page.height * TWIPS);
  const usable = pw - 2 * MARGIN;
  const titleLines = o.titles.length + 2;
  const footLines = o.footnotes.length + 3;
  const margt = MARGIN + titleLines * LINE_TWIPS + 240;
  const margb = MARGIN + footLines * LINE_TWIPS + 120;
  const titles = o.titles
    .map((t, i) => {
      const text = rtfEscape(i === 0 && o.number ? `${o.number} ${t}` : t);
      return `\\pard\\plain\\qc\\f0\\fs${TITLE_FS}${i === 0 ? `{\\b ${text}}` : ` ${text}`}\\par\n`;
    })
    .join("");
  const header =
    `{\\header\\pard\\plain\\tqr\\tx${usable}\\f0\\fs${FS} ${rtfEscape(stamp.study ?? "")}\\tab Page {\\field{\\*\\fldinst PAGE}{\\fldrslt 1}} of {\\field{\\*\\fldinst NUMPAGES}{\\fldrslt 1}}\\par\n` +
    `${titles}\\pard\\plain\\f0\\fs${FS}\\sa60\\par}\n`;
  const footer =
    `{\\footer\\pard\\plain\\brdrt\\brdrs\\brdrw10\\brsp20\\f0\\fs${FS} ${o.footnotes.map(rtfEscape).join("\\par\n\\pard\\plain\\f0\\fs16 ")}${o.footnotes.length ? "\\par\n\\pard\\plain\\f0\\fs16 " : ""}` +
    `${rtfEscape(o.source)}\\par\n\\pard\\plain\\f0\\fs${FS} ${rtfEscape(stampLine(o, stamp))}\\par}\n`;
  const body =
    o.kind === "figure"
      ? figure(o, usable, Math.round((ph - margt - margb) * 0.9))
      : grid(o, usable, ph - margt - margb);
  const landscape = o.orientation === "landscape";
  return (
    "{\\rtf1\\ansi\\ansicpg1252\\uc1\\deff0\\deflang1033\n" +
    "{\\fonttbl{\\f0\\fmodern\\fprq1\\fcharset0 Courier New;}{\\f1\\fswiss\\fcharset0 Arial;}}\n" +
    "{\\colortbl;\\red0\\green0\\blue0;}\n" +
    `{\\info{\\title ${rtfEscape(`${o.id}: ${o.titles[0] ?? ""}`)}}{\\creatim${rtfDate(stamp.runStamp)}}{\\revtim${rtfDate(stamp.runStamp)}}}\n` +
    `\\paperw${pw}\\paperh${ph}\\margl${MARGIN}\\margr${MARGIN}\\margt${margt}\\margb${margb}${landscape ? "\\landscape" : ""}\n` +
    `\\sectd${landscape ? "\\lndscpsxn" : ""}\\pgwsxn${pw}\\pghsxn${ph}\\marglsxn${MARGIN}\\margrsxn${MARGIN}\\margtsxn${margt}\\margbsxn${margb}\\headery${MARGIN}\\footery${MARGIN}\n` +
    header +
    footer +
    body +
    // A table must be followed by a paragraph; a figure already ends with one.
    (o.kind === "figure" ? "}\n" : "\\pard\\plain\\f0\\fs2\\par\n}\n")
  );
}

export async function writeRtf(o: Output, stamp: Stamp, path: string): Promise<void> {
  await writeFile(path, renderRtf(o, stamp), "latin1");
}
