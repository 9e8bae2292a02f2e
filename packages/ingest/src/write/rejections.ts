/**
 * The rejection log: `DIR/rejects/rejections.csv` (for people: spreadsheet-safe) and
 * `DIR/rejects/rejections.json` (for tools), both in the same deterministic order.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { compareRejections, type Rejection } from "../types.ts";

const COLUMNS = ["form", "file", "row", "column", "code", "reason", "value"] as const;

/**
 * One CSV cell (RFC 4180). Text that a spreadsheet would run as a formula (leading = + - @, tab or CR)
 * gets a leading apostrophe (OWASP CSV injection advice), so it shows as text. A plain signed number
 * ("-5", "+1.5e3") is not a formula and is kept as it was read.
 */
export function csvCell(v: string | number | undefined): string {
  if (v === undefined) return "";
  if (typeof v === "number") return String(v);
  let s = v;
  if (/^[=+\-@\t\r]/.test(s) && !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The rejections as CSV text (header + one line per rejection, CRLF line ends). */
export function rejectionsCsv(rejections: readonly Rejection[]): string {
  const lines = [COLUMNS.join(",")];
  for (const r of rejections) lines.push(COLUMNS.map((c) => csvCell(r[c])).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

/** The rejections as JSON text: an array of objects with keys in sorted order. */
export function rejectionsJson(rejections: readonly Rejection[]): string {
  const sorted = rejections.map((r) => {
    const o: Record<string, string | number> = {};
    for (const k of Object.keys(r).sort()) {
      const v = r[k as keyof Rejection];
      if (v !== undefined) o[k] = v;
    }
    return o;
  });
  return `${JSON.stringify(sorted, null, 1)}\n`;
}

/** Writes DIR/rejects/rejections.csv and DIR/rejects/rejections.json (sorted by file, row, column, code). */
export async function writeRejections(rejections: readonly Rejection[], dir: string): Promise<void> {
  const sorted = [...rejections].sort(compareRejections);
  const out = join(dir, "rejects");
  await mkdir(out, { recursive: true });
  await writeFile(join(out, "rejections.csv"), rejectionsCsv(sorted), "utf8");
  await writeFile(join(out, "rejections.json"), rejectionsJson(sorted), "utf8");
}
