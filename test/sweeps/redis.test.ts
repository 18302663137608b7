/**
 * Issue 18 items 4 and 5 against a real Redis: `redis-server` (Debian; .ci/run installs it) is
 * started here on a free port of 127.0.0.1 — if it cannot start, the test fails. Three
 * `reprorl worker` processes pull a 5-job sweep of drl-thesis/ch2-background (smoke tier,
 * chapter seeds 0-4); the first worker to start a job is killed with SIGKILL mid-job. Every job
 * must complete exactly once, the killed job on another worker, the submitter's store must hold
 * the same results as a local sweep, the queue must be left empty, and `reprorl figures` must
 * rebuild the chapter from the collected results alone.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../notebook/helpers.js";
import { CH2, expectSameResults, freePort, outputRoot, reprorl, requireBuiltCli, startCli, storeFiles, tempDir, type Running } from "./helpers.js";

let server: ChildProcess | undefined;
let url = "";

async function startRedis(): Promise<void> {
  const port = await freePort();
  const dir = tempDir("reprorl-redis-");
  server = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir], { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`redis-server did not start within 10 s:\n${log}`)), 10_000);
    server!.on("error", (err) => (clearTimeout(t), reject(new Error(`cannot start redis-server (install Debian's redis-server; .ci/run does): ${err.message}`))));
    server!.stdout!.on("data", (d: Buffer) => {
      log += d.toString();
      if (/Ready to accept connections/.test(log)) (clearTimeout(t), resolve());
    });
    server!.on("exit", (code) => (clearTimeout(t), reject(new Error(`redis-server exited with ${code}:\n${log}`))));
  });
  url = `redis://127.0.0.1:${port}`;
}

beforeAll(async () => {
  requireBuiltCli();
  await startRedis();
});

afterAll(() => {
  server?.kill("SIGTERM");
});

const SEEDS = "0-4";
/** The SIGKILLed worker of the first test (its scratch folder is removed by the next worker that starts). */
let victimPid: number | undefined;
const N = 5;

