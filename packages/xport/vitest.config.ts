import { defineProject } from "vitest/config";

export default defineProject({ test: { name: "xport", include: ["src/**/*.test.ts", "test/**/*.test.ts"] } });
