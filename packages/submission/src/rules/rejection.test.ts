import { describe, expect, it } from "vitest";
import { checkRejectionCriteria } from "./rejection.ts";

const ok = {
  sdtmFiles: ["define.html", "define.xml", "dm.xpt", "ts.xpt", "ae.xpt"],
  adamFiles: ["adsl.xpt", "define.xml"],
  ts: [
    { TSPARMCD: "TITLE", TSVAL: "A study" },
    { TSPARMCD: "SSTDTC", TSVAL: "2023-01-09" },
  ],
};
const failedIds = (inv: Parameters<typeof checkRejectionCriteria>[0]) =>
  checkRejectionCriteria(inv)
    .filter((c) => !c.passed)
    .map((c) => c.id);

describe("checkRejectionCriteria", () => {
  it("passes a study with TS (SSTDTC), DM, ADSL and both define.xml files", () => {
    expect(failedIds(ok)).toEqual([]);
  });
  it("1734: TS missing, SSTDTC missing, or SSTDTC not a complete date", () => {
    expect(failedIds({ ...ok, sdtmFiles: ok.sdtmFiles.filter((f) => f !== "ts.xpt") })).toEqual(["1734"]);
    expect(failedIds({ ...ok, ts: [{ TSPARMCD: "TITLE", TSVAL: "x" }] })).toEqual(["1734"]);
    const partial = checkRejectionCriteria({ ...ok, ts: [{ TSPARMCD: "SSTDTC", TSVAL: "2023-01" }] });
    expect(partial.find((c) => c.id === "1734")).toMatchObject({
      passed: false,
      detail: expect.stringMatching(/not a complete/),
    });
  });
  it("1735 and 1736: define.xml missing; DM or ADSL missing", () => {
    expect(failedIds({ ...ok, adamFiles: ["adsl.xpt"] })).toEqual(["1735"]);
    expect(failedIds({ ...ok, sdtmFiles: ok.sdtmFiles.filter((f) => f !== "define.xml") })).toEqual([
      "1735",
      "1736",
    ]);
    expect(failedIds({ ...ok, sdtmFiles: ok.sdtmFiles.filter((f) => f !== "dm.xpt") })).toEqual(["1736"]);
    expect(failedIds({ ...ok, adamFiles: ["adae.xpt", "define.xml"] })).toEqual(["1736"]);
    expect(failedIds({ ...ok, adamFiles: [] })).toEqual([]);
  });
  it("file names: an upper-case or long dataset file name fails", () => {
    const r = checkRejectionCriteria({ ...ok, sdtmFiles: [...ok.sdtmFiles, "SUPPAE.xpt", "faceinfo1.xpt"] });
    expect(r.find((c) => c.id === "names")).toMatchObject({ passed: false });
    expect(r.find((c) => c.id === "names")!.detail).toMatch(/SUPPAE\.xpt.*faceinfo1\.xpt/);
  });
});
