import type { Dataset, Diagnostics } from "@trialforge/core";
import type { AdamSpec } from "@trialforge/spec";

/** What a dataset builder after ADSL reads: the study's ADaM spec, the SDTM, the ADSL built first. */
export interface AdamDatasetInput {
  spec: AdamSpec;
  sdtm: Map<string, Dataset>;
  adsl: Dataset;
  diagnostics: Diagnostics;
}
