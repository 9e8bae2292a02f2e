/**
 * The annotated CRF as a PDF (pdfmake): a cover with the annotation legend, a table of contents and the forms
 * by visit, then one section per raw form starting on a new page. MSG style: a coloured domain box at the top
 * of each form, each field's annotation in a box of its domain's colour beside the field, `[NOT SUBMITTED]`
 * in grey. Bookmarks: Forms (one per form) and Visits (one per visit, holding the forms it collects).
 */
import type { Content, TableCell } from "pdfmake";
import type { AcrfAnnotation, AcrfField, AcrfForm } from "../acrf/annotate.ts";
import { type DocDefinition, renderDocument, stampDate } from "./pdf-doc.ts";

/** MSG's domain colours, in the order domains appear on a form (the first domain is blue). */
const DOMAIN_COLOURS = ["#BFDFFF", "#FFFF96", "#96FF96", "#FFBE9B", "#E1C8FF"] as const;
const GREY = "#666666";
const FONT = 8.5;

export interface AcrfStudy {
  studyId: string;
  title: string;
  sponsor: string;
  visits: string[];
}

export interface AcrfPdf {
  pdf: Buffer;
  /** Physical page numbers of each annotated define.xml item key (`AE.AETERM`, `VS.VSORRES.TEMP`, `SUPPAE.QVAL.AEDLT`). */
  pages: Map<string, number[]>;
  /** First page of each form, by form id. */
  formPages: Map<string, number>;
  pageCount: number;
}

function domainOf(target: string): string {
  const ds = target.split(".")[0] ?? "";
  return ds.startsWith("SUPP") ? ds.slice(4) : ds;
}

function entryText(f: AcrfField): string {
  if (f.values && f.values.length > 0) return f.values.map((v) => `○ ${v}`).join("   ");
  switch (f.type) {
    case "date":
      return "|__|__| |__|__|__| |__|__|__|__|  (DD MON YYYY)";
    case "time":
      return "|__|__| : |__|__|  (HH:MM)";
    case "datetime":
      return "|__|__| |__|__|__| |__|__|__|__|  |__|__| : |__|__|";
    case "integer":
      return "|__|__|__|__|";
    case "float":
      return "|__|__|__| . |__|__|";
    default:
      return "________________________________";
  }
}

function annotationCell(a: AcrfAnnotation, id: string, colours: Map<string, string>): TableCell {
  if (a.kind === "not-submitted")
    return { text: a.text, id, color: GREY, italics: true, fillColor: "#F2F2F2" };
  const d = a.targets[0] ? domainOf(a.targets[0]) : undefined;
  const fill = (d && colours.get(d)) ?? DOMAIN_COLOURS[0];
  return { text: a.text, id, fillColor: fill, italics: a.kind === "condition" || a.kind === "note" };
}

const thin = {
  hLineWidth: () => 0.4,
  vLineWidth: () => 0.4,
  hLineColor: () => "#999999",
  vLineColor: () => "#999999",
  paddingTop: () => 1,
  paddingBottom: () => 1,
};

