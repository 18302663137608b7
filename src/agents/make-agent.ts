/** Build the agent `config.algorithm` names: the SAC core plus that algorithm's modules. */
import { warnIfDefaultBackend } from "../backend/ensure.js";
import { ReproError } from "../core/errors.js";
import type { AgentConfig, AgentSpec } from "./config.js";
import { makeCurl } from "./curl.js";
import { makeDbc } from "./dbc.js";
import { makeMico } from "./mico.js";
import { makeAmbs } from "./ambs.js";
import { makeRap } from "./rap.js";
import { makeDrq } from "./drq.js";
import { makeSacAe } from "./sac-ae.js";
import { makeSac, type SacAgent } from "./sac.js";

export function makeAgent(config: AgentConfig, spec: AgentSpec, seed: number): SacAgent {
  warnIfDefaultBackend("an agent");
  switch (config.algorithm) {
    case "sac":
      return makeSac(config, spec, seed);
    case "drq":
      return makeDrq(config, spec, seed);
    case "curl":
      return makeCurl(config, spec, seed);
    case "sac-ae":
      return makeSacAe(config, spec, seed);
    case "dbc":
      return makeDbc(config, spec, seed);
    case "mico":
      return makeMico(config, spec, seed);
    case "ambs":
      return makeAmbs(config, spec, seed);
    case "rap":
      return makeRap(config, spec, seed);
    default:
      throw new ReproError(`unknown algorithm '${String((config as { algorithm: unknown }).algorithm)}'; use sac, drq, curl, sac-ae, dbc, mico, ambs or rap`);
  }
}
