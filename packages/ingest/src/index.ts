/**
 * @trialforge/ingest: streaming readers for raw exports (CSV, XLSX, ODM 1.3.2) into checked raw
 * tables, with a rejection log.
 */
export * from "./types.ts";
export { SOURCEROW } from "./table-builder.ts";
export { pickListKey } from "./check/field.ts";
export { ingestStudy, type IngestOptions, ODM_FILE } from "./ingest-study.ts";
export { readCsvForm } from "./read/csv.ts";
export { readXlsxForm, type XlsxOptions } from "./read/xlsx.ts";
export { readOdmForms } from "./read/odm.ts";
export type { ReadContext } from "./read/context.ts";
export { writeRejections, rejectionsCsv, rejectionsJson } from "./write/rejections.ts";
