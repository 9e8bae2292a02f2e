/**
 * The few ISO 8601 operations ADaM needs, on SDTM --DTC text: parse (complete, right-truncated or with hyphen
 * placeholders), whole dates as UTC epoch days, datetimes as epoch seconds, and SAS date/datetime values.
 * Kept here so ADaM does not wait on core's pending ISO 8601 implementation.
 */

export interface DtcParts {
  year?: number;
  month?: number;
  day?: number;
  hour?: number;
  minute?: number;
  second?: number;
}

const DTC = /^(\d{4}|-)(?:-(\d{2}|-)(?:-(\d{2}|-)(?:T(\d{2}|-)(?::(\d{2}|-)(?::(\d{2}(?:\.\d+)?))?)?)?)?)?$/;

/** Parts of a --DTC value, or undefined when it is empty or not ISO 8601 (impossible dates included). */
export function parseDtc(s: string): DtcParts | undefined {
  const m = DTC.exec(s.trim());
  if (!m) return undefined;
  const num = (x: string | undefined) => (x === undefined || x === "-" ? undefined : Number(x));
  const p: DtcParts = {
    year: num(m[1]),
    month: num(m[2]),
    day: num(m[3]),
    hour: num(m[4]),
    minute: num(m[5]),
    second: num(m[6]),
  };
  if (p.month !== undefined && (p.month < 1 || p.month > 12)) return undefined;
  if (p.day !== undefined) {
    if (p.day < 1) return undefined;
    if (p.year !== undefined && p.month !== undefined && p.day > daysInMonth(p.year, p.month))
      return undefined;
    if (p.day > 31) return undefined;
  }
  if (p.hour !== undefined && p.hour > 23) return undefined;
  if (p.minute !== undefined && p.minute > 59) return undefined;
  return p;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** UTC epoch day of the date part when year, month and day are all present. */
export function dtcEpochDay(s: string): number | undefined {
  const p = parseDtc(s);
  if (!p || p.year === undefined || p.month === undefined || p.day === undefined) return undefined;
  return Date.UTC(p.year, p.month - 1, p.day) / 86_400_000;
}

/** Epoch seconds of a datetime with at least hour and minute; undefined otherwise. */
export function dtcEpochSeconds(s: string): number | undefined {
  const p = parseDtc(s);
  if (
    !p ||
    p.year === undefined ||
    p.month === undefined ||
    p.day === undefined ||
    p.hour === undefined ||
    p.minute === undefined
  )
    return undefined;
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, Math.floor(p.second ?? 0)) / 1000;
}

export function epochDayFromYmd(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / 86_400_000;
}

/** "YYYY-MM-DD" of an epoch day. */
export function epochDayToIso(d: number): string {
  return new Date(d * 86_400_000).toISOString().slice(0, 10);
}

/** SAS date (days since 1960-01-01) of an epoch day. */
export const SAS_EPOCH_DAYS = 3653;
export function sasDate(epochDay: number): number {
  return epochDay + SAS_EPOCH_DAYS;
}
/** SAS datetime (seconds since 1960-01-01T00:00) of epoch seconds. */
export function sasDatetime(epochSeconds: number): number {
  return epochSeconds + SAS_EPOCH_DAYS * 86_400;
}
/** Epoch day of an ISO date "YYYY-MM-DD" (complete dates only). */
export function isoDateEpochDay(s: string): number | undefined {
  return dtcEpochDay(s);
}

/** SAS date of a complete --DTC date part; undefined when partial or empty. */
export function dtcSasDate(s: string): number | undefined {
  const d = dtcEpochDay(s);
  return d === undefined ? undefined : d + SAS_EPOCH_DAYS;
}
/** SAS datetime of a --DTC with at least hour and minute. */
export function dtcSasDatetime(s: string): number | undefined {
  const t = dtcEpochSeconds(s);
  return t === undefined ? undefined : t + SAS_EPOCH_DAYS * 86_400;
}
/** SAS date of year/month/day. */
export function sasDateOf(year: number, month: number, day: number): number {
  return epochDayFromYmd(year, month, day) + SAS_EPOCH_DAYS;
}
/** "YYYY-MM-DD" of a SAS date. */
export function sasDateToIso(d: number): string {
  return epochDayToIso(d - SAS_EPOCH_DAYS);
}
