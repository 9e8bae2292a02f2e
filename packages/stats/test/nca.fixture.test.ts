import { describe, expect, it } from "vitest";
import { computeNca, formatNumber } from "../src/index.ts";
import { readFixture } from "./helpers.ts";

interface TheophFixture {
  published: Record<string, number[]> & { source: string };
  subjects: { subject: number; time: number[]; conc: number[]; r: Record<string, number> }[];
}
const fx = readFixture<TheophFixture>("theoph.json");
const pub = fx.published;

// Published precision: 7 decimals (WinNonlin table as printed), 2 decimals for times and Cmax.
const decimals = (v: number): number => (String(v).split(".")[1] ?? "").length;
const agrees = (ours: number | null, published: number): boolean =>
  ours !== null &&
  formatNumber(ours, Math.max(decimals(published), 2)) ===
    formatNumber(published, Math.max(decimals(published), 2));

describe("NCA on datasets::Theoph agrees with published WinNonlin values", () => {
  it("cites its source", () => expect(pub.source).toMatch(/NonCompart-tests/));
  fx.subjects.forEach((s, i) => {
    it(`subject ${s.subject}: linear trapezoid`, () => {
      const r = computeNca(s.time, s.conc, { aucMethod: "linear" });
      const checks: [string, number | null, number][] = [
        ["CMAX", r.cmax, pub.CMAX?.[i] as number],
        ["TMAX", r.tmax, pub.TMAX?.[i] as number],
        ["CLST", r.clast, pub.CLST?.[i] as number],
        ["TLST", r.tlast, pub.TLST?.[i] as number],
        ["LAMZNPT", r.lambdaZPoints, pub.LAMZNPT?.[i] as number],
        ["LAMZLL", r.lambdaZLower, pub.LAMZLL?.[i] as number],
        ["LAMZ", r.lambdaZ, pub.LAMZ?.[i] as number],
        ["R2ADJ", r.adjR2, pub.R2ADJ?.[i] as number],
        ["LAMZHL", r.halfLife, pub.LAMZHL?.[i] as number],
        ["AUCLST", r.aucLast, pub.AUCLST_LINEAR?.[i] as number],
        ["AUCIFO", r.aucInfObs, pub.AUCIFO_LINEAR?.[i] as number],
        ["AUCPEO", r.aucPctExtrapObs, pub.AUCPEO_LINEAR?.[i] as number],
      ];
      const bad = checks
        .filter(([, ours, p]) => !agrees(ours, p))
        .map(([k, o, p]) => `${k}: ours ${o} published ${p}`);
      expect(bad).toEqual([]);
    });
    it(`subject ${s.subject}: linear-up/log-down`, () => {
      const r = computeNca(s.time, s.conc, { aucMethod: "linear-up-log-down" });
      expect(agrees(r.aucLast, pub.AUCLST_LOG?.[i] as number), `AUCLST ${r.aucLast}`).toBe(true);
      expect(agrees(r.aucInfObs, pub.AUCIFO_LOG?.[i] as number), `AUCIFO ${r.aucInfObs}`).toBe(true);
      expect(agrees(r.aucPctExtrapObs, pub.AUCPEO_LOG?.[i] as number), `AUCPEO ${r.aucPctExtrapObs}`).toBe(
        true,
      );
    });
    it(`subject ${s.subject}: matches the independent R computation to 1e-9`, () => {
      const lin = computeNca(s.time, s.conc, { aucMethod: "linear" });
      const log = computeNca(s.time, s.conc);
      expect(lin.aucLast).toBeCloseTo(s.r.auclastLinear as number, 9);
      expect(log.aucLast).toBeCloseTo(s.r.auclastLinUpLogDown as number, 9);
      expect(lin.lambdaZ).toBeCloseTo(s.r.lambdaZ as number, 12);
      expect(lin.adjR2).toBeCloseTo(s.r.adjR2 as number, 12);
      expect(lin.halfLife).toBeCloseTo(s.r.halfLife as number, 9);
      expect(lin.aucPctExtrapObs).toBeCloseTo(s.r.aucPctExtrapLinear as number, 9);
    });
  });
});
