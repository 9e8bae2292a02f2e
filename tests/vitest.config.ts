import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    testTimeout: 60_000,
    hookTimeout: 180_000,
    name: "tests",
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**"],
  },
});
