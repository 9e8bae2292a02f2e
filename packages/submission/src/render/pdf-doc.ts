/**
 * pdfmake set-up shared by the aCRF and the reviewer's guides: DejaVu fonts from disk only, no network, and
 * fixed PDF dates (the build stamp, never the clock), so the same build gives the same bytes. `renderDocument`
 * also reports the pages every node with an `id` landed on, which is how define.xml learns the aCRF pages.
 */
import { allFontFiles, fontFiles } from "@trialforge/tlf";

import pdfmake from "pdfmake";

/** A pdfmake document definition. */
export type DocDefinition = Parameters<typeof pdfmake.createPdf>[0];

let configured = false;
function configure(): void {
  if (configured) return;
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((p: string) => allFontFiles.has(p));
  pdfmake.addFonts({
    DejaVuSans: {
      normal: fontFiles.sans,
      bold: fontFiles.sansBold,
      italics: fontFiles.sansOblique,
      bolditalics: fontFiles.sansBoldOblique,
    },
    DejaVuMono: {
      normal: fontFiles.mono,
      bold: fontFiles.monoBold,
      italics: fontFiles.monoOblique,
      bolditalics: fontFiles.monoBoldOblique,
    },
  });
  configured = true;
}

/** The build stamp as a Date for the PDF info dictionary. */
export function stampDate(stamp: string): Date {
  const d = new Date(stamp);
  if (Number.isNaN(d.getTime())) throw new Error(`stamp is not an ISO 8601 date-time: "${stamp}"`);
  return d;
}

export interface RenderedDocument {
  pdf: Buffer;
  /** Page numbers (1-based, physical) of every content node that has an `id`. */
  nodePages: Map<string, number[]>;
}

/** Renders a document definition; the page-break hook only observes (it never adds a break). */
export async function renderDocument(def: DocDefinition): Promise<RenderedDocument> {
  configure();
  const nodePages = new Map<string, number[]>();
  const doc = pdfmake.createPdf({
    ...def,
    pageBreakBefore: (node: { id?: string; pageNumbers?: number[] }) => {
      if (node.id && node.pageNumbers) nodePages.set(node.id, [...node.pageNumbers]);
      return false;
    },
  } as DocDefinition);
  const pdf = await doc.getBuffer();
  return { pdf, nodePages };
}
