import { afterEach, describe, expect, it } from "vitest";
import { defaultOperatorScope } from "../../src/grading/access.js";
import { unlinkErasedSource } from "../../src/grading/answer-purge.js";
import type { TenantStores } from "../../src/grading/ports.js";
import { newId } from "../../src/lib/ids.js";
import { openStorage, type Storage } from "../../src/storage/database.js";
import { allCriteriaReply, createScriptedModel } from "../helpers/scripted-model.js";
import { buildTestApp, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * An identical answer served from the cache while the student whose grade it copies is erased: the
 * erasure unlinks the copies stored before it, and a copy stored after it must not bring the erased
 * grade back into the cache. The moment is made deterministic by erasing the source right after the
 * copy's cache lookup found it.
 */
const scope = defaultOperatorScope;
const answer = "Plants need light, water and carbon dioxide. They make glucose and oxygen.";
const command = (studentId: string) => ({ rubricId: scienceRubric.id, answer, studentId });

let storage: Storage | undefined;
let test: TestApp | undefined;
afterEach(async () => {
  await test?.close();
  await storage?.close();
  test = undefined;
  storage = undefined;
});

describe("a cached copy stored while its source's student is erased", () => {
  it("is stored unlinked and out of the cache, so later answers are graded afresh", async () => {
    // Regression: the copy was stored naming the erased grade and under its cache key, and every later
    // identical answer was served the erased student's result.
    const real = await openStorage({ kind: "sqlite", path: ":memory:" });
    storage = real;
    let eraseAfterLookup = false;
    const withErasureAfterLookup = (stores: TenantStores): TenantStores => ({
      ...stores,
      grades: {
        ...stores.grades,
        async findByCacheKey(cacheKey) {
          const found = await stores.grades.findByCacheKey(cacheKey);
          if (eraseAfterLookup && found) {
            eraseAfterLookup = false;
            await real
              .studentDataFor(scope.tenantId)
              .eraseStudent(
                "s-a",
                { id: newId("ers"), erasedAt: new Date().toISOString(), erasedBy: scope.keyId },
                unlinkErasedSource,
              );
          }
          return found;
        },
      },
    });
    const held: Storage = {
      ...real,
      forTenant: (tenantId) => withErasureAfterLookup(real.forTenant(tenantId)),
    };
    const model = createScriptedModel({
      fallback: allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "glucose" }),
    });
    test = await buildTestApp({ dependencies: { model }, storage: held });
    const upload = await test.app.inject({ method: "POST", url: "/v1/rubrics", payload: scienceRubric });
    expect(upload.statusCode).toBe(201);
    const service = test.runtime.service;
    const source = await service.grade(scope, command("s-a"));

    eraseAfterLookup = true;
    const copy = await service.grade(scope, command("s-b"));
    expect(copy.grade.cached).toBe(true);
    const copyAudit = await service.getAudit(scope, copy.grade.id);
    expect(copyAudit.cachedFrom).toBeNull();
    expect(copyAudit).toMatchObject({ cachedFromErased: true });
    expect(JSON.stringify(copyAudit)).not.toContain(source.grade.id);

    // The next identical answer finds nothing made from the erased answer: the model grades it.
    const later = await service.grade(scope, command("s-c"));
    expect(later.grade.cached).toBe(false);
    expect((await service.getAudit(scope, later.grade.id)).cachedFrom).toBeNull();
    expect(model.calls).toHaveLength(2);
  });
});
