/**
 * SAS numeric dates, datetimes and times <-> ISO 8601 text, as Dataset-JSON 1.1 writes numeric date
 * columns (dataType date/datetime/time with targetDataType "integer"). SAS day 0 is 1960-01-01.
 */

const SAS_EPOCH_DAYS = 3653; // 1960-01-01 -> 1970-01-01

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** [year, month, day] of days since 1970-01-01. */
export function civilFromDays(z: number): [number, number, number] {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

const p2 = (n: number) => (n < 10 ? `0${n}` : String(n));

// SAS days of 0001-01-01 and 9999-12-31: the 4-digit years ISO text holds
const MIN_DAY = daysFromCivil(1, 1, 1) + SAS_EPOCH_DAYS;
const MAX_DAY = daysFromCivil(9999, 12, 31) + SAS_EPOCH_DAYS;

/** True when a SAS date number can be written as ISO "YYYY-MM-DD" (years 0001-9999) and read back exactly. */
export function isIsoableSasDate(x: number): boolean {
  return Number.isInteger(x) && x >= MIN_DAY && x <= MAX_DAY;
}

export function sasDateToIso(x: number): string {
  const [y, m, d] = civilFromDays(x - SAS_EPOCH_DAYS);
  return `${String(y).padStart(4, "0")}-${p2(m)}-${p2(d)}`;
}

export function isIsoableSasDatetime(x: number): boolean {
  return Number.isInteger(x) && x >= MIN_DAY * 86400 && x < (MAX_DAY + 1) * 86400;
}

export function sasDatetimeToIso(x: number): string {
  const day = Math.floor(x / 86400);
  return `${sasDateToIso(day)}T${sasTimeToIso(x - day * 86400)}`;
}

export function isIsoableSasTime(x: number): boolean {
  return Number.isInteger(x) && x >= 0 && x < 86400;
}

export function sasTimeToIso(s: number): string {
  const h = Math.floor(s / 3600);
  const mi = Math.floor((s - h * 3600) / 60);
  return `${p2(h)}:${p2(mi)}:${p2(s - h * 3600 - mi * 60)}`;
}

const DATE_RE = /^(\d{4})-(\d\d)-(\d\d)$/;
const DATETIME_RE = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)(?::(\d\d(?:\.\d+)?))?$/;
const TIME_RE = /^(\d\d):(\d\d)(?::(\d\d(?:\.\d+)?))?$/;

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const dim = [
    31,
    y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28,
    31,
    30,
    31,
    30,
    31,
    31,
    30,
    31,
    30,
    31,
  ];
  return d <= dim[m - 1]!;
}

/** SAS date number of "YYYY-MM-DD", or undefined. */
export function isoToSasDate(s: string): number | undefined {
  const m = DATE_RE.exec(s);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (!validDate(y, mo, d)) return undefined;
  return daysFromCivil(y, mo, d) + SAS_EPOCH_DAYS;
}

/** SAS datetime (seconds since 1960-01-01T00:00:00) of "YYYY-MM-DDThh:mm[:ss[.f]]", or undefined. */
export function isoToSasDatetime(s: string): number | undefined {
  const m = DATETIME_RE.exec(s);
  if (!m) return undefined;
  const day = isoToSasDate(`${m[1]}-${m[2]}-${m[3]}`);
  const t = hms(Number(m[4]), Number(m[5]), m[6] ? Number(m[6]) : 0);
  return day === undefined || t === undefined ? undefined : day * 86400 + t;
}

/** SAS time (seconds since midnight) of "hh:mm[:ss[.f]]", or undefined. */
export function isoToSasTime(s: string): number | undefined {
  const m = TIME_RE.exec(s);
  return m ? hms(Number(m[1]), Number(m[2]), m[3] ? Number(m[3]) : 0) : undefined;
}

function hms(h: number, mi: number, sec: number): number | undefined {
  if (h > 23 || mi > 59 || sec >= 60) return undefined;
  return h * 3600 + mi * 60 + sec;
}

/** SAS display formats whose values are dates, datetimes or times (by format name). */
const DATE_FORMATS = new Set([
  "DATE",
  "DAY",
  "DDMMYY",
  "DDMMYYB",
  "DDMMYYC",
  "DDMMYYD",
  "DDMMYYN",
  "DDMMYYP",
  "DDMMYYS",
  "DOWNAME",
  "E8601DA",
  "B8601DA",
  "EURDFDD",
  "JULDAY",
  "JULIAN",
  "MMDDYY",
  "MMDDYYB",
  "MMDDYYC",
  "MMDDYYD",
  "MMDDYYN",
  "MMDDYYP",
  "MMDDYYS",
  "MMYY",
  "MONNAME",
  "MONTH",
  "MONYY",
  "NENGO",
  "QTR",
  "WEEKDATE",
  "WEEKDATX",
  "WEEKDAY",
  "WORDDATE",
  "WORDDATX",
  "YEAR",
  "YYMM",
  "YYMMDD",
  "YYMMDDB",
  "YYMMDDC",
  "YYMMDDD",
  "YYMMDDN",
  "YYMMDDP",
  "YYMMDDS",
  "YYMON",
  "YYQ",
  "IS8601DA",
]);
const DATETIME_FORMATS = new Set([
  "DATETIME",
  "DATEAMPM",
  "DTDATE",
  "E8601DT",
  "B8601DT",
  "IS8601DT",
  "E8601DN",
  "MDYAMPM",
  "DTMONYY",
  "DTYEAR",
]);
const TIME_FORMATS = new Set([
  "TIME",
  "TOD",
  "HHMM",
  "HOUR",
  "MMSS",
  "E8601TM",
  "B8601TM",
  "IS8601TM",
  "TIMEAMPM",
]);

/** "date", "datetime", "time" or undefined for a SAS display format like "DATE9." or "E8601DT19.". */
export function temporalKind(displayFormat: string | undefined): "date" | "datetime" | "time" | undefined {
  if (!displayFormat) return undefined;
  const m = /^([A-Z_][A-Z0-9_]*?)(\d*)\.\d*$/i.exec(displayFormat.trim());
  if (!m) return undefined;
  const name = m[1]!.toUpperCase();
  if (DATE_FORMATS.has(name)) return "date";
  if (DATETIME_FORMATS.has(name)) return "datetime";
  if (TIME_FORMATS.has(name)) return "time";
  return undefined;
}
