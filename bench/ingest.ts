/**
 * Ingest throughput: generates a lab-like CSV (default 1,000,000 rows x 13 columns, quoted commas,
 * some embedded newlines, a few bad rows) and the same records as ODM 1.3.2 (default 200,000
 * ItemGroupData), reads each in a child process with @trialforge/ingest and prints rows/s and the
 * reader's peak RSS. Never asserts.
 *
 * Also an XLSX sheet (default 100,000 rows) of the same records, written with exceljs' streaming writer.
 *
 *   pnpm exec tsx bench/ingest.ts [csvRows] [odmRecords] [xlsxRows]
 */
import { execFileSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Diagnostics } from "@trialforge/core";
import { type Rejection, readCsvForm, readOdmForms, readXlsxForm } from "@trialforge/ingest";
import { RawForm } from "@trialforge/spec";

// exceljs is a dependency of @trialforge/ingest, not of the bench package: resolve it from there
// (typed here by the few calls the bench makes).
interface SheetWriter {
  addRow(values: unknown[]): { commit(): void };
  commit(): void;
}
const ExcelJS = createRequire(fileURLToPath(import.meta.resolve("@trialforge/ingest")))("exceljs") as {
  stream: {
    xlsx: {
      WorkbookWriter: new (o: {
        filename: string;
        useSharedStrings: boolean;
        useStyles: boolean;
      }) => {
        addWorksheet(name: string): SheetWriter;
        commit(): Promise<void>;
      };
    };
  };
};
const csvRows = Number(process.argv[2] ?? 1_000_000);
const odmRecords = Number(process.argv[3] ?? 200_000);
const xlsxRows = Number(process.argv[4] ?? 100_000);

const LB = RawForm.parse({
  id: "LB",
  label: "Central Laboratory",
  source: "edc",
  file: "vendor/lab.csv",
  format: "csv",
  keys: ["SUBJID", "LBREFID"],
  fields: [
    { name: "STUDYID", label: "Study", type: "text", required: true },
    { name: "SUBJID", label: "Subject", type: "text", required: true },
    { name: "LBREFID", label: "Specimen ID", type: "integer", required: true },
    { name: "VISIT", label: "Visit", type: "text" },
    { name: "LBDAT", label: "Collection Date", type: "date", required: true },
    { name: "LBTIM", label: "Collection Time", type: "time" },
    { name: "LBTESTCD", label: "Test Code", type: "text", required: true },
    { name: "LBTEST", label: "Test", type: "text", maxLength: 40 },
    { name: "LBORRES", label: "Result", type: "float" },
    { name: "LBORRESU", label: "Unit", type: "text", values: ["g/L", "10^9/L", "mmol/L", "U/L"] },
    { name: "LBORNRLO", label: "Low", type: "float" },
    { name: "LBORNRHI", label: "High", type: "float" },
    { name: "LBCOMM", label: "Comment", type: "text" },
  ],
});
const UNITS = ["g/L", "10^9/L", "mmol/L", "U/L"];

function record(i: number): string[] {
  const day = 1 + (i % 28);
  return [
    "NCT05563545",
    `${100 + (i % 400)}`,
    String(i),
    `Day ${i % 30}`,
    `2024-03-${String(day).padStart(2, "0")}`,
    `08:${String(i % 60).padStart(2, "0")}`,
    `T${i % 40}`,
    `Test, number ${i % 40}`,
    i % 10_007 === 0 ? "n/a" : ((i * 0.37) % 100).toFixed(2),
    UNITS[i % 4]!,
    "1.5",
    "9.5",
    i % 50 === 0 ? "comment\nwith newline" : "",
  ];
}

async function writeLines(path: string, lines: (write: (s: string) => void) => void): Promise<void> {
  const fd = openSync(path, "w");
  let buf = "";
  lines((s) => {
    buf += s;
    if (buf.length > 1 << 20) {
      writeSync(fd, buf);
      buf = "";
    }
  });
  writeSync(fd, buf);
  closeSync(fd);
}

