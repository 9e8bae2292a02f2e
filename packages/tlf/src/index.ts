export * from "./model.ts";
export { renderJson, writeJson, outputArd, stableStringify, type ArdRecord } from "./render/json.ts";
export { renderPdf, writePdf, pdfDefinition } from "./render/pdf.ts";
export { renderRtf, writeRtf, rtfEscape } from "./render/rtf.ts";
export { renderXlsx, writeXlsx } from "./render/xlsx.ts";
export { renderPng } from "./render/png.ts";
export { buildOutput } from "./layout/index.ts";
export { buildKmSvg, buildProfileSvg, type KmCurve, type ProfileSeries, type SvgFigure } from "./figure/svg.ts";
export { writeOutputFiles, ALL_FORMATS, type OutputFormat } from "./render/files.ts";
