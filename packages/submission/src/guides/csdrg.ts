/**
 * The clinical Study Data Reviewer's Guide (cSDRG) draft, in the sections of the PHUSE cSDRG template:
 * 1 Introduction, 2 Protocol Description, 3 Subject Data Description, 4 Data Conformance Summary,
 * 5 Submission Data Packaging. What the specs and the build know is filled in; the rest says who must write it.
 */
import { conformanceSection, protocolSection, splitSection, standardsTable } from "./common.ts";
import type { Guide, GuideFacts } from "./model.ts";

export function buildCsdrg(f: GuideFacts): Guide {
  const subject = f.datasets.filter((d) => d.className !== "TRIAL DESIGN");
  const design = f.datasets.filter((d) => d.className === "TRIAL DESIGN");
  const datasetRows = (list: GuideFacts["datasets"]) =>
    list.map((d) => [
      d.name,
      d.label,
      d.className,
      d.keys.join(", "),
      d.records === undefined ? "" : String(d.records),
    ]);
  return {
    title: "Clinical Study Data Reviewer's Guide",
    studyId: f.studyId,
    studyTitle: f.studyTitle,
    sponsor: f.sponsor,
    template: "PHUSE Clinical Study Data Reviewer's Guide (cSDRG) template",
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
                text: `This guide describes the SDTM datasets of study ${f.studyId} submitted in tabulations/sdtm, with define.xml and the annotated CRF (acrf.pdf).`,
              },
            ],
          },
          { title: "Study Data Standards and Dictionary Inventory", blocks: [standardsTable(f)] },
          {
            title: "Source Data Used for Dataset Creation",
            blocks:
              f.sources.length > 0
                ? [
                    {
                      kind: "p",
                      text: `The SDTM datasets were created by ${f.tool.name} ${f.tool.version} from the raw exports below, mapped by the study's SDTM mapping specifications (analysis/adam/programs holds them).`,
                    },
                    {
                      kind: "table",
                      columns: ["Form", "Label", "Export file"],
                      widths: [80, 200, 0],
                      rows: f.sources.map((s) => [s.form, s.label, s.file]),
                    },
                  ]
                : [
                    {
                      kind: "p",
                      text: "The SDTM datasets were delivered as SDTM (no raw exports were mapped by this build).",
                    },
                  ],
          },
        ],
      },
      protocolSection(f, true),
      {
        title: "Subject Data Description",
        blocks: [],
        children: [
          {
            title: "Overview",
            blocks: [
              {
                kind: "p",
                text: `${subject.length} subject-level and ${design.length} trial design datasets are submitted.`,
              },
              {
                kind: "todo",
                text: "Describe anything a reviewer needs to know about the subject data: collection practices, protocol deviations, data from unscheduled visits, screen failures.",
              },
            ],
          },
          {
            title: "Annotated CRF",
            blocks: f.acrf
              ? [
                  {
                    kind: "p",
                    text: `acrf.pdf (${f.acrf.pages} pages) annotates ${f.acrf.forms} raw forms with the SDTM variables they are submitted in, in the CDISC Metadata Submission Guidelines style. It is generated from the raw form and mapping specifications, so it shows each form's fields, labels and pick lists, not the EDC screen layout. Bookmarks are by form and by visit.`,
                  },
                  ...(f.acrf.formsWithoutDomain.length > 0
                    ? [
                        {
                          kind: "p" as const,
                          text: `Forms not submitted in SDTM: ${f.acrf.formsWithoutDomain.join(", ")}.`,
                        },
                      ]
                    : []),
                ]
              : [{ kind: "p", text: "No annotated CRF: the study has no raw form specifications." }],
          },
          {
            title: "SDTM Subject Domains",
            blocks: [
              {
                kind: "table",
                columns: ["Dataset", "Label", "Class", "Key variables", "Records"],
                widths: [45, 120, 70, 0, 40],
                rows: datasetRows(subject),
              },
              {
                kind: "todo",
                text: "For each domain, add domain-specific information a reviewer needs (sponsor-defined domains, use of SUPP-- qualifiers, --CAT values, dictionary coding).",
              },
            ],
          },
          {
            title: "Trial Design Datasets",
            blocks: [
              {
                kind: "table",
                columns: ["Dataset", "Label", "Class", "Key variables", "Records"],
                widths: [45, 120, 70, 0, 40],
                rows: datasetRows(design),
              },
            ],
          },
        ],
      },
      conformanceSection(f, "SDTM"),
      {
        title: "Submission Data Packaging",
        blocks: [],
        children: [splitSection(f)],
      },
    ],
  };
}