const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const xmlAttr = (v: string) =>
  v.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;").replace(/\n/g, "&#10;");

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(0)} MB`;
}

/** Child process: reads one file and prints its figures as JSON (so peak RSS is the reader's own). */
async function child(kind: string, path: string): Promise<void> {
  const rejections: Rejection[] = [];
  const ctx = { file: kind, rejections, diagnostics: new Diagnostics() };
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const t =
    kind === "csv"
      ? await readCsvForm(path, LB, ctx)
      : kind === "xlsx"
        ? await readXlsxForm(path, LB, ctx)
        : (await readOdmForms(path, [LB], ctx)).get("LB")!;
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  console.log(
    JSON.stringify({
      read: t.read,
      accepted: t.accepted,
      rejected: t.rejected,
      seconds,
      cpuSeconds,
      peakRss: process.resourceUsage().maxRSS * 1024,
      rejections: rejections.length,
    }),
  );
}

if (process.argv[2] === "--child") {
  await child(process.argv[3]!, process.argv[4]!);
} else {
  const dir = mkdtempSync(join(tmpdir(), "bench-ingest-"));
  try {
    const csvPath = join(dir, "lab.csv");
    await writeLines(csvPath, (w) => {
      w(`${LB.fields.map((f) => f.name).join(",")}\n`);
      for (let i = 0; i < csvRows; i++) w(`${record(i).map(csvCell).join(",")}\n`);
    });
    const odmPath = join(dir, "odm.xml");
    await writeLines(odmPath, (w) => {
      w(
        '<?xml version="1.0" encoding="UTF-8"?>\n<ODM xmlns="http://www.cdisc.org/ns/odm/v1.3" ODMVersion="1.3.2" FileType="Snapshot" FileOID="B" CreationDateTime="2024-01-01T00:00:00">\n',
      );
      w('<ClinicalData StudyOID="NCT05563545" MetaDataVersionOID="MDV.1">\n');
      for (let i = 0; i < odmRecords; i++) {
        const r = record(i);
        w(
          `<SubjectData SubjectKey="${r[1]}"><StudyEventData StudyEventOID="SE.LB"><FormData FormOID="F.LB"><ItemGroupData ItemGroupOID="IG.LB" ItemGroupRepeatKey="1">`,
        );
        LB.fields.forEach((f, k) => {
          if (f.name !== "SUBJID" && r[k] !== "")
            w(`<ItemData ItemOID="IT.LB.${f.name}" Value="${xmlAttr(r[k]!)}"/>`);
        });
        w("</ItemGroupData></FormData></StudyEventData></SubjectData>\n");
      }
      w("</ClinicalData>\n</ODM>\n");
    });
    const xlsxPath = join(dir, "lab.xlsx");
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
      filename: xlsxPath,
      useSharedStrings: false,
      useStyles: false,
    });
    const ws = wb.addWorksheet("Results");
    ws.addRow(LB.fields.map((f) => f.name)).commit();
    for (let i = 0; i < xlsxRows; i++) {
      const r: (string | number)[] = record(i);
      r[8] = Number.isNaN(Number(r[8])) ? r[8]! : Number(r[8]); // numeric result cells
      ws.addRow(r).commit();
    }
    ws.commit();
    await wb.commit();
    console.log(
      `node ${process.version}; CSV ${csvRows.toLocaleString("en")} rows x ${LB.fields.length} columns; ODM ${odmRecords.toLocaleString("en")} ItemGroupData (${LB.fields.length - 1} ItemData each); XLSX ${xlsxRows.toLocaleString("en")} rows`,
    );
    for (const [kind, path] of [
      ["csv", csvPath],
      ["odm", odmPath],
      ["xlsx", xlsxPath],
    ] as const) {
      const out = execFileSync(
        process.execPath,
        [...process.execArgv, fileURLToPath(import.meta.url), "--child", kind, path],
        { encoding: "utf8" },
      );
      const r = JSON.parse(out.trim().split("\n").pop()!) as {
        read: number;
        accepted: number;
        rejected: number;
        seconds: number;
        cpuSeconds: number;
        peakRss: number;
        rejections: number;
      };
      console.log(
        `${kind.toUpperCase()}: ${r.read.toLocaleString("en")} records (${r.accepted.toLocaleString("en")} accepted, ${r.rejected} rejected: the "n/a" results) from ${mb(statSync(path).size)} in ${r.seconds.toFixed(2)} s wall = ${Math.round(r.read / r.seconds).toLocaleString("en")} rows/s (CPU ${r.cpuSeconds.toFixed(2)} s = ${Math.round(r.read / r.cpuSeconds).toLocaleString("en")} rows per CPU second); peak RSS ${mb(r.peakRss)}`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
