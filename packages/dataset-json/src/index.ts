export {
  type DjColumn,
  type DjDataType,
  toColumns,
  toDatasetMeta,
  toVariableMeta,
  type ValueKind,
} from "./columns.ts";
export {
  isoToSasDate,
  isoToSasDatetime,
  isoToSasTime,
  sasDateToIso,
  sasDatetimeToIso,
  sasTimeToIso,
  temporalKind,
} from "./dates.ts";
export {
  DATASET_JSON_LIMITS,
  DatasetJsonFile,
  openDatasetJson,
  type ReadDatasetJsonOptions,
  readDatasetJson,
} from "./read/read-dataset-json.ts";
export {
  datasetJsonHeader,
  type WriteDatasetJsonOptions,
  writeDatasetJson,
} from "./write/write-dataset-json.ts";
