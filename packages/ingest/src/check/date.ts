/**
 * Raw dates and times read exactly in their declared layout (RawForm/RawField `dateFormat`, `timeFormat`):
 * a value in any other layout is rejected, and the reason names the layout it looks like. Nothing is
 * guessed: "05.03.2024" in a DD-MON-YYYY field is not read as 3 May or 5 March.
 */
import type { RawDateFormat, RawTimeFormat } from "@trialforge/spec";

/** The date layout when a form declares none: ISO 8601, the one layout with no reading to guess. */
export const DEFAULT_DATE_FORMAT: RawDateFormat = "YYYY-MM-DD";
export const DEFAULT_TIME_FORMAT: RawTimeFormat = "HH:MM[:SS]";

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const MONTH_OF = new Map(MONTHS.map((m, i) => [m, i + 1]));

/** Year, month and day read from a date; undefined parts were recorded as unknown. */
interface DateParts {
  year: number;
  month: number | undefined;
  day: number | undefined;
}

const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** Parts of a DD-MON-YYYY / DDMONYYYY match: day "UN"/"UNK" unknown, month "UNK" unknown. */
function monthNameParts(day: string, mon: string, year: string): DateParts | undefined {
  const m = mon.toUpperCase();
  const month = m === "UNK" ? undefined : MONTH_OF.get(m);
  if (month === undefined && m !== "UNK") return undefined;
  const d = day.toUpperCase();
  const dayN = d === "UN" || d === "UNK" ? undefined : Number(day);
  // A known day in an unknown month is not a partial date SDTM can hold (ISO 8601 YYYY---DD aside).
  if (month === undefined && dayN !== undefined) return undefined;
  return { year: Number(year), month, day: dayN };
}

/** US month-first dates (MM/DD/YYYY, MM-DD-YYYY), or the year alone when only the year was collected. */
function monthFirstParts(v: string, sep: string): DateParts | undefined {
  if (/^\d{4}$/.test(v)) return { year: Number(v), month: undefined, day: undefined };
  const m = new RegExp(`^(\\d{2})\\${sep}(\\d{2})\\${sep}(\\d{4})$`).exec(v);
  return m ? { year: Number(m[3]), month: Number(m[1]), day: Number(m[2]) } : undefined;
}

/** One parser per declared layout: the parts, or undefined when the text is not in that layout. */
const PARSERS = {
  "YYYY-MM-DD": (v) => {
    const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(v);
    if (!m) return undefined;
    return {
      year: Number(m[1]),
      month: m[2] === undefined ? undefined : Number(m[2]),
      day: m[3] === undefined ? undefined : Number(m[3]),
    };
  },
  "DD-MON-YYYY": (v) => {
    const m = /^(\d{2}|UNK?)-([A-Z]{3})-(\d{4})$/i.exec(v);
    return m ? monthNameParts(m[1]!, m[2]!, m[3]!) : undefined;
  },
  DDMONYYYY: (v) => {
    const m = /^(\d{2}|UNK?)([A-Z]{3})(\d{4})$/i.exec(v);
    return m ? monthNameParts(m[1]!, m[2]!, m[3]!) : undefined;
  },
  YYYYMMDD: (v) => {
    const m = /^(\d{4})(\d{2})(\d{2})$/.exec(v);
    return m ? { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) } : undefined;
  },
  "YYYY/MM/DD": (v) => {
    const m = /^(\d{4})\/(\d{2})\/(\d{2})$/.exec(v);
    return m ? { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) } : undefined;
  },
  "MM/DD/YYYY": (v) => monthFirstParts(v, "/"),
  "MM-DD-YYYY": (v) => monthFirstParts(v, "-"),
} satisfies Record<RawDateFormat, (v: string) => DateParts | undefined>;

/** True when the parts make a calendar date (leap years counted). */
function validParts(p: DateParts): boolean {
  if (p.year < 1) return false;
  if (p.month === undefined) return p.day === undefined;
  if (p.month < 1 || p.month > 12) return false;
  return p.day === undefined || (p.day >= 1 && p.day <= daysIn(p.year, p.month));
}

/** Layouts people export that are not (or not here) declared, to say what a rejected value looks like. */
function numericLayout(v: string): string | undefined {
  const m = /^(\d{1,2})([./ -])(\d{1,2})\2(\d{2}|\d{4})$/.exec(v);
  if (!m) return undefined;
  const [a, sep, b, y] = [Number(m[1]), m[2]!, Number(m[3]), m[4]!];
  const yy = "Y".repeat(y.length);
  const dm = `DD${sep}MM${sep}${yy}`;
  const md = `MM${sep}DD${sep}${yy}`;
  if (a > 12 && b <= 12) return dm;
  if (b > 12 && a <= 12) return md;
  return `${dm} or ${md}, which cannot be told apart`;
}

