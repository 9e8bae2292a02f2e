/**
 * Column plumbing shared by derivations: required-variable asserts, adding columns to a dataset without copying
 * the others, selecting SDTM records by a spec selector, and grouping rows by variables.
 */
import {
  CharColumn,
  type Column,
  compareValues,
  Dataset,
  type Diagnostics,
  NumColumn,
  type VariableMeta,
} from "@trialforge/core";
import type { AdamSelector } from "@trialforge/spec";
import { dtcSasDate } from "./dtc.ts";

/** Throws naming the first missing variable (admiral assert_data_frame(required_vars=)). */
export function assertVars(ds: Dataset, names: readonly string[], who: string): void {
  for (const n of names) {
    if (!ds.has(n)) throw new Error(`${who}: required variable ${n} is missing from ${ds.name}`);
  }
}

/** A numeric column from values (NaN = missing). */
export function numColumn(values: Float64Array): NumColumn {
  const c = new NumColumn(1);
  c.values = values;
  c.length = values.length;
  return c;
}

/** A character column from strings. */
export function charColumn(values: readonly string[]): CharColumn {
  const c = new CharColumn(values.length);
  for (const v of values) c.push(v);
  return c.seal();
}

/**
 * The dataset with columns added (or replaced, with a warning diagnostic: STYLE #9). Other columns are shared.
 */
export function withColumns(
  ds: Dataset,
  add: { meta: VariableMeta; column: Column }[],
  diagnostics?: Diagnostics,
): Dataset {
  const cols = new Map(ds.columns);
  const vars = [...ds.meta.variables];
  for (const a of add) {
    const at = vars.findIndex((v) => v.name === a.meta.name);
    if (at >= 0) {
      diagnostics?.warning(
        "ADAM.OVERWRITE",
        `${a.meta.name} already exists in ${ds.name} and is overwritten`,
        { dataset: ds.name, variable: a.meta.name },
      );
      vars[at] = a.meta;
    } else vars.push(a.meta);
    cols.set(a.meta.name, a.column);
  }
  return new Dataset({ ...ds.meta, variables: vars }, cols, ds.length);
}

/** Row indices of `ds` matching the selector's `where` (exact values); [] when the dataset lacks a variable. */
export function selectRows(ds: Dataset | undefined, sel: AdamSelector): number[] {
  if (!ds) return [];
  const tests: { codes: Uint32Array; ok: Uint8Array }[] = [];
  for (const [name, values] of Object.entries(sel.where)) {
    if (!ds.has(name)) return [];
    const c = ds.char(name);
    const ok = new Uint8Array(c.dict.length);
    for (const v of values) {
      const code = c.lookup(v);
      if (code !== undefined) ok[code] = 1;
    }
    tests.push({ codes: c.codes, ok });
  }
  const out: number[] = [];
  outer: for (let i = 0; i < ds.length; i++) {
    for (const t of tests) if (!t.ok[t.codes[i]!]) continue outer;
    out.push(i);
  }
  return out;
}

