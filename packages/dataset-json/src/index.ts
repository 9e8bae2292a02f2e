export { writeDatasetJson, datasetJsonHeader, type WriteDatasetJsonOptions } from "./write/write-dataset-json.ts";
export { readDatasetJson } from "./read/read-dataset-json.ts";
export { toColumns, toVariableMeta, toDatasetMeta, type DjColumn, type DjDataType, type ValueKind } from "./columns.ts";
export {
  sasDateToIso,
  sasDatetimeToIso,
  sasTimeToIso,
  isoToSasDate,
  isoToSasDatetime,
  isoToSasTime,
  temporalKind,
} from "./dates.ts";
