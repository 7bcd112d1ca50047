import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomHex } from "../../src/lib/ids.js";
import { openStorage, type Storage } from "../../src/storage/database.js";
import { createTestDatabase, postgresUrl } from "./postgres.js";

/**
 * The queue engines a contract test runs on: the embedded engine on SQLite always; with
 * GRADER_TEST_POSTGRES_URL, the embedded engine on PostgreSQL and BullMQ on PostgreSQL; with
 * GRADER_TEST_REDIS_URL too, BullMQ on Redis (the jobs' rows still in PostgreSQL).
 */
export const redisUrl = process.env.GRADER_TEST_REDIS_URL?.trim() || undefined;
export const redisSkipReason =
  "GRADER_TEST_REDIS_URL (and GRADER_TEST_POSTGRES_URL) are not set (e.g. redis://127.0.0.1:6379); .ci/run sets them";

/** One deployment of an engine: what its processes (runtimes) share. */
export interface Deployment {
  /** The environment every process of the deployment shares. */
  env: Record<string, string>;
  /**
   * SQLite: one connection for every runtime of the test. better-sqlite3 waits for a lock by blocking
   * its thread, so two connections in one process would wait on each other; separate processes (what
   * these runtimes stand for) share a file fine.
   */
  storage?: Storage;
  cleanup(): Promise<void>;
}

export interface QueueEngine {
  name: string;
  /** Whether work goes through BullMQ (messages) rather than SQL leases alone. */
  bullmq: boolean;
  open(): Promise<Deployment>;
}

/** The engines available here; `label` names the temporary directories and databases. */
export function queueEngines(label: string): QueueEngine[] {
  const postgresDeployment = async (env: Record<string, string>): Promise<Deployment> => {
    const database = await createTestDatabase(label);
    return { env: { DATABASE_URL: database.config.url, ...env }, cleanup: () => database.drop() };
  };
  const engines: QueueEngine[] = [
    {
      name: "embedded on sqlite",
      bullmq: false,
      open: async () => {
        const directory = mkdtempSync(join(tmpdir(), `grader-${label}-`));
        const path = join(directory, "grader.db");
        const storage = await openStorage({ kind: "sqlite", path });
        return {
          env: { DATABASE_URL: `sqlite:${path}` },
          storage,
          cleanup: async () => {
            await storage.close();
            rmSync(directory, { recursive: true, force: true });
          },
        };
      },
    },
  ];
  if (postgresUrl) {
    engines.push(
      {
        name: "embedded on postgres",
        bullmq: false,
        open: () => postgresDeployment({ GRADER_QUEUE: "embedded" }),
      },
      { name: "bullmq on postgres", bullmq: true, open: () => postgresDeployment({}) },
    );
    if (redisUrl) {
      engines.push({
        name: "bullmq on redis",
        bullmq: true,
        // One queue per test on the shared server (BullMQ's convention).
        open: () => postgresDeployment({ REDIS_URL: redisUrl, GRADER_QUEUE_NAME: `test-${randomHex(6)}` }),
      });
    }
  }
  return engines;
}
