/**
 * The review queue at scale: `GET /v1/grades` and `GET /v1/review-queue` latency with 200,000 stored
 * grades (a third of them in answer groups), and what one reviewer polling the queue costs grading.
 *
 *   npx tsx bench/review-queue.ts [--grades 200000] [--requests 1000] [--without-list-indexes]
 *
 * Fills a temporary SQLite file with grades of realistic size (mixed statuses, 40 rubrics, 5,000
 * students; JSON documents and answers as the service stores them), then measures through the real app
 * (`app.inject`, so routing, validation and serialisation count): p50/p99 of every filter combination
 * of the list and of pages deep in the table, and grading throughput (a scripted model that answers at
 * once, so storage and the event loop are what is measured) without and with a reviewer polling
 * `?status=needs_review` every 100 ms. Each figure is printed next to its limit as a ratio (p99 over
 * 10 ms, which must stay below 1; grades/s with the reviewer over without, which must stay at 0.9 or
 * more). `--without-list-indexes` drops migration 0002's list indexes first, to see the defect.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { setImmediate as nextTurnOfTheEventLoop } from "node:timers/promises";
import { parseArgs } from "node:util";
import BetterSqlite3 from "better-sqlite3";
import { pino } from "pino";
import { buildApp } from "../src/app.js";
import { loadConfig } from "../src/config/config.js";
import type { AuditRecord } from "../src/grading/audit.js";
import type { StoredGrade } from "../src/grading/grade.js";
import { validateRubricDocument } from "../src/grading/rubric-loading.js";
import type { Rubric } from "../src/grading/rubric.js";
import { newId } from "../src/lib/ids.js";
import { createRuntime } from "../src/runtime.js";
import { openStorage } from "../src/storage/database.js";
import { scienceRubric } from "../tests/helpers/rubric-fixtures.js";
import { allCriteriaReply, createScriptedModel } from "../tests/helpers/scripted-model.js";

const { values: options } = parseArgs({
  options: {
    grades: { type: "string", default: "200000" },
    requests: { type: "string", default: "1000" },
    "without-list-indexes": { type: "boolean", default: false },
  },
});
const gradeCount = Number(options.grades);
const rubricCount = 40;
const studentCount = 5_000;
const needsReviewShare = 0.15;
const p99LimitMs = 10;
const minThroughputRatio = 0.9;
const requestsPerFigure = Number(options.requests);
const throughputRoundMs = 2_000;
const throughputRounds = 5;
const gradingConcurrency = 8;

const answerText =
  "Plants need light, water and carbon dioxide. In the chloroplasts the light energy is used to split water " +
  "and to turn carbon dioxide into glucose; oxygen is released as a by-product. Without light the plant " +
  "cannot make glucose, so it uses what it stored before.";
const rationale =
  "The answer names the main idea correctly and explains it in its own words. One detail is missing.";

const rubrics: Rubric[] = Array.from({ length: rubricCount }, (_, index) => {
  const validation = validateRubricDocument({ ...scienceRubric, id: `rubric-${index}` });
  if (!validation.ok) throw new Error("the bench rubric is invalid");
  return validation.rubric;
});
const rubricId = (index: number) => `rubric-${index % rubricCount}`;
const studentId = (index: number) => `student-${(index * 7919) % studentCount}`;

/** A third of the answers are identical to others (answer groups of about ten); the rest stand alone. */
const groupOf = (index: number) =>
  index % 3 === 0 ? `agr_${String((index / 3) % 6_000).padStart(32, "0")}` : null;

