import { UserError } from "@trialforge/core";
import { ingestStudy, writeRejections } from "@trialforge/ingest";
import type { Study } from "@trialforge/spec";
import type { Stage } from "../context.ts";

/** Reads the raw exports into checked raw tables; rejected records go to rejects/ with file, row, column, reason. */
export const ingestStage: Stage = async (ctx) => {
  if (!ctx.rawDir) throw new UserError("no raw folder to ingest");
  const result = await ingestStudy(ctx.study as Study, ctx.rawDir, {
    // EDC forms from their CSV files, or all from the ODM export (build --edc odm); a form whose spec says
    // `format: odm` is read from its ODM file either way.
    edc: ctx.facts.edc === "odm" ? "odm" : "csv",
    subjectForm: (ctx.study as Study).subjectForm,
    diagnostics: ctx.diagnostics,
  });
  ctx.raw = result;
  for (const t of result.tables.values()) {
    ctx.sources.push({ file: t.file, read: t.read, accepted: t.accepted, rejected: t.rejected });
  }
  const rejections = (ctx.facts.rejections ??= []) as unknown[];
  // One at a time: spreading 100k+ rejections into push() overflows the call stack.
  for (const r of result.rejections) rejections.push(r);
  // The SDTM stage rewrites the complete log (ingest + mapping rejections); this one stands if SDTM stops.
  await writeRejections(result.rejections, ctx.workDir);
  const read = ctx.sources.reduce((s, x) => s + x.read, 0);
  ctx.log(`${result.tables.size} raw files, ${read} records read, ${result.rejections.length} rejected`);
};
