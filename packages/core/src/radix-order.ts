/** Fast row ordering for big datasets (additive to dataset.ts; same semantics as orderByColumns). */
import { type Column, compareValues } from "./dataset.ts";

/**
 * The row order of orderByColumns (missing first, numbers numerically, strings by code unit, ties in original
 * order), computed as a stable LSD radix sort over per-row ranks instead of a comparator sort: one counting
 * pass per column. Same result, several times faster for millions of rows.
 */
export function radixOrderByColumns(cols: readonly Column[], length: number): Uint32Array {
  const n = length;
  let idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  let tmp = new Uint32Array(n);
  for (let c = cols.length - 1; c >= 0; c--) {
    const col = cols[c]!;
    // rank[row] in 0..nRanks-1: equal values share a rank, order as the comparator's.
    const rank = new Uint32Array(n);
    let nRanks: number;
    if (col.kind === "Char") {
      const order = col.dict.map((_, k) => k).sort((x, y) => compareValues(col.dict[x]!, col.dict[y]!));
      const byCode = new Uint32Array(col.dict.length);
      order.forEach((code, r) => {
        byCode[code] = r;
      });
      for (let i = 0; i < n; i++) rank[i] = byCode[col.codes[i]!]!;
      nRanks = col.dict.length;
    } else {
      // Missing (NaN) first; -0 and 0 are one value (the comparator's a - b is 0).
      const vals = col.values;
      const distinct = new Map<number, number>();
      for (let i = 0; i < n; i++) {
        const x = vals[i]!;
        if (!Number.isNaN(x) && !distinct.has(x)) distinct.set(x, 0);
      }
      const sorted = [...distinct.keys()].sort((a, b) => a - b);
      sorted.forEach((x, r) => {
        distinct.set(x, r + 1);
      });
      for (let i = 0; i < n; i++) {
        const x = vals[i]!;
        rank[i] = Number.isNaN(x) ? 0 : distinct.get(x)!;
      }
      nRanks = sorted.length + 1;
    }
    // Stable counting sort of idx by rank.
    const start = new Uint32Array(nRanks + 1);
    for (let i = 0; i < n; i++) start[rank[i]! + 1]!++;
    for (let r = 0; r < nRanks; r++) start[r + 1]! += start[r]!;
    for (let j = 0; j < n; j++) {
      const i = idx[j]!;
      tmp[start[rank[i]!]!++] = i;
    }
    [idx, tmp] = [tmp, idx];
  }
  return idx;
}
