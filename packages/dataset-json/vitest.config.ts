import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "dataset-json", include: ["src/**/*.test.ts", "test/**/*.test.ts"] },
});
