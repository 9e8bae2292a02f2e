import { describe, expect, it } from "vitest";
import { buildAdrg } from "./adrg.ts";
import { buildCsdrg } from "./csdrg.ts";
import type { Guide, GuideFacts, GuideSection } from "./model.ts";

const facts: GuideFacts = {
  studyId: "TEST01",
  studyTitle: "A test study",
  sponsor: "Test sponsor",
  phase: "PHASE I",
  indication: "ALL",
  arms: [{ armcd: "DL1", arm: "Dose level 1" }],
  epochs: ["SCREENING", "TREATMENT"],
  visits: ["SCREENING", "DAY 1"],
  plannedEnrolment: 12,
  actualEnrolment: 10,
  trialSummary: [{ TSPARMCD: "SSTDTC", TSPARM: "Study Start Date", TSVAL: "2023-01-09" }],
  tool: { name: "trialforge", version: "0.1.0", sourceHash: "abcdef0123456789" },
  ctPackages: { sdtm: "2025-03-28" },
  standards: [{ name: "SDTMIG", type: "IG", version: "3.4" }],
  datasets: [
    {
      name: "ADLB",
      label: "Laboratory Analysis Dataset",
      className: "BASIC DATA STRUCTURE",
      structure: "One record per subject per parameter per visit",
      keys: ["USUBJID", "PARAMCD", "AVISITN"],
      records: 30,
      parameters: ["ALT", "AST"],
    },
    {
      name: "TS",
      label: "Trial Summary",
      className: "TRIAL DESIGN",
      structure: "",
      keys: ["STUDYID", "TSPARMCD"],
    },
    {
      name: "DM",
      label: "Demographics",
      className: "SPECIAL PURPOSE",
      structure: "",
      keys: ["STUDYID", "USUBJID"],
      records: 10,
    },
  ],
  methods: [{ name: "Algorithm to derive SAFFL", description: "Y when dosed", usedBy: ["ADSL.SAFFL"] }],
  findings: [
    {
      rule: "SD0002",
      severity: "error",
      count: 3,
      message: "NULL value in required variable",
      explanation: "Known data issue",
    },
    { rule: "SD1001", severity: "warning", count: 1, message: "Something else" },
  ],
  rejection: [
    { id: "1734", title: "TS with SSTDTC", passed: false, detail: "ts.xpt has no SSTDTC record" },
    { id: "1736", title: "DM present", passed: true, detail: "dm.xpt present" },
  ],
  forced: true,
  agency: { name: "FDA", splitNote: "split note", maxDatasetBytes: 5 * 1024 ** 3 },
  splits: [{ dataset: "LB", bytes: 6 * 1024 ** 3, parts: ["split/lb1.xpt", "split/lb2.xpt"] }],
  acrf: { pages: 20, forms: 17, formsWithoutDomain: [] },
  populationFlags: [{ variable: "SAFFL", label: "Safety Population Flag", y: 9, n: 1, missing: 0 }],
  tlfs: [
    { id: "t-dm", number: "Table 14.1.1", title: "Demographics", population: "SAFFL", datasets: ["ADSL"] },
  ],
  programs: ["readme.txt", "study.txt"],
  sources: [{ form: "DM", label: "Demographics", file: "edc/dm.csv" }],
};

const titles = (g: Guide) => g.sections.map((s) => s.title);
const text = (s: GuideSection): string =>
  [
    s.title,
    ...s.blocks.map((b) =>
      b.kind === "table" ? b.rows.flat().join(" ") : b.kind === "list" ? b.items.join(" ") : b.text,
    ),
    ...(s.children ?? []).map(text),
  ].join("\n");
const all = (g: Guide) => g.sections.map(text).join("\n");

describe("buildCsdrg", () => {
  const g = buildCsdrg(facts);
  it("follows the PHUSE cSDRG sections", () => {
    expect(titles(g)).toEqual([
      "Introduction",
      "Protocol Description",
      "Subject Data Description",
      "Data Conformance Summary",
      "Submission Data Packaging",
    ]);
  });
  it("fills in the study, TS, datasets with class and keys, and findings with their explanations", () => {
    const t = all(g);
    expect(t).toContain("Study start date (TS SSTDTC) 2023-01-09");
    expect(t).toContain("DM Demographics SPECIAL PURPOSE STUDYID, USUBJID 10");
    expect(t).toContain("SD0002 error 3 NULL value in required variable Known data issue");
    expect(t).toContain("SD1001 warning 1 Something else [TO BE COMPLETED: explanation]");
    expect(t).toContain("split/lb1.xpt, split/lb2.xpt");
  });
  it("says visibly what a person must write, and lists forced rejection failures", () => {
    const todos = g.sections.flatMap(function walk(s): string[] {
      return [
        ...s.blocks.filter((b) => b.kind === "todo").map((b) => (b as { text: string }).text),
        ...(s.children ?? []).flatMap(walk),
      ];
    });
    expect(todos.length).toBeGreaterThanOrEqual(3);
    expect(todos.some((t) => /--force.*1734/.test(t))).toBe(true);
    expect(all(g)).toContain("1734 TS with SSTDTC FAIL ts.xpt has no SSTDTC record");
  });
});

describe("buildAdrg", () => {
  const g = buildAdrg(facts);
  it("follows the PHUSE ADRG sections", () => {
    expect(titles(g)).toEqual([
      "Introduction",
      "Protocol Description",
      "Analysis Considerations Related to Multiple Analysis Datasets",
      "Analysis Data Creation and Processing Issues",
      "Analysis Dataset Descriptions",
      "Data Conformance Summary",
      "Submission of Programs",
    ]);
  });
  it("has the population flags with counts, key derivations, the outputs with their datasets and the programs", () => {
    const t = all(g);
    expect(t).toContain("SAFFL Safety Population Flag 9 1 0");
    expect(t).toContain("ADSL.SAFFL Y when dosed");
    expect(t).toContain("Table 14.1.1 Demographics SAFFL ADSL");
    expect(t).toContain("readme.txt study.txt");
    expect(t).toContain("ADLB 30 Analysis values by parameter: ALT, AST");
  });
});
