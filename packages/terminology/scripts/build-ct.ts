/**
 * Builds the committed compact terminology and IG metadata files from the CDISC reference downloads:
 *   pnpm tsx packages/terminology/scripts/build-ct.ts [referenceDir]
 * referenceDir defaults to ../shared/reference (relative to the repository root) or /work/shared/reference.
 * Writes packages/terminology/data/ct.json.gz and packages/terminology/data/ig-metadata.json.
 * The SDTMIG 3.4 / ADaMIG 1.3 overlay (data/ig-overlay.json) is merged at load time, not here.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import type {
  CtCodelistRow,
  CtData,
  CtTermRow,
  IgData,
  IgDatasetRow,
  IgVariableRow,
} from "../src/internal/data-types.ts";

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, "../../..");
const refDir =
  process.argv[2] ??
  [join(repoRoot, "../shared/reference"), "/work/shared/reference"].find((d) => existsSync(d)) ??
  "/work/shared/reference";
const outDir = join(here, "../data");

const SDTM_FILE = "ct/SDTM Terminology 2025-03-28.txt";
const ADAM_FILE = "ct/ADaM_CT_2025-09-26.csv";
const DEFINE_FILE = "ct/Define-XML_CT_2025-09-26.csv";

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and newlines. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

const EXPECTED_HEADER = [
  "Code",
  "Codelist Code",
  "Codelist Extensible (Yes/No)",
  "Codelist Name",
  "CDISC Submission Value",
  "CDISC Synonym(s)",
  "CDISC Definition",
  "NCI Preferred Term",
];

function splitSynonyms(s: string): string[] {
  return s
    .split(";")
    .map((x) => x.trim())
    .filter((x) => x !== "");
}

interface Pending {
  codelist: CtCodelistRow;
  terms: CtTermRow[];
}

function readRows(rows: string[][], file: string, standard: string, into: Map<string, Pending>): void {
  const header = rows[0]!;
  for (let i = 0; i < EXPECTED_HEADER.length; i++)
    if (header[i] !== EXPECTED_HEADER[i])
      throw new Error(`${file}: column ${i + 1} is "${header[i]}", expected "${EXPECTED_HEADER[i]}"`);
  for (const r of rows.slice(1)) {
    if (r.length === 1 && r[0] === "") continue;
    const [code, clCode, ext, name, value, syn, , pt] = r as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    if (clCode === "") {
      if (into.has(code)) continue; // same codelist published in two packages: keep the first
      into.set(code, {
        codelist: [code, name, value, ext === "Yes" ? 1 : 0, standard, syn, pt, []],
        terms: [],
      });
    } else {
      const p = into.get(clCode);
      if (!p) throw new Error(`${file}: term ${code} names unknown codelist ${clCode}`);
      if (p.codelist[4] !== standard) continue;
      const synonyms = splitSynonyms(syn).join("|");
      p.terms.push([code, value, synonyms, pt === value ? "" : pt]);
    }
  }
}

function buildCt(): CtData {
  const codelists = new Map<string, Pending>();
  const sdtmText = readFileSync(join(refDir, SDTM_FILE), "utf8");
  readRows(
    sdtmText
      .split(/\r?\n/)
      .filter((l) => l !== "")
      .map((l) => l.split("\t")),
    SDTM_FILE,
    "SDTM",
    codelists,
  );
  const adamRows = parseCsv(readFileSync(join(refDir, ADAM_FILE), "utf8"));
  const defineRows = parseCsv(readFileSync(join(refDir, DEFINE_FILE), "utf8"));
  readRows(adamRows, ADAM_FILE, "ADaM", codelists);
  readRows(defineRows, DEFINE_FILE, "Define-XML", codelists);
  const dateOf = (rows: string[][]): string => {
    const m = /(\d{4}-\d{2}-\d{2})/.exec(rows[1]?.[8] ?? "");
    if (!m) throw new Error("package date not found in the Standard and Date column");
    return m[1]!;
  };
  const out: CtCodelistRow[] = [];
  for (const p of [...codelists.values()].sort((a, b) => (a.codelist[0] < b.codelist[0] ? -1 : 1))) {
    p.codelist[7] = p.terms;
    out.push(p.codelist);
  }
  return {
    packages: {
      sdtm: /(\d{4}-\d{2}-\d{2})/.exec(SDTM_FILE)![1]!,
      adam: dateOf(adamRows),
      define: dateOf(defineRows),
    },
    sources: [SDTM_FILE, ADAM_FILE, DEFINE_FILE],
    codelists: out,
  };
}

// ---- IG metadata from CDISC Library ODM (regular machine-written XML, so plain patterns suffice) ----

function attrs(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of s.matchAll(/([\w:]+)="([^"]*)"/g)) out[m[1]!] = decodeXml(m[2]!);
  return out;
}

function decodeXml(s: string): string {
  return s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
}

function description(body: string): string {
  const m = /<Description>\s*<TranslatedText[^>]*>([\s\S]*?)<\/TranslatedText>/.exec(body);
  return m ? decodeXml(m[1]!.replace(/\s+/g, " ").trim()) : "";
}

function readIg(file: string): { version: string; datasets: IgDatasetRow[] } {
  const xml = readFileSync(join(refDir, file), "utf8");
  const version = /<def:Standard [^>]*Version="([^"]+)"/.exec(xml)?.[1] ?? "";
  // CodeList OID -> NCI code (when it is a CDISC codelist) and enumerated values (a subset or an IG value list).
  const codelistCode = new Map<string, string>();
  const codelistValues = new Map<string, string[]>();
  for (const m of xml.matchAll(/<CodeList ([^>]*)>([\s\S]*?)<\/CodeList>/g)) {
    const a = attrs(m[1]!);
    const alias = /<Alias Context="nci:ExtCodeID" Name="([^"]+)"/.exec(m[2]!);
    if (a.OID && alias) codelistCode.set(a.OID, alias[1]!);
    const values = [...m[2]!.matchAll(/<EnumeratedItem CodedValue="([^"]*)"/g)].map((x) => decodeXml(x[1]!));
    if (a.OID && values.length > 0) codelistValues.set(a.OID, values);
  }
  const items = new Map<string, { a: Record<string, string>; body: string }>();
  for (const m of xml.matchAll(/<ItemDef ([^>]*)>([\s\S]*?)<\/ItemDef>/g)) {
    const a = attrs(m[1]!);
    items.set(a.OID!, { a, body: m[2]! });
  }
  const datasets: IgDatasetRow[] = [];
  for (const m of xml.matchAll(/<ItemGroupDef ([^>]*)>([\s\S]*?)<\/ItemGroupDef>/g)) {
    const g = attrs(m[1]!);
    const body = m[2]!;
    const variables: IgVariableRow[] = [];
    for (const r of body.matchAll(/<ItemRef ([^>]*)\/>/g)) {
      const ref = attrs(r[1]!);
      const item = items.get(ref.ItemOID!);
      if (!item) throw new Error(`${file}: ItemRef ${ref.ItemOID} has no ItemDef`);
      const cl = /<CodeListRef CodeListOID="([^"]+)"/.exec(item.body)?.[1];
      const alt = [...item.body.matchAll(/<mdr:AltCodeListRef CodeListOID="([^"]+)"/g)].map(
        (x) => codelistCode.get(x[1]!) ?? x[1]!,
      );
      const v: IgVariableRow = {
        name: item.a.Name!,
        label: description(item.body),
        type: item.a["mdr:SubmissionDataType"] === "Num" ? "Num" : "Char",
        core: item.a["mdr:Core"] ?? "",
        order: Number(ref.OrderNumber),
      };
      if (item.a.Length) v.length = Number(item.a.Length);
      if (ref.Role) v.role = ref.Role;
      if (cl && codelistCode.has(cl)) v.codelist = codelistCode.get(cl);
      if (cl && codelistValues.has(cl)) v.values = codelistValues.get(cl);
      if (cl && !codelistCode.has(cl) && !codelistValues.has(cl))
        throw new Error(`${file}: codelist ${cl} has no NCI code or values`);
      if (alt.length > 0) v.altCodelists = alt;
      if (item.a["mdr:DescribedValueDomain"]) v.valueDomain = item.a["mdr:DescribedValueDomain"];
      if (item.a["mdr:VariableSet"]) v.variableSet = item.a["mdr:VariableSet"];
      variables.push(v);
    }
    variables.sort((a, b) => a.order - b.order);
    const ds: IgDatasetRow = {
      name: g.Name!,
      label: description(body),
      class: /<def:Class Name="([^"]+)"/.exec(body)?.[1] ?? "",
      structure: g["def:Structure"] ?? "",
      variables,
    };
    datasets.push(ds);
  }
  return { version, datasets };
}

function buildIg(): IgData {
  const sdtm = readIg("cdisc-library-metadata/sdtmig-3-3_to_odm.xml");
  const adam = readIg("cdisc-library-metadata/adamig-1-2_to_odm.xml");
  return {
    SDTM: {
      version: sdtm.version,
      source: "cdisc-library-metadata/sdtmig-3-3_to_odm.xml",
      datasets: sdtm.datasets,
    },
    ADaM: {
      version: adam.version,
      source: "cdisc-library-metadata/adamig-1-2_to_odm.xml",
      datasets: adam.datasets,
    },
  };
}

const ct = buildCt();
const ctBytes = gzipSync(Buffer.from(JSON.stringify(ct)), { level: 9 });
writeFileSync(join(outDir, "ct.json.gz"), ctBytes);
const ig = buildIg();
// Plain JSON, one variable per line, so a rebuild shows as a readable diff.
const igText = `{\n${(["SDTM", "ADaM"] as const)
  .map((std) => {
    const s = ig[std];
    const datasets = s.datasets.map((d) => {
      const { variables, ...head } = d;
      return `    ${JSON.stringify(head).slice(0, -1)},"variables":[\n${variables.map((v) => `      ${JSON.stringify(v)}`).join(",\n")}\n    ]}`;
    });
    return `  ${JSON.stringify(std)}: {"version":${JSON.stringify(s.version)},"source":${JSON.stringify(s.source)},"datasets":[\n${datasets.join(",\n")}\n  ]}`;
  })
  .join(",\n")}\n}\n`;
JSON.parse(igText);
writeFileSync(join(outDir, "ig-metadata.json"), igText);
const igBytes = Buffer.byteLength(igText);
const terms = ct.codelists.reduce((n, c) => n + c[7].length, 0);
console.log(
  `ct.json.gz: ${ct.codelists.length} codelists, ${terms} terms, ${ctBytes.length} bytes (packages ${JSON.stringify(ct.packages)})`,
);
console.log(
  `ig-metadata.json: SDTMIG ${ig.SDTM.version} ${ig.SDTM.datasets.length} datasets, ADaMIG ${ig.ADaM.version} ${ig.ADaM.datasets.length} datasets, ${igBytes} bytes`,
);
