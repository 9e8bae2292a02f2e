import { describe, expect, it } from "vitest";
import { buildKmSvg, buildProfileSvg, escapeXml, rangeTicks } from "./svg.ts";

describe("figure SVG builder", () => {
  it("rangeTicks covers the range with a 1-2-2.5-5 step, including negative starts", () => {
    expect(rangeTicks(0, 28)).toEqual([0, 5, 10, 15, 20, 25, 30]);
    expect(rangeTicks(-24.2, 27)).toEqual([-30, -20, -10, 0, 10, 20, 30]);
  });
  it("KM: one step path per curve, censor ticks, and the numbers at risk as text", () => {
    const { svg } = buildKmSvg({
      curves: [
        { label: "DL1", times: [2, 5], surv: [0.5, 0.25], censorTimes: [3], censorSurv: [0.5] },
        { label: "DL2 <&>", times: [], surv: [], censorTimes: [4], censorSurv: [1] },
      ],
      xLabel: "Months",
      yLabel: "Probability",
      atRiskTimes: [0, 3, 6],
      atRisk: [
        [4, 2, 0],
        [3, 3, 1],
      ],
    });
    expect(svg.match(/stroke-width="1\.5"/g)?.length).toBe(4); // 2 curves + 2 legend keys
    expect(svg).toContain("DL2 &lt;&amp;&gt;");
    const texts = [...svg.matchAll(/>([^<>]*)<\/text>/g)].map((m) => m[1]);
    expect(texts).toEqual(expect.arrayContaining(["Number at risk", "4", "2", "0", "3", "1"]));
  });
  it("profile on a log axis does not draw non-positive means", () => {
    const { svg } = buildProfileSvg({
      series: [
        {
          label: "A",
          points: [
            { x: -1, mean: 0, sd: null, n: 3 },
            { x: 1, mean: 100, sd: 50, n: 3 },
            { x: 7, mean: 10, sd: 20, n: 3 },
          ],
        },
      ],
      xLabel: "Day",
      yLabel: "copies/µg",
      logY: true,
    });
    expect(svg.match(/<circle /g)?.length).toBe(2);
    expect(svg).toContain("copies/µg");
  });
  it("escapes XML", () => {
    expect(escapeXml(`a<b>&"c"`)).toBe("a&lt;b&gt;&amp;&quot;c&quot;");
  });
});
