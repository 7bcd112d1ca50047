import { setTimeout as delay } from "node:timers/promises";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AppError } from "../../src/grading/errors.js";
import { allCriteriaReply, createScriptedModel } from "../helpers/scripted-model.js";
import { buildTestAppWithRubric, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * Identical answers graded at once wait for one leader's model call. Regression: when that call failed
 * (the provider timed out, after its retries), the next waiting request led and waited the same failure
 * out again, one after another: 12 identical answers against a provider that timed out made 12 calls in
 * a row, and the last client waited 12 timeouts (with the default 60 s timeout and 2 retries, over half
 * an hour) for the same 504 the first got. They now all get the leader's provider failure with it.
 */
let test: TestApp;
afterEach(() => test?.close());

const grade = (answer: string) =>
  test.app.inject({ method: "POST", url: "/v1/grade", payload: { rubricId: scienceRubric.id, answer } });

describe("identical answers whose shared model call fails", () => {
  it("are all answered with the provider's failure, without calling it again for each", async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const model = createScriptedModel({
      fallback: async () => {
        await held;
        throw new AppError("provider_timeout");
      },
    });
    test = await buildTestAppWithRubric({ dependencies: { model } });
    const answer = "I do not know, maybe glucose.";
    const requests = Array.from({ length: 12 }, () => grade(answer));
    await vi.waitFor(() => expect(model.calls).toHaveLength(1));
    // Let every request reach the flight and wait for its leader.
    await delay(500);
    release();
    const responses = await Promise.all(requests);
    for (const response of responses) {
      expect(response.statusCode, response.body).toBe(504);
      expect(response.json().error.code).toBe("provider_timeout");
    }
    expect(model.calls).toHaveLength(1);

    // Nothing was stored; the same answer sent again is graded as new once the provider is back.
    model.fallback = allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "glucose" });
    const again = await grade(answer);
    expect(again.statusCode, again.body).toBe(200);
    expect(model.calls).toHaveLength(2);
  });

  it.each(["provider_unavailable", "provider_error"] as const)(
    "are all answered with the provider's %s once a request that took over failed too: two calls, not one each",
    async (code) => {
      // Regression: only a timeout was shared; against a provider answering 503 each waiting request led
      // in turn and went through its own retries, one after another.
      let release: () => void = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      const model = createScriptedModel({
        fallback: async () => {
          await held;
          throw new AppError(code);
        },
      });
      test = await buildTestAppWithRubric({ dependencies: { model } });
      const requests = Array.from({ length: 8 }, () => grade("Maybe glucose and oxygen."));
      await vi.waitFor(() => expect(model.calls).toHaveLength(1));
      await delay(500);
      release();
      for (const response of await Promise.all(requests)) {
        expect(response.json().error.code, response.body).toBe(code);
      }
      expect(model.calls).toHaveLength(2);
    },
  );

  it("still lets a waiting request lead again after a failure that is the leader's own", async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const model = createScriptedModel();
    model.enqueue(async () => {
      await held;
      throw new Error("a fault of this request only");
    });
    model.fallback = allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "glucose" });
    test = await buildTestAppWithRubric({ dependencies: { model } });
    const answer = "Plants make glucose.";
    const requests = [grade(answer), grade(answer), grade(answer)];
    await vi.waitFor(() => expect(model.calls).toHaveLength(1));
    await delay(300);
    release();
    const statuses = (await Promise.all(requests)).map((response) => response.statusCode).sort();
    expect(statuses).toEqual([200, 200, 500]);
    expect(model.calls).toHaveLength(2);
  });
});
