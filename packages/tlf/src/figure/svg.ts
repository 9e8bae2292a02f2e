/**
 * SVG figure builder: Kaplan-Meier curves with a numbers-at-risk table, and mean (SD) profiles on a log
 * axis. Pure string building (no IO); PDF, RTF and XLSX get a PNG of the same SVG through resvg.
 */

const PALETTE = ["#1f4e79", "#c0504d", "#4f8a10", "#7f3f98", "#d98c00", "#2a9d8f", "#555555"];
const DASHES = ["", "6,3", "2,2", "8,3,2,3", "4,4", "1,3", "10,4"];
const FONT = 'font-family="DejaVu Sans"';

export function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const f = (x: number): string => (Math.round(x * 100) / 100).toString();

function text(
  x: number,
  y: number,
  s: string,
  opts: { size?: number; anchor?: string; weight?: string; rotate?: boolean } = {},
): string {
  const rot = opts.rotate ? ` transform="rotate(-90 ${f(x)} ${f(y)})"` : "";
  return `<text x="${f(x)}" y="${f(y)}" ${FONT} font-size="${opts.size ?? 9}" text-anchor="${opts.anchor ?? "start"}"${opts.weight ? ` font-weight="${opts.weight}"` : ""}${rot}>${escapeXml(s)}</text>`;
}

/** "Nice" linear ticks covering [min, max] at multiples of a 1-2-2.5-5 step. */
export function rangeTicks(min: number, max: number, target = 6): number[] {
  if (!(max > min)) return [min, min + 1];
  const raw = (max - min) / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((st) => st >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let k = Math.floor(min / step + 1e-9); k * step <= max + step * 1e-9; k++)
    out.push(Math.round(k * step * 1e9) / 1e9);
  if (out[0]! > min) out.unshift(out[0]! - step);
  if (out[out.length - 1]! < max) out.push(out[out.length - 1]! + step);
  return out;
}

/** Approximate text width in SVG units for DejaVu Sans at `size`. */
const textWidth = (s: string, size = 9): number => s.length * size * 0.6;

/** "Nice" linear ticks covering [0, max]. */
export function linearTicks(max: number, target = 6): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let t = 0; t <= max + step * 1e-9; t += step) out.push(Math.round(t * 1e9) / 1e9);
  if (out[out.length - 1]! < max) out.push(out[out.length - 1]! + step);
  return out;
}

export interface KmCurve {
  label: string;
  /** Step function: S(t) just after each time; starts at (0, 1). */
  times: number[];
  surv: number[];
  /** Censoring marks. */
  censorTimes: number[];
  censorSurv: number[];
}

export interface KmFigureInput {
  curves: KmCurve[];
  xLabel: string;
  yLabel: string;
  /** Times for the numbers-at-risk table (also the x ticks). */
  atRiskTimes: number[];
  /** atRisk[curve][k] = subjects at risk at atRiskTimes[k]. */
  atRisk: number[][];
}

export interface SvgFigure {
  svg: string;
  width: number;
  height: number;
}

