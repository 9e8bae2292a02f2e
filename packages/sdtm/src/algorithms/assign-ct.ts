import type { Mapping } from "@trialforge/spec";
import type { CtResult } from "../internal/ct.ts";
import type { Algorithm } from "./types.ts";

/**
 * Maps a raw field through a codelist: the spec's raw-to-term map first (case-insensitive), then the CT
 * check. A term outside a non-extensible codelist rejects the record (SDTMIG 4.3).
 */
export const assignCt: Algorithm<Extract<Mapping, { algorithm: "assign_ct" }>> = (m, ctx) => {
  const col = ctx.field(m.field);
  const map = new Map(Object.entries(m.map ?? {}).map(([k, v]) => [k.toUpperCase(), v]));
  const memo: (CtResult | undefined)[] = [];
  return (row) => {
    const code = col.codes[row]!;
    let r = memo[code];
    if (r === undefined) {
      const raw = col.dict[code]!;
      r = memo[code] = ctx.ct.check(m.codelist, map.get(raw.toUpperCase()) ?? raw, ctx.target);
    }
    if (r.ok) return r.value;
    ctx.reject(row, m.field, "SDTM.CT_UNKNOWN_TERM", `${ctx.target}: ${r.reason}`, col.dict[code]);
    return "";
  };
};