function coverPage(study: AcrfStudy, forms: AcrfForm[]): Content[] {
  const visitRows: TableCell[][] = study.visits.map((v, i) => [
    { text: v, outline: true, id: `visit-${i}`, outlineParentId: "visits", bold: true },
    {
      text: forms
        .filter((f) => f.visits.includes(v))
        .map((f) => f.label)
        .join(", "),
    },
  ]);
  const legend: TableCell[][] = [
    [
      { text: "AE = Adverse Events", fillColor: DOMAIN_COLOURS[0], bold: true },
      "Domain box: the SDTM domain(s) a form feeds",
    ],
    [{ text: "AETERM", fillColor: DOMAIN_COLOURS[0] }, "The SDTM variable a field is submitted in"],
    [{ text: "AERELLD in SUPPAE", fillColor: DOMAIN_COLOURS[0] }, "A supplemental qualifier: QNAM in SUPP--"],
    [
      { text: "VSORRES when VSTESTCD = TEMP", fillColor: DOMAIN_COLOURS[0] },
      "A result submitted in a findings record of that test",
    ],
    [
      { text: "when AEONGO = Y then AEENRTPT = ONGOING", fillColor: DOMAIN_COLOURS[0], italics: true },
      "A conditional mapping (algorithm condition_add)",
    ],
    [
      { text: "[NOT SUBMITTED]", color: GREY, italics: true, fillColor: "#F2F2F2" },
      "Collected but not submitted in SDTM",
    ],
  ];
  return [
    { text: "Annotated Case Report Form", fontSize: 18, bold: true, margin: [0, 40, 0, 8] },
    { text: `${study.studyId}: ${study.title}`, fontSize: 11, margin: [0, 0, 0, 4] },
    { text: `Sponsor: ${study.sponsor}`, margin: [0, 0, 0, 12] },
    {
      text: "Generated from the study's raw form specifications (fields, labels and pick lists in the form's order) and its SDTM mapping specifications, in the style of the CDISC Metadata Submission Guidelines. Variables with origin Collected in define.xml point to the pages of this document.",
      margin: [0, 0, 0, 10],
    },
    { text: "Legend", bold: true, margin: [0, 0, 0, 4] },
    { table: { widths: [200, "*"], body: legend }, layout: thin, margin: [0, 0, 0, 14] },
    {
      toc: {
        title: { text: "Forms", bold: true, fontSize: 12, outline: true, id: "forms", margin: [0, 0, 0, 4] },
      },
    },
    {
      text: "Forms by visit",
      bold: true,
      fontSize: 12,
      outline: true,
      outlineText: "Visits",
      id: "visits",
      margin: [0, 14, 0, 4],
    },
    { table: { widths: [110, "*"], body: visitRows, dontBreakRows: true }, layout: thin },
  ];
}

function formSection(form: AcrfForm, fi: number, study: AcrfStudy, counter: { n: number }): Content[] {
  const colours = new Map<string, string>();
  form.domains.forEach((d, i) => {
    colours.set(d.domain, DOMAIN_COLOURS[i % DOMAIN_COLOURS.length]!);
  });
  const boxes: TableCell[] =
    form.domains.length > 0
      ? form.domains.map((d) => ({
          text: `${d.domain} = ${d.label}`,
          bold: true,
          fontSize: 10,
          fillColor: colours.get(d.domain),
        }))
      : [{ text: "[NOT SUBMITTED]", bold: true, color: GREY, fillColor: "#F2F2F2" }];
  // The page break sits on an empty node before the title: pdfmake reports no page for a node that breaks.
  const out: Content[] = [
    { text: "", pageBreak: "after" },
    {
      text: `${form.label} (${form.id})`,
      fontSize: 13,
      bold: true,
      tocItem: true,
      outline: true,
      id: `form-${fi}`,
      outlineParentId: "forms",
      margin: [0, 0, 0, 2],
    },
    {
      text:
        form.source === "vendor"
          ? `Vendor data transfer ${form.id} (${form.file}): not an eCRF page; its fields are annotated so their mapping is traceable`
          : `eCRF form ${form.id} · exported as ${form.file}`,
      color: GREY,
      margin: [0, 0, 0, 6],
    },
    {
      table: { widths: boxes.map(() => "auto"), body: [boxes] },
      layout: {
        ...thin,
        paddingTop: () => 3,
        paddingBottom: () => 3,
        paddingLeft: () => 6,
        paddingRight: () => 6,
      },
      margin: [0, 0, 0, 6],
    },
  ];
  if (form.visits.length > 0) {
    const perRow = 5;
    const rows: TableCell[][] = [];
    form.visits.forEach((v, i) => {
      if (i % perRow === 0) rows.push([]);
      const vi = study.visits.indexOf(v);
      rows[rows.length - 1]!.push({
        text: v,
        outline: true,
        id: `form-${fi}-visit-${vi}`,
        outlineParentId: `visit-${vi}`,
        outlineText: form.label,
        fontSize: 7.5,
      });
    });
    for (const r of rows) while (r.length < perRow) r.push({ text: "" });
    out.push({ text: "Collected at:", color: GREY, fontSize: 7.5, margin: [0, 0, 0, 1] });
    out.push({
      table: { widths: Array(perRow).fill("*"), body: rows },
      layout: "noBorders",
      margin: [0, 0, 0, 6],
    });
  } else {
    out.push({
      text: "Collected as events occur (no scheduled visit).",
      color: GREY,
      fontSize: 7.5,
      margin: [0, 0, 0, 6],
    });
  }
  const body: TableCell[][] = [
    [
      { text: "#", bold: true },
      { text: "Question", bold: true },
      { text: "Response", bold: true },
      { text: "SDTM annotation", bold: true },
    ],
  ];
  form.fields.forEach((f, i) => {
    const anns: TableCell[][] = f.annotations.map((a) => [annotationCell(a, `ann-${counter.n++}`, colours)]);
    body.push([
      { text: String(i + 1), color: GREY },
      {
        stack: [
          { text: `${f.label}${f.required ? " *" : ""}`, bold: true },
          { text: f.name, color: GREY, fontSize: 7 },
        ],
      },
      { text: entryText(f), font: "DejaVuMono", fontSize: 7 },
      { table: { widths: ["*"], body: anns }, layout: thin },
    ]);
  });
  out.push({
    table: { headerRows: 1, widths: [14, 150, 150, "*"], body, dontBreakRows: true },
    layout: {
      hLineWidth: () => 0.5,
      vLineWidth: () => 0,
      hLineColor: () => "#BBBBBB",
      paddingTop: () => 3,
      paddingBottom: () => 3,
    },
  });
  out.push({ text: "* required field", color: GREY, fontSize: 7, margin: [0, 4, 0, 0] });
  if (form.constants.length > 0) {
    const perRow = 3;
    const rows: TableCell[][] = [];
    form.constants.forEach((a, i) => {
      if (i % perRow === 0) rows.push([]);
      rows[rows.length - 1]!.push(annotationCell(a, `ann-${counter.n++}`, colours));
    });
    for (const r of rows) while (r.length < perRow) r.push({ text: "" });
    out.push({
      text: "Values the form implies (pre-printed units, the test each row asks for, categories):",
      color: GREY,
      margin: [0, 8, 0, 2],
      unbreakable: true,
    });
    out.push({
      table: { widths: Array(perRow).fill("*"), body: rows, dontBreakRows: true },
      layout: thin,
      fontSize: 7.5,
    });
  }
  return out;
}

