/**
 * SDTM text for submission is ASCII (FDA Study Data Technical Conformance Guide: XPT v5 holds ASCII).
 * Common symbols become their ASCII spelling; letters lose their accents; anything else becomes "?".
 */
const SYMBOLS: Record<string, string> = {
  "≥": ">=",
  "≤": "<=",
  µ: "u",
  μ: "u",
  "°": " deg ",
  "±": "+/-",
  "×": "x",
  "–": "-",
  "—": "-",
  "‘": "'",
  "’": "'",
  "“": '"',
  "”": '"',
  "…": "...",
  "\u00a0": " ",
};

/** The ASCII form of a text (unchanged when it is ASCII already). */
export function computeAsciiText(s: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the test is for the ASCII range
  if (/^[\x00-\x7f]*$/.test(s)) return s;
  let out = "";
  for (const ch of s) {
    if (ch.charCodeAt(0) < 128) out += ch;
    else if (SYMBOLS[ch] !== undefined) out += SYMBOLS[ch];
    else {
      const base = ch.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
      out += /^[\x20-\x7e]+$/.test(base) ? base : "?";
    }
  }
  return out.replace(/ {2,}/g, " ");
}
