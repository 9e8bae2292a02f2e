/** Trial design and FDA technical rejection criteria: TS with SSTDTC and expected parameters, DM, ADSL. */
import { dtcPrecision, isValidDtc, parseDtc } from "@trialforge/core";
import type { Collector } from "../internal/collector.ts";
import type { Prepared } from "../internal/prepare.ts";

/** Trial summary parameters the FDA expects in TS (FDA TCG, Trial Summary appendix; SDTMIG 3.4 7.6.1). */
// biome-ignore format: a word list
export const FDA_TS_PARAMETERS = [
  "ADDON", "AGEMAX", "AGEMIN", "LENGTH", "PLANSUB", "RANDOM", "SEXPOP", "SSTDTC", "STOPRULE", "TBLIND",
  "TCNTRL", "TINDTP", "TITLE", "TPHASE", "TTYPE", "INDIC", "TRT", "REGID", "SPONSOR", "STYPE", "SDTIGVER",
  "SDTMVER", "OBJPRIM", "ACTSUB", "FCNTRY",
] as const;

export function checkTrialDesign(
  sdtm: Map<string, Prepared>,
  adamCount: number,
  hasAdsl: boolean,
  out: Collector,
): void {
  if (sdtm.size > 0) {
    if (!sdtm.has("DM")) out.report("TF-TD04", "DM");
    const ts = sdtm.get("TS")?.ds;
    if (!ts) out.report("TF-TD01", "TS");
    else if (ts.has("TSPARMCD") && ts.has("TSVAL")) {
      const cd = ts.char("TSPARMCD");
      const val = ts.char("TSVAL");
      const params = new Set<string>();
      let sstdtc = false;
      for (let i = 0; i < ts.length; i++) {
        const c = cd.get(i);
        params.add(c);
        if (c === "SSTDTC") {
          const v = val.get(i);
          const p = isValidDtc(v) ? parseDtc(v) : undefined;
          if (p && v !== "" && ["day", "hour", "minute", "second"].includes(dtcPrecision(p))) sstdtc = true;
        }
      }
      if (!sstdtc) out.report("TF-TD02", "TS", { variable: "TSVAL" });
      for (const p of FDA_TS_PARAMETERS)
        if (!params.has(p))
          out.report("TF-TD03", "TS", {
            variable: "TSPARMCD",
            value: p,
            message: `TS has no ${p} parameter`,
          });
    } else out.report("TF-TD02", "TS", { variable: "TSPARMCD" });
  }
  if (adamCount > 0 && !hasAdsl) out.report("TF-TD05", "ADSL");
}
