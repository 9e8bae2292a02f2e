export { formatDisplayFormat, parseDisplayFormat, type SasFormat } from "./format.ts";
export { type Namestr, parseXptStamp, xptStamp } from "./header.ts";
export { ibmToIeee, ieeeToIbm } from "./ibm.ts";
export { decodeCp1252, encodeCp1252, firstNonAscii } from "./internal/text.ts";
export {
  openXpt,
  type ReadXptOptions,
  readXpt,
  readXptBuffer,
  readXptWithInfo,
  XPT_LIMITS,
  type XptBlockOptions,
  XptFile,
  type XptInfo,
} from "./read/read-xpt.ts";
export {
  planLayout,
  planXpt,
  type WriteXptOptions,
  writeXpt,
  type XptLayout,
  XptWriter,
} from "./write/write-xpt.ts";
