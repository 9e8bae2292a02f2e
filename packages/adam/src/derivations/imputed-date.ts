/**
 * Analysis dates from partial SDTM dates (ADaMIG 1.3 section 3.1.3: --DTF imputation flags).
 */
import { daysInMonth, parseDtc, sasDateOf } from "../internal/dtc.ts";

/** ADaM date imputation flag: "Y" year, "M" month (and day), "D" day imputed; "" none. */
export type DateFlag = "" | "D" | "M" | "Y";

export interface ImputedDate {
  /** SAS date (days since 1960-01-01). */
  date: number;
  flag: DateFlag;
}

/** Earliest and latest complete dates a partial --DTC allows (year required). */
function dateRange(dtc: string): { first: number; last: number; flag: DateFlag } | undefined {
  const p = parseDtc(dtc);
  if (!p || p.year === undefined) return undefined;
  if (p.month === undefined)
    return { first: sasDateOf(p.year, 1, 1), last: sasDateOf(p.year, 12, 31), flag: "M" };
  if (p.day === undefined)
    return {
      first: sasDateOf(p.year, p.month, 1),
      last: sasDateOf(p.year, p.month, daysInMonth(p.year, p.month)),
      flag: "D",
    };
  const d = sasDateOf(p.year, p.month, p.day);
  return { first: d, last: d, flag: "" };
}

/**
 * Analysis start date: the first possible date of a partial date (missing day → 1st, missing month → January).
 * @remarks admiral `derive_vars_dt(date_imputation = "first", min_dates = TRTSDT)`: when the partial date's range
 * contains `minDate` (e.g. AE started "2024-03" and infusion was 2024-03-10), impute to `minDate` so an AE in the
 * infusion month is not pushed before treatment. Missing year: no date.
 * @example
 * computeImputedStartDate("2024-03-15")                  // 2024-03-15, ""
 * computeImputedStartDate("2024-03")                     // 2024-03-01, "D"
 * computeImputedStartDate("2024-03", { minDate: 10MAR }) // 2024-03-10, "D"
 */
export function computeImputedStartDate(
  dtc: string,
  opts: { minDate?: number | null } = {},
): ImputedDate | undefined {
  const r = dateRange(dtc);
  if (!r) return undefined;
  const min = opts.minDate;
  if (r.flag !== "" && min !== undefined && min !== null && r.first < min && min <= r.last)
    return { date: min, flag: r.flag };
  return { date: r.first, flag: r.flag };
}

/**
 * Analysis end date: the last possible date of a partial date (missing day → last of month, missing month → 31 Dec).
 * @remarks admiral `date_imputation = "last", max_dates = c(DTHDT, cut-off)`: an imputed date is never later than
 * the earliest of `maxDates` when that date lies in the partial date's range. Complete dates are never changed.
 * @example
 * computeImputedEndDate("2024-02")                      // 2024-02-29, "D"
 * computeImputedEndDate("2024")                         // 2024-12-31, "M"
 * computeImputedEndDate("2024-02", { maxDates: [10FEB] }) // 2024-02-10, "D"
 */
export function computeImputedEndDate(
  dtc: string,
  opts: { maxDates?: (number | null | undefined)[] } = {},
): ImputedDate | undefined {
  const r = dateRange(dtc);
  if (!r) return undefined;
  let date = r.last;
  if (r.flag !== "") {
    for (const m of opts.maxDates ?? []) {
      if (m !== null && m !== undefined && m < date && m >= r.first) date = m;
    }
  }
  return { date, flag: r.flag };
}
