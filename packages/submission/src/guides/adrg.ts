/**
 * The Analysis Data Reviewer's Guide (ADRG) draft, in the sections of the PHUSE ADRG template:
 * 1 Introduction, 2 Protocol Description, 3 Analysis Considerations (population flags), 4 Analysis Data
 * Creation (key derivations), 5 Analysis Dataset Descriptions, 6 Data Conformance Summary, 7 Submission of
 * Programs, with the outputs and the datasets each uses.
 */
import { conformanceSection, protocolSection, splitSection, standardsTable } from "./common.ts";
import type { Guide, GuideFacts, GuideSection } from "./model.ts";

/** Methods shown as key derivations: the ones of subject-level flags and of parameters and analysis values. */
function derivationRows(f: GuideFacts): string[][] {
  return f.methods
    .filter((m) =>
      m.usedBy.some((v) => /\.(\w+FL|PARAMCD|AVAL|AVALC|BASE|CHG|ADT|ADY|CNSR|TRT01[PA]N?)$/.test(v)),
    )
    .map((m) => [
      m.usedBy.slice(0, 6).join(", ") + (m.usedBy.length > 6 ? ` (+${m.usedBy.length - 6})` : ""),
      m.description,
    ]);
}

/** ADaMIG: what a dataset of each class holds, as a first draft of its purpose. */
const CLASS_PURPOSE: Record<string, string> = {
  "SUBJECT LEVEL ANALYSIS DATASET":
    "One record per subject: populations, treatment, baseline characteristics",
  "OCCURRENCE DATA STRUCTURE": "One record per event or intervention, for incidence analyses",
  "BASIC DATA STRUCTURE": "Analysis values by parameter",
};

function purposeOf(d: GuideFacts["datasets"][number]): string {
  const base = Object.entries(CLASS_PURPOSE).find(([k]) => d.className.startsWith(k))?.[1] ?? "";
  if (!d.parameters || d.parameters.length === 0) return base;
  const shown = d.parameters.slice(0, 10).join(", ");
  return `${base}: ${shown}${d.parameters.length > 10 ? ` (+${d.parameters.length - 10} more)` : ""}`;
}

export function buildAdrg(f: GuideFacts): Guide {
  const flags = f.populationFlags ?? [];
  const considerations: GuideSection = {
    title: "Analysis Considerations Related to Multiple Analysis Datasets",
    blocks: [],
    children: [
      {
        title: "Population flags",
        blocks:
          flags.length > 0
            ? [
                {
                  kind: "p",
                  text: "Subject-level flags in ADSL with the number of subjects by value (counted from adsl.xpt of this package).",
                },
                {
                  kind: "table",
                  columns: ["Flag", "Label", "Y", "N", "Missing"],
                  widths: [55, 0, 35, 35, 40],
                  rows: flags.map((p) => [p.variable, p.label, String(p.y), String(p.n), String(p.missing)]),
                },
              ]
            : [{ kind: "p", text: "No ADSL flags were found." }],
      },
      {
        title: "Subject issues",
        blocks: [
          {
            kind: "todo",
            text: "Describe subjects excluded from analyses, unblinding, and other subject-level issues.",
          },
        ],
      },
    ],
  };
  const derivations = derivationRows(f);
  return {
    title: "Analysis Data Reviewer's Guide",
    studyId: f.studyId,
    studyTitle: f.studyTitle,
    sponsor: f.sponsor,
    template: "PHUSE Analysis Data Reviewer's Guide (ADRG) template",
    sections: [
      {
        title: "Introduction",
        blocks: [],
        children: [
          {
            title: "Purpose",
            blocks: [
              {
                kind: "p",
                text: `This guide describes the ADaM datasets of study ${f.studyId} in analysis/adam/datasets, with define.xml and the programs in analysis/adam/programs.`,
              },
            ],
          },
          { title: "Study Data Standards", blocks: [standardsTable(f)] },
          {
            title: "Source Data Used for Analysis Dataset Creation",
            blocks: [
              {
                kind: "p",
                text: "The ADaM datasets were derived from the SDTM datasets of this submission (tabulations/sdtm).",
              },
            ],
          },
        ],
      },
      protocolSection(f, false),
      considerations,
      {
        title: "Analysis Data Creation and Processing Issues",
        blocks: [],
        children: [
          {
            title: "Key derivations",
            blocks:
              derivations.length > 0
                ? [
                    {
                      kind: "p",
                      text: "From the MethodDefs of define.xml (flags, parameters, analysis values, dates and censoring).",
                    },
                    { kind: "table", columns: ["Variables", "Method"], widths: [150, 0], rows: derivations },
                  ]
                : [{ kind: "p", text: "define.xml lists no methods for flags or analysis values." }],
          },
          splitSection(f),
          {
            title: "Data dependencies and imputation",
            blocks: [
              {
                kind: "todo",
                text: "Describe the order the datasets are derived in and any imputation rules the SAP sets.",
              },
            ],
          },
        ],
      },
      {
        title: "Analysis Dataset Descriptions",
        blocks: [
          {
            kind: "table",
            columns: ["Dataset", "Label", "Class", "Structure", "Key variables"],
            widths: [45, 100, 80, 110, 0],
            rows: f.datasets.map((d) => [d.name, d.label, d.className, d.structure, d.keys.join(", ")]),
          },
          {
            kind: "table",
            columns: ["Dataset", "Records", "Content (from the class and the parameters in the data)"],
            widths: [45, 45, 0],
            rows: f.datasets.map((d) => [
              d.name,
              d.records === undefined ? "" : String(d.records),
              purposeOf(d),
            ]),
          },
          {
            kind: "todo",
            text: "Give each dataset's purpose in the analyses (efficacy, safety, PK) and whether it holds baseline or screening records.",
          },
        ],
        children: [
          {
            title: "Analysis outputs and the datasets they use",
            blocks:
              f.tlfs && f.tlfs.length > 0
                ? [
                    {
                      kind: "table",
                      columns: ["Output", "Title", "Population", "Datasets"],
                      widths: [70, 0, 55, 90],
                      rows: f.tlfs.map((t) => [
                        t.number ?? t.id,
                        t.title,
                        t.population,
                        t.datasets.join(", "),
                      ]),
                    },
                  ]
                : [{ kind: "p", text: "No output shells." }],
          },
        ],
      },
      conformanceSection(f, "ADaM"),
      {
        title: "Submission of Programs",
        blocks: [
          {
            kind: "p",
            text: `The analysis datasets and outputs are made by ${f.tool.name} ${f.tool.version} from the study specifications; analysis/adam/programs holds them as text with a README on how to re-run the build.`,
          },
          { kind: "list", items: f.programs ?? [] },
        ],
      },
    ],
  };
}
