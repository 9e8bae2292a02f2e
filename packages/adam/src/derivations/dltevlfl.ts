/**
 * DLT Evaluable Population Flag.
 */
import type { Dataset, Diagnostics } from "@trialforge/core";
import { assertVars, charColumn, withColumns } from "../internal/frame.ts";
import { varMeta } from "../internal/meta.ts";

/**
 * "Y" when the subject was infused and either had a DLT or was followed through the whole DLT window
 * (last known alive on or after TRTSDT + windowDays, infusion day 0), "N" otherwise.
 * @remarks A subject who died in the window without a DLT is not evaluable (did not complete the window).
 * @example
 * computeDltevlfl({ trtsdt: 100, lstalvdt: 128, hadDlt: false }, 28) // "Y"
 * computeDltevlfl({ trtsdt: 100, lstalvdt: 127, hadDlt: false }, 28) // "N"
 */
export function computeDltevlfl(
  s: { trtsdt: number | null; lstalvdt: number | null; hadDlt: boolean },
  windowDays: number,
): "Y" | "N" {
  if (s.trtsdt === null) return "N";
  if (s.hadDlt) return "Y";
  return s.lstalvdt !== null && s.lstalvdt >= s.trtsdt + windowDays ? "Y" : "N";
}

/** DLTEVLFL on ADSL from its TRTSDT/LSTALVDT and the subjects with DLTFL = "Y" in ADAE (`computeDltevlfl`). */
export function deriveDltevlfl(
  adsl: Dataset,
  adae: Dataset,
  windowDays: number,
  diagnostics?: Diagnostics,
): Dataset {
  assertVars(adsl, ["USUBJID", "TRTSDT", "LSTALVDT"], "deriveDltevlfl");
  assertVars(adae, ["USUBJID", "DLTFL"], "deriveDltevlfl");
  const withDlt = new Set<string>();
  for (let i = 0; i < adae.length; i++)
    if (adae.char("DLTFL").get(i) === "Y") withDlt.add(adae.char("USUBJID").get(i));
  const u = adsl.char("USUBJID");
  const out = Array.from({ length: adsl.length }, (_, i) =>
    computeDltevlfl(
      {
        trtsdt: adsl.num("TRTSDT").get(i),
        lstalvdt: adsl.num("LSTALVDT").get(i),
        hadDlt: withDlt.has(u.get(i)),
      },
      windowDays,
    ),
  );
  return withColumns(adsl, [{ meta: varMeta("DLTEVLFL"), column: charColumn(out) }], diagnostics);
}
