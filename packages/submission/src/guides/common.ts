/** Sections both guides share: the study, the standards, conformance and the rejection criteria. */
import type { GuideBlock, GuideFacts, GuideSection } from "./model.ts";

const fmtBytes = (n: number) =>
  n >= 1024 ** 3
    ? `${(n / 1024 ** 3).toFixed(2)} GB`
    : n >= 1024 ** 2
      ? `${(n / 1024 ** 2).toFixed(1)} MB`
      : `${n} bytes`;

export function protocolSection(f: GuideFacts, withTs: boolean): GuideSection {
  const ts = (code: string) => f.trialSummary.find((r) => r.TSPARMCD === code)?.TSVAL;
  const design: string[][] = [
    ["Protocol number / study id", f.studyId],
    ["Title", f.studyTitle],
    ["Sponsor", f.sponsor],
    ["Phase", f.phase],
    ["Indication", f.indication],
    ["Arms", f.arms.map((a) => `${a.armcd}: ${a.arm}`).join("; ")],
    ["Epochs", f.epochs.join(", ")],
    ["Planned visits", f.visits.join(", ")],
    ["Planned / actual enrolment", `${f.plannedEnrolment} / ${f.actualEnrolment}`],
  ];
  const start = ts("SSTDTC");
  if (start) design.push(["Study start date (TS SSTDTC)", start]);
  const blocks: GuideBlock[] = [
    { kind: "p", text: "From the study specification (study.yaml) and the Trial Summary dataset." },
    { kind: "table", columns: ["Item", "Value"], widths: [150, 0], rows: design },
    {
      kind: "todo",
      text: "Summarise the protocol design in two or three sentences (objectives, blinding, dose escalation rules) and note protocol amendments that affect the data.",
    },
  ];
  const children: GuideSection[] = [];
  if (withTs && f.trialSummary.length > 0)
    children.push({
      title: "Trial Summary parameters (TS)",
      blocks: [
        {
          kind: "table",
          columns: ["TSPARMCD", "TSPARM", "TSVAL"],
          widths: [60, 150, 0],
          rows: f.trialSummary.map((r) => [r.TSPARMCD, r.TSPARM, r.TSVAL]),
        },
      ],
    });
  return { title: "Protocol Description", blocks, children };
}

export function standardsTable(f: GuideFacts): GuideBlock {
  const rows = f.standards.map((s) => [
    s.type === "CT"
      ? `Controlled Terminology${s.publishingSet ? ` (${s.publishingSet})` : ""}`
      : "Implementation Guide",
    s.name,
    s.version,
  ]);
  rows.push(["Define-XML", "CDISC Define-XML", "2.1"]);
  for (const [k, v] of Object.entries(f.ctPackages).sort())
    if (!f.standards.some((s) => s.version === v)) rows.push(["CT package used by the build", k, v]);
  rows.push(["Dictionary", "MedDRA (as coded in the EDC export)", "[TO BE COMPLETED: version]"]);
  return { kind: "table", columns: ["Kind", "Standard", "Version"], widths: [150, 150, 0], rows };
}

export function conformanceSection(f: GuideFacts, standardName: string): GuideSection {
  const blocks: GuideBlock[] = [
    {
      kind: "p",
      text: `Conformance was checked by ${f.tool.name} ${f.tool.version} (tool source fingerprint ${f.tool.sourceHash.slice(0, 12)}) on the ${standardName} datasets and define.xml of this package.`,
    },
  ];
  if (f.findings.length === 0) blocks.push({ kind: "p", text: "The validation reported no findings." });
  else {
    blocks.push({
      kind: "table",
      columns: ["Rule", "Severity", "Count", "Message", "Explanation"],
      widths: [55, 45, 30, 150, 0],
      rows: f.findings.map((x) => [
        x.rule,
        x.severity,
        String(x.count),
        x.message,
        x.explanation ?? "[TO BE COMPLETED: explanation]",
      ]),
    });
    if (f.findings.some((x) => !x.explanation))
      blocks.push({
        kind: "todo",
        text: "Explain each finding that has no recorded explanation, or correct the data.",
      });
  }
  return { title: "Data Conformance Summary", blocks, children: [rejectionSection(f)] };
}

export function rejectionSection(f: GuideFacts): GuideSection {
  const failed = f.rejection.filter((r) => !r.passed);
  const blocks: GuideBlock[] = [
    {
      kind: "table",
      columns: ["Criterion", "Checked", "Result", "Detail"],
      widths: [50, 170, 40, 0],
      rows: f.rejection.map((r) => [r.id, r.title, r.passed ? "pass" : "FAIL", r.detail]),
    },
  ];
  if (failed.length > 0 && f.forced)
    blocks.unshift({
      kind: "todo",
      text: `Packaged with --force although ${failed.length} Technical Rejection Criteria failed (${failed.map((r) => r.id).join(", ")}). The gateway will reject this submission until they are fixed or explained.`,
    });
  return { title: "FDA Technical Rejection Criteria", blocks };
}

export function splitSection(f: GuideFacts): GuideSection {
  const blocks: GuideBlock[] = [
    {
      kind: "p",
      text: `Agency rules applied: ${f.agency.name}, at most ${fmtBytes(f.agency.maxDatasetBytes)} per dataset. ${f.agency.splitNote}`,
    },
  ];
  if (f.splits.length === 0)
    blocks.push({ kind: "p", text: "No dataset exceeded the limit; none was split." });
  else
    blocks.push({
      kind: "table",
      columns: ["Dataset", "Size", "Parts"],
      widths: [60, 70, 0],
      rows: f.splits.map((s) => [s.dataset, fmtBytes(s.bytes), s.parts.join(", ")]),
    });
  return { title: "Split datasets", blocks };
}
