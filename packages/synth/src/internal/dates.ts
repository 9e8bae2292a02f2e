/** Calendar arithmetic on UTC epoch days, and the text formats raw exports use. No clock. */

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"] as const;

/** Epoch day (days since 1970-01-01) of an ISO date "YYYY-MM-DD". */
export function isoToDay(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) throw new Error(`not an ISO date: ${iso}`);
  return Math.floor(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86400000);
}

function parts(day: number): [number, number, number] {
  const d = new Date(day * 86400000);
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** "2024-03-09" */
export function dayToIso(day: number): string {
  const [y, m, d] = parts(day);
  return `${y}-${pad(m)}-${pad(d)}`;
}

/** EDC display format "09-MAR-2024". */
export function dayToEdc(day: number): string {
  const [y, m, d] = parts(day);
  return `${pad(d)}-${MONTHS[m - 1]}-${y}`;
}

/** EDC partial date with unknown day: "UN-MAR-2024". */
export function dayToEdcUnknownDay(day: number): string {
  const [y, m] = parts(day);
  return `UN-${MONTHS[m - 1]}-${y}`;
}

/** "HH:MM" from minutes after midnight. */
export function minutesToTime(min: number): string {
  const m = ((Math.round(min) % 1440) + 1440) % 1440;
  return `${pad(Math.floor(m / 60))}:${pad(m % 60)}`;
}
