import { defineProject } from "vitest/config";

export default defineProject({ test: { name: "adam", include: ["src/**/*.test.ts", "test/**/*.test.ts"] } });
