/** The committed list of rules that do not pass CDISC's test cases, with the reason (data/not-passing.json). */
import { readFileSync } from "node:fs";

let list: Record<string, string> | undefined;

/** CORE id → why it does not pass; validate reports these rules as "not run" with this reason. */
export function readNotPassing(): Record<string, string> {
  list ??= JSON.parse(
    readFileSync(new URL("../../data/not-passing.json", import.meta.url), "utf8"),
  ) as Record<string, string>;
  return list;
}