/** The aCRF PDF and the pages each annotated item landed on. `stamp`: the build timestamp (ISO 8601). */
export async function renderAcrfPdf(forms: AcrfForm[], study: AcrfStudy, stamp: string): Promise<AcrfPdf> {
  const counter = { n: 0 };
  const annotationIds: { id: string; a: AcrfAnnotation }[] = [];
  const content: Content[] = [...coverPage(study, forms)];
  forms.forEach((f, fi) => {
    const start = counter.n;
    content.push(...formSection(f, fi, study, counter));
    let k = start;
    for (const fld of f.fields) for (const a of fld.annotations) annotationIds.push({ id: `ann-${k++}`, a });
    for (const a of f.constants) annotationIds.push({ id: `ann-${k++}`, a });
  });
  const date = stampDate(stamp);
  const def: DocDefinition = {
    pageSize: "LETTER",
    pageMargins: [40, 44, 40, 40],
    info: {
      title: `${study.studyId} Annotated CRF`,
      subject: "Annotated case report form (SDTM)",
      creator: "trialforge",
      producer: "trialforge (pdfmake)",
      creationDate: date,
      modDate: date,
    },
    defaultStyle: { font: "DejaVuSans", fontSize: FONT, lineHeight: 1.1 },
    header: (page: number, pages: number) => ({
      margin: [40, 18, 40, 0],
      columns: [
        { text: `${study.studyId} · Annotated CRF`, color: GREY, fontSize: 7.5 },
        { text: `Page ${page} of ${pages}`, alignment: "right", color: GREY, fontSize: 7.5 },
      ],
    }),
    footer: () => ({
      margin: [40, 10, 40, 0],
      text: "Generated by trialforge from the raw form and SDTM mapping specifications",
      color: GREY,
      fontSize: 7,
    }),
    content,
  };
  const { pdf, nodePages } = await renderDocument(def);
  const pages = new Map<string, number[]>();
  for (const { id, a } of annotationIds) {
    const on = nodePages.get(id) ?? [];
    for (const t of a.targets) {
      const list = pages.get(t) ?? [];
      for (const p of on) if (!list.includes(p)) list.push(p);
      pages.set(t, list);
    }
  }
  for (const list of pages.values()) list.sort((x, y) => x - y);
  const formPages = new Map<string, number>();
  forms.forEach((f, fi) => {
    const p = nodePages.get(`form-${fi}`)?.[0];
    if (p !== undefined) formPages.set(f.id, p);
  });
  const pageCount = Math.max(0, ...[...nodePages.values()].flat());
  return { pdf, pages, formPages, pageCount };
}
