/** Single-byte text in XPT files: ASCII, read as Windows-1252 (SAS's default Western encoding). */

// Windows-1252 0x80-0x9F; unassigned bytes map to the same code point (as WHATWG does).
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d,
  0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a,
  0x153, 0x9d, 0x17e, 0x178,
];
const TO_CP1252 = new Map<number, number>();
CP1252_HIGH.forEach((cp, i) => {
  TO_CP1252.set(cp, 0x80 + i);
});
for (let b = 0xa0; b <= 0xff; b++) TO_CP1252.set(b, b);

const C1 = /[\x80-\x9f]/;
const C1_G = /[\x80-\x9f]/g;

/** Windows-1252 decoding of buf[start, end). */
export function decodeCp1252(buf: Buffer, start: number, end: number): string {
  const s = buf.toString("latin1", start, end);
  return C1.test(s)
    ? s.replace(C1_G, (c: string) => String.fromCharCode(CP1252_HIGH[c.charCodeAt(0) - 0x80]!))
    : s;
}

/** First index of a character outside printable/control ASCII (code > 0x7F), or -1. */
export function firstNonAscii(s: string): number {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return i;
  return -1;
}

/** Windows-1252 bytes of `s`, or undefined when some character has no Windows-1252 byte. */
export function encodeCp1252(s: string): Buffer | undefined {
  const out = Buffer.allocUnsafe(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) out[i] = c;
    else {
      const b = TO_CP1252.get(c);
      if (b === undefined) return undefined;
      out[i] = b;
    }
  }
  return out;
}
