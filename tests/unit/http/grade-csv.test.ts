import { once } from "node:events";
import { describe, expect, it } from "vitest";
import type { Grade } from "../../../src/grading/grade.js";
import type { GradingService } from "../../../src/grading/grading-service.js";
import { gradesAsCsv, wantsCsv } from "../../../src/http/grade-csv.js";

/**
 * The CSV export streams: it reads a page from the database only when the client has taken the rows
 * before it, so a 100,000-row export holds one page in memory, not the whole list.
 */

const total = 100_000;

function fakeService() {
  const pagesRead: number[] = [];
  const service = {
    listGrades(_scope: unknown, filter: { before?: string; limit: number }) {
      const start = filter.before === undefined ? 0 : Number(filter.before.slice(4)) + 1;
      const count = Math.min(filter.limit, total - start);
      pagesRead.push(filter.limit);
      const grades = Array.from({ length: count }, (_, offset) => gradeAt(start + offset));
      return Promise.resolve({ grades, more: start + count < total });
    },
  } as unknown as GradingService;
  return { service, pagesRead };
}

function gradeAt(index: number): Grade {
  return {
    id: `grd_${String(index).padStart(8, "0")}`,
    rubricId: "r",
    rubricVersion: "v1",
    studentId: `s-${index}`,
    submissionId: null,
    groupId: null,
    status: "graded",
    flags: [],
    criteria: [
      {
        criterionId: "inputs",
        points: index % 3,
        maxPoints: 2,
        rationale: "",
        evidence: [],
        confidence: null,
        comment: null,
      },
    ],
    totalPoints: index % 3,
    maxPoints: 2,
    feedback: "",
    explanation: "",
    gradedBy: "model",
    review: null,
    model: "m",
    usage: { inputTokens: 0, outputTokens: 0 },
    cached: false,
    outdated: false,
    createdAt: "2026-12-01T00:00:00.000Z",
    updatedAt: "2026-12-01T00:00:00.000Z",
    version: 1,
  };
}

const scope = { tenantId: "default", role: "teacher", keyId: null } as never;

describe("the grades CSV export", () => {
  it("reads pages only as the client takes rows: an unread export holds about one page", async () => {
    const { service, pagesRead } = fakeService();
    const stream = gradesAsCsv(service, scope, {}, ["inputs"]);
    stream.pause();
    await once(stream, "readable");
    // Give the stream every chance to read ahead.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(pagesRead.length).toBeLessThanOrEqual(2);
    expect(Math.max(...pagesRead)).toBeLessThanOrEqual(500);
    stream.destroy();
  });

  it("writes every one of 100,000 grades, one row each after the header", async () => {
    const { service, pagesRead } = fakeService();
    let rows = 0;
    let tail = "";
    for await (const chunk of gradesAsCsv(service, scope, {}, ["inputs"])) {
      const text = tail + String(chunk);
      const lines = text.split("\n");
      tail = lines.pop()!;
      rows += lines.length;
    }
    expect(rows).toBe(total + 1);
    expect(pagesRead.length).toBe(total / 500);
  });
});

describe("wantsCsv", () => {
  it("reads the Accept header's quality values", () => {
    expect(wantsCsv("text/csv")).toBe(true);
    expect(wantsCsv("text/csv, application/json")).toBe(true);
    expect(wantsCsv("application/json, text/csv;q=0.5")).toBe(false);
    // Regression: a client that refuses CSV (q=0) got CSV.
    expect(wantsCsv("text/csv;q=0, application/json")).toBe(false);
    expect(wantsCsv("text/csv;q=0")).toBe(false);
    expect(wantsCsv("text/csv;q=0.9, */*;q=0.1")).toBe(true);
    expect(wantsCsv("application/json")).toBe(false);
    expect(wantsCsv(undefined)).toBe(false);
  });
});
