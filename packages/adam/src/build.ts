/**
 * buildAdam: SDTM → ADaM for one study, composed from the dataset builders in spec order. A dataset whose spec
 * file is absent is not built. ADSL comes first (every other dataset merges it); DLTEVLFL is added to ADSL once
 * ADAE has DLTFL.
 */
import type { Dataset, Diagnostics } from "@trialforge/core";
import { UserError } from "@trialforge/core";
import type { AdamSpec } from "@trialforge/spec";
import { buildAdae } from "./datasets/adae.ts";
import { buildAdis } from "./datasets/adis.ts";
import { buildAdlb } from "./datasets/adlb.ts";
import { buildAdpc, buildAdpp } from "./datasets/adpc.ts";
import { buildAdrs } from "./datasets/adrs.ts";
import { buildAdsl } from "./datasets/adsl.ts";
import { buildAdtte } from "./datasets/adtte.ts";
import { buildParallelAdam } from "./datasets/parallel.ts";
import { deriveDltevlfl } from "./derivations/dltevlfl.ts";
import { fitLengths } from "./internal/meta.ts";
import type { AdamStudy } from "./internal/study.ts";

export interface BuildAdamInput {
  study: AdamStudy;
  spec: AdamSpec;
  sdtm: Map<string, Dataset>;
  diagnostics: Diagnostics;
}

export function buildAdam(input: BuildAdamInput): Map<string, Dataset> {
  const { spec, sdtm, diagnostics } = input;
  // A parallel-group study with given SDTM (adam/parallel.yaml) has its own ADSL/ADAE/ADTTE rules.
  if (spec.parallel) return buildParallelAdam(input);
  if (!spec.adsl)
    throw new UserError(`ADaM spec ${spec.dir}: adsl.yaml is required (every ADaM dataset merges ADSL)`);
  if (!sdtm.get("DM")) throw new UserError("ADaM: SDTM DM is missing, so ADSL cannot be built");
  const out = new Map<string, Dataset>();
  // ADSL (one record per DM subject)
  let adsl = buildAdsl(input);
  // ADAE (needs TRTSDT, DTHDT, LSTALVDT), then DLTEVLFL on ADSL
  if (spec.adae) {
    const adae = buildAdae({ ...input, adsl });
    const windowDays = spec.adae.dlt.windowDays;
    if (input.study.dltWindowDays !== undefined && input.study.dltWindowDays !== windowDays)
      diagnostics.warning(
        "ADAM.DLT_WINDOW",
        `adae.yaml DLT window is ${windowDays} days but study.yaml dltWindowDays is ${input.study.dltWindowDays}; ADaM uses ${windowDays}`,
        { file: `${spec.dir}/adae.yaml`, path: "dlt.windowDays" },
      );
    adsl = fitLengths(deriveDltevlfl(adsl, adae, windowDays, diagnostics));
    out.set("ADAE", adae);
  }
  out.set("ADSL", adsl);
  // BDS datasets
  if (spec.adlb) out.set("ADLB", buildAdlb({ ...input, adsl }));
  if (spec.adpc) {
    const adpc = buildAdpc({ ...input, adsl });
    out.set("ADPC", adpc);
    out.set("ADPP", buildAdpp({ spec, adpc, adsl, diagnostics }));
  }
  if (spec.adrs) out.set("ADRS", buildAdrs({ ...input, adsl }));
  if (spec.adtte) out.set("ADTTE", buildAdtte({ ...input, adsl }));
  if (spec.adis) out.set("ADIS", buildAdis({ ...input, adsl }));
  return new Map([...out].sort(([a], [b]) => (a === "ADSL" ? -1 : b === "ADSL" ? 1 : a < b ? -1 : 1)));
}
