import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "terminology", include: ["src/**/*.test.ts", "test/**/*.test.ts"] },
});
