/**
 * Streaming ODM 1.3.2 clinical data reader (saxes). A state machine walks
 * ODM > ClinicalData > SubjectData > StudyEventData > FormData > ItemGroupData > ItemData; every other
 * element (MetaDataVersion, AuditRecord, Signature, Annotation, vendor extensions) is skipped with its
 * whole subtree. Each ItemGroupData of a known form is one record; its SOURCEROW is the ordinal of the
 * ItemGroupData within that form, in document order.
 */
import { createReadStream } from "node:fs";
import { UserError } from "@trialforge/core";
import type { RawForm } from "@trialforge/spec";
import { SaxesParser, type SaxesTagPlain } from "saxes";
import { RawTableBuilder } from "../table-builder.ts";
import { type RawTable, RejectionCodes } from "../types.ts";
import { checkFile, fileError, type ReadContext } from "./context.ts";
import { NOT_UTF8_MESSAGE, Utf8Check } from "./utf8.ts";
import { MAX_XML_DEPTH, MAX_XML_TOKEN_CHARS } from "./xml.ts";

export { MAX_XML_DEPTH, MAX_XML_TOKEN_CHARS };

enum S {
  Root,
  Odm,
  Clinical,
  Subject,
  Event,
  Form,
  Group,
  Item,
  Done,
}

interface FormState {
  builder: RawTableBuilder;
  /** ItemOID -> field index. */
  items: Map<string, number>;
  fieldNames: string[];
  subjectIdx: number;
  /** Per field: set once the record has an ItemData for it. */
  seen: Uint8Array;
  ordinal: number;
}

/** The ODM 1.3 namespace; an ODM element in any other namespace is not ODM 1.3.2. */
export const ODM_NAMESPACE = "http://www.cdisc.org/ns/odm/v1.3";

/** Distinct unknown FormOIDs / ItemOIDs warned about one by one. */
const MAX_UNKNOWN_OIDS = 100;
/** Key of the count of all further unknown OIDs (sorts after every real OID). */
const MORE = "\uffff";

/** Local name of an ODM element given the ODM prefix ("" = default namespace); "" for other namespaces. */
function localName(name: string, prefix: string): string {
  const i = name.indexOf(":");
  if (i < 0) return prefix === "" ? name : "";
  return name.slice(0, i) === prefix ? name.slice(i + 1) : "";
}

/**
 * Reads the EDC forms' records from one ODM 1.3.2 file (FormOID `F.<id>`, ItemOID `IT.<id>.<field>`,
 * subject from SubjectKey). Returns one table per given form, empty when the file has none of its data.
 */
