/**
 * End to end: the default demo (21 treated subjects + screen failures) synthesized messy and clean,
 * ingested and mapped to SDTM. Checks the promises on the real pipeline.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Dataset, Diagnostics, studyDay } from "@trialforge/core";
import { type IngestResult, ingestStudy } from "@trialforge/ingest";
import { buildSdtm, type SdtmResult } from "@trialforge/sdtm";
import { loadSdtmSpec, loadStudy, type Mapping } from "@trialforge/spec";
import { type SynthSummary, synthesize } from "@trialforge/synth";
import { loadTerminology } from "@trialforge/terminology";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const studyDir = join(import.meta.dirname, "../specs/nct05563545");
const study = loadStudy(studyDir);
const spec = loadSdtmSpec(studyDir);
const ct = loadTerminology();

interface Run {
  summary: SynthSummary;
  raw: IngestResult;
  sdtm: SdtmResult;
}
const tmp = mkdtempSync(join(tmpdir(), "sdtm-demo-"));
let messy: Run;
let clean: Run;

async function run(name: string, isMessy: boolean): Promise<Run> {
  const dir = join(tmp, name);
  const summary = await synthesize(study, dir, { seed: 1, messy: isMessy });
  const raw = await ingestStudy(study, dir, { edc: "csv" });
  const sdtm = buildSdtm({ study, spec, raw, terminology: ct, diagnostics: new Diagnostics() });
  return { summary, raw, sdtm };
}

beforeAll(async () => {
  messy = await run("messy", true);
  clean = await run("clean", false);
}, 120_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const ds = (r: Run, name: string): Dataset => {
  const d = r.sdtm.datasets.get(name);
  if (!d) throw new Error(`no ${name}`);
  return d;
};

describe("SDTM on the default demo", () => {
  it("TS: INDIC and TDIGRP carry SNOMED CT 91857003; every CDISC CT code is the code of TSVAL; DOSU and EXDOSU are UNIT terms", () => {
    const ts = ds(messy, "TS").toRows();
    const by = (p: string) => ts.filter((r) => r.TSPARMCD === p);
    for (const p of ["INDIC", "TDIGRP"])
      expect(by(p).map((r) => [r.TSVALCD, r.TSVCDREF])).toEqual([["91857003", "SNOMED CT"]]);
    // PCLAS: no MED-RT class exists for a CAR-NK product; the code is left empty (see study.yaml).
    expect(by("PCLAS").map((r) => r.TSVALCD)).toEqual([""]);
    for (const r of ts.filter((x) => x.TSVCDREF === "CDISC CT")) {
      const hits = ct
        .searchCodelists("")
        .filter((cl) => cl.terms.some((t) => t.code === r.TSVALCD && t.value === r.TSVAL));
      expect(hits.length, `${r.TSPARMCD} ${r.TSVAL} ${r.TSVALCD}`).toBeGreaterThan(0);
    }
    const unit = (v: string) => ct.lookup("C71620", v);
    expect(unit("10^7/kg")?.term.code).toBe("C184717");
    expect(by("DOSU").map((r) => r.TSVALCD)).toEqual(["C184717"]);
    const exdosu = new Set(
      ds(messy, "EX")
        .toRows()
        .map((r) => r.EXDOSU as string),
    );
    for (const u of exdosu) if (u !== "") expect(unit(u)?.match, u).toBe("exact");
  });
  it("LBNRIND is derived for limit results where the bound decides it (BILDIR <1.7 vs 0-5.1 is NORMAL)", () => {
    const lb = ds(messy, "LB").toRows();
    const bildir = lb.filter((r) => r.LBTESTCD === "BILDIR" && r.LBSTRESC === "<1.7" && r.LBSTNRHI === 5.1);
    expect(bildir.length).toBeGreaterThan(0);
    expect(new Set(bildir.map((r) => r.LBNRIND))).toEqual(new Set(["NORMAL"]));
    // "<0.5" against 0-0 could be 0 (NORMAL) or 0.3 (HIGH): left blank.
    const blast = lb.filter((r) => r.LBSTRESC === "<0.5" && r.LBSTNRLO === 0 && r.LBSTNRHI === 0);
    expect(new Set(blast.map((r) => r.LBNRIND))).toEqual(new Set(blast.length ? [""] : []));
  });
  it("every character variable of every dataset (SUPP-- included) is as long as its longest value (FDA TCG)", () => {
    const wrong: string[] = [];
    for (const d of messy.sdtm.datasets.values())
      for (const v of d.meta.variables) {
        if (v.type !== "Char") continue;
        const c = d.column(v.name);
        let max = 1;
        for (let i = 0; i < d.length; i++)
          max = Math.max(max, Buffer.byteLength(String(c.get(i) ?? ""), "utf8"));
        if (v.length !== max) wrong.push(`${d.name}.${v.name} ${v.length} (longest ${max})`);
      }
    expect(wrong).toEqual([]);
    // The QC finding: SUPPDM.USUBJID was 200 beside DM.USUBJID 18.
    const len = (name: string) => ds(messy, name).meta.variables.find((v) => v.name === "USUBJID")!.length;
    expect([len("DM"), len("SUPPDM")]).toEqual([18, 18]);
  });
  it("DM has one record per subject (treated + screen failures)", () => {
    const dm = ds(messy, "DM");
    const ids = dm.toRows().map((r) => r.USUBJID);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(messy.summary.subjects + messy.summary.screenFailures);
  });

  it("every USUBJID in every dataset is in DM", () => {
    const inDm = new Set(
      ds(messy, "DM")
        .toRows()
        .map((r) => r.USUBJID),
    );
    for (const d of messy.sdtm.datasets.values()) {
      if (!d.has("USUBJID")) continue;
      const col = d.char("USUBJID");
      for (let i = 0; i < d.length; i++) expect(inDm.has(col.get(i)), `${d.name} ${col.get(i)}`).toBe(true);
    }
  });

  it("--SEQ is unique within USUBJID in every domain that has one", () => {
    for (const d of spec.domains) {
      if (!d.seq) continue;
      const data = ds(messy, d.domain);
      const seen = new Set<string>();
      for (const r of data.rows()) {
        const k = `${r.USUBJID}/${r[d.seq.variable]}`;
        expect(seen.has(k), `${d.domain} ${k}`).toBe(false);
        seen.add(k);
      }
    }
  });

  it("--DY agrees with RFSTDTC (no day 0)", () => {
    const rf = new Map(
      ds(messy, "DM")
        .toRows()
        .map((r) => [r.USUBJID as string, r.RFSTDTC as string]),
    );
    let checked = 0;
    for (const d of messy.sdtm.datasets.values()) {
      for (const v of d.meta.variables) {
        if (!/DY$/.test(v.name) || v.name === "VISITDY") continue;
        const dtc = `${v.name.slice(0, -2)}DTC`;
        if (!d.has(dtc)) continue;
        for (const r of d.rows()) {
          const ref = rf.get(r.USUBJID as string) ?? "";
          const want = ref && r[dtc] ? (studyDay(r[dtc] as string, ref) ?? null) : null;
          expect(r[v.name], `${d.name}.${v.name} ${r.USUBJID} ${r[dtc]}`).toBe(want);
          expect(r[v.name]).not.toBe(0);
          if (want !== null) checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it("every coded value is in its codelist, in the study's extension list, or reported as an extension", () => {
    const sponsor = new Map(spec.config.codelists.map((c) => [c.id, new Set(c.terms.map((t) => t.value))]));
    const reported = new Set(messy.sdtm.extensions.map((e) => `${e.codelist}/${e.value}`));
    // Codelists a variable's values may come from: its own and those its mappings name (value level).
    const lists = new Map<string, Set<string>>();
    const add = (k: string, cl: string | undefined) =>
      cl && (lists.get(k) ?? lists.set(k, new Set()).get(k)!).add(cl);
    // A variable some of whose records come from a free-text mapping is checked only when it declares a codelist.
    const free = new Set<string>();
    const walk = (k: string, m: Mapping) => {
      if ("codelist" in m) add(k, m.codelist);
      else if (m.algorithm !== "condition_add") free.add(k);
      if (m.algorithm === "condition_add") {
        walk(k, m.apply);
        if (m.otherwise) walk(k, m.otherwise);
      }
    };
    for (const d of spec.domains) {
      for (const v of d.variables) add(`${d.domain}.${v.name}`, v.codelist);
      for (const s of d.sources) {
        for (const [v, m] of Object.entries(s.map)) walk(`${d.domain}.${v}`, m);
        for (const r of s.records ?? [])
          for (const [v, m] of Object.entries(r.map)) walk(`${d.domain}.${v}`, m);
      }
    }
    let checked = 0;
    for (const d of messy.sdtm.datasets.values()) {
      for (const v of d.meta.variables) {
        const allowed = lists.get(`${d.name}.${v.name}`);
        if (!allowed || v.type !== "Char" || (free.has(`${d.name}.${v.name}`) && !v.codelist)) continue;
        const col = d.char(v.name);
        for (const value of new Set(col.dict.slice(1))) {
          const ok = [...allowed].some(
            (cl) =>
              ct.lookup(cl, value)?.term.value === value ||
              sponsor.get(cl)?.has(value) ||
              reported.has(`${cl}/${value}`),
          );
          expect(ok, `${d.name}.${v.name} = "${value}" not in ${[...allowed].join("/")}`).toBe(true);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it("every raw record is carried, rejected with a reason, or not tabulated with a reason", () => {
    for (const t of messy.raw.tables.values()) expect(t.read).toBe(t.accepted + t.rejected);
    for (const s of messy.sdtm.sources) {
      expect(s.rawIn, s.form).toBe(s.carried + s.rejected + s.notTabulated);
      expect(s.rawIn).toBe(messy.raw.tables.get(s.form)!.accepted);
    }
    expect(messy.sdtm.rejections.filter((r) => r.code === "SDTM.NOT_MAPPED")).toEqual([]);
    for (const r of [...messy.raw.rejections, ...messy.sdtm.rejections])
      expect(r.reason.length).toBeGreaterThan(10);
    for (const n of messy.sdtm.notTabulated) expect(n.reason).toMatch(/criteria not met/);
  });
});

describe("EDC as ODM 1.3.2 instead of CSV", () => {
  it("gives the same SDTM", async () => {
    const raw = await ingestStudy(study, join(tmp, "messy"), { edc: "odm" });
    const odm = buildSdtm({ study, spec, raw, terminology: ct, diagnostics: new Diagnostics() });
    expect([...odm.datasets.keys()]).toEqual([...messy.sdtm.datasets.keys()]);
    for (const [name, d] of messy.sdtm.datasets)
      expect(odm.datasets.get(name)!.toRows(), name).toEqual(d.toRows());
  });
});

describe("messy vs clean export", () => {
  // Records are compared without --SEQ and SUPP-- IDVARVAL (numbering shifts when a record is rejected).
  const recordSet = (r: Run, name: string): Map<string, string> => {
    const d = r.sdtm.datasets.get(name);
    const out = new Map<string, string>();
    if (!d) return out;
    const drop = new Set(
      d.meta.variables.filter((v) => /SEQ$/.test(v.name) || v.name === "IDVARVAL").map((v) => v.name),
    );
    for (const row of d.rows()) {
      const key = JSON.stringify(Object.entries(row).filter(([k]) => !drop.has(k)));
      out.set(key, String(row.USUBJID ?? ""));
    }
    return out;
  };
  const formsOf = (domain: string) =>
    new Set(spec.domains.find((d) => d.domain === domain)?.sources.map((s) => s.form) ?? []);

  it("the same SDTM except records of subjects with a defect in a form feeding that dataset (stray case/space map to the same terms)", () => {
    const messyRecords = messy.summary.messyRecords;
    expect(messyRecords.length).toBeGreaterThan(0);
    const explained = (dataset: string, usubjid: string) => {
      const parent = dataset.startsWith("SUPP") ? dataset.slice(4) : dataset;
      // SE/SV and DM summarize every domain: any changing defect of the subject explains them.
      const forms = ["SE", "SV", "DM"].includes(parent) ? undefined : formsOf(parent);
      return messyRecords.some(
        (m) =>
          !["stray-case", "stray-space"].includes(m.kind) &&
          `${study.studyId}-${m.subject}` === usubjid &&
          (m.form === "*" || !forms || forms.has(m.form)),
      );
    };
    let differing = 0;
    for (const name of new Set([...clean.sdtm.datasets.keys(), ...messy.sdtm.datasets.keys()])) {
      const a = recordSet(clean, name);
      const b = recordSet(messy, name);
      for (const [k, subj] of a) {
        if (b.has(k)) continue;
        differing++;
        expect(explained(name, subj), `${name} clean-only ${k}`).toBe(true);
      }
      for (const [k, subj] of b) {
        if (a.has(k)) continue;
        differing++;
        expect(explained(name, subj), `${name} messy-only ${k}`).toBe(true);
      }
    }
    expect(differing).toBeGreaterThan(0);
  });

  it("each injected defect is explained: rejected with its row, flagged, or mapped to the clean value", () => {
    const rejectedRows = new Set(
      [...messy.raw.rejections, ...messy.sdtm.rejections].map((r) => `${r.form}/${r.row}`),
    );
    const flaggedSubjects = new Set(messy.sdtm.flagged.map((f) => f.usubjid));
    for (const m of messy.summary.messyRecords) {
      if (m.kind === "duplicate-record" || m.kind === "unknown-term")
        expect(rejectedRows.has(`${m.form}/${m.row}`), `${m.kind} ${m.form} row ${m.row}`).toBe(true);
      if (m.kind === "out-of-window-visit")
        expect(flaggedSubjects.has(`${study.studyId}-${m.subject}`)).toBe(true);
    }
    expect(clean.sdtm.flagged).toEqual([]);
    expect(clean.raw.rejections).toEqual([]);
    expect(clean.sdtm.rejections).toEqual([]);
  });
});
