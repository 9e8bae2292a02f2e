import { describe, expect, it } from "vitest";
import { programFileName, programsReadme } from "./programs.ts";

describe("programFileName", () => {
  it("flattens a spec path into a lower-case .txt name", () => {
    expect(programFileName("study.yaml")).toBe("study.txt");
    expect(programFileName("sdtm/ae.yaml")).toBe("sdtm_ae.txt");
    expect(programFileName("tlf/T-AE-SOCPT.yml")).toBe("tlf_t-ae-socpt.txt");
    expect(programFileName("README.md")).toBe("readme-md.txt");
  });
});

describe("programsReadme", () => {
  const text = programsReadme({
    studyId: "NCT05563545",
    studyDir: "specs/nct05563545",
    tool: { name: "trialforge", version: "0.1.0", sourceHash: "0123456789abcdef0123" },
    timestamp: "2026-01-01T00:00:00Z",
    mode: "raw",
    ctPackages: { sdtm: "2025-03-28", adam: "2025-09-26" },
    files: [{ spec: "sdtm/ae.yaml", program: "sdtm_ae.txt", sha256: "ab".repeat(32) }],
  });
  it("gives the exact command with the SOURCE_DATE_EPOCH of the build stamp", () => {
    expect(text).toContain(
      "SOURCE_DATE_EPOCH=1767225600 pnpm trialforge build --study specs/nct05563545 --raw <folder of the raw exports> --out OUT",
    );
    expect(text).toContain(`sdtm_ae.txt                  <- sdtm/ae.yaml  ${"ab".repeat(32)}`);
    expect(text).toContain("trialforge 0.1.0");
    expect(text).toContain("Controlled terminology: adam 2025-09-26, sdtm 2025-03-28");
  });
});
