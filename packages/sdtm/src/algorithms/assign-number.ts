import type { Mapping } from "@trialforge/spec";
import type { Algorithm } from "./types.ts";

/** A numeric variable from a raw number; text that is not a number rejects the record. */
export const assignNumber: Algorithm<Extract<Mapping, { algorithm: "assign_number" }>> = (m, ctx) => {
  const col = ctx.field(m.field);
  const nums = col.dict.map((s) => (s === "" ? null : Number(s)));
  return (row) => {
    const x = nums[col.codes[row]!]!;
    if (x !== null && !Number.isFinite(x)) {
      ctx.reject(
        row,
        m.field,
        "SDTM.NOT_A_NUMBER",
        `${ctx.target}: "${col.get(row)}" is not a number`,
        col.get(row),
      );
      return null;
    }
    return x;
  };
};
