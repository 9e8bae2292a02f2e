import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "define", include: ["src/**/*.test.ts", "test/**/*.test.ts"] },
});
