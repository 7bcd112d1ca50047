import { afterEach, describe, expect, it } from "vitest";
import { defaultOperatorScope } from "../../src/grading/access.js";
import { unlinkErasedSource } from "../../src/grading/answer-purge.js";
import { AppError } from "../../src/grading/errors.js";
import type { TenantStores } from "../../src/grading/ports.js";
import { newId } from "../../src/lib/ids.js";
import { openStorage, type Storage } from "../../src/storage/database.js";
import { allCriteriaReply, createScriptedModel } from "../helpers/scripted-model.js";
import { buildTestApp, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * A key recorded completed whose grade is gone (the student was erased between the key's read and the
 * grade's) is graded again holding the key, as a first request is: two requests with that key at that
 * moment make one grade, not two. The moment is made deterministic by holding both requests after their
 * read of the key until the erasure committed.
 */
const scope = defaultOperatorScope;
const answer = "Plants need light, water and carbon dioxide. They make glucose and oxygen.";
const command = { rubricId: scienceRubric.id, answer, studentId: "s-1" };

let storage: Storage | undefined;
let test: TestApp | undefined;
afterEach(async () => {
  await test?.close();
  await storage?.close();
  test = undefined;
  storage = undefined;
});

describe("an idempotency key whose grade is erased while two requests read it", () => {
  it("grades the answer again once, the other request seeing the key in use", async () => {
    // Regression: both requests found the key completed and its grade gone, and each graded again
    // without holding the key: two grades for one key, and the key answered neither.
    const real = await openStorage({ kind: "sqlite", path: ":memory:" });
    storage = real;
    let arrivals = 0;
    let armed = false;
    let erased: Promise<void> | undefined;
    let bothRead: () => void = () => {};
    const bothReadKey = new Promise<void>((resolve) => {
      bothRead = resolve;
    });
    const withHeldReads = (stores: TenantStores): TenantStores => ({
      ...stores,
      idempotency: {
        ...stores.idempotency,
        async claim(...args) {
          const claim = await stores.idempotency.claim(...args);
          if (!armed || claim.state !== "completed") return claim;
          if (++arrivals === 2) {
            armed = false;
            erased = real
              .studentDataFor(scope.tenantId)
              .eraseStudent(
                "s-1",
                { id: newId("ers"), erasedAt: new Date().toISOString(), erasedBy: scope.keyId },
                unlinkErasedSource,
              )
              .then(() => bothRead());
          }
          await bothReadKey;
          return claim;
        },
      },
    });
    const held: Storage = { ...real, forTenant: (tenantId) => withHeldReads(real.forTenant(tenantId)) };
    const model = createScriptedModel({
      fallback: allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "glucose" }),
    });
    test = await buildTestApp({ dependencies: { model }, storage: held });
    const upload = await test.app.inject({ method: "POST", url: "/v1/rubrics", payload: scienceRubric });
    expect(upload.statusCode).toBe(201);
    const service = test.runtime.service;
    const first = await service.grade(scope, command, "submission-1");

    armed = true;
    const outcomes = await Promise.allSettled([
      service.grade(scope, command, "submission-1"),
      service.grade(scope, command, "submission-1"),
    ]);
    await erased;
    const made = outcomes.flatMap((outcome) => (outcome.status === "fulfilled" ? [outcome.value] : []));
    const refused = outcomes.flatMap((outcome) =>
      outcome.status === "rejected"
        ? [AppError.isInstance(outcome.reason) ? outcome.reason.code : String(outcome.reason)]
        : [],
    );
    expect(refused).toEqual(["idempotency_key_in_use"]);
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({ replayed: false });
    expect(made[0]!.grade.id).not.toBe(first.grade.id);
    // The key answers the one new grade, which is the student's only one.
    const again = await service.grade(scope, command, "submission-1");
    expect(again).toMatchObject({ replayed: true, grade: { id: made[0]!.grade.id } });
    const grades = await real.grades.list({ studentId: "s-1", limit: 10 });
    expect(grades.map((grade) => grade.id)).toEqual([made[0]!.grade.id]);
  });
});
