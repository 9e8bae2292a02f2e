/** Reads the committed data files (the package's only IO); each is read once, on first use. */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import type { IgOverlay } from "../ig.ts";
import type { CtData, IgData } from "../internal/data-types.ts";

const dataUrl = (file: string): URL => new URL(`../../data/${file}`, import.meta.url);

let ct: CtData | undefined;
let ig: IgData | undefined;
let overlay: IgOverlay | undefined;

/** The CDISC controlled terminology packages (data/ct.json.gz). */
export function readCtData(): CtData {
  ct ??= JSON.parse(gunzipSync(readFileSync(dataUrl("ct.json.gz"))).toString("utf8")) as CtData;
  return ct;
}

/** SDTMIG/ADaMIG metadata from the CDISC Library files (data/ig-metadata.json). */
export function readIgData(): IgData {
  ig ??= JSON.parse(readFileSync(dataUrl("ig-metadata.json"), "utf8")) as IgData;
  return ig;
}

/** The hand-written SDTMIG 3.4 / ADaM additions (data/ig-overlay.json). */
export function readIgOverlay(): IgOverlay {
  overlay ??= JSON.parse(readFileSync(dataUrl("ig-overlay.json"), "utf8")) as IgOverlay;
  return overlay;
}
