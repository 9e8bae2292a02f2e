/** The mapping algorithm registry: one implementation per name in the spec's closed vocabulary. */
import type { AlgorithmName, Mapping } from "@trialforge/spec";
import { assignCt } from "./assign-ct.ts";
import { assignDatetime } from "./assign-datetime.ts";
import { assignDecode } from "./assign-decode.ts";
import { assignNoCt } from "./assign-no-ct.ts";
import { assignNumber } from "./assign-number.ts";
import { assignPart } from "./assign-part.ts";
import { conditionAdd } from "./condition-add.ts";
import { hardcodeCt, hardcodeNoCt } from "./hardcode.ts";
import type { Algorithm, Getter, MapContext } from "./types.ts";

export type { Algorithm, Getter, MapContext } from "./types.ts";

export const algorithms = {
  assign_no_ct: assignNoCt,
  assign_ct: assignCt,
  hardcode_ct: hardcodeCt,
  hardcode_no_ct: hardcodeNoCt,
  assign_datetime: assignDatetime,
  assign_number: assignNumber,
  assign_decode: assignDecode,
  assign_part: assignPart,
  condition_add: (m, ctx) => conditionAdd(m, ctx, compileMapping),
} satisfies { [K in AlgorithmName]: Algorithm<Extract<Mapping, { algorithm: K }>> };

/** Compiles one spec mapping into a per-record getter. */
export function compileMapping(m: Mapping, ctx: MapContext): Getter {
  return (algorithms[m.algorithm] as Algorithm<Mapping>)(m, ctx);
}
