import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { packageRoot } from "../../src/lib/package-root.js";
import { openStorage, type Storage } from "../../src/storage/database.js";
import { buildTestApp, type TestApp } from "../helpers/test-app.js";

/**
 * An erasure (or a retention purge) commits, then truncates the WAL file so that its old page images of
 * the erased text go too. A process killed (SIGKILL) between the two left those frames in the WAL file,
 * and a restart on the same file kept them there: nothing truncated it again until the next erasure
 * (or a retention run, when retention is on at all).
 */

const marker = "WOMBAT-ERASED-4417";

let directory: string;
let path: string;
let storage: Storage | undefined;

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), "grader-wal-restart-"));
  path = join(directory, "grader.db");
});
afterEach(async () => {
  await storage?.close();
  storage = undefined;
  rmSync(directory, { recursive: true, force: true });
});

/** Every byte SQLite keeps for the database: the main file, the WAL and its index. */
function databaseBytes(): Buffer {
  return Buffer.concat(
    [path, `${path}-wal`, `${path}-shm`, `${path}-journal`].map((file) =>
      existsSync(file) ? readFileSync(file) : Buffer.alloc(0),
    ),
  );
}
const holds = (bytes: Buffer, text: string) => bytes.includes(Buffer.from(text, "utf8"));

/**
 * A process that writes `marker`, deletes it (with secure_delete, as the service does) and is killed
 * before any checkpoint: the WAL keeps the page image that held it.
 */
async function writeDeleteAndDie(): Promise<void> {
  const script = `
    const Database = require("better-sqlite3");
    const db = new Database(${JSON.stringify(path)});
    db.pragma("journal_mode = WAL");
    db.pragma("secure_delete = ON");
    db.exec("create table scratch (text text not null)");
    db.prepare("insert into scratch (text) values (?)").run(${JSON.stringify(`answer ${marker}`)});
    db.prepare("delete from scratch").run();
    process.kill(process.pid, "SIGKILL");
  `;
  const child = spawn(process.execPath, ["-e", script], { cwd: packageRoot(), stdio: "inherit" });
  const [, signal] = (await once(child, "exit")) as [number | null, NodeJS.Signals | null];
  expect(signal).toBe("SIGKILL");
}

describe("a SQLite file whose process was killed after a deletion, before its checkpoint", () => {
  it("keeps no image of the deleted text once a process opens it again", async () => {
    // The schema first, closed cleanly (its WAL checkpointed and removed).
    await (await openStorage({ kind: "sqlite", path })).close();
    await writeDeleteAndDie();
    expect(holds(readFileSync(`${path}-wal`), marker)).toBe(true);

    storage = await openStorage({ kind: "sqlite", path });
    expect(holds(databaseBytes(), marker)).toBe(false);
  });
});

describe("a SQLite file whose WAL holds deleted text while another process reads it", () => {
  it("is truncated by the running service once that process stops reading, retention off as well", async () => {
    await (await openStorage({ kind: "sqlite", path })).close();
    await writeDeleteAndDie();
    // Another process sharing the file reads it as this one starts: the start's checkpoint cannot empty
    // the WAL (nor could an erasure's, for a reader at its end). Regression: with GRADER_RETENTION_DAYS
    // unset nothing tried again, and the deleted text stayed in the WAL file until the next erasure.
    const reader = new BetterSqlite3(path);
    let test: TestApp | undefined;
    try {
      reader.exec("begin");
      reader.prepare("select count(*) from scratch").get();
      test = await buildTestApp({
        env: { DATABASE_URL: `sqlite:${path}` },
        dependencies: { retentionIntervalMs: 200 },
      });
      expect(test.config.retention.answerDays).toBeNull();
      expect(holds(readFileSync(`${path}-wal`), marker)).toBe(true);

      reader.exec("commit");
      reader.close();
      await vi.waitFor(() => expect(holds(databaseBytes(), marker)).toBe(false), {
        timeout: 20_000,
        interval: 100,
      });
    } finally {
      if (reader.open) reader.close();
      await test?.close();
    }
  }, 40_000);
});
