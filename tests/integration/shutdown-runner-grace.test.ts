import { afterEach, describe, expect, it, vi } from "vitest";
import type { Clock } from "../../src/lib/clock.js";
import { runnerGraceMs } from "../../src/runtime.js";
import { allCriteriaReply, createScriptedModel } from "../helpers/scripted-model.js";
import { buildTestAppWithRubric, scienceRubric, testConfig, type TestApp } from "../helpers/test-app.js";

/**
 * A stopping process lets the job items it runs finish within its shutdown deadline. Regression: the
 * runners were always given 10 s, whatever GRADER_SHUTDOWN_TIMEOUT_SECONDS said (25 s by default), so
 * an item whose provider took 10 to 25 s was cut: its model call was paid for and thrown away, and the
 * item was graded again once its lease expired. Time is moved by hand: sleeps of a second or more wait
 * until the test lets them end.
 */

let test: TestApp | undefined;
afterEach(async () => {
  await test?.close();
  test = undefined;
});

/** A clock whose long sleeps end only when the test moves time past them; short ones (polls) run. */
function handMovedClock() {
  const sleeping: { until: number; wake: () => void }[] = [];
  let elapsedMs = 0;
  const clock: Clock = {
    now: () => new Date(Date.now() + elapsedMs),
    sleep: (ms, signal) =>
      new Promise<void>((resolve) => {
        if (ms < 1_000) {
          const timer = setTimeout(resolve, Math.min(ms, 5));
          signal?.addEventListener("abort", () => {
            clearTimeout(timer);
            resolve();
          });
          return;
        }
        sleeping.push({ until: elapsedMs + ms, wake: resolve });
        signal?.addEventListener("abort", () => resolve());
      }),
  };
  return {
    clock,
    sleeping: () => sleeping.length,
    advance(ms: number) {
      elapsedMs += ms;
      for (const sleeper of sleeping.filter((candidate) => candidate.until <= elapsedMs)) {
        sleeping.splice(sleeping.indexOf(sleeper), 1);
        sleeper.wake();
      }
    },
  };
}

describe("a process stopping while a job item is graded", () => {
  it("gives its runners the shutdown deadline less the time closing takes", () => {
    expect(runnerGraceMs(testConfig())).toBe(20_000);
    expect(runnerGraceMs(testConfig({ GRADER_SHUTDOWN_TIMEOUT_SECONDS: "60" }))).toBe(55_000);
    expect(runnerGraceMs(testConfig({ GRADER_SHUTDOWN_TIMEOUT_SECONDS: "2" }))).toBe(1_000);
  });

  it("lets an item that takes 15 s finish and settle before closing, with the default 25 s deadline", async () => {
    const time = handMovedClock();
    let replyNow: () => void = () => {};
    const replied = new Promise<void>((resolve) => (replyNow = resolve));
    let called: () => void = () => {};
    const modelCalled = new Promise<void>((resolve) => (called = resolve));
    const reply = allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "glucose" });
    const model = createScriptedModel({
      fallback: async () => {
        called();
        await replied;
        return reply;
      },
    });
    test = await buildTestAppWithRubric({ dependencies: { model, clock: time.clock } });
    const created = await test.app.inject({
      method: "POST",
      url: "/v1/jobs",
      payload: { rubricId: scienceRubric.id, answers: [{ answer: "Water and light make glucose." }] },
    });
    expect(created.statusCode).toBe(202);
    const jobId = created.json<{ id: string }>().id;
    test.runtime.jobRunner.start();
    await modelCalled;

    // SIGTERM: the process closes with the grace it is given.
    let closed = false;
    const closing = test.runtime.close({ graceMs: runnerGraceMs(test.config) }).then(() => {
      closed = true;
    });
    await vi.waitFor(() => expect(time.sleeping()).toBeGreaterThan(0), { timeout: 30_000, interval: 5 });
    // 15 s pass: the item is still being graded, and the process still waits for it.
    time.advance(15_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closed).toBe(false);

    replyNow();
    await closing;
    const results = await test.storage.jobsFor("default").results(jobId, 0, 10);
    expect(results[0]).toMatchObject({ state: "graded" });
    expect(model.calls).toHaveLength(1);
  });
});
