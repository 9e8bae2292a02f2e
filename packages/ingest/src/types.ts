/**
 * The ingest output contract (see CONTRACTS.md "Ingest output"): typed raw tables plus a rejection log.
 */
import type { Dataset, Diagnostic } from "@trialforge/core";
import type { RawForm } from "@trialforge/spec";

/**
 * One problem that kept a raw record out of its RawTable.
 * A record with several bad fields gives one Rejection per bad field (same `row`); the table's
 * `rejected` count counts records, not Rejections.
 */
export interface Rejection {
  /** Form id, e.g. "AE". */
  form: string;
  /** File relative to the raw folder, e.g. "edc/ae.csv". */
  file: string;
  /** 1-based data row (header excluded); XLSX: sheet row minus the header row; ODM: ItemGroupData ordinal of the form. */
  row: number;
  /** Field (column) name when the problem is in one field. */
  column?: string;
  /** Stable machine code: ingest's are `RejectionCodes` ("INGEST.BAD_DATE"); later stages add their own. */
  code: string;
  /** One readable sentence. */
  reason: string;
  /** The offending raw text (trimmed) when there is one. */
  value?: string;
}

/** Orders rejections by file, row, column (none first), code; stable otherwise. */
export function compareRejections(a: Rejection, b: Rejection): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.row !== b.row) return a.row - b.row;
  const ac = a.column ?? "";
  const bc = b.column ?? "";
  if (ac !== bc) return ac < bc ? -1 : 1;
  if (a.code !== b.code) return a.code < b.code ? -1 : 1;
  return 0;
}

/** Stable rejection codes. */
export const RejectionCodes = {
  REQUIRED: "INGEST.REQUIRED",
  BAD_INTEGER: "INGEST.BAD_INTEGER",
  BAD_FLOAT: "INGEST.BAD_FLOAT",
  BAD_DATE: "INGEST.BAD_DATE",
  BAD_TIME: "INGEST.BAD_TIME",
  BAD_DATETIME: "INGEST.BAD_DATETIME",
  NOT_IN_LIST: "INGEST.NOT_IN_LIST",
  TOO_LONG: "INGEST.TOO_LONG",
  OUT_OF_RANGE: "INGEST.OUT_OF_RANGE",
  DUPLICATE_KEY: "INGEST.DUPLICATE_KEY",
  NOT_UTF8: "INGEST.NOT_UTF8",
  BAD_QUOTING: "INGEST.BAD_QUOTING",
  COLUMN_COUNT: "INGEST.COLUMN_COUNT",
  UNKNOWN_SUBJECT: "INGEST.UNKNOWN_SUBJECT",
  DUPLICATE_ITEM: "INGEST.DUPLICATE_ITEM",
  REMOVED: "INGEST.REMOVED",
} as const;
export type RejectionCode = (typeof RejectionCodes)[keyof typeof RejectionCodes];

export interface RawTable {
  form: RawForm;
  /** File relative to the raw folder. */
  file: string;
  /**
   * All raw fields as Char columns named exactly as the form's fields (trimmed text, "" = empty), in form
   * order, plus Num column SOURCEROW (same numbering as `Rejection.row`).
   */
  data: Dataset;
  read: number;
  accepted: number;
  rejected: number;
}

export interface IngestResult {
  /** Keyed by form id. */
  tables: Map<string, RawTable>;
  /** Sorted by file, row, column, code. */
  rejections: Rejection[];
  /** Warnings about the files themselves (unknown columns, unknown ODM items, encoding), in reading order. */
  diagnostics: Diagnostic[];
}
