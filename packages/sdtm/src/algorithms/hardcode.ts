import type { Mapping } from "@trialforge/spec";
import type { Algorithm } from "./types.ts";

/** A fixed codelist term; the term itself is checked once against the codelist (a spec error if absent). */
export const hardcodeCt: Algorithm<Extract<Mapping, { algorithm: "hardcode_ct" }>> = (m, ctx) => {
  const r = ctx.ct.check(m.codelist, m.value, ctx.target);
  if (!r.ok) throw new Error(`${ctx.target}: hard-coded ${r.reason}`);
  const v = r.value;
  return () => v;
};

/** A fixed value with no codelist. */
export const hardcodeNoCt: Algorithm<Extract<Mapping, { algorithm: "hardcode_no_ct" }>> = (m) => {
  const v = m.value;
  return () => v;
};
