/**
 * End to end on the demo study: synthesise → ingest → SDTM → ADaM, then check traceability and the
 * ADaM invariants a reviewer expects (one ADSL record per DM subject, ADAE/ADLB records trace to one SDTM
 * record, one BOR per treated subject, ADPP equals the stats NCA of ADPC), and that every dataset can be
 * written as XPT v5 from its metadata.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildAdam } from "@trialforge/adam";
import { type Dataset, Diagnostics } from "@trialforge/core";
import { ingestStudy } from "@trialforge/ingest";
import { buildSdtm } from "@trialforge/sdtm";
import { loadAdamSpec, loadSdtmSpec, loadStudy } from "@trialforge/spec";
import { computeNca } from "@trialforge/stats";
import { synthesize } from "@trialforge/synth";
import { loadTerminology } from "@trialforge/terminology";
import { writeXpt } from "@trialforge/xport";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = mkdtempSync(join(tmpdir(), "adam-demo-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const studyDir = join(import.meta.dirname, "../specs/nct05563545");

let sdtm: Map<string, Dataset>;
let adam: Map<string, Dataset>;
const diagnostics = new Diagnostics();

beforeAll(async () => {
  const study = loadStudy(studyDir);
  await synthesize(study, join(root, "raw"), { seed: 1, messy: true });
  const raw = await ingestStudy(study, join(root, "raw"), { edc: "csv", subjectForm: "DM" });
  sdtm = buildSdtm({
    study,
    spec: loadSdtmSpec(studyDir),
    raw,
    terminology: loadTerminology(),
    diagnostics,
  }).datasets;
  adam = buildAdam({ study, spec: loadAdamSpec(studyDir), sdtm, diagnostics });
}, 180_000);

const rows = (ds: Dataset | undefined) => ds?.toRows() ?? [];

describe("ADaM on the demo build", () => {
  it("builds all eight datasets with no errors", () => {
    expect([...adam.keys()].sort()).toEqual([
      "ADAE",
      "ADIS",
      "ADLB",
      "ADPC",
      "ADPP",
      "ADRS",
      "ADSL",
      "ADTTE",
    ]);
    expect(diagnostics.errors.filter((d) => d.code.startsWith("ADAM"))).toEqual([]);
    for (const ds of adam.values()) expect(ds.length, ds.name).toBeGreaterThan(0);
  });

  it("ADSL has one record per DM subject", () => {
    const dm = rows(sdtm.get("DM")).map((r) => r.USUBJID);
    const adsl = rows(adam.get("ADSL")).map((r) => r.USUBJID);
    expect(adsl.length).toBe(dm.length);
    expect(new Set(adsl)).toEqual(new Set(dm));
  });

  it("every ADAE record traces to exactly one AE record (SRCSEQ = AESEQ) with the same term and start", () => {
    const ae = new Map<string, Record<string, unknown>[]>();
    for (const r of rows(sdtm.get("AE"))) {
      const k = `${r.USUBJID}|${r.AESEQ}`;
      ae.set(k, [...(ae.get(k) ?? []), r]);
    }
    const adae = rows(adam.get("ADAE"));
    expect(adae.length).toBe(sdtm.get("AE")!.length);
    for (const r of adae) {
      const src = ae.get(`${r.USUBJID}|${r.SRCSEQ}`) ?? [];
      expect(src.length, `${r.USUBJID} AESEQ ${r.SRCSEQ}`).toBe(1);
      expect([r.SRCDOM, r.AETERM, r.AESTDTC]).toEqual(["AE", src[0]!.AETERM, src[0]!.AESTDTC]);
    }
  });

  it("every ADLB record traces to one LB record whose standard result is AVAL", () => {
    const lb = new Map(rows(sdtm.get("LB")).map((r) => [`${r.USUBJID}|${r.LBSEQ}`, r]));
    for (const r of rows(adam.get("ADLB"))) {
      const src = lb.get(`${r.USUBJID}|${r.SRCSEQ}`);
      expect(src, `${r.USUBJID} LBSEQ ${r.SRCSEQ}`).toBeDefined();
      expect(r.AVAL).toBe(src!.LBSTRESN);
    }
  });

  it("ADLB has at most one baseline record per subject and parameter, and none after infusion", () => {
    const seen = new Set<string>();
    for (const r of rows(adam.get("ADLB"))) {
      if (r.ABLFL !== "Y") continue;
      const k = `${r.USUBJID}|${r.PARAMCD}`;
      expect(seen.has(k), k).toBe(false);
      seen.add(k);
      expect(r.ADT as number).toBeLessThanOrEqual(r.TRTSDT as number);
    }
  });

  it("each treated subject has exactly one BOR", () => {
    const treated = rows(adam.get("ADSL"))
      .filter((r) => r.SAFFL === "Y")
      .map((r) => r.USUBJID);
    const bor = rows(adam.get("ADRS"))
      .filter((r) => r.PARAMCD === "BOR")
      .map((r) => r.USUBJID);
    expect(bor.sort()).toEqual(treated.sort());
  });

  it("ADPP values equal @trialforge/stats NCA on that subject's ADPC profile", () => {
    const adpc = rows(adam.get("ADPC"));
    const adpp = rows(adam.get("ADPP"));
    const profiles = new Set(adpp.map((r) => `${r.USUBJID}|${r.PARCAT1}`));
    expect(profiles.size).toBeGreaterThan(0);
    for (const key of profiles) {
      const [u, param] = key.split("|");
      const pts = adpc
        .filter((r) => r.USUBJID === u && r.PARAM === param && r.ARELTM !== null && (r.ARELTM as number) >= 0)
        .sort((a, b) => (a.ARELTM as number) - (b.ARELTM as number));
      // AUC028D: the planned window ends at the actual time of the last sample with nominal time <= 28 days.
      const inWindow = pts.filter(
        (r) => r.NRRELTM !== null && (r.NRRELTM as number) <= 28 && (r.ARELTM as number) > 0,
      );
      const end = inWindow.length ? Math.max(...inWindow.map((r) => r.ARELTM as number)) : null;
      const nca = computeNca(
        pts.map((r) => r.ARELTM as number),
        pts.map((r) => r.AVAL as number | null),
        { doseTime: 0, intervals: end === null ? [] : [[0, end]] },
      );
      const got = Object.fromEntries(
        adpp.filter((r) => r.USUBJID === u && r.PARCAT1 === param).map((r) => [r.PARAMCD, r.AVAL]),
      );
      // An all-BLQ profile (no Clast) has no Cmax or AUC at all, not 0.
      const measurable = nca.clast !== null;
      expect(got, key).toEqual({
        CMAX: measurable ? nca.cmax : null,
        TMAX: nca.tmax,
        CLAST: nca.clast,
        TLAST: nca.tlast,
        AUCLST: measurable ? nca.aucLast : null,
        AUC028D: measurable && end !== null ? nca.aucIntervals[0]!.auc : null,
        LAMZ: nca.lambdaZ,
        LAMZHL: nca.halfLife,
        AUCIFO: nca.aucInfObs,
        AUCPEO: nca.aucPctExtrapObs,
        LAMZNPT: nca.lambdaZPoints,
        R2ADJ: nca.adjR2,
      });
    }
  });

  it("ADTTE: OS and PFS for every treated subject, DOR only for responders, CNSR 0/1 with a description", () => {
    const adtte = rows(adam.get("ADTTE"));
    const treated = rows(adam.get("ADSL")).filter((r) => r.SAFFL === "Y").length;
    expect(adtte.filter((r) => r.PARAMCD === "OS").length).toBe(treated);
    expect(adtte.filter((r) => r.PARAMCD === "PFS").length).toBe(treated);
    for (const r of adtte) {
      expect([0, 1]).toContain(r.CNSR);
      expect(r.EVNTDESC).not.toBe("");
      expect(r.AVAL as number).toBeGreaterThanOrEqual(1);
    }
  });

  it("every ADaM dataset is written as XPT v5 from its metadata", async () => {
    for (const ds of adam.values())
      await writeXpt(ds, join(root, `${ds.name.toLowerCase()}.xpt`), { timestamp: "2026-07-31T00:00:00Z" });
  });
});
