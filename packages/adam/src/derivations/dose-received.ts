/**
 * Exposure on ADSL: total dose received per drug, percent of the planned dose, and days of dosing.
 */

/** Float noise from summing decimals (0.1 + 0.2) removed: 12 significant digits. */
const clean = (x: number): number => Number(x.toPrecision(12));

/** Administrations per day of an EXDOSFRQ value (CDISC C71113); ONCE is one administration in all. */
const PER_DAY: Record<string, number> = { QD: 1, BID: 2, TID: 3, QID: 4 };

/**
 * Number of administrations an exposure record stands for: ONCE (or no frequency on a one-day record) is 1;
 * QD/BID/TID/QID give per-day count x days from start to end date inclusive. Dates missing or partial count as
 * one day. Null when a multi-day record has a frequency whose count is not known.
 * @example
 * computeAdministrations("QD", 100, 102) // 3 (days 100, 101, 102)
 * computeAdministrations("ONCE", 100, 101) // 1 (an infusion across midnight)
 */
export function computeAdministrations(
  frequency: string,
  start: number | undefined,
  end: number | undefined,
): number | null {
  if (frequency === "ONCE") return 1;
  const days = start !== undefined && end !== undefined && end >= start ? end - start + 1 : 1;
  const perDay = frequency === "" ? (days === 1 ? 1 : undefined) : PER_DAY[frequency];
  return perDay === undefined ? null : perDay * days;
}

export interface DoseRecord {
  /** Dose per administration (EXDOSE). */
  dose: number | null;
  unit: string;
  /** Administrations the record stands for (`computeAdministrations`); null = unknown. */
  administrations: number | null;
}

export interface DoseTotal {
  total: number | null;
  /** Why there is no total although records exist (a missing dose, another unit, an unknown frequency). */
  problem?: string;
}

/**
 * Total dose received: the sum of dose x administrations over a subject's records, all of which must be in
 * `unit`. No records gives no total (not 0). A record with a missing dose, another unit or an unknown number
 * of administrations makes the total unknown.
 * @example
 * computeDoseTotal([{ dose: 30, unit: "mg/m2", administrations: 2 }, { dose: 24, unit: "mg/m2", administrations: 1 }], "mg/m2") // { total: 84 }
 */
export function computeDoseTotal(records: readonly DoseRecord[], unit: string): DoseTotal {
  if (records.length === 0) return { total: null };
  let total = 0;
  for (const r of records) {
    if (r.unit !== unit) return { total: null, problem: `dose unit "${r.unit}" is not "${unit}"` };
    if (r.dose === null || !Number.isFinite(r.dose)) return { total: null, problem: "a dose is missing" };
    if (r.administrations === null)
      return { total: null, problem: "the number of administrations of a record is unknown" };
    total += r.dose * r.administrations;
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
 * Days of dosing: the number of distinct days covered by a subject's records, each from its start to its end
 * date inclusive (the start day alone when the end is missing, partial or before the start); records without a
 * complete start date do not count; no dated record gives no value.
 * @example
 * computeDosingDays([{ start: 100, end: 100 }, { start: 100, end: 102 }, { start: undefined, end: 105 }]) // 3
 */
export function computeDosingDays(
  spans: readonly { start: number | undefined; end: number | undefined }[],
): number | null {
  const days = new Set<number>();
  for (const { start, end } of spans) {
    if (start === undefined) continue;
    const last = end !== undefined && end >= start ? end : start;
    for (let d = start; d <= last; d++) days.add(d);
  }
  return days.size === 0 ? null : days.size;
}
