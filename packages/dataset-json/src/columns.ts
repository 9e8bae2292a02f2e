/**
 * Dataset metadata <-> Dataset-JSON 1.1 column metadata. The same VariableMeta that drives the XPT
 * NAMESTRs drives these columns, so an XPT file and its Dataset-JSON twin agree.
 */
import type { Dataset, DatasetMeta, DataType, NumColumn, VariableMeta } from "@trialforge/core";
import { isIsoableSasDate, isIsoableSasDatetime, isIsoableSasTime, temporalKind } from "./dates.ts";

export type DjDataType =
  | "string"
  | "integer"
  | "decimal"
  | "float"
  | "double"
  | "boolean"
  | "datetime"
  | "date"
  | "time"
  | "URI";

/** One Dataset-JSON 1.1 column definition. */
export interface DjColumn {
  itemOID: string;
  name: string;
  label: string;
  dataType: DjDataType;
  targetDataType?: "integer" | "decimal";
  length?: number;
  displayFormat?: string;
  keySequence?: number;
}

/** How a writer encodes one column's values. */
export type ValueKind = "char" | "num" | "date" | "datetime" | "time";

const CHAR_TYPES: Partial<Record<DataType, DjDataType>> = {
  date: "date",
  partialDate: "date",
  datetime: "datetime",
  partialDatetime: "datetime",
  incompleteDatetime: "datetime",
  time: "time",
  partialTime: "time",
};

/**
 * What the values of a numeric column allow, per variable (undefined for character variables): whether
 * every non-missing value is whole, and can be written as an ISO 8601 date / datetime / time. Facts of
 * blocks of one dataset combine with mergeColumnFacts, so a streaming writer can decide the column
 * types of a file from a first pass.
 */
export interface NumFacts {
  integer: boolean;
  date: boolean;
  datetime: boolean;
  time: boolean;
}
export type ColumnFacts = (NumFacts | undefined)[];

function numFacts(col: NumColumn, displayFormat: string | undefined): NumFacts {
  const t = temporalKind(displayFormat);
  const v = col.values;
  let integer = true;
  let date = t === "date";
  let datetime = t === "datetime";
  let time = t === "time";
  for (let i = 0; i < col.length; i++) {
    const x = v[i]!;
    if (Number.isNaN(x)) continue;
    if (integer && !Number.isInteger(x)) integer = false;
    if (date && !isIsoableSasDate(x)) date = false;
    if (datetime && !isIsoableSasDatetime(x)) datetime = false;
    if (time && !isIsoableSasTime(x)) time = false;
    if (!integer && !date && !datetime && !time) break;
  }
  return { integer, date, datetime, time };
}

/** The facts of every column of `ds` (a dataset or one block of it). */
export function columnFacts(ds: Dataset): ColumnFacts {
  return ds.meta.variables.map((v) => {
    const col = ds.column(v.name);
    return col.kind === "Num" ? numFacts(col, v.displayFormat) : undefined;
  });
}

/** Facts of two blocks of the same dataset, combined. */
export function mergeColumnFacts(a: ColumnFacts, b: ColumnFacts): ColumnFacts {
  return a.map((f, j) => {
    const g = b[j];
    return f && g
      ? {
          integer: f.integer && g.integer,
          date: f.date && g.date,
          datetime: f.datetime && g.datetime,
          time: f.time && g.time,
        }
      : f;
  });
}

/**
 * Column definitions for a dataset, plus how each column's values are written.
 * Numeric variables with a SAS date/datetime/time display format are written as ISO 8601 text with
 * targetDataType "integer" (Dataset-JSON 1.1), unless some value cannot be (non-integer, out of range):
 * then the column stays a plain number so nothing is lost.
 */
export function toColumns(ds: Dataset): { columns: DjColumn[]; kinds: ValueKind[] } {
  return toColumnsFrom(ds.meta, columnFacts(ds));
}

