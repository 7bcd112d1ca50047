import { afterEach, describe, expect, it, vi } from "vitest";
import { defaultTenantId } from "../../src/grading/access.js";
import { AppError } from "../../src/grading/errors.js";
import { allCriteriaReply, createScriptedModel, type ScriptedModel } from "../helpers/scripted-model.js";
import { buildTestAppWithRubric, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * At GRADER_MAX_PENDING_GRADES, the busy check ran before the Idempotency-Key was read: the retry of a
 * grade that had completed got 503 `server_busy` instead of its stored grade, and the repeat of one still
 * running got 503 instead of its 409. Neither calls the model or takes a slot; only a request that would
 * start grading is refused as busy.
 */
let model: ScriptedModel;
let test: TestApp;
afterEach(() => test.close());

const grade = (answer: string, key?: string) =>
  test.app.inject({
    method: "POST",
    url: "/v1/grade",
    payload: { rubricId: scienceRubric.id, answer },
    headers: key === undefined ? {} : { "idempotency-key": key },
  });

describe("a repeat of an Idempotency-Key while the service grades as many answers as it takes", () => {
  it("is answered its stored grade, or 409 while its first request runs; a new request gets 503", async () => {
    let holding = false;
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    model = createScriptedModel({
      fallback: async () => {
        if (holding) await held;
        return allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "glucose" });
      },
    });
    test = await buildTestAppWithRubric({
      env: { GRADER_MAX_PENDING_GRADES: "2" },
      dependencies: { model },
    });
    const done = await grade("Plants need light and make glucose.", "done");
    expect(done.statusCode, done.body).toBe(200);

    // Two grades the model holds: the service is at its limit.
    holding = true;
    const callsBefore = model.calls.length;
    const running = grade("Plants need light 1 and make glucose.", "running");
    const other = grade("Plants need light 2 and make glucose.");
    await vi.waitFor(() => expect(model.calls.length).toBeGreaterThanOrEqual(callsBefore + 2));
    const callsAtLimit = model.calls.length;

    const refused = await grade("Plants need light 3 and make glucose.", "new");
    expect(refused.statusCode, refused.body).toBe(503);
    expect(refused.json().error.code).toBe("server_busy");

    const replayed = await grade("Plants need light and make glucose.", "done");
    expect(replayed.statusCode, replayed.body).toBe(200);
    expect(replayed.headers["idempotent-replayed"]).toBe("true");
    expect(replayed.json().id).toBe(done.json().id);

    const inProgress = await grade("Plants need light 1 and make glucose.", "running");
    expect(inProgress.statusCode, inProgress.body).toBe(409);
    expect(inProgress.json().error.code).toBe("idempotency_key_in_use");
    expect(Number(inProgress.headers["retry-after"])).toBeGreaterThanOrEqual(1);

    // The same key with another body is refused as it always is.
    const reused = await grade("Another answer entirely.", "done");
    expect(reused.statusCode, reused.body).toBe(422);
    expect(reused.json().error.code).toBe("idempotency_key_reused");
    expect(model.calls).toHaveLength(callsAtLimit);

    release();
    expect((await running).statusCode).toBe(200);
    expect((await other).statusCode).toBe(200);
    // The refused request's key was never claimed: sent again, it is graded as new.
    const retried = await grade("Plants need light 3 and make glucose.", "new");
    expect(retried.statusCode, retried.body).toBe(200);
    expect(retried.headers["idempotent-replayed"]).toBeUndefined();
    const listed = await test.app.inject({ method: "GET", url: "/v1/grades" });
    expect(listed.json().grades).toHaveLength(4);
  });
});

describe("a grade under an Idempotency-Key that fails", () => {
  it("answers its own error even when freeing the key fails too; the key lapses and a retry is graded", async () => {
    // Regression: the key's release ran in the catch and its failure replaced the grade's error (on a
    // full disk the delete fails as the grade did), so the client read an error about the key, not the cause.
    model = createScriptedModel({
      fallback: allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "glucose" }),
    });
    test = await buildTestAppWithRubric({ env: { GRADER_LEASE_SECONDS: "2" }, dependencies: { model } });
    const idempotency = test.storage.forTenant(defaultTenantId).idempotency;
    const release = vi
      .spyOn(idempotency, "release")
      .mockRejectedValueOnce(Object.assign(new Error("disk I/O error"), { code: "SQLITE_IOERR_WRITE" }));
    model.enqueue({ throws: new AppError("provider_unavailable") });
    const answer = "Plants need light and make glucose.";
    const failed = await grade(answer, "k-1");
    expect(release).toHaveBeenCalledTimes(1);
    expect(failed.statusCode, failed.body).toBe(503);
    expect(failed.json().error.code).toBe("provider_unavailable");
    // The claim was not freed: a retry waits for its lease to lapse, then takes it over and is graded.
    await vi.waitFor(
      async () => {
        const retried = await grade(answer, "k-1");
        expect(retried.statusCode, retried.body).toBe(200);
      },
      { timeout: 10_000, interval: 250 },
    );
  });
});
