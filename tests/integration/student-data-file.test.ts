import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { systemClock, type Clock } from "../../src/lib/clock.js";
import { openStorage, type Storage } from "../../src/storage/database.js";
import { allCriteriaReply, createScriptedModel, type ScriptedModel } from "../helpers/scripted-model.js";
import { buildTestApp, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * An erased or purged answer must not be recoverable from the SQLite files: not from the database
 * file's free pages or free space inside pages (secure_delete), not from old frames of the WAL file
 * (truncating checkpoint). These tests read the raw bytes of every file SQLite keeps.
 */

const shortMarker = "QUOKKA-SHORT-5521";
const longMarker = "QUOKKA-LONG-8830";
const otherMarker = "ZEBRA-OTHER-1207";
const shortAnswer = `Plants need light, water and carbon dioxide (${shortMarker}) to make glucose.`;
// Longer than a page (4 KiB): stored in overflow pages, which are freed to the free list on delete.
const longAnswer = `${"Light, water and carbon dioxide make glucose and oxygen. ".repeat(80)}${longMarker} ${"Chlorophyll absorbs the light. ".repeat(80)}`;
const otherAnswer = `Light and water make sugar: ${otherMarker}.`;

let directory: string;
let path: string;
let storage: Storage;
let test: TestApp;
let model: ScriptedModel;

/** Every byte SQLite keeps for the database: the main file, the WAL and its index. */
function databaseBytes(): Buffer {
  return Buffer.concat(
    [path, `${path}-wal`, `${path}-shm`, `${path}-journal`].map((file) =>
      existsSync(file) ? readFileSync(file) : Buffer.alloc(0),
    ),
  );
}
const holds = (bytes: Buffer, text: string) => bytes.includes(Buffer.from(text, "utf8"));

/** The model quotes the answer's marker as evidence (also in its raw reply), and in its explanation. */
function replyQuoting(marker: string, options: { inExplanation: boolean }) {
  return allCriteriaReply(
    { inputs: 2, outputs: 1 },
    {
      quote: marker,
      feedback: "Good work.",
      explanation: options.inExplanation ? `It names the inputs (${marker}).` : "It names the inputs.",
    },
  );
}

async function start(options: { env?: Record<string, string>; clock?: Clock } = {}) {
  directory = mkdtempSync(join(tmpdir(), "grader-erasure-"));
  path = join(directory, "grader.db");
  storage = await openStorage({ kind: "sqlite", path });
  model = createScriptedModel();
  test = await buildTestApp({
    storage,
    ...(options.env ? { env: options.env } : {}),
    dependencies: { model, ...(options.clock ? { clock: options.clock } : {}) },
  });
  expect(
    (await test.app.inject({ method: "POST", url: "/v1/rubrics", payload: scienceRubric })).statusCode,
  ).toBe(201);
}

async function grade(
  answer: string,
  studentId: string,
  marker: string,
  options = { inExplanation: true },
): Promise<string> {
  model.enqueue(replyQuoting(marker, options));
  const response = await test.app.inject({
    method: "POST",
    url: "/v1/grade",
    payload: { rubricId: scienceRubric.id, answer, studentId },
  });
  expect(response.statusCode, response.body).toBe(200);
  expect(response.json().status).toBe("graded");
  return response.json().id as string;
}

afterEach(async () => {
  await test.close();
  await storage.close();
  rmSync(directory, { recursive: true, force: true });
});

describe("an erased student's answers in the database files", () => {
  beforeEach(() => start());

  it("are gone from the main file and the WAL, while the open database and after it is closed", async () => {
    await grade(shortAnswer, "s-erased", shortMarker);
    await grade(longAnswer, "s-erased", longMarker);
    await grade(otherAnswer, "s-kept", otherMarker);
    const before = databaseBytes();
    for (const marker of [shortMarker, longMarker, otherMarker])
      expect(holds(before, marker), marker).toBe(true);

    const erased = await test.app.inject({ method: "DELETE", url: "/v1/students/s-erased" });
    expect(erased.statusCode).toBe(200);
    expect(erased.json().grades).toBe(2);

    const after = databaseBytes();
    expect(holds(after, shortMarker)).toBe(false);
    expect(holds(after, longMarker)).toBe(false);
    // The bytes read are the database's: the other student's answer is still there.
    expect(holds(after, otherMarker)).toBe(true);
    expect(holds(after, "s-erased")).toBe(false);

    await test.close();
    await storage.close();
    const closed = databaseBytes();
    expect(holds(closed, shortMarker)).toBe(false);
    expect(holds(closed, longMarker)).toBe(false);
    expect(holds(closed, "s-erased")).toBe(false);
    expect(holds(closed, otherMarker)).toBe(true);
  });
});

describe("purged answers in the database files", () => {
  const dayMs = 24 * 60 * 60 * 1000;
  let now: Date;
  const clock: Clock = { now: () => now, sleep: (ms, signal) => systemClock.sleep(ms, signal) };

  beforeEach(async () => {
    now = new Date("2026-03-01T00:00:00.000Z");
    await start({ env: { GRADER_RETENTION_DAYS: "7" }, clock });
  });

  it("are gone with every quote of them; the grades and their points stay", async () => {
    // Feedback, rationales and explanations are kept by design (docs/api.md): here they quote nothing.
    const quoteOnlyAsEvidence = { inExplanation: false };
    const shortId = await grade(shortAnswer, "s-1", shortMarker, quoteOnlyAsEvidence);
    const longId = await grade(longAnswer, "s-1", longMarker, quoteOnlyAsEvidence);
    now = new Date(now.getTime() + 7 * dayMs);
    await grade(otherAnswer, "s-2", otherMarker, quoteOnlyAsEvidence);
    now = new Date(now.getTime() + 1);
    const before = databaseBytes();
    for (const marker of [shortMarker, longMarker, otherMarker])
      expect(holds(before, marker), marker).toBe(true);

    expect(await test.runtime.answerRetention!.purge()).toMatchObject({ purgedGrades: 2, compacted: true });
    const after = databaseBytes();
    expect(holds(after, shortMarker)).toBe(false);
    expect(holds(after, longMarker)).toBe(false);
    expect(holds(after, otherMarker)).toBe(true);
    for (const id of [shortId, longId]) {
      const stored = (await storage.grades.findById(id))!;
      expect(stored.grade.totalPoints).toBe(3);
      expect(stored.answer).toBe("");
      expect(stored.answerPurgedAt).toBe(now.toISOString());
    }

    await test.close();
    await storage.close();
    const closed = databaseBytes();
    expect(holds(closed, shortMarker)).toBe(false);
    expect(holds(closed, longMarker)).toBe(false);
    expect(holds(closed, otherMarker)).toBe(true);
  });
});
