export * from "./load.ts";
export * from "./schemas/adam.ts";
export * from "./schemas/raw-form.ts";
export * from "./schemas/sdtm.ts";
export * from "./schemas/study.ts";
export * from "./schemas/tlf.ts";
export * from "./study-specs.ts";
