import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    exclude: ["tests/**/*.live.test.ts", "node_modules/**"],
    environment: "node",
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Integration tests start loopback servers; a process per file keeps their ports and state apart.
    pool: "forks",
  },
});
