/** Test helper: one condition over a small literal table, the rows where it holds. */
import { evaluate } from "../engine.ts";
import { Frame, type Value } from "../frame.ts";
import type { CheckLeaf } from "../rule.ts";

export function frameOf(rows: Record<string, Value>[]): Frame {
  const names = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return Frame.fromRows(
    names,
    rows.map((r) => names.map((n) => r[n] ?? null)),
  );
}

/** Indices (0-based) of the rows where the condition holds; `--` stands for `domain`. */
export function hits(rows: Record<string, Value>[], leaf: CheckLeaf, domain = "AE"): number[] {
  const r = evaluate(leaf, frameOf(rows), (n) => (n.startsWith("--") ? domain + n.slice(2) : n));
  return [...r].flatMap((x, i) => (x ? [i] : []));
}
