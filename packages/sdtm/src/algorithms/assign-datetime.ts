import { toDtc } from "@trialforge/core";
import type { Mapping } from "@trialforge/spec";
import type { Algorithm } from "./types.ts";

/**
 * ISO 8601 --DTC from a raw date (any layout core's toDtc knows, partial dates kept partial) and an optional
 * raw time. A value that is not a date rejects the record.
 */
export const assignDatetime: Algorithm<Extract<Mapping, { algorithm: "assign_datetime" }>> = (m, ctx) => {
  const date = ctx.field(m.date);
  const time = m.time ? ctx.field(m.time) : undefined;
  const memo = new Map<number, string | undefined>();
  return (row) => {
    const dc = date.codes[row]!;
    if (dc === 0) return "";
    const tc = time ? time.codes[row]! : 0;
    const key = dc * 1048576 + tc;
    let v = memo.get(key);
    if (v === undefined && !memo.has(key)) {
      const t = time && tc !== 0 ? time.dict[tc] : undefined;
      v = toDtc(date.dict[dc]!, t, { dayFirst: ctx.dayFirst ?? false });
      memo.set(key, v);
    }
    if (v === undefined) {
      const raw = date.dict[dc]! + (time && tc !== 0 ? ` ${time.dict[tc]}` : "");
      ctx.reject(row, m.date, "SDTM.BAD_DATE", `${ctx.target}: "${raw}" is not a valid date`, raw);
      return "";
    }
    return v;
  };
};
