/**
 * ISO 8601 as SDTM uses it (SDTMIG 3.4 section 4.4): complete and partial dates/datetimes with
 * right truncation ("2024-03") and hyphen placeholders for missing components ("2024---15",
 * "2024-03-15T-:30", "--12-15", "-----T07:15"), durations ("P3Y", "P28D", "P0.5D", "-P1D", "P2W"),
 * and the study day (no day 0).
 *
 * Pure code: calendar arithmetic uses the proleptic Gregorian days-from-civil formula (no `Date`), which
 * equals `Date.UTC(y, m - 1, d) / 86400000` for every year (checked in the tests).
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

const KEYS = ["year", "month", "day", "hour", "minute", "second"] as const;
const PRECISIONS: readonly DtcPrecision[] = ["year", "month", "day", "hour", "minute", "second"];
// SDTMIG 4.4: separator written before component i (year has none).
const SEPARATORS = ["", "-", "-", "T", ":", ":"] as const;

const DATE_RE = /^(\d{4}|-)(?:-(\d{2}|-)(?:-(\d{2}|-))?)?$/;
const TIME_RE = /^(\d{2}|-)(?::(\d{2}|-)(?::(\d{2}(?:[.,]\d+)?|-))?)?$/;

/** True for Gregorian leap years. */
export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Number of days in month `m` (1-12) of year `y`; February has 29 days when the year is unknown. */
export function daysInMonth(m: number, y?: number): number {
  if (m === 2) return y === undefined || isLeapYear(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

function partsValid(p: DtcParts): boolean {
  const { year, month, day, hour, minute, second } = p;
  if (year !== undefined && (!Number.isInteger(year) || year < 0 || year > 9999)) return false;
  if (month !== undefined && (!Number.isInteger(month) || month < 1 || month > 12)) return false;
  if (day !== undefined) {
    if (!Number.isInteger(day) || day < 1) return false;
    // With the month unknown any day up to 31 is possible.
    if (day > (month === undefined ? 31 : daysInMonth(month, year))) return false;
  }
  if (hour !== undefined && (!Number.isInteger(hour) || hour < 0 || hour > 23)) return false;
  if (minute !== undefined && (!Number.isInteger(minute) || minute < 0 || minute > 59)) return false;
  if (second !== undefined && (!Number.isFinite(second) || second < 0 || second >= 60)) return false;
  return true;
}

/** Parses an SDTM --DTC string; returns undefined when it is not valid ISO 8601 (incl. impossible dates like 2023-02-30). */
export function parseDtc(s: string): DtcParts | undefined {
  if (s === "") return {};
  const t = s.indexOf("T");
  const datePart = t < 0 ? s : s.slice(0, t);
  const timePart = t < 0 ? undefined : s.slice(t + 1);
  const dm = DATE_RE.exec(datePart);
  if (!dm) return undefined;
  const tokens: (string | undefined)[] = [dm[1], dm[2], dm[3]];
  if (timePart !== undefined) {
    // A time needs all three date components written (as values or "-").
    if (dm[3] === undefined) return undefined;
    const tm = TIME_RE.exec(timePart);
    if (!tm) return undefined;
    tokens.push(tm[1], tm[2], tm[3]);
  }
  // SDTMIG 4.4: right truncation, so the last written component must be a value, not a placeholder.
  let last = tokens.length - 1;
  while (last >= 0 && tokens[last] === undefined) last--;
  if (last < 0 || tokens[last] === "-") return undefined;
  const p: DtcParts = {};
  for (let i = 0; i <= last; i++) {
    const tok = tokens[i];
    if (tok === undefined || tok === "-") continue;
    p[KEYS[i]!] = Number(tok.replace(",", "."));
  }
  return partsValid(p) ? p : undefined;
}

/** True when `s` is "" or a valid SDTM --DTC value. */
export function isValidDtc(s: string): boolean {
  return parseDtc(s) !== undefined;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

function formatSecond(s: number): string {
  const whole = Math.floor(s);
  const text = String(s);
  const dot = text.indexOf(".");
  return pad(whole, 2) + (dot < 0 || text.includes("e") ? "" : text.slice(dot));
}

/** Formats parts back to SDTM text with hyphen placeholders for inner gaps and right truncation. */
export function formatDtc(p: DtcParts): string {
  let last = KEYS.length - 1;
  while (last >= 0 && p[KEYS[last]!] === undefined) last--;
  if (last < 0) return "";
  // A time needs the three date slots written, so a date-less time still shows "-----T".
  let out = "";
  for (let i = 0; i <= last; i++) {
    const v = p[KEYS[i]!];
    out += SEPARATORS[i];
    if (v === undefined) out += "-";
    else if (i === 0) out += pad(v, 4);
    else if (i === 5) out += formatSecond(v);
    else out += pad(v, 2);
  }
  return out;
}

/** The finest component present without gaps before it. */
export function dtcPrecision(p: DtcParts): DtcPrecision {
  let prec: DtcPrecision = "none";
  for (let i = 0; i < KEYS.length; i++) {
    if (p[KEYS[i]!] === undefined) break;
    prec = PRECISIONS[i]!;
  }
  return prec;
}

/** Days since 1970-01-01 of a Gregorian date (H. Hinnant's days_from_civil; valid for all years). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z: number): [number, number, number] {
  const zz = z + 719468;
  const era = Math.floor(zz / 146097);
  const doe = zz - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

/** UTC epoch day (days since 1970-01-01) of a complete date; undefined if year/month/day missing. */
export function epochDay(p: DtcParts): number | undefined {
  if (p.year === undefined || p.month === undefined || p.day === undefined) return undefined;
  return daysFromCivil(p.year, p.month, p.day);
}

/** Inverse of epochDay, as "YYYY-MM-DD". */
export function epochDayToIso(d: number): string {
  const [y, m, day] = civilFromDays(Math.floor(d));
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(day, 2)}`;
}

/** Epoch day of the date part of a --DTC string, or undefined when the date is not complete. */
export function dtcEpochDay(dtc: string): number | undefined {
  const p = parseDtc(dtc);
  return p === undefined ? undefined : epochDay(p);
}

/**
 * Study Day of an observation (--DY).
 * @remarks SDTMIG 3.4 4.4.4: date - RFSTDTC + 1 on or after the reference date, date - RFSTDTC before it; there is no day 0.
 * @example studyDay("2024-03-15", "2024-03-15") === 1; studyDay("2024-03-14", "2024-03-15") === -1
 */
export function studyDay(dtc: string, refDtc: string): number | undefined {
  const d = dtcEpochDay(dtc);
  const r = dtcEpochDay(refDtc);
  if (d === undefined || r === undefined) return undefined;
  return d >= r ? d - r + 1 : d - r;
}

/** Compare two DTCs at their common precision: -1, 0, 1, or undefined when the common precision is empty. */
export function compareDtc(a: string, b: string): -1 | 0 | 1 | undefined {
  const pa = parseDtc(a);
  const pb = parseDtc(b);
  if (!pa || !pb) return undefined;
  const n = Math.min(
    PRECISIONS.indexOf(dtcPrecision(pa) as DtcPrecision),
    PRECISIONS.indexOf(dtcPrecision(pb) as DtcPrecision),
  );
  if (n < 0) return undefined;
  for (let i = 0; i <= n; i++) {
    const x = pa[KEYS[i]!]!;
    const y = pb[KEYS[i]!]!;
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return 0;
}

/**
 * Imputes a partial date to a complete date (ADaMIG): "first" = earliest possible, "last" = latest possible.
 * Returns the ISO date and the ADaM --DTF flag ("D", "M", "Y" or "").
 * @remarks ADaMIG 1.3 3.1.3: the flag names the highest-level component imputed; a known day is kept
 * when only the month is missing ("2024---15" → 2024-01-15 / 2024-12-15, flag "M"). The year cannot be
 * imputed here (it needs study context), so a missing year gives undefined.
 * @example imputeDate("2024-02", "last") → { date: "2024-02-29", flag: "D" }
 */
export function imputeDate(
  dtc: string,
  mode: "first" | "last",
): { date: string; flag: "" | "D" | "M" | "Y" } | undefined {
  const p = parseDtc(dtc);
  if (!p || p.year === undefined) return undefined;
  const year = p.year;
  let flag: "" | "D" | "M" = "";
  let month = p.month;
  if (month === undefined) {
    month = mode === "first" ? 1 : 12;
    flag = "M";
  }
  let day = p.day;
  if (day === undefined) {
    day = mode === "first" ? 1 : daysInMonth(month, year);
    if (flag === "") flag = "D";
  } else if (day > daysInMonth(month, year)) {
    // "2023---31" imputed to a month without day 31: move to that month's last day.
    day = daysInMonth(month, year);
  }
  return { date: `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`, flag };
}

/**
 * Imputes a partial datetime to a complete one to the second, with the ADaM --DTF and --TMF flags.
 * @remarks ADaMIG 1.3: --TMF is "H", "M" or "S", the highest-level time component imputed; a date-only
 * value gets 00:00:00 ("first") or 23:59:59 ("last") with TMF "H".
 */
export function imputeDatetime(
  dtc: string,
  mode: "first" | "last",
): { dtc: string; dateFlag: "" | "D" | "M" | "Y"; timeFlag: "" | "H" | "M" | "S" } | undefined {
  const d = imputeDate(dtc, mode);
  const p = parseDtc(dtc);
  if (!d || !p) return undefined;
  let timeFlag: "" | "H" | "M" | "S" = "";
  const fill = (v: number | undefined, flag: "H" | "M" | "S", lo: number, hi: number): number => {
    if (v !== undefined) return v;
    if (timeFlag === "") timeFlag = flag;
    return mode === "first" ? lo : hi;
  };
  const hour = fill(p.hour, "H", 0, 23);
  const minute = fill(p.minute, "M", 0, 59);
  const second = fill(p.second, "S", 0, 59);
  return {
    dtc: `${d.date}T${pad(hour, 2)}:${pad(minute, 2)}:${formatSecond(second)}`,
    dateFlag: d.flag,
    timeFlag,
  };
}

/** Seconds since midnight of the time part; needs hour and minute (missing seconds count as 0), else undefined. */
export function timeSeconds(p: DtcParts): number | undefined {
  if (p.hour === undefined || p.minute === undefined) return undefined;
  return p.hour * 3600 + p.minute * 60 + (p.second ?? 0);
}

/** Days from 1960-01-01 (SAS day 0) to 1970-01-01 (epoch day 0). */
const SAS_EPOCH_OFFSET = 3653;

/** SAS date value (days since 1960-01-01) from an epoch day. */
export function sasDate(epochDay: number): number {
  return epochDay + SAS_EPOCH_OFFSET;
}

/** SAS datetime value (seconds since 1960-01-01T00:00:00) of a complete datetime. */
export function sasDatetime(p: DtcParts): number | undefined {
  const d = epochDay(p);
  const t = timeSeconds(p);
  if (d === undefined || t === undefined) return undefined;
  return sasDate(d) * 86400 + t;
}

/** Epoch day from a SAS date value (inverse of sasDate). */
export function sasDateToEpochDay(sas: number): number {
  return sas - SAS_EPOCH_OFFSET;
}

/** SDTM --DTC text (to the second) of a SAS datetime value. */
export function sasDatetimeToDtc(sas: number): string {
  const days = Math.floor(sas / 86400);
  const rest = sas - days * 86400;
  const hour = Math.floor(rest / 3600);
  const minute = Math.floor((rest - hour * 3600) / 60);
  const second = rest - hour * 3600 - minute * 60;
  return `${epochDayToIso(sasDateToEpochDay(days))}T${pad(hour, 2)}:${pad(minute, 2)}:${formatSecond(second)}`;
}

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

const DUR_RE =
  /^(-)?P(?:(\d+(?:[.,]\d+)?)Y)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)W)?(?:(\d+(?:[.,]\d+)?)D)?(?:T(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;
const DUR_KEYS = ["years", "months", "weeks", "days", "hours", "minutes", "seconds"] as const;
const DUR_UNITS = ["Y", "M", "W", "D", "H", "M", "S"] as const;

/**
 * Parses an ISO 8601 duration (P3Y, P28D, P0.5D, P2W, PT12H, -P1D, P1Y2M10DT2H30M).
 * @remarks ISO 8601: only the smallest written component may carry a decimal fraction; "T" must be
 * followed by a time component; a leading "-" (ISO 8601-2) gives a negative duration.
 */
export function parseDuration(s: string): Duration | undefined {
  const m = DUR_RE.exec(s);
  if (!m) return undefined;
  if (s.endsWith("T") || s === "P" || s === "-P") return undefined;
  const d: Duration = { negative: m[1] === "-" };
  let sawFraction = false;
  for (let i = 0; i < DUR_KEYS.length; i++) {
    const tok = m[i + 2];
    if (tok === undefined) continue;
    if (sawFraction) return undefined;
    if (/[.,]/.test(tok)) sawFraction = true;
    d[DUR_KEYS[i]!] = Number(tok.replace(",", "."));
  }
  return d;
}

/** Formats a Duration as ISO 8601 text ("P0D" when empty). */
export function formatDuration(d: Duration): string {
  let date = "";
  let time = "";
  for (let i = 0; i < DUR_KEYS.length; i++) {
    const v = d[DUR_KEYS[i]!];
    if (v === undefined) continue;
    const text = `${String(v)}${DUR_UNITS[i]}`;
    if (i < 4) date += text;
    else time += text;
  }
  if (date === "" && time === "") date = "0D";
  return `${d.negative ? "-" : ""}P${date}${time === "" ? "" : `T${time}`}`;
}

/** Duration to days when it has no year/month parts (weeks*7 + days + hours/24 ...). */
export function durationDays(d: Duration): number | undefined {
  if ((d.years ?? 0) !== 0 || (d.months ?? 0) !== 0) return undefined;
  const days =
    (d.weeks ?? 0) * 7 +
    (d.days ?? 0) +
    (d.hours ?? 0) / 24 +
    (d.minutes ?? 0) / 1440 +
    (d.seconds ?? 0) / 86400;
  return d.negative && days !== 0 ? -days : days;
}

/** Duration to hours when it has no year/month parts (PK elapsed times, e.g. PT1H30M → 1.5). */
export function durationHours(d: Duration): number | undefined {
  const days = durationDays(d);
  return days === undefined ? undefined : days * 24;
}

export interface DtcInterval {
  start?: string;
  end?: string;
  duration?: Duration;
}

/**
 * Parses an ISO 8601 interval as SDTM uses it: "start/end", "start/duration" or "duration/end"
 * (e.g. "2024-03-15T10:00/2024-03-15T10:30", "2024-03/P2M", "P7D/2024-03-15"); start and end may be partial.
 * @remarks Undefined when a side is invalid or the end is before the start.
 */
export function parseDtcInterval(s: string): DtcInterval | undefined {
  const slash = s.indexOf("/");
  if (slash < 0 || s.indexOf("/", slash + 1) >= 0) return undefined;
  const left = s.slice(0, slash);
  const right = s.slice(slash + 1);
  const isDur = (x: string): boolean => x.startsWith("P") || x.startsWith("-P");
  if (isDur(left) && isDur(right)) return undefined;
  const side = (x: string): { dtc?: string; duration?: Duration } | undefined => {
    if (isDur(x)) {
      const d = parseDuration(x);
      return d && !d.negative ? { duration: d } : undefined;
    }
    return x !== "" && isValidDtc(x) ? { dtc: x } : undefined;
  };
  const a = side(left);
  const b = side(right);
  if (!a || !b) return undefined;
  if (a.dtc !== undefined && b.dtc !== undefined && compareDtc(a.dtc, b.dtc) === 1) return undefined;
  const out: DtcInterval = {};
  if (a.dtc !== undefined) out.start = a.dtc;
  if (b.dtc !== undefined) out.end = b.dtc;
  const duration = a.duration ?? b.duration;
  if (duration) out.duration = duration;
  return out;
}

const MONTHS: Record<string, number> = {
  JAN: 1,
  FEB: 2,
  MAR: 3,
  APR: 4,
  MAY: 5,
  JUN: 6,
  JUL: 7,
  AUG: 8,
  SEP: 9,
  OCT: 10,
  NOV: 11,
  DEC: 12,
  JANUARY: 1,
  FEBRUARY: 2,
  MARCH: 3,
  APRIL: 4,
  JUNE: 6,
  JULY: 7,
  AUGUST: 8,
  SEPT: 9,
  SEPTEMBER: 9,
  OCTOBER: 10,
  NOVEMBER: 11,
  DECEMBER: 12,
};
// Spellings EDC systems use for a component that was not collected.
const UNKNOWN = /^(?:U|UN|UK|UNK|UNKN|UUUU|NK|NA|X|XX|XXX|XXXX|-|--|\?\?|\?\?\?\?)$/i;

type Slot = number | undefined | null; // null = not a valid token

function numToken(tok: string, maxLen: number): Slot {
  if (UNKNOWN.test(tok)) return undefined;
  if (!/^\d+$/.test(tok) || tok.length > maxLen) return null;
  return Number(tok);
}

function monthToken(tok: string): Slot {
  if (UNKNOWN.test(tok)) return undefined;
  if (/^\d{1,2}$/.test(tok)) return Number(tok);
  const m = MONTHS[tok.toUpperCase()];
  return m === undefined ? null : m;
}

function yearToken(tok: string): Slot {
  if (UNKNOWN.test(tok)) return undefined;
  return /^\d{4}$/.test(tok) ? Number(tok) : null;
}

interface DateSlots {
  year: Slot;
  month: Slot;
  day: Slot;
}

/** Raw date layouts to year/month/day; null when not recognised. */
function rawDate(s: string, dayFirst: boolean): DateSlots | null {
  // ISO extended, possibly with placeholders already: 2024-03-15, 2024-03, 2024, 2024---15
  const iso = /^(\d{4}|-)(?:-(\d{2}|-)(?:-(\d{2}|-))?)?$/.exec(s);
  if (iso)
    return {
      year: yearToken(iso[1]!),
      month: iso[2] ? monthToken(iso[2]) : undefined,
      day: iso[3] ? numToken(iso[3], 2) : undefined,
    };
  // ISO basic 20240315
  const basic = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (basic) return { year: Number(basic[1]), month: Number(basic[2]), day: Number(basic[3]) };
  // SAS DATE9 and friends: 15MAR2024, UNMAR2024, UNKUNK2024
  const date9 = /^([0-9]{1,2}|UNK|UN|UK|NK|XX)([A-Z]{3})(\d{4}|UNKN|UUUU|XXXX)$/i.exec(s);
  if (date9) return { day: numToken(date9[1]!, 2), month: monthToken(date9[2]!), year: yearToken(date9[3]!) };
  // MAR2024 (month-year)
  const monYear = /^([A-Z]{3,9})[ \-/]?(\d{4})$/i.exec(s);
  if (monYear && MONTHS[monYear[1]!.toUpperCase()] !== undefined)
    return { day: undefined, month: monthToken(monYear[1]!), year: Number(monYear[2]) };
  const parts = s.split(/[-/ .,]+/);
  if (parts.length === 3) {
    const [a, b, c] = parts as [string, string, string];
    // 2024/03/15 (year first)
    if (/^\d{4}$/.test(a)) return { year: Number(a), month: monthToken(b), day: numToken(c, 2) };
    const alphaMonthFirst = /^[A-Z]{3,9}$/i.test(a) && MONTHS[a.toUpperCase()] !== undefined;
    const alphaMonthSecond = /^[A-Z]{3,9}$/i.test(b) && !UNKNOWN.test(b);
    // 15-Mar-2024, UN-MAR-2024, UNK-UNK-2024, 15-UNK-2024, 15 March 2024 (slashes mean a numeric layout)
    if (alphaMonthSecond || (UNKNOWN.test(b) && (!/^\d+$/.test(a) || !s.includes("/"))))
      return { day: numToken(a, 2), month: monthToken(b), year: yearToken(c) };
    // Mar-15-2024 / March 15 2024
    if (alphaMonthFirst) return { month: monthToken(a), day: numToken(b, 2), year: yearToken(c) };
    // 03/15/2024 (US) or 15/03/2024 with dayFirst
    if (/^(\d{4}|UNKN|UUUU|XXXX)$/i.test(c))
      return dayFirst
        ? { day: numToken(a, 2), month: monthToken(b), year: yearToken(c) }
        : { month: monthToken(a), day: numToken(b, 2), year: yearToken(c) };
    return null;
  }
  if (parts.length === 2) {
    const [a, b] = parts as [string, string];
    if (/^\d{4}$/.test(a)) return { year: Number(a), month: monthToken(b), day: undefined }; // 2024/03
    if (/^\d{4}$/.test(b)) return { year: Number(b), month: monthToken(a), day: undefined }; // 03/2024, UNK/2024
  }
  return null;
}

/** Raw time layouts (14:30, 14:30:00, 1430, 2:30 PM, UN:30, 14:UNK) to hour/minute/second; null when not recognised. */
function rawTime(s: string): { hour: Slot; minute: Slot; second: Slot } | null {
  let t = s.trim();
  if (t === "" || UNKNOWN.test(t)) return { hour: undefined, minute: undefined, second: undefined };
  let pm: boolean | undefined;
  const ampm = /\s*([AP])\.?M\.?$/i.exec(t);
  if (ampm) {
    pm = ampm[1]!.toUpperCase() === "P";
    t = t.slice(0, ampm.index);
  }
  let m = /^(\d{2})(\d{2})(\d{2})?$/.exec(t);
  if (!m)
    m =
      /^([0-9]{1,2}|[A-Z?-]{1,4})(?::([0-9]{2}|[A-Z?-]{1,4})(?::([0-9]{2}(?:[.,]\d+)?|[A-Z?-]{1,4}))?)?$/i.exec(
        t,
      );
  if (!m) return null;
  let hour = numToken(m[1]!, 2);
  const minute = m[2] === undefined ? undefined : numToken(m[2], 2);
  let second: Slot;
  if (m[3] !== undefined)
    second = UNKNOWN.test(m[3])
      ? undefined
      : /^\d{2}(?:[.,]\d+)?$/.test(m[3])
        ? Number(m[3].replace(",", "."))
        : null;
  if (pm !== undefined && typeof hour === "number") {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  return { hour, minute, second };
}

/**
 * Converts raw date layouts found in EDC and vendor exports into SDTM ISO 8601:
 * "15MAR2024", "15-Mar-2024", "2024/03/15", "03/15/2024" (US), "UN-MAR-2024"/"UNK MAR 2024" (unknown day),
 * "2024-03-15 14:30", "2024-03-15T14:30:00", with an optional separate time "14:30".
 * Returns undefined when the input is not a date (the caller logs a rejection).
 * @remarks Blank input gives "". A trailing "Z" is dropped and the clock time kept (SDTM --DTC holds
 * local time); other UTC offsets are rejected. `opts.dayFirst` reads "15/03/2024" as day/month/year.
 * @example toDtc("UN-MAR-2024") === "2024-03"; toDtc("15MAR2024", "14:30") === "2024-03-15T14:30"
 */
export function toDtc(raw: string, time?: string, opts?: { dayFirst?: boolean }): string | undefined {
  let s = raw.trim();
  let timeText = time?.trim() ?? "";
  if (s === "" && timeText === "") return "";
  // Split an embedded time: "2024-03-15T14:30", "2024-03-15 14:30", "15MAR2024:14:30:00" (SAS DATETIME).
  const embedded =
    /^(.+?[\d-])T([\d-].*)$/.exec(s) ??
    /^(\d{1,2}[A-Z]{3}\d{4}):(\d.*)$/i.exec(s) ??
    /^(.*\S)\s+(\d{1,2}:\S*(?:\s*[AP]\.?M\.?)?|\d{1,2}\s*[AP]\.?M\.?|(?:UNK?|UK|NK|--):\S*)$/i.exec(s);
  if (embedded) {
    if (timeText !== "") return undefined; // two times given
    s = embedded[1]!.trim();
    timeText = embedded[2]!.trim();
  }
  if (/z$/i.test(timeText)) timeText = timeText.slice(0, -1);
  const date: DateSlots | null =
    s === "" ? { year: undefined, month: undefined, day: undefined } : rawDate(s, opts?.dayFirst ?? false);
  if (!date || date.year === null || date.month === null || date.day === null) return undefined;
  const tm = rawTime(timeText);
  if (!tm || tm.hour === null || tm.minute === null || tm.second === null) return undefined;
  const p: DtcParts = {};
  if (date.year !== undefined) p.year = date.year;
  if (date.month !== undefined) p.month = date.month;
  if (date.day !== undefined) p.day = date.day;
  if (tm.hour !== undefined) p.hour = tm.hour;
  if (tm.minute !== undefined) p.minute = tm.minute;
  if (tm.second !== undefined) p.second = tm.second;
  if (!partsValid(p)) return undefined;
  const out = formatDtc(p);
  return parseDtc(out) === undefined ? undefined : out;
}
