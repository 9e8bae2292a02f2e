/** A two-form study for the aCRF tests: vital signs (one row per test) and adverse events (SUPP, conditions). */
import { RawForm, type SdtmConfig, SdtmDomainSpec, type SdtmSpec, type Study } from "@trialforge/spec";

export const forms = [
  RawForm.parse({
    id: "VS",
    label: "Vital signs",
    source: "edc",
    file: "edc/vs.csv",
    format: "csv",
    keys: ["SUBJID", "VISIT"],
    fields: [
      { name: "SUBJID", label: "Subject", type: "text" },
      { name: "VISIT", label: "Visit", type: "text" },
      { name: "VSDAT", label: "Date", type: "date" },
      { name: "TEMP", label: "Temperature (C)", type: "float" },
      { name: "PULSE", label: "Pulse (beats/min)", type: "integer" },
      { name: "COMMENT", label: "Comment", type: "text" },
    ],
  }),
  RawForm.parse({
    id: "AE",
    label: "Adverse events",
    source: "edc",
    file: "edc/ae.csv",
    format: "csv",
    keys: ["SUBJID", "AESPID"],
    fields: [
      { name: "SUBJID", label: "Subject", type: "text" },
      { name: "AESPID", label: "AE number", type: "integer" },
      { name: "AETERM", label: "Reported term", type: "text" },
      { name: "AEONGO", label: "Ongoing", type: "text", values: ["Y", "N"] },
      { name: "AEDLT", label: "Dose-limiting toxicity", type: "text", values: ["Y", "N"] },
    ],
  }),
];

const vs = SdtmDomainSpec.parse({
  domain: "VS",
  label: "Vital Signs",
  class: "FINDINGS",
  structure: "One record per test per visit",
  keys: ["STUDYID", "USUBJID", "VSTESTCD"],
  variables: [
    { name: "STUDYID", label: "Study Identifier", type: "Char", core: "Req", origin: "Assigned" },
    { name: "USUBJID", label: "Unique Subject Identifier", type: "Char", core: "Req", origin: "Derived" },
    { name: "VSTESTCD", label: "Test Short Name", type: "Char", core: "Req", origin: "Assigned" },
    { name: "VSORRES", label: "Result", type: "Char", core: "Exp", origin: "Collected" },
    { name: "VSORRESU", label: "Unit", type: "Char", core: "Exp", origin: "Assigned" },
    { name: "VISIT", label: "Visit", type: "Char", core: "Perm", origin: "Collected" },
    { name: "VSDTC", label: "Date", type: "Char", core: "Exp", origin: "Collected" },
  ],
  sources: [
    {
      form: "VS",
      map: {
        VSDTC: { algorithm: "assign_datetime", date: "VSDAT" },
        VISIT: { algorithm: "assign_no_ct", field: "VISIT" },
      },
      records: [
        {
          when: [{ field: "TEMP", notEmpty: true }],
          map: {
            VSTESTCD: { algorithm: "hardcode_ct", value: "TEMP", codelist: "C66741" },
            VSORRES: { algorithm: "assign_no_ct", field: "TEMP" },
            VSORRESU: { algorithm: "hardcode_ct", value: "C", codelist: "C66770" },
          },
        },
        {
          when: [{ field: "PULSE", notEmpty: true }],
          map: {
            VSTESTCD: { algorithm: "hardcode_ct", value: "PULSE", codelist: "C66741" },
            VSORRES: { algorithm: "assign_no_ct", field: "PULSE" },
          },
        },
      ],
    },
  ],
});

const ae = SdtmDomainSpec.parse({
  domain: "AE",
  label: "Adverse Events",
  class: "EVENTS",
  structure: "One record per adverse event",
  keys: ["STUDYID", "USUBJID", "AETERM"],
  variables: [
    { name: "STUDYID", label: "Study Identifier", type: "Char", core: "Req", origin: "Assigned" },
    { name: "USUBJID", label: "Unique Subject Identifier", type: "Char", core: "Req", origin: "Derived" },
    { name: "AESPID", label: "Sponsor-Defined Identifier", type: "Char", core: "Perm", origin: "Collected" },
    { name: "AETERM", label: "Reported Term", type: "Char", core: "Req", origin: "Collected" },
    {
      name: "AEENRTPT",
      label: "End Relative to Reference Time Point",
      type: "Char",
      core: "Perm",
      origin: "Collected",
    },
  ],
  sources: [
    {
      form: "AE",
      map: {
        AESPID: { algorithm: "assign_no_ct", field: "AESPID" },
        AETERM: { algorithm: "assign_no_ct", field: "AETERM" },
        AEENRTPT: {
          algorithm: "condition_add",
          when: [{ field: "AEONGO", equals: "Y" }],
          apply: { algorithm: "hardcode_ct", value: "ONGOING", codelist: "C66728" },
        },
      },
      supp: [
        {
          qnam: "AEDLT",
          qlabel: "Dose-Limiting Toxicity",
          mapping: { algorithm: "assign_ct", field: "AEDLT", codelist: "C66742" },
        },
      ],
    },
  ],
});

export const study = {
  studyId: "TEST01",
  title: "A test study",
  sponsor: "Test sponsor",
  visits: [
    { VISITNUM: 1, VISIT: "SCREENING", assessments: ["VS"] },
    { VISITNUM: 2, VISIT: "DAY 1", assessments: ["VS"] },
  ],
  forms,
} as unknown as Study;

export const sdtm: SdtmSpec = {
  dir: "sdtm",
  config: { notTabulated: [], codelists: [] } as unknown as SdtmConfig,
  domains: [ae, vs],
};
