export * from "./load.ts";
export * from "./schemas/raw-form.ts";
