import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildTestApp, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * Several processes may share one SQLite file. One that holds its write lock longer than a statement
 * waits for it (5 s) made every write of the others answer 500 `internal_error`, which clients and LMSs
 * do not retry; nothing was written, so it is a 503 `server_busy` with Retry-After.
 */

const require = createRequire(import.meta.url);

let directory: string;
let test: TestApp;
let writer: Worker | undefined;
beforeEach(async () => {
  directory = mkdtempSync(join(tmpdir(), "grader-busy-"));
  test = await buildTestApp({ env: { DATABASE_URL: `sqlite:${join(directory, "grader.db")}` } });
});
afterEach(async () => {
  await writer?.terminate();
  await test.close();
  rmSync(directory, { recursive: true, force: true });
});

describe("a write while another process holds the SQLite file's write lock for longer than a statement waits", () => {
  it("answers 503 server_busy with Retry-After, and the retry once the lock is free stores it", async () => {
    // The other process, in a thread of its own (better-sqlite3 waits for a lock synchronously): it holds
    // the lock until told to let go.
    writer = new Worker(
      `const { parentPort, workerData } = require("node:worker_threads");
       const Database = require(workerData.module);
       const db = new Database(workerData.path);
       db.exec("begin immediate");
       parentPort.postMessage("locked");
       parentPort.on("message", () => { db.exec("commit"); db.close(); parentPort.postMessage("free"); });`,
      {
        eval: true,
        workerData: { path: join(directory, "grader.db"), module: require.resolve("better-sqlite3") },
      },
    );
    await once(writer, "message");

    const refused = await test.app.inject({ method: "POST", url: "/v1/rubrics", payload: scienceRubric });
    expect(refused.statusCode).toBe(503);
    expect(refused.json().error.code).toBe("server_busy");
    expect(Number(refused.headers["retry-after"])).toBeGreaterThanOrEqual(1);

    writer.postMessage("commit");
    await once(writer, "message");
    const retried = await test.app.inject({ method: "POST", url: "/v1/rubrics", payload: scienceRubric });
    expect(retried.statusCode).toBe(201);
  }, 30_000);
});
