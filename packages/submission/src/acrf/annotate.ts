/**
 * The annotated CRF as data: one section per raw form, its fields in the form's order, and beside each field
 * the SDTM annotations in the CDISC Metadata Submission Guidelines (MSG) style, read from the SDTM mapping
 * specs: the variable a field fills, `QNAM in SUPPxx`, `VSORRES when VSTESTCD = TEMP`, `when … then …` for
 * conditional mappings, and `[NOT SUBMITTED]` for fields no mapping carries. Pure: the renderer draws it.
 */
import type {
  Condition,
  Mapping,
  RawForm,
  SdtmDomainSpec,
  SdtmSpec,
  SourceSpec,
  Study,
} from "@trialforge/spec";

export type AnnotationKind = "variable" | "supp" | "condition" | "where" | "note" | "not-submitted";

export interface AcrfAnnotation {
  text: string;
  kind: AnnotationKind;
  /**
   * The define.xml items this annotation documents: `DOMAIN.VAR`, `DOMAIN.VAR.VALUE` for a value-level
   * result (the record's --TESTCD), `SUPPxx.QVAL.QNAM` for a supplemental qualifier.
   */
  targets: string[];
}

export interface AcrfField {
  name: string;
  label: string;
  type: string;
  required: boolean;
  values?: string[];
  annotations: AcrfAnnotation[];
}

export interface AcrfDomainBox {
  domain: string;
  label: string;
}

export interface AcrfForm {
  id: string;
  label: string;
  file: string;
  /** `edc`: an eCRF page; `vendor`: a data transfer, shown so its mapping is traceable too. */
  source: "edc" | "vendor";
  /** The domains the form feeds (the MSG domain box); empty when nothing of the form is tabulated. */
  domains: AcrfDomainBox[];
  /** VISIT names whose schedule collects this form (study.yaml visits[].assessments). */
  visits: string[];
  fields: AcrfField[];
  /**
   * Values the form implies rather than collects in a field (pre-printed units, the test a row of the form
   * asks for, a category): the mappings' hard-coded values, e.g. `VSORRESU = C`, `DSCAT = DISPOSITION EVENT`.
   */
  constants: AcrfAnnotation[];
}

/** `AEONGO = Y`, `LBSTAT in (NOT DONE, ND)`, `CRSICANS is not empty`. */
export function conditionText(c: Condition): string {
  if (c.equals !== undefined) return `${c.field} = ${c.equals}`;
  if (c.in !== undefined) return `${c.field} in (${c.in.join(", ")})`;
  if (c.notEmpty) return `${c.field} is not empty`;
  return `${c.field} is empty`;
}

const conditionsText = (cs: readonly Condition[]): string => cs.map(conditionText).join(" and ");

/** What a mapping sets, shown after `then`: a hard-coded value or the field it copies. */
function mappingValueText(m: Mapping): string {
  switch (m.algorithm) {
    case "hardcode_ct":
    case "hardcode_no_ct":
      return String(m.value);
    case "assign_datetime":
      return m.time ? `${m.date} + ${m.time}` : m.date;
    case "condition_add":
      return mappingValueText(m.apply);
    default:
      return m.field;
  }
}

interface Target {
  /** How the variable is named in the annotation: `AETERM` or `AERELLD in SUPPAE`. */
  label: string;
  kind: "variable" | "supp";
  key: string;
  /** `VSTESTCD = TEMP` for a findings record entry. */
  qualifier?: string;
}

type Sink = (field: string, a: AcrfAnnotation) => void;

/** Hard-coded values of a mapping table (not under a condition), as `VAR = value` annotations. */
function constantsOf(map: Record<string, Mapping>, domain: string, qualifier?: string): AcrfAnnotation[] {
  const out: AcrfAnnotation[] = [];
  for (const [v, m] of Object.entries(map)) {
    if (m.algorithm !== "hardcode_ct" && m.algorithm !== "hardcode_no_ct") continue;
    const key = qualifier && !v.endsWith("TESTCD") ? `${domain}.${v}.${qualifier}` : `${domain}.${v}`;
    out.push({ text: `${v} = ${m.value}`, kind: "variable", targets: [key] });
  }
  return out;
}

