/**
 * XPORT v5 header records (SAS TS-140): library header, member header, descriptor, NAMESTR, OBS.
 * All records are 80 bytes, text is blank padded ASCII, NAMESTR integers are big-endian.
 */

export const RECORD = 80;
export const NAMESTR_LEN = 140;

export const LIBRARY_HEADER =
  "HEADER RECORD*******LIBRARY HEADER RECORD!!!!!!!000000000000000000000000000000  ";
export const MEMBER_HEADER =
  "HEADER RECORD*******MEMBER  HEADER RECORD!!!!!!!000000000000000001600000000140  ";
export const DSCRPTR_HEADER =
  "HEADER RECORD*******DSCRPTR HEADER RECORD!!!!!!!000000000000000000000000000000  ";
export const OBS_HEADER = "HEADER RECORD*******OBS     HEADER RECORD!!!!!!!000000000000000000000000000000  ";
export const LIBV8_PREFIX = "HEADER RECORD*******LIBV8   HEADER RECORD";

export function namestrHeader(nvars: number): string {
  return `HEADER RECORD*******NAMESTR HEADER RECORD!!!!!!!000000${String(nvars).padStart(4, "0")}00000000000000000000  `;
}

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];

/** "ddMMMyy:hh:mm:ss" (UTC) of an ISO timestamp or Date, as XPORT headers store it. */
export function xptStamp(ts: string | Date): string {
  const d = typeof ts === "string" ? new Date(ts) : ts;
  if (Number.isNaN(d.getTime())) throw new Error(`not a timestamp: "${String(ts)}"`);
  const p2 = (n: number) => String(n).padStart(2, "0");
  return `${p2(d.getUTCDate())}${MONTHS[d.getUTCMonth()]}${p2(d.getUTCFullYear() % 100)}:${p2(d.getUTCHours())}:${p2(
    d.getUTCMinutes(),
  )}:${p2(d.getUTCSeconds())}`;
}

/** ISO text ("2012-04-04T22:16:22") of an XPORT stamp; two-digit years are read as 19yy when >= 60. */
export function parseXptStamp(s: string): string | undefined {
  const m = /^(\d\d)([A-Z]{3})(\d\d):(\d\d):(\d\d):(\d\d)$/.exec(s.trim());
  if (!m) return undefined;
  const mon = MONTHS.indexOf(m[2]!);
  if (mon < 0) return undefined;
  const yy = Number(m[3]);
  const year = yy >= 60 ? 1900 + yy : 2000 + yy;
  return `${year}-${String(mon + 1).padStart(2, "0")}-${m[1]}T${m[4]}:${m[5]}:${m[6]}`;
}

/** Blank-padded (or cut) ASCII field. */
export function field(s: string, n: number): string {
  return s.length >= n ? s.slice(0, n) : s + " ".repeat(n - s.length);
}

/** Parsed NAMESTR record. */
export interface Namestr {
  type: 1 | 2;
  length: number;
  varnum: number;
  name: string;
  label: string;
  format: string;
  formatWidth: number;
  formatDecimals: number;
  formatJust: number;
  informat: string;
  informatWidth: number;
  informatDecimals: number;
  position: number;
}

export function encodeNamestr(n: Namestr, out: Buffer, off: number): void {
  out.fill(0, off, off + NAMESTR_LEN);
  out.writeInt16BE(n.type, off);
  out.writeInt16BE(0, off + 2);
  out.writeInt16BE(n.length, off + 4);
  out.writeInt16BE(n.varnum, off + 6);
  out.write(field(n.name, 8), off + 8, "latin1");
  out.write(field(n.label, 40), off + 16, "latin1");
  out.write(field(n.format, 8), off + 56, "latin1");
  out.writeInt16BE(n.formatWidth, off + 64);
  out.writeInt16BE(n.formatDecimals, off + 66);
  out.writeInt16BE(n.formatJust, off + 68);
  out.write(field(n.informat, 8), off + 72, "latin1");
  out.writeInt16BE(n.informatWidth, off + 80);
  out.writeInt16BE(n.informatDecimals, off + 82);
  out.writeInt32BE(n.position, off + 84);
}

export function decodeNamestr(buf: Buffer, off: number, decode: (b: Buffer) => string): Namestr {
  const text = (a: number, n: number) => decode(buf.subarray(off + a, off + a + n)).replace(/[ \0]+$/, "");
  const type = buf.readInt16BE(off);
  return {
    type: type === 1 ? 1 : 2,
    length: buf.readInt16BE(off + 4),
    varnum: buf.readInt16BE(off + 6),
    name: text(8, 8).trim(),
    label: text(16, 40),
    format: text(56, 8).trim(),
    formatWidth: buf.readInt16BE(off + 64),
    formatDecimals: buf.readInt16BE(off + 66),
    formatJust: buf.readInt16BE(off + 68),
    informat: text(72, 8).trim(),
    informatWidth: buf.readInt16BE(off + 80),
    informatDecimals: buf.readInt16BE(off + 82),
    position: buf.readInt32BE(off + 84),
  };
}