/** Rows of a dataset by USUBJID, in row order. */
export function rowsBySubject(ds: Dataset | undefined, rows?: readonly number[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  if (!ds?.has("USUBJID")) return out;
  const u = ds.char("USUBJID");
  const each = (i: number) => {
    const k = u.get(i);
    let l = out.get(k);
    if (!l) {
      l = [];
      out.set(k, l);
    }
    l.push(i);
  };
  if (rows) for (const i of rows) each(i);
  else for (let i = 0; i < ds.length; i++) each(i);
  return out;
}

/** Text of a character variable at a row, "" when the variable is absent. */
export function charAt(ds: Dataset | undefined, name: string, i: number): string {
  if (!ds?.has(name)) return "";
  const c = ds.column(name);
  const v = c.get(i);
  return v === null ? "" : String(v);
}

/** Value of a numeric variable at a row, null when absent or missing (character columns are parsed). */
export function numAt(ds: Dataset | undefined, name: string, i: number): number | null {
  if (!ds?.has(name)) return null;
  const c = ds.column(name);
  if (c.kind === "Num") return c.get(i);
  const s = c.get(i).trim();
  if (s === "") return null;
  const x = Number(s);
  return Number.isFinite(x) ? x : null;
}

/**
 * Sorted row order and group boundaries: rows sorted by `byVars` then `order`, `starts[g]..starts[g+1]` is group g.
 * Missing numeric order values sort first.
 */
export type OrderKey = string | { name: string; desc: true };

/**
 * Rows sorted by `byVars` then `order`, with group boundaries: `starts[g]..starts[g+1]` is group g.
 * Missing numeric values sort first. Groups are found by a dense composite key and bucketed in linear time;
 * only the rows inside a group are compared (millions of LB rows, groups of tens).
 */
export function groupRows(
  ds: Dataset,
  byVars: readonly string[],
  order: readonly OrderKey[],
  rows?: ArrayLike<number>,
): { idx: Uint32Array; starts: number[] } {
  let sel: Uint32Array;
  if (rows) sel = Uint32Array.from(rows as ArrayLike<number>);
  else {
    sel = new Uint32Array(ds.length);
    for (let i = 0; i < sel.length; i++) sel[i] = i;
  }
  const orderKeys = order.map((o) => {
    if (typeof o === "string") return rankOf(ds.column(o));
    const r = rankOf(ds.column(o.name));
    for (let i = 0; i < r.length; i++) r[i] = -r[i]!;
    return r;
  });
  // Composite group id per selected row, in by-variable order
  const gid = new Float64Array(ds.length);
  let space = 1;
  for (const v of byVars) {
    const { rank, size } = denseRank(ds.column(v));
    space *= size;
    for (let j = 0; j < sel.length; j++) {
      const i = sel[j]!;
      gid[i] = gid[i]! * size + rank[i]!;
    }
  }
  // Dense group numbers: a direct table when the id space is small, else a map of the ids present
  let nGroups: number;
  const group = new Uint32Array(sel.length);
  if (space <= Math.max(4 * sel.length, 1 << 20)) {
    const seen = new Int32Array(space).fill(-1);
    for (let j = 0; j < sel.length; j++) seen[gid[sel[j]!]!] = 0;
    nGroups = 0;
    for (let k = 0; k < space; k++) if (seen[k] === 0) seen[k] = nGroups++;
    for (let j = 0; j < sel.length; j++) group[j] = seen[gid[sel[j]!]!]!;
  } else {
    const distinct = new Map<number, number>();
    for (const i of sel) distinct.set(gid[i]!, 0);
    const keys = [...distinct.keys()].sort((a, b) => a - b);
    keys.forEach((k, g) => {
      distinct.set(k, g);
    });
    nGroups = keys.length;
    for (let j = 0; j < sel.length; j++) group[j] = distinct.get(gid[sel[j]!]!)!;
  }
  // Counting sort into groups
  const counts = new Uint32Array(nGroups + 1);
  for (let j = 0; j < sel.length; j++) counts[group[j]! + 1]!++;
  for (let g = 0; g < nGroups; g++) counts[g + 1]! += counts[g]!;
  const starts = Array.from(counts);
  const fill = counts.slice(0, nGroups);
  const idx = new Uint32Array(sel.length);
  for (let j = 0; j < sel.length; j++) idx[fill[group[j]!]!++] = sel[j]!;
  // Order inside each group (row index as the final tie-breaker; rows are in ascending order already)
  if (orderKeys.length > 0) {
    const cmp = (a: number, b: number) => {
      for (const k of orderKeys) {
        const d = k[a]! - k[b]!;
        if (d !== 0) return d;
      }
      return a - b;
    };
    for (let g = 0; g < nGroups; g++) {
      if (starts[g + 1]! - starts[g]! > 1) idx.subarray(starts[g]!, starts[g + 1]!).sort(cmp);
    }
  }
  if (sel.length === 0) return { idx, starts: [0] };
  return { idx, starts };
}

/** Dense 0-based rank per row of a column's values (missing first) and the number of ranks. */
function denseRank(c: Column): { rank: Float64Array; size: number } {
  const out = new Float64Array(c.length);
  if (c.kind === "Char") {
    const order = c.dict.map((_, k) => k).sort((x, y) => compareValues(c.dict[x]!, c.dict[y]!));
    const rank = new Float64Array(c.dict.length);
    order.forEach((code, r) => {
      rank[code] = r;
    });
    for (let i = 0; i < c.length; i++) out[i] = rank[c.codes[i]!]!;
    return { rank: out, size: Math.max(1, c.dict.length) };
  }
  const values = [
    ...new Set(
      Array.from(c.values.subarray(0, c.length), (x) => (Number.isNaN(x) ? Number.NEGATIVE_INFINITY : x)),
    ),
  ].sort((a, b) => a - b);
  const at = new Map(values.map((v, k) => [v, k]));
  for (let i = 0; i < c.length; i++) {
    const x = c.values[i]!;
    out[i] = at.get(Number.isNaN(x) ? Number.NEGATIVE_INFINITY : x)!;
  }
  return { rank: out, size: Math.max(1, values.length) };
}

/** Per-row sortable number: numeric value (missing = -Infinity) or the rank of a character value. */
function rankOf(c: Column): Float64Array {
  const out = new Float64Array(c.length);
  if (c.kind === "Num") {
    for (let i = 0; i < c.length; i++) {
      const x = c.values[i]!;
      out[i] = Number.isNaN(x) ? Number.NEGATIVE_INFINITY : x;
    }
    return out;
  }
  const order = c.dict.map((_, k) => k).sort((x, y) => compareValues(c.dict[x]!, c.dict[y]!));
  const rank = new Float64Array(c.dict.length);
  order.forEach((code, r) => {
    rank[code] = r;
  });
  for (let i = 0; i < c.length; i++) out[i] = rank[c.codes[i]!]!;
  return out;
}

/**
 * SAS date of a --DTC variable per row, parsing each distinct value once (dictionary-coded columns);
 * undefined when the variable is absent or the date is partial.
 */
export function dateAccessor(ds: Dataset | undefined, name: string): (i: number) => number | undefined {
  if (!ds?.has(name)) return () => undefined;
  const c = ds.column(name);
  if (c.kind !== "Char") return () => undefined;
  const cache = new Float64Array(c.dict.length).fill(Number.NaN);
  const done = new Uint8Array(c.dict.length);
  return (i) => {
    const code = c.codes[i]!;
    if (!done[code]) {
      cache[code] = dtcSasDate(c.dict[code]!) ?? Number.NaN;
      done[code] = 1;
    }
    const d = cache[code]!;
    return Number.isNaN(d) ? undefined : d;
  };
}

/** A "Y"/"" flag column from 0/1 values, without per-row string handling. */
export function flagColumn(flags: Uint8Array, yes = "Y"): CharColumn {
  const c = new CharColumn(1);
  const y = c.codeOf(yes);
  const codes = new Uint32Array(flags.length);
  for (let i = 0; i < flags.length; i++) codes[i] = flags[i] ? y : 0;
  c.codes = codes;
  c.length = flags.length;
  return c;
}
