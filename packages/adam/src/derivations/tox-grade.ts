/**
 * Analysis Toxicity Grade from lab values by CTCAE criteria held as data in the spec.
 */

import type { Dataset, Diagnostics } from "@trialforge/core";
import type { AdamToxCriteria, AdamToxThreshold } from "@trialforge/spec";
import { assertVars, charColumn, numColumn, withColumns } from "../internal/frame.ts";
import { varMeta } from "../internal/meta.ts";

export interface ToxReference {
  anrlo: number | null;
  anrhi: number | null;
  base: number | null;
}

function holds(t: AdamToxThreshold, aval: number, ref: ToxReference): boolean | null {
  const of = t.of === "LLN" ? ref.anrlo : t.of === "ULN" ? ref.anrhi : t.of === "BASE" ? ref.base : 1;
  if (of === null) return null;
  const limit = t.factor * of;
  switch (t.op) {
    case "<":
      return aval < limit;
    case "<=":
      return aval <= limit;
    case ">":
      return aval > limit;
    case ">=":
      return aval >= limit;
  }
}

/**
 * CTCAE grade (0-4) of a lab value: the highest grade any of whose thresholds holds; 0 when none holds.
 * @remarks CTCAE v5 ranges like "Grade 2: <1.5 - 1.0 x 10e9/L" are upper-open, so the grade whose threshold is
 * "< 1.5" holds for 1.49 but not 1.5. When the baseline is abnormal in the criteria's direction (BASE < LLN for
 * L, BASE > ULN for H) and the spec gives `abnormalBaselineThresholds`, those replace the normal-baseline ones.
 * Null when AVAL is missing or no threshold could be evaluated (its reference value is missing).
 * @example
 * computeToxGrade(1.5, { anrlo: 2, anrhi: 7, base: null }, NEUT) // 1 (< LLN, not < 1.5)
 * computeToxGrade(1.49, ...)                                      // 2
 * computeToxGrade(0.49, ...)                                      // 4
 */
export function computeToxGrade(
  aval: number | null,
  ref: ToxReference,
  criteria: AdamToxCriteria,
): number | null {
  if (aval === null) return null;
  const baselineAbnormal =
    ref.base !== null &&
    (criteria.direction === "L"
      ? ref.anrlo !== null && ref.base < ref.anrlo
      : ref.anrhi !== null && ref.base > ref.anrhi);
  const thresholds =
    baselineAbnormal && criteria.abnormalBaselineThresholds
      ? criteria.abnormalBaselineThresholds
      : criteria.thresholds;
  let grade = 0;
  let evaluated = false;
  for (const t of thresholds) {
    const h = holds(t, aval, ref);
    if (h === null) continue;
    evaluated = true;
    if (h && t.grade > grade) grade = t.grade;
  }
  return evaluated ? grade : null;
}

/**
 * ATOXGR/ATOXGRN and ATOXDSCL/ATOXDSCH per record from the criteria of its PARAMCD (`computeToxGrade`);
 * blank for parameters without criteria.
 */
export function deriveToxGrade(
  ds: Dataset,
  criteriaByParamcd: ReadonlyMap<string, AdamToxCriteria>,
  diagnostics?: Diagnostics,
): Dataset {
  assertVars(ds, ["PARAMCD", "AVAL", "ANRLO", "ANRHI", "BASE"], "deriveToxGrade");
  const paramcd = ds.char("PARAMCD");
  const crit = paramcd.dict.map((p) => criteriaByParamcd.get(p));
  const aval = ds.num("AVAL");
  const lo = ds.num("ANRLO");
  const hi = ds.num("ANRHI");
  const base = ds.num("BASE");
  // The baseline record itself is graded against the normal-baseline criteria.
  const abl = ds.has("ABLFL") ? ds.char("ABLFL") : undefined;
  const ablY = abl?.lookup("Y");
  const grade = new Float64Array(ds.length);
  const gradeC = new Array<string>(ds.length);
  const dscl = new Array<string>(ds.length);
  const dsch = new Array<string>(ds.length);
  for (let i = 0; i < ds.length; i++) {
    const c = crit[paramcd.codes[i]!];
    const g = c
      ? computeToxGrade(
          aval.get(i),
          { anrlo: lo.get(i), anrhi: hi.get(i), base: abl && abl.codes[i] === ablY ? null : base.get(i) },
          c,
        )
      : null;
    grade[i] = g ?? Number.NaN;
    gradeC[i] = g === null ? "" : String(g);
    dscl[i] = c?.direction === "L" ? c.term : "";
    dsch[i] = c?.direction === "H" ? c.term : "";
  }
  return withColumns(
    ds,
    [
      { meta: varMeta("ATOXDSCL"), column: charColumn(dscl) },
      { meta: varMeta("ATOXDSCH"), column: charColumn(dsch) },
      { meta: varMeta("ATOXGR"), column: charColumn(gradeC) },
      { meta: varMeta("ATOXGRN"), column: numColumn(grade) },
    ],
    diagnostics,
  );
}
