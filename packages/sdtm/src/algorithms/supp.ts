import { type Dataset, DatasetBuilder, type DatasetMeta, fitCharLengths } from "@trialforge/core";
import type { SdtmDomainSpec, SuppSpec } from "@trialforge/spec";
import { type Frame, suppCol } from "../internal/frame.ts";
import { suppSpecs } from "../internal/map-domain.ts";

const SUPP_VARS = (domain: string): DatasetMeta["variables"] => [
  {
    name: "STUDYID",
    label: "Study Identifier",
    type: "Char",
    length: 200,
    core: "Req",
    origin: { type: "Assigned" },
    keySequence: 1,
  },
  {
    name: "RDOMAIN",
    label: "Related Domain Abbreviation",
    type: "Char",
    length: 2,
    core: "Req",
    origin: { type: "Assigned" },
    keySequence: 2,
  },
  {
    name: "USUBJID",
    label: "Unique Subject Identifier",
    type: "Char",
    length: 200,
    core: "Req",
    origin: { type: "Predecessor", description: `${domain}.USUBJID` },
    keySequence: 3,
  },
  {
    name: "IDVAR",
    label: "Identifying Variable",
    type: "Char",
    length: 8,
    core: "Exp",
    origin: { type: "Assigned" },
    keySequence: 4,
  },
  {
    name: "IDVARVAL",
    label: "Identifying Variable Value",
    type: "Char",
    length: 200,
    core: "Exp",
    origin: { type: "Assigned" },
    keySequence: 5,
  },
  {
    name: "QNAM",
    label: "Qualifier Variable Name",
    type: "Char",
    length: 8,
    core: "Req",
    origin: { type: "Assigned" },
    keySequence: 6,
  },
  {
    name: "QLABEL",
    label: "Qualifier Variable Label",
    type: "Char",
    length: 40,
    core: "Req",
    origin: { type: "Assigned" },
  },
  {
    name: "QVAL",
    label: "Data Value",
    type: "Char",
    length: 200,
    core: "Req",
    origin: { type: "Collected" },
  },
  { name: "QORIG", label: "Origin", type: "Char", length: 20, core: "Req", origin: { type: "Assigned" } },
  { name: "QEVAL", label: "Evaluator", type: "Char", length: 40, core: "Exp", origin: { type: "Assigned" } },
];

/**
 * SUPP-- from the SUPP value columns: one record per parent record and non-empty qualifier, linked by
 * IDVAR = --SEQ (or none for one-record-per-subject domains). SDTMIG 8.4.
 */
export function buildSupp(frame: Frame, d: SdtmDomainSpec, studyId: string): Dataset | undefined {
  const quals = new Map<string, Omit<SuppSpec, "mapping">>();
  for (const q of suppSpecs(d)) if (!quals.has(q.qnam)) quals.set(q.qnam, q);
  if (quals.size === 0) return undefined;
  const name = `SUPP${d.domain}`;
  const b = new DatasetBuilder(
    {
      name,
      label: `Supplemental Qualifiers for ${d.domain}`,
      standard: "SDTM",
      class: "RELATIONSHIP",
      structure: `One record per supplemental qualifier per related parent domain record(s)`,
      keys: ["STUDYID", "RDOMAIN", "USUBJID", "IDVAR", "IDVARVAL", "QNAM"],
      variables: SUPP_VARS(d.domain),
      purpose: "Tabulation",
      domain: d.domain,
    },
    Math.max(16, frame.length),
  );
  const subj = frame.char("USUBJID");
  const seq = d.seq ? frame.num(d.seq.variable) : undefined;
  for (let i = 0; i < frame.length; i++) {
    for (const [qnam, q] of quals) {
      const v = frame.char(suppCol(qnam)).get(i);
      if (v === "") continue;
      b.push({
        STUDYID: studyId,
        RDOMAIN: d.domain,
        USUBJID: subj.get(i),
        IDVAR: seq ? d.seq!.variable : "",
        IDVARVAL: seq ? String(seq.get(i)) : "",
        QNAM: qnam,
        QLABEL: q.qlabel,
        QVAL: v,
        QORIG: q.qorig,
        QEVAL: q.qeval ?? "",
      });
    }
  }
  // FDA TCG: each character column as long as its longest value (the 200 above are only upper bounds),
  // so SUPP--.USUBJID has the parent's length and no XPT padding.
  return fitCharLengths(b.build());
}
