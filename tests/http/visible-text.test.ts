import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildTestAppWithRubric, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * Ids and teachers' texts that show nothing (zero-width spaces, bidi controls, blanks) are refused as
 * empty, with the field named; ids that a URL path cannot carry ("." and "..") are refused where they are
 * first given, not found unreachable later at /v1/students/{id}/export.
 */
let test: TestApp;
beforeEach(async () => {
  test = await buildTestAppWithRubric();
});
afterEach(() => test.close());

const grade = (fields: Record<string, unknown>) =>
  test.app.inject({
    method: "POST",
    url: "/v1/grade",
    // A blank answer is graded 0 without a model call, so the ids are all that is checked.
    payload: { rubricId: scienceRubric.id, answer: "", ...fields },
  });

describe("client ids", () => {
  it.each([
    ["studentId", "\u200b"],
    ["studentId", "   "],
    ["studentId", "\u202e\u2066"],
    ["studentId", "."],
    ["studentId", ".."],
    ["submissionId", "\u2060"],
    ["submissionId", ".."],
  ])("refuses %s %j with 400 naming the field", async (field, value) => {
    const response = await grade({ [field]: value });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error.code).toBe("invalid_request");
    expect(response.json().error.message).toContain(`body.${field}`);
  });

  it("keeps an id with a visible character exactly, spaces and dots included", async () => {
    const response = await grade({ studentId: " ana.b ", submissionId: "..a" });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ studentId: " ana.b ", submissionId: "..a" });
  });

  it("refuses them in a job's JSON items too", async () => {
    const response = await test.app.inject({
      method: "POST",
      url: "/v1/jobs",
      payload: {
        rubricId: scienceRubric.id,
        answers: [{ answer: "fine" }, { answer: "x", studentId: "\u200b" }],
      },
    });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error.message).toContain("answers[1].studentId");
  });
});

describe("rubric texts", () => {
  it.each([
    ["title", "\u200b"],
    ["title", "\u202e\u2066"],
    ["question", "\u3164"],
  ])("refuses a rubric whose %s is %j as empty", async (field, value) => {
    const response = await test.app.inject({
      method: "POST",
      url: "/v1/rubrics",
      payload: { ...scienceRubric, id: "invisible-texts", [field]: value },
    });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error.code).toBe("invalid_rubric");
    expect(JSON.stringify(response.json().error.details)).toContain(field);
    expect(response.json().error.message).toMatch(/empty/);
  });
});
