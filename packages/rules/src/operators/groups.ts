/**
 * Operators over groups of records (Operator.md "Data Uniqueness & Integrity", "Data Consistency",
 * "Sequential & Ordering Relationships"). Rows are grouped by the text of their key values.
 */
import { asNumber, asText, type Frame, isNull, type Value } from "../frame.ts";
import { compareDates, parseIso } from "./date.ts";
import { pyFindFirst, pyMatch } from "./regex.ts";
import { negate, type Operator, type OperatorInput, rowwise } from "./types.ts";

const NUL = "\u0000";
const cellKey = (v: Value): string =>
  isNull(v) ? "_NaN_" : typeof v === "number" ? `n${v}` : `s${asText(v)}`;

/** A group key per row over the given variables. */
function groupKeys(frame: Frame, names: readonly string[], transform?: (v: Value) => Value): string[] {
  const cols = names.map((n) => frame.col(n));
  const out: string[] = new Array(frame.length);
  for (let i = 0; i < frame.length; i++) {
    let k = "";
    for (const c of cols) k += cellKey(transform ? transform(c.get(i)) : c.get(i)) + NUL;
    out[i] = k;
  }
  return out;
}

/** Names from a `value` that lists variables (and `$lists` of variables), prefixes resolved. */
function nameList(x: OperatorInput, raw: unknown): string[] {
  const items = Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw];
  const out: string[] = [];
  for (const it of items) {
    const n = x.resolve(String(it));
    if (n.startsWith("$") && x.frame.has(n) && x.frame.length > 0) {
      const v = x.frame.col(n).get(0);
      if (Array.isArray(v)) for (const e of v) out.push(String(e));
      else if (!isNull(v)) out.push(asText(v));
    } else out.push(n);
  }
  return out;
}

/** No other record has the same values of the target and the `value` variables. */
export const is_unique_set: Operator = (x) => {
  const names = [...new Set([...nameList(x, x.leaf.name), ...nameList(x, x.leaf.value)])].filter((n) =>
    x.frame.has(n),
  );
  const re = x.leaf.regex;
  const transform =
    re === undefined
      ? undefined
      : (v: Value) => (typeof v === "string" && v !== "" && pyMatch(re, v) ? (pyFindFirst(re, v) ?? v) : v);
  const keys = groupKeys(x.frame, names, transform);
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  return rowwise(x.frame, (i) => counts.get(keys[i]!)! <= 1);
};
export const is_not_unique_set: Operator = (x) => negate(is_unique_set(x));

/**
 * One-to-one: a populated target value maps to one comparand value (a missing one counts as another
 * value) and back. Every record holding a violating value is flagged.
 */
export const is_not_unique_relationship: Operator = (x) => {
  const other = nameList(x, x.leaf.value);
  const t = x.frame.col(x.target);
  const oKeys = groupKeys(x.frame, other);
  const oNull = (i: number) => other.some((n) => isNull(x.frame.col(n).get(i)));
  const fwd = new Map<string, Set<string>>();
  const back = new Map<string, Set<string>>();
  for (let i = 0; i < x.frame.length; i++) {
    const tv = t.get(i);
    const allNull = isNull(tv) && oNull(i);
    if (allNull) continue;
    const tk = cellKey(tv);
    const ok = oNull(i) ? "_NULL_" : oKeys[i]!;
    if (!isNull(tv)) (fwd.get(tk) ?? fwd.set(tk, new Set()).get(tk)!).add(ok);
    if (!oNull(i))
      (back.get(oKeys[i]!) ?? back.set(oKeys[i]!, new Set()).get(oKeys[i]!)!).add(isNull(tv) ? "_NULL_" : tk);
  }
  return rowwise(x.frame, (i) => {
    const tv = t.get(i);
    if (!isNull(tv) && (fwd.get(cellKey(tv))?.size ?? 0) > 1) return true;
    return !oNull(i) && (back.get(oKeys[i]!)?.size ?? 0) > 1;
  });
};
export const is_unique_relationship: Operator = (x) => negate(is_not_unique_relationship(x));

