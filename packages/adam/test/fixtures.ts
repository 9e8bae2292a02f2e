/**
 * Small literal SDTM/ADaM tables for tests: a variable is Num when any value is a number, else Char.
 */
import { type Dataset, datasetFromRows, type InputValue, type VariableMeta } from "@trialforge/core";

export function table(
  name: string,
  rows: Record<string, InputValue>[],
  standard: "SDTM" | "ADaM" = "SDTM",
): Dataset {
  const names: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!names.includes(k)) names.push(k);
  const variables: VariableMeta[] = names.map((n) => ({
    name: n,
    label: n,
    type: rows.some((r) => typeof r[n] === "number") ? "Num" : "Char",
    length: 8,
  }));
  return datasetFromRows(
    { name, label: name, standard, class: "FINDINGS", structure: "", keys: [], variables },
    rows,
  );
}

/** Column values of a dataset in row order. */
export function col(ds: Dataset, name: string): (string | number | null)[] {
  const c = ds.column(name);
  return Array.from({ length: ds.length }, (_, i) => c.get(i));
}

/** The rows of a dataset where every given variable equals the given value. */
export function rowsWhere(
  ds: Dataset,
  where: Record<string, string | number | null>,
): Record<string, string | number | null>[] {
  return ds.toRows().filter((r) => Object.entries(where).every(([k, v]) => r[k] === v));
}

/** SAS date of an ISO date, for expected values. */
export function sas(iso: string): number {
  return (
    Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000 +
    3653
  );
}
