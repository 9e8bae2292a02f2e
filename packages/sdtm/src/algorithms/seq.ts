import { radixOrderByColumns } from "@trialforge/core";
import type { Frame } from "../internal/frame.ts";

/**
 * Sorts the records by USUBJID then `order`, and numbers them 1..n within each subject into `seqVar`.
 * @remarks SDTMIG 4.1.5: --SEQ is unique per subject within a domain; deterministic because the sort is by
 * the spec's order with the raw form and row as the final tie-breakers.
 */
export function deriveSeq(frame: Frame, seqVar: string, order: readonly string[]): void {
  const idx = sortRecords(frame, ["USUBJID", ...order, "__FORM", "__ROW"]);
  frame.reorder(idx);
  const subj = frame.char("USUBJID");
  let prev = -1;
  let n = 0;
  frame.setNum(seqVar, (i) => {
    const c = subj.codes[i]!;
    n = c === prev ? n + 1 : 1;
    prev = c;
    return n;
  });
}

/** Record order by the given columns (missing first, numbers numerically, text by code unit). */
export function sortRecords(frame: Frame, by: readonly string[]): Uint32Array {
  return radixOrderByColumns(
    by.filter((n) => frame.has(n)).map((n) => frame.cols.get(n)!),
    frame.length,
  );
}
