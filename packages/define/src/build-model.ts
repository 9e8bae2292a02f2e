/**
 * Builds the define model of one package (SDTM or ADaM) from the datasets' metadata, their data (codelist
 * values and value-level metadata are read from the data, so the define cannot list what is not there) and
 * the controlled terminology.
 */
import { type Column, type Dataset, type Origin, UserError, type VariableMeta } from "@trialforge/core";
import { type Codelist, igDataset, igVariable, igVersions } from "@trialforge/terminology";
import type { DefineInput } from "./input.ts";
import { buildResultDisplays } from "./internal/analysis-results.ts";
import { cmp, oidPart } from "./internal/oid.ts";
import { distinctTexts, type NumShape, numShape, pairedDecodes } from "./internal/scan.ts";
import { deriveValueLevel, planValueLevel } from "./internal/value-level.ts";
import type {
  CodeListDef,
  CodeListItemDef,
  CommentDef,
  DefineModel,
  ItemDef,
  ItemGroupDef,
  ItemRefDef,
  LeafDef,
  MethodDef,
  OriginDef,
  StandardDef,
  ValueListDef,
  WhereClauseDef,
} from "./model.ts";
import { metaDataVersionOid, studyOid } from "./oids.ts";

/**
 * CDISC codelists with at most this many terms are listed whole (SEX, NY, AGEU, RACE, ETHNIC, AEOUT...);
 * larger ones (UNIT, LBTESTCD, COUNTRY, ROUTE...) list only the values that occur in the data.
 */
export const WHOLE_CODELIST_MAX_TERMS = 30;

export const DEFINE_VERSION = "2.1.0";

const SDTM_CLASS_ORDER = [
  "TRIAL DESIGN",
  "SPECIAL PURPOSE",
  "INTERVENTIONS",
  "EVENTS",
  "FINDINGS",
  "FINDINGS ABOUT",
  "RELATIONSHIP",
  "STUDY REFERENCE",
];

const DATE_TYPES = new Set([
  "date",
  "datetime",
  "time",
  "partialDate",
  "partialTime",
  "partialDatetime",
  "incompleteDatetime",
  "durationDatetime",
]);

const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?$/;

function hasMissing(col: Column): boolean {
  if (col.kind === "Char") {
    for (let i = 0; i < col.length; i++) if (col.codes[i] === 0) return true;
  } else {
    for (let i = 0; i < col.length; i++) if (Number.isNaN(col.values[i]!)) return true;
  }
  return false;
}

function mapOrigin(o: Origin | undefined): OriginDef | undefined {
  if (!o) return undefined;
  const out: OriginDef = { type: o.type };
  if (o.type === "Collected") out.source = o.source ?? "Investigator";
  else if (o.source) out.source = o.source;
  else if (o.type === "Derived" || o.type === "Assigned" || o.type === "Protocol") out.source = "Sponsor";
  if (o.description) out.description = o.description;
  return out;
}

interface CodelistUse {
  key: string;
  cl?: Codelist;
  /** Unknown codelist id or a data codelist (topic variable without a codelist). */
  name: string;
  dataOnly: boolean;
  values: Set<string>;
  decodes: Map<string, string>;
  allNum: boolean;
  numShape: NumShape | undefined;
  usedBy: string[];
}

