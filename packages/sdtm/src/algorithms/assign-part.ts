import type { Mapping } from "@trialforge/spec";
import type { Algorithm } from "./types.ts";

/**
 * One part of a delimited raw value, e.g. SITEID "701" (index 0) and SUBJID "1015" (index -1) from
 * "701-1015". A value without that part rejects the record.
 */
export const assignPart: Algorithm<Extract<Mapping, { algorithm: "assign_part" }>> = (m, ctx) => {
  const col = ctx.field(m.field);
  const parts = col.dict.map((s) => (s === "" ? "" : computePart(s, m.separator, m.index)));
  return (row) => {
    const v = parts[col.codes[row]!];
    if (v !== undefined) return v;
    const raw = col.get(row);
    ctx.reject(
      row,
      m.field,
      "SDTM.NO_PART",
      `${ctx.target}: "${raw}" has no part ${m.index} when split at "${m.separator}"`,
      raw,
    );
    return "";
  };
};

/** Part `index` (negative: from the end) of `s` split at `separator`; undefined when there is none. */
export function computePart(s: string, separator: string, index: number): string | undefined {
  const parts = s.split(separator);
  const p = index < 0 ? parts[parts.length + index] : parts[index];
  // A value without the separator has no parts to pick from.
  return parts.length < 2 || p === undefined || p.trim() === "" ? undefined : p.trim();
}