function gradeRow(index: number, id: string, createdAt: string) {
  const rubric = rubrics[index % rubricCount]!;
  const needsReview = (index * 2654435761) % 1000 < needsReviewShare * 1000;
  const criteria = rubric.criteria.map((criterion) => ({
    criterionId: criterion.id,
    points: needsReview ? 1 : criterion.maxPoints,
    maxPoints: criterion.maxPoints,
    rationale,
    evidence: ["light, water and carbon dioxide"],
    confidence: null,
    comment: null,
  }));
  const grade: StoredGrade = {
    id,
    rubricId: rubric.id,
    rubricVersion: rubric.version,
    studentId: studentId(index),
    submissionId: null,
    groupId: groupOf(index),
    review: null,
    status: needsReview ? "needs_review" : "graded",
    flags: needsReview ? ["evidence_unverified"] : [],
    criteria,
    totalPoints: criteria.reduce((sum, criterion) => sum + (criterion.points ?? 0), 0),
    maxPoints: 4,
    feedback:
      "You explained the main idea clearly. Say why the process needs light to earn the missing point.",
    explanation: "Mostly correct answer; it misses one required detail. No unusual content.",
    gradedBy: "model",
    model: "openai:gpt-4o-mini",
    usage: { inputTokens: 812, outputTokens: 164 },
    cached: false,
    createdAt,
    updatedAt: createdAt,
    version: 1,
  };
  const modelResult = {
    criteria,
    totalPoints: grade.totalPoints,
    feedback: grade.feedback,
    explanation: grade.explanation,
  };
  const audit: AuditRecord = {
    gradeId: id,
    rubricId: rubric.id,
    rubricVersion: rubric.version,
    promptVersion: "bench",
    model: grade.model,
    parameters: { temperature: 0, maxOutputTokens: 2000 },
    strategy: "all-criteria",
    samples: 1,
    attempts: [
      {
        task: "grade-all-criteria",
        sample: 0,
        criterionId: null,
        repair: false,
        startedAt: createdAt,
        latencyMs: 1200,
        rawReply: JSON.stringify(modelResult),
        finishReason: "stop",
        usage: grade.usage,
        problems: [],
        providerRetries: [],
      },
    ],
    usage: grade.usage,
    cost: { currency: "USD", amount: 0.0002, inputPerMillionTokens: 0.15, outputPerMillionTokens: 0.6 },
    flags: needsReview
      ? [{ code: "evidence_unverified", requiresReview: true, reason: "A quote is not in the answer." }]
      : [],
    screening: { findings: [], removedCharacters: [], modelScreen: null },
    cachedFrom: null,
    modelResult,
    humanChanges: [],
  };
  return {
    id,
    rubric_id: grade.rubricId,
    rubric_version: grade.rubricVersion,
    student_id: grade.studentId,
    status: grade.status,
    graded_by: grade.gradedBy,
    group_id: grade.groupId,
    review_group: grade.groupId ?? id,
    cache_key: null,
    created_at: createdAt,
    updated_at: createdAt,
    grade: JSON.stringify(grade),
    audit: JSON.stringify(audit),
    answer: `${answerText} (${index})`,
    version: 1,
  };
}

/** Returns the grade ids, oldest first. */
async function fill(path: string): Promise<string[]> {
  const storage = await openStorage({ kind: "sqlite", path });
  for (const rubric of rubrics) await storage.rubrics.save(rubric, new Date());
  await storage.close();
  const db = new BetterSqlite3(path);
  db.pragma("journal_mode = WAL");
  if (options["without-list-indexes"]) {
    for (const index of [
      "grades_status_id",
      "grades_student_id",
      "grades_status_student_id",
      "grades_rubric_student_id",
      "grades_status_rubric_student_id",
    ]) {
      db.exec(`drop index ${index}`);
    }
  }
  const insert = db.prepare(
    `insert into grades (id, rubric_id, rubric_version, student_id, status, graded_by, group_id, review_group,
       cache_key, created_at, updated_at, grade, audit, answer, version)
     values (@id, @rubric_id, @rubric_version, @student_id, @status, @graded_by, @group_id, @review_group,
       @cache_key, @created_at, @updated_at, @grade, @audit, @answer, @version)`,
  );
  const insertBatch = db.transaction((rows: ReturnType<typeof gradeRow>[]) => {
    for (const row of rows) insert.run(row);
  });
  // A term's worth of grades, oldest first, so ids (time-ordered) sort like creation times.
  const start = Date.now() - 90 * 24 * 3600 * 1000;
  const spacingMs = (90 * 24 * 3600 * 1000) / gradeCount;
  const ids: string[] = [];
  for (let first = 0; first < gradeCount; first += 10_000) {
    const rows = [];
    for (let index = first; index < Math.min(first + 10_000, gradeCount); index++) {
      const time = Math.floor(start + index * spacingMs);
      const id = newId("grd", time);
      ids.push(id);
      rows.push(gradeRow(index, id, new Date(time).toISOString()));
    }
    insertBatch(rows);
  }
  db.close();
  return ids;
}

function percentile(sorted: number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)]!;
}

const cursorBefore = (id: string) => Buffer.from(JSON.stringify({ before: id })).toString("base64url");

