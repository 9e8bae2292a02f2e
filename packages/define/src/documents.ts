/**
 * Documents added to a define.xml after the build: the annotated CRF (def:AnnotatedCRF, and on every
 * Collected origin a def:DocumentRef with the def:PDFPageRef pages that show the variable) and supplemental
 * documents such as the reviewer's guides (def:SupplementalDoc), each with its def:leaf. `trialforge package`
 * renders the aCRF after the build, so it learns the page numbers only then; this edits the text that
 * `writeDefineXml` wrote (its element order and indentation), keeping the Define-XML 2.1 schema order:
 * Standards, AnnotatedCRF, SupplementalDoc, …, CommentDef, leaf, arm:AnalysisResultDisplays.
 */
import type { DefineDocument } from "./input.ts";

export interface AttachDocumentsInput {
  annotatedCrf?: DefineDocument & {
    /** Physical aCRF pages of an ItemDef (by OID); none: the origin refers to the document as a whole. */
    pagesOf: (itemOid: string) => readonly number[] | undefined;
  };
  supplemental?: DefineDocument[];
}

export interface AttachDocumentsResult {
  xml: string;
  /** Collected ItemDefs given page references, and those left with a reference to the whole document. */
  collectedWithPages: number;
  collectedWithoutPages: string[];
}

const escapeAttr = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;").replace(/>/g, "&gt;");
const escapeText = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

const ACRF_ID = "LF.acrf";
const docId = (i: number) => `LF.doc${i + 1}`;

function leafXml(id: string, d: DefineDocument): string {
  return [
    `      <def:leaf ID="${id}" xlink:href="${escapeAttr(d.href)}">`,
    `        <def:title>${escapeText(d.title)}</def:title>`,
    "      </def:leaf>",
  ].join("\n");
}

function documentRef(pages: readonly number[] | undefined): string {
  if (!pages || pages.length === 0) return `          <def:DocumentRef leafID="${ACRF_ID}"/>`;
  return [
    `          <def:DocumentRef leafID="${ACRF_ID}">`,
    `            <def:PDFPageRef PageRefs="${pages.join(" ")}" Type="PhysicalRef"/>`,
    "          </def:DocumentRef>",
  ].join("\n");
}

/** A define.xml written by `writeDefineXml` with the study's documents referenced (replacing earlier ones). */
export function attachDocuments(xml: string, docs: AttachDocumentsInput): AttachDocumentsResult {
  if (!xml.includes("</def:Standards>"))
    throw new Error("not a define.xml written by trialforge: no def:Standards");
  // Drop document references an earlier run (or the build) wrote, so attaching twice gives the same text.
  let out = xml
    .replace(/\n *<def:AnnotatedCRF>[\s\S]*?<\/def:AnnotatedCRF>/, "")
    .replace(/\n *<def:SupplementalDoc>[\s\S]*?<\/def:SupplementalDoc>/, "")
    .replace(/\n *<def:leaf ID="LF\.(acrf|doc\d+)"[\s\S]*?<\/def:leaf>/g, "")
    .replace(/\n *<def:DocumentRef leafID="LF\.acrf"(\/>|>[\s\S]*?<\/def:DocumentRef>)/g, "");

  const head: string[] = [];
  if (docs.annotatedCrf)
    head.push(
      "      <def:AnnotatedCRF>",
      `        <def:DocumentRef leafID="${ACRF_ID}"/>`,
      "      </def:AnnotatedCRF>",
    );
  if (docs.supplemental && docs.supplemental.length > 0) {
    head.push("      <def:SupplementalDoc>");
    docs.supplemental.forEach((_, i) => {
      head.push(`        <def:DocumentRef leafID="${docId(i)}"/>`);
    });
    head.push("      </def:SupplementalDoc>");
  }
  if (head.length > 0) out = out.replace("</def:Standards>", `</def:Standards>\n${head.join("\n")}`);

  let collectedWithPages = 0;
  const collectedWithoutPages: string[] = [];
  const acrf = docs.annotatedCrf;
  if (acrf) {
    out = out.replace(/<ItemDef OID="([^"]+)"[^>]*>[\s\S]*?<\/ItemDef>/g, (block, oid: string) => {
      const m = /<def:Origin Type="Collected"[^>]*?(\/>|>[\s\S]*?<\/def:Origin>)/.exec(block);
      if (!m) return block;
      const pages = acrf.pagesOf(oid);
      if (pages && pages.length > 0) collectedWithPages++;
      else collectedWithoutPages.push(oid);
      const origin = m[0];
      const ref = documentRef(pages);
      const withRef = origin.endsWith("/>")
        ? `${origin.slice(0, -2)}>\n${ref}\n        </def:Origin>`
        : origin.replace(/\n *<\/def:Origin>$/, `\n${ref}\n        </def:Origin>`);
      return block.replace(origin, withRef);
    });
  }

  const leaves: string[] = [];
  if (acrf) leaves.push(leafXml(ACRF_ID, acrf));
  docs.supplemental?.forEach((d, i) => {
    leaves.push(leafXml(docId(i), d));
  });
  if (leaves.length > 0) {
    const anchor = out.includes("<arm:AnalysisResultDisplays>")
      ? /\n *<arm:AnalysisResultDisplays>/
      : /\n *<\/MetaDataVersion>/;
    out = out.replace(anchor, (m) => `\n${leaves.join("\n")}${m}`);
  }
  return { xml: out, collectedWithPages, collectedWithoutPages };
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/**
 * The same documents in a define.html that `renderDefineHtml` wrote: a Documents section after Standards,
 * and beside each Collected origin links to the aCRF pages (`acrf.pdf#page=N`). Idempotent.
 */
export function attachDocumentsHtml(html: string, docs: AttachDocumentsInput): string {
  let out = html
    .replace(/<section id="documents">[\s\S]*?<\/section>/, "")
    .replace(/ <span class="acrf-pages">[\s\S]*?<\/span>/g, "");
  const items: string[] = [];
  if (docs.annotatedCrf)
    items.push(
      `<li id="${ACRF_ID}">Annotated CRF: <a href="${escapeHtml(docs.annotatedCrf.href)}">${escapeHtml(docs.annotatedCrf.title)}</a></li>`,
    );
  docs.supplemental?.forEach((d, i) => {
    items.push(
      `<li id="${docId(i)}">Supplemental document: <a href="${escapeHtml(d.href)}">${escapeHtml(d.title)}</a></li>`,
    );
  });
  if (items.length > 0) {
    const section = `<section id="documents"><h2>Documents</h2><ul>${items.join("")}</ul></section>`;
    out = out.replace(/(<section id="standards">[\s\S]*?<\/section>)/, (m) => `${m}${section}`);
  }
  const acrf = docs.annotatedCrf;
  if (acrf) {
    const href = escapeHtml(acrf.href);
    out = out.replace(/<tr id="(IT\.[^"]+)">([\s\S]*?)<\/tr>/g, (row, oid: string, cells: string) => {
      const pages = acrf.pagesOf(oid);
      if (!pages || pages.length === 0) return row;
      const links = pages.map((p) => `<a href="${href}#page=${p}">${p}</a>`).join(", ");
      const withLinks = cells.replace(
        /<td>Collected( \([A-Za-z]+\))?/,
        (m) => `${m} <span class="acrf-pages">aCRF p. ${links}</span>`,
      );
      return `<tr id="${oid}">${withLinks}</tr>`;
    });
  }
  return out;
}
