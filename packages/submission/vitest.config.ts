import { defineProject } from "vitest/config";

// PDF rendering takes a few seconds on a 2-core CI machine.
export default defineProject({
  test: { name: "submission", include: ["src/**/*.test.ts"], testTimeout: 60_000 },
});
