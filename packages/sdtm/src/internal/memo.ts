import type { CharColumn } from "@trialforge/core";

/**
 * A per-record function of a dictionary-coded column, computed once per distinct value: millions of LB
 * records share a few thousand dates, so date parsing runs per value, not per record.
 */
export function byCode<T>(col: CharColumn, f: (s: string) => T): (row: number) => T {
  const memo: T[] = new Array(col.dict.length);
  const done = new Uint8Array(col.dict.length);
  const codes = col.codes;
  return (row) => {
    const c = codes[row]!;
    if (!done[c]) {
      memo[c] = f(col.dict[c]!);
      done[c] = 1;
    }
    return memo[c]!;
  };
}
