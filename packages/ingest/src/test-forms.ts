/**
 * Small RawForm fixtures for the unit tests (not exported from the package).
 */
import { RawForm } from "@trialforge/spec";

/** An AE-like EDC form exercising every field type and check. */
export const AE_FORM: RawForm = RawForm.parse({
  id: "AE",
  label: "Adverse Events",
  source: "edc",
  file: "edc/ae.csv",
  format: "csv",
  keys: ["SUBJID", "AESPID"],
  subjectField: "SUBJID",
  fields: [
    { name: "SUBJID", label: "Subject ID", type: "text", required: true },
    { name: "AESPID", label: "AE Number", type: "integer", required: true },
    { name: "AETERM", label: "Reported Term", type: "text", required: true, maxLength: 20 },
    { name: "AESTDAT", label: "Start Date", type: "date", required: true },
    { name: "AESTTIM", label: "Start Time", type: "time" },
    { name: "AESEV", label: "Severity", type: "text", values: ["MILD", "MODERATE", "SEVERE"] },
    { name: "AEDOSE", label: "Dose at Onset", type: "float" },
  ],
});

export const AE_HEADER = "SUBJID,AESPID,AETERM,AESTDAT,AESTTIM,AESEV,AEDOSE";

/** A vendor lab form (xlsx) with a datetime and a numeric result. */
export const LB_FORM: RawForm = RawForm.parse({
  id: "LB_CENTRAL",
  label: "Central Laboratory",
  source: "vendor",
  file: "vendor/central_lab.xlsx",
  format: "xlsx",
  keys: ["SUBJECT", "COLLDTC", "TESTCD"],
  subjectField: "SUBJECT",
  fields: [
    { name: "SUBJECT", label: "Subject", type: "text", required: true },
    { name: "COLLDTC", label: "Collection Date/Time", type: "datetime", required: true },
    { name: "COLLDATE", label: "Collection Date", type: "date" },
    { name: "TESTCD", label: "Test Code", type: "text", required: true },
    { name: "RESULT", label: "Result", type: "float" },
    { name: "UNIT", label: "Unit", type: "text" },
  ],
});
