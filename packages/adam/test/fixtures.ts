/**
 * Small literal SDTM/ADaM tables for tests: a variable is Num when any value is a number, else Char.
 */
import { type Dataset, type InputValue, type VariableMeta, datasetFromRows } from "@trialforge/core";

export function table(name: string, rows: Record<string, InputValue>[], standard: "SDTM" | "ADaM" = "SDTM"): Dataset {
  const names: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!names.includes(k)) names.push(k);
  const variables: VariableMeta[] = names.map((n) => ({
    name: n,
    label: n,
    type: rows.some((r) => typeof r[n] === "number") ? "Num" : "Char",
    length: 8,
  }));
  return datasetFromRows({ name, label: name, standard, class: "FINDINGS", structure: "", keys: [], variables }, rows);
}

/** Column values of a dataset in row order. */
export function col(ds: Dataset, name: string): (string | number | null)[] {
  const c = ds.column(name);
  return Array.from({ length: ds.length }, (_, i) => c.get(i));
}
