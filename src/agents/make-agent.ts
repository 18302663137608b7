/** Build the agent class named by `config.algorithm`. */
import { warnIfDefaultBackend } from "../backend/ensure.js";
import { ReproError } from "../core/errors.js";
import type { AgentConfig, AgentSpec } from "./config.js";
import { CurlAgent } from "./curl.js";
import { DrqAgent } from "./drq.js";
import { SacAeAgent } from "./sac-ae.js";
import { SacAgent } from "./sac.js";

/** The agent class for `config.algorithm`. */
export function makeAgent(config: AgentConfig, spec: AgentSpec, seed: number): SacAgent {
  warnIfDefaultBackend("an agent");
  switch (config.algorithm) {
    case "sac":
      return new SacAgent(config, spec, seed);
    case "drq":
      return new DrqAgent(config, spec, seed);
    case "curl":
      return new CurlAgent(config, spec, seed);
    case "sac-ae":
      return new SacAeAgent(config, spec, seed);
    default:
      throw new ReproError(`unknown algorithm '${String(config.algorithm)}'; use sac, drq, curl or sac-ae`);
  }
}
