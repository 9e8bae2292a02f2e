/**
 * Raw origin of SDTM records (STYLE #17; ADaMIG traceability down to the collected data): per domain, each
 * record's identifying variables with the raw file and 1-based data row the mapping read it from.
 */
import { CharColumn, type Column, type NumColumn } from "@trialforge/core";
import { FORM_COL, type Frame, ROW_COL } from "./frame.ts";

export interface RecordOrigins {
  dataset: string;
  /** Variables that identify a record: USUBJID and --SEQ where the domain numbers its records, else its keys. */
  idVars: string[];
  /** One column per idVar, then the raw file (relative to the raw folder) and data row, per record. */
  ids: Column[];
  file: CharColumn;
  row: NumColumn;
  length: number;
}

/**
 * The origins of one domain frame, in the frame's current record order. Records the build derived rather than
 * read (SV, SE, trial design) have an empty file and a missing row.
 */
export function computeOrigins(
  frame: Frame,
  idVars: readonly string[],
  fileOf: (form: string) => string,
): RecordOrigins {
  const vars = idVars.filter((k) => frame.has(k));
  const form = frame.char(FORM_COL).seal();
  const file = new CharColumn(frame.length);
  const codes = form.dict.map((f) => file.codeOf(f ? fileOf(f) : ""));
  for (let i = 0; i < frame.length; i++) file.pushCode(codes[form.codes[i]!]!);
  return {
    dataset: frame.meta.name,
    idVars: vars,
    ids: vars.map((v) => frame.cols.get(v)!.seal()),
    file: file.seal(),
    row: frame.num(ROW_COL).seal(),
    length: frame.length,
  };
}
