/**
 * Render-neutral model of a TLF output. Layouts build these from ADaM; every renderer (PDF, RTF, XLSX,
 * JSON) draws from the same object, so the formats can never disagree about a number.
 */

/** Stamp printed in every footer: the data cut and the build's run time, passed in (never the clock). */
export interface Stamp {
  /** ISO date of the data cut-off, e.g. "2025-06-30". */
  dataCut: string;
  /** ISO 8601 UTC build timestamp (from SOURCE_DATE_EPOCH / the manifest), e.g. "2026-01-01T00:00:00Z". */
  runStamp: string;
  /** Study identifier printed top left, e.g. "NCT05563545". */
  study?: string;
}

export type Align = "left" | "center" | "right";

/** One number behind a displayed cell: "3 (25.0)" holds n=3 and pct=25. */
export interface Stat {
  /** ARD statName: "n", "pct", "mean", "sd", "median", "min", "max", "lcl", "ucl", "N", ... */
  name: string;
  value: number | null;
}

/** A displayed cell: the formatted text plus the numbers it shows and its QC keys. */
export interface Cell {
  text: string;
  stats: Stat[];
  /** Row key (stable, e.g. "soc=Blood disorders|pt=Anaemia"). */
  rowKey: string;
  /** Column key (e.g. "trt=DL1", "total"). */
  colKey: string;
}

export interface Column {
  key: string;
  /** Header text; "\n" separates lines. */
  label: string;
  /** Big N shown under the label as "(N=xx)". */
  n?: number;
  /** Relative width (weights are scaled to the page). */
  width: number;
  align: Align;
  /** Key of the spanning header above this column (spans are contiguous). */
  span?: string;
  /**
   * Keys of the columns this one is the union of (a Total column over the treatment columns). Every
   * subject belongs to one treatment column, so each subject count here equals the sum of those columns'.
   */
  totalOf?: string[];
}

export interface Span {
  key: string;
  label: string;
}

export interface Row {
  key: string;
  /** Row label (tables); listings leave it "" and have no stub column. */
  label: string;
  /** Indentation level of the label (0 = flush). */
  indent: number;
  /** One cell per column, in column order; a blank cell has text "". */
  cells: Cell[];
  /** Keep this row on the same page as the next (e.g. a SOC line with its first PT). */
  keepWithNext?: boolean;
  /** Bold label (group header rows). */
  strong?: boolean;
  /**
   * Key of the row whose subjects include this row's (the SOC above a PT, "any event" above a SOC, a term
   * above its grade rows): every subject count here is at most the parent's in the same column.
   */
  parent?: string;
  /** Records per subject behind this row's statistics: what the layout declares and what each cell used. */
  records?: RecordsPerSubject;
}

/** The records-per-subject promise of a row of statistics, checked at build time. */
export interface RecordsPerSubject {
  /** "one": one analysis record per subject (per parameter and visit); "all": every record counts. */
  declared: "one" | "all";
  /** Largest number of records of one subject used by each cell, in column order. */
  maxPerSubject: number[];
}

/** Rows printed together; every section after the first starts a new page (page break by group). */
export interface Section {
  /** e.g. "Dose level: DL2 (1 x 10^8 cells/kg)"; printed above the table and repeated on each page. */
  label?: string;
  rows: Row[];
}

interface OutputBase {
  /** Stable output id, e.g. "t-ae-socpt"; file names and footers use it. */
  id: string;
  /** Output number shown in the title, e.g. "Table 14.3.1.2". */
  number?: string;
  /** Title lines (first is the main title, then subtitles such as the population). */
  titles: string[];
  footnotes: string[];
  /** Source line, e.g. "Source: ADAE, ADSL". */
  source: string;
  orientation: "landscape" | "portrait";
  paper: "letter" | "a4";
}

/** A summary table: a stub column of indented row labels, then data columns. */
export interface TableOutput extends OutputBase {
  kind: "table";
  /** Header of the stub (row label) column. */
  stubHeader: string;
  stubWidth: number;
  columns: Column[];
  spans: Span[];
  sections: Section[];
}

/** A listing: many rows, no stub; columns repeat on every page. */
export interface ListingOutput extends OutputBase {
  kind: "listing";
  columns: Column[];
  spans: Span[];
  sections: Section[];
}

/** A figure: one SVG (drawn by our figure builder) plus the numbers it plots, for QC. */
export interface FigureOutput extends OutputBase {
  kind: "figure";
  svg: string;
  /** SVG user-space size in points (1/72 in). */
  width: number;
  height: number;
  /** The plotted numbers (each point, error bar and number at risk) with keys. */
  data: Cell[];
}

export type Output = TableOutput | ListingOutput | FigureOutput;
export type GridOutput = TableOutput | ListingOutput;

/** Header text of a column including its big N. */
export function columnHeader(c: Column): string {
  return c.n === undefined ? c.label : `${c.label}\n(N=${c.n})`;
}

/** Page size in points. */
export function pageSize(o: Pick<OutputBase, "orientation" | "paper">): { width: number; height: number } {
  const [w, h] = o.paper === "a4" ? [595.28, 841.89] : [612, 792];
  return o.orientation === "landscape" ? { width: h, height: w } : { width: w, height: h };
}

/** "Page x of y" footer convention and the stamp line, shared by PDF and RTF. */
export function stampLine(o: Pick<OutputBase, "id">, stamp: Stamp): string {
  return `Output: ${o.id}   Data cut-off: ${stamp.dataCut}   Run: ${stamp.runStamp}`;
}

/** Every cell of a grid output, in reading order. */
export function* gridCells(o: GridOutput): IterableIterator<{ row: Row; cell: Cell; column: Column }> {
  for (const s of o.sections) {
    for (const row of s.rows) {
      for (let j = 0; j < o.columns.length; j++) yield { row, cell: row.cells[j]!, column: o.columns[j]! };
    }
  }
}

/** Spans grouped into runs over the columns: `[{span?, from, count}]` for header row layout. */
export function spanRuns(
  columns: readonly Column[],
  spans: readonly Span[],
): { span?: Span; from: number; count: number }[] {
  const runs: { span?: Span; from: number; count: number }[] = [];
  for (let j = 0; j < columns.length; j++) {
    const key = columns[j]!.span;
    const last = runs[runs.length - 1];
    if (key !== undefined && last?.span?.key === key) last.count++;
    else
      runs.push({
        span: key === undefined ? undefined : spans.find((s) => s.key === key),
        from: j,
        count: 1,
      });
  }
  return runs;
}