export async function readOdmForms(
  path: string,
  forms: readonly RawForm[],
  ctx: ReadContext,
  opts: { studyOid?: string } = {},
): Promise<Map<string, RawTable>> {
  if (forms.length === 0) return new Map();
  await checkFile(path, ctx.file, "the EDC forms");
  const byOid = new Map<string, FormState>();
  for (const form of forms) {
    const builder = new RawTableBuilder(form, ctx.file, ctx.rejections);
    const items = new Map<string, number>();
    form.fields.forEach((f, i) => {
      items.set(`IT.${form.id}.${f.name}`, i);
    });
    byOid.set(`F.${form.id}`, {
      builder,
      items,
      fieldNames: form.fields.map((f) => f.name),
      subjectIdx: builder.fieldIndex(form.subjectField),
      seen: new Uint8Array(form.fields.length),
      ordinal: 0,
    });
  }
  // Distinct unknown OIDs remembered (a hostile file may hold millions); the rest are counted under MORE.
  const countUnknown = (m: Map<string, number>, oid: string) => {
    const key = m.has(oid) || m.size < MAX_UNKNOWN_OIDS ? oid : MORE;
    m.set(key, (m.get(key) ?? 0) + 1);
  };
  const unknownForms = new Map<string, number>();
  const unknownItems = new Map<string, number>();
  const otherStudies = new Set<string>();

  let state: S = S.Root as S;
  let skip = 0; // depth inside an ignored subtree
  let odmPrefix = ""; // namespace prefix bound to ODM_NAMESPACE on the root element
  let subjectKey = "";
  let subjectRemoved = false;
  let form: FormState | undefined;
  let groupRemoved = false;
  let groupProblem:
    | { code: (typeof RejectionCodes)[keyof typeof RejectionCodes]; reason: string; column?: string }
    | undefined;
  let itemIdx = -1;
  let itemOid = "";
  let itemText: string | undefined; // collecting text of a typed ItemDataXxx element
  let itemValue = "";

  const parser = new SaxesParser({ xmlns: false, position: true });
  let failure: UserError | undefined;
  const fail = (e: UserError) => {
    failure ??= e;
  };
  parser.on("error", (err) => {
    const msg = err.message.replace(/^\d+:\d+: /, "");
    fail(
      new UserError(
        `${ctx.file} line ${parser.line} column ${parser.column}: XML is not well-formed: ${msg}`,
        [
          {
            severity: "error",
            code: "INGEST.BAD_XML",
            message: `XML is not well-formed: ${msg} (line ${parser.line} column ${parser.column})`,
            file: ctx.file,
          },
        ],
      ),
    );
  });
  parser.on("xmldecl", (decl) => {
    const enc = decl.encoding?.toUpperCase().replace(/_/g, "-");
    if (enc && enc !== "UTF-8" && enc !== "UTF8")
      fail(
        fileError(
          "INGEST.NOT_UTF8",
          ctx.file,
          `the file declares encoding ${decl.encoding}; only UTF-8 is read`,
        ),
      );
  });

  const attr = (tag: SaxesTagPlain, name: string): string | undefined => tag.attributes[name];

  parser.on("opentag", (tag) => {
    if (skip > 0) {
      skip++;
      if (skip > MAX_XML_DEPTH)
        fail(
          fileError(
            "INGEST.BAD_ODM",
            ctx.file,
            `elements nest more than ${MAX_XML_DEPTH} deep (line ${parser.line}); not an ODM export`,
          ),
        );
      return;
    }
    if (state === S.Root) {
      const colon = tag.name.indexOf(":");
      odmPrefix = colon < 0 ? "" : tag.name.slice(0, colon);
      const ns = attr(tag, odmPrefix === "" ? "xmlns" : `xmlns:${odmPrefix}`);
      if (tag.name.slice(colon + 1) === "ODM" && ns !== ODM_NAMESPACE) {
        fail(
          fileError(
            "INGEST.BAD_ODM",
            ctx.file,
            ns === undefined
              ? `the <${tag.name}> element declares no namespace; CDISC ODM 1.3.2 is in ${ODM_NAMESPACE}`
              : `the <${tag.name}> element is in namespace ${ns}, not the CDISC ODM 1.3 namespace ${ODM_NAMESPACE}`,
          ),
        );
        state = S.Done;
        skip = 1;
        return;
      }
    }
    const name = localName(tag.name, odmPrefix);
    switch (state) {
      case S.Root:
        if (name !== "ODM") {
          fail(
            fileError(
              "INGEST.BAD_ODM",
              ctx.file,
              `the root element is <${tag.name}>, expected <ODM> (CDISC ODM 1.3.2)`,
            ),
          );
          state = S.Done;
          skip = 1;
          return;
        }
        state = S.Odm;
        return;
      case S.Odm:
        if (name === "ClinicalData") {
          state = S.Clinical;
          const oid = attr(tag, "StudyOID");
          if (opts.studyOid !== undefined && oid !== opts.studyOid && !otherStudies.has(oid ?? "")) {
            otherStudies.add(oid ?? "");
            ctx.diagnostics.warning(
              "INGEST.OTHER_STUDY",
              `ClinicalData has StudyOID ${JSON.stringify(oid ?? "")}, expected ${opts.studyOid}; its data are read all the same`,
              { file: ctx.file },
            );
          }
        } else skip = 1;
        return;
      case S.Clinical:
        if (name === "SubjectData") {
          state = S.Subject;
          subjectKey = (attr(tag, "SubjectKey") ?? "").trim();
          subjectRemoved = attr(tag, "TransactionType") === "Remove";
        } else skip = 1;
        return;
      case S.Subject:
        if (name === "StudyEventData") state = S.Event;
        else skip = 1;
        return;
      case S.Event:
        if (name === "FormData") {
          const oid = attr(tag, "FormOID") ?? "";
          form = byOid.get(oid);
          if (!form) {
            countUnknown(unknownForms, oid);
            skip = 1;
            return;
          }
          state = S.Form;
        } else skip = 1;
        return;
      case S.Form:
        if (name === "ItemGroupData") {
          state = S.Group;
          form!.ordinal++;
          form!.seen.fill(0);
          groupRemoved = subjectRemoved || attr(tag, "TransactionType") === "Remove";
          groupProblem = undefined;
          if (form!.subjectIdx >= 0) form!.builder.values[form!.subjectIdx] = subjectKey;
        } else skip = 1;
        return;
      case S.Group: {
        const typed = name.startsWith("ItemData") && name.length > 8;
        if (name !== "ItemData" && !typed) {
          skip = 1;
          return;
        }
        state = S.Item;
        itemOid = attr(tag, "ItemOID") ?? "";
        itemIdx = form!.items.get(itemOid) ?? -1;
        if (attr(tag, "IsNull") === "Yes") {
          itemValue = "";
          itemText = undefined;
        } else if (typed) {
          itemText = "";
        } else {
          itemValue = attr(tag, "Value") ?? "";
          itemText = undefined;
        }
        return;
      }
      default:
        skip = 1; // children of ItemData (AuditRecord, MeasurementUnitRef, ...) and anything after </ODM>
    }
  });

  parser.on("text", (t) => {
    if (skip === 0 && state === S.Item && itemText !== undefined) itemText += t;
  });
  parser.on("cdata", (t) => {
    if (skip === 0 && state === S.Item && itemText !== undefined) itemText += t;
  });

  parser.on("closetag", () => {
    if (skip > 0) {
      skip--;
      return;
    }
    switch (state) {
      case S.Item: {
        state = S.Group;
        const f = form!;
        const value = (itemText ?? itemValue).trim();
        if (itemIdx < 0) {
          countUnknown(unknownItems, itemOid);
          return;
        }
        const fieldName = f.fieldNames[itemIdx]!;
        if (itemIdx === f.subjectIdx) {
          if (value !== subjectKey)
            groupProblem ??= {
              code: RejectionCodes.DUPLICATE_ITEM,
              reason: `${itemOid} is ${JSON.stringify(value)} but the SubjectKey is ${JSON.stringify(subjectKey)}`,
              column: fieldName,
            };
          return;
        }
        if (f.seen[itemIdx]) {
          groupProblem ??= {
            code: RejectionCodes.DUPLICATE_ITEM,
            reason: `${itemOid} occurs twice in one ItemGroupData`,
            column: fieldName,
          };
          return;
        }
        f.seen[itemIdx] = 1;
        f.builder.values[itemIdx] = value;
        return;
      }
      case S.Group: {
        state = S.Form;
        const b = form!.builder;
        if (groupRemoved)
          b.rejectRecord(
            form!.ordinal,
            RejectionCodes.REMOVED,
            'ItemGroupData has TransactionType="Remove"; the record was deleted in the EDC',
          );
        else if (groupProblem)
          b.rejectRecord(form!.ordinal, groupProblem.code, groupProblem.reason, groupProblem.column);
        else b.commit(form!.ordinal);
        return;
      }
      case S.Form:
        state = S.Event;
        form = undefined;
        return;
      case S.Event:
        state = S.Subject;
        return;
      case S.Subject:
        state = S.Clinical;
        return;
      case S.Clinical:
        state = S.Odm;
        return;
      case S.Odm:
        state = S.Done;
        return;
    }
  });

  const utf8 = new Utf8Check();
  const decoder = new TextDecoder("utf-8");
  let run = 0; // characters since the last "<"
  const tooLong = () =>
    fileError(
      "INGEST.XML_TOKEN_TOO_LONG",
      ctx.file,
      `an XML tag, attribute or text runs over more than ${MAX_XML_TOKEN_CHARS} characters after line ${parser.line}; the file is not read`,
    );
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    utf8.push(chunk);
    if (utf8.invalid)
      throw fileError("INGEST.NOT_UTF8", ctx.file, `${NOT_UTF8_MESSAGE} (near line ${parser.line})`);
    const text = decoder.decode(chunk, { stream: true });
    // Bounded memory: saxes holds a whole attribute or text in one string, so a 200 MB attribute
    // is refused here, before the parser buffers it.
    let pos = 0;
    for (let lt = text.indexOf("<"); lt >= 0; lt = text.indexOf("<", pos)) {
      if (run + lt - pos > MAX_XML_TOKEN_CHARS) throw tooLong();
      run = 0;
      pos = lt + 1;
    }
    run += text.length - pos;
    if (run > MAX_XML_TOKEN_CHARS) throw tooLong();
    parser.write(text);
    if (failure) throw failure;
  }
  utf8.end();
  if (utf8.invalid)
    throw fileError("INGEST.NOT_UTF8", ctx.file, `${NOT_UTF8_MESSAGE} (at the end of the file)`);
  parser.write(decoder.decode());
  parser.close();
  if (failure) throw failure;
  if (state !== S.Done) throw fileError("INGEST.BAD_ODM", ctx.file, "the file has no <ODM> element");

  for (const [oid, count] of [...unknownForms].sort()) {
    ctx.diagnostics.warning(
      "INGEST.UNKNOWN_FORM",
      oid === MORE
        ? `${count} more FormData of other FormOIDs that are not forms of this study are ignored`
        : `FormOID ${oid} is not a form of this study; its ${count} FormData are ignored`,
      { file: ctx.file },
    );
  }
  for (const [oid, count] of [...unknownItems].sort()) {
    ctx.diagnostics.warning(
      "INGEST.UNKNOWN_COLUMN",
      oid === MORE
        ? `${count} more values of other ItemOIDs that are not fields of their form are ignored`
        : `ItemOID ${oid} is not a field of its form; its ${count} values are ignored`,
      { file: ctx.file, ...(oid === MORE ? {} : { column: oid }) },
    );
  }
  const out = new Map<string, RawTable>();
  for (const fm of forms) out.set(fm.id, byOid.get(`F.${fm.id}`)!.builder.build());
  return out;
}
