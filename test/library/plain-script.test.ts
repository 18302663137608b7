/**
 * The library from a plain Node script that never mentions backends (issue: the library on its
 * own). `trainRun` must start the project's backend itself (wasm here, printed once), and tfjs's
 * Node banner — which recommends @tensorflow/tfjs-node, a package that cannot install offline —
 * must not appear. A sync constructor on tfjs's lazily picked cpu backend says once how to get
 * wasm. Each case runs in a fresh process (backend choice is per process).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { reprorl, requireBuiltCli, ROOT, runProcess } from "../notebook/helpers.js";

const BANNER = /looks like you are running TensorFlow\.js in Node/;

/** Run `code` as a CommonJS script from the package root (so `require("reprorl")` resolves). */
function script(code: string, env: Record<string, string> = {}) {
  const clean = { ...process.env, ...env };
  delete clean["REPRORL_BACKEND"];
  return runProcess(process.execPath, ["-e", code], { cwd: ROOT, env: clean, timeoutMs: 180_000 });
}

beforeAll(() => requireBuiltCli());

describe("a plain script", () => {
  it("trains on wasm without calling initBackend, prints the backend line once and no tfjs banner", async () => {
    const res = await script(`
      const tf = require("@tensorflow/tfjs");
      const { agents } = require("reprorl");
      (async () => {
        const r = await agents.trainRun({
          env: { id: "cartpole-swingup", observation: "state", actionRepeat: 8 },
          agent: { hiddenDim: 32, batchSize: 16 }, seed: 1, envSteps: 8 * 60, initSteps: 20,
          replayCapacity: 1000, evalEvery: 8 * 60, evalEpisodes: 1, log: null, progress: "none",
        });
        console.log("BACKEND=" + tf.getBackend() + " ROWS=" + r.rows.length);
      })().catch((e) => { console.error(e); process.exit(1); });
    `);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/BACKEND=wasm ROWS=\d+/);
    expect(res.stdout.match(/\[reprorl\] tensor backend: wasm/g)).toHaveLength(1);
    expect(res.stdout + res.stderr).not.toMatch(BANNER);
  });

  it("keeps a backend the caller chose (cpu on purpose) and prints no banner", async () => {
    const res = await script(`
      const tf = require("@tensorflow/tfjs");
      const { agents, backend } = require("reprorl");
      (async () => {
        await backend.initBackend({ prefer: "cpu", quiet: true });
        await agents.trainRun({
          env: { id: "cartpole-swingup", observation: "state", actionRepeat: 8 },
          agent: { hiddenDim: 8, batchSize: 8 }, seed: 1, envSteps: 8 * 20, initSteps: 10,
          replayCapacity: 100, evalEvery: 8 * 20, evalEpisodes: 1, log: null, progress: "none",
        });
        console.log("BACKEND=" + tf.getBackend());
      })().catch((e) => { console.error(e); process.exit(1); });
    `);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain("BACKEND=cpu");
    expect(res.stdout + res.stderr).not.toMatch(BANNER);
  });

  it("building an agent before any backend is chosen warns once how to get wasm, without the tfjs banner", async () => {
    const res = await script(`
      const { agents } = require("reprorl");
      const spec = { observation: "state", obsShape: [5], actionDim: 1 };
      for (let i = 0; i < 2; i++) {
        const a = agents.makeAgent(agents.agentConfig({ hiddenDim: 8 }), spec, i);
        a.act([0, 0, 0, 0, 0], true);
        a.dispose();
      }
    `);
    expect(res.code, res.stderr).toBe(0);
    const warnings = res.stderr.match(/\[reprorl\] an agent runs on tfjs's pure-JS cpu backend.*initBackend/g) ?? [];
    expect(warnings).toHaveLength(1);
    expect(res.stdout + res.stderr).not.toMatch(BANNER);
  });

  it("`reprorl list` prints no tfjs banner", async () => {
    const res = await reprorl(["list"]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain("sac-ae");
    expect(res.stdout + res.stderr).not.toMatch(BANNER);
  });
});
