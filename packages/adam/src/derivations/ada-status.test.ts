import { describe, expect, it } from "vitest";
import { computeAdaStatus } from "./ada-status.ts";

const s = (baseline: boolean, positive: boolean, titre: number | null = null) => ({
  baseline,
  positive,
  titre,
});

describe("computeAdaStatus (boost = 4-fold)", () => {
  it("baseline negative, post-baseline positive → TREATMENT INDUCED", () => {
    expect(computeAdaStatus([s(true, false), s(false, true, 20)], 4)).toBe("TREATMENT INDUCED");
  });
  it("no baseline sample and post-baseline positive → TREATMENT INDUCED", () => {
    expect(computeAdaStatus([s(false, true, 20)], 4)).toBe("TREATMENT INDUCED");
  });
  it("baseline titre 40, post 160 (exactly 4-fold) → TREATMENT BOOSTED; post 159 → BASELINE POSITIVE", () => {
    expect(computeAdaStatus([s(true, true, 40), s(false, true, 160)], 4)).toBe("TREATMENT BOOSTED");
    expect(computeAdaStatus([s(true, true, 40), s(false, true, 159)], 4)).toBe("BASELINE POSITIVE");
  });
  it("all negative → NEGATIVE; no post-baseline sample → blank", () => {
    expect(computeAdaStatus([s(true, false), s(false, false)], 4)).toBe("NEGATIVE");
    expect(computeAdaStatus([s(true, true, 40)], 4)).toBe("");
  });
});
