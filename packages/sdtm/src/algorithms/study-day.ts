import { dtcEpochDay } from "@trialforge/core";
import type { Frame } from "../internal/frame.ts";
import { byCode } from "../internal/memo.ts";

/**
 * --DY for every declared `xxDY` / `xxSTDY` / `xxENDY` whose `xxDTC` / `xxSTDTC` / `xxENDTC` exists.
 * @remarks SDTMIG 4.4.4: from DM.RFSTDTC, date - RFSTDTC + 1 on or after, date - RFSTDTC before; no day 0;
 * missing when either date is incomplete.
 */
export function deriveStudyDays(frame: Frame, rfstdtc: ReadonlyMap<string, string>): string[] {
  const done: string[] = [];
  const usubjid = frame.has("USUBJID") ? frame.char("USUBJID") : undefined;
  if (!usubjid) return done;
  for (const v of frame.meta.variables) {
    if (v.type !== "Num" || !v.name.endsWith("DY") || v.name === "VISITDY") continue;
    const dtcName = `${v.name.slice(0, -2)}DTC`;
    if (!frame.has(dtcName)) continue;
    const day = byCode(frame.char(dtcName), dtcEpochDay);
    const ref = byCode(usubjid, (s) => {
      const r = rfstdtc.get(s);
      return r ? dtcEpochDay(r) : undefined;
    });
    frame.setNum(v.name, (i) => {
      const r = ref(i);
      const d = day(i);
      if (r === undefined || d === undefined) return null;
      return d >= r ? d - r + 1 : d - r;
    });
    done.push(v.name);
  }
  return done;
}
