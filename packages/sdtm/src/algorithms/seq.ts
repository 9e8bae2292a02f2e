import { type CharColumn, type Column, compareValues } from "@trialforge/core";
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
  const fns = by
    .filter((n) => frame.has(n))
    .map((n) => frame.cols.get(n)!)
    .map((c: Column) => {
      if (c.kind === "Num") {
        const vals = c.values;
        return (i: number, j: number) => {
          const a = vals[i]!;
          const b = vals[j]!;
          const an = Number.isNaN(a);
          const bn = Number.isNaN(b);
          if (an || bn) return an === bn ? 0 : an ? -1 : 1;
          return a - b;
        };
      }
      const cc = c as CharColumn;
      const ranks = rankDict(cc);
      const codes = cc.codes;
      return (i: number, j: number) => ranks[codes[i]!]! - ranks[codes[j]!]!;
    });
  const idx = new Uint32Array(frame.length);
  for (let i = 0; i < idx.length; i++) idx[i] = i;
  return idx.sort((i, j) => {
    for (const f of fns) {
      const d = f(i, j);
      if (d !== 0) return d;
    }
    return i - j;
  });
}

function rankDict(c: CharColumn): Uint32Array {
  const order = c.dict.map((_, k) => k).sort((x, y) => compareValues(c.dict[x]!, c.dict[y]!));
  const rank = new Uint32Array(c.dict.length);
  order.forEach((code, r) => {
    rank[code] = r;
  });
  return rank;
}
