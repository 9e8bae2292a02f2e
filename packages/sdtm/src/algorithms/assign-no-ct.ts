import type { Mapping } from "@trialforge/spec";
import type { Algorithm } from "./types.ts";

/** Copies a raw field as collected (optionally upper-cased); no codelist. */
export const assignNoCt: Algorithm<Extract<Mapping, { algorithm: "assign_no_ct" }>> = (m, ctx) => {
  const col = ctx.field(m.field);
  if (m.case === "upper") {
    const upper = col.dict.map((s) => s.toUpperCase());
    return (row) => upper[col.codes[row]!]!;
  }
  // The engine may copy dictionary codes instead of calling the getter (same values).
  return Object.assign((row: number) => col.get(row), { source: col });
};
