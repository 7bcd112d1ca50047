import { afterEach, describe, expect, it, vi } from "vitest";
import { allCriteriaReply, createScriptedModel, type ScriptedModel } from "../helpers/scripted-model.js";
import { buildTestAppWithRubric, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * A burst of grades larger than the provider can take. Regression: every request waited its turn for one
 * of GRADER_MAX_IN_FLIGHT model calls, without limit: 1,000 requests against 2 calls at a time and a
 * provider answering in 100 ms left 798 clients to time out (15 s), each still graded, and paid for,
 * after its client had gone. Past GRADER_MAX_PENDING_GRADES grades in progress, one more is now refused
 * at once with 503 `server_busy` and Retry-After, before any model call, and nothing is stored.
 */
let model: ScriptedModel;
let test: TestApp;
afterEach(() => test.close());

const grade = (answer: string, headers: Record<string, string> = {}) =>
  test.app.inject({
    method: "POST",
    url: "/v1/grade",
    payload: { rubricId: scienceRubric.id, answer },
    headers,
  });

describe("more grades at once than GRADER_MAX_PENDING_GRADES", () => {
  it("refuses the one too many with 503 server_busy and Retry-After, and takes it once the others end", async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    model = createScriptedModel({
      fallback: async () => {
        await held;
        return allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "glucose" });
      },
    });
    test = await buildTestAppWithRubric({
      env: { GRADER_MAX_PENDING_GRADES: "3" },
      dependencies: { model },
    });
    const first = [1, 2, 3].map((n) => grade(`Plants need light ${n} and make glucose.`));
    await vi.waitFor(() => expect(model.calls).toHaveLength(3));

    const refused = await grade("Plants need light 4 and make glucose.", { "idempotency-key": "four" });
    expect(refused.statusCode, refused.body).toBe(503);
    expect(refused.json().error.code).toBe("server_busy");
    const retryAfter = Number(refused.headers["retry-after"]);
    expect(Number.isInteger(retryAfter) && retryAfter >= 1).toBe(true);
    expect(model.calls).toHaveLength(3);

    // A burst refused together is told to come back at different times, not all in the same second.
    const burst = await Promise.all(
      Array.from({ length: 40 }, (_, n) => grade(`Plants need light ${n + 10} and make glucose.`)),
    );
    const waits = new Set<number>();
    for (const response of burst) {
      expect(response.statusCode).toBe(503);
      const seconds = Number(response.headers["retry-after"]);
      expect(seconds >= 1 && seconds <= 10).toBe(true);
      waits.add(seconds);
    }
    expect(waits.size).toBeGreaterThan(1);
    expect(model.calls).toHaveLength(3);

    release();
    for (const response of await Promise.all(first)) expect(response.statusCode).toBe(200);
    // The refused request, sent again with its key, is graded as new: the key was never held.
    const retried = await grade("Plants need light 4 and make glucose.", { "idempotency-key": "four" });
    expect(retried.statusCode, retried.body).toBe(200);
    expect(retried.headers["idempotent-replayed"]).toBeUndefined();
    const listed = await test.app.inject({ method: "GET", url: "/v1/grades" });
    expect(listed.json().grades).toHaveLength(4);
  });
});
