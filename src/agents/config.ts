/**
 * Agent configs: one schema per algorithm, each beside its algorithm file (sac.ts, drq.ts,
 * curl.ts, sac-ae.ts), composed from shared pieces (the SAC core's keys = network sizes + the
 * actor's, critic's, temperature's and encoder's keys; augmentation keys; the algorithm's own).
 * `AgentConfig` is their union, discriminated by `algorithm`. `agentConfig` validates a raw
 * object against the schema its `algorithm` names: unknown keys, bad values, and options of
 * another algorithm (e.g. `drqK` with "sac") are one-line errors naming the key and what is allowed.
 *
 * Defaults are each algorithm's reference values (presets.ts: SAC-AE's for "sac" and "sac-ae",
 * DrQ's for "drq", CURL's for "curl"), each value with the reference file and line. SAC-AE's
 * agree with thesis Table 4.2 except the learning rates (thesis: 5e-4 for everything but α) —
 * `THESIS_TABLE_4_2` gives the thesis's values.
 */
import { validateConfig, type Schema } from "../core/config.js";
import { ReproError } from "../core/errors.js";
import { CURL_SCHEMA, type CurlConfig } from "./curl.js";
import { DBC_SCHEMA, type DbcConfig } from "./dbc.js";
import { MICO_SCHEMA, type MicoConfig } from "./mico.js";
import { AMBS_SCHEMA, type AmbsConfig } from "./ambs.js";
import { RAP_SCHEMA, type RapConfig } from "./rap.js";
import { DRQ_SCHEMA, type DrqConfig } from "./drq.js";
import { SAC_AE_SCHEMA, type SacAeConfig } from "./sac-ae.js";
import { SAC_SCHEMA, type SacConfig } from "./sac.js";

export type { SacConfig, DrqConfig, CurlConfig, SacAeConfig, DbcConfig, MicoConfig, AmbsConfig, RapConfig };
export type AgentConfig = SacConfig | DrqConfig | CurlConfig | SacAeConfig | DbcConfig | MicoConfig | AmbsConfig | RapConfig;
export type Algorithm = AgentConfig["algorithm"];

/** Each algorithm's schema, by name. */
export const AGENT_SCHEMAS: { readonly [A in Algorithm]: Schema } = {
  sac: SAC_SCHEMA,
  drq: DRQ_SCHEMA,
  curl: CURL_SCHEMA,
  "sac-ae": SAC_AE_SCHEMA,
  dbc: DBC_SCHEMA,
  mico: MICO_SCHEMA,
  ambs: AMBS_SCHEMA,
  rap: RAP_SCHEMA,
};
const ALGORITHMS = Object.keys(AGENT_SCHEMAS) as Algorithm[];

/** Validate a raw agent config against the schema of its `algorithm` (default "sac"). */
export function agentConfig(raw: Record<string, unknown> = {}): AgentConfig {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) throw new ReproError(`config "agent": expected an object of key/value settings`);
  const algorithm = raw["algorithm"] ?? "sac";
  if (typeof algorithm !== "string" || !(ALGORITHMS as string[]).includes(algorithm)) {
    throw new ReproError(`config "agent": key "algorithm" must be one of ${ALGORITHMS.join("|")}, got ${JSON.stringify(algorithm)}`);
  }
  const schema = AGENT_SCHEMAS[algorithm as Algorithm];
  for (const key of Object.keys(raw)) {
    if (key in schema) continue;
    const owners = ALGORITHMS.filter((a) => key in AGENT_SCHEMAS[a]);
    if (owners.length > 0) {
      throw new ReproError(`config "agent (${algorithm})": key "${key}" is an option of ${owners.join(", ")}, not of ${algorithm}; allowed keys: ${Object.keys(schema).join(", ")}`);
    }
  }
  return validateConfig(`agent (${algorithm})`, schema, { ...raw, algorithm }) as AgentConfig;
}

/** Thesis Table 4.2 (AMBS) values, for runs that follow the thesis rather than SAC-AE (`encoderLr`/`decoderLr` are SAC+AE keys). */
export const THESIS_TABLE_4_2: Partial<SacAeConfig> = {
  batchSize: 128, gamma: 0.99, alphaLr: 1e-4, criticLr: 5e-4, actorLr: 5e-4, encoderLr: 5e-4, decoderLr: 5e-4,
  targetUpdateFreq: 2, actorUpdateFreq: 2, logStdMin: -10, logStdMax: 2, criticTau: 0.01, encoderTau: 0.05, initTemperature: 0.1,
};

/** What the agent needs to know about the environment. */
export interface AgentSpec {
  /** "pixels": obsShape = [H, W, 3k] uint8; "state": obsShape = [d]. */
  observation: "pixels" | "state";
  obsShape: readonly number[];
  actionDim: number;
  /**
   * Pixels only: the side the networks see when observations are rendered larger (CURL's
   * random crop, e.g. 100 → 84); the agent crops (randomly in updates, centred when acting).
   * Absent: the networks see obsShape.
   */
  cropSize?: number;
}
