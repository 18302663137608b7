#!/usr/bin/env node
/**
 * Makes `import { … } from "reprorl"` resolve inside notebooks (tslab kernel, cwd =
 * notebooks/…) and scripts: creates the symlink node_modules/reprorl -> .. (the package
 * root). Idempotent: a correct link is left alone, a stale link is replaced; a real
 * folder named node_modules/reprorl (e.g. an installed copy) is left untouched with a note.
 * Run by `npm run prepare` (after the build).
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const nodeModules = path.join(root, "node_modules");
const link = path.join(nodeModules, "reprorl");
const target = ".."; // relative, so the clone can be moved

function main() {
  fs.mkdirSync(nodeModules, { recursive: true });
  let st;
  try {
    st = fs.lstatSync(link);
  } catch {
    st = undefined;
  }
  if (st && st.isSymbolicLink()) {
    if (fs.realpathSync(link) === fs.realpathSync(root)) return;
    fs.unlinkSync(link);
  } else if (st) {
    console.error(`link-self: ${link} exists and is not a symlink; leaving it as is`);
    return;
  }
  fs.symlinkSync(target, link, "dir");
  console.error(`link-self: node_modules/reprorl -> ${target}`);
}

main();
