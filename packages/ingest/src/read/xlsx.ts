/**
 * Streaming XLSX reader of our own (zip directory + inflate + saxes), so every limit is ours: the first
 * worksheet in workbook order, or a named one. Cells become text: numbers without binary noise, date
 * cells (by their number format) as ISO 8601 (the Excel wall clock), formulas by their cached result,
 * rich and inline text by its plain text. Cells and rows without `r=` are placed by position (valid OOXML).
 */
import { UserError } from "@trialforge/core";
import type { RawForm } from "@trialforge/spec";
import type { SaxesTagPlain } from "saxes";
import { RawTableBuilder } from "../table-builder.ts";
import { type RawTable, RejectionCodes } from "../types.ts";
import { checkFile, fileError, mapHeader, type ReadContext } from "./context.ts";
import { parseXml, XmlError } from "./xml.ts";
import { readZipDirectory, readZipEntry, type ZipEntry, ZipError } from "./zip.ts";

export interface XlsxOptions {
  /** Worksheet name; default the first worksheet. */
  sheet?: string;
}

/** Largest worksheet XML read, uncompressed (a 1M-row, 13-column lab sheet is about 600 MB). */
export const MAX_SHEET_BYTES = 1 << 30;
/** Largest shared-strings part (held in memory) and largest other part (workbook, styles, relationships). */
export const MAX_SHARED_STRINGS_BYTES = 256 << 20;
const MAX_SMALL_PART_BYTES = 16 << 20;
/** Excel's own sheet size: 1,048,576 rows by 16,384 columns (XFD). */
export const MAX_ROWS = 1_048_576;
export const MAX_COLUMNS = 16_384;

/** Built-in number formats that show dates or times (ECMA-376 18.8.30, plus the East Asian ones). */
const DATE_FORMAT_IDS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54,
  55, 56, 57, 58,
]);

/** True when a custom number format shows a date or time (quoted text and [..] sections aside). */
export function isDateFormatCode(code: string): boolean {
  const bare = code.replace(/\[[^\]]*]/g, "").replace(/"[^"]*"/g, "");
  return /[ymdhsb]/i.test(bare.replace(/General/gi, ""));
}

/** The Date of an Excel serial number, on the 1900 (or 1904) date system, as exceljs reads it. */
export function excelSerialDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
}

/** 1-based column number of a cell reference ("C7" -> 3), or 0 when it has no column letters. */
function columnOf(ref: string): number {
  let c = 0;
  for (let i = 0; i < ref.length; i++) {
    const k = ref.charCodeAt(i);
    if (k < 65 || k > 90) break;
    c = c * 26 + (k - 64);
  }
  return c;
}

/** Joins a relationship target to the folder of the part that holds it ("worksheets/sheet1.xml" from xl/). */
function resolvePart(base: string, target: string): string {
  if (target.startsWith("/")) return target.slice(1);
  const parts = base.split("/").filter((x) => x !== "");
  for (const seg of target.split("/")) {
    if (seg === "..") parts.pop();
    else if (seg !== "." && seg !== "") parts.push(seg);
  }
  return parts.join("/");
}

interface Workbook {
  path: string;
  entries: Map<string, ZipEntry>;
  sheets: { name: string; part: string }[];
  date1904: boolean;
  /** Per cell style index: true when its number format is a date/time format. */
  dateStyles: boolean[];
  sharedStringsPart: string | undefined;
}

/** Reads a small part whole through `parseXml`. */
async function parsePart(
  wb: Pick<Workbook, "path" | "entries">,
  name: string,
  limit: number,
  on: Parameters<typeof parseXml>[1],
) {
  const e = wb.entries.get(name);
  if (!e) return false;
  try {
    await parseXml(readZipEntry(wb.path, e, limit), on);
  } catch (err) {
    if (err instanceof XmlError) throw new ZipError(`part ${name}: ${err.message}`);
    throw err;
  }
  return true;
}

/** Attribute without its namespace prefix ("r:id" and "id" alike). */
function attrLocal(tag: SaxesTagPlain, local: string): string | undefined {
  for (const [k, v] of Object.entries(tag.attributes)) if (k === local || k.endsWith(`:${local}`)) return v;
  return undefined;
}
const localOf = (name: string) => name.slice(name.indexOf(":") + 1);

