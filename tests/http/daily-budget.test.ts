import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { systemClock, type Clock } from "../../src/lib/clock.js";
import type { ModelCall } from "../../src/grading/ports.js";
import {
  allCriteriaReply,
  createScriptedModel,
  oneCriterionReply,
  type ScriptedModel,
} from "../helpers/scripted-model.js";
import { buildTestApp, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * Issue "Teachers' workflow", point 9: a per-tenant daily budget refuses new work with a clear error once
 * spent, and never leaves a grade half done. Prices are fixed so that every scripted call (100 input and
 * 20 output tokens) costs exactly 0.02 USD: 0.01 for its input, 0.01 for its output.
 */

const prices = JSON.stringify({
  "openai:scripted-model": { inputPerMillionTokens: 100, outputPerMillionTokens: 500 },
});
const callCost = 0.02;

/** A clock the test moves: 22:00 UTC, two hours before the budget starts again. */
function testClock(start = "2026-11-28T22:00:00.000Z"): Clock & { set(iso: string): void } {
  let now = new Date(start).getTime();
  return {
    now: () => new Date(now),
    sleep: (ms, signal) => systemClock.sleep(ms, signal),
    set: (iso) => {
      now = new Date(iso).getTime();
    },
  };
}

function replyFor(call: ModelCall): string {
  const quote = (call.variables.answer ?? "").split(" ").slice(0, 2).join(" ");
  if (call.task === "grade-one-criterion") return oneCriterionReply(1, { quote });
  return allCriteriaReply({ inputs: 1, outputs: 1 }, { quote });
}

let directory: string;
let apps: TestApp[];
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), "grader-budget-"));
  apps = [];
});
afterEach(async () => {
  for (const app of apps) await app.close();
  rmSync(directory, { recursive: true, force: true });
});

/** An app on the shared SQLite file, as a separate process would be: its own runtime and connection. */
async function startApp(
  options: { env?: Record<string, string>; clock?: Clock; model?: ScriptedModel } = {},
): Promise<{ test: TestApp; model: ScriptedModel }> {
  const model = options.model ?? createScriptedModel({ fallback: replyFor });
  const test = await buildTestApp({
    env: {
      DATABASE_URL: `sqlite:${join(directory, "grader.db")}`,
      GRADER_PRICES: prices,
      GRADER_DAILY_BUDGET_USD: "0.05",
      ...options.env,
    },
    dependencies: { model, ...(options.clock ? { clock: options.clock } : {}) },
  });
  apps.push(test);
  return { test, model };
}

async function upload(test: TestApp, rubric: object = scienceRubric): Promise<void> {
  const response = await test.app.inject({ method: "POST", url: "/v1/rubrics", payload: rubric });
  expect([200, 201]).toContain(response.statusCode);
}

const grade = (test: TestApp, answer: string, headers: Record<string, string> = {}) =>
  test.app.inject({
    method: "POST",
    url: "/v1/grade",
    payload: { rubricId: scienceRubric.id, answer },
    headers,
  });

const answer = (index: number) => `Plants use light and water, answer number ${index}, to make glucose.`;

async function gradeCount(test: TestApp): Promise<number> {
  return (await test.app.inject({ method: "GET", url: "/v1/grades?limit=200" })).json().grades.length;
}

