/** Column helpers over the columnar Dataset: distinct-value codes, group ids, record keys. */
import { CharColumn, type Column, type Dataset, type NumColumn } from "@trialforge/core";

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/**
 * Dense ids (0..count-1, first-seen order) for the values of a Float64Array, by an open-addressing hash
 * table in typed arrays: millions of rows, no per-row objects. NaN gets id -1 when `nanIsMissing`.
 */
function denseIds(values: Float64Array, nanIsMissing: boolean): { ids: Int32Array; count: number } {
  const n = values.length;
  let size = 16;
  while (size < n * 2) size <<= 1;
  const mask = size - 1;
  const slotKey = new Float64Array(size);
  const slotId = new Int32Array(size).fill(-1);
  const ids = new Int32Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const x = values[i]!;
    if (Number.isNaN(x) && nanIsMissing) {
      ids[i] = -1;
      continue;
    }
    f64[0] = x === 0 ? 0 : x; // -0 and 0 are one value
    let h = Math.imul(u32[0]! ^ Math.imul(u32[1]!, 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 15;
    let j = h & mask;
    for (;;) {
      const id = slotId[j]!;
      if (id === -1) {
        slotKey[j] = x;
        slotId[j] = count;
        ids[i] = count++;
        break;
      }
      const k = slotKey[j]!;
      if (k === x || (Number.isNaN(k) && Number.isNaN(x))) {
        ids[i] = id;
        break;
      }
      j = (j + 1) & mask;
    }
  }
  return { ids, count };
}

/**
 * Integer codes for a column: Char uses its dictionary codes; Num numbers its distinct values 1..k (NaN = 0).
 */
export function columnCodes(col: Column): { codes: ArrayLike<number>; cardinality: number } {
  if (col.kind === "Char") return { codes: col.codes, cardinality: col.dict.length };
  const { ids, count } = denseIds(col.values.subarray(0, col.length), true);
  const out = new Uint32Array(col.length);
  for (let i = 0; i < col.length; i++) out[i] = ids[i]! + 1;
  return { codes: out, cardinality: count + 1 };
}

/**
 * A group key per row for the combination of `vars`: a mixed-radix number of the column codes, exact below
 * 2^53 (ranks are re-densified whenever the radix product would pass that). Equal keys = equal values.
 */
export function groupKeys(ds: Dataset, vars: readonly string[]): { keys: Float64Array; cardinality: number } {
  const n = ds.length;
  let keys: Float64Array = new Float64Array(n);
  let card = 1;
  for (const name of vars) {
    const { codes, cardinality } = columnCodes(ds.column(name));
    if (card * cardinality > 2 ** 52) ({ ids: keys, count: card } = densify(keys));
    for (let i = 0; i < n; i++) keys[i] = keys[i]! * cardinality + codes[i]!;
    card *= cardinality;
  }
  return { keys, cardinality: card };
}

/** A dense group id per row for the combination of `vars` (0..count-1). */
export function groupIds(ds: Dataset, vars: readonly string[]): { ids: Float64Array; count: number } {
  return densify(groupKeys(ds, vars).keys);
}

function densify(keys: Float64Array): { ids: Float64Array; count: number } {
  const { ids, count } = denseIds(keys, false);
  return { ids: Float64Array.from(ids), count };
}

/** The distinct (a, b) code pairs of two equally long code arrays (b codes below `bCardinality`). */
export function distinctPairs(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  bCardinality: number,
): [number, number][] {
  const keys = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) keys[i] = a[i]! * bCardinality + b[i]!;
  const { ids, count } = denseIds(keys, false);
  const out: [number, number][] = [];
  const seen = new Uint8Array(count);
  for (let i = 0; i < ids.length; i++) {
    const g = ids[i]!;
    if (!seen[g]) {
      seen[g] = 1;
      out.push([a[i]!, b[i]!]);
    }
  }
  return out;
}

/** A Char column holding a Num column's values as text (one string per distinct value). */
export function numAsChar(col: NumColumn): CharColumn {
  const { codes, cardinality } = columnCodes(col);
  const text = new Array<string>(cardinality).fill("");
  for (let i = 0; i < col.length; i++)
    if (codes[i] !== 0 && text[codes[i]!] === "") text[codes[i]!] = String(col.values[i]);
  const out = new CharColumn(col.length);
  const map = text.map((t) => out.codeOf(t));
  for (let i = 0; i < col.length; i++) out.pushCode(map[codes[i]!]!);
  return out.seal();
}

/** Rows whose combination of `vars` repeats an earlier row's. */
export function duplicateRows(ds: Dataset, vars: readonly string[]): number[] {
  const { ids, count } = denseIds(groupKeys(ds, vars).keys, false);
  if (count === ds.length) return [];
  const seen = new Uint8Array(count);
  const rows: number[] = [];
  for (let i = 0; i < ids.length; i++) {
    const g = ids[i]!;
    if (seen[g]) rows.push(i);
    else seen[g] = 1;
  }
  return rows;
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

const usedCache = new WeakMap<CharColumn, Uint8Array>();
const firstCache = new WeakMap<CharColumn, Int32Array>();

/** Codes of a Char column used by at least one row (cached per column). */
export function usedCodes(col: CharColumn): Uint8Array {
  const hit = usedCache.get(col);
  if (hit && hit.length === col.dict.length) return hit;
  const used = new Uint8Array(col.dict.length);
  const c = col.codes;
  for (let i = 0; i < col.length; i++) used[c[i]!] = 1;
  usedCache.set(col, used);
  return used;
}

/** First row holding each code of a Char column (-1 when unused; cached per column). */
export function firstRowOfCode(col: CharColumn): Int32Array {
  const hit = firstCache.get(col);
  if (hit && hit.length === col.dict.length) return hit;
  const first = new Int32Array(col.dict.length).fill(-1);
  const c = col.codes;
  for (let i = 0; i < col.length; i++) if (first[c[i]!] === -1) first[c[i]!] = i;
  firstCache.set(col, first);
  return first;
}
