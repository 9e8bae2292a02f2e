import { UserError } from "@trialforge/core";
import { type IngestResult, type Rejection, writeRejections } from "@trialforge/ingest";
import { buildSdtm } from "@trialforge/sdtm";
import { loadSdtmSpec, type Study } from "@trialforge/spec";
import { loadTerminology } from "@trialforge/terminology";
import type { Stage } from "../context.ts";
import { writeSdtmOrigins } from "../pipeline/trace.ts";

/**
 * Raw tables → SDTM by the study's mapping spec (specs/<study>/sdtm). Datasets go to ctx.sdtm; per-domain
 * counts to ctx.domains; SDTM rejections are appended to ctx.facts.rejections (after ingest's) and the
 * whole log is rewritten to DIR/rejects/; the
 * per-form reconciliation, CT extensions, flagged and not-tabulated records go to ctx.facts.sdtm.
 */
export const sdtmStage: Stage = async (ctx) => {
  if (!ctx.raw) throw new UserError("no raw tables: the ingest stage must run before SDTM");
  const spec = loadSdtmSpec(ctx.studyDir);
  const result = buildSdtm({
    study: ctx.study as Study,
    spec,
    raw: ctx.raw as IngestResult,
    terminology: loadTerminology(),
    diagnostics: ctx.diagnostics,
  });
  for (const [name, ds] of result.datasets) ctx.sdtm.set(name, ds);
  ctx.domains.push(...result.counts);
  ctx.facts.rejections ??= [];
  const rejections = ctx.facts.rejections as unknown[];
  rejections.push(...result.rejections);
  // The one rejection log (ingest's and the mapping's) at DIR/rejects/rejections.{csv,json}.
  await writeRejections(rejections as Rejection[], ctx.workDir);
  ctx.facts.sdtm = {
    reconciliation: result.sources,
    extensions: result.extensions,
    flagged: result.flagged,
    notTabulated: result.notTabulated,
  };
  // Raw file and row of every SDTM record read from raw, for `trialforge trace` and reviewers (trace/).
  await writeSdtmOrigins(result.origins, ctx.workDir);
  const records = result.counts.reduce((s, c) => s + c.records, 0);
  ctx.log(
    `${result.datasets.size} SDTM datasets, ${records} records, ${result.rejections.length} raw records rejected by the mapping`,
  );
};
