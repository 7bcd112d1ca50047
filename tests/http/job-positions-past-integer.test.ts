import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { encodeCursor } from "../../src/http/cursors.js";
import type { Storage } from "../../src/storage/database.js";
import { allCriteriaReply, createScriptedModel } from "../helpers/scripted-model.js";
import { storageBackends } from "../helpers/storage-backends.js";
import { buildTestAppWithRubric, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * A job's results cursor and Last-Event-ID hold positions of up to 15 digits. Item and event numbers are
 * `integer` columns, 4 bytes on PostgreSQL: a position past 2^31 - 1, bound in the comparison, was refused
 * there (out of range for type integer) and answered 500, where SQLite answered the empty page it is.
 */
const backends = storageBackends("job positions past a 4-byte integer", "job_positions", "grader.db");

describe.each(backends)("job positions past a 4-byte integer on $name", ({ open }) => {
  let storage: Storage;
  let cleanup: () => Promise<void>;
  let test: TestApp;
  beforeEach(async () => {
    ({ storage, cleanup } = await open());
    const model = createScriptedModel({
      fallback: allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "glucose" }),
    });
    test = await buildTestAppWithRubric({
      dependencies: { model, jobTimings: { idlePollMs: 20, baseBackoffMs: 5 } },
      storage,
    });
  });
  afterEach(async () => {
    await test.close();
    await storage.close();
    await cleanup();
  });

  it("answers a results page and the events after such a position empty, not 500", async () => {
    const created = await test.app.inject({
      method: "POST",
      url: "/v1/jobs",
      payload: {
        rubricId: scienceRubric.id,
        answers: [{ answer: "glucose" }, { answer: "light and glucose" }],
      },
    });
    expect(created.statusCode, created.body).toBe(202);
    const { id } = created.json<{ id: string }>();
    test.runtime.jobRunner.start();
    await vi.waitFor(
      async () =>
        expect((await test.app.inject({ method: "GET", url: `/v1/jobs/${id}` })).json().status).toBe(
          "completed",
        ),
      { timeout: 10_000, interval: 20 },
    );

    for (const position of ["2147483647", "2147483648", "999999999999999"]) {
      const page = await test.app.inject({
        method: "GET",
        url: `/v1/jobs/${id}/results?cursor=${encodeCursor("after", position, { list: "job-results", filters: { jobId: id } })}`,
      });
      expect(page.statusCode, page.body).toBe(200);
      expect(page.json()).toEqual({ items: [], next: null });
      expect(await storage.jobsFor("default").events(id, Number(position), 10)).toEqual([]);
    }
    // Positions inside the range still page as before.
    const first = await test.app.inject({
      method: "GET",
      url: `/v1/jobs/${id}/results?cursor=${encodeCursor("after", "1", { list: "job-results", filters: { jobId: id } })}`,
    });
    expect(first.json<{ items: { seq: number }[] }>().items.map((item) => item.seq)).toEqual([2]);
    expect((await storage.jobsFor("default").events(id, 0, 10)).length).toBe(2);
  });

  it("ends a finished job's event stream resumed past its last event, also past 2^31-1", async () => {
    // Regression: on PostgreSQL a Last-Event-ID past 2^31 - 1 made the event read fail after `event: job`,
    // and the stream closed without `event: end`; an EventSource resumed with the same id, for good.
    const job = async (cancel: boolean) => {
      const created = await test.app.inject({
        method: "POST",
        url: "/v1/jobs",
        payload: { rubricId: scienceRubric.id, answers: [{ answer: "glucose" }, { answer: "light" }] },
      });
      expect(created.statusCode, created.body).toBe(202);
      const { id } = created.json<{ id: string }>();
      if (cancel)
        expect((await test.app.inject({ method: "DELETE", url: `/v1/jobs/${id}` })).statusCode).toBe(200);
      return id;
    };
    const cancelled = await job(true);
    const completed = await job(false);
    test.runtime.jobRunner.start();
    await vi.waitFor(
      async () =>
        expect((await test.app.inject({ method: "GET", url: `/v1/jobs/${completed}` })).json().status).toBe(
          "completed",
        ),
      { timeout: 10_000, interval: 20 },
    );
    for (const id of [completed, cancelled]) {
      for (const position of ["3", "2147483647", "2147483648", "999999999999999"]) {
        for (const resumed of [
          { url: `/v1/jobs/${id}/events`, headers: { "last-event-id": position } },
          { url: `/v1/jobs/${id}/events?lastEventId=${position}`, headers: {} },
        ]) {
          const stream = await test.app.inject({ method: "GET", ...resumed });
          expect(stream.statusCode, stream.body).toBe(200);
          const events = [...stream.body.matchAll(/^event: (\w+)$/gm)].map((match) => match[1]);
          expect(events, `${id} after ${position}`).toEqual(["job", "end"]);
        }
      }
    }
  });
});
