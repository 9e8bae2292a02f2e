import { describe, expect, it } from "vitest";
import { decodeDefineXml, parseDefineXml } from "./define-xml.ts";

const DEFINE = `<?xml version="1.0" encoding="UTF-8"?>
<!-- a comment -->
<ODM xmlns="http://www.cdisc.org/ns/odm/v1.3" xmlns:def="http://www.cdisc.org/ns/def/v2.1">
 <Study OID="S"><MetaDataVersion OID="MDV.1" Name="x">
  <ItemGroupDef OID="IG.AE" Name="AE" Repeating="Yes" def:Structure="One record per event">
   <Description><TranslatedText xml:lang="en">Adverse Events</TranslatedText></Description>
   <ItemRef ItemOID="IT.AE.STUDYID" Mandatory="Yes" OrderNumber="1" KeySequence="1"/>
   <ItemRef ItemOID="IT.AE.AESEQ" Mandatory="Yes" OrderNumber="3" KeySequence="3"/>
   <ItemRef ItemOID="IT.AE.USUBJID" Mandatory="Yes" OrderNumber="2" KeySequence="2"/>
   <ItemRef ItemOID="IT.AE.AESEV" Mandatory="No" OrderNumber="4"/>
   <def:Class Name="EVENTS"/>
  </ItemGroupDef>
  <ItemDef OID="IT.AE.STUDYID" Name="STUDYID" DataType="text" Length="12"><Description><TranslatedText>Study Identifier</TranslatedText></Description></ItemDef>
  <ItemDef OID="IT.AE.USUBJID" Name="USUBJID" DataType="text" Length="20"><Description><TranslatedText>Unique Subject Identifier</TranslatedText></Description></ItemDef>
  <ItemDef OID="IT.AE.AESEQ" Name="AESEQ" DataType="integer" Length="8"><Description><TranslatedText>Sequence Number</TranslatedText></Description></ItemDef>
  <ItemDef OID="IT.AE.AESEV" Name="AESEV" DataType="text" Length="8"><Description><TranslatedText>Severity &amp; &lt;Intensity&gt;</TranslatedText></Description><CodeListRef CodeListOID="CL.AESEV"/></ItemDef>
  <CodeList OID="CL.AESEV" Name="Severity" DataType="text">
   <EnumeratedItem CodedValue="MILD"/><EnumeratedItem CodedValue="VERY MILD" def:ExtendedValue="Yes"/>
   <Alias Context="nci" Name="C66769"/>
  </CodeList>
  <CodeList OID="CL.MEDDRA" Name="MedDRA" DataType="text"><ExternalCodeList Dictionary="MedDRA" Version="26.0"/></CodeList>
 </MetaDataVersion></Study>
</ODM>`;

describe("parseDefineXml", () => {
  it("reads datasets, variables in ItemRef order, keys by KeySequence, labels, codelists with extended values", () => {
    const doc = parseDefineXml(DEFINE);
    const ae = doc.datasets.get("AE")!;
    expect(ae.label).toBe("Adverse Events");
    expect(ae.class).toBe("EVENTS");
    expect(ae.structure).toBe("One record per event");
    expect(ae.variables.map((v) => v.name)).toEqual(["STUDYID", "AESEQ", "USUBJID", "AESEV"]);
    expect(ae.keys).toEqual(["STUDYID", "USUBJID", "AESEQ"]);
    const sev = ae.variables.find((v) => v.name === "AESEV")!;
    expect(sev.label).toBe("Severity & <Intensity>");
    expect(sev.length).toBe(8);
    expect(sev.mandatory).toBe(false);
    expect(sev.codelist?.nciCode).toBe("C66769");
    expect([...sev.codelist!.values]).toEqual(["MILD", "VERY MILD"]);
    expect([...sev.codelist!.extendedValues]).toEqual(["VERY MILD"]);
    expect(ae.variables.find((v) => v.name === "AESEQ")!.dataType).toBe("integer");
  });
  it("rejects text that is not well-formed, naming the problem", () => {
    expect(() => parseDefineXml(DEFINE.slice(0, 600))).toThrow(/not closed|malformed/);
    expect(() => parseDefineXml("<ODM><Study></ODM>")).toThrow(/closes <Study>/);
    expect(() => parseDefineXml("<ODM/>")).toThrow(/MetaDataVersion/);
  });
  it("decodes the bytes by the XML declaration (ISO-8859-1 no-break space stays U+00A0)", () => {
    const latin = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><a b="Y\xa0"/>', "latin1");
    expect(decodeDefineXml(latin)).toContain("Y\u00a0");
    expect(decodeDefineXml(Buffer.from('<?xml version="1.0"?><a b="é"/>', "utf8"))).toContain("é");
  });
});
