/**
 * Exposure on ADSL: total dose received per drug, percent of the planned dose, and days of dosing.
 */

/** Float noise from summing decimals (0.1 + 0.2) removed: 12 significant digits. */
const clean = (x: number): number => Number(x.toPrecision(12));

export interface DoseRecord {
  dose: number | null;
  unit: string;
}

export interface DoseTotal {
  total: number | null;
  /** Why there is no total although records exist (a missing dose, another unit). */
  problem?: string;
}

/**
 * Total dose received: the sum of the doses of a subject's records, all of which must be in `unit`.
 * No records gives no total (not 0). A record with a missing dose or another unit makes the total unknown.
 * @example
 * computeDoseTotal([{ dose: 30, unit: "mg/m2" }, { dose: 24, unit: "mg/m2" }], "mg/m2") // { total: 54 }
 */
export function computeDoseTotal(records: readonly DoseRecord[], unit: string): DoseTotal {
  if (records.length === 0) return { total: null };
  let total = 0;
  for (const r of records) {
    if (r.unit !== unit) return { total: null, problem: `dose unit "${r.unit}" is not "${unit}"` };
    if (r.dose === null || !Number.isFinite(r.dose)) return { total: null, problem: "a dose is missing" };
    total += r.dose;
  }
  return { total: clean(total) };
}

/**
 * Percent of planned dose: received / planned x 100; missing when either is missing or planned is not positive.
 * @example
 * computePercentOfPlanned(1.02, 1) // 102
 * computePercentOfPlanned(2.93, 3) // 97.6666666667
 */
export function computePercentOfPlanned(
  received: number | null,
  planned: number | null | undefined,
): number | null {
  if (received === null || planned === null || planned === undefined || !(planned > 0)) return null;
  return clean((received / planned) * 100);
}

/**
 * Days of dosing: the number of distinct complete dates (SAS day numbers) among a subject's records; records
 * without a complete date do not count; no dated record gives no value.
 * @example
 * computeDosingDays([100, 100, 101, 102, undefined]) // 3
 */
export function computeDosingDays(dates: readonly (number | undefined)[]): number | null {
  const days = new Set<number>();
  for (const d of dates) if (d !== undefined) days.add(d);
  return days.size === 0 ? null : days.size;
}
