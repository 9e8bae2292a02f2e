export {
  checkOutputInvariants,
  checkQcInvariants,
  formatInvariantViolations,
  type InvariantName,
  type InvariantViolation,
  type QcDocument,
} from "./check/invariants.ts";
export {
  buildKmSvg,
  buildProfileSvg,
  type KmCurve,
  type ProfileSeries,
  type SvgFigure,
} from "./figure/svg.ts";
export { buildOutput } from "./layout/index.ts";
export * from "./model.ts";
export { ALL_FORMATS, type OutputFormat, writeOutputFiles } from "./render/files.ts";
export { allFontFiles, fontFiles } from "./render/fonts.ts";
export { type ArdRecord, outputArd, renderJson, stableStringify, writeJson } from "./render/json.ts";
export { type ParallelRenderOptions, type RenderedFiles, writeOutputsParallel } from "./render/parallel.ts";
export { pdfDefinition, renderPdf, writePdf } from "./render/pdf.ts";
export { renderPng } from "./render/png.ts";
export { renderRtf, rtfEscape, writeRtf } from "./render/rtf.ts";
export { renderXlsx, writeXlsx } from "./render/xlsx.ts";
