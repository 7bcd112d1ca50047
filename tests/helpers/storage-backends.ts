import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "vitest";
import { openStorage, type Storage } from "../../src/storage/database.js";
import { postgresBackends, postgresSkipReason, postgresUrl } from "./postgres.js";

export interface StorageBackend {
  name: string;
  open: () => Promise<{ storage: Storage; cleanup: () => Promise<void> }>;
}

/**
 * Every storage backend a contract test runs against, so callers never branch on which one is
 * configured: SQLite in memory, SQLite in a file (at `sqliteFile` inside a fresh temporary
 * directory), and PostgreSQL (a fresh database per `open`) when GRADER_TEST_POSTGRES_URL is set;
 * when it is not, the suite `${suite}: postgres` reports why it was skipped.
 */
export function storageBackends(suite: string, label: string, sqliteFile: string): StorageBackend[] {
  describe.skipIf(postgresUrl)(`${suite}: postgres`, () => {
    it.skip(`skipped: ${postgresSkipReason}`, () => {});
  });
  return [
    {
      name: "sqlite in memory",
      open: async () => ({
        storage: await openStorage({ kind: "sqlite", path: ":memory:" }),
        cleanup: async () => {},
      }),
    },
    {
      name: "sqlite file",
      open: async () => {
        const directory = mkdtempSync(join(tmpdir(), `grader-${label.replaceAll("_", "-")}-`));
        const storage = await openStorage({ kind: "sqlite", path: join(directory, sqliteFile) });
        const cleanup = () => Promise.resolve(rmSync(directory, { recursive: true, force: true }));
        return { storage, cleanup };
      },
    },
    ...postgresBackends(label, openStorage),
  ];
}
