import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    testTimeout: 60_000,
    hookTimeout: 180_000,
    name: "rules",
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
  },
});
