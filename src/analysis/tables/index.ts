/** Tables: danfojs DataFrames exported as CSV, Markdown and LaTeX; claims tables. */
export * from "./format.js";
export * from "./table.js";
export * from "./claims.js";
export * from "./summaries.js";
export * from "./html.js";
