export {
  type ColumnFacts,
  columnFacts,
  type DjColumn,
  type DjDataType,
  mergeColumnFacts,
  type NumFacts,
  toColumns,
  toColumnsFrom,
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
  type Kind,
  NEED,
  openDatasetJson,
  POW10,
  type ReadDatasetJsonOptions,
  type RowTarget,
  readDatasetJson,
  skipWs,
} from "./read/read-dataset-json.ts";
export {
  DatasetJsonWriter,
  datasetJsonHeader,
  datasetJsonHeaderFrom,
  type WriteDatasetJsonOptions,
  writeDatasetJson,
} from "./write/write-dataset-json.ts";
