/**
 * Same seed, same numbers: every agent variant reproduces, bit for bit, the fingerprint recorded
 * in test/fixtures/agents/golden-<variant>.json (see golden.ts). Re-record (only when a change
 * of numbers is intended and explained in the fixture's `producedBy`) with
 *   RECORD_AGENT_GOLDEN=1 npx vitest run test/agents/golden.test.ts
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend, type BackendInfo } from "../../src/backend/index.js";
import { agentFingerprint, GOLDEN_VARIANTS, RUNNER_GOLDEN, runnerFingerprint } from "./golden.js";

const DIR = path.join(__dirname, "..", "fixtures", "agents");
const RECORD = process.env["RECORD_AGENT_GOLDEN"] === "1";
const PRODUCED_BY = process.env["AGENT_GOLDEN_PRODUCED_BY"] ?? "";
let backend: BackendInfo;

beforeAll(async () => {
  backend = await initBackend({ quiet: true });
});

/** Record (RECORD_AGENT_GOLDEN=1) or compare one fixture; `readable` and `header` are not compared. */
function recordOrCompare(variant: string, got: Record<string, unknown>): void {
  const file = path.join(DIR, `golden-${variant}.json`);
  if (RECORD) {
    if (!PRODUCED_BY) throw new Error("set AGENT_GOLDEN_PRODUCED_BY to say which commit/code produced the fixture");
    const header = { producedBy: PRODUCED_BY, backend: { name: backend.name, threads: backend.threads } };
    fs.mkdirSync(DIR, { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify({ header, ...got }, null, 1)}\n`);
    return;
  }
  const { header: _h, readable: _r, ...expected } = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
  const { readable: _r2, ...actual } = got;
  expect(actual).toEqual(expected);
}

describe.each(GOLDEN_VARIANTS.map(([name]) => name))("golden %s", (variant) => {
  it("reproduces the recorded losses, parameters and actions bit for bit", () => {
    recordOrCompare(variant, agentFingerprint(variant) as unknown as Record<string, unknown>);
  });
});

describe.each(RUNNER_GOLDEN.map(([name]) => name))("golden %s", (variant) => {
  it("a short training run reproduces every recorded row bit for bit", async () => {
    recordOrCompare(variant, await runnerFingerprint(variant));
  });
});