async function openWorkbook(path: string): Promise<Workbook> {
  const entries = await readZipDirectory(path);
  const base = { path, entries };
  // The workbook part: from the package relationships, else the usual place.
  let workbookPart = "xl/workbook.xml";
  await parsePart(base, "_rels/.rels", MAX_SMALL_PART_BYTES, {
    open(tag) {
      const type = tag.attributes.Type ?? "";
      if (localOf(tag.name) === "Relationship" && type.endsWith("/officeDocument") && tag.attributes.Target)
        workbookPart = resolvePart("", tag.attributes.Target);
    },
  });
  const dir = workbookPart.slice(0, workbookPart.lastIndexOf("/") + 1);
  const sheetRefs: { name: string; rid: string }[] = [];
  let date1904 = false;
  const found = await parsePart(base, workbookPart, MAX_SMALL_PART_BYTES, {
    open(tag) {
      const n = localOf(tag.name);
      if (n === "sheet") sheetRefs.push({ name: tag.attributes.name ?? "", rid: attrLocal(tag, "id") ?? "" });
      else if (n === "workbookPr") {
        const v = tag.attributes.date1904;
        date1904 = v === "1" || v === "true";
      }
    },
  });
  if (!found) throw new ZipError(`the workbook has no part ${workbookPart} (not an XLSX workbook)`);
  const rels = new Map<string, { type: string; target: string }>();
  const relsPart = `${dir}_rels/${workbookPart.slice(dir.length)}.rels`;
  await parsePart(base, relsPart, MAX_SMALL_PART_BYTES, {
    open(tag) {
      if (localOf(tag.name) !== "Relationship") return;
      const { Id, Type, Target } = tag.attributes;
      if (Id && Target) rels.set(Id, { type: Type ?? "", target: resolvePart(dir, Target) });
    },
  });
  const sheets = sheetRefs.map((s) => ({ name: s.name, part: rels.get(s.rid)?.target ?? "" }));
  let sharedStringsPart: string | undefined;
  let stylesPart: string | undefined;
  for (const r of rels.values()) {
    if (r.type.endsWith("/sharedStrings")) sharedStringsPart = r.target;
    else if (r.type.endsWith("/styles")) stylesPart = r.target;
  }
  // Styles: number format per cell style, for telling date cells from numbers.
  const custom = new Map<number, string>();
  const xfFormats: number[] = [];
  let inCellXfs = false;
  if (stylesPart !== undefined)
    await parsePart(base, stylesPart, MAX_SMALL_PART_BYTES, {
      open(tag) {
        const n = localOf(tag.name);
        if (n === "numFmt") custom.set(Number(tag.attributes.numFmtId), tag.attributes.formatCode ?? "");
        else if (n === "cellXfs") inCellXfs = true;
        else if (n === "xf" && inCellXfs) xfFormats.push(Number(tag.attributes.numFmtId ?? 0));
      },
      close(name) {
        if (localOf(name) === "cellXfs") inCellXfs = false;
      },
    });
  const dateStyles = xfFormats.map((id) => {
    const code = custom.get(id);
    return code !== undefined ? isDateFormatCode(code) : DATE_FORMAT_IDS.has(id);
  });
  return { path, entries, sheets, date1904, dateStyles, sharedStringsPart };
}

