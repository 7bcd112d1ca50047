import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config/config.js";
import { describeRuntime } from "../../../src/runtime.js";
import { configProblems } from "../../helpers/config-problems.js";

const postgres = "postgres://grader:db-secret@db.internal:5432/grader";

describe("queue engine config", () => {
  it("runs the embedded queue on SQLite, by default", () => {
    expect(loadConfig({}).jobs.queue).toEqual({ engine: "embedded" });
    expect(describeRuntime(loadConfig({})).jobs).toBe("embedded (queue in the database)");
  });

  it("runs BullMQ on the PostgreSQL database when DATABASE_URL is PostgreSQL", () => {
    const config = loadConfig({ DATABASE_URL: postgres });
    expect(config.jobs.queue).toEqual({ engine: "bullmq", backend: "postgres", name: "grader-jobs" });
    expect(describeRuntime(config).jobs).toBe("bullmq on postgres, the same database (queue grader-jobs)");
  });

  it("keeps the embedded queue on PostgreSQL with GRADER_QUEUE=embedded", () => {
    expect(loadConfig({ DATABASE_URL: postgres, GRADER_QUEUE: "embedded" }).jobs.queue).toEqual({
      engine: "embedded",
    });
  });

  it("runs BullMQ on Redis when REDIS_URL is set, and never shows its password", () => {
    const config = loadConfig({
      DATABASE_URL: postgres,
      REDIS_URL: "redis://worker:redis-secret@cache.internal:6380/2",
      GRADER_QUEUE_NAME: "grading-eu",
    });
    expect(config.jobs.queue).toMatchObject({
      engine: "bullmq",
      backend: "redis",
      name: "grading-eu",
      url: "redis://worker:redis-secret@cache.internal:6380/2",
      description: "cache.internal:6380/2",
    });
    const summary = JSON.stringify(describeRuntime(config));
    expect(summary).toContain("bullmq on redis cache.internal:6380/2 (queue grading-eu)");
    expect(summary).not.toMatch(/secret|worker:/);
  });

  it("refuses REDIS_URL with SQLite: workers elsewhere could not reach the file", () => {
    expect(configProblems({ REDIS_URL: "redis://127.0.0.1:6379" })).toEqual([
      expect.stringMatching(/^REDIS_URL: the distributed queue needs DATABASE_URL=postgres/),
    ]);
    expect(configProblems({ GRADER_QUEUE: "bullmq" })).toEqual([
      expect.stringMatching(/^GRADER_QUEUE: bullmq needs DATABASE_URL=postgres/),
    ]);
  });

  it("refuses contradictions and malformed values, listing them with the rest", () => {
    expect(
      configProblems({ DATABASE_URL: postgres, GRADER_QUEUE: "embedded", REDIS_URL: "redis://h:1" }),
    ).toEqual([expect.stringMatching(/^REDIS_URL: is set but GRADER_QUEUE=embedded/)]);
    const problems = configProblems({
      PORT: "http",
      REDIS_URL: "http://cache:6379",
      GRADER_QUEUE: "kafka",
      GRADER_QUEUE_NAME: "a:b",
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^PORT:/),
        expect.stringMatching(/^REDIS_URL: must be a Redis URL/),
        expect.stringMatching(/^GRADER_QUEUE: must be "auto", "embedded" or "bullmq"/),
        expect.stringMatching(/^GRADER_QUEUE_NAME: must be 1 to 64/),
      ]),
    );
  });
});
