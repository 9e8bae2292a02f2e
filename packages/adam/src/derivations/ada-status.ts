/**
 * Subject ADA status from the ADA results by visit.
 */

export interface AdaSample {
  /** True for the baseline (pre-infusion) sample. */
  baseline: boolean;
  positive: boolean;
  titre: number | null;
}

export type AdaStatus = "BASELINE POSITIVE" | "TREATMENT INDUCED" | "TREATMENT BOOSTED" | "NEGATIVE" | "";

/**
 * ADA status: TREATMENT INDUCED when baseline is negative (or missing) and any post-baseline sample is positive;
 * TREATMENT BOOSTED when baseline is positive and a post-baseline titre is at least `boostFold` × the baseline
 * titre; BASELINE POSITIVE when baseline is positive and no boost; NEGATIVE when every sample is negative.
 * "" when there is no post-baseline sample.
 * @example
 * computeAdaStatus([{baseline:true,positive:true,titre:40},{baseline:false,positive:true,titre:160}], 4) // TREATMENT BOOSTED
 * computeAdaStatus([{baseline:true,positive:true,titre:40},{baseline:false,positive:true,titre:159}], 4) // BASELINE POSITIVE
 */
export function computeAdaStatus(samples: readonly AdaSample[], boostFold: number): AdaStatus {
  const base = samples.find((s) => s.baseline);
  const post = samples.filter((s) => !s.baseline);
  if (post.length === 0) return "";
  const postPositive = post.some((s) => s.positive);
  if (!base?.positive) return postPositive ? "TREATMENT INDUCED" : "NEGATIVE";
  const bt = base.titre;
  const boosted =
    bt !== null && post.some((s) => s.positive && s.titre !== null && s.titre >= boostFold * bt);
  return boosted ? "TREATMENT BOOSTED" : "BASELINE POSITIVE";
}
