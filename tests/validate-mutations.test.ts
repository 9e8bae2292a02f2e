/**
 * Mutation suite for @trialforge/validate: the clean demo build (synth --clean → ingest → SDTM → ADaM →
 * define.xml, all in-process) reports no errors; each injected defect is then found by the rule that covers it.
 * A defect counts as found when its rule reports more findings (in the expected dataset) than on the clean build.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { buildAdam } from "@trialforge/adam";
import {
  type CellValue,
  type Dataset,
  type DatasetMeta,
  Diagnostics,
  datasetFromRows,
  type Row,
} from "@trialforge/core";
import { buildDefine } from "@trialforge/define";
import { ingestStudy } from "@trialforge/ingest";
import { buildSdtm } from "@trialforge/sdtm";
import { loadAdamSpec, loadSdtmSpec, loadStudy, type Study } from "@trialforge/spec";
import { synthesize } from "@trialforge/synth";
import { loadTerminology, type Terminology } from "@trialforge/terminology";
import { type Finding, RULES, summarizeFindings, validateBuild } from "@trialforge/validate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const studyDir = resolve(import.meta.dirname, "../specs/nct05563545");

interface Build {
  sdtm: Map<string, Dataset>;
  adam: Map<string, Dataset>;
  defineXml?: { sdtm?: string; adam?: string };
}

let study: Study;
let terminology: Terminology;
let clean: Build;
let cleanFindings: Finding[];
let work: string;

function run(b: Build): Finding[] {
  return validateBuild({
    sdtm: b.sdtm,
    adam: b.adam,
    ...(b.defineXml ? { defineXml: b.defineXml } : {}),
    dataCutoff: study.dataCutoff,
    terminology,
  });
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "tf-validate-"));
  study = loadStudy(studyDir);
  await synthesize(study, join(work, "raw"), { messy: false });
  const raw = await ingestStudy(study, join(work, "raw"), { edc: "csv" });
  const sdtmSpec = loadSdtmSpec(studyDir);
  terminology = loadTerminology().withSponsorCodelists(sdtmSpec.config.codelists);
  const diagnostics = new Diagnostics();
  const sdtm = buildSdtm({ study, spec: sdtmSpec, raw, terminology, diagnostics }).datasets;
  const adam = buildAdam({ study, spec: loadAdamSpec(studyDir), sdtm, diagnostics });
  const timestamp = "2026-08-01T00:00:00Z";
  const defineXml = {
    sdtm: buildDefine({ standard: "SDTM", datasets: sdtm.values(), study, terminology, timestamp }).xml,
    adam: buildDefine({ standard: "ADaM", datasets: adam.values(), study, terminology, timestamp }).xml,
  };
  clean = { sdtm, adam, defineXml };
  cleanFindings = run(clean);
}, 120_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

// ---- mutation helpers: each returns a new build; the clean one is never changed ----

type Part = "sdtm" | "adam";
const copy = (b: Build): Build => ({
  sdtm: new Map(b.sdtm),
  adam: new Map(b.adam),
  ...(b.defineXml ? { defineXml: { ...b.defineXml } } : {}),
});

/** Rebuilds dataset `name` from its rows after `fn` edits rows and metadata (a deep copy of both). */
function edit(
  b: Build,
  part: Part,
  name: string,
  fn: (rows: Row[], meta: DatasetMeta) => Row[] | undefined,
): Build {
  const out = copy(b);
  const ds = out[part].get(name);
  if (!ds) throw new Error(`test setup: no ${part} dataset ${name}`);
  const meta = structuredClone(ds.meta);
  const rows = ds.toRows();
  const next = fn(rows, meta) ?? rows;
  out[part].set(meta.name, datasetFromRows(meta, next));
  if (meta.name !== name) out[part].delete(name);
  return out;
}

function drop(b: Build, part: Part, name: string): Build {
  const out = copy(b);
  out[part].delete(name);
  return out;
}

/** Sets one cell of the first row matching `where`. */
function setCell(
  b: Build,
  part: Part,
  name: string,
  where: (r: Row) => boolean,
  variable: string,
  value: CellValue,
): Build {
  return edit(b, part, name, (rows) => {
    const r = rows.find(where);
    if (!r) throw new Error(`test setup: no ${name} row for ${variable}`);
    r[variable] = value;
  });
}

