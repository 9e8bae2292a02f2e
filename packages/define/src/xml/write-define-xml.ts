/**
 * Serialises a define model as Define-XML 2.1 (ODM 1.3.2 with the def:, xlink: and, when there are analysis
 * results, arm: namespaces). Element order follows the schema; attribute order is fixed by this code.
 */
import { create } from "xmlbuilder2";
import type { XMLBuilder } from "xmlbuilder2/lib/interfaces.js";
import type { DefineModel, ItemRefDef, OriginDef } from "../model.ts";

const ODM = "http://www.cdisc.org/ns/odm/v1.3";
const DEF = "http://www.cdisc.org/ns/def/v2.1";
const XLINK = "http://www.w3.org/1999/xlink";
const ARM = "http://www.cdisc.org/ns/arm/v1.0";
const XMLNS = "http://www.w3.org/2000/xmlns/";
const XML = "http://www.w3.org/XML/1998/namespace";

/** Removes characters XML 1.0 cannot carry. */
function clean(s: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping the control characters XML forbids
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "");
}

/** Attribute text: also folds line breaks and tabs (a parser would turn them into spaces anyway). */
function attr(s: string): string {
  return clean(s).replace(/[\r\n\t]/g, " ");
}

type Attrs = [string, string | number | undefined][];

function el(parent: XMLBuilder, name: string, attrs: Attrs = []): XMLBuilder {
  const ns = name.startsWith("def:") ? DEF : name.startsWith("arm:") ? ARM : ODM;
  const node = parent.ele(ns, name);
  for (const [k, v] of attrs) {
    if (v === undefined) continue;
    const ans = k.startsWith("def:")
      ? DEF
      : k.startsWith("xlink:")
        ? XLINK
        : k.startsWith("xml:")
          ? XML
          : undefined;
    if (ans) node.att(ans, k, attr(String(v)));
    else node.att(k, attr(String(v)));
  }
  return node;
}

function description(parent: XMLBuilder, text: string, tag = "Description"): void {
  el(el(parent, tag), "TranslatedText", [["xml:lang", "en"]]).txt(clean(text));
}

function itemRef(parent: XMLBuilder, r: ItemRefDef, withRole: boolean): void {
  const node = el(parent, "ItemRef", [
    ["ItemOID", r.itemOid],
    ["OrderNumber", r.orderNumber],
    ["Mandatory", r.mandatory],
    ["KeySequence", r.keySequence],
    ["MethodOID", r.methodOid],
    ["Role", withRole ? r.role : undefined],
  ]);
  if (r.whereClauseOid) el(node, "def:WhereClauseRef", [["WhereClauseOID", r.whereClauseOid]]);
}

function origin(parent: XMLBuilder, o: OriginDef): void {
  const node = el(parent, "def:Origin", [
    ["Type", o.type],
    ["Source", o.source],
  ]);
  if (o.description) description(node, o.description);
  if (o.documentLeafId) el(node, "def:DocumentRef", [["leafID", o.documentLeafId]]);
}

function leaf(parent: XMLBuilder, id: string, href: string, title: string): void {
  const node = el(parent, "def:leaf", [
    ["ID", id],
    ["xlink:href", href],
  ]);
  el(node, "def:title").txt(clean(title));
}

