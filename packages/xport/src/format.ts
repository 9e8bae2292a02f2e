/** SAS display formats as XPORT NAMESTR stores them: name (<= 8 chars), width, decimals. */

export interface SasFormat {
  /** Format name without width, e.g. "DATE", "E8601DT", "$CHAR", "$", or "" for w.d formats. */
  name: string;
  width: number;
  decimals: number;
}

const FORMAT_RE = /^(\$?[A-Z_]?[A-Z0-9_]*?)(\d*)\.(\d*)$/i;

/**
 * Parses a SAS display format such as "DATE9.", "8.2", "E8601DT19.", "$CHAR20." or "BEST." into its
 * parts. Returns undefined when the text is not a SAS format reference.
 */
export function parseDisplayFormat(fmt: string): SasFormat | undefined {
  const m = FORMAT_RE.exec(fmt.trim());
  if (!m) return undefined;
  const name = m[1]!.toUpperCase();
  if (name === "" && m[2] === "") return undefined;
  return { name, width: m[2] ? Number(m[2]) : 0, decimals: m[3] ? Number(m[3]) : 0 };
}

/** The display-format text of NAMESTR parts, or undefined when no format is set. */
export function formatDisplayFormat(f: SasFormat): string | undefined {
  if (f.name === "" && f.width === 0 && f.decimals === 0) return undefined;
  return `${f.name}${f.width || ""}.${f.decimals || ""}`;
}