const any = () => true;
const has = (v: string) => (r: Row) => r[v] !== "" && r[v] !== null;
const sas = (iso: string) =>
  (Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) - Date.UTC(1960, 0, 1)) / 86400000;

function renameVar(b: Build, part: Part, name: string, from: string, to: string): Build {
  return edit(b, part, name, (rows, meta) => {
    meta.variables.find((v) => v.name === from)!.name = to;
    meta.keys = meta.keys.map((k) => (k === from ? to : k));
    for (const r of rows) {
      r[to] = r[from]!;
      delete r[from];
    }
  });
}

function dropVar(b: Build, part: Part, name: string, variable: string): Build {
  return edit(b, part, name, (rows, meta) => {
    meta.variables = meta.variables.filter((v) => v.name !== variable);
    meta.keys = meta.keys.filter((k) => k !== variable);
    for (const r of rows) delete r[variable];
  });
}

function setMeta(
  b: Build,
  part: Part,
  name: string,
  variable: string,
  patch: Partial<DatasetMeta["variables"][number]>,
): Build {
  return edit(b, part, name, (_rows, meta) => {
    Object.assign(meta.variables.find((v) => v.name === variable)!, patch);
  });
}

/** A row of an ADaM BDS dataset that is post-baseline with BASE, AVAL and CHG populated. */
const postBaseline = (r: Row) =>
  r.ABLFL !== "Y" && typeof r.BASE === "number" && typeof r.AVAL === "number" && typeof r.CHG === "number";

interface Mutation {
  what: string;
  rule: string;
  dataset?: string;
  apply: (b: Build) => Build;
}

