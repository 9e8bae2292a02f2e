import type { Mapping } from "@trialforge/spec";
import { compileConditions } from "../internal/condition.ts";
import type { Getter, MapContext } from "./types.ts";

/**
 * Applies `apply` where every condition on the raw record holds, else `otherwise` (or missing). The
 * conditions are data (field equals / in / notEmpty / empty), never code.
 */
export function conditionAdd(
  m: Extract<Mapping, { algorithm: "condition_add" }>,
  ctx: MapContext,
  compile: (m: Mapping, ctx: MapContext) => Getter,
): Getter {
  const test = compileConditions(m.when, ctx.field);
  const yes = compile(m.apply, ctx);
  const no = m.otherwise ? compile(m.otherwise, ctx) : undefined;
  return (row) => (test(row) ? yes(row) : no ? no(row) : null);
}
