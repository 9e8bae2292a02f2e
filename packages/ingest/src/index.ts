export * from "./types.ts";
export { SOURCEROW } from "./table-builder.ts";
export { pickListKey } from "./check/field.ts";
export { readCsvForm } from "./read/csv.ts";
export type { ReadContext } from "./read/context.ts";
