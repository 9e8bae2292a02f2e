import type { Mapping } from "@trialforge/spec";
import type { Algorithm } from "./types.ts";

/**
 * Decodes collected text through the spec's table (case-insensitive, surrounding and repeated spaces
 * ignored) to the submission value, text or number. A value the table does not list rejects the record
 * with the field and value, so an unexpected term is never carried as a blank.
 */
export const assignDecode: Algorithm<Extract<Mapping, { algorithm: "assign_decode" }>> = (m, ctx) => {
  const col = ctx.field(m.field);
  // A numeric table fills a Num variable: its missing value is null, a text table's is "".
  const missing = Object.values(m.map).some((v) => typeof v === "number") ? null : "";
  const table = new Map(Object.entries(m.map).map(([k, v]) => [decodeKey(k), v ?? missing]));
  const decoded = col.dict.map((s) => (s === "" ? missing : table.get(decodeKey(s))));
  return (row) => {
    const code = col.codes[row]!;
    const v = decoded[code];
    if (v !== undefined) return v;
    const raw = col.dict[code]!;
    ctx.reject(
      row,
      m.field,
      "SDTM.DECODE_UNKNOWN",
      `${ctx.target}: "${raw}" is not in the spec's decode table`,
      raw,
    );
    return missing;
  };
};

/** Decode-table key: upper case, trimmed, inner runs of spaces as one. */
export function decodeKey(s: string): string {
  return s.trim().replace(/\s+/g, " ").toUpperCase();
}