/** The define.xml text of a model (UTF-8, indented, deterministic). */
export function writeDefineXml(m: DefineModel): string {
  const doc = create({ version: "1.0", encoding: "UTF-8" });
  const root = doc.ele(ODM, "ODM");
  root.att(XMLNS, "xmlns:xlink", XLINK);
  root.att(XMLNS, "xmlns:def", DEF);
  if (m.resultDisplays.length > 0) root.att(XMLNS, "xmlns:arm", ARM);
  for (const [k, v] of [
    ["FileType", "Snapshot"],
    ["FileOID", m.fileOid],
    ["CreationDateTime", m.creationDateTime],
    ["ODMVersion", "1.3.2"],
    ["Originator", m.originator],
    ["SourceSystem", m.sourceSystem],
    ["SourceSystemVersion", m.sourceSystemVersion],
  ] as const) {
    if (v !== undefined) root.att(k, attr(v));
  }
  root.att(DEF, "def:Context", "Submission");

  const study = el(root, "Study", [["OID", m.studyOid]]);
  const gv = el(study, "GlobalVariables");
  el(gv, "StudyName").txt(clean(m.studyName));
  el(gv, "StudyDescription").txt(clean(m.studyDescription));
  el(gv, "ProtocolName").txt(clean(m.protocolName));

  const mdv = el(study, "MetaDataVersion", [
    ["OID", m.mdv.oid],
    ["Name", m.mdv.name],
    ["Description", m.mdv.description],
    ["def:DefineVersion", m.mdv.defineVersion],
  ]);

  const stds = el(mdv, "def:Standards");
  for (const s of m.standards) {
    el(stds, "def:Standard", [
      ["OID", s.oid],
      ["Name", s.name],
      ["Type", s.type],
      ["PublishingSet", s.publishingSet],
      ["Version", s.version],
      ["Status", s.status],
    ]);
  }
  if (m.annotatedCrfLeafId)
    el(el(mdv, "def:AnnotatedCRF"), "def:DocumentRef", [["leafID", m.annotatedCrfLeafId]]);
  if (m.supplementalDocLeafIds.length > 0) {
    const sd = el(mdv, "def:SupplementalDoc");
    for (const id of m.supplementalDocLeafIds) el(sd, "def:DocumentRef", [["leafID", id]]);
  }

  for (const vl of m.valueLists) {
    const node = el(mdv, "def:ValueListDef", [["OID", vl.oid]]);
    for (const r of vl.itemRefs) itemRef(node, r, false);
  }
  for (const wc of m.whereClauses) {
    const node = el(mdv, "def:WhereClauseDef", [["OID", wc.oid]]);
    for (const c of wc.checks) {
      const rc = el(node, "RangeCheck", [
        ["Comparator", c.comparator],
        ["SoftHard", "Soft"],
        ["def:ItemOID", c.itemOid],
      ]);
      for (const v of c.values) el(rc, "CheckValue").txt(clean(v));
    }
  }

  for (const g of m.itemGroups) {
    const node = el(mdv, "ItemGroupDef", [
      ["OID", g.oid],
      ["Domain", g.domain],
      ["Name", g.name],
      ["Repeating", g.repeating],
      ["IsReferenceData", g.isReferenceData],
      ["SASDatasetName", g.name],
      ["def:Structure", g.structure],
      ["Purpose", g.purpose],
      ["def:StandardOID", g.standardOid],
      ["def:IsNonStandard", g.isNonStandard ? "Yes" : undefined],
      ["def:CommentOID", g.commentOid],
      ["def:ArchiveLocationID", g.archiveLocationId],
    ]);
    description(node, g.label);
    for (const r of g.itemRefs) itemRef(node, r, m.standard === "SDTM");
    if (g.domainDescription)
      el(node, "Alias", [
        ["Context", "DomainDescription"],
        ["Name", g.domainDescription],
      ]);
    const cls = el(node, "def:Class", [["Name", g.className]]);
    if (g.subClassName) el(cls, "def:SubClass", [["Name", g.subClassName]]);
    leaf(node, g.leaf.id, g.leaf.href, g.leaf.title);
  }

  for (const it of m.items) {
    const node = el(mdv, "ItemDef", [
      ["OID", it.oid],
      ["Name", it.name],
      ["DataType", it.dataType],
      ["Length", it.length],
      ["SignificantDigits", it.significantDigits],
      ["SASFieldName", it.name],
      ["def:DisplayFormat", it.displayFormat],
      ["def:CommentOID", it.commentOid],
    ]);
    description(node, it.label);
    if (it.codelistOid) el(node, "CodeListRef", [["CodeListOID", it.codelistOid]]);
    if (it.origin) origin(node, it.origin);
    if (it.valueListOid) el(node, "def:ValueListRef", [["ValueListOID", it.valueListOid]]);
  }

  for (const cl of m.codelists) {
    const node = el(mdv, "CodeList", [
      ["OID", cl.oid],
      ["Name", cl.name],
      ["DataType", cl.dataType],
      ["def:StandardOID", cl.standardOid],
    ]);
    cl.items.forEach((t, i) => {
      const item = el(node, cl.decoded ? "CodeListItem" : "EnumeratedItem", [
        ["CodedValue", t.value],
        ["OrderNumber", i + 1],
        ["def:ExtendedValue", t.extended ? "Yes" : undefined],
      ]);
      if (cl.decoded) description(item, t.decode ?? t.value, "Decode");
      if (t.nciCode)
        el(item, "Alias", [
          ["Context", "nci:ExtCodeID"],
          ["Name", t.nciCode],
        ]);
    });
    if (cl.nciCode)
      el(node, "Alias", [
        ["Context", "nci:ExtCodeID"],
        ["Name", cl.nciCode],
      ]);
  }

  for (const mt of m.methods) {
    const node = el(mdv, "MethodDef", [
      ["OID", mt.oid],
      ["Name", mt.name],
      ["Type", mt.type],
    ]);
    description(node, mt.description);
  }
  for (const c of m.comments) description(el(mdv, "def:CommentDef", [["OID", c.oid]]), c.description);
  for (const l of m.leaves) leaf(mdv, l.id, l.href, l.title);

  if (m.resultDisplays.length > 0) {
    const ards = el(mdv, "arm:AnalysisResultDisplays");
    for (const d of m.resultDisplays) {
      const rd = el(ards, "arm:ResultDisplay", [
        ["OID", d.oid],
        ["Name", d.name],
      ]);
      description(rd, d.title);
      for (const r of d.results) {
        const ar = el(rd, "arm:AnalysisResult", [
          ["OID", r.oid],
          ["ParameterOID", r.parameterOid],
          ["AnalysisReason", r.reason],
          ["AnalysisPurpose", r.purpose],
        ]);
        description(ar, r.description);
        const ads = el(ar, "arm:AnalysisDatasets");
        for (const ad of r.datasets) {
          const n = el(ads, "arm:AnalysisDataset", [["ItemGroupOID", ad.itemGroupOid]]);
          if (ad.whereClauseOid) el(n, "def:WhereClauseRef", [["WhereClauseOID", ad.whereClauseOid]]);
          for (const v of ad.variableOids) el(n, "arm:AnalysisVariable", [["ItemOID", v]]);
        }
        description(el(ar, "arm:Documentation"), r.documentation);
        if (r.code)
          el(el(ar, "arm:ProgrammingCode", [["Context", r.code.context]]), "arm:Code").txt(
            clean(r.code.text),
          );
      }
    }
  }

  return `${doc.end({ prettyPrint: true, indent: "  " })}\n`;
}
