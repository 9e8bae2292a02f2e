/** OID and ordering helpers shared by the define model builders. */

/** A value usable inside an OID: letters, digits, "_" and "-" kept, anything else becomes "_". */
export function oidPart(s: string): string {
  const t = s.replace(/[^A-Za-z0-9_-]/g, "_");
  return t === "" ? "_" : t;
}

/** Plain code-unit order (locale-independent, deterministic). */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