/** The shared strings: the plain text of each `<si>` (phonetic runs left out). */
async function readSharedStrings(wb: Workbook): Promise<string[] | undefined> {
  const part = wb.sharedStringsPart;
  if (part === undefined || !wb.entries.has(part)) return undefined;
  const out: string[] = [];
  let cur = "";
  let inT = false;
  let phonetic = 0;
  await parsePart(wb, part, MAX_SHARED_STRINGS_BYTES, {
    open(tag) {
      const n = localOf(tag.name);
      if (n === "si") cur = "";
      else if (n === "t") inT = true;
      else if (n === "rPh") phonetic++;
    },
    text(t) {
      if (inT && phonetic === 0) cur += t;
    },
    close(name) {
      const n = localOf(name);
      if (n === "t") inT = false;
      else if (n === "rPh") phonetic--;
      else if (n === "si") out.push(cur);
    },
  });
  return out;
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
  let headerRow = 0;
  let header: string[] | undefined;
  let colOfField: Int32Array = new Int32Array(0);
  /** texts[c] for sheet column c (1-based) of the current row; `width` columns in use. */
  const texts: string[] = [""];
  let width = 0;

  /** One sheet row, its cells in `texts[1..width]`. */
  const onRow = (rowNumber: number) => {
    if (header === undefined) {
      const h: string[] = [];
      for (let c = 1; c <= width; c++) h.push(texts[c]!);
      if (h.every((t) => t === "")) return;
      while (h.length > 0 && h[h.length - 1] === "") h.pop();
      header = h;
      headerRow = rowNumber;
      colOfField = mapHeader(header, form, ctx);
      return;
    }
    let empty = true;
    let extra = 0;
    for (let c = 1; c <= width; c++) {
      if (texts[c] === "") continue;
      empty = false;
      if (c > header.length) extra = c;
    }
    if (empty) return;
    const dataRow = rowNumber - headerRow;
    if (extra > 0) {
      builder.rejectRecord(
        dataRow,
        RejectionCodes.COLUMN_COUNT,
        `row has a value in column ${extra}, beyond the ${header.length} header columns`,
      );
      return;
    }
    for (let f = 0; f < nFields; f++) {
      const c = colOfField[f]!;
      values[f] = c < 0 || c + 1 > width ? "" : texts[c + 1]!;
    }
    builder.commit(dataRow);
  };

  let wb: Workbook;
  let sheet: { name: string; part: string } | undefined;
  try {
    wb = await openWorkbook(path);
    sheet = opts.sheet === undefined ? wb.sheets[0] : wb.sheets.find((s) => s.name === opts.sheet);
    if (sheet === undefined) {
      throw fileError(
        "INGEST.NO_SHEET",
        ctx.file,
        opts.sheet === undefined
          ? "the workbook has no worksheet"
          : `worksheet ${JSON.stringify(opts.sheet)} not found; the workbook has: ${wb.sheets.map((s) => s.name).join(", ")}`,
      );
    }
    const entry = wb.entries.get(sheet.part);
    if (!entry)
      throw new ZipError(
        `worksheet ${JSON.stringify(sheet.name)} names part ${sheet.part || "(none)"}, which the file does not hold`,
      );
    const shared = await readSharedStrings(wb);
    const sharedPart = wb.sharedStringsPart ?? "xl/sharedStrings.xml";
    const { date1904, dateStyles } = wb;

    // Sheet state: row and column by r= when given, else by position.
    let inData = false;
    let row = 0;
    let col = 0;
    let cellType = "";
    let cellDate = false;
    let cellRef = "";
    let inValue = false; // <v> or <t> inside <is>
    let phonetic = 0;
    let value = "";
    const place = () => `${sheet!.part} cell ${cellRef || `row ${row} column ${col}`}`;
    await parseXml(readZipEntry(path, entry, MAX_SHEET_BYTES), {
      open(tag) {
        const n = localOf(tag.name);
        if (n === "sheetData") inData = true;
        else if (!inData) return;
        else if (n === "row") {
          const r = tag.attributes.r;
          const next = r !== undefined ? Number(r) : row + 1;
          if (!Number.isInteger(next) || next <= row || next > MAX_ROWS)
            throw new ZipError(
              `part ${sheet!.part}: row number ${r ?? next} is out of order or beyond ${MAX_ROWS} (after row ${row})`,
            );
          row = next;
          col = 0;
          width = 0;
        } else if (n === "c") {
          cellRef = tag.attributes.r ?? "";
          const c = cellRef !== "" ? columnOf(cellRef) : col + 1;
          if (c <= col || c > MAX_COLUMNS)
            throw new ZipError(
              `part ${sheet!.part}: cell ${cellRef || `number ${c}`} of row ${row} is out of order or beyond column ${MAX_COLUMNS}`,
            );
          for (let k = width + 1; k < c; k++) texts[k] = "";
          col = c;
          width = c;
          texts[c] = "";
          cellType = tag.attributes.t ?? "n";
          cellDate = dateStyles[Number(tag.attributes.s ?? 0)] === true;
          value = "";
        } else if (n === "v" || (n === "t" && cellType === "inlineStr")) inValue = true;
        else if (n === "rPh") phonetic++;
      },
      text(t) {
        if (inValue && phonetic === 0) value += t;
      },
      close(name) {
        const n = localOf(name);
        if (!inData) return;
        if (n === "v" || n === "t") inValue = false;
        else if (n === "rPh") phonetic--;
        else if (n === "c") texts[col] = cellValue().trim();
        else if (n === "row") onRow(row);
        else if (n === "sheetData") inData = false;
      },
    });

    function cellValue(): string {
      switch (cellType) {
        case "s": {
          if (value === "") return "";
          if (shared === undefined)
            throw new ZipError(
              `${place()} refers to shared string ${value}, but the workbook has no shared strings part (${sharedPart})`,
            );
          const s = shared[Number(value)];
          if (s === undefined)
            throw new ZipError(
              `${place()} refers to shared string ${value}; part ${sharedPart} holds ${shared.length}`,
            );
          return s;
        }
        case "inlineStr":
        case "str":
        case "e":
        case "d":
          return value;
        case "b":
          return value === "" ? "" : value === "0" ? "FALSE" : "TRUE";
        default: {
          if (value === "") return "";
          const x = Number(value);
          if (!Number.isFinite(x))
            throw new ZipError(`${place()} holds ${JSON.stringify(value.slice(0, 40))}, not a number`);
          return cellDate ? excelDateText(excelSerialDate(x, date1904)) : excelNumberText(x);
        }
      }
    }
  } catch (e) {
    if (e instanceof UserError) throw e;
    if (e instanceof XmlError)
      throw fileError(
        "INGEST.BAD_XLSX",
        ctx.file,
        `cannot read the workbook: part ${sheet?.part}: ${e.message}`,
      );
    if (e instanceof ZipError)
      throw fileError("INGEST.BAD_XLSX", ctx.file, `cannot read the workbook: ${e.message}`);
    throw fileError("INGEST.BAD_XLSX", ctx.file, `cannot read the workbook: ${(e as Error).message}`);
  }
  if (header === undefined)
    throw fileError(
      "INGEST.EMPTY_FILE",
      ctx.file,
      "worksheet is empty: expected a header row with the column names",
    );
  return builder.build();
}
