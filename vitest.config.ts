import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    exclude: ["tests/**/*.live.test.ts", "node_modules/**"],
    environment: "node",
    // Tests that start processes or worker threads load the injection screen through tsx in each (seconds of
    // CPU apiece); on a loaded two-core machine a few took just over 20 s. A test that hangs still fails.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration tests start loopback servers; a process per file keeps their ports and state apart.
    pool: "forks",
    // Two files at a time: many integration tests wait on servers, queues and child processes, and one
    // file at a time left a core idle (the suite took 21-28 min on two cores). Each file uses its own
    // database, queue name, temporary directory and port, so files never share state.
    maxWorkers: 2,
  },
});
