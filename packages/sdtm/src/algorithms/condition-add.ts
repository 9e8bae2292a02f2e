import type { Mapping } from "@trialforge/spec";
import { compileConditions } from "../internal/condition.ts";
import type { Algorithm, Getter, MapContext } from "./types.ts";

/**
 * Applies `then` where every condition on the raw record holds, else `else` (or missing). The
 * conditions are data (field equals / in / notEmpty / empty), never code.
 */
export function conditionAdd(
  m: Extract<Mapping, { algorithm: "condition_add" }>,
  ctx: MapContext,
  compile: (m: Mapping, ctx: MapContext) => Getter,
): Getter {
  const test = compileConditions(m.when, ctx.field);
  const yes = compile(m.then, ctx);
  const no = m.else ? compile(m.else, ctx) : undefined;
  return (row) => (test(row) ? yes(row) : no ? no(row) : null);
}
