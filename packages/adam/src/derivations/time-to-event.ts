/**
 * Time-to-event parameters (ADaM TTE): OS, PFS and DOR with the censoring rules of the spec.
 * All dates are day numbers; AVAL = ADT - STARTDT + 1 days. CNSR 0 = event, 1 = censored.
 */
import type { Assessment } from "./best-overall-response.ts";

export interface TimeToEvent {
  startdt: number;
  adt: number;
  cnsr: 0 | 1;
  /** Key into the spec's eventDesc (cnsr 0) or censorDesc (cnsr 1). */
  reason: string;
  aval: number;
}

function tte(startdt: number, adt: number, cnsr: 0 | 1, reason: string): TimeToEvent {
  return { startdt, adt, cnsr, reason, aval: adt - startdt + 1 };
}

/**
 * Overall survival from infusion: event at death; censored at the last date known alive. A death after the
 * data cut-off is censored at the cut-off.
 * @example
 * computeOs({ trtsdt: 100, dthdt: 150, lstalvdt: 149 }) // event, ADT 150, AVAL 51
 * computeOs({ trtsdt: 100, dthdt: null, lstalvdt: 130 }) // censored (ALIVE), ADT 130, AVAL 31
 */
export function computeOs(s: {
  trtsdt: number;
  dthdt: number | null;
  lstalvdt: number | null;
  cutoff?: number | null;
}): TimeToEvent {
  const cut = s.cutoff ?? Number.POSITIVE_INFINITY;
  if (s.dthdt !== null && s.dthdt <= cut) return tte(s.trtsdt, s.dthdt, 0, "DEATH");
  const last = Math.min(s.lstalvdt ?? s.trtsdt, cut);
  return tte(s.trtsdt, Math.max(last, s.trtsdt), 1, "ALIVE");
}

/** Last adequate (not NE) assessment on or after `from`, before any progression. */
function lastAdequate(
  assessments: readonly Assessment[],
  from: number,
  progression: readonly string[],
): number | null {
  let last: number | null = null;
  for (const a of assessments) {
    if (a.date < from) continue;
    if (progression.includes(a.response)) break;
    if (a.response !== "NE" && a.response !== "") last = a.date;
  }
  return last;
}

/**
 * Progression-free survival from infusion: event at the first progression or death, whichever is first;
 * censored at the last adequate assessment, or at the start when there is no post-infusion assessment.
 * @example
 * // assessments day 128 CR, day 156 CR, no progression, alive → censored on day 156 (the last assessment)
 */
export function computePfs(
  s: { trtsdt: number; dthdt: number | null; cutoff?: number | null },
  assessments: readonly Assessment[],
  progression: readonly string[],
): TimeToEvent {
  const cut = s.cutoff ?? Number.POSITIVE_INFINITY;
  const sorted = [...assessments]
    .filter((a) => a.date >= s.trtsdt && a.date <= cut)
    .sort((a, b) => a.date - b.date);
  const pd = sorted.find((a) => progression.includes(a.response))?.date ?? null;
  const death = s.dthdt !== null && s.dthdt <= cut ? s.dthdt : null;
  if (pd !== null && (death === null || pd <= death)) return tte(s.trtsdt, pd, 0, "PROGRESSION");
  if (death !== null) return tte(s.trtsdt, death, 0, "DEATH");
  const last = lastAdequate(sorted, s.trtsdt, progression);
  return last === null ? tte(s.trtsdt, s.trtsdt, 1, "NOASMT") : tte(s.trtsdt, last, 1, "LASTASMT");
}

/**
 * Duration of response, for responders only: from the first response date to progression or death; censored at
 * the last adequate assessment on or after the response. Undefined for a non-responder.
 * @example
 * // first CR day 128, PD day 200 → event, AVAL 73
 */
export function computeDor(
  s: { firstResponse: number | null; dthdt: number | null; cutoff?: number | null },
  assessments: readonly Assessment[],
  progression: readonly string[],
): TimeToEvent | undefined {
  if (s.firstResponse === null) return undefined;
  const start = s.firstResponse;
  const cut = s.cutoff ?? Number.POSITIVE_INFINITY;
  const sorted = [...assessments]
    .filter((a) => a.date >= start && a.date <= cut)
    .sort((a, b) => a.date - b.date);
  const pd = sorted.find((a) => progression.includes(a.response))?.date ?? null;
  const death = s.dthdt !== null && s.dthdt <= cut && s.dthdt >= start ? s.dthdt : null;
  if (pd !== null && (death === null || pd <= death)) return tte(start, pd, 0, "PROGRESSION");
  if (death !== null) return tte(start, death, 0, "DEATH");
  return tte(start, lastAdequate(sorted, start, progression) ?? start, 1, "LASTASMT");
}
