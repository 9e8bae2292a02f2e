/**
 * Streaming CDISC ODM 1.3.2 snapshot of the EDC forms (CONTRACTS.md layout): MetaDataVersion "MDV.1" with
 * one StudyEvent/Form/ItemGroup per form, then SubjectData (SubjectKey = SUBJID) -> StudyEventData
 * SE.<FORM> -> FormData F.<FORM> -> ItemGroupData IG.<FORM> (one per CSV record, repeat key = record
 * number within the subject) -> ItemData IT.<FORM>.<FIELD> with the CSV text; empty fields omitted.
 * EDC dates are display text (DD-MON-YYYY, partial UN-MAR-2024), so date/time items are DataType "text".
 */
import { once } from "node:events";
import { createWriteStream, type WriteStream } from "node:fs";
import type { RawField, RawForm, Study } from "@trialforge/spec";

/** Escapes text for an XML attribute or element (quotes, ampersands, angle brackets, line breaks). */
export function xmlEscape(s: string): string {
  return s.replace(/[&<>"'\n\r\t]/g, (c) => {
    switch (c) {
      case "&":
        return "&amp;";
      case "<":
        return "&lt;";
      case ">":
        return "&gt;";
      case '"':
        return "&quot;";
      case "'":
        return "&apos;";
      case "\n":
        return "&#10;";
      case "\r":
        return "&#13;";
      default:
        return "&#9;";
    }
  });
}

function odmType(f: RawField): string {
  return f.type === "integer" ? "integer" : f.type === "float" ? "float" : "text";
}

export class OdmWriter {
  private readonly stream: WriteStream;
  private buf = "";

  constructor(
    path: string,
    study: Study,
    private readonly forms: RawForm[],
    opts: { creationDateTime: string; fileOid: string },
  ) {
    this.stream = createWriteStream(path, { encoding: "utf8" });
    const a = xmlEscape;
    let x = '<?xml version="1.0" encoding="UTF-8"?>\n';
    x += `<ODM xmlns="http://www.cdisc.org/ns/odm/v1.3" FileType="Snapshot" FileOID="${a(opts.fileOid)}" CreationDateTime="${a(opts.creationDateTime)}" ODMVersion="1.3.2" Originator="trialforge synth">\n`;
    x += ` <Study OID="${a(study.studyId)}">\n  <GlobalVariables>\n   <StudyName>${a(study.studyId)}</StudyName>\n   <StudyDescription>${a(study.title)}</StudyDescription>\n   <ProtocolName>${a(study.studyId)}</ProtocolName>\n  </GlobalVariables>\n`;
    x += '  <MetaDataVersion OID="MDV.1" Name="EDC export">\n   <Protocol>\n';
    forms.forEach((f, i) => {
      x += `    <StudyEventRef StudyEventOID="SE.${f.id}" OrderNumber="${i + 1}" Mandatory="No"/>\n`;
    });
    x += "   </Protocol>\n";
    for (const f of forms)
      x += `   <StudyEventDef OID="SE.${f.id}" Name="${a(f.label)}" Repeating="No" Type="Common">\n    <FormRef FormOID="F.${f.id}" Mandatory="No"/>\n   </StudyEventDef>\n`;
    for (const f of forms)
      x += `   <FormDef OID="F.${f.id}" Name="${a(f.label)}" Repeating="No">\n    <ItemGroupRef ItemGroupOID="IG.${f.id}" Mandatory="Yes"/>\n   </FormDef>\n`;
    for (const f of forms) {
      x += `   <ItemGroupDef OID="IG.${f.id}" Name="${a(f.label)}" Repeating="Yes">\n`;
      f.fields.forEach((fld, i) => {
        if (fld.name === f.subjectField) return;
        const key = f.keys.indexOf(fld.name);
        x += `    <ItemRef ItemOID="IT.${f.id}.${fld.name}" OrderNumber="${i + 1}" Mandatory="${fld.required ? "Yes" : "No"}"${key >= 0 ? ` KeySequence="${key + 1}"` : ""}/>\n`;
      });
      x += "   </ItemGroupDef>\n";
    }
    for (const f of forms) {
      for (const fld of f.fields) {
        if (fld.name === f.subjectField) continue;
        x += `   <ItemDef OID="IT.${f.id}.${fld.name}" Name="${a(fld.name)}" DataType="${odmType(fld)}"${fld.maxLength ? ` Length="${fld.maxLength}"` : ""}>\n`;
        x += `    <Question><TranslatedText xml:lang="en">${a(fld.label)}</TranslatedText></Question>\n`;
        if (fld.values) x += `    <CodeListRef CodeListOID="CL.${f.id}.${fld.name}"/>\n`;
        x += "   </ItemDef>\n";
      }
    }
    for (const f of forms) {
      for (const fld of f.fields) {
        if (!fld.values || fld.name === f.subjectField) continue;
        x += `   <CodeList OID="CL.${f.id}.${fld.name}" Name="${a(fld.name)}" DataType="${odmType(fld)}">\n`;
        for (const v of fld.values)
          x += `    <CodeListItem CodedValue="${a(v)}"><Decode><TranslatedText xml:lang="en">${a(v)}</TranslatedText></Decode></CodeListItem>\n`;
        x += "   </CodeList>\n";
      }
    }
    x += "  </MetaDataVersion>\n </Study>\n";
    x += ` <ClinicalData StudyOID="${a(study.studyId)}" MetaDataVersionOID="MDV.1">\n`;
    this.buf = x;
  }

  /** Writes one subject's records (by form id, in form order); values are the CSV cell texts. */
  writeSubject(subjectKey: string, records: Map<string, Record<string, string>[]>): void {
    const a = xmlEscape;
    let x = `  <SubjectData SubjectKey="${a(subjectKey)}">\n`;
    for (const f of this.forms) {
      const recs = records.get(f.id);
      if (!recs || recs.length === 0) continue;
      x += `   <StudyEventData StudyEventOID="SE.${f.id}">\n    <FormData FormOID="F.${f.id}">\n`;
      recs.forEach((r, i) => {
        x += `     <ItemGroupData ItemGroupOID="IG.${f.id}" ItemGroupRepeatKey="${i + 1}">\n`;
        for (const fld of f.fields) {
          if (fld.name === f.subjectField) continue;
          const v = r[fld.name];
          if (v === undefined || v === "") continue;
          x += `      <ItemData ItemOID="IT.${f.id}.${fld.name}" Value="${a(v)}"/>\n`;
        }
        x += "     </ItemGroupData>\n";
      });
      x += "    </FormData>\n   </StudyEventData>\n";
    }
    x += "  </SubjectData>\n";
    this.buf += x;
    if (this.buf.length > 1 << 20) this.flush();
  }

  private flush(): void {
    this.stream.write(this.buf);
    this.buf = "";
  }

  async drain(): Promise<void> {
    // writableNeedDrain, not a flag of our own: a drain event that fired while another writer was awaited is not lost.
    if (this.stream.writableNeedDrain) await once(this.stream, "drain");
  }

  async close(): Promise<void> {
    this.buf += " </ClinicalData>\n</ODM>\n";
    this.flush();
    this.stream.end();
    await once(this.stream, "close");
  }
}
