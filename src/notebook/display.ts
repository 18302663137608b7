/**
 * Rich output from code running inside the tslab kernel. The hook lives in the library
 * (src/core/display.ts) so figures can use it without importing the notebook runner; this
 * module keeps the `reprorl/dist/notebook/display` path that notebooks import.
 */
export { displayBundle, insideKernel, tslabDisplayHook, type DisplayWriter } from "../core/display.js";
