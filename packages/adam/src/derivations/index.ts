// ADSL

export type { AdaSample, AdaStatus } from "./ada-status.ts";
export { computeAdaStatus } from "./ada-status.ts";
export { computeAgeGroup } from "./age-group.ts";
export { computeAnalysisWindow, computeWindowDistance, deriveAnalysisWindow } from "./analysis-window.ts";
export { deriveBaseVar } from "./base-var.ts";
// BDS
export { deriveBaselineFlag } from "./baseline-flag.ts";
export type { Assessment } from "./best-overall-response.ts";
// Response and TTE
export { computeBestOverallResponse, computeConfirmedResponses } from "./best-overall-response.ts";
export { computeBlqValues } from "./blq.ts";
export { computePchg, deriveChg, derivePchg } from "./chg.ts";
export { computeDltevlfl, deriveDltevlfl } from "./dltevlfl.ts";
export type { DltInput } from "./dltfl.ts";
export { computeDltfl } from "./dltfl.ts";
export type { DoseRecord, DoseTotal } from "./dose-received.ts";
export {
  computeAdministrations,
  computeDoseTotal,
  computeDosingDays,
  computePercentOfPlanned,
} from "./dose-received.ts";
export { deriveExtremeFlag } from "./extreme-flag.ts";
export type { DateFlag, ImputedDate } from "./imputed-date.ts";
// Dates and relative days
export { computeImputedEndDate, computeImputedStartDate } from "./imputed-date.ts";
export { deriveOntrtfl } from "./ontrtfl.ts";
export { computeRangeIndicator, deriveRangeIndicator } from "./range-indicator.ts";
export { computeRelativeDayZero, computeStudyDayNoZero, relativeDayRule } from "./relative-day.ts";
export type { TimeToEvent } from "./time-to-event.ts";
export { computeDor, computeOs, computePfs } from "./time-to-event.ts";
export { computeToxGrade, deriveToxGrade } from "./tox-grade.ts";
// OCCDS
export { computeTrtemfl } from "./trtemfl.ts";
