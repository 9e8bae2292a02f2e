/** Test helpers: external tools (pdftotext, LibreOffice) and a tiny RTF table reader. */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const hasTool = (cmd: string, arg = "--version"): boolean => {
  const r = spawnSync(cmd, [arg], { stdio: "ignore" });
  return r.error === undefined;
};
export const hasPdftotext = hasTool("pdftotext", "-v");
export const hasLibreoffice = hasTool("libreoffice");

export function tmp(): string {
  return mkdtempSync(join(tmpdir(), "tlf-test-"));
}

/** Text of each page of a PDF (pdftotext -layout). */
export function pdfPages(pdf: Buffer | string): string[] {
  let path = pdf as string;
  if (typeof pdf !== "string") {
    path = join(tmp(), "in.pdf");
    writeFileSync(path, pdf);
  }
  const text = execFileSync("pdftotext", ["-layout", path, "-"], { encoding: "utf8", maxBuffer: 1 << 28 });
  const pages = text.split("\f");
  if (pages[pages.length - 1]!.trim() === "") pages.pop();
  return pages;
}

/** Converts an RTF file to PDF with LibreOffice headless; returns the PDF path. */
export function rtfToPdf(rtf: string): string {
  const dir = tmp();
  const src = join(dir, "doc.rtf");
  writeFileSync(src, rtf, "latin1");
  execFileSync(
    "libreoffice",
    [
      "--headless",
      `-env:UserInstallation=file://${dir}/profile`,
      "--convert-to",
      "pdf",
      "--outdir",
      dir,
      src,
    ],
    { stdio: "ignore", timeout: 120_000 },
  );
  const out = join(dir, "doc.pdf");
  readFileSync(out);
  return out;
}

/** Decodes RTF text runs: drops control words and braces, turns \uN? into the character. */
function rtfText(s: string): string {
  return s
    .replace(/\\u(-?\d+)\?/g, (_, n) => String.fromCharCode((Number(n) + 65536) % 65536))
    .replace(/\\line ?/g, "\n")
    .replace(/\\([{}\\])/g, "\ue000$1")
    .replace(/\\[a-z]+-?\d* ?/g, "")
    .replace(/[{}]/g, "")
    .replace(/\ue000(.)/g, "$1")
    .trim();
}

/** Body rows (not \trhdr) of the RTF tables, each as its list of cell texts. */
export function rtfBodyRows(rtf: string): string[][] {
  const rows: string[][] = [];
  for (const seg of rtf.split("\\row\n")) {
    const start = seg.indexOf("\\trowd");
    if (start < 0) continue;
    const def = seg.slice(start, seg.indexOf("\n", start));
    if (def.includes("\\trhdr")) continue;
    const body = seg.slice(seg.indexOf("\n", start) + 1);
    rows.push(body.split("\\cell\n").slice(0, -1).map(rtfText));
  }
  return rows;
}

/** Numbers (as written) in a text. */
export const numbers = (s: string): string[] => s.match(/-?\d+(?:\.\d+)?/g) ?? [];
