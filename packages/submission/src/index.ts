/**
 * @trialforge/submission: what a reviewer receives beside the datasets — the annotated CRF, the reviewer's
 * guides (cSDRG, ADRG), the agency's dataset size and file-name rules and the FDA Technical Rejection
 * Criteria — generated from the study's specs and a build's outputs.
 */
export {
  type AcrfAnnotation,
  type AcrfDomainBox,
  type AcrfField,
  type AcrfForm,
  type AnnotationKind,
  annotateForms,
  conditionText,
  formMatchesAssessment,
} from "./acrf/annotate.ts";
export { acrfPagesOf } from "./acrf/pages.ts";
export { buildAdrg } from "./guides/adrg.ts";
export { buildCsdrg } from "./guides/csdrg.ts";
export type { Guide, GuideBlock, GuideFacts, GuideSection } from "./guides/model.ts";
export { type ProgramsReadmeInput, programFileName, programsReadme } from "./programs.ts";
export { type AcrfPdf, type AcrfStudy, renderAcrfPdf } from "./render/acrf-pdf.ts";
export { renderGuidePdf } from "./render/guide-pdf.ts";
export { type RenderedDocument, renderDocument, stampDate } from "./render/pdf-doc.ts";
export {
  AGENCIES,
  AGENCY_RULES,
  type Agency,
  type AgencyRules,
  checkDatasetFileName,
  planSplit,
  splitFileStem,
} from "./rules/agency.ts";
export { type CriterionResult, checkRejectionCriteria, type StudyDataInventory } from "./rules/rejection.ts";
