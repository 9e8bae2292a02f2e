import { defineProject } from "vitest/config";

// LibreOffice conversions and PDF rendering take seconds on a 2-core CI machine.
export default defineProject({
  test: { name: "tlf", include: ["src/**/*.test.ts", "test/**/*.test.ts"], testTimeout: 60_000 },
});
