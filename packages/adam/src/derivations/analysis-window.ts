/**
 * Analysis Visit by window on the relative day.
 */
import type { AdamWindow } from "@trialforge/spec";

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
