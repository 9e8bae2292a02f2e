/** Column helpers over the columnar Dataset: distinct-value codes, group ids, record keys. */
import type { CharColumn, Column, Dataset, NumColumn } from "@trialforge/core";

/** Integer codes for a column: Char uses its dictionary codes, Num maps each distinct value (NaN = 0). */
export function columnCodes(col: Column): { codes: ArrayLike<number>; cardinality: number } {
  if (col.kind === "Char") return { codes: col.codes, cardinality: col.dict.length };
  const map = new Map<number, number>();
  const out = new Uint32Array(col.length);
  const v = col.values;
  for (let i = 0; i < col.length; i++) {
    const x = v[i]!;
    if (x !== x) continue;
    let c = map.get(x);
    if (c === undefined) {
      c = map.size + 1;
      map.set(x, c);
    }
    out[i] = c;
  }
  return { codes: out, cardinality: map.size + 1 };
}

/**
 * A dense group id per row for the combination of `vars` (0..count-1), built by mixed-radix combination
 * of column codes, re-densified only when the radix product nears 2^53.
 */
export function groupIds(ds: Dataset, vars: readonly string[]): { ids: Float64Array; count: number } {
  const n = ds.length;
  let ids: Float64Array = new Float64Array(n);
  let card = 1;
  for (const name of vars) {
    const { codes, cardinality } = columnCodes(ds.column(name));
    if (card * cardinality > 2 ** 52) {
      ({ ids, count: card } = densify(ids));
    }
    for (let i = 0; i < n; i++) ids[i] = ids[i]! * cardinality + codes[i]!;
    card *= cardinality;
  }
  return densify(ids);
}

function densify(ids: Float64Array): { ids: Float64Array; count: number } {
  const map = new Map<number, number>();
  const out = new Float64Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const x = ids[i]!;
    let c = map.get(x);
    if (c === undefined) {
      c = map.size;
      map.set(x, c);
    }
    out[i] = c;
  }
  return { ids: out, count: map.size };
}

/** The SDTM variable prefix of a domain dataset: its DOMAIN value (split datasets), else its name. */
export function domainPrefix(ds: Dataset): string {
  if (ds.has("DOMAIN")) {
    const c = ds.column("DOMAIN");
    if (c.kind === "Char" && c.length > 0) {
      const v = c.get(0);
      if (/^[A-Z]{2}$/.test(v)) return v;
    }
  }
  return ds.name.slice(0, 2).toUpperCase();
}

export function cellText(col: Column, i: number): string {
  if (col.kind === "Char") return col.get(i);
  const sp = col.specialAt(i);
  if (sp) return `.${sp === "_" ? "_" : sp}`;
  const x = col.get(i);
  return x === null ? "" : String(x);
}

/** "USUBJID=... AESEQ=3" for row i: the dataset keys (or USUBJID + --SEQ), for the report. */
export function recordKey(ds: Dataset, i: number, keys: readonly string[]): string {
  const parts: string[] = [];
  for (const k of keys) if (ds.has(k)) parts.push(`${k}=${cellText(ds.column(k), i)}`);
  if (parts.length === 0) parts.push(`row=${i + 1}`);
  return parts.join(" ");
}

export function isChar(col: Column | undefined): col is CharColumn {
  return col?.kind === "Char";
}
export function isNum(col: Column | undefined): col is NumColumn {
  return col?.kind === "Num";
}

/** Codes of a Char column used by at least one row. */
export function usedCodes(col: CharColumn): Uint8Array {
  const used = new Uint8Array(col.dict.length);
  const c = col.codes;
  for (let i = 0; i < col.length; i++) used[c[i]!] = 1;
  return used;
}

/** First row holding each code of a Char column (-1 when unused). */
export function firstRowOfCode(col: CharColumn): Int32Array {
  const first = new Int32Array(col.dict.length).fill(-1);
  const c = col.codes;
  for (let i = 0; i < col.length; i++) if (first[c[i]!] === -1) first[c[i]!] = i;
  return first;
}
