import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openStorage, type Storage } from "../../src/storage/database.js";
import { postgresBackends, postgresSkipReason, postgresUrl } from "../helpers/postgres.js";

/**
 * The request gates' store (GCRA) on every backend: SQLite, and PostgreSQL when
 * GRADER_TEST_POSTGRES_URL is set (a fresh database per test), where concurrent takes run on separate
 * pooled connections.
 */
const backends: {
  name: string;
  open: () => Promise<{ storage: Storage; cleanup: () => Promise<void> }>;
}[] = [
  {
    name: "sqlite in memory",
    open: async () => ({
      storage: await openStorage({ kind: "sqlite", path: ":memory:" }),
      cleanup: async () => {},
    }),
  },
];
backends.push(...postgresBackends("gates", openStorage));

describe.skipIf(postgresUrl)("request gate contract: postgres", () => {
  it.skip(`skipped: ${postgresSkipReason}`, () => {});
});

// Real epoch milliseconds: beyond 32 bits, as the bigint column must hold them.
const t0 = Date.UTC(2026, 11, 1, 9, 0, 0);

for (const backend of backends) {
  describe(`request gate store: ${backend.name}`, () => {
    let storage: Storage;
    let cleanup: () => Promise<void>;
    beforeEach(async () => {
      ({ storage, cleanup } = await backend.open());
    });
    afterEach(async () => {
      await storage.close();
      await cleanup();
    });

    it("grants the first request of a new gate and spaces the next ones by the interval", async () => {
      const gates = storage.requestGates;
      expect(await gates.take("g", t0, 1_000, 0)).toEqual({ granted: true });
      expect(await gates.take("g", t0, 1_000, 0)).toEqual({ granted: false, waitMs: 1_000 });
      expect(await gates.take("g", t0 + 400, 1_000, 0)).toEqual({ granted: false, waitMs: 600 });
      expect(await gates.take("g", t0 + 1_000, 1_000, 0)).toEqual({ granted: true });
      // An idle gate does not save up requests: after a long pause the next one is spaced from now.
      expect(await gates.take("g", t0 + 60_000, 1_000, 0)).toEqual({ granted: true });
      expect(await gates.take("g", t0 + 60_000, 1_000, 0)).toEqual({ granted: false, waitMs: 1_000 });
    });

    it("lets a request with a tolerance go that far ahead of the rate, and no further", async () => {
      const gates = storage.requestGates;
      expect(await gates.take("g", t0, 1_000, 2_000)).toEqual({ granted: true }); // next: t0 + 1 s
      expect(await gates.take("g", t0, 1_000, 2_000)).toEqual({ granted: true }); // next: t0 + 2 s
      expect(await gates.take("g", t0, 1_000, 2_000)).toEqual({ granted: true }); // next: t0 + 3 s
      expect(await gates.take("g", t0, 1_000, 2_000)).toEqual({ granted: false, waitMs: 1_000 });
      // Without tolerance (a batch request) the wait is until the rate allows one now.
      expect(await gates.take("g", t0, 1_000, 0)).toEqual({ granted: false, waitMs: 3_000 });
    });

    it("keeps gates apart by name", async () => {
      const gates = storage.requestGates;
      expect(await gates.take("openai:a", t0, 1_000, 0)).toEqual({ granted: true });
      expect(await gates.take("openai:b", t0, 1_000, 0)).toEqual({ granted: true });
    });

    it("holds a gate until a time, only ever forward, also before its first use", async () => {
      const gates = storage.requestGates;
      await gates.holdUntil("g", t0 + 5_000);
      expect(await gates.take("g", t0, 1_000, 0)).toEqual({ granted: false, waitMs: 5_000 });
      // An earlier hold does not shorten a later one.
      await gates.holdUntil("g", t0 + 2_000);
      expect(await gates.take("g", t0 + 4_999, 1_000, 0)).toEqual({ granted: false, waitMs: 1 });
      expect(await gates.take("g", t0 + 5_000, 1_000, 0)).toEqual({ granted: true });
      expect(await gates.take("g", t0 + 5_000, 1_000, 0)).toEqual({ granted: false, waitMs: 1_000 });
    });

    it("grants exactly as many of many simultaneous requests as the tolerance allows", async () => {
      const gates = storage.requestGates;
      // Ten requests at the same instant, with room for three (now, +1 s and +2 s).
      const results = await Promise.all(Array.from({ length: 10 }, () => gates.take("g", t0, 1_000, 2_000)));
      expect(results.filter((result) => result.granted)).toHaveLength(3);
      expect(await gates.take("g", t0 + 1_000, 1_000, 0)).toEqual({ granted: false, waitMs: 2_000 });
    });
  });
}