/** The layout a date text looks like ("DD.MM.YYYY or MM.DD.YYYY, ..."), or undefined. */
export function dateLayoutOf(v: string): string | undefined {
  // All-numeric day/month dates first: 05-03-2024 is ambiguous even though MM-DD-YYYY is a declared layout.
  const numeric = numericLayout(v);
  if (numeric !== undefined) return numeric;
  for (const f of Object.keys(PARSERS) as RawDateFormat[]) if (PARSERS[f](v)) return f;
  if (/^\d{1,2}-[A-Z]{3}-\d{2}$/i.test(v)) return "DD-MON-YY (two-digit year)";
  if (/^\d-[A-Z]{3}-\d{4}$/i.test(v)) return "D-MON-YYYY (one-digit day)";
  if (/^\d{4}-\d{2}-\d{2}[T ]\d/.test(v)) return "YYYY-MM-DD with a time";
  if (/^[A-Z]{3,9}\.? \d{1,2},? \d{4}$/i.test(v)) return "Month D, YYYY";
  return undefined;
}

/** ISO 8601 text of valid parts (partial dates stay partial). */
function isoOf(p: DateParts): string {
  const y = String(p.year).padStart(4, "0");
  if (p.month === undefined) return y;
  const m = String(p.month).padStart(2, "0");
  return p.day === undefined ? `${y}-${m}` : `${y}-${m}-${String(p.day).padStart(2, "0")}`;
}

/** Result of reading one date: the ISO 8601 date, or why it is not a date in the declared layout. */
export type DateRead = { iso: string } | { problem: string };

/** Reads `v` as a date in layout `format`, exactly. */
export function readDate(v: string, format: RawDateFormat): DateRead {
  const p = PARSERS[format](v);
  if (p === undefined) {
    const looks = dateLayoutOf(v);
    return {
      problem:
        looks === undefined
          ? `is not a date in the declared format ${format}`
          : `is not a date in the declared format ${format} (it looks like ${looks})`,
    };
  }
  if (!validParts(p)) {
    // 25/03/2024 in an MM/DD/YYYY field: say it reads as the other numeric layout.
    const looks = numericLayout(v);
    const hint = looks !== undefined && !looks.startsWith(format) ? ` (it looks like ${looks})` : "";
    return { problem: `is not a calendar date in the declared format ${format}${hint}` };
  }
  return { iso: isoOf(p) };
}

const TIME_PATTERNS = {
  "HH:MM": /^(\d{2}):(\d{2})()$/,
  "HH:MM:SS": /^(\d{2}):(\d{2}):(\d{2})$/,
  "HH:MM[:SS]": /^(\d{2}):(\d{2})(?::(\d{2}))?$/,
} satisfies Record<RawTimeFormat, RegExp>;

/** Reads `v` as a 24-hour time of day in layout `format`, exactly; undefined when fine, else the problem. */
export function checkTime(v: string, format: RawTimeFormat): string | undefined {
  const m = TIME_PATTERNS[format].exec(v);
  if (!m) {
    const looks = /^\d{1,2}(:\d{2}){0,2}\s*[AP]\.?M\.?$/i.test(v)
      ? " (it looks like a 12-hour clock time)"
      : /^\d:\d{2}(:\d{2})?$/.test(v)
        ? " (it looks like H:MM, one-digit hour)"
        : /^\d{2}:\d{2}:\d{2}$/.test(v)
          ? " (it looks like HH:MM:SS)"
          : /^\d{4}$/.test(v)
            ? " (it looks like HHMM)"
            : "";
    return `is not a time of day in the declared format ${format}${looks}`;
  }
  const h = Number(m[1]);
  const mi = Number(m[2]);
  const s = m[3] ? Number(m[3]) : 0;
  return h <= 23 && mi <= 59 && s <= 59
    ? undefined
    : `is not a valid time of day (declared format ${format})`;
}

/**
 * Reads `v` as a datetime: a date in `dateFormat`, optionally followed by "T" or one space and a time in
 * `timeFormat`. Undefined when fine, else the problem.
 */
export function checkDatetime(
  v: string,
  dateFormat: RawDateFormat,
  timeFormat: RawTimeFormat,
): string | undefined {
  const cut = /[T ]/.exec(v);
  // A date layout with a space or "T" of its own is none of the offered ones, so the first one splits.
  const datePart = cut ? v.slice(0, cut.index) : v;
  const d = readDate(datePart, dateFormat);
  if ("problem" in d) return cut ? `has a date part that ${d.problem}` : d.problem;
  if (!cut) return undefined;
  const t = checkTime(v.slice(cut.index + 1), timeFormat);
  return t === undefined ? undefined : `has a time part that ${t}`;
}
