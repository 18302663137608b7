#!/usr/bin/env node
"use strict";
// Thin shim: the CLI lives in src/notebook/cli.ts, compiled to dist/ by `npm run build`
// (run automatically by `npm install` through the "prepare" script).
const path = require("node:path");
let cli;
try {
  cli = require(path.join(__dirname, "..", "dist", "notebook", "cli.js"));
} catch (err) {
  if (err && err.code === "MODULE_NOT_FOUND" && String(err.message).includes("cli.js")) {
    process.stderr.write("reprorl: dist/ is not built: run `npm install` (or `npm run build`) in the reprorl folder\n");
    process.exit(1);
  }
  throw err;
}
cli.main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`reprorl: internal error: ${err && err.stack ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
