/** The layout registry: one function per layout kind, checked exhaustively against the spec's enum. */
import type { Dataset } from "@trialforge/core";
import type { TlfLayout, TlfLayoutKind, TlfShell } from "@trialforge/spec";
import type { Output } from "../model.ts";
import type { LayoutContext } from "./common.ts";
import { layoutKmFigure, layoutProfileFigure } from "./figures.ts";
import { layoutByParam, layoutListing, layoutShift } from "./grids.ts";
import { layoutSummary } from "./summary.ts";

type LayoutFn<K extends TlfLayoutKind> = (
  ctx: LayoutContext,
  layout: Extract<TlfLayout, { kind: K }>,
) => Output;

const layouts = {
  summary: layoutSummary,
  shift: layoutShift,
  "by-param": layoutByParam,
  listing: layoutListing,
  "km-figure": layoutKmFigure,
  "profile-figure": layoutProfileFigure,
} satisfies { [K in TlfLayoutKind]: LayoutFn<K> };

/** Computes one output from ADaM datasets per its shell. */
export function buildOutput(shell: TlfShell, adam: ReadonlyMap<string, Dataset>): Output {
  const fn = layouts[shell.layout.kind] as LayoutFn<TlfLayoutKind>;
  return fn({ shell, adam }, shell.layout as never);
}

export type { LayoutContext };
export { layoutByParam, layoutKmFigure, layoutListing, layoutProfileFigure, layoutShift, layoutSummary };
