/**
 * Lookups by user-supplied names use Maps: names inherited from Object.prototype ("toString",
 * "__proto__", "constructor") are unknown names with a one-line error, never table entries.
 * Before this, `makeEnv("toString")` failed with "actionRepeat must be an integer…" and a config
 * key "toString" passed validation.
 */
import { describe, expect, it } from "vitest";
import { parseKeyValues, validateConfig } from "../../src/core/config.js";
import { NameTable } from "../../src/core/names.js";
import { agentConfig } from "../../src/agents/config.js";
import { agentPreset } from "../../src/agents/presets.js";
import { dmcTask, makeEnv } from "../../src/envs/index.js";
import { getChapter } from "../../src/experiments/registry.js";

const INHERITED = ["toString", "__proto__", "constructor", "hasOwnProperty", "valueOf"];

async function message(f: () => unknown): Promise<string> {
  try {
    await f();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error("expected an error");
}

describe.each(INHERITED)("the name %s", (name) => {
  it("is an unknown environment, listing the known ones", async () => {
    const msg = await message(() => makeEnv(name));
    expect(msg).toBe(msg.split("\n")[0]);
    expect(msg).toMatch(new RegExp(`^unknown environment "${name}"; known: cartpole-swingup, .*highway$`));
  });

  it("is an unknown control task", async () => {
    expect(await message(() => dmcTask(name))).toMatch(new RegExp(`^unknown control task "${name}"; known: `));
  });

  it("is an unknown agent algorithm and an unknown agent preset", async () => {
    expect(await message(() => agentConfig({ algorithm: name }))).toMatch(new RegExp(`key "algorithm" must be one of sac\\|drq\\|curl\\|sac-ae\\|dbc\\|mico\\|ambs\\|rap, got "${name}"`));
    expect(await message(() => agentPreset(name))).toMatch(new RegExp(`^unknown agent preset "${name}"; known: sac-ae, drq, curl, dbc, dbc-code, dbc-run-local, mico, ambs, ambs-thesis, ambs-authors-code, ambs-no-aug, ambs-no-f, ambs-no-c, ambs-c-half, ambs-one-gamma, ambs-dbc-drq, rap, rap-thesis, rap-authors-code$`));
  });

  it("is an unknown chapter", async () => {
    expect(await message(() => getChapter(name))).toMatch(new RegExp(`^unknown chapter "${name}"`));
  });

  it("is an unknown config key, whether given as an object or as key=value", async () => {
    const raw: Record<string, unknown> = {};
    Object.defineProperty(raw, name, { value: 1, enumerable: true });
    expect(await message(() => agentConfig(raw))).toMatch(new RegExp(`unknown key "${name}"`));
    expect(await message(() => agentConfig(parseKeyValues([`${name}=1`])))).toMatch(new RegExp(`unknown key "${name}"`));
  });
});

describe("parseKeyValues", () => {
  it("keeps __proto__ as an ordinary key instead of swallowing it", () => {
    const kv = parseKeyValues(["__proto__=x", "seed=3"]);
    expect(Object.keys(kv)).toEqual(["__proto__", "seed"]);
    expect(kv["seed"]).toBe("3");
  });
});

describe("NameTable", () => {
  const table = new NameTable("preset", [["sac-ae", 1], ["drq", 2]]);
  it("finds own names and lists them in order", () => {
    expect(table.get("drq")).toBe(2);
    expect(table.names()).toEqual(["sac-ae", "drq"]);
    expect(table.has("toString")).toBe(false);
    expect(table.find("constructor")).toBeUndefined();
  });
  it("gives one line for an unknown name and refuses a duplicate definition", async () => {
    expect(await message(() => table.get("toString"))).toBe('unknown preset "toString"; known: sac-ae, drq');
    expect(await message(() => new NameTable("preset", [["a", 1], ["a", 2]]))).toBe('preset "a" is defined twice');
  });
  it("validateConfig accepts the schema's own keys", () => {
    expect(validateConfig("x", { a: { type: "number", default: 1 } }, { a: 2 })).toEqual({ a: 2 });
  });
});