async function main(): Promise<void> {
  const directory = mkdtempSync(join(tmpdir(), "grader-bench-"));
  const path = join(directory, "bench.db");
  try {
    const started = performance.now();
    const loadBefore = loadavg()[0]!;
    const ids = await fill(path);
    const fillSeconds = (performance.now() - started) / 1000;

    const model = createScriptedModel({
      fallback: allCriteriaReply({ inputs: 2, outputs: 2 }, { quote: "glucose" }),
    });
    const runtime = await createRuntime(loadConfig({ DATABASE_URL: `sqlite:${path}`, LOG_LEVEL: "silent" }), {
      model,
      logger: pino({ level: "silent" }),
    });
    const app = await buildApp(runtime);
    await app.ready();

    /** `ratio` is the figure over its limit; `within` says on which side of 1 it must stay. */
    const figures: { figure: string; value: string; limit: string; ratio: number; within: boolean }[] = [];
    const pick = (count: number) => Math.floor(Math.random() * count);
    // Filters are taken from a random stored grade, so that combined filters match something.
    const some = () => {
      const index = pick(gradeCount);
      const status = (index * 2654435761) % 1000 < needsReviewShare * 1000 ? "needs_review" : "graded";
      return { status, rubricId: rubricId(index), studentId: studentId(index) };
    };
    // Positions 80–90% of the way down the list (newest first): pages a reviewer reaches only by paging far.
    const deepIds = ids.slice(Math.floor(ids.length * 0.1), Math.floor(ids.length * 0.2));
    const deepCursor = () => cursorBefore(deepIds[pick(deepIds.length)]!);
    const filters: [string, () => string][] = [
      ["no filter", () => ""],
      ["status=needs_review", () => "status=needs_review"],
      ["rubricId", () => `rubricId=${some().rubricId}`],
      ["studentId", () => `studentId=${some().studentId}`],
      ["status + rubricId", () => `status=needs_review&rubricId=${some().rubricId}`],
      [
        "status + studentId",
        () => {
          const grade = some();
          return `status=${grade.status}&studentId=${grade.studentId}`;
        },
      ],
      [
        "rubricId + studentId",
        () => {
          const grade = some();
          return `rubricId=${grade.rubricId}&studentId=${grade.studentId}`;
        },
      ],
      [
        "status + rubricId + studentId",
        () => {
          const grade = some();
          return `status=${grade.status}&rubricId=${grade.rubricId}&studentId=${grade.studentId}`;
        },
      ],
      ["deep page (cursor), no filter", () => `cursor=${deepCursor()}`],
      ["deep page (cursor), status=needs_review", () => `status=needs_review&cursor=${deepCursor()}`],
      [
        "deep page (cursor), status + rubricId",
        () => `status=needs_review&rubricId=${some().rubricId}&cursor=${deepCursor()}`,
      ],
      [
        "deep page (before, deprecated), status=needs_review",
        () => `status=needs_review&before=${deepIds[pick(deepIds.length)]!}`,
      ],
    ];
    for (const [name, query] of filters) {
      for (let warmUp = 0; warmUp < Math.min(100, requestsPerFigure / 10); warmUp++) {
        await app.inject({ method: "GET", url: `/v1/grades?${query()}` });
        await nextTurnOfTheEventLoop();
      }
      const timings: number[] = [];
      let rows = 0;
      for (let request = 0; request < requestsPerFigure; request++) {
        const url = `/v1/grades?limit=50&${query()}`;
        const before = performance.now();
        const response = await app.inject({ method: "GET", url });
        timings.push(performance.now() - before);
        if (response.statusCode !== 200)
          throw new Error(`${url} answered ${response.statusCode}: ${response.body}`);
        // Counted without parsing the page: the bench's own garbage would land in the next request's time.
        rows += response.body.split('"rubricVersion":').length - 1;
        // A loop of awaited injects never reaches the event loop's check phase, where light-my-request's
        // fake socket finishes its writes: every response would stay in memory until the loop ends, and
        // the garbage collector's growing work would land in the figures. A real server turns the loop.
        await nextTurnOfTheEventLoop();
      }
      timings.sort((a, b) => a - b);
      const p50 = percentile(timings, 0.5);
      const p99 = percentile(timings, 0.99);
      figures.push({
        figure: `GET /v1/grades ${name} (${(rows / requestsPerFigure).toFixed(0)} rows/page)`,
        value: `p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms`,
        limit: `p99 < ${p99LimitMs} ms`,
        ratio: p99 / p99LimitMs,
        within: p99 < p99LimitMs,
      });
    }

    // The teacher's queue: pending grades grouped by answer group, oldest first.
    const queueCursor = (id: string) => Buffer.from(JSON.stringify({ after: id })).toString("base64url");
    const queueQueries: [string, () => string][] = [
      ["first page", () => ""],
      ["rubricId", () => `rubricId=${some().rubricId}`],
      [
        "deep page (cursor)",
        () => `cursor=${queueCursor(ids[Math.floor(ids.length * (0.8 + Math.random() * 0.1))]!)}`,
      ],
    ];
    for (const [name, query] of queueQueries) {
      for (let warmUp = 0; warmUp < Math.min(50, requestsPerFigure / 10); warmUp++) {
        await app.inject({ method: "GET", url: `/v1/review-queue?${query()}` });
        await nextTurnOfTheEventLoop();
      }
      const timings: number[] = [];
      let entries = 0;
      for (let request = 0; request < requestsPerFigure; request++) {
        const url = `/v1/review-queue?limit=20&${query()}`;
        const before = performance.now();
        const response = await app.inject({ method: "GET", url });
        timings.push(performance.now() - before);
        if (response.statusCode !== 200)
          throw new Error(`${url} answered ${response.statusCode}: ${response.body}`);
        entries += response.body.split('"firstGradeId":').length - 1;
        await nextTurnOfTheEventLoop();
      }
      timings.sort((a, b) => a - b);
      const p50 = percentile(timings, 0.5);
      const p99 = percentile(timings, 0.99);
      figures.push({
        figure: `GET /v1/review-queue ${name} (${(entries / requestsPerFigure).toFixed(0)} entries/page)`,
        value: `p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms`,
        limit: `p99 < ${p99LimitMs} ms`,
        ratio: p99 / p99LimitMs,
        within: p99 < p99LimitMs,
      });
    }

    // Grading throughput, alternating rounds without and with a polling reviewer to cancel out drift.
    let answerNumber = 0;
    async function gradesPerSecond(withReviewer: boolean): Promise<number> {
      const reviewer = withReviewer
        ? setInterval(() => {
            void app.inject({ method: "GET", url: "/v1/grades?status=needs_review" });
          }, 100)
        : undefined;
      let graded = 0;
      const deadline = performance.now() + throughputRoundMs;
      const began = performance.now();
      await Promise.all(
        Array.from({ length: gradingConcurrency }, async () => {
          while (performance.now() < deadline) {
            const response = await app.inject({
              method: "POST",
              url: "/v1/grade",
              payload: {
                rubricId: rubricId(answerNumber),
                answer: `${answerText} glucose (${++answerNumber})`,
                studentId: studentId(answerNumber),
              },
            });
            if (response.statusCode !== 200) throw new Error(`grading answered ${response.statusCode}`);
            graded++;
            await nextTurnOfTheEventLoop();
          }
        }),
      );
      clearInterval(reviewer);
      return graded / ((performance.now() - began) / 1000);
    }
    const without: number[] = [];
    const withPolling: number[] = [];
    await gradesPerSecond(false); // warm-up
    for (let round = 0; round < throughputRounds; round++) {
      without.push(await gradesPerSecond(false));
      withPolling.push(await gradesPerSecond(true));
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const gradesWithout = median(without);
    const gradesWith = median(withPolling);
    figures.push({
      figure: "grading, one reviewer polling every 100 ms (ratio: grades/s with polling / without)",
      value: `${gradesWith.toFixed(0)} / ${gradesWithout.toFixed(0)} grades/s`,
      limit: `ratio >= ${minThroughputRatio}`,
      ratio: gradesWith / gradesWithout,
      within: gradesWith / gradesWithout >= minThroughputRatio,
    });

    await app.close();
    await runtime.close();

    const width = Math.max(...figures.map((entry) => entry.figure.length));
    // Other processes on the machine show up in the tails: say how busy it was.
    console.log(
      `load average (1 min) ${loadBefore.toFixed(1)} at the start, ${loadavg()[0]!.toFixed(1)} at the end, on ${availableParallelism()} CPUs`,
    );
    console.log(
      `${gradeCount.toLocaleString("en")} grades (${(needsReviewShare * 100).toFixed(0)}% needs_review, ${rubricCount} rubrics, ${studentCount.toLocaleString("en")} students), filled in ${fillSeconds.toFixed(1)} s${options["without-list-indexes"] ? "; WITHOUT migration 0002's list indexes" : ""}; ${requestsPerFigure} requests per figure, limit 50 per page\n`,
    );
    for (const entry of figures) {
      console.log(
        `${entry.figure.padEnd(width)}  ${entry.value.padEnd(30)}  ${entry.limit.padEnd(16)}  ratio ${entry.ratio.toFixed(3)}${entry.within ? "" : "  OUTSIDE THE LIMIT"}`,
      );
    }
    console.log(
      `\ngrades/s per ${throughputRoundMs / 1000} s round (medians above), without a reviewer: ${without.map((value) => value.toFixed(0)).join(", ")}; with: ${withPolling.map((value) => value.toFixed(0)).join(", ")}`,
    );
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

await main();