/** Annotates every raw field one mapping reads (fields it copies and fields its conditions test). */
function walkMapping(m: Mapping, t: Target, conds: Condition[], add: Sink): void {
  const suffix = (extra: string[]) => {
    const parts = [...(t.qualifier ? [t.qualifier] : []), ...extra];
    return parts.length > 0 ? ` when ${parts.join(" and ")}` : "";
  };
  const condPart = conds.length > 0 ? [conditionsText(conds)] : [];
  switch (m.algorithm) {
    case "assign_no_ct":
    case "assign_ct":
    case "assign_number":
      add(m.field, { text: `${t.label}${suffix(condPart)}`, kind: t.kind, targets: [t.key] });
      return;
    case "assign_datetime":
      add(m.date, { text: `${t.label}${suffix(condPart)}`, kind: t.kind, targets: [t.key] });
      if (m.time)
        add(m.time, { text: `${t.label} (time part)${suffix(condPart)}`, kind: t.kind, targets: [t.key] });
      return;
    case "hardcode_ct":
    case "hardcode_no_ct":
      // A constant reads no field; under a condition the condition's fields carry the `when … then`.
      return;
    case "condition_add": {
      const when = [...conds, ...m.when];
      const then = `${t.label} = ${mappingValueText(m.apply)}`;
      const otherwise = m.otherwise ? `; otherwise ${t.label} = ${mappingValueText(m.otherwise)}` : "";
      for (const c of m.when)
        add(c.field, {
          text: `when ${conditionsText(m.when)} then ${then}${otherwise}`,
          kind: "condition",
          targets: [t.key],
        });
      walkMapping(m.apply, t, when, add);
      if (m.otherwise) walkMapping(m.otherwise, t, conds, add);
      return;
    }
  }
}

/** `VSTESTCD = TEMP` from a record entry's hard-coded --TESTCD (the define's value-level key). */
function recordQualifier(map: Record<string, Mapping>): { text: string; value: string } | undefined {
  for (const [v, m] of Object.entries(map)) {
    if (!v.endsWith("TESTCD")) continue;
    if (m.algorithm === "hardcode_ct" || m.algorithm === "hardcode_no_ct")
      return { text: `${v} = ${m.value}`, value: String(m.value) };
  }
  return undefined;
}

function annotateSource(d: SdtmDomainSpec, s: SourceSpec, add: Sink, constants: AcrfAnnotation[]): void {
  const supp = `SUPP${d.domain}`;
  constants.push(...constantsOf(s.map, d.domain));
  for (const c of s.where ?? [])
    add(c.field, {
      text: `records where ${conditionText(c)} go to ${d.domain}`,
      kind: "where",
      targets: [],
    });
  for (const [v, m] of Object.entries(s.map))
    walkMapping(m, { label: v, kind: "variable", key: `${d.domain}.${v}` }, [], add);
  for (const q of s.supp ?? [])
    walkMapping(
      q.mapping,
      { label: `${q.qnam} in ${supp}`, kind: "supp", key: `${supp}.QVAL.${q.qnam}` },
      [],
      add,
    );
  for (const r of s.records ?? []) {
    const q = recordQualifier(r.map);
    // MSG names the record by its test (`VSTESTCD = TEMP`), else by what the entry hard-codes
    // (first: `ISTSTDTL = CONFIRM`, the rest are in the form's implied values), else by the raw condition.
    const hardcoded = Object.entries(r.map)
      .filter(([, m]) => m.algorithm === "hardcode_ct" || m.algorithm === "hardcode_no_ct")
      .map(([v, m]) => `${v} = ${(m as { value: string | number }).value}`);
    const qualifier = q?.text ?? hardcoded[0] ?? (r.when ? conditionsText(r.when) : undefined);
    constants.push(...constantsOf(r.map, d.domain, q?.value));
    for (const [v, m] of Object.entries(r.map)) {
      const key = q ? `${d.domain}.${v}.${q.value}` : `${d.domain}.${v}`;
      walkMapping(m, { label: v, kind: "variable", key, ...(qualifier ? { qualifier } : {}) }, [], add);
    }
    for (const sq of r.supp ?? [])
      walkMapping(
        sq.mapping,
        { label: `${sq.qnam} in ${supp}`, kind: "supp", key: `${supp}.QVAL.${sq.qnam}` },
        [],
        add,
      );
  }
}

