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

/** A subject master form. */
export const DM_FORM: RawForm = RawForm.parse({
  id: "DM",
  label: "Demographics",
  source: "edc",
  file: "edc/dm.csv",
  format: "csv",
  keys: ["SUBJID"],
  fields: [
    { name: "SUBJID", label: "Subject ID", type: "text", required: true },
    { name: "SEX", label: "Sex", type: "text", required: true, values: ["M", "F"] },
    { name: "AGE", label: "Age", type: "integer" },
  ],
});

const xmlAttr = (s: string) =>
  s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/"/g, "&quot;")
    .replace(/\n/g, "&#10;")
    .replace(/\r/g, "&#13;");
const csvCell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** CSV text of records (all form fields, in form order). */
export function toCsv(form: RawForm, records: Record<string, string>[]): string {
  const lines = [form.fields.map((f) => f.name).join(",")];
  for (const r of records) lines.push(form.fields.map((f) => csvCell(r[f.name] ?? "")).join(","));
  return `${lines.join("\n")}\n`;
}

/**
 * ODM 1.3.2 text in the CONTRACTS.md layout: per subject (first-seen order), per form, one
 * StudyEventData SE.<FORM> / FormData F.<FORM> with one ItemGroupData per record; empty values omitted.
 */
export function toOdm(
  studyOid: string,
  data: { form: RawForm; records: Record<string, string>[] }[],
): string {
  const subjects: string[] = [];
  for (const { form, records } of data)
    for (const r of records)
      if (!subjects.includes(r[form.subjectField]!)) subjects.push(r[form.subjectField]!);
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<ODM xmlns="http://www.cdisc.org/ns/odm/v1.3" ODMVersion="1.3.2" FileType="Snapshot" FileOID="TEST" CreationDateTime="2024-01-01T00:00:00">',
    `<ClinicalData StudyOID="${studyOid}" MetaDataVersionOID="MDV.1">`,
  ];
  for (const s of subjects) {
    out.push(`<SubjectData SubjectKey="${xmlAttr(s)}">`);
    for (const { form, records } of data) {
      const mine = records.filter((r) => r[form.subjectField] === s);
      if (mine.length === 0) continue;
      out.push(`<StudyEventData StudyEventOID="SE.${form.id}"><FormData FormOID="F.${form.id}">`);
      mine.forEach((r, i) => {
        const items = form.fields
          .filter((f) => f.name !== form.subjectField && (r[f.name] ?? "") !== "")
          .map((f) => `<ItemData ItemOID="IT.${form.id}.${f.name}" Value="${xmlAttr(r[f.name]!)}"/>`);
        out.push(
          `<ItemGroupData ItemGroupOID="IG.${form.id}" ItemGroupRepeatKey="${i + 1}">${items.join("")}</ItemGroupData>`,
        );
      });
      out.push("</FormData></StudyEventData>");
    }
    out.push("</SubjectData>");
  }
  out.push("</ClinicalData>", "</ODM>", "");
  return out.join("\n");
}
