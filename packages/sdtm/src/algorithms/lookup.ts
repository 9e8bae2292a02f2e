import type { Frame } from "../internal/frame.ts";

/**
 * `variable` = the `value` of the record in another domain with the same `by` value (e.g. IETEST from
 * TI by IETESTCD); missing when that domain has no such record.
 */
export function deriveLookup(
  frame: Frame,
  variable: string,
  by: string,
  from: Frame | undefined,
  value: string,
): void {
  const table = new Map<string, string>();
  if (from) {
    const k = from.char(by);
    const v = from.char(value);
    for (let i = 0; i < from.length; i++) if (!table.has(k.get(i))) table.set(k.get(i), v.get(i));
  }
  const key = frame.char(by);
  frame.setChar(variable, (i) => table.get(key.get(i)) ?? "");
}