/**
 * Within each group the target should hold one value; the records not holding the majority value are
 * flagged, or the whole group when no value is the majority (Operator.md; CDISC's expected results for
 * CG0333/CG0335 flag whole groups, those for CG0146 only the minority: we follow the documentation).
 */
export const is_inconsistent_across_dataset: Operator = (x) => {
  const by = nameList(x, x.leaf.value).filter((n) => x.frame.has(n));
  const keys = groupKeys(x.frame, by);
  const t = x.frame.col(x.target);
  const re = x.leaf.regex;
  const val = (i: number): string => {
    const v = t.get(i);
    if (re !== undefined && !isNull(v)) {
      const p = /\((?!\?)/.test(re) ? re : `(${re})`;
      return cellKey(pyFindFirst(p, asText(v)) ?? v);
    }
    return cellKey(v);
  };
  const groups = new Map<string, number[]>();
  keys.forEach((k, i) => {
    (groups.get(k) ?? groups.set(k, []).get(k)!).push(i);
  });
  const out = new Uint8Array(x.frame.length);
  for (const rows of groups.values()) {
    const counts = new Map<string, number>();
    for (const i of rows) counts.set(val(i), (counts.get(val(i)) ?? 0) + 1);
    if (counts.size <= 1) continue;
    const max = Math.max(...counts.values());
    const top = [...counts].filter(([, n]) => n === max);
    for (const i of rows) if (top.length > 1 || val(i) !== top[0]![0]) out[i] = 1;
  }
  return out;
};

/** The target's value occurs on more than `value` (default 1) records within the `within` group. */
export const present_on_multiple_rows_within: Operator = (x) => {
  const within = nameList(x, x.leaf.within);
  const max = asNumber(x.leaf.value as Value) ?? 1;
  const keys = groupKeys(x.frame, [...within, x.target]);
  const counts = new Map<string, number>();
  const t = x.frame.col(x.target);
  const w = within.map((n) => x.frame.col(n));
  // pandas groupby drops groups with a missing key: such records are never flagged
  const hasNull = (i: number) => isNull(t.get(i)) || w.some((c) => isNull(c.get(i)));
  keys.forEach((k, i) => {
    if (!hasNull(i)) counts.set(k, (counts.get(k) ?? 0) + 1);
  });
  return rowwise(x.frame, (i) => !hasNull(i) && counts.get(keys[i]!)! > max);
};
export const not_present_on_multiple_rows_within: Operator = (x) => {
  const r = present_on_multiple_rows_within(x);
  const t = x.frame.col(x.target);
  return rowwise(x.frame, (i) => !r[i] && !isNull(t.get(i)));
};

/** Sort comparison for ordering columns: numbers numerically, missing last, text by code unit. */
function orderValue(a: Value, b: Value): number {
  const an = isNull(a);
  const bn = isNull(b);
  if (an || bn) return an === bn ? 0 : an ? 1 : -1;
  const x = asNumber(a);
  const y = asNumber(b);
  if (x !== null && y !== null) return x - y;
  const sa = asText(a);
  const sb = asText(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** Rows of each group, ordered by the given variables (stable). */
function orderedGroups(frame: Frame, by: readonly string[], order: readonly string[]): number[][] {
  const keys = groupKeys(frame, by);
  const groups = new Map<string, number[]>();
  keys.forEach((k, i) => {
    (groups.get(k) ?? groups.set(k, []).get(k)!).push(i);
  });
  const cols = order.map((n) => frame.col(n));
  for (const rows of groups.values())
    rows.sort((i, j) => {
      for (const c of cols) {
        const d = orderValue(c.get(i), c.get(j));
        if (d !== 0) return d;
      }
      return i - j;
    });
  return [...groups.values()];
}

/** Within each `value` group ordered by `ordering`, the target is empty on every record but the last. */
export const empty_within_except_last_row: Operator = (x) => {
  const by = nameList(x, x.leaf.value);
  const order = x.leaf.ordering ? [x.resolve(x.leaf.ordering)] : [];
  const t = x.frame.col(x.target);
  const out = new Uint8Array(x.frame.length);
  for (const rows of orderedGroups(x.frame, by, order)) {
    const ok = rows.slice(0, -1).every((i) => isNull(t.get(i)));
    if (ok) for (const i of rows.slice(0, -1)) out[i] = 1;
  }
  return rowwise(x.frame, (i) => out[i] === 1);
};
export const non_empty_within_except_last_row: Operator = (x) => {
  const by = nameList(x, x.leaf.value);
  const order = x.leaf.ordering ? [x.resolve(x.leaf.ordering)] : [];
  const t = x.frame.col(x.target);
  const out = new Uint8Array(x.frame.length);
  for (const rows of orderedGroups(x.frame, by, order)) {
    const ok = rows.slice(0, -1).every((i) => isNull(t.get(i)));
    if (!ok) for (const i of rows.slice(0, -1)) if (!isNull(t.get(i))) out[i] = 1;
  }
  return out;
};

/** The target equals the `value` variable of the next record within `within`, ordered by `ordering`. */
export const has_next_corresponding_record: Operator = (x) => {
  const by = nameList(x, x.leaf.within);
  const order = x.leaf.ordering ? [x.resolve(x.leaf.ordering)] : [];
  const t = x.frame.col(x.target);
  const other = x.frame.col(x.resolve(String(x.leaf.value)));
  const out = new Uint8Array(x.frame.length).fill(1);
  for (const rows of orderedGroups(x.frame, by, order)) {
    for (let k = 0; k + 1 < rows.length; k++) {
      const a = t.get(rows[k]!);
      const b = other.get(rows[k + 1]!);
      const eq = isNull(a) || isNull(b) ? false : asText(a) === asText(b);
      out[rows[k]!] = eq ? 1 : 0;
    }
  }
  return out;
};
export const does_not_have_next_corresponding_record: Operator = (x) =>
  negate(has_next_corresponding_record(x));

interface SortSpec {
  name: string;
  sort_order?: string;
  null_position?: string;
}

/**
 * Within each group, ordering the records by the target must also order the comparand variables
 * (asc/desc, nulls first or last); dates of different precision that overlap cannot be ordered and
 * are flagged.
 */
export const target_is_sorted_by: Operator = (x) => {
  const by = nameList(x, x.leaf.within);
  const specs = (Array.isArray(x.leaf.value) ? x.leaf.value : []) as SortSpec[];
  const t = x.frame.col(x.target);
  const out = new Uint8Array(x.frame.length).fill(1);
  for (const spec of specs) {
    const c = x.frame.col(x.resolve(spec.name));
    const desc = (spec.sort_order ?? "asc").toLowerCase() === "desc";
    const nullsFirst = spec.null_position === "first";
    for (const rows of orderedGroups(x.frame, by, [x.target])) {
      // the expected order of the target: records sorted by the comparand
      const expected = [...rows].sort((i, j) => {
        const a = c.get(i);
        const b = c.get(j);
        const an = isNull(a);
        const bn = isNull(b);
        if (an || bn) return an === bn ? i - j : an === nullsFirst ? -1 : 1;
        const d = dateOrValue(a, b);
        return (desc ? -d : d) || i - j;
      });
      rows.forEach((i, k) => {
        const e = expected[k]!;
        if (orderValue(t.get(i), t.get(e)) !== 0) out[i] = 0;
      });
      // overlapping dates of different precision: their order cannot be told
      for (const i of rows)
        for (const j of rows) {
          if (i === j) continue;
          const a = c.get(i);
          const b = c.get(j);
          if (isNull(a) || isNull(b)) continue;
          const pa = parseIso(asText(a));
          const pb = parseIso(asText(b));
          if (pa && pb && pa.precision !== pb.precision && compareDates(a, b, "eq", "auto")) out[i] = 0;
        }
    }
  }
  return out;
};
export const target_is_not_sorted_by: Operator = (x) => negate(target_is_sorted_by(x));

function dateOrValue(a: Value, b: Value): number {
  const pa = typeof a === "string" ? parseIso(a) : null;
  const pb = typeof b === "string" ? parseIso(b) : null;
  if (pa && pb) {
    if (compareDates(a, b, "lt", "auto")) return -1;
    if (compareDates(a, b, "gt", "auto")) return 1;
    return 0;
  }
  return orderValue(a, b);
}
