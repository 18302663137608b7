import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
    // Two test processes share the two cores: one wasm thread each (the thread pool has its
    // own tests, which set threads explicitly).
    env: { REPRORL_WASM_THREADS: "1" },
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});
