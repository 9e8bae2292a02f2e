/** Set membership and set operations (Operator.md "Set Membership", "Set Operations"). */
import { asText, type Col, type Frame, isNull, type Scalar, type Value } from "../frame.ts";
import type { Comparand } from "./types.ts";
import { comparandAt, literalList, negate, type Operator, type OperatorInput, rowwise } from "./types.ts";

const key = (v: Value): string => (typeof v === "number" ? `n${v}` : `s${asText(v)}`);

/** Membership keys: numbers and numeric text match each other ("1" and 1.0). */
function keysOf(v: Value): string[] {
  if (typeof v === "number") return [`n${v}`, `s${asText(v)}`];
  const s = asText(v);
  const n = s.trim() === "" ? Number.NaN : Number(s);
  return Number.isNaN(n) ? [`s${s}`] : [`s${s}`, `n${n}`];
}

function setOf(values: Iterable<Value>, lower: boolean): Set<string> {
  const out = new Set<string>();
  for (const v of values) {
    if (isNull(v)) continue;
    if (Array.isArray(v)) {
      for (const e of v) for (const k of keysOf(lower ? asText(e).toLowerCase() : e)) out.add(k);
    } else for (const k of keysOf(lower && typeof v === "string" ? v.toLowerCase() : v)) out.add(k);
  }
  return out;
}

function colValues(frame: Frame, col: Col): Value[] {
  const out: Value[] = [];
  for (let i = 0; i < frame.length; i++) out.push(col.get(i));
  return out;
}

/**
 * The allowed values on row i: a literal list, a row's list (an operation result), or every value of
 * another variable (pandas `isin` on a column).
 */
function memberTest(frame: Frame, c: Comparand, lower: boolean): (i: number, v: Value) => boolean {
  const lit = literalList(c);
  if (lit) {
    const s = setOf(lit, lower);
    return (_i, v) => keysOf(v).some((k) => s.has(k));
  }
  if (c.kind !== "col") return () => false;
  const first = frame.length > 0 ? c.col.get(0) : null;
  if (Array.isArray(first) || frame.length === 0) {
    // operation results repeat one list object on many records: build its set once
    const sets = new WeakMap<readonly Value[], Set<string>>();
    return (i, v) => {
      const row = c.col.get(i);
      if (!Array.isArray(row)) return false;
      let set = sets.get(row);
      if (!set) sets.set(row, (set = setOf(row, lower)));
      return keysOf(v).some((k) => set.has(k));
    };
  }
  const all = setOf(colValues(frame, c.col), lower);
  return (_i, v) => keysOf(v).some((k) => all.has(k));
}

function containedBy(x: OperatorInput, part: (s: Value) => Value, lower: boolean): Uint8Array {
  const t = x.frame.col(x.target);
  const test = memberTest(x.frame, x.comparand, lower);
  return rowwise(x.frame, (i) => {
    const v = t.get(i);
    if (isNull(v)) return false;
    if (Array.isArray(v)) return v.some((e) => test(i, part(e)));
    const p = part(v);
    return test(i, lower && typeof p === "string" ? p.toLowerCase() : p);
  });
}

const same = (v: Value) => v;
export const is_contained_by: Operator = (x) => containedBy(x, same, false);
export const is_not_contained_by: Operator = (x) => negateKeepNull(x, is_contained_by(x));
export const is_contained_by_case_insensitive: Operator = (x) => containedBy(x, same, true);
export const is_not_contained_by_case_insensitive: Operator = (x) =>
  negateKeepNull(x, is_contained_by_case_insensitive(x));

/** pandas `~isin`: a missing value is "not contained". */
function negateKeepNull(_x: OperatorInput, r: Uint8Array): Uint8Array {
  return negate(r);
}

const prefix = (x: OperatorInput) => (v: Value) => asText(v).slice(0, Number(x.leaf.prefix));
const suffix = (x: OperatorInput) => (v: Value) => asText(v).slice(-Number(x.leaf.suffix ?? x.leaf.prefix));
export const prefix_is_contained_by: Operator = (x) => containedBy(x, prefix(x), false);
export const prefix_is_not_contained_by: Operator = (x) => negate(prefix_is_contained_by(x));
export const suffix_is_contained_by: Operator = (x) => containedBy(x, suffix(x), false);
export const suffix_is_not_contained_by: Operator = (x) => negate(suffix_is_contained_by(x));

function listAt(x: OperatorInput, name: string, i: number): readonly Scalar[] {
  const v = x.frame.col(name).get(i);
  return Array.isArray(v) ? v : isNull(v) ? [] : [v as Scalar];
}

/** The values of `value` (a list of literals and `$lists`) all occur in the target variable. */
export const contains_all: Operator = (x) => {
  const t = x.frame.col(x.target);
  const wanted: Value[] = [];
  const items = x.comparand.kind === "literal" ? literalList(x.comparand)! : [x.comparand.col.get(0)];
  for (const it of items) {
    if (typeof it === "string" && x.frame.has(it) && x.frame.length > 0) {
      const v = x.frame.col(it).get(0);
      if (Array.isArray(v)) wanted.push(...v);
      else wanted.push(v);
    } else if (Array.isArray(it)) wanted.push(...it);
    else wanted.push(it);
  }
  const have = setOf(colValues(x.frame, t), false);
  const ok = wanted.every((w) => keysOf(w).some((k) => have.has(k)));
  const out = new Uint8Array(x.frame.length);
  if (ok) out.fill(1);
  return out;
};
export const not_contains_all: Operator = (x) => negate(contains_all(x));

function shared(x: OperatorInput, i: number): number {
  const a = new Set(listAt(x, x.target, i).map(key));
  const other = x.comparand.kind === "col" ? x.comparand.col.get(i) : comparandAt(x.comparand, i);
  const b = Array.isArray(other) ? other : [other];
  let n = 0;
  for (const e of new Set(b.map(key))) if (a.has(e)) n++;
  return n;
}

export const shares_no_elements_with: Operator = (x) => rowwise(x.frame, (i) => shared(x, i) === 0);
export const shares_at_least_one_element_with: Operator = (x) => rowwise(x.frame, (i) => shared(x, i) > 0);
export const shares_exactly_one_element_with: Operator = (x) => rowwise(x.frame, (i) => shared(x, i) === 1);

/** The target list's elements all occur in the comparand list, in the same relative order. */
export const is_ordered_subset_of: Operator = (x) =>
  rowwise(x.frame, (i) => {
    const target = listAt(x, x.target, i).map(asText);
    const other = comparandAt(x.comparand, i);
    const list = (Array.isArray(other) ? other : []).map(asText);
    const pos = new Map(list.map((v, k) => [v, k]));
    let last = -1;
    for (const v of target) {
      const p = pos.get(v);
      if (p === undefined || p < last) return false;
      last = p;
    }
    return true;
  });
export const is_not_ordered_subset_of: Operator = (x) => negate(is_ordered_subset_of(x));
