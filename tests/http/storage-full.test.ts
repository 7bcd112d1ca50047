import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import type BetterSqlite3 from "better-sqlite3";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { loggerOptions } from "../../src/lib/logger.js";
import { allCriteriaReply, createScriptedModel, type ScriptedModel } from "../helpers/scripted-model.js";
import { buildTestAppWithRubric, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * A database that cannot store data (a full disk; SQLite says SQLITE_FULL) answered 500 `internal_error`,
 * which says "a bug" and which clients and LMSs do not retry. Nothing was stored, and the same request
 * succeeds once space is freed: 503 `storage_unavailable` with Retry-After, logged at error level with the
 * driver's code, and the Idempotency-Key the failed request claimed is free for its retry.
 */

// The app's own SQLite connection, to make its file full as a full disk would: `max_page_count` is a
// setting of the connection, and the page limit it sets fails a write with SQLITE_FULL.
const opened = vi.hoisted(() => [] as BetterSqlite3.Database[]);
vi.mock("better-sqlite3", async (importOriginal) => {
  const { default: Database } = await importOriginal<{ default: typeof BetterSqlite3 }>();
  class RecordedDatabase extends Database {
    constructor(...args: ConstructorParameters<typeof BetterSqlite3>) {
      super(...args);
      opened.push(this);
    }
  }
  return { default: RecordedDatabase };
});

let directory: string;
let test: TestApp;
let model: ScriptedModel;
let lines: Record<string, unknown>[];
beforeEach(async () => {
  opened.length = 0;
  directory = mkdtempSync(join(tmpdir(), "grader-full-"));
  lines = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split("\n").filter(Boolean)) {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  // Long enough that storing the grade needs pages the file does not have yet.
  const feedback = `Feedback for the student. ${"Name the inputs and the outputs of the reaction. ".repeat(200)}`;
  model = createScriptedModel({
    fallback: () => allCriteriaReply({ inputs: 2, outputs: 2 }, { quote: "glucose", feedback }),
  });
  test = await buildTestAppWithRubric({
    env: { DATABASE_URL: `sqlite:${join(directory, "grader.db")}` },
    dependencies: { model, logger: pino(loggerOptions("info"), stream) },
  });
});
afterEach(async () => {
  await test.close();
  rmSync(directory, { recursive: true, force: true });
});

const answer = "Plants need light, water and carbon dioxide and make glucose and oxygen.";
const grade = () =>
  test.app.inject({
    method: "POST",
    url: "/v1/grade",
    payload: { rubricId: scienceRubric.id, answer, studentId: "student-1" },
    headers: { "idempotency-key": "grade-once" },
  });

describe("a grade while the database cannot store data (SQLITE_FULL)", () => {
  it("answers 503 storage_unavailable with Retry-After, stores nothing, and the retry with its key succeeds once space is freed", async () => {
    expect(opened).toHaveLength(1);
    const connection = opened[0]!;
    const rows = (table: string) =>
      (connection.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
    const pages = connection.pragma("page_count", { simple: true }) as number;
    connection.pragma(`max_page_count = ${pages}`);

    const refused = await grade();
    expect(refused.statusCode, refused.body).toBe(503);
    expect(refused.json().error.code).toBe("storage_unavailable");
    expect(refused.json().error.message).toMatch(/cannot store data right now.*nothing .*was stored/);
    // Neither the SQL nor the file is named.
    expect(refused.body).not.toMatch(/sqlite|insert|grader\.db|SQLITE_FULL/i);
    expect(Number(refused.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    // It was graded and failed storing: the grade, its audit, its usage and the run record were rolled
    // back together, and the key's claim was let go. The calls' spend is written on its own afterwards
    // (the provider billed them), counting no grade, when the full file still takes it.
    expect(model.calls.length).toBeGreaterThan(0);
    expect(rows("grades")).toBe(0);
    const gradesCounted = () =>
      (connection.prepare("select coalesce(sum(grades), 0) as n from usage_days").get() as { n: number }).n;
    expect(gradesCounted()).toBe(0);
    expect(rows("grade_runs")).toBe(0);
    expect(rows("idempotency_keys")).toBe(0);

    const logged = lines.filter((line) => line.code === "storage_unavailable");
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ level: 50, databaseCode: "SQLITE_FULL" });
    // Once: no other line at error level for it (a second "request errored", a store's own).
    expect(lines.filter((line) => (line.level as number) >= 50)).toHaveLength(1);

    // Space is freed: the same request, with the same key, is graded and stored.
    connection.pragma(`max_page_count = ${pages * 1000}`);
    const callsBefore = model.calls.length;
    const retried = await grade();
    expect(retried.statusCode, retried.body).toBe(200);
    expect(retried.headers["idempotent-replayed"]).toBeUndefined();
    expect(model.calls.length).toBeGreaterThan(callsBefore);
    expect(rows("grades")).toBe(1);
    expect(gradesCounted()).toBe(1);
    // And its key now answers that grade.
    const replayed = await grade();
    expect(replayed.statusCode).toBe(200);
    expect(replayed.headers["idempotent-replayed"]).toBe("true");
    expect(replayed.json().id).toBe(retried.json().id);
  });

  it("answers a rubric upload 503 storage_unavailable too, and takes it once space is freed", async () => {
    const connection = opened[0]!;
    const pages = connection.pragma("page_count", { simple: true }) as number;
    connection.pragma(`max_page_count = ${pages}`);
    const big = {
      ...scienceRubric,
      id: "big-rubric",
      referenceAnswer: "Plants use light. ".repeat(500),
    };
    const refused = await test.app.inject({ method: "POST", url: "/v1/rubrics", payload: big });
    expect(refused.statusCode, refused.body).toBe(503);
    expect(refused.json().error.code).toBe("storage_unavailable");
    connection.pragma(`max_page_count = ${pages * 1000}`);
    const stored = await test.app.inject({ method: "POST", url: "/v1/rubrics", payload: big });
    expect(stored.statusCode, stored.body).toBe(201);
  });

  it("answers a job upload 503 storage_unavailable with none of its items kept, and takes it with its key once space is freed", async () => {
    const connection = opened[0]!;
    const rows = (table: string) =>
      (connection.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
    const pages = connection.pragma("page_count", { simple: true }) as number;
    connection.pragma(`max_page_count = ${pages}`);
    const answers = Array.from({ length: 300 }, (_, n) => ({
      answer: `Plants need light ${n} and make glucose. ${"They also need water. ".repeat(10)}`,
    }));
    const upload = () =>
      test.app.inject({
        method: "POST",
        url: "/v1/jobs",
        payload: { rubricId: scienceRubric.id, answers },
        headers: { "idempotency-key": "job-once" },
      });
    const refused = await upload();
    expect(refused.statusCode, refused.body).toBe(503);
    expect(refused.json().error.code).toBe("storage_unavailable");
    expect(rows("jobs")).toBe(0);
    expect(rows("job_items")).toBe(0);

    connection.pragma(`max_page_count = ${pages * 1000}`);
    const stored = await upload();
    expect(stored.statusCode, stored.body).toBe(202);
    expect(stored.json().total).toBe(300);
  });
});
