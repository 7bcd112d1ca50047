import { afterEach, expect, it, vi } from "vitest";
import { openStorage } from "../../src/storage/database.js";
import { allCriteriaReply, createScriptedModel } from "../helpers/scripted-model.js";
import { buildTestApp, buildTestAppWithRubric, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * Cancelling a large job keeps the process answering. Regression: the cancel was one statement over
 * every waiting item, in one transaction: 100,000 items held the event loop about half a second (SQLite
 * writes synchronously), and no other request was answered meanwhile. The job is now marked cancelled
 * first, then its items are cancelled in bounded chunks with a turn of the loop between them.
 */
let test: TestApp | undefined;
afterEach(async () => {
  await test?.close();
  test = undefined;
});

interface JobView {
  status: string;
  finishedAt: string | null;
  counts: {
    total: number;
    graded: number;
    needsReview: number;
    failed: number;
    cancelled: number;
    pending: number;
  };
}

it("cancels a job of thousands of items in chunks, answering other requests between them", async () => {
  const model = createScriptedModel({
    fallback: allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "glucose" }),
  });
  test = await buildTestAppWithRubric({
    dependencies: { model, jobTimings: { idlePollMs: 20, baseBackoffMs: 5, cancelChunkItems: 100 } },
  });
  const app = test.app;
  const total = 5_000;
  const created = await app.inject({
    method: "POST",
    url: "/v1/jobs",
    payload: {
      rubricId: scienceRubric.id,
      answers: Array.from({ length: total }, (_, index) => ({ answer: `glucose ${index}` })),
    },
  });
  expect(created.statusCode, created.body).toBe(202);
  const { id } = created.json<{ id: string }>();

  // Over real sockets, as clients come: each read is a request of its own, waiting for the event loop.
  const origin = await app.listen({ port: 0, host: "127.0.0.1" });
  let cancelAnswered = false;
  const cancel = fetch(`${origin}/v1/jobs/${id}`, { method: "DELETE" }).then(async (response) => {
    const body = { status: response.status, job: (await response.json()) as JobView };
    cancelAnswered = true;
    return body;
  });
  // Reads while the cancel runs, from a few clients at once: each is answered between two of its chunks.
  const readsMeanwhile: JobView[] = [];
  const claimsMeanwhile: unknown[] = [];
  const client = async () => {
    while (!cancelAnswered) {
      const read = await fetch(`${origin}/v1/jobs/${id}`);
      const view = (await read.json()) as JobView;
      if (cancelAnswered) return;
      expect(read.status).toBe(200);
      readsMeanwhile.push(view);
      // A worker of any process that looks for work now finds none of the job's items.
      const now = new Date();
      claimsMeanwhile.push(
        ...(await test!.storage.jobQueue.claim({
          holder: "another-process",
          limit: 10,
          maxRunning: 100,
          now,
          leaseUntil: new Date(now.getTime() + 60_000),
        })),
      );
    }
  };
  await Promise.all([client(), client(), client(), client()]);
  const answered = await cancel;
  expect(answered.status).toBe(200);
  const job = answered.job;
  expect(job.status).toBe("cancelled");
  expect(job.finishedAt).not.toBeNull();
  expect(job.counts).toEqual({ total, graded: 0, needsReview: 0, failed: 0, cancelled: total, pending: 0 });

  expect(claimsMeanwhile).toEqual([]);
  // Answered midway, more than once: the cancel went in several chunks.
  const midway = readsMeanwhile.filter((read) => read.counts.cancelled > 0 && read.counts.cancelled < total);
  expect(new Set(midway.map((read) => read.counts.cancelled)).size).toBeGreaterThanOrEqual(3);
  for (const read of readsMeanwhile) {
    // Cancelled from the first read on (no item starts), and every item counted once.
    expect(read.status).toBe("cancelled");
    expect(read.counts.cancelled + read.counts.pending).toBe(total);
    if (read.counts.pending > 0) expect(read.finishedAt).toBeNull();
  }

  // Nothing starts afterwards either, and the stream of the job has one event per item, then its end.
  test.runtime.jobRunner.start();
  const stream = await app.inject({ method: "GET", url: `/v1/jobs/${id}/events` });
  const itemIds = [...stream.body.matchAll(/^id: (\d+)$/gm)].map((match) => Number(match[1]));
  expect(itemIds).toEqual(Array.from({ length: total }, (_, index) => index + 1));
  expect(stream.body).toMatch(/event: end\n/);
  expect(model.calls).toHaveLength(0);
  const again = await app.inject({ method: "DELETE", url: `/v1/jobs/${id}` });
  expect(again.json<JobView>()).toEqual(job);
}, 60_000);

it("finishes at start-up a cancel that its process left cut short", async () => {
  const storage = await openStorage({ kind: "sqlite", path: ":memory:" });
  try {
    const model = createScriptedModel({
      fallback: allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "glucose" }),
    });
    test = await buildTestAppWithRubric({ storage, dependencies: { model } });
    const created = await test.app.inject({
      method: "POST",
      url: "/v1/jobs",
      payload: {
        rubricId: scienceRubric.id,
        answers: Array.from({ length: 30 }, (_, index) => ({ answer: `glucose ${index}` })),
      },
    });
    expect(created.statusCode, created.body).toBe(202);
    const { id } = created.json<{ id: string }>();
    await test.close();
    test = undefined;
    // The process stopped after marking the job and cancelling its first chunk of items.
    const store = storage.jobsFor("default");
    expect(await store.cancel(id, new Date())).toBe("marked");
    expect(await store.cancelWaitingItems(id, 0, 10, new Date())).toEqual({ cancelled: 10, throughSeq: 10 });

    test = await buildTestApp({ storage, dependencies: { model } });
    test.runtime.jobRunner.start();
    await vi.waitFor(
      async () => {
        const job = (await test!.app.inject({ method: "GET", url: `/v1/jobs/${id}` })).json<JobView>();
        expect(job.finishedAt).not.toBeNull();
        expect(job).toMatchObject({ status: "cancelled", counts: { total: 30, cancelled: 30, pending: 0 } });
      },
      { timeout: 10_000, interval: 20 },
    );
    expect(model.calls).toHaveLength(0);
  } finally {
    await test?.close();
    test = undefined;
    await storage.close();
  }
});