describe("the daily budget", () => {
  it("refuses the next grade once the day's spend reached it, with Retry-After until UTC midnight", async () => {
    const clock = testClock();
    const { test, model } = await startApp({ clock });
    await upload(test);

    // 0.00, 0.02, 0.04 are below 0.05: three grades start; the third takes the spend to 0.06.
    for (const index of [1, 2, 3]) expect((await grade(test, answer(index))).statusCode).toBe(200);
    expect(model.calls).toHaveLength(3);

    const refused = await grade(test, answer(4));
    expect(refused.statusCode).toBe(429);
    expect(refused.headers["retry-after"]).toBe("7200");
    const { error } = refused.json();
    expect(error.code).toBe("budget_exhausted");
    expect(error.message).toContain('The daily budget of 0.0500 USD for tenant "default" is spent');
    expect(error.message).toContain("0.0600 USD used today (2026-11-28, UTC)");
    expect(error.message).toContain("until 00:00 UTC (in 2 h)");
    expect(error.details).toMatchObject({
      day: "2026-11-28",
      budgetUsd: 0.05,
      spentUsd: 0.06,
      resetsAt: "2026-11-29T00:00:00.000Z",
    });
    // Refused before any call, and nothing stored.
    expect(model.calls).toHaveLength(3);
    expect(await gradeCount(test)).toBe(3);

    // What costs nothing is still answered: a blank answer, and an answer graded before.
    const blank = await grade(test, "   ");
    expect(blank.statusCode).toBe(200);
    expect(blank.json().gradedBy).toBe("rule");
    const cached = await grade(test, answer(1));
    expect(cached.statusCode).toBe(200);
    expect(cached.json().cached).toBe(true);
    expect(model.calls).toHaveLength(3);

    // The next UTC day starts from 0.
    clock.set("2026-11-29T00:00:01.000Z");
    expect((await grade(test, answer(4))).statusCode).toBe(200);
    expect(model.calls).toHaveLength(4);
  });

  it("holds across two processes sharing the database", async () => {
    const clock = testClock();
    const first = await startApp({ clock });
    const second = await startApp({ clock });
    await upload(first.test);

    for (const index of [1, 2, 3]) expect((await grade(first.test, answer(index))).statusCode).toBe(200);
    const refused = await grade(second.test, answer(4));
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.details.spentUsd).toBe(0.06);
    expect(second.model.calls).toHaveLength(0);

    // A school's own, lower budget set through one process applies in the other at once.
    clock.set("2026-11-29T09:00:00.000Z");
    const lowered = await second.test.app.inject({
      method: "PUT",
      url: "/v1/settings",
      payload: { dailyBudgetUsd: 0.01 },
    });
    expect(lowered.json()).toMatchObject({
      dailyBudgetUsd: 0.01,
      defaultDailyBudgetUsd: 0.05,
      effectiveDailyBudgetUsd: 0.01,
    });
    expect((await grade(first.test, answer(5))).statusCode).toBe(200);
    expect((await grade(first.test, answer(6))).statusCode).toBe(429);
  });

  it("always finishes a grade that started, and stores its whole cost: never half a grade", async () => {
    const clock = testClock();
    const { test, model } = await startApp({ clock });
    // Two criteria and two samples, graded one criterion at a time: four calls, 0.08 USD, over the budget.
    await upload(test, { ...scienceRubric, grading: { strategy: "per-criterion", samples: 2 } });

    const graded = await grade(test, answer(1));
    expect(graded.statusCode).toBe(200);
    expect(graded.json().criteria.map((criterion: { points: number }) => criterion.points)).toEqual([1, 1]);
    expect(model.calls).toHaveLength(4);
    const audit = (
      await test.app.inject({ method: "GET", url: `/v1/grades/${graded.json().id}/audit` })
    ).json();
    expect(audit.attempts).toHaveLength(4);
    expect(audit.cost.amount).toBeCloseTo(4 * callCost, 10);

    const refused = await grade(test, answer(2));
    expect(refused.statusCode).toBe(429);
    expect(model.calls).toHaveLength(4);
    expect(await gradeCount(test)).toBe(1);

    // The ledger holds exactly what the stored grades cost.
    const usage = (await test.app.inject({ method: "GET", url: "/v1/usage" })).json();
    expect(usage.days).toEqual([
      expect.objectContaining({ day: "2026-11-28", grades: 1, modelCalls: 4, costUsd: 0.08 }),
    ]);
    expect(usage.today).toMatchObject({ budgetUsd: 0.05, spentUsd: 0.08, remainingUsd: 0 });
  });

  it("admits concurrent grades only while the worst-case cost of those in progress fits", async () => {
    const clock = testClock();
    const model = createScriptedModel();
    model.fallback = async (call) => {
      // Long enough that all five requests are admitted or refused while the first two are in progress.
      await delay(300);
      return replyFor(call);
    };
    const { test } = await startApp({ clock, model, env: { GRADER_DAILY_BUDGET_USD: "" } });
    await upload(test);
    // A budget of one and a half grades at their worst-case cost (the estimate's max: every call repaired,
    // every reply at the output limit; far more than the scripted calls really cost).
    const worstCase = (
      await test.app.inject({
        method: "POST",
        url: "/v1/estimate",
        payload: { rubricId: scienceRubric.id, sampleAnswers: [answer(1)] },
      })
    ).json().cost.max as number;
    expect(worstCase).toBeGreaterThan(3 * callCost);
    await test.app.inject({
      method: "PUT",
      url: "/v1/settings",
      payload: { dailyBudgetUsd: 1.5 * worstCase },
    });

    // Nothing is spent yet, but while two grades are in progress the others could overrun the budget if
    // they all cost their worst case: a burst of submissions is refused instead of admitted all at once.
    const responses = await Promise.all([1, 2, 3, 4, 5].map((index) => grade(test, answer(index))));
    const statuses = responses.map((response) => response.statusCode).sort();
    expect(statuses).toEqual([200, 200, 429, 429, 429]);
    const held = responses.find((response) => response.statusCode === 429)!;
    expect(held.headers["retry-after"]).toBe("5");
    expect(held.json().error.message).toContain("held by grades in progress");
    expect(model.calls).toHaveLength(2);

    // Once they are stored (0.04 USD in all), the next ones are admitted.
    expect((await grade(test, answer(6))).statusCode).toBe(200);
  });

  it("holds grades in progress against the budget across processes, not only within one", async () => {
    const clock = testClock();
    // Each model call waits until the test lets it finish.
    const finishers: (() => void)[] = [];
    const slowModel = () => {
      const model = createScriptedModel();
      model.fallback = (call) =>
        new Promise<string>((resolve) => finishers.push(() => resolve(replyFor(call))));
      return model;
    };
    const first = await startApp({ clock, model: slowModel(), env: { GRADER_DAILY_BUDGET_USD: "" } });
    const second = await startApp({ clock, model: slowModel(), env: { GRADER_DAILY_BUDGET_USD: "" } });
    await upload(first.test);
    const worstCase = (
      await first.test.app.inject({
        method: "POST",
        url: "/v1/estimate",
        payload: { rubricId: scienceRubric.id, sampleAnswers: [answer(1)] },
      })
    ).json().cost.max as number;
    await first.test.app.inject({
      method: "PUT",
      url: "/v1/settings",
      payload: { dailyBudgetUsd: 1.5 * worstCase },
    });
    const until = async (calls: number) => {
      while (finishers.length < calls) await delay(5);
    };

    // One grade in progress in each process: two worst cases held, over the budget for a third anywhere.
    const inFirst = grade(first.test, answer(1));
    await until(1);
    const inSecond = grade(second.test, answer(2));
    await until(2);
    for (const app of [first, second]) {
      const refused = await grade(app.test, answer(3));
      expect(refused.statusCode).toBe(429);
      expect(refused.json().error.details.inProgressUsd).toBeCloseTo(2 * worstCase, 8);
    }
    // One at a time: two connections of one process cannot wait for each other's write lock (see
    // usage-ledger.test.ts); separate processes can.
    finishers[0]!();
    expect((await inFirst).statusCode).toBe(200);
    finishers[1]!();
    expect((await inSecond).statusCode).toBe(200);
    expect(first.model.calls.length + second.model.calls.length).toBe(2);
  });

  it("frees the Idempotency-Key of a refused request, so it can be repeated the next day", async () => {
    const clock = testClock();
    const { test } = await startApp({ clock, env: { GRADER_DAILY_BUDGET_USD: "0.01" } });
    await upload(test);
    expect((await grade(test, answer(1))).statusCode).toBe(200);
    const key = { "idempotency-key": "submission-2" };
    expect((await grade(test, answer(2), key)).statusCode).toBe(429);
    clock.set("2026-11-29T06:00:00.000Z");
    const repeated = await grade(test, answer(2), key);
    expect(repeated.statusCode).toBe(200);
    expect(repeated.headers["idempotent-replayed"]).toBeUndefined();
  });

  it("has no cap by default; a school may set its own, and only an admin may see and change it", async () => {
    const clock = testClock();
    const { test } = await startApp({
      clock,
      env: { GRADER_DAILY_BUDGET_USD: "", GRADER_API_KEYS: "bootstrap-key-0123456789abcdef" },
    });
    const admin = { authorization: "Bearer bootstrap-key-0123456789abcdef" };
    await test.app.inject({ method: "POST", url: "/v1/rubrics", payload: scienceRubric, headers: admin });
    for (const index of [1, 2, 3, 4]) expect((await grade(test, answer(index), admin)).statusCode).toBe(200);
    const settings = await test.app.inject({ method: "GET", url: "/v1/settings", headers: admin });
    expect(settings.json()).toEqual({
      dailyBudgetUsd: null,
      defaultDailyBudgetUsd: null,
      effectiveDailyBudgetUsd: null,
      updatedAt: null,
      calibration: null,
      purgeExemplarCopies: false,
    });

    const set = await test.app.inject({
      method: "PUT",
      url: "/v1/settings",
      payload: { dailyBudgetUsd: 0.07 },
      headers: admin,
    });
    expect(set.json()).toMatchObject({ dailyBudgetUsd: 0.07, effectiveDailyBudgetUsd: 0.07 });
    expect((await grade(test, answer(5), admin)).statusCode).toBe(429);
    await test.app.inject({
      method: "PUT",
      url: "/v1/settings",
      payload: { dailyBudgetUsd: null },
      headers: admin,
    });
    expect((await grade(test, answer(5), admin)).statusCode).toBe(200);

    const teacher = (
      await test.app.inject({
        method: "POST",
        url: "/v1/keys",
        payload: { name: "t", role: "teacher" },
        headers: admin,
      })
    ).json().key as string;
    const denied = await test.app.inject({
      method: "PUT",
      url: "/v1/settings",
      payload: { dailyBudgetUsd: 100 },
      headers: { authorization: `Bearer ${teacher}` },
    });
    expect(denied.statusCode).toBe(403);
  });

  it("refuses a school budget above the operator's", async () => {
    const { test } = await startApp();
    const response = await test.app.inject({
      method: "PUT",
      url: "/v1/settings",
      payload: { dailyBudgetUsd: 1 },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toEqual([
      { path: "body.dailyBudgetUsd", message: expect.stringContaining("GRADER_DAILY_BUDGET_USD") },
    ]);
  });

  it("keeps each school's spend apart", async () => {
    const clock = testClock();
    const bootstrap = { authorization: "Bearer bootstrap-key-0123456789abcdef" };
    const { test } = await startApp({
      clock,
      env: { GRADER_API_KEYS: "bootstrap-key-0123456789abcdef", GRADER_DAILY_BUDGET_USD: "0.03" },
    });
    const created = await test.app.inject({
      method: "POST",
      url: "/v1/tenants",
      payload: { id: "north", name: "North" },
      headers: bootstrap,
    });
    const north = { authorization: `Bearer ${created.json().adminKey.key as string}` };
    for (const headers of [bootstrap, north]) {
      await test.app.inject({ method: "POST", url: "/v1/rubrics", payload: scienceRubric, headers });
    }
    for (const index of [1, 2]) expect((await grade(test, answer(index), bootstrap)).statusCode).toBe(200);
    expect((await grade(test, answer(3), bootstrap)).statusCode).toBe(429);
    expect((await grade(test, answer(3), north)).statusCode).toBe(200);
    const usage = (await test.app.inject({ method: "GET", url: "/v1/usage", headers: north })).json();
    expect(usage.total).toMatchObject({ grades: 1, modelCalls: 1, costUsd: callCost });
  });
});

describe("GET /v1/usage", () => {
  it("shows the spend per UTC day and model, in a range", async () => {
    const clock = testClock("2026-11-27T12:00:00.000Z");
    const { test } = await startApp({ clock, env: { GRADER_DAILY_BUDGET_USD: "" } });
    await upload(test);
    await grade(test, answer(1));
    await grade(test, answer(2));
    clock.set("2026-11-28T12:00:00.000Z");
    await grade(test, answer(3));
    await grade(test, answer(3));
    await grade(test, "");

    const usage = await test.app.inject({
      method: "GET",
      url: "/v1/usage?from=2026-11-27&to=2026-11-28",
    });
    expect(usage.statusCode).toBe(200);
    const body = usage.json();
    expect(body).toMatchObject({ from: "2026-11-27", to: "2026-11-28", currency: "USD" });
    expect(body.days).toEqual([
      expect.objectContaining({ day: "2026-11-27", grades: 2, modelCalls: 2, costUsd: 0.04 }),
      expect.objectContaining({
        day: "2026-11-28",
        grades: 3,
        cachedGrades: 1,
        modelCalls: 1,
        inputTokens: 100,
        outputTokens: 20,
        costUsd: 0.02,
      }),
    ]);
    expect(body.days[1].models.map((row: { model: string }) => row.model)).toEqual([
      "none",
      "openai:scripted-model",
    ]);
    expect(body.total).toMatchObject({ grades: 5, modelCalls: 3, costUsd: 0.06 });
    expect(body.today).toMatchObject({ day: "2026-11-28", budgetUsd: null, spentUsd: 0.02 });

    const defaults = (await test.app.inject({ method: "GET", url: "/v1/usage" })).json();
    expect(defaults).toMatchObject({ from: "2026-10-30", to: "2026-11-28" });
    expect(defaults.days).toHaveLength(2);

    for (const query of ["from=2026-11-29&to=2026-11-28", "from=2025-01-01&to=2026-11-28", "to=28.11.2026"]) {
      const bad = await test.app.inject({ method: "GET", url: `/v1/usage?${query}` });
      expect(bad.statusCode, query).toBe(400);
      expect(bad.json().error.code).toBe("invalid_request");
    }
    // A date and time (as GET /v1/grades' createdFrom takes) is told the form of a day, not a length.
    const dateTime = await test.app.inject({ method: "GET", url: "/v1/usage?from=2026-11-01T00:00:00Z" });
    expect(dateTime.statusCode).toBe(400);
    expect(dateTime.json().error.details).toEqual([
      { path: "querystring.from", message: "must be a date as YYYY-MM-DD (a UTC day)" },
    ]);
    // An empty value is not an absent one: it is refused, naming it, instead of taking the default range.
    for (const name of ["from", "to"]) {
      const empty = await test.app.inject({ method: "GET", url: `/v1/usage?${name}=` });
      expect(empty.statusCode, name).toBe(400);
      expect(empty.json().error.details[0].path).toBe(`querystring.${name}`);
    }
  });
});
