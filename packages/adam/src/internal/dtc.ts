/**
 * The ISO 8601 operations ADaM needs, on SDTM --DTC text, as SAS date and datetime values: a thin layer over
 * core's ISO 8601 (one implementation of partial dates, calendars and epochs in the project).
 */
import * as iso from "@trialforge/core";

export type { DtcParts } from "@trialforge/core";

/** Parts of a --DTC value, or undefined when it is empty or not ISO 8601 (impossible dates included). */
export function parseDtc(s: string): iso.DtcParts | undefined {
  return iso.parseDtc(s.trim());
}

export function daysInMonth(year: number, month: number): number {
  return iso.daysInMonth(month, year);
}

/** UTC epoch day of the date part when year, month and day are all present. */
export function dtcEpochDay(s: string): number | undefined {
  const p = parseDtc(s);
  return p === undefined ? undefined : iso.epochDay(p);
}

/** Epoch seconds (whole seconds) of a datetime with at least hour and minute; undefined otherwise. */
export function dtcEpochSeconds(s: string): number | undefined {
  const p = parseDtc(s);
  if (p === undefined) return undefined;
  const d = iso.epochDay(p);
  const t = iso.timeSeconds(p);
  return d === undefined || t === undefined ? undefined : d * 86_400 + Math.floor(t);
}

export function epochDayFromYmd(year: number, month: number, day: number): number {
  return iso.epochDay({ year, month, day })!;
}

/** "YYYY-MM-DD" of an epoch day. */
export const epochDayToIso = iso.epochDayToIso;

/** Days from 1960-01-01 (SAS day 0) to 1970-01-01 (epoch day 0). */
export const SAS_EPOCH_DAYS = iso.sasDate(0);

/** SAS date (days since 1960-01-01) of an epoch day. */
export const sasDate = iso.sasDate;

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
  return d === undefined ? undefined : iso.sasDate(d);
}

/** SAS datetime of a --DTC with at least hour and minute. */
export function dtcSasDatetime(s: string): number | undefined {
  const t = dtcEpochSeconds(s);
  return t === undefined ? undefined : sasDatetime(t);
}

/** SAS date of year/month/day. */
export function sasDateOf(year: number, month: number, day: number): number {
  return iso.sasDate(epochDayFromYmd(year, month, day));
}

/** "YYYY-MM-DD" of a SAS date. */
export function sasDateToIso(d: number): string {
  return iso.epochDayToIso(iso.sasDateToEpochDay(d));
}
