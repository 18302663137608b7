/**
 * A real single-node SLURM cluster for the tests (Debian `slurm-wlm` 22.05 + `munge`; .ci/run
 * installs them): munged on its own socket and key, slurmctld and slurmd in the foreground as
 * root, with a generated slurm.conf (one node, ProctrackType=proctrack/linuxproc,
 * TaskPlugin=task/none, no accounting) in a temp folder. Clients find it through $SLURM_CONF.
 * Anything that does not start is an error: the test fails, it is never skipped.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { freePort, tempDir } from "./helpers.js";

export interface Cluster {
  env: Record<string, string>;
  dir: string;
  /** Seconds from starting munged to the node being idle. */
  startSec: number;
  stop(): Promise<void>;
}

function daemon(cmd: string, args: string[], env: NodeJS.ProcessEnv, log: string): ChildProcess {
  const out = fs.openSync(log, "a");
  const child = spawn(cmd, args, { env, stdio: ["ignore", out, out] });
  fs.closeSync(out);
  return child;
}

export async function startCluster(cpus = 2): Promise<Cluster> {
  const t0 = Date.now();
  const dir = tempDir("reprorl-slurm-");
  const host = os.hostname();
  const [ctldPort, slurmdPort] = [await freePort(), await freePort()];
  for (const d of ["state", "spool", "munge"]) fs.mkdirSync(path.join(dir, d), { mode: 0o700 });
  const key = path.join(dir, "munge", "munge.key");
  fs.writeFileSync(key, Buffer.from(Array.from({ length: 1024 }, () => Math.floor(Math.random() * 256))), { mode: 0o600 });
  const socket = path.join(dir, "munge", "munge.socket");
  const m = spawnSync("munged", ["--force", `--key-file=${key}`, `--socket=${socket}`, `--pid-file=${path.join(dir, "munge", "munged.pid")}`, `--log-file=${path.join(dir, "munge", "munged.log")}`, `--seed-file=${path.join(dir, "munge", "munged.seed")}`], { encoding: "utf8" });
  if (m.error || m.status !== 0) throw new Error(`cannot start munged (install Debian's munge; .ci/run does): ${m.error?.message ?? m.stderr}`);
  const conf = path.join(dir, "slurm.conf");
  fs.writeFileSync(
    conf,
    [
      "ClusterName=reprorl-test",
      `SlurmctldHost=${host}`,
      "SlurmUser=root",
      "SlurmdUser=root",
      "AuthType=auth/munge",
      "CredType=cred/munge",
      `AuthInfo=socket=${socket}`,
      `StateSaveLocation=${path.join(dir, "state")}`,
      `SlurmdSpoolDir=${path.join(dir, "spool")}`,
      `SlurmctldPidFile=${path.join(dir, "slurmctld.pid")}`,
      `SlurmdPidFile=${path.join(dir, "slurmd.pid")}`,
      `SlurmctldPort=${ctldPort}`,
      `SlurmdPort=${slurmdPort}`,
      "ProctrackType=proctrack/linuxproc",
      "TaskPlugin=task/none",
      "SchedulerType=sched/backfill",
      "SelectType=select/cons_tres",
      "SelectTypeParameters=CR_Core",
      "ReturnToService=2",
      "MpiDefault=none",
      "JobAcctGatherType=jobacct_gather/none",
      "AccountingStorageType=accounting_storage/none",
      `SlurmctldLogFile=${path.join(dir, "slurmctld.log")}`,
      `SlurmdLogFile=${path.join(dir, "slurmd.log")}`,
      `NodeName=${host} CPUs=${cpus} State=UNKNOWN`,
      `PartitionName=debug Nodes=${host} Default=YES MaxTime=INFINITE State=UP`,
      "",
    ].join("\n"),
  );
  const env = { ...process.env, SLURM_CONF: conf };
  const ctld = daemon("slurmctld", ["-D", "-f", conf], env, path.join(dir, "slurmctld.out"));
  const slurmd = daemon("slurmd", ["-D", "-f", conf], env, path.join(dir, "slurmd.out"));
  const stopAll = async (): Promise<void> => {
    for (const c of [slurmd, ctld]) if (c.exitCode === null && c.signalCode === null) c.kill("SIGTERM");
    await Promise.all([slurmd, ctld].map((c) => (c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise((r) => c.once("exit", r)))));
    const pid = Number(fs.readFileSync(path.join(dir, "munge", "munged.pid"), "utf8"));
    try {
      process.kill(pid, "SIGTERM");
    } catch {
      /* already gone */
    }
  };
  const deadline = Date.now() + 30_000;
  let state = "";
  while (Date.now() < deadline) {
    for (const [name, c] of [["slurmctld", ctld], ["slurmd", slurmd]] as const) {
      if (c.exitCode !== null) {
        await stopAll();
        throw new Error(`${name} exited with ${c.exitCode} (install Debian's slurm-wlm; .ci/run does): ${fs.readFileSync(path.join(dir, `${name}.log`), "utf8").split("\n").slice(-5).join(" | ")}`);
      }
    }
    const r = spawnSync("sinfo", ["-h", "-o", "%T"], { env, encoding: "utf8" });
    state = (r.stdout ?? "").trim();
    if (state === "idle") break;
    await new Promise((res) => setTimeout(res, 250));
  }
  if (state !== "idle") {
    await stopAll();
    throw new Error(`the SLURM node is not idle after 30 s (state ${JSON.stringify(state)}); logs in ${dir}`);
  }
  return { env: { SLURM_CONF: conf }, dir, startSec: (Date.now() - t0) / 1000, stop: stopAll };
}
