/**
 * Overall responses per assessment: confirmation and Best Overall Response.
 */
import type { AdamAdrs } from "@trialforge/spec";

export interface Assessment {
  /** Day number of the assessment. */
  date: number;
  response: string;
}

/**
 * Confirmed response per assessment: a response listed in `confirmation.responses` stands only when a later
 * assessment at least `minDays` after it shows the same or a better response (by the hierarchy), with no
 * progression between; otherwise it counts as `unconfirmedAs`. Others pass through.
 * @example
 * // CR day 28, CR day 56 (minDays 28) → CR, CR(unconfirmed: nothing after) → CR, NR
 * computeConfirmedResponses([{date:28,response:"CR"},{date:56,response:"CR"}], spec) // ["CR", "NR"]
 */
export function computeConfirmedResponses(assessments: readonly Assessment[], spec: AdamAdrs): string[] {
  const rank = (r: string) => {
    const k = spec.hierarchy.indexOf(r);
    return k < 0 ? spec.hierarchy.length : k;
  };
  return assessments.map((a, i) => {
    if (!spec.confirmation.responses.includes(a.response)) return a.response;
    for (let j = i + 1; j < assessments.length; j++) {
      const b = assessments[j]!;
      if (spec.progression.includes(b.response)) break;
      if (b.date - a.date >= spec.confirmation.minDays && rank(b.response) <= rank(a.response))
        return a.response;
    }
    return spec.confirmation.unconfirmedAs;
  });
}

/**
 * Best Overall Response: the best confirmed response (by the spec's hierarchy) among assessments up to and
 * including the first progression; assessments after progression do not count. The date is the first
 * assessment with that response. Undefined when there is no assessment.
 * @example
 * computeBestOverallResponse([{28,"CRi"},{56,"CR"},{84,"CR"}]) // { response: "CR", date: 56 } (CR confirmed at 84)
 */
export function computeBestOverallResponse(
  assessments: readonly Assessment[],
  spec: AdamAdrs,
): { response: string; date: number } | undefined {
  const sorted = [...assessments].sort((a, b) => a.date - b.date);
  const stop = sorted.findIndex((a) => spec.progression.includes(a.response));
  const considered = stop < 0 ? sorted : sorted.slice(0, stop + 1);
  const confirmed = computeConfirmedResponses(considered, spec);
  let best: { response: string; date: number } | undefined;
  let bestRank = Number.POSITIVE_INFINITY;
  confirmed.forEach((r, i) => {
    const k = spec.hierarchy.indexOf(r);
    const rank = k < 0 ? spec.hierarchy.length : k;
    if (rank < bestRank) {
      bestRank = rank;
      best = { response: r, date: considered[i]!.date };
    }
  });
  return best;
}
