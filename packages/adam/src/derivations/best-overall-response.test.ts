import { resolve } from "node:path";
import { loadAdamSpec } from "@trialforge/spec";
import { describe, expect, it } from "vitest";
import { computeBestOverallResponse, computeConfirmedResponses } from "./best-overall-response.ts";

// hierarchy CR, CRi, MLFS, PR, NR, PD, NE; CR/CRi need a same-or-better assessment >= 28 days later; else NR
const spec = loadAdamSpec(resolve(import.meta.dirname, "../../../../specs/nct05563545")).adrs!;
const a = (date: number, response: string) => ({ date, response });

describe("response confirmation", () => {
  it("a CR confirmed by a CR 28 days later stands; the last CR has nothing after it and counts as NR", () => {
    expect(computeConfirmedResponses([a(28, "CR"), a(56, "CR")], spec)).toEqual(["CR", "NR"]);
  });
  it("a confirming assessment 27 days later is too early", () => {
    expect(computeConfirmedResponses([a(28, "CR"), a(55, "CR")], spec)).toEqual(["NR", "NR"]);
  });
  it("a CRi is confirmed by a later CR (better) but a CR is not confirmed by a later CRi (worse)", () => {
    expect(computeConfirmedResponses([a(28, "CRi"), a(56, "CR")], spec)[0]).toBe("CRi");
    expect(computeConfirmedResponses([a(28, "CR"), a(56, "CRi")], spec)[0]).toBe("NR");
  });
});

describe("computeBestOverallResponse", () => {
  it("takes the best confirmed response and its first date: CRi 28, CR 56, CR 84 → CR on day 56", () => {
    expect(computeBestOverallResponse([a(84, "CR"), a(28, "CRi"), a(56, "CR")], spec)).toEqual({
      response: "CR",
      date: 56,
    });
  });
  it("ignores assessments after progression: CR 28, PD 40, CR 80, CR 120 → NR on day 28 (CR unconfirmed before PD)", () => {
    // CR on day 28 is not confirmed before PD → NR; PD ranks below NR, so BOR is NR on day 28
    expect(computeBestOverallResponse([a(28, "CR"), a(40, "PD"), a(80, "CR"), a(120, "CR")], spec)).toEqual({
      response: "NR",
      date: 28,
    });
  });
  it("is undefined with no assessment", () => {
    expect(computeBestOverallResponse([], spec)).toBeUndefined();
  });
});
