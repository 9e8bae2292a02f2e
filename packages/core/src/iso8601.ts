/**
 * ISO 8601 as SDTM uses it (SDTMIG 3.4 section 4.4): complete and partial dates/datetimes with
 * right truncation ("2024-03") and hyphen placeholders for missing components ("2024---15",
 * "2024-03-15T-:30"), durations ("P3Y", "P28D", "P0.5D", "-P1D", "P2W"), and the study day (no day 0).
 *
 * IMPLEMENTATION PENDING: signatures below are the contract; the implementation replaces the bodies.
 */

/** Components of an SDTM --DTC value; a component is undefined when not collected. */
export interface DtcParts {
  year?: number;
  month?: number;
  day?: number;
  hour?: number;
  minute?: number;
  second?: number;
}

export type DtcPrecision = "year" | "month" | "day" | "hour" | "minute" | "second" | "none";

/** Parses an SDTM --DTC string; returns undefined when it is not valid ISO 8601 (incl. impossible dates like 2023-02-30). */
export declare function parseDtc(s: string): DtcParts | undefined;
/** True when `s` is "" or a valid SDTM --DTC value. */
export declare function isValidDtc(s: string): boolean;
/** Formats parts back to SDTM text with hyphen placeholders for inner gaps and right truncation. */
export declare function formatDtc(p: DtcParts): string;
/** The finest component present without gaps before it. */
export declare function dtcPrecision(p: DtcParts): DtcPrecision;
/** UTC epoch day (days since 1970-01-01) of a complete date; undefined if year/month/day missing. */
export declare function epochDay(p: DtcParts): number | undefined;
/** Inverse of epochDay, as "YYYY-MM-DD". */
export declare function epochDayToIso(d: number): string;
/** SDTM study day: date - ref + 1 when on/after ref, else date - ref (no day 0). Undefined if either date is incomplete. */
export declare function studyDay(dtc: string, refDtc: string): number | undefined;
/** Compare two DTCs at their common precision: -1, 0, 1, or undefined when the common precision is empty. */
export declare function compareDtc(a: string, b: string): -1 | 0 | 1 | undefined;
/**
 * Imputes a partial date to a complete date (ADaMIG): "first" = earliest possible, "last" = latest possible.
 * Returns the ISO date and the ADaM --DTF flag ("D", "M", "Y" or "").
 */
export declare function imputeDate(dtc: string, mode: "first" | "last"): { date: string; flag: "" | "D" | "M" | "Y" } | undefined;
/** Seconds since midnight of the time part, or undefined. */
export declare function timeSeconds(p: DtcParts): number | undefined;
/** SAS date value (days since 1960-01-01) from an epoch day. */
export declare function sasDate(epochDay: number): number;
/** SAS datetime value (seconds since 1960-01-01T00:00:00) of a complete datetime. */
export declare function sasDatetime(p: DtcParts): number | undefined;

export interface Duration {
  negative: boolean;
  years?: number;
  months?: number;
  weeks?: number;
  days?: number;
  hours?: number;
  minutes?: number;
  seconds?: number;
}
/** Parses an ISO 8601 duration (P3Y, P28D, P0.5D, P2W, PT12H, -P1D, P1Y2M10DT2H30M). */
export declare function parseDuration(s: string): Duration | undefined;
export declare function formatDuration(d: Duration): string;
/** Duration to days when it has no year/month parts (weeks*7 + days + hours/24 ...). */
export declare function durationDays(d: Duration): number | undefined;
/**
 * Converts raw date layouts found in EDC and vendor exports into SDTM ISO 8601:
 * "15MAR2024", "15-Mar-2024", "2024/03/15", "03/15/2024" (US), "UN-MAR-2024"/"UNK MAR 2024" (unknown day),
 * "2024-03-15 14:30", "2024-03-15T14:30:00", with an optional separate time "14:30".
 * Returns undefined when the input is not a date (the caller logs a rejection).
 */
export declare function toDtc(raw: string, time?: string): string | undefined;
