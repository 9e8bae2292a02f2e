/**
 * SUPP-- qualifiers merged back onto their parent records (SDTMIG 8.4: RDOMAIN, IDVAR, IDVARVAL, QNAM, QVAL).
 */
import type { Dataset } from "@trialforge/core";
import { charAt, numAt } from "./frame.ts";

/** QNAM → QVAL per parent record, keyed "USUBJID|IDVARVAL" (IDVARVAL normalised as a number when numeric). */
export function suppByParent(supp: Dataset | undefined): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  if (!supp) return out;
  for (let i = 0; i < supp.length; i++) {
    const idvarval = charAt(supp, "IDVARVAL", i).trim() || String(numAt(supp, "IDVARVAL", i) ?? "");
    const key = `${charAt(supp, "USUBJID", i)}|${normalise(idvarval)}`;
    let m = out.get(key);
    if (!m) {
      m = new Map();
      out.set(key, m);
    }
    m.set(charAt(supp, "QNAM", i), charAt(supp, "QVAL", i));
  }
  return out;
}

function normalise(v: string): string {
  const x = Number(v);
  return v !== "" && Number.isFinite(x) ? String(x) : v;
}

export function suppKey(usubjid: string, seq: number | string | null): string {
  return `${usubjid}|${normalise(seq === null ? "" : String(seq))}`;
}