/** Column definitions from metadata and the facts of the values (see columnFacts). */
export function toColumnsFrom(
  meta: DatasetMeta,
  facts: ColumnFacts,
): { columns: DjColumn[]; kinds: ValueKind[] } {
  const keySeq = new Map(meta.keys.map((k, i) => [k, i + 1]));
  const columns: DjColumn[] = [];
  const kinds: ValueKind[] = [];
  meta.variables.forEach((v, j) => {
    const c: DjColumn = {
      itemOID: `IT.${meta.name}.${v.name}`,
      name: v.name,
      label: v.label ?? "",
      dataType: "string",
    };
    let kind: ValueKind = "char";
    const f = facts[j];
    if (v.type === "Char" || !f) {
      c.dataType = (v.dataType && CHAR_TYPES[v.dataType]) ?? "string";
      c.length = v.length;
    } else {
      const t = temporalKind(v.displayFormat);
      if (t === "date" && f.date) kind = "date";
      else if (t === "datetime" && f.datetime) kind = "datetime";
      else if (t === "time" && f.time) kind = "time";
      else kind = "num";
      if (kind === "num")
        c.dataType =
          (v.dataType === undefined || v.dataType === "integer") && f.integer ? "integer" : "float";
      else {
        c.dataType = kind;
        c.targetDataType = "integer";
      }
      if (v.length && v.length !== 8) c.length = v.length;
    }
    if (v.displayFormat) c.displayFormat = v.displayFormat;
    const ks = v.keySequence ?? keySeq.get(v.name);
    if (ks !== undefined) c.keySequence = ks;
    columns.push(c);
    kinds.push(kind);
  });
  return { columns, kinds };
}

const DEFAULT_TEMPORAL_FORMAT = { date: "DATE9.", datetime: "E8601DT19.", time: "TIME8." } as const;

/** Variable metadata of a Dataset-JSON column (character length filled in later when absent). */
export function toVariableMeta(c: DjColumn): { meta: VariableMeta; kind: ValueKind | "decimal" | "boolean" } {
  const t = c.dataType;
  const temporal = t === "date" || t === "datetime" || t === "time";
  const numeric =
    t === "integer" ||
    t === "float" ||
    t === "double" ||
    t === "decimal" ||
    t === "boolean" ||
    (temporal && c.targetDataType === "integer");
  const v: VariableMeta = {
    name: c.name,
    label: c.label ?? "",
    type: numeric ? "Num" : "Char",
    length: numeric ? 8 : (c.length ?? 0),
  };
  let kind: ValueKind | "decimal" | "boolean" = numeric ? "num" : "char";
  if (numeric) {
    if (c.length && c.length >= 3 && c.length <= 8) v.length = c.length;
    if (temporal) {
      kind = t as ValueKind;
      v.displayFormat = c.displayFormat ?? DEFAULT_TEMPORAL_FORMAT[t as "date"];
      v.dataType = "integer";
    } else {
      if (t === "decimal") kind = "decimal";
      if (t === "boolean") kind = "boolean";
      v.dataType = t === "integer" || t === "boolean" ? "integer" : "float";
    }
  } else {
    v.dataType = t === "date" ? "date" : t === "datetime" ? "datetime" : t === "time" ? "time" : "text";
  }
  if (c.displayFormat && !v.displayFormat) v.displayFormat = c.displayFormat;
  if (c.keySequence !== undefined) v.keySequence = c.keySequence;
  return { meta: v, kind };
}

/** Dataset metadata from the Dataset-JSON header fields. */
export function toDatasetMeta(name: string, label: string, variables: VariableMeta[]): DatasetMeta {
  const adam = /^AD/i.test(name);
  const keys = variables
    .filter((v) => v.keySequence !== undefined)
    .sort((a, b) => a.keySequence! - b.keySequence!)
    .map((v) => v.name);
  return {
    name,
    label,
    // Dataset-JSON does not record these; callers who know better overwrite them.
    standard: adam ? "ADaM" : "SDTM",
    class: adam ? "ADAM OTHER" : "FINDINGS",
    structure: "",
    keys,
    variables,
  };
}
