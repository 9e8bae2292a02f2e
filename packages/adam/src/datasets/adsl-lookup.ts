/**
 * ADSL variables by subject, for merging onto BDS/OCCDS records (admiral `derive_vars_merged` with ADSL).
 */
import type { CellValue, Dataset } from "@trialforge/core";
import { charAt } from "../internal/frame.ts";

export interface AdslSubject {
  get(name: string): CellValue;
  num(name: string): number | null;
  row: number;
}

export function adslLookup(adsl: Dataset): Map<string, AdslSubject> {
  const out = new Map<string, AdslSubject>();
  for (let i = 0; i < adsl.length; i++) {
    const row = i;
    out.set(charAt(adsl, "USUBJID", i), {
      row,
      get: (name) => adsl.get(name, row),
      num: (name) => {
        const v = adsl.get(name, row);
        return typeof v === "number" ? v : null;
      },
    });
  }
  return out;
}
