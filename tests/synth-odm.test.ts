/**
 * The synthesised EDC ODM export: valid against the CDISC ODM 1.3.2 schema (xmllint), and holding exactly
 * the CSV records (one ItemGroupData per CSV row, ItemData values equal to the CSV cell text).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { loadStudy } from "@trialforge/spec";
import { type SynthSummary, synthesize } from "@trialforge/synth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repo = resolve(import.meta.dirname, "..");
const xsd = join(repo, "reference/schemas/cdisc-odm-1.3.2/ODM1-3-2.xsd");
const hasXmllint = spawnSync("xmllint", ["--version"]).status === 0;
const out = mkdtempSync(join(tmpdir(), "synth-odm-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

let summary: SynthSummary;
let odm: string;
const study = loadStudy(join(repo, "specs/nct05563545"));

beforeAll(async () => {
  summary = await synthesize(study, out, { seed: 3, messy: true });
  odm = readFileSync(join(out, "edc/odm.xml"), "utf8");
}, 60_000);

function xmlUnescape(s: string): string {
  return s.replace(
    /&(lt|gt|quot|apos|amp|#10|#13|#9);/g,
    (_, e: string) =>
      ({ lt: "<", gt: ">", quot: '"', apos: "'", amp: "&", "#10": "\n", "#13": "\r", "#9": "\t" })[e]!,
  );
}

/** CSV rows as arrays (the synth writer quotes only when needed). */
function csvRows(path: string): string[][] {
  const lines = readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l !== "");
  return lines.map((l) => {
    const cells: string[] = [];
    let cell = "";
    let q = false;
    for (let i = 0; i < l.length; i++) {
      const ch = l[i]!;
      if (q) {
        if (ch === '"' && l[i + 1] === '"') {
          cell += '"';
          i++;
        } else if (ch === '"') q = false;
        else cell += ch;
      } else if (ch === '"') q = true;
      else if (ch === ",") {
        cells.push(cell);
        cell = "";
      } else cell += ch;
    }
    cells.push(cell);
    return cells;
  });
}

describe("synth ODM export", () => {
  it.skipIf(!hasXmllint)("validates against ODM1-3-2.xsd with xmllint", () => {
    const r = spawnSync("xmllint", ["--nonet", "--noout", "--schema", xsd, join(out, "edc/odm.xml")], {
      encoding: "utf8",
    });
    expect(r.stderr).toContain("validates");
    expect(r.status).toBe(0);
  });

  it("declares MetaDataVersion MDV.1 and one StudyEvent/Form/ItemGroup per EDC form", () => {
    expect(odm).toContain('<MetaDataVersion OID="MDV.1"');
    expect(odm).toContain(`<ClinicalData StudyOID="${study.studyId}" MetaDataVersionOID="MDV.1">`);
    for (const f of study.forms.filter((x) => x.source === "edc")) {
      expect(odm).toContain(`<StudyEventDef OID="SE.${f.id}"`);
      expect(odm).toContain(`<FormDef OID="F.${f.id}"`);
      expect(odm).toContain(`<ItemGroupDef OID="IG.${f.id}"`);
    }
  });

  it("holds one ItemGroupData per CSV record with values equal to the CSV text", () => {
    // Rebuild each form's records from the ODM in document order: subject, then repeat key.
    const byForm = new Map<string, Record<string, string>[]>();
    const re =
      /<SubjectData SubjectKey="([^"]*)">|<ItemGroupData ItemGroupOID="IG\.([A-Z0-9_]+)" ItemGroupRepeatKey="\d+">|<ItemData ItemOID="IT\.[A-Z0-9_]+\.([A-Za-z0-9_]+)" Value="([^"]*)"\/>/g;
    let subject = "";
    let current: Record<string, string> | undefined;
    for (const m of odm.matchAll(re)) {
      if (m[1] !== undefined) subject = xmlUnescape(m[1]);
      else if (m[2] !== undefined) {
        current = { SUBJID: subject };
        const list = byForm.get(m[2]) ?? [];
        list.push(current);
        byForm.set(m[2], list);
      } else current![m[3]!] = xmlUnescape(m[4]!);
    }
    for (const f of study.forms.filter((x) => x.source === "edc")) {
      const [head, ...rows] = csvRows(join(out, f.file));
      const fromOdm = byForm.get(f.id) ?? [];
      expect(fromOdm.length, f.id).toBe(rows.length);
      expect(fromOdm.length, f.id).toBe(summary.files.find((x) => x.form === f.id)!.records);
      rows.forEach((r, i) => {
        const want = Object.fromEntries(head!.map((h, k) => [h, r[k]!]).filter(([, v]) => v !== ""));
        expect(fromOdm[i], `${f.id} row ${i + 1}`).toEqual(want);
      });
    }
  });

  it("carries the messy values verbatim (stray spaces survive the XML round trip)", () => {
    const stray = summary.messyRecords.find((m) => m.kind === "stray-space")!;
    expect(odm).toContain(`ItemOID="IT.${stray.form}.${stray.field}" Value="${stray.value}"`);
  });
});
