/**
 * @trialforge/ingest: streaming readers for raw exports (CSV, XLSX, ODM 1.3.2) into checked raw
 * tables, with a rejection log.
 */

export { pickListKey } from "./check/field.ts";
export { type IngestOptions, ingestStudy, ODM_FILE } from "./ingest-study.ts";
export type { ReadContext } from "./read/context.ts";
export { readCsvForm } from "./read/csv.ts";
export { readOdmForms } from "./read/odm.ts";
export { type RawRecord, readCsvRecord } from "./read/record.ts";
export { readXlsxForm, type XlsxOptions } from "./read/xlsx.ts";
export { SOURCEROW } from "./table-builder.ts";
export * from "./types.ts";
export { rejectionsCsv, rejectionsJson, writeRejections } from "./write/rejections.ts";