/** Kaplan-Meier plot with censor marks, legend and a numbers-at-risk table under the x axis. */
export function buildKmSvg(input: KmFigureInput): SvgFigure {
  const width = 680;
  const riskRows = input.curves.length;
  const plotH = 300;
  const top = 20;
  const left = Math.min(260, Math.max(70, 10 + Math.max(...input.curves.map((c) => textWidth(c.label)))));
  const right = 20;
  const plotW = width - left - right;
  const legendTop = top + plotH + 46;
  const riskTop = legendTop + riskRows * 14 + 14;
  const height = riskTop + 18 + riskRows * 13 + 10;
  const xMax = Math.max(
    1,
    ...input.atRiskTimes,
    ...input.curves.flatMap((c) => [...c.times, ...c.censorTimes]),
  );
  const ticks = input.atRiskTimes.length > 1 ? input.atRiskTimes : linearTicks(xMax);
  const xEnd = Math.max(xMax, ticks[ticks.length - 1]!);
  const X = (t: number) => left + (t / xEnd) * plotW;
  const Y = (s: number) => top + (1 - s) * plotH;
  const parts: string[] = [];
  parts.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="white"/>`);
  // Axes and grid.
  parts.push(
    `<path d="M${left} ${top}V${top + plotH}H${left + plotW}" stroke="black" fill="none" stroke-width="1"/>`,
  );
  for (const s of [0, 0.2, 0.4, 0.6, 0.8, 1]) {
    parts.push(`<path d="M${left - 4} ${f(Y(s))}H${left}" stroke="black"/>`);
    parts.push(`<path d="M${left} ${f(Y(s))}H${left + plotW}" stroke="#dddddd" stroke-width="0.5"/>`);
    parts.push(text(left - 6, Y(s) + 3, s.toFixed(1), { anchor: "end" }));
  }
  for (const t of ticks) {
    parts.push(`<path d="M${f(X(t))} ${top + plotH}v4" stroke="black"/>`);
    parts.push(text(X(t), top + plotH + 14, String(t), { anchor: "middle" }));
  }
  parts.push(text(left + plotW / 2, top + plotH + 30, input.xLabel, { anchor: "middle", size: 10 }));
  parts.push(text(left - 30, top + plotH / 2, input.yLabel, { anchor: "middle", size: 10, rotate: true }));
  // Curves.
  input.curves.forEach((c, k) => {
    const color = PALETTE[k % PALETTE.length]!;
    let d = `M${f(X(0))} ${f(Y(1))}`;
    let prev = 1;
    c.times.forEach((t, i) => {
      d += `H${f(X(t))}`;
      const s = c.surv[i]!;
      if (s !== prev) d += `V${f(Y(s))}`;
      prev = s;
    });
    const lastT = Math.max(c.times[c.times.length - 1] ?? 0, ...c.censorTimes);
    d += `H${f(X(lastT))}`;
    const dash = DASHES[k % DASHES.length]!;
    parts.push(
      `<path d="${d}" stroke="${color}" fill="none" stroke-width="1.5"${dash ? ` stroke-dasharray="${dash}"` : ""}/>`,
    );
    c.censorTimes.forEach((t, i) => {
      const y = Y(c.censorSurv[i]!);
      parts.push(`<path d="M${f(X(t))} ${f(y - 4)}v8" stroke="${color}" stroke-width="1.2"/>`);
    });
    // Legend (under the x axis label, one entry per line).
    const ly = legendTop + k * 14;
    parts.push(
      `<path d="M${left} ${ly - 3}h22" stroke="${color}" stroke-width="1.5"${dash ? ` stroke-dasharray="${dash}"` : ""}/>`,
    );
    parts.push(text(left + 26, ly, c.label));
  });
  // Numbers at risk.
  parts.push(text(4, riskTop, "Number at risk", { weight: "bold" }));
  input.curves.forEach((c, k) => {
    const y = riskTop + 16 + k * 13;
    parts.push(
      `<text x="4" y="${y}" ${FONT} font-size="9" fill="${PALETTE[k % PALETTE.length]}">${escapeXml(c.label)}</text>`,
    );
    input.atRiskTimes.forEach((t, j) => {
      parts.push(text(X(t), y, String(input.atRisk[k]?.[j] ?? ""), { anchor: "middle" }));
    });
  });
  return { svg: wrap(parts, width, height), width, height };
}

export interface ProfileSeries {
  label: string;
  points: { x: number; mean: number; sd: number | null; n: number }[];
}

export interface ProfileFigureInput {
  series: ProfileSeries[];
  xLabel: string;
  yLabel: string;
  /** Log10 y axis (non-positive values are not drawn). */
  logY: boolean;
}

/** Mean (SD) profiles over time, one line per group; error bars are mean ± SD (lower bar clipped on log). */
export function buildProfileSvg(input: ProfileFigureInput): SvgFigure {
  const width = 680;
  const left = 70;
  const right = 20;
  const top = 20;
  const plotW = width - left - right;
  const plotH = 320;
  const legendTop = top + plotH + 50;
  const height = legendTop + input.series.length * 14 + 6;
  const drawn = (p: { mean: number }) => Number.isFinite(p.mean) && (!input.logY || p.mean > 0);
  const xs = input.series.flatMap((s) => s.points.filter(drawn).map((p) => p.x));
  const xTicks = rangeTicks(Math.min(0, ...xs), Math.max(1, ...xs));
  const xMin = xTicks[0]!;
  const xMax = xTicks[xTicks.length - 1]!;
  const ys = input.series
    .flatMap((s) => s.points.flatMap((p) => [p.mean, p.mean + (p.sd ?? 0)]))
    .filter((v) => (input.logY ? v > 0 : Number.isFinite(v)));
  let yLo: number;
  let yHi: number;
  let yTicks: number[];
  if (input.logY) {
    const lo = Math.floor(Math.log10(Math.min(...(ys.length ? ys : [1]))));
    const hi = Math.ceil(Math.log10(Math.max(...(ys.length ? ys : [10]))));
    yLo = lo;
    yHi = hi === lo ? lo + 1 : hi;
    yTicks = [];
    for (let e = yLo; e <= yHi; e++) yTicks.push(e);
  } else {
    yLo = 0;
    yTicks = linearTicks(Math.max(1, ...ys));
    yHi = yTicks[yTicks.length - 1]!;
  }
  const X = (x: number) => left + ((x - xMin) / (xMax - xMin)) * plotW;
  const Y = (v: number) => {
    const t = input.logY ? Math.log10(v) : v;
    return top + (1 - (t - yLo) / (yHi - yLo)) * plotH;
  };
  const parts: string[] = [`<rect x="0" y="0" width="${width}" height="${height}" fill="white"/>`];
  parts.push(`<path d="M${left} ${top}V${top + plotH}H${left + plotW}" stroke="black" fill="none"/>`);
  for (const t of yTicks) {
    const y = input.logY ? top + (1 - (t - yLo) / (yHi - yLo)) * plotH : Y(t);
    parts.push(`<path d="M${left - 4} ${f(y)}H${left + plotW}" stroke="#dddddd" stroke-width="0.5"/>`);
    const label = input.logY ? (t >= 0 && t <= 5 ? String(10 ** t) : `1e${t}`) : String(t);
    parts.push(text(left - 6, y + 3, label, { anchor: "end" }));
  }
  for (const t of xTicks) {
    parts.push(`<path d="M${f(X(t))} ${top + plotH}v4" stroke="black"/>`);
    parts.push(text(X(t), top + plotH + 14, String(t), { anchor: "middle" }));
  }
  parts.push(text(left + plotW / 2, top + plotH + 32, input.xLabel, { anchor: "middle", size: 10 }));
  parts.push(text(16, top + plotH / 2, input.yLabel, { anchor: "middle", size: 10, rotate: true }));
  input.series.forEach((s, k) => {
    const color = PALETTE[k % PALETTE.length]!;
    const dash = DASHES[k % DASHES.length]!;
    const pts = s.points.filter(drawn).sort((a, b) => a.x - b.x);
    if (pts.length) {
      const d = pts.map((p, i) => `${i ? "L" : "M"}${f(X(p.x))} ${f(Y(p.mean))}`).join("");
      parts.push(
        `<path d="${d}" stroke="${color}" fill="none" stroke-width="1.5"${dash ? ` stroke-dasharray="${dash}"` : ""}/>`,
      );
    }
    for (const p of pts) {
      const cx = X(p.x);
      if (p.sd !== null && p.sd > 0) {
        const hiY = Y(p.mean + p.sd);
        const lo = p.mean - p.sd;
        const loY = Math.min(top + plotH, input.logY && lo <= 0 ? Y(p.mean) : Y(lo));
        parts.push(
          `<path d="M${f(cx)} ${f(loY)}V${f(hiY)}M${f(cx - 3)} ${f(hiY)}h6" stroke="${color}" stroke-width="0.8"/>`,
        );
      }
      parts.push(`<circle cx="${f(cx)}" cy="${f(Y(p.mean))}" r="2.5" fill="${color}"/>`);
    }
    const ly = legendTop + k * 14;
    parts.push(
      `<path d="M${left} ${ly - 3}h22" stroke="${color}" stroke-width="1.5"${dash ? ` stroke-dasharray="${dash}"` : ""}/>`,
    );
    parts.push(text(left + 26, ly, s.label));
  });
  return { svg: wrap(parts, width, height), width, height };
}

function wrap(parts: string[], width: number, height: number): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">\n${parts.join("\n")}\n</svg>\n`;
}