describe("sweep --backend redis with real workers", () => {
  it("a SIGKILLed worker's job is retried on another worker; every job completes once; results equal a local sweep", async () => {
    const queue = `reprorl-test-${process.pid}`;
    const local = outputRoot("reprorl-redis-local-");
    const submitter = outputRoot("reprorl-redis-submit-");

    // submit first (nothing runs yet), then start the workers
    const t0 = Date.now();
    const enq = await reprorl(["sweep", CH2, "--tier", "smoke", "--seeds", SEEDS, "--backend", "redis", "--redis", url, "--queue", queue], submitter.env);
    expect(enq.code, enq.stderr).toBe(0);
    expect(enq.stderr).toContain(`${N} jobs added, 0 failed ones retried, 0 already queued`);
    // submitting again adds nothing (deterministic job ids)
    const twice = await reprorl(["sweep", CH2, "--tier", "smoke", "--seeds", SEEDS, "--backend", "redis", "--redis", url, "--queue", queue], submitter.env);
    expect(twice.stderr).toContain(`0 jobs added, 0 failed ones retried, ${N} already queued`);

    const workers: Running[] = [0, 1, 2].map(() => startCli(["worker", "--redis", url, "--queue", queue, "--lock-seconds", "5"], {}));
    try {
      // kill the first worker that starts a job, mid-job
      const first = await Promise.race(workers.map((w, i) => w.waitFor(/: started /).then((line) => ({ i, line }))));
      const victim = workers[first.i]!;
      victim.child.kill("SIGKILL");
      await victim.exited;
      victimPid = victim.child.pid;
      expect(fs.readdirSync(os.tmpdir()).some((n) => n.startsWith(`reprorl-worker-${victimPid}-`))).toBe(true); // its scratch, left behind
      const killedJob = /started \S+ (\S+)/.exec(first.line)![1]!;
      expect(victim.out()).not.toMatch(new RegExp(`completed \\S+ ${killedJob.replace(/\//g, "\\/")}`));

      const follow = await reprorl(["sweep", CH2, "--tier", "smoke", "--seeds", SEEDS, "--backend", "redis", "--redis", url, "--queue", queue, "--wait"], submitter.env);
      const wallSec = (Date.now() - t0) / 1000;
      expect(follow.code, follow.stderr).toBe(0);
      expect(follow.stderr).toMatch(new RegExp(`${N} results collected into .*, 0 still queued or running, 0 failed`));
      expect(follow.stderr).toMatch(new RegExp(`\\[#+\\] ${N}/${N} done`));

      // every job completed exactly once, the killed one on a surviving worker
      const completed = workers.flatMap((w) => w.out().split("\n").filter((l) => / completed /.test(l)).map((l) => /completed \S+ (\S+)/.exec(l)![1]!));
      expect(completed.sort()).toEqual([0, 1, 2, 3, 4].map((s) => `checks/numeric/seed-${s}`));
      const survivors = workers.filter((w) => w !== victim);
      expect(survivors.some((w) => w.out().includes(`completed ${CH2} ${killedJob}`))).toBe(true);

      // the queue holds nothing once the results are collected
      const r = new Redis(url);
      const keys = await r.keys(`bull:${queue}:*`);
      const left = await Promise.all(["wait", "active", "completed", "failed", "delayed"].map(async (s) => {
        const k = `bull:${queue}:${s}`;
        const type = await r.type(k);
        return type === "list" ? r.llen(k) : type === "zset" ? r.zcard(k) : 0;
      }));
      r.disconnect();
      expect(left, keys.join(" ")).toEqual([0, 0, 0, 0, 0]);

      // the same jobs computed locally: same files, byte-identical but for measured wall times
      expect((await reprorl(["sweep", CH2, "--tier", "smoke", "--seeds", SEEDS], local.env)).code).toBe(0);
      const cmp = expectSameResults(local.results, submitter.results);
      expect(cmp).toEqual({ identical: N * 10, timed: N });
      expect(storeFiles(submitter.results).size).toBe(N * 11 * 2);
      // `reprorl figures` rebuilds the chapter from the collected results alone (no training)
      const nbDir = path.join(submitter.dir, "notebooks", "drl-thesis");
      fs.mkdirSync(nbDir, { recursive: true });
      fs.copyFileSync(path.join(ROOT, "notebooks", "drl-thesis", "ch2-background.ipynb"), path.join(nbDir, "ch2-background.ipynb"));
      fs.mkdirSync(path.join(submitter.dir, "node_modules"));
      fs.symlinkSync(ROOT, path.join(submitter.dir, "node_modules", "reprorl")); // the notebook's `import … from "reprorl"`
      const before = storeFiles(submitter.results);
      const fig = await reprorl(["figures", CH2, "--tier", "smoke"], { ...submitter.env, REPRORL_PROJECT_ROOT: submitter.dir });
      expect(fig.code, fig.stderr).toBe(0);
      expect(fs.readdirSync(path.join(submitter.dir, "figures", CH2, "tables")).length).toBeGreaterThan(0);
      expect(storeFiles(submitter.results)).toEqual(before); // nothing recomputed or rewritten

      console.log(`redis sweep: ${N} jobs, 3 workers (one SIGKILLed mid-job on ${killedJob}), ${wallSec.toFixed(1)} s from submission to the last result; ${cmp.identical} CSVs byte-identical to a local sweep, ${cmp.timed} identical but for their wall-time column`);
    } finally {
      for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill("SIGINT");
      await Promise.all(workers.map((w) => w.exited));
    }
    expect(path.isAbsolute(submitter.results)).toBe(true);
  }, 300_000);

  it("a job that fails on a worker is listed with the worker's one-line reason; the same command resubmits it fresh", async () => {
    const queue = `reprorl-test-fail-${process.pid}`;
    const submitter = outputRoot("reprorl-redis-fail-");
    const listed = await reprorl(["jobs", CH2, "--tier", "smoke", "--json"], submitter.env);
    const hash = (JSON.parse(listed.stdout) as { configHash: string }[])[0]!.configHash;
    // a job queued by "another reprorl version": its config hash is not this checkout's
    const q = new Queue(queue, { connection: { url } });
    await q.add("checks/numeric/seed-0", { chapter: CH2, tier: "smoke", id: "checks/numeric/seed-0", chapterSeed: 0, configHash: "000000000000" }, { jobId: `${CH2}|smoke|${hash}|checks/numeric/seed-0` });
    await q.close();
    const args = ["sweep", CH2, "--tier", "smoke", "--backend", "redis", "--redis", url, "--queue", queue, "--wait"];
    // the submitter finds the job queued (and follows it) before any worker runs it
    const first = startCli(args, submitter.env);
    await first.waitFor(/already queued/);
    const worker = startCli(["worker", "--redis", url, "--queue", queue, "--lock-seconds", "3"], {});
    try {
      await worker.waitFor(/waiting for jobs/);
      expect(victimPid).toBeDefined();
      expect(fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith(`reprorl-worker-${victimPid}-`))).toEqual([]);
      expect(await first.exited).toBe(1);
      const err = first.out();
      expect(err).toContain("0 jobs added, 0 failed ones retried, 1 already queued");
      expect(err).toMatch(/failed: checks\/numeric\/seed-0: reprorl: job checks\/numeric\/seed-0 of drl-thesis\/ch2-background was planned with config 000000000000 but this checkout's smoke-tier config is [0-9a-f]{12}/);
      expect(err).toContain("rerun the same command to retry the failed job alone");
      expect(storeFiles(submitter.results).size).toBe(0);
      const again = await reprorl(args, submitter.env);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stderr).toContain("0 jobs added, 1 failed one retried, 0 already queued");
      expect(again.stderr).toMatch(/1 result collected into .*, 0 still queued or running, 0 failed/);
      expect(storeFiles(submitter.results).size).toBe(11 * 2);
    } finally {
      worker.child.kill("SIGINT");
      await worker.exited;
    }
  });
});
