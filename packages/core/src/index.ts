export * from "./byte-dict.ts";
export * from "./dataset.ts";
export * from "./diagnostics.ts";
export * from "./hash.ts";
export * from "./iso8601.ts";
export * from "./metadata.ts";
export * from "./radix-order.ts";
export * from "./zip-stamp.ts";