/**
 * Whether the visit schedule's assessment code names this form: the form id is the code, starts with it
 * (CYTO → CYTOKINES) or ends with `_code` (INF → EX_INF). Forms no code names appear only under Forms.
 */
export function formMatchesAssessment(formId: string, code: string): boolean {
  return formId === code || formId.startsWith(code) || formId.endsWith(`_${code}`);
}

/** The annotated CRF of a study: its raw forms, annotated from the SDTM mapping specs. */
export function annotateForms(study: Study, sdtm: SdtmSpec): AcrfForm[] {
  const forms = study.forms.map((f) => annotateForm(f, study, sdtm));
  // Forms in the order the schedule first collects them; unscheduled forms after, by id.
  const firstVisit = (f: AcrfForm) => {
    const i = study.visits.findIndex((v) => f.visits.includes(v.VISIT));
    return i < 0 ? Number.POSITIVE_INFINITY : i;
  };
  return forms.sort((a, b) => firstVisit(a) - firstVisit(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function annotateForm(form: RawForm, study: Study, sdtm: SdtmSpec): AcrfForm {
  const byField = new Map<string, AcrfAnnotation[]>();
  const add: Sink = (field, a) => {
    const list = byField.get(field) ?? [];
    const same = list.find((x) => x.text === a.text);
    if (same) {
      for (const t of a.targets) if (!same.targets.includes(t)) same.targets.push(t);
    } else list.push({ ...a, targets: [...a.targets] });
    byField.set(field, list);
  };
  const domains: AcrfDomainBox[] = [];
  const found: AcrfAnnotation[] = [];
  for (const d of sdtm.domains) {
    const sources = d.sources.filter((s) => s.form === form.id);
    if (sources.length === 0) continue;
    domains.push({ domain: d.domain, label: d.label });
    for (const s of sources) annotateSource(d, s, add, found);
  }
  // One box per distinct `VAR = value`, collecting every item it documents.
  const constants: AcrfAnnotation[] = [];
  for (const c of found) {
    const same = constants.find((x) => x.text === c.text);
    if (same) {
      for (const t of c.targets) if (!same.targets.includes(t)) same.targets.push(t);
    } else constants.push(c);
  }
  for (const nt of sdtm.config.notTabulated.filter((n) => n.form === form.id))
    for (const c of nt.when)
      add(c.field, {
        text: `records where ${conditionText(c)} are not tabulated: ${nt.reason}`,
        kind: "note",
        targets: [],
      });
  const fields: AcrfField[] = form.fields.map((f) => {
    let annotations = byField.get(f.name) ?? [];
    if (annotations.length === 0 && f.name === form.subjectField && domains.length > 0)
      annotations = [{ text: "USUBJID (with STUDYID)", kind: "variable", targets: [] }];
    if (annotations.length === 0)
      annotations = [{ text: "[NOT SUBMITTED]", kind: "not-submitted", targets: [] }];
    return {
      name: f.name,
      label: f.label,
      type: f.type,
      required: f.required,
      ...(f.values ? { values: f.values } : {}),
      annotations,
    };
  });
  const visits = study.visits
    .filter((v) => v.assessments.some((a) => formMatchesAssessment(form.id, a)))
    .map((v) => v.VISIT);
  return {
    id: form.id,
    label: form.label,
    file: form.file,
    source: form.source,
    domains,
    visits,
    fields,
    constants,
  };
}
