import type { CharColumn } from "@trialforge/core";
import type { Condition } from "@trialforge/spec";

/**
 * Compiles data-driven conditions (AND) on raw fields into a row test. Each condition is decided once per
 * distinct value of its column (dictionary code), so the per-record cost is one array read.
 */
export function compileConditions(
  conds: readonly Condition[],
  field: (name: string) => CharColumn,
): (row: number) => boolean {
  const tests = conds.map((c) => {
    const col = field(c.field);
    const want =
      c.equals !== undefined
        ? new Set([c.equals.trim().toUpperCase()])
        : c.in
          ? new Set(c.in.map((s) => s.trim().toUpperCase()))
          : undefined;
    const pass = col.dict.map((s) => {
      if (c.notEmpty) return s.trim() !== "";
      if (c.empty) return s.trim() === "";
      return want!.has(s.trim().toUpperCase());
    });
    return (row: number) => pass[col.codes[row]!]!;
  });
  if (tests.length === 1) return tests[0]!;
  return (row) => tests.every((t) => t(row));
}
