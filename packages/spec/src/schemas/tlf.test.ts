import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UserError } from "@trialforge/core";
import { describe, expect, it } from "vitest";
import { parseSpec } from "../load.ts";
import { loadTlfShells, TlfShell } from "./tlf.ts";

const studyDir = new URL("../../../../specs/nct05563545", import.meta.url).pathname;

describe("TLF shells", () => {
  it("the study's shells load, with unique stable ids", () => {
    const shells = loadTlfShells(studyDir);
    const ids = shells.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of [
      "t-disp",
      "t-dm",
      "t-ex",
      "t-ae-overview",
      "t-ae-socpt",
      "t-ae-grade",
      "t-ae-ser-rel",
      "t-dlt",
      "t-crs-icans",
      "t-lb-shift",
      "t-cyto",
      "l-pk-conc",
      "l-pk-param",
      "t-pk-param",
      "f-pk-profile",
      "l-ada",
      "t-ada",
      "t-bor",
      "t-crcri",
      "t-mrd",
      "t-km",
      "f-km",
    ]) {
      expect(ids).toContain(id);
    }
  });
  it("fills defaults: treatment columns by TRT01A/TRT01AN with a total, landscape letter", () => {
    const s = parseSpec(
      "id: t-x\ntitle: X\npopulation: SAFFL\ndataset: ADAE\nlayout:\n  kind: summary\n  items:\n    - { type: count, label: Any }\n",
      "t-x.yaml",
      TlfShell,
    );
    expect(s.layout.kind === "summary" && s.layout.columns).toEqual({
      var: "TRT01A",
      orderVar: "TRT01AN",
      total: true,
      totalLabel: "Total",
    });
    expect([s.orientation, s.paper, s.footnotes]).toEqual(["landscape", "letter", []]);
  });
  it("an unknown layout kind names the file, line and path", () => {
    const text = "id: t-x\ntitle: X\npopulation: SAFFL\ndataset: ADAE\nlayout:\n  kind: pie\n";
    expect(() => parseSpec(text, "tlf/t-x.yaml", TlfShell)).toThrow(
      /tlf\/t-x\.yaml:\d+ is invalid at layout\.kind/,
    );
  });
  it("an item with a misspelt option is rejected at its path", () => {
    const text =
      "id: t-x\ntitle: X\npopulation: SAFFL\ndataset: ADAE\nlayout:\n  kind: summary\n  items:\n    - { type: count, label: Any, wher: { AESER: Y } }\n";
    expect(() => parseSpec(text, "t-x.yaml", TlfShell)).toThrow(/layout\.items\[0\]/);
  });
  it("two shells with the same id are refused", () => {
    const dir = mkdtempSync(join(tmpdir(), "tlf-spec-"));
    mkdirSync(join(dir, "tlf"));
    const body =
      "id: t-a\ntitle: A\npopulation: SAFFL\ndataset: ADSL\nlayout: { kind: summary, items: [{ type: count, label: N }] }\n";
    writeFileSync(join(dir, "tlf", "a.yaml"), body);
    writeFileSync(join(dir, "tlf", "b.yaml"), body);
    expect(() => loadTlfShells(dir)).toThrow(UserError);
    expect(() => loadTlfShells(dir)).toThrow(/"t-a" is already used by a\.yaml/);
  });
});
