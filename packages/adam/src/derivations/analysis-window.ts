/**
 * Analysis Visit by window on the relative day.
 */

import type { Dataset, Diagnostics } from "@trialforge/core";
import type { AdamWindow } from "@trialforge/spec";
import { assertVars, charColumn, numColumn, withColumns } from "../internal/frame.ts";
import { varMeta } from "../internal/meta.ts";

/**
 * Index of the first spec window whose inclusive [low, high] holds the relative day, or -1.
 * @example
 * computeAnalysisWindow(25, windows) // the "DAY 28" window (25..42)
 * computeAnalysisWindow(24, windows) // the "DAY 21" window (18..24)
 */
export function computeAnalysisWindow(ady: number | null, windows: readonly AdamWindow[]): number {
  if (ady === null) return -1;
  for (let k = 0; k < windows.length; k++) {
    const w = windows[k]!;
    if (ady >= w.low && ady <= w.high) return k;
  }
  return -1;
}

/**
 * AVISIT/AVISITN: "BASELINE"/0 on the baseline record (ABLFL = Y), else the spec window holding ADY; blank when none.
 */
export function deriveAnalysisWindow(
  ds: Dataset,
  windows: readonly AdamWindow[],
  diagnostics?: Diagnostics,
): Dataset {
  assertVars(ds, ["ADY", "ABLFL"], "deriveAnalysisWindow");
  const ady = ds.num("ADY");
  const abl = ds.char("ABLFL");
  const y = abl.lookup("Y");
  const avisit = new Array<string>(ds.length);
  const avisitn = new Float64Array(ds.length);
  for (let i = 0; i < ds.length; i++) {
    if (abl.codes[i] === y) {
      avisit[i] = "BASELINE";
      avisitn[i] = 0;
      continue;
    }
    const k = computeAnalysisWindow(ady.get(i), windows);
    avisit[i] = k < 0 ? "" : windows[k]!.avisit;
    avisitn[i] = k < 0 ? Number.NaN : windows[k]!.avisitn;
  }
  return withColumns(
    ds,
    [
      { meta: varMeta("AVISIT"), column: charColumn(avisit) },
      { meta: varMeta("AVISITN"), column: numColumn(avisitn) },
    ],
    diagnostics,
  );
}

/**
 * Distance of ADY from its window's target (for ANL01FL: the record closest to the target is analysed).
 * @example computeWindowDistance(26, { target: 28 }) // 2
 */
export function computeWindowDistance(ady: number | null, window: AdamWindow | undefined): number | null {
  if (ady === null || !window) return null;
  return Math.abs(ady - window.target);
}
