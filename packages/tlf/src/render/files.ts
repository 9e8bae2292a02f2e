/** Writes one output in every format: DIR/<id>.{pdf,rtf,xlsx,json}. */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Output, Stamp } from "../model.ts";
import { renderJson } from "./json.ts";
import { renderPdf } from "./pdf.ts";
import { renderRtf } from "./rtf.ts";
import { renderXlsx } from "./xlsx.ts";

export type OutputFormat = "pdf" | "rtf" | "xlsx" | "json";
export const ALL_FORMATS: readonly OutputFormat[] = ["pdf", "rtf", "xlsx", "json"];

/** Renders `o` to each format and writes the files; returns the paths written. */
export async function writeOutputFiles(
  o: Output,
  stamp: Stamp,
  dir: string,
  formats: readonly OutputFormat[] = ALL_FORMATS,
): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const paths: string[] = [];
  for (const f of formats) {
    const path = join(dir, `${o.id}.${f}`);
    if (f === "pdf") await writeFile(path, await renderPdf(o, stamp));
    else if (f === "rtf") await writeFile(path, renderRtf(o, stamp), "latin1");
    else if (f === "xlsx") await writeFile(path, await renderXlsx(o, stamp));
    else await writeFile(path, renderJson(o, stamp));
    paths.push(path);
  }
  return paths;
}
