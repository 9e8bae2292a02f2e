import { defineProject } from "vitest/config";

export default defineProject({ test: { name: "sdtm", include: ["src/**/*.test.ts", "test/**/*.test.ts"] } });
