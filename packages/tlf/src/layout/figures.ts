/** Figures: Kaplan-Meier curves with numbers at risk, and mean (SD) concentration-time profiles. */
import type { TlfLayout } from "@trialforge/spec";
import { computeDescriptive, computeKm, computeKmAtTimes, formatNumber } from "@trialforge/stats";
import { buildKmSvg, buildProfileSvg, type KmCurve, type ProfileSeries } from "../figure/svg.ts";
import type { Cell, FigureOutput } from "../model.ts";
import {
  cell,
  getDataset,
  type LayoutContext,
  population,
  requireVar,
  selectRecords,
  valueText,
} from "./common.ts";
import { outputShell } from "./shell.ts";

type KmLayout = Extract<TlfLayout, { kind: "km-figure" }>;
type ProfileLayout = Extract<TlfLayout, { kind: "profile-figure" }>;

export function layoutKmFigure(ctx: LayoutContext, layout: KmLayout): FigureOutput {
  const pop = population(ctx, { var: layout.groupVar, orderVar: layout.groupOrderVar });
  const ds = getDataset(ctx, ctx.shell.dataset);
  for (const v of ["PARAMCD", "AVAL", "CNSR"]) requireVar(ctx, ds, v);
  const idx = selectRecords(ctx, ds, pop, { PARAMCD: layout.paramcd });
  const u = ds.char("USUBJID");
  const aval = ds.num("AVAL");
  const cnsr = ds.num("CNSR");
  const curves: KmCurve[] = [];
  const atRisk: number[][] = [];
  const data: Cell[] = [];
  for (const g of pop.groups) {
    const time: number[] = [];
    const event: number[] = [];
    for (const i of idx) {
      if (pop.trtOf.get(u.get(i)) !== g) continue;
      const t = aval.get(i);
      const c = cnsr.get(i);
      if (t === null || c === null) continue;
      time.push(t / layout.timeDivisor);
      event.push(c === 0 ? 1 : 0);
    }
    const fit = computeKm(time, event);
    const ev = fit.steps.filter((s) => s.nEvent > 0);
    const ce = fit.steps.filter((s) => s.nCensor > 0);
    curves.push({
      label: g,
      times: ev.map((s) => s.time),
      surv: ev.map((s) => s.surv),
      censorTimes: ce.map((s) => s.time),
      censorSurv: ce.map((s) => s.surv),
    });
    const at = computeKmAtTimes(fit, layout.atRiskTimes);
    atRisk.push(at.map((a) => a.nRisk));
    for (const s of ev)
      data.push(
        cell(formatNumber(s.surv, 4), [{ name: "surv", value: s.surv }], `time=${s.time}`, `trt=${g}`),
      );
    for (const a of at)
      data.push(cell(String(a.nRisk), [{ name: "nRisk", value: a.nRisk }], `atRisk@${a.time}`, `trt=${g}`));
  }
  const fig = buildKmSvg({
    curves,
    xLabel: layout.xLabel,
    yLabel: layout.yLabel,
    atRiskTimes: layout.atRiskTimes,
    atRisk,
  });
  return {
    ...outputShell(ctx.shell),
    kind: "figure",
    svg: fig.svg,
    width: fig.width,
    height: fig.height,
    data,
  };
}

export function layoutProfileFigure(ctx: LayoutContext, layout: ProfileLayout): FigureOutput {
  const pop = population(ctx, { var: layout.groupVar, orderVar: layout.groupOrderVar });
  const ds = getDataset(ctx, ctx.shell.dataset);
  for (const v of [layout.xVar, layout.var]) requireVar(ctx, ds, v);
  const idx = selectRecords(ctx, ds, pop);
  const u = ds.char("USUBJID");
  const xcol = ds.num(layout.xVar);
  const ycol = ds.num(layout.var);
  // A point per nominal timepoint (drawn at the median time of that timepoint over all groups), or per
  // distinct x value when no timepoint variable is given.
  if (layout.timepointVar) requireVar(ctx, ds, layout.timepointVar);
  const tpCol = layout.timepointVar ? ds.column(layout.timepointVar) : undefined;
  const tpOf = (i: number): string => (tpCol ? valueText(tpCol.get(i)) : String(xcol.get(i)));
  const xsByTp = new Map<string, number[]>();
  for (const i of idx) {
    const x = xcol.get(i);
    if (x === null) continue;
    const tp = tpOf(i);
    const list = xsByTp.get(tp);
    if (list) list.push(x);
    else xsByTp.set(tp, [x]);
  }
  const xOfTp = new Map([...xsByTp].map(([tp, xs]) => [tp, computeDescriptive(xs).median ?? 0]));
  const series: ProfileSeries[] = [];
  const data: Cell[] = [];
  for (const g of pop.groups) {
    const byTp = new Map<string, number[]>();
    for (const i of idx) {
      if (pop.trtOf.get(u.get(i)) !== g) continue;
      const y = ycol.get(i);
      if (xcol.get(i) === null || y === null) continue;
      const tp = tpOf(i);
      const list = byTp.get(tp);
      if (list) list.push(y);
      else byTp.set(tp, [y]);
    }
    const points = [...byTp.entries()]
      .map(([tp, ys]) => {
        const d = computeDescriptive(ys);
        return { tp, x: xOfTp.get(tp)!, mean: d.mean ?? Number.NaN, sd: d.sd, n: d.n };
      })
      .sort((a, b) => a.x - b.x);
    series.push({ label: g, points });
    for (const p of points) {
      data.push(
        cell(
          `${valueText(p.mean)} (${valueText(p.sd)})`,
          [
            { name: "n", value: p.n },
            { name: "mean", value: p.mean },
            { name: "sd", value: p.sd },
          ],
          layout.timepointVar ? `${layout.timepointVar}=${p.tp}` : `${layout.xVar}=${p.x}`,
          `trt=${g}`,
        ),
      );
    }
  }
  const fig = buildProfileSvg({ series, xLabel: layout.xLabel, yLabel: layout.yLabel, logY: layout.logY });
  return {
    ...outputShell(ctx.shell),
    kind: "figure",
    svg: fig.svg,
    width: fig.width,
    height: fig.height,
    data,
  };
}
