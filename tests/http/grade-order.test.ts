import { afterEach, describe, expect, it } from "vitest";
import { allCriteriaReply, createScriptedModel } from "../helpers/scripted-model.js";
import { buildTestAppWithRubric, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * A grade's id and time are given when it is stored, so that grades are ordered as they become visible.
 * Regression: both were given when grading started, so a grade whose model call took longer than the
 * grades made meanwhile was stored behind them: a client that paged newest first, or synced with
 * `createdFrom` since its last read, never saw it.
 */
let test: TestApp;
afterEach(() => test.close());

describe("a grade that takes longer than the grades made meanwhile", () => {
  it("is newer than them, and a sync since the last read finds it", async () => {
    const model = createScriptedModel({
      fallback: allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "glucose" }),
    });
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    model.enqueue(() =>
      released.then(() => allCriteriaReply({ inputs: 1, outputs: 1 }, { quote: "glucose" })),
    );
    test = await buildTestAppWithRubric({ dependencies: { model } });
    const grade = (answer: string) =>
      test.app.inject({ method: "POST", url: "/v1/grade", payload: { rubricId: scienceRubric.id, answer } });

    const slow = grade("Light and water make glucose (slow).");
    await expect.poll(() => model.calls.length).toBe(1);
    const fast = (await grade("Light, water and carbon dioxide make glucose (fast).")).json();
    const firstRead = (await test.app.inject({ method: "GET", url: "/v1/grades" })).json();
    expect(firstRead.grades.map((listed: { id: string }) => listed.id)).toEqual([fast.id]);
    const lastRead = new Date().toISOString();

    release();
    const slowGrade = (await slow).json();
    expect(slowGrade.id > fast.id).toBe(true);
    expect(slowGrade.createdAt >= lastRead).toBe(true);
    const newestFirst = (await test.app.inject({ method: "GET", url: "/v1/grades" })).json();
    expect(newestFirst.grades.map((listed: { id: string }) => listed.id)).toEqual([slowGrade.id, fast.id]);
    const since = (
      await test.app.inject({ method: "GET", url: `/v1/grades?createdFrom=${encodeURIComponent(lastRead)}` })
    ).json();
    expect(since.grades.map((listed: { id: string }) => listed.id)).toContain(slowGrade.id);
  });
});
