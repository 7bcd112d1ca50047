import { afterEach, describe, expect, it } from "vitest";
import { allCriteriaReply, createScriptedModel } from "../helpers/scripted-model.js";
import { buildTestAppWithRubric, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * The API's answers are a school's personal data: a browser on a shared school computer must not keep a
 * class's grades, or a student's answer, in its disk cache for the next user to read.
 */

let test: TestApp;
afterEach(() => test.close());

describe("API responses", () => {
  it("are sent with Cache-Control: no-store, grades, exports and errors alike", async () => {
    const model = createScriptedModel({
      fallback: allCriteriaReply({ inputs: 2, outputs: 1 }, { quote: "glucose" }),
    });
    test = await buildTestAppWithRubric({ dependencies: { model } });
    const graded = await test.app.inject({
      method: "POST",
      url: "/v1/grade",
      payload: {
        rubricId: scienceRubric.id,
        studentId: "s-17",
        answer: "Plants need light, water and carbon dioxide to make glucose.",
      },
    });
    expect(graded.statusCode).toBe(200);
    const gradeId = graded.json().id as string;
    const reads = [
      { url: "/v1/grades" },
      { url: "/v1/grades", headers: { accept: "text/csv" } },
      { url: `/v1/grades/${gradeId}` },
      { url: `/v1/grades/${gradeId}/audit` },
      { url: "/v1/review-queue" },
      { url: `/v1/rubrics/${scienceRubric.id}` },
      { url: "/v1/grades/grd_unknown" },
    ];
    for (const read of reads) {
      const response = await test.app.inject({ method: "GET", ...read });
      expect(response.statusCode, read.url).toBeLessThan(500);
      expect(response.headers["cache-control"], `${read.url} ${read.headers?.accept ?? ""}`).toBe("no-store");
    }
    expect(graded.headers["cache-control"]).toBe("no-store");
  });
});
