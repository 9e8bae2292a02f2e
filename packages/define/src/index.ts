/**
 * @trialforge/define: Define-XML 2.1 for the SDTM or ADaM package of a build, and a self-contained
 * define.html beside it, both made from one define model built from the datasets' metadata and data.
 */
import type { Dataset } from "@trialforge/core";
import { buildDefineModel } from "./build-model.ts";
import type { DefineInput } from "./input.ts";
import type { DefineModel } from "./model.ts";
import { renderDefineHtml } from "./render/html.ts";
import { writeDefineXml } from "./xml/write-define-xml.ts";

export { buildDefineModel, DEFINE_VERSION, WHOLE_CODELIST_MAX_TERMS } from "./build-model.ts";
export {
  type AttachDocumentsInput,
  type AttachDocumentsResult,
  attachDocuments,
  attachDocumentsHtml,
} from "./documents.ts";
export type {
  AnalysisResultInput,
  DefineDocument,
  DefineDocuments,
  DefineInput,
  DefineStudy,
  ResultDisplayInput,
} from "./input.ts";
export type * from "./model.ts";
export { metaDataVersionOid, studyOid } from "./oids.ts";
export { escapeHtml, renderDefineHtml } from "./render/html.ts";
export { type DefineSummary, readDefineSummary } from "./summary.ts";
export { writeDefineXml } from "./xml/write-define-xml.ts";

export interface DefineResult {
  /** define.xml text. */
  xml: string;
  /** define.html text. */
  html: string;
  model: DefineModel;
  /** Things the define had to work around (unknown codelists, values outside a codelist, derived variables without a method). */
  issues: string[];
}

/**
 * Define-XML 2.1 and define.html for the `standard` package of `datasets` (datasets of the other standard
 * are ignored). Pure and deterministic: the same input gives the same bytes.
 */
export function buildDefine(input: DefineInput): DefineResult {
  const { model, issues } = buildDefineModel(input);
  return { xml: writeDefineXml(model), html: renderDefineHtml(model), model, issues };
}

/** Datasets of a map in name order (a convenience for callers holding `Map<string, Dataset>`). */
export function datasetsOf(map: ReadonlyMap<string, Dataset>): Dataset[] {
  return [...map.values()].sort((a, b) =>
    a.meta.name < b.meta.name ? -1 : a.meta.name > b.meta.name ? 1 : 0,
  );
}
