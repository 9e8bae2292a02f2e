/**
 * What ADaM reads from the study definition (structurally compatible with `Study` from @trialforge/spec's
 * study.yaml loader): identifiers, arms with dose levels, the DLT window and the data cut-off.
 */
export interface AdamStudyArm {
  armcd: string;
  arm: string;
  doseLevel?: number | string;
  dose?: number;
  doseUnit?: string;
}

export interface AdamStudy {
  studyId: string;
  arms?: readonly AdamStudyArm[];
  dltWindowDays?: number;
  dataCutoff?: string;
}
