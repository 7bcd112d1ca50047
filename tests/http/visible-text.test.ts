import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { integrationEnv } from "../helpers/integration-fixtures.js";
import { buildTestAppWithRubric, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * Ids, teachers' texts and names that show nothing (zero-width spaces, bidi controls, blanks) are refused as
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
    // Variation selectors and the combining grapheme joiner are marks, but show nothing on their own.
    ["studentId", "\ufe0f"],
    ["studentId", "\u034f"],
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

describe("calibration answers' student ids", () => {
  const calibrate = (studentId: string) =>
    test.app.inject({
      method: "POST",
      url: `/v1/rubrics/${scienceRubric.id}/calibrations`,
      payload: {
        answers: Array.from({ length: 10 }, (_, index) => ({
          answer: `Plants need light and water (${index}).`,
          points: { inputs: 1, outputs: 1 },
          ...(index === 4 ? { studentId } : { studentId: `s-${index}` }),
        })),
      },
    });

  // "." could never be erased afterwards: a URL client collapses it out of /v1/students/{id}.
  it.each([".", "..", "\u200b\u200b", "   "])(
    "refuses %j as POST /v1/grade does, naming the answer",
    async (id) => {
      const response = await calibrate(id);
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().error.code).toBe("invalid_request");
      expect(response.json().error.message).toContain("answers[4].studentId");
    },
  );

  it("takes an id with a visible character", async () => {
    expect((await calibrate(" ana.b ")).statusCode).toBe(202);
  });
});

describe("reviewers, appellants and reasons", () => {
  let gradeId: string;
  beforeEach(async () => {
    const graded = await grade({ answer: "" });
    expect(graded.statusCode, graded.body).toBe(200);
    gradeId = graded.json().id;
  });
  const invisible = ["\u200b", "\u202e\u2066", "\u3164", " \u200b ", "\ufe0f", "\u034f"];

  it.each(invisible)(
    "refuses a reviewer or reason of only %j on a change, an approval, a reopening",
    async (blank) => {
      const requests = [
        {
          url: `/v1/grades/${gradeId}`,
          method: "PATCH",
          body: { reviewer: blank, reason: "r", feedback: "f" },
          field: "reviewer",
        },
        {
          url: `/v1/grades/${gradeId}`,
          method: "PATCH",
          body: { reviewer: "T", reason: blank, feedback: "f" },
          field: "reason",
        },
        {
          url: `/v1/grades/${gradeId}/approve`,
          method: "POST",
          body: { reviewer: blank },
          field: "reviewer",
        },
        {
          url: `/v1/grades/${gradeId}/reopen`,
          method: "POST",
          body: { reviewer: "T", reason: blank },
          field: "reason",
        },
      ] as const;
      for (const { url, method, body, field } of requests) {
        const response = await test.app.inject({ method, url, payload: body });
        expect(response.statusCode, `${method} ${url} ${response.body}`).toBe(400);
        expect(response.json().error.code).toBe("invalid_request");
        expect(response.json().error.message).toContain(`body.${field}`);
        expect(response.json().error.message).toMatch(/empty/);
      }
      expect((await test.app.inject({ method: "GET", url: `/v1/grades/${gradeId}` })).json().version).toBe(1);
    },
  );

  it.each(invisible)("refuses an appeal whose reason or appellant is only %j", async (blank) => {
    for (const [field, body] of [
      ["reason", { criterionId: "inputs", reason: blank, by: "student" }],
      ["by", { criterionId: "inputs", reason: "all three", by: blank }],
    ] as const) {
      const response = await test.app.inject({
        method: "POST",
        url: `/v1/grades/${gradeId}/appeals`,
        payload: body,
      });
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().error.message).toContain(`body.${field}`);
    }
  });

  it("keeps a reviewer with a visible character, trimmed", async () => {
    const approved = await test.app.inject({
      method: "POST",
      url: `/v1/grades/${gradeId}/approve`,
      payload: { reviewer: "  Ms Lee\u200b " },
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().review.by).toBe("Ms Lee\u200b");
  });
});

describe("names of keys, schools and integrations", () => {
  // Names are what an admin tells keys and integrations apart by, in lists and in the audit of who acted.
  beforeEach(async () => {
    await test.close();
    test = await buildTestAppWithRubric({ env: integrationEnv });
  });
  const call = (method: "GET" | "POST" | "PATCH", url: string, payload?: object) =>
    test.app.inject({ method, url, ...(payload ? { payload } : {}) });
  const connect = (name: string) =>
    call("POST", "/v1/integrations", {
      type: "webhook",
      name,
      defaultRubric: { rubricId: scienceRubric.id },
    });
  const invisible = ["\u200b", "\u2060", "\u202e\u2066", "\u3164", "\ufe0f", " \u200b "];

  it.each(invisible)(
    "refuses a name of only %j with 400 naming the field, changing nothing",
    async (blank) => {
      const portal = await connect("School portal");
      expect(portal.statusCode, portal.body).toBe(201);
      const requests = [
        ["POST", "/v1/keys", { name: blank, role: "teacher" }],
        ["POST", "/v1/tenants", { id: "north", name: blank }],
        ["POST", "/v1/integrations", { type: "webhook", name: blank }],
        ["PATCH", `/v1/integrations/${portal.json().id}`, { name: blank }],
      ] as const;
      for (const [method, url, body] of requests) {
        const response = await call(method, url, body);
        expect(response.statusCode, `${method} ${url} ${response.body}`).toBe(400);
        expect(response.json().error.code).toBe("invalid_request");
        expect(response.json().error.message).toContain("body.name");
        expect(response.json().error.message).toMatch(/empty/);
      }
      expect((await call("GET", "/v1/keys")).json().keys).toEqual([]);
      expect(
        (await call("GET", "/v1/tenants")).json().tenants.map((tenant: { id: string }) => tenant.id),
      ).toEqual(["default"]);
      const integrations = (await call("GET", "/v1/integrations")).json().integrations;
      expect(integrations.map((integration: { name: string }) => integration.name)).toEqual([
        "School portal",
      ]);
    },
  );

  it("keeps a name with a visible character, trimmed", async () => {
    const key = await call("POST", "/v1/keys", { name: "  Ms Lee\u200b ", role: "teacher" });
    expect(key.statusCode, key.body).toBe(201);
    expect(key.json().name).toBe("Ms Lee\u200b");
    const portal = await connect(" Portal ");
    expect(portal.statusCode, portal.body).toBe(201);
    expect(portal.json().name).toBe("Portal");
    const renamed = await call("PATCH", `/v1/integrations/${portal.json().id}`, {
      name: "\u2066Portail\u2069",
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json().name).toBe("\u2066Portail\u2069");
  });
});
