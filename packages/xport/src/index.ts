export { writeXpt, planXpt, type WriteXptOptions } from "./write/write-xpt.ts";
export { readXpt, readXptWithInfo, readXptBuffer, type XptInfo } from "./read/read-xpt.ts";
export { ieeeToIbm, ibmToIeee } from "./ibm.ts";
export { parseDisplayFormat, formatDisplayFormat, type SasFormat } from "./format.ts";
export { xptStamp, parseXptStamp, type Namestr } from "./header.ts";