// biome-ignore format: aligned fixture table
const MUTATIONS: Mutation[] = [
  // Structure
  { what: "dataset name longer than 8", rule: "TF-STR01", dataset: "ADVERSEEV", apply: (b) => edit(b, "sdtm", "AE", (_r, m) => { m.name = "ADVERSEEV"; }) },
  { what: "dataset label longer than 40", rule: "TF-STR02", dataset: "AE", apply: (b) => edit(b, "sdtm", "AE", (_r, m) => { m.label = "Adverse Events reported during the whole of the study"; }) },
  { what: "variable name longer than 8", rule: "TF-STR03", dataset: "AE", apply: (b) => renameVar(b, "sdtm", "AE", "AETERM", "AETERMLONG") },
  { what: "variable label longer than 40", rule: "TF-STR04", dataset: "VS", apply: (b) => setMeta(b, "sdtm", "VS", "VSTEST", { label: "Vital Signs Test Name as Collected on the CRF" }) },
  { what: "character length over 200", rule: "TF-STR05", dataset: "AE", apply: (b) => setMeta(b, "sdtm", "AE", "AETERM", { length: 250 }) },
  { what: "value longer than its variable", rule: "TF-STR06", dataset: "AE", apply: (b) => setMeta(b, "sdtm", "AE", "AETERM", { length: 3 }) },
  { what: "non-ASCII value", rule: "TF-STR07", dataset: "AE", apply: (b) => setCell(b, "sdtm", "AE", any, "AETERM", "Fièvre") },
  { what: "numeric variable stored as text", rule: "TF-STR08", dataset: "DM", apply: (b) => edit(b, "sdtm", "DM", (rows, m) => { Object.assign(m.variables.find((v) => v.name === "AGE")!, { type: "Char", length: 8 }); for (const r of rows) r.AGE = r.AGE === null ? "" : String(r.AGE); }) },
  { what: "required variable missing", rule: "TF-STR09", dataset: "AE", apply: (b) => dropVar(b, "sdtm", "AE", "AEDECOD") },
  { what: "required variable null", rule: "TF-STR10", dataset: "AE", apply: (b) => setCell(b, "sdtm", "AE", any, "AETERM", "") },
  { what: "expected variable missing", rule: "TF-STR11", dataset: "AE", apply: (b) => dropVar(b, "sdtm", "AE", "AESER") },
  { what: "variables out of IG order", rule: "TF-STR12", dataset: "AE", apply: (b) => edit(b, "sdtm", "AE", (_r, m) => { const v = m.variables.shift()!; m.variables.push(v); }) },
  { what: "DOMAIN value of another domain", rule: "TF-STR13", dataset: "AE", apply: (b) => setCell(b, "sdtm", "AE", any, "DOMAIN", "CM") },
  { what: "label differs from the IG", rule: "TF-STR14", dataset: "AE", apply: (b) => setMeta(b, "sdtm", "AE", "AETERM", { label: "Event Text" }) },
  { what: "empty dataset", rule: "TF-STR15", dataset: "IE", apply: (b) => edit(b, "sdtm", "IE", () => []) },
  { what: "numeric USUBJID (checks that need text keep going)", rule: "TF-SYS01", dataset: "CM", apply: (b) => edit(b, "sdtm", "CM", (rows, m) => { Object.assign(m.variables.find((v) => v.name === "USUBJID")!, { type: "Num", length: 8 }); for (const r of rows) r.USUBJID = 1; }) },
  // Terminology
  { what: "value outside a non-extensible codelist", rule: "TF-CT01", dataset: "DM", apply: (b) => setCell(b, "sdtm", "DM", any, "SEX", "X") },
  { what: "unknown term in an extensible codelist, not in define", rule: "TF-CT02", dataset: "VS", apply: (b) => setCell(b, "sdtm", "VS", has("VSSTRESU"), "VSSTRESU", "furlongs") },
  { what: "sponsor extension not listed in define", rule: "TF-CT02", dataset: "SE", apply: (b) => { const out = copy(b); out.defineXml = { ...b.defineXml, sdtm: b.defineXml!.sdtm!.replace(/<(CodeListItem|EnumeratedItem) CodedValue="LYMPHODEPLETION"[^>]*?(\/>|>[\s\S]*?<\/\1>)/g, "") }; if (out.defineXml.sdtm === b.defineXml!.sdtm) throw new Error("test setup: LYMPHODEPLETION not in the define"); return out; } },
  { what: "--TESTCD starting with a digit", rule: "TF-CT03", dataset: "VS", apply: (b) => edit(b, "sdtm", "VS", (rows) => { for (const r of rows) if (r.VSTESTCD === rows[0]!.VSTESTCD) r.VSTESTCD = "1TEMP"; }) },
  { what: "--TEST longer than 40", rule: "TF-CT04", dataset: "VS", apply: (b) => edit(b, "sdtm", "VS", (rows) => { const t = rows[0]!.VSTEST; for (const r of rows) if (r.VSTEST === t) r.VSTEST = `${t} measured in the sitting position at rest`; }) },
  { what: "--TESTCD with two --TEST", rule: "TF-CT05", dataset: "LB", apply: (b) => setCell(b, "sdtm", "LB", any, "LBTEST", "Some Other Test") },
  { what: "ADaM flag not Y/N", rule: "TF-CT06", dataset: "ADSL", apply: (b) => setCell(b, "adam", "ADSL", any, "SAFFL", "X") },
  { what: "SDTM --LOBXFL = N", rule: "TF-CT06", dataset: "VS", apply: (b) => setCell(b, "sdtm", "VS", (r) => r.VSLOBXFL === "Y", "VSLOBXFL", "N") },
  // Dates
  { what: "impossible date", rule: "TF-DT01", dataset: "AE", apply: (b) => setCell(b, "sdtm", "AE", any, "AESTDTC", "2025-02-30") },
  { what: "end before start", rule: "TF-DT02", dataset: "AE", apply: (b) => edit(b, "sdtm", "AE", (rows) => { const r = rows.find((x) => String(x.AEENDTC).length >= 10 && String(x.AESTDTC).length >= 10)!; r.AEENDTC = "2000-01-01"; }) },
  { what: "--DY off by one", rule: "TF-DT03", dataset: "AE", apply: (b) => edit(b, "sdtm", "AE", (rows) => { const r = rows.find((x) => typeof x.AESTDY === "number")!; r.AESTDY = (r.AESTDY as number) + 1; }) },
  { what: "study day 0", rule: "TF-DT04", dataset: "VS", apply: (b) => setCell(b, "sdtm", "VS", (r) => typeof r.VSDY === "number", "VSDY", 0) },
  { what: "date after the data cut-off", rule: "TF-DT05", dataset: "VS", apply: (b) => setCell(b, "sdtm", "VS", has("VSDTC"), "VSDTC", "2027-01-15") },
  { what: "bad ISO 8601 duration", rule: "TF-DT06", dataset: "PC", apply: (b) => setCell(b, "sdtm", "PC", has("PCELTM"), "PCELTM", "2 hours") },
  { what: "ADaM start after end", rule: "TF-DT02", dataset: "ADAE", apply: (b) => edit(b, "adam", "ADAE", (rows) => { const r = rows.find((x) => typeof x.ASTDT === "number" && typeof x.AENDT === "number")!; r.AENDT = (r.ASTDT as number) - 5; }) },
  // Keys and cross-domain
  { what: "duplicate natural key", rule: "TF-KEY01", dataset: "AE", apply: (b) => edit(b, "sdtm", "AE", (rows) => [...rows, { ...rows[0]!, AESEQ: 999 }]) },
  { what: "duplicate --SEQ", rule: "TF-KEY02", dataset: "VS", apply: (b) => edit(b, "sdtm", "VS", (rows) => { rows[1]!.VSSEQ = rows[0]!.VSSEQ!; rows[1]!.USUBJID = rows[0]!.USUBJID!; }) },
  { what: "orphan subject", rule: "TF-KEY03", dataset: "CM", apply: (b) => setCell(b, "sdtm", "CM", any, "USUBJID", "NCT05563545-99-999") },
  { what: "subject visit not in SV", rule: "TF-KEY04", dataset: "VS", apply: (b) => edit(b, "sdtm", "SV", (rows) => { const vs = b.sdtm.get("VS")!; const u = vs.get("USUBJID", 0); const v = vs.get("VISITNUM", 0); return rows.filter((r) => !(r.USUBJID === u && r.VISITNUM === v)); }) },
  { what: "planned visit not in TV", rule: "TF-KEY05", dataset: "SV", apply: (b) => edit(b, "sdtm", "TV", (rows) => { const v = b.sdtm.get("SV")!.get("VISITNUM", 0); return rows.filter((r) => r.VISITNUM !== v); }) },
  { what: "VISITNUM with two VISIT", rule: "TF-KEY06", dataset: "VS", apply: (b) => edit(b, "sdtm", "VS", (rows) => { const r = rows.find((x) => x.VISIT !== rows[0]!.VISIT && typeof x.VISITNUM === "number")!; r.VISIT = rows[0]!.VISIT!; }) },
  { what: "VISIT with two VISITNUM", rule: "TF-KEY11", dataset: "VS", apply: (b) => edit(b, "sdtm", "VS", (rows) => { const r = rows.find((x) => typeof x.VISITNUM === "number")!; r.VISITNUM = 99.5; }) },
  { what: "EPOCH not the SE epoch at that date", rule: "TF-KEY07", dataset: "LB", apply: (b) => edit(b, "sdtm", "LB", (rows) => { const r = rows.find((x) => x.EPOCH !== "" && x.EPOCH !== "SCREENING" && String(x.LBDTC).length >= 10)!; r.EPOCH = "SCREENING"; }) },
  { what: "SUPP-- parent missing", rule: "TF-KEY08", dataset: "SUPPAE", apply: (b) => setCell(b, "sdtm", "SUPPAE", has("IDVAR"), "IDVARVAL", "9999") },
  { what: "RELREC link to no record", rule: "TF-KEY09", dataset: "RELREC", apply: (b) => { const out = copy(b); const ae = b.sdtm.get("AE")!; const meta: DatasetMeta = { name: "RELREC", label: "Related Records", standard: "SDTM", class: "RELATIONSHIP", structure: "One record per related record", keys: ["STUDYID", "RDOMAIN", "USUBJID", "IDVAR", "IDVARVAL", "RELID"], variables: ["STUDYID", "RDOMAIN", "USUBJID", "IDVAR", "IDVARVAL", "RELTYPE", "RELID"].map((name) => ({ name, label: name, type: "Char" as const, length: 40 })) }; const u = String(ae.get("USUBJID", 0)); out.sdtm.set("RELREC", datasetFromRows(meta, [ { STUDYID: String(ae.get("STUDYID", 0)), RDOMAIN: "AE", USUBJID: u, IDVAR: "AESEQ", IDVARVAL: String(ae.get("AESEQ", 0)), RELTYPE: "", RELID: "1" }, { STUDYID: String(ae.get("STUDYID", 0)), RDOMAIN: "CM", USUBJID: u, IDVAR: "CMSEQ", IDVARVAL: "999", RELTYPE: "", RELID: "1" } ])); return out; } },
  { what: "DM arm not in TA", rule: "TF-KEY10", dataset: "DM", apply: (b) => setCell(b, "sdtm", "DM", has("ARMCD"), "ARMCD", "BOGUS") },
  // Trial design and technical rejection criteria
  { what: "TS missing", rule: "TF-TD01", apply: (b) => drop(b, "sdtm", "TS") },
  { what: "TS without SSTDTC", rule: "TF-TD02", dataset: "TS", apply: (b) => edit(b, "sdtm", "TS", (rows) => rows.filter((r) => r.TSPARMCD !== "SSTDTC")) },
  { what: "TS without TPHASE", rule: "TF-TD03", dataset: "TS", apply: (b) => edit(b, "sdtm", "TS", (rows) => rows.filter((r) => r.TSPARMCD !== "TPHASE")) },
  { what: "DM missing", rule: "TF-TD04", apply: (b) => drop(b, "sdtm", "DM") },
  { what: "ADSL missing", rule: "TF-TD05", apply: (b) => drop(b, "adam", "ADSL") },
  // Define-XML
  { what: "no define.xml", rule: "TF-DEF01", apply: (b) => { const out = copy(b); delete out.defineXml; return out; } },
  { what: "define.xml not well-formed", rule: "TF-DEF02", apply: (b) => { const out = copy(b); out.defineXml = { ...b.defineXml, sdtm: b.defineXml!.sdtm!.slice(0, 5000) }; return out; } },
  { what: "dataset in define missing from data", rule: "TF-DEF03", dataset: "CM", apply: (b) => drop(drop(b, "sdtm", "CM"), "sdtm", "SUPPCM") },
  { what: "dataset not in define", rule: "TF-DEF04", dataset: "VT", apply: (b) => edit(b, "sdtm", "VS", (_r, m) => { m.name = "VT"; }) },
  { what: "variable not in define", rule: "TF-DEF05", dataset: "AE", apply: (b) => edit(b, "sdtm", "AE", (rows, m) => { m.variables.push({ name: "AEXTRA", label: "Extra", type: "Char", length: 1 }); for (const r of rows) r.AEXTRA = ""; }) },
  { what: "define variable missing from data", rule: "TF-DEF06", dataset: "AE", apply: (b) => dropVar(b, "sdtm", "AE", "AEENRTPT") },
  { what: "type differs from define", rule: "TF-DEF07", dataset: "ADSL", apply: (b) => edit(b, "adam", "ADSL", (rows, m) => { Object.assign(m.variables.find((v) => v.name === "AGE")!, { type: "Char", length: 8 }); for (const r of rows) r.AGE = r.AGE === null ? "" : String(r.AGE); }) },
  { what: "label differs from define", rule: "TF-DEF08", dataset: "ADSL", apply: (b) => setMeta(b, "adam", "ADSL", "AGE", { label: "Age at Consent" }) },
  { what: "value longer than the define length", rule: "TF-DEF09", dataset: "AE", apply: (b) => edit(b, "sdtm", "AE", (rows, m) => { m.variables.find((v) => v.name === "AETERM")!.length = 200; rows[0]!.AETERM = "X".repeat(190); }) },
  // ADaM
  { what: "ADSL two records for one subject", rule: "TF-AD01", dataset: "ADSL", apply: (b) => edit(b, "adam", "ADSL", (rows) => [...rows, { ...rows[0]! }]) },
  { what: "ADSL subject not in DM", rule: "TF-AD02", dataset: "ADSL", apply: (b) => setCell(b, "adam", "ADSL", any, "USUBJID", "NCT05563545-99-998") },
  { what: "ADaM subject not in ADSL", rule: "TF-AD03", dataset: "ADLB", apply: (b) => setCell(b, "adam", "ADLB", any, "USUBJID", "NCT05563545-99-997") },
  { what: "PARAMCD with two PARAM", rule: "TF-AD04", dataset: "ADLB", apply: (b) => setCell(b, "adam", "ADLB", any, "PARAM", "Something else (unit)") },
  { what: "BASE differs from the ABLFL record", rule: "TF-AD05", dataset: "ADLB", apply: (b) => edit(b, "adam", "ADLB", (rows) => { const r = rows.find(postBaseline)!; r.BASE = (r.BASE as number) + 1; r.CHG = (r.AVAL as number) - (r.BASE as number); }) },
  { what: "two baseline records", rule: "TF-AD06", dataset: "ADLB", apply: (b) => edit(b, "adam", "ADLB", (rows) => { const r = rows.find(postBaseline)!; r.ABLFL = "Y"; }) },
  { what: "CHG wrong", rule: "TF-AD07", dataset: "ADLB", apply: (b) => edit(b, "adam", "ADLB", (rows) => { const r = rows.find(postBaseline)!; r.CHG = (r.CHG as number) + 0.5; }) },
  { what: "PCHG wrong", rule: "TF-AD08", dataset: "ADLB", apply: (b) => edit(b, "adam", "ADLB", (rows) => { const r = rows.find((x) => postBaseline(x) && typeof x.PCHG === "number")!; r.PCHG = (r.PCHG as number) + 10; }) },
  { what: "TRTEMFL=Y before treatment start", rule: "TF-AD09", dataset: "ADAE", apply: (b) => edit(b, "adam", "ADAE", (rows) => { const r = rows.find((x) => x.TRTEMFL === "Y" && typeof x.TRTSDT === "number")!; r.ASTDT = (r.TRTSDT as number) - 3; r.AENDT = null; }) },
  { what: "CNSR = 2", rule: "TF-AD10", dataset: "ADTTE", apply: (b) => setCell(b, "adam", "ADTTE", (r) => r.CNSR !== null, "CNSR", 2) },
  { what: "ADT after the data cut-off", rule: "TF-AD11", dataset: "ADLB", apply: (b) => setCell(b, "adam", "ADLB", (r) => typeof r.ADT === "number", "ADT", sas("2027-03-01")) },
  { what: "ADSL population flag null", rule: "TF-AD12", dataset: "ADSL", apply: (b) => setCell(b, "adam", "ADSL", any, "SAFFL", "") },
];