export function buildDefineModel(input: DefineInput): { model: DefineModel; issues: string[] } {
  const { standard, study, terminology } = input;
  const issues: string[] = [];
  if (!TIMESTAMP.test(input.timestamp)) {
    throw new UserError(
      `define: timestamp "${input.timestamp}" is not an ISO 8601 date-time (YYYY-MM-DDThh:mm:ss)`,
    );
  }
  const datasets = [...input.datasets].filter((d) => d.meta.standard === standard);
  const byName = new Map<string, Dataset>();
  for (const d of datasets) {
    if (byName.has(d.meta.name))
      throw new UserError(`define ${standard}: dataset ${d.meta.name} given twice`);
    byName.set(d.meta.name, d);
  }
  const rank = (d: Dataset) =>
    standard === "SDTM"
      ? (() => {
          const i = SDTM_CLASS_ORDER.indexOf(d.meta.class);
          return i < 0 ? SDTM_CLASS_ORDER.length : i;
        })()
      : d.meta.class === "SUBJECT LEVEL ANALYSIS DATASET"
        ? 0
        : 1;
  datasets.sort((a, b) => rank(a) - rank(b) || cmp(a.meta.name, b.meta.name));

  // Standards: the IG, and the CT packages that codelists refer to (SDTM CT always).
  const versions = igVersions();
  const igOid =
    standard === "SDTM" ? `STD.SDTMIG.${versions.SDTM.overlay}` : `STD.ADaMIG.${versions.ADaM.overlay}`;
  const dates = terminology.packageDates;
  const ctOid = {
    SDTM: `STD.CT.SDTM.${dates.sdtm}`,
    ADaM: `STD.CT.ADaM.${dates.adam}`,
    "Define-XML": `STD.CT.DEFINE-XML.${dates.define}`,
  } as const;
  const usedCt = new Set<keyof typeof ctOid>(["SDTM"]);
  if (standard === "ADaM") usedCt.add("ADaM");

  const methods = new Map<string, MethodDef>();
  const comments = new Map<string, CommentDef>();
  const methodFor = (text: string, ownerOid: string, ownerName: string): string => {
    let m = methods.get(text);
    if (!m) {
      m = {
        oid: `MT.${ownerOid.replace(/^IT\./, "")}`,
        name: `Algorithm to derive ${ownerName}`,
        type: /imput/i.test(text) ? "Imputation" : "Computation",
        description: text,
        usedBy: [],
      };
      methods.set(text, m);
    }
    if (!m.usedBy.includes(ownerOid)) m.usedBy.push(ownerOid);
    return m.oid;
  };
  const commentFor = (text: string, ownerOid: string): string => {
    let c = comments.get(text);
    if (!c) {
      c = { oid: `COM.${ownerOid.replace(/^(IT|IG)\./, "")}`, description: text, usedBy: [] };
      comments.set(text, c);
    }
    c.usedBy.push(ownerOid);
    return c.oid;
  };

  const noMethod: string[] = [];
  const codelistUses = new Map<string, CodelistUse>();
  const useCodelist = (
    key: string,
    init: () => Omit<CodelistUse, "values" | "decodes" | "allNum" | "numShape" | "usedBy" | "key">,
    ds: Dataset,
    v: VariableMeta,
    itemOid: string,
    decodeVar: string | undefined,
  ) => {
    let u = codelistUses.get(key);
    if (!u) {
      u = {
        key,
        ...init(),
        values: new Set(),
        decodes: new Map(),
        allNum: true,
        numShape: undefined,
        usedBy: [],
      };
      codelistUses.set(key, u);
    }
    const col = ds.column(v.name);
    for (const x of distinctTexts(col)) u.values.add(x);
    if (col.kind === "Char") u.allNum = false;
    else {
      const s = numShape(col);
      u.numShape = u.numShape ? { ...u.numShape, integer: u.numShape.integer && s.integer } : s;
    }
    if (decodeVar && col.kind === "Char") {
      const dcol = ds.column(decodeVar);
      if (dcol.kind === "Char")
        for (const [k, d] of pairedDecodes(col, dcol)) if (!u.decodes.has(k)) u.decodes.set(k, d);
    }
    u.usedBy.push(itemOid);
    return `CL.${key}`;
  };

  const itemGroups: ItemGroupDef[] = [];
  const items: ItemDef[] = [];
  const valueLists: ValueListDef[] = [];
  const whereClauses: WhereClauseDef[] = [];

  for (const ds of datasets) {
    const meta = ds.meta;
    const dsName = meta.name;
    const igOidDs = `IG.${dsName}`;
    const names = new Set(meta.variables.map((v) => v.name));
    const plan = planValueLevel(meta);
    const isSupp = /^SUPP[A-Z0-9]{2,4}$/.test(dsName) && names.has("QNAM");
    const vlmOids = new Map<string, string>();
    if (plan) for (const r of plan.results) vlmOids.set(r, `VL.${dsName}.${r}`);

    const groupCommentOid = meta.comment ? commentFor(meta.comment, igOidDs) : undefined;
    const itemRefs: ItemRefDef[] = [];
    const dsItems: ItemDef[] = [];
    meta.variables.forEach((v, idx) => {
      const itemOid = `IT.${dsName}.${v.name}`;
      const col = ds.column(v.name);
      const keyIdx = meta.keys.indexOf(v.name);
      const ref: ItemRefDef = {
        itemOid,
        orderNumber: idx + 1,
        // Required variables, and key variables that are never missing (a key such as SUPPDM.IDVAR may be null).
        mandatory: v.core === "Req" || (keyIdx >= 0 && !hasMissing(col)) ? "Yes" : "No",
      };
      const keySeq = keyIdx >= 0 ? keyIdx + 1 : v.keySequence;
      if (keySeq !== undefined) ref.keySequence = keySeq;
      if (v.method) ref.methodOid = methodFor(v.method, itemOid, `${dsName}.${v.name}`);
      else if (v.origin?.type === "Derived") noMethod.push(`${dsName}.${v.name}`);
      if (standard === "SDTM") {
        const role = igVariable("SDTM", dsName, v.name)?.role;
        if (role) ref.role = role;
      }
      itemRefs.push(ref);

      const shape = col.kind === "Num" ? numShape(col) : undefined;
      let dataType = v.dataType ?? (col.kind === "Char" ? "text" : shape!.integer ? "integer" : "float");
      if (dataType === "integer" && shape && !shape.integer) {
        // The define states what the data hold: an "integer" with fractions is a float (and a metadata bug).
        issues.push(
          `${dsName}.${v.name}: metadata says integer but the data have decimals; written as float`,
        );
        dataType = "float";
      }
      const item: ItemDef = { oid: itemOid, name: v.name, dataType, label: v.label, itemGroupOid: igOidDs };
      if (!DATE_TYPES.has(dataType)) {
        if (col.kind === "Char") item.length = v.length;
        else if (dataType === "integer" || dataType === "float") item.length = Math.max(1, shape!.digits);
      }
      if (dataType === "float") {
        const sd = v.significantDigits ?? shape?.decimals ?? 0;
        if (sd > 0) item.significantDigits = sd;
      }
      if (v.displayFormat) item.displayFormat = v.displayFormat;
      if (v.comment) item.commentOid = commentFor(v.comment, itemOid);
      const origin = mapOrigin(v.origin);
      if (origin) item.origin = origin;
      const vl = vlmOids.get(v.name);
      if (vl) item.valueListOid = vl;

      // Codelists: the variable's own, or a data codelist for a topic variable without one.
      const pairVar =
        v.name.endsWith("CD") && names.has(v.name.slice(0, -2)) ? v.name.slice(0, -2) : undefined;
      if (v.codelist) {
        const cl = terminology.codelist(v.codelist);
        if (!cl)
          issues.push(
            `${dsName}.${v.name}: codelist ${v.codelist} is not in the terminology; listed from the data`,
          );
        let key = cl ? oidPart(cl.standard === "Sponsor" ? cl.code : cl.shortName) : oidPart(v.codelist);
        // Two codelists with one short name (e.g. from different CT packages) keep apart by NCI code.
        const taken = codelistUses.get(key);
        if (taken && taken.cl?.code !== cl?.code) key = `${key}.${oidPart(cl?.code ?? v.codelist)}`;
        item.codelistOid = useCodelist(
          key,
          () => ({ cl, name: cl?.name ?? v.codelist!, dataOnly: !cl }),
          ds,
          v,
          itemOid,
          pairVar,
        );
      } else if (plan && v.name === plan.topic) {
        item.codelistOid = useCodelist(
          `${dsName}.${v.name}`,
          () => ({ name: `${v.label} (${dsName})`, dataOnly: true }),
          ds,
          v,
          itemOid,
          plan.decode,
        );
      }
      dsItems.push(item);
    });

    // Value-level metadata from the data (see internal/value-level.ts).
    const vlm = plan
      ? deriveValueLevel(ds, plan, dsItems, itemRefs, issues)
      : { valueLists: [], whereClauses: [], items: [] };
    valueLists.push(...vlm.valueLists);
    whereClauses.push(...vlm.whereClauses);
    const vlmItems = vlm.items;
    for (const it of dsItems) {
      items.push(it);
      for (const x of vlmItems) if (x.parentOid === it.oid) items.push(x);
    }

    const hasSubject = names.has("USUBJID");
    const nonSubjectKeys = meta.keys.filter((k) => k !== "STUDYID" && k !== "USUBJID");
    const repeating =
      hasSubject &&
      (nonSubjectKeys.length > 0 ||
        (meta.keys.length === 0 && !/record per subject$/i.test(meta.structure.trim())));
    const xpt = `${dsName.toLowerCase()}.xpt`;
    const group: ItemGroupDef = {
      oid: igOidDs,
      name: dsName,
      repeating: repeating ? "Yes" : "No",
      isReferenceData: hasSubject ? "No" : "Yes",
      structure: meta.structure,
      purpose: meta.purpose ?? (standard === "SDTM" ? "Tabulation" : "Analysis"),
      standardOid: igOid,
      archiveLocationId: `LF.${dsName}`,
      label: meta.label,
      itemRefs,
      className: meta.class,
      leaf: { id: `LF.${dsName}`, href: xpt, title: xpt },
      records: ds.length,
    };
    if (standard === "SDTM") {
      group.domain = isSupp ? dsName.slice(4) : (meta.domain ?? dsName);
      // A domain the IG does not define is a custom domain: no IG standard, def:IsNonStandard="Yes".
      if (!igDataset("SDTM", dsName)) {
        group.isNonStandard = true;
        delete group.standardOid;
      }
      if (isSupp) {
        const parent = byName.get(dsName.slice(4));
        if (parent) group.domainDescription = parent.meta.label;
      }
    } else {
      if (meta.class === "OCCURRENCE DATA STRUCTURE" && (names.has("AEDECOD") || names.has("AETERM")))
        group.subClassName = "ADVERSE EVENT";
      if (meta.class === "BASIC DATA STRUCTURE" && names.has("CNSR")) group.subClassName = "TIME-TO-EVENT";
    }
    if (groupCommentOid) group.commentOid = groupCommentOid;
    itemGroups.push(group);
  }

  if (noMethod.length > 0)
    issues.push(`derived variables without a method (no MethodDef): ${noMethod.join(", ")}`);

  // Codelists.
  const codelists: CodeListDef[] = [];
  for (const u of [...codelistUses.values()].sort((a, b) => cmp(a.key, b.key))) {
    const dataType: CodeListDef["dataType"] = u.allNum
      ? u.numShape?.integer === false
        ? "float"
        : "integer"
      : "text";
    const def: CodeListDef = {
      oid: `CL.${u.key}`,
      name: u.name,
      dataType,
      decoded: false,
      coverage: "data",
      items: [],
      usedBy: u.usedBy,
    };
    const cl = u.cl;
    const inData = (v: string) => u.values.has(v);
    if (cl) {
      def.extensible = cl.extensible;
      const cdisc = cl.standard !== "Sponsor";
      if (cdisc) {
        def.nciCode = cl.code;
        def.standardOid = ctOid[cl.standard as keyof typeof ctOid];
        usedCt.add(cl.standard as keyof typeof ctOid);
      }
      const baseTerms = cl.terms.filter((t) => !t.extended).length;
      def.coverage = !cdisc || baseTerms <= WHOLE_CODELIST_MAX_TERMS ? "all" : "data";
      const known = new Set<string>();
      for (const t of cl.terms) {
        known.add(t.value);
        if (def.coverage === "data" && !inData(t.value)) continue;
        const it: CodeListItemDef = {
          value: t.value,
          extended: t.extended === true,
          decode: u.decodes.get(t.value) ?? t.preferredTerm,
        };
        if (t.code) it.nciCode = t.code;
        def.items.push(it);
      }
      const extra = [...u.values].filter((v) => !known.has(v)).sort(cmp);
      for (const v of extra) {
        if (cl.extensible) {
          issues.push(
            `codelist ${cl.shortName}: "${v}" occurs in ${u.usedBy.join(", ")} but is not a term; listed as an extended value`,
          );
          def.items.push({ value: v, extended: true, decode: u.decodes.get(v) ?? v });
        } else {
          issues.push(
            `codelist ${cl.shortName} is not extensible, but "${v}" occurs in ${u.usedBy.join(", ")}`,
          );
        }
      }
    } else {
      for (const v of [...u.values].sort(cmp))
        def.items.push({ value: v, extended: false, decode: u.decodes.get(v) ?? v });
    }
    def.decoded = def.items.some(
      (it) => it.decode !== undefined && it.decode.toUpperCase() !== it.value.toUpperCase(),
    );
    if (!def.decoded) for (const it of def.items) delete it.decode;
    if (def.items.length === 0) {
      issues.push(`codelist ${def.oid}: no value occurs in the data; not listed`);
      for (const it of items) if (it.codelistOid === def.oid) delete it.codelistOid;
      continue;
    }
    codelists.push(def);
  }

  const standards: StandardDef[] = [
    standard === "SDTM"
      ? { oid: igOid, name: "SDTMIG", type: "IG", version: versions.SDTM.overlay, status: "Final" }
      : { oid: igOid, name: "ADaMIG", type: "IG", version: versions.ADaM.overlay, status: "Final" },
  ];
  const pubSet = { SDTM: "SDTM", ADaM: "ADaM", "Define-XML": "DEFINE-XML" } as const;
  const verOf = { SDTM: dates.sdtm, ADaM: dates.adam, "Define-XML": dates.define } as const;
  for (const k of ["SDTM", "ADaM", "Define-XML"] as const) {
    if (usedCt.has(k))
      standards.push({
        oid: ctOid[k],
        name: "CDISC/NCI",
        type: "CT",
        publishingSet: pubSet[k],
        version: verOf[k],
        status: "Final",
      });
  }

  // Documents.
  const leaves: LeafDef[] = [];
  let annotatedCrfLeafId: string | undefined;
  const supplementalDocLeafIds: string[] = [];
  if (input.documents?.annotatedCrf) {
    annotatedCrfLeafId = "LF.acrf";
    leaves.push({ id: annotatedCrfLeafId, ...input.documents.annotatedCrf });
  }
  input.documents?.supplemental?.forEach((d, i) => {
    const id = `LF.doc${i + 1}`;
    leaves.push({ id, ...d });
    supplementalDocLeafIds.push(id);
  });

  // A method shared by one variable name across datasets is named for the variable (MT.USUBJID).
  const methodOids = new Map<string, string>();
  const takenOids = new Set<string>();
  for (const m of methods.values()) {
    const vars = new Set(m.usedBy.map((oid) => oid.split(".")[2]!));
    if (vars.size === 1 && m.usedBy.length > 1) {
      const v = [...vars][0]!;
      const oid = `MT.${v}`;
      if (!takenOids.has(oid)) {
        methodOids.set(m.oid, oid);
        m.oid = oid;
        m.name = `Algorithm to derive ${v}`;
      }
    }
    if (vars.size > 1) {
      const list = [...vars];
      m.name = `Algorithm to derive ${list.slice(0, 4).join(", ")}${list.length > 4 ? ` and ${list.length - 4} more` : ""}`;
    }
    takenOids.add(m.oid);
  }
  if (methodOids.size > 0) {
    const fix = (r: ItemRefDef) => {
      if (r.methodOid && methodOids.has(r.methodOid)) r.methodOid = methodOids.get(r.methodOid)!;
    };
    for (const g of itemGroups) g.itemRefs.forEach(fix);
    for (const vl of valueLists) vl.itemRefs.forEach(fix);
  }

  // Collected variables point at the annotated CRF when the study provides one.
  if (input.documents?.annotatedCrf) {
    for (const it of items) if (it.origin?.type === "Collected") it.origin.documentLeafId = "LF.acrf";
  }

  const resultDisplays = buildResultDisplays(input, byName, whereClauses);

  const sid = study.studyId;
  const model: DefineModel = {
    standard,
    fileOid: `${sid}.Define-XML_${DEFINE_VERSION}.${standard}`,
    creationDateTime: input.timestamp,
    originator: "trialforge",
    sourceSystem: "trialforge",
    studyOid: studyOid(sid),
    studyName: sid,
    studyDescription: study.title,
    protocolName: study.protocolName ?? sid,
    mdv: {
      oid: metaDataVersionOid(sid, standard),
      name: `Study ${sid}, ${standard} Data Definitions`,
      description: `${standard} data definitions for study ${sid}: ${study.title}`,
      defineVersion: DEFINE_VERSION,
    },
    standards,
    supplementalDocLeafIds,
    valueLists,
    whereClauses,
    itemGroups,
    items,
    codelists,
    methods: [...methods.values()],
    comments: [...comments.values()],
    leaves,
    resultDisplays,
  };
  if (input.sourceSystemVersion) model.sourceSystemVersion = input.sourceSystemVersion;
  if (annotatedCrfLeafId) model.annotatedCrfLeafId = annotatedCrfLeafId;
  return { model, issues };
}
