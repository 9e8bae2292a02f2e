import { defineProject } from "vitest/config";

export default defineProject({ test: { name: "tlf", include: ["src/**/*.test.ts", "test/**/*.test.ts"] } });