const countOf = (fs: Finding[], rule: string, dataset?: string) => {
  const s = summarizeFindings(fs.filter((f) => dataset === undefined || f.dataset === dataset));
  return s.byRule.find((r) => r.rule === rule)?.count ?? 0;
};

describe("validate: clean demo build", () => {
  it("reports no errors", () => {
    const errors = cleanFindings.filter((f) => f.severity === "error");
    expect(
      errors.map(
        (f) => `${f.rule} ${f.dataset}.${f.variable ?? ""} ${f.key ?? ""} ${f.value ?? ""}: ${f.message}`,
      ),
    ).toEqual([]);
  });
  it("has at least 40 kinds of mutation, covering every rule in the catalogue", () => {
    expect(MUTATIONS.length).toBeGreaterThanOrEqual(40);
    const covered = new Set(MUTATIONS.map((m) => m.rule));
    expect(RULES.filter((r) => !covered.has(r.id)).map((r) => r.id)).toEqual([]);
  });
});

describe("validate: each injected defect is found by its rule", () => {
  it.each(MUTATIONS.map((m) => [m.rule, m.what, m] as const))("%s: %s", (_rule, _what, m) => {
    const mutated = run(m.apply(clean));
    expect(countOf(mutated, m.rule, m.dataset)).toBeGreaterThan(countOf(cleanFindings, m.rule, m.dataset));
  });
});
