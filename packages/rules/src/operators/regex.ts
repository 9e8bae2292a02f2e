/**
 * CORE writes regular expressions in Python's dialect. The few constructs that differ in JavaScript are
 * translated: named groups `(?P<n>…)`, a leading inline `(?i)`, and `\Z`. `re.match` anchors at the start
 * only, which the sticky flag reproduces.
 */
const cache = new Map<string, RegExp>();

function translate(pattern: string, extraFlags: string): RegExp {
  let p = pattern.replace(/\(\?P</g, "(?<").replace(/\\Z/g, "$");
  let flags = extraFlags;
  // a scoped (?i:…) group: Node 20 lacks regexp modifiers, so the flag applies to the whole pattern
  if (p.includes("(?i:")) {
    p = p.replaceAll("(?i:", "(?:");
    flags += "i";
  }
  const inline = /^\(\?([aiLmsux]+)\)/.exec(p);
  if (inline) {
    p = p.slice(inline[0].length);
    if (inline[1]!.includes("i")) flags += "i";
    if (inline[1]!.includes("s")) flags += "s";
    if (inline[1]!.includes("m")) flags += "m";
  }
  return new RegExp(p, flags);
}

function compiled(pattern: string, flags: string): RegExp {
  const key = `${flags}\u0000${pattern}`;
  let re = cache.get(key);
  if (!re) {
    re = translate(pattern, flags);
    cache.set(key, re);
  }
  return re;
}

/** Python `re.match`: a match at the start of the text. */
export function pyMatch(pattern: string, text: string): boolean {
  const re = compiled(pattern, "y");
  re.lastIndex = 0;
  return re.test(text);
}

/** Python `re.search`: a match anywhere. */
export function pySearch(pattern: string, text: string): boolean {
  const re = compiled(pattern, "");
  return re.test(text);
}

/** Python `re.findall(...)[0]`: the first match (its first group when the pattern has groups). */
export function pyFindFirst(pattern: string, text: string): string | null {
  const m = compiled(pattern, "").exec(text);
  if (!m) return null;
  return m.length > 1 ? (m[1] ?? "") : m[0];
}
