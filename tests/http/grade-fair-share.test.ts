import { afterEach, describe, expect, it, vi } from "vitest";
import type { Clock } from "../../src/lib/clock.js";
import { createManualClock } from "../helpers/manual-clock.js";
import { allCriteriaReply, createScriptedModel, type ScriptedModel } from "../helpers/scripted-model.js";
import { buildTestApp, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * Regression (security review): GRADER_MAX_PENDING_GRADES was shared by every school, so one school firing
 * grades kept every slot and every other school got 503 `server_busy` for as long as it went on. A school
 * refused a slot now counts as waiting for a while, and while one waits no other may hold more than its
 * share of the limit: the slots of the school over its share go to the waiting one as they end. A school
 * alone still has the whole limit.
 */
const bootstrapKey = "bootstrap-key-0123456789abcdef";
let model: ScriptedModel;
let test: TestApp;
let elapsedMs: number;
afterEach(() => test.close());

describe("interactive grades of two schools against GRADER_MAX_PENDING_GRADES", () => {
  it("give a second school slots while the first floods, and the whole limit back to one alone", async () => {
    const held: (() => void)[] = [];
    let holdNewCalls = true;
    model = createScriptedModel({
      fallback: async () => {
        if (holdNewCalls) await new Promise<void>((resolve) => held.push(resolve));
        return allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "glucose" });
      },
    });
    const manual = createManualClock();
    elapsedMs = 0;
    const clock: Clock = {
      now: () => new Date(manual.nowMs + elapsedMs),
      sleep: (ms, signal) => manual.sleep(ms, signal),
    };
    test = await buildTestApp({
      env: { GRADER_API_KEYS: bootstrapKey, GRADER_MAX_PENDING_GRADES: "4" },
      dependencies: { model, clock },
    });
    const call = (key: string, method: "GET" | "POST", url: string, payload?: object) =>
      test.app.inject({ method, url, headers: { authorization: `Bearer ${key}` }, payload });
    const created = await call(bootstrapKey, "POST", "/v1/tenants", { id: "north", name: "North school" });
    const north = created.json().adminKey.key as string;
    for (const key of [bootstrapKey, north]) {
      expect((await call(key, "POST", "/v1/rubrics", scienceRubric)).statusCode).toBe(201);
    }
    let answers = 0;
    const grade = (key: string) =>
      call(key, "POST", "/v1/grade", {
        rubricId: scienceRubric.id,
        answer: `Plants need light ${++answers} and make glucose.`,
      });

    // The default school, alone, takes the whole limit; one more is refused.
    const flood = [1, 2, 3, 4].map(() => grade(bootstrapKey));
    await vi.waitFor(() => expect(model.calls).toHaveLength(4));
    expect((await grade(bootstrapKey)).statusCode).toBe(503);

    // North finds every slot taken: refused, and now waiting.
    const northRefused = await grade(north);
    expect(northRefused.statusCode).toBe(503);
    expect(northRefused.json().error.code).toBe("server_busy");

    // A slot of the flooding school ends: the flooding school may not take it back (it holds more than
    // its share, 2 of 4, while north waits), and north, coming back, gets it.
    held.shift()!();
    expect((await flood[0]!).statusCode).toBe(200);
    holdNewCalls = false;
    const overShare = await grade(bootstrapKey);
    expect(overShare.statusCode, overShare.body).toBe(503);
    expect(overShare.json().error.code).toBe("server_busy");
    const retryAfter = Number(overShare.headers["retry-after"]);
    expect(retryAfter >= 3 && retryAfter <= 7).toBe(true);
    expect(model.calls).toHaveLength(4);
    const northGrade = await grade(north);
    expect(northGrade.statusCode, northGrade.body).toBe(200);
    expect(model.calls).toHaveLength(5);

    while (held.length > 0) held.shift()!();
    for (const response of await Promise.all(flood.slice(1))) expect(response.statusCode).toBe(200);

    // Once north has stopped waiting, the default school has the whole limit again.
    elapsedMs = 16_000;
    holdNewCalls = true;
    const again = [1, 2, 3, 4].map(() => grade(bootstrapKey));
    await vi.waitFor(() => expect(model.calls).toHaveLength(9));
    while (held.length > 0) held.shift()!();
    for (const response of await Promise.all(again)) expect(response.statusCode).toBe(200);
  });
});
