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

  it("keeps an id with a visible character exactly, spaces inside and dots included", async () => {
    const response = await grade({ studentId: "ana  b.", submissionId: "..a" });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ studentId: "ana  b.", submissionId: "..a" });
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

describe("client ids with control characters", () => {
  // Regression: these were stored as sent and came out raw in CSV exports and log lines; and an id of only
  // spaces in the path answered 200 with an empty export (the path did not use the id rule at all).
  const forbidden = [
    ["NUL", "s\u0000-1", "U+0000 (a control character)"],
    ["ESC", "s-1\u001b[2J", "U+001B (a control character)"],
    ["a line feed", "s-1\n", "U+000A (a control character)"],
    ["DEL", "s\u007f1", "U+007F (a control character)"],
    ["a C1 control", "s\u00851", "U+0085 (a control character)"],
    ["a bidi override", "s-\u202e1", "U+202E (a bidi control)"],
    ["a bidi isolate", "\u2066s-1\u2069", "U+2066 (a bidi control)"],
    ["a right-to-left mark", "s-1\u200f", "U+200F (a bidi control)"],
    ["an Arabic letter mark", "s\u061c-1", "U+061C (a bidi control)"],
  ] as const;

  it.each(forbidden)(
    "refuses an id with %s in a body, naming the field and the character",
    async (_, id, named) => {
      for (const field of ["studentId", "submissionId"]) {
        const response = await grade({ [field]: id });
        expect(response.statusCode, response.body).toBe(400);
        const { error } = response.json();
        expect(error.code).toBe("invalid_request");
        expect(error.message).toBe(`body.${field}: cannot contain ${named}`);
        expect(error.details).toEqual([{ path: `body.${field}`, message: `cannot contain ${named}` }]);
      }
      expect((await test.app.inject({ method: "GET", url: "/v1/grades" })).json().grades).toEqual([]);
    },
  );

  it.each(forbidden)(
    "refuses an id with %s in a query string and a path, naming the parameter",
    async (_, id) => {
      const encoded = encodeURIComponent(id);
      for (const [method, url, path] of [
        ["GET", `/v1/grades?studentId=${encoded}`, "querystring.studentId"],
        ["GET", `/v1/grades?submissionId=${encoded}`, "querystring.submissionId"],
        ["GET", `/v1/students/${encoded}/export`, "params.studentId"],
        ["DELETE", `/v1/students/${encoded}`, "params.studentId"],
      ] as const) {
        const response = await test.app.inject({ method, url });
        expect(response.statusCode, `${method} ${url} ${response.body}`).toBe(400);
        expect(response.json().error.code).toBe("invalid_request");
        expect(response.json().error.message).toContain(path);
        expect(response.json().error.details[0].path).toBe(path);
      }
      expect((await test.app.inject({ method: "GET", url: "/v1/erasures" })).json().erasures).toEqual([]);
    },
  );

  it("refuses an id of only spaces in the path, as anywhere else", async () => {
    for (const [method, url] of [
      ["GET", "/v1/students/%20/export"],
      ["DELETE", "/v1/students/%20%20"],
      ["GET", "/v1/students/%C2%A0/export"],
    ] as const) {
      const response = await test.app.inject({ method, url });
      expect(response.statusCode, `${method} ${url} ${response.body}`).toBe(400);
      expect(response.json().error).toMatchObject({
        code: "invalid_request",
        message: "params.studentId: must have a visible character",
        details: [{ path: "params.studentId", message: "must have a visible character" }],
      });
    }
    // A zero-width space is refused by name, as in a body.
    const zeroWidth = await test.app.inject({ method: "GET", url: "/v1/students/%E2%80%8B/export" });
    expect(zeroWidth.statusCode).toBe(400);
    expect(zeroWidth.json().error.message).toBe(
      "params.studentId: cannot contain U+200B (an invisible format character)",
    );
  });

  it("refuses them in a job's JSON items, naming the item", async () => {
    const json = await test.app.inject({
      method: "POST",
      url: "/v1/jobs",
      payload: {
        rubricId: scienceRubric.id,
        answers: [{ answer: "fine" }, { answer: "x", submissionId: "sub\u00001" }],
      },
    });
    expect(json.statusCode, json.body).toBe(400);
    expect(json.json().error.details[0]).toEqual({
      path: "body.answers[1].submissionId",
      message: "cannot contain U+0000 (a control character)",
    });
    expect((await test.app.inject({ method: "GET", url: "/v1/jobs" })).json().jobs).toEqual([]);
  });

  it("refuses them in calibration answers", async () => {
    const response = await test.app.inject({
      method: "POST",
      url: `/v1/rubrics/${scienceRubric.id}/calibrations`,
      payload: {
        answers: Array.from({ length: 10 }, (_, index) => ({
          answer: `Plants need light and water (${index}).`,
          points: { inputs: 1, outputs: 1 },
          studentId: index === 6 ? "s\u202e-6" : `s-${index}`,
        })),
      },
    });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error.details[0]).toEqual({
      path: "body.answers[6].studentId",
      message: "cannot contain U+202E (a bidi control)",
    });
  });

  it("keeps the characters a reader may use in an id: spaces, other scripts, joiners inside emoji", async () => {
    const studentId = "Zoë  \u0645\u0631\u064a\u0645 👩\u200d🔬";
    const response = await grade({ studentId });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().studentId).toBe(studentId);
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
    expect((await calibrate("ana b.")).statusCode).toBe(202);
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
        // A reviewer (a name) with a bidi control or another format character is refused for that
        // character, as an id is.
        expect(response.json().error.message).toMatch(/empty|cannot contain U\+(202E|200B)/);
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
      payload: { reviewer: "  Ms Lee\u00a0" },
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().review.by).toBe("Ms Lee");
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
        // A name with a bidi control or another format character is refused for that character, as an id is.
        expect(response.json().error.message).toMatch(/empty|cannot contain U\+(202E|200B|2060)/);
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
    const key = await call("POST", "/v1/keys", { name: "  Ms Lee\u00a0 ", role: "teacher" });
    expect(key.statusCode, key.body).toBe(201);
    expect(key.json().name).toBe("Ms Lee");
    const portal = await connect(" Portal ");
    expect(portal.statusCode, portal.body).toBe(201);
    expect(portal.json().name).toBe("Portal");
    // Bidi marks stay (isolates, which reorder the text around them, are refused: below).
    const renamed = await call("PATCH", `/v1/integrations/${portal.json().id}`, {
      name: "\u200fپورتال مدرسه\u200f 2",
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json().name).toBe("\u200fپورتال مدرسه\u200f 2");
  });
});

describe("an integration's assignment ids", () => {
  // Regression: an empty assignment id answered "body.assignments: Invalid key in record", naming neither
  // the id nor what was wrong with it.
  beforeEach(async () => {
    await test.close();
    test = await buildTestAppWithRubric({ env: integrationEnv });
  });
  const mapping = { rubricId: scienceRubric.id };

  it.each([
    ["an empty", "", 'the assignment id "" cannot be empty'],
    [
      "a 201-character",
      "a".repeat(201),
      `the assignment id "${"a".repeat(201)}" must be at most 200 characters`,
    ],
    // Regression: a key with a bidi control, a zero-width space or a control character was kept: no
    // event matches it, and it reads as another assignment id.
    [
      "a bidi-controlled",
      "hw\u202e1",
      'the assignment id "hw\\u202e1" cannot contain U+202E (a bidi control)',
    ],
    [
      "a zero-width-spaced",
      "hw\u200b1",
      'the assignment id "hw\\u200b1" cannot contain U+200B (an invisible format character)',
    ],
    [
      "a NUL-holding",
      "hw\u00001",
      'the assignment id "hw\\u00001" cannot contain U+0000 (a control character)',
    ],
  ])("refuses %s assignment id, naming it, on create and on change", async (_, id, message) => {
    const created = await test.app.inject({
      method: "POST",
      url: "/v1/integrations",
      payload: { type: "webhook", name: "Portal", assignments: { "hw-1": mapping, [id]: mapping } },
    });
    expect(created.statusCode, created.body).toBe(400);
    expect(created.json().error.code).toBe("invalid_request");
    expect(created.json().error.message).toBe(`body.assignments: ${message}`);
    const portal = await test.app.inject({
      method: "POST",
      url: "/v1/integrations",
      payload: { type: "webhook", name: "Portal", assignments: { "hw-1": mapping } },
    });
    expect(portal.statusCode, portal.body).toBe(201);
    const changed = await test.app.inject({
      method: "PATCH",
      url: `/v1/integrations/${portal.json().id}`,
      payload: { assignments: { [id]: mapping } },
    });
    expect(changed.statusCode, changed.body).toBe(400);
    expect(changed.json().error.message).toBe(`body.assignments: ${message}`);
  });

  it("names an empty or over-long credential name and criterion id too", async () => {
    const credentials = await test.app.inject({
      method: "POST",
      url: "/v1/integrations",
      payload: { type: "canvas", name: "Canvas", credentials: { token: "t", "": "x" } },
    });
    expect(credentials.statusCode, credentials.body).toBe(400);
    expect(credentials.json().error.message).toContain('body.credentials: the credential "" cannot be empty');
    const longName = "k".repeat(101);
    const long = await test.app.inject({
      method: "POST",
      url: "/v1/integrations",
      payload: { type: "canvas", name: "Canvas", credentials: { [longName]: "x" } },
    });
    expect(long.statusCode, long.body).toBe(400);
    expect(long.json().error.message).toContain(
      `body.credentials: the credential "${longName}" must be at most 100 characters`,
    );
    const calibration = await test.app.inject({
      method: "POST",
      url: `/v1/rubrics/${scienceRubric.id}/calibrations`,
      payload: {
        answers: Array.from({ length: 10 }, (_, index) => ({
          answer: `Plants need light and water (${index}).`,
          points: index === 3 ? { inputs: 1, outputs: 1, "": 1 } : { inputs: 1, outputs: 1 },
        })),
      },
    });
    expect(calibration.statusCode, calibration.body).toBe(400);
    expect(calibration.json().error.message).toBe(
      'body.answers[3].points: the criterion id "" cannot be empty',
    );
  });

  it("keeps every assignment id it took before: 1 to 200 characters, as written", async () => {
    const ids = ["42", "a".repeat(200), " hw 1 ", "تمرین-۱"];
    const created = await test.app.inject({
      method: "POST",
      url: "/v1/integrations",
      payload: {
        type: "webhook",
        name: "Portal",
        assignments: Object.fromEntries(ids.map((id) => [id, mapping])),
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(Object.keys(created.json().assignments).sort()).toEqual([...ids].sort());
  });

  // Regression: fastify-type-provider-zod joins a path with "/", so `{"a/b": …}` was reported as
  // `body.assignments.a.b` (two keys) and `{"7": …}` as `body.assignments[7]` (an index).
  it.each([
    ["a/b", 'body.assignments["a/b"].rubricId'],
    ["a.b", 'body.assignments["a.b"].rubricId'],
    ["7", 'body.assignments["7"].rubricId'],
    ["~1", 'body.assignments["~1"].rubricId'],
    ["hw-2", "body.assignments.hw-2.rubricId"],
  ])("names the mapping of assignment %j by a path that reads as one key", async (id, path) => {
    const created = await test.app.inject({
      method: "POST",
      url: "/v1/integrations",
      payload: { type: "webhook", name: "Portal", assignments: { [id]: { rubricId: 7 } } },
    });
    expect(created.statusCode, created.body).toBe(400);
    expect(created.json().error.code).toBe("invalid_request");
    expect(created.json().error.details).toEqual([{ path, message: expect.any(String) }]);
    const [problem] = created.json().error.details;
    expect(created.json().error.message).toBe(`${path}: ${problem.message}`);
  });
});

describe("an LMS's client id, key id, issuer and audience", () => {
  // Regression: they took control characters, bidi overrides and zero-width spaces: an id an admin reads
  // as the platform's that never matches it, and raw controls on every page that shows it.
  beforeEach(async () => {
    await test.close();
    test = await buildTestAppWithRubric({ env: integrationEnv });
  });
  const lti = { url: "https://lms.example/token", clientId: "tool-1", keyId: "key-1" };
  const canvas = { url: "https://school.example", liveEvents: { jwksUrl: "https://sso.example/jwks" } };
  it.each([
    ["clientId", "tool\u202e1-", "U+202E (a bidi control)"],
    ["keyId", "key\u00001", "U+0000 (a control character)"],
    ["clientId", "\u200btool-1", "U+200B (an invisible format character)"],
    ["keyId", "key-1\u2066", "U+2066 (a bidi control)"],
    ["issuer", "https://canvas.example\u001b[2J", "U+001B (a control character)"],
    ["audience", "\ufeffhttps://grader.example", "U+FEFF (an invisible format character)"],
    ["audience", "   ", "must have a visible character"],
  ])("refuses lms.%s %j, naming the field and the character", async (field, value, named) => {
    const live = field === "issuer" || field === "audience";
    const lms = live
      ? { ...canvas, liveEvents: { ...canvas.liveEvents, [field]: value } }
      : { ...lti, [field]: value };
    const path = live ? `body.lms.liveEvents.${field}` : `body.lms.${field}`;
    const created = await test.app.inject({
      method: "POST",
      url: "/v1/integrations",
      payload: { type: live ? "canvas" : "lti", name: "LMS", lms, credentials: { token: "t" } },
    });
    expect(created.statusCode, created.body).toBe(400);
    expect(created.json().error.code).toBe("invalid_request");
    expect(created.json().error.message).toContain(
      `${path}: ${named.startsWith("U+") ? "cannot contain " : ""}${named}`,
    );
    expect((await test.app.inject({ method: "GET", url: "/v1/integrations" })).json().integrations).toEqual(
      [],
    );
  });
});

describe("an assignment mapping's course id", () => {
  // Regression: a Canvas course id took control characters, bidi overrides and zero-width spaces, and was
  // shown back and sent in Canvas's URLs as it was.
  beforeEach(async () => {
    await test.close();
    test = await buildTestAppWithRubric({ env: integrationEnv });
  });
  it.each([
    ["12\u202e3", "U+202E (a bidi control)"],
    ["\u200b123", "U+200B (an invisible format character)"],
    ["12\u00003", "U+0000 (a control character)"],
  ])("refuses %j, naming the field and the character", async (courseId, named) => {
    const created = await test.app.inject({
      method: "POST",
      url: "/v1/integrations",
      payload: {
        type: "canvas",
        name: "Canvas",
        lms: { url: "https://school.example" },
        credentials: { token: "t" },
        assignments: { "7": { rubricId: scienceRubric.id, courseId } },
      },
    });
    expect(created.statusCode, created.body).toBe(400);
    expect(created.json().error.code).toBe("invalid_request");
    expect(created.json().error.message).toBe(`body.assignments["7"].courseId: cannot contain ${named}`);
  });

  it("keeps a course id as a number or as trimmed text", async () => {
    const created = await test.app.inject({
      method: "POST",
      url: "/v1/integrations",
      payload: {
        type: "canvas",
        name: "Canvas",
        lms: { url: "https://school.example" },
        credentials: { token: "t" },
        assignments: {
          "7": { rubricId: scienceRubric.id, courseId: 12 },
          "8": { rubricId: scienceRubric.id, courseId: " sis_course_id:ΦΥΣ-1 " },
        },
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().assignments["7"].courseId).toBe("12");
    expect(created.json().assignments["8"].courseId).toBe("sis_course_id:ΦΥΣ-1");
  });
});

describe("names with control characters or bidi controls", () => {
  // Regression: a reviewer, an appellant and the name of a key, a tenant or an integration were kept with
  // U+0000, escape sequences, line breaks and bidi overrides, which came out raw in the audit, CSV exports
  // and logs, and made one name read as another ("\u202eeeL sM" shows as "Ms Lee").
  beforeEach(async () => {
    await test.close();
    test = await buildTestAppWithRubric({ env: integrationEnv });
  });
  const call = (method: "GET" | "POST" | "PATCH", url: string, payload?: object) =>
    test.app.inject({ method, url, ...(payload ? { payload } : {}) });
  const forbidden = [
    ["NUL", "Ms\u0000Lee", "U+0000 (a control character; a name is one line)"],
    ["a tab", "Ms\tLee", "U+0009 (a control character; a name is one line)"],
    ["a line feed", "Ms\nLee", "U+000A (a control character; a name is one line)"],
    ["ESC", "Ms Lee\u001b[2J", "U+001B (a control character; a name is one line)"],
    ["DEL", "Ms\u007fLee", "U+007F (a control character; a name is one line)"],
    ["a C1 control", "Ms\u0085Lee", "U+0085 (a control character; a name is one line)"],
    ["a line separator", "Ms\u2028Lee", "U+2028 (a line break; a name is one line)"],
    ["a right-to-left override", "\u202eeeL sM", "U+202E (a bidi control"],
    ["a left-to-right embedding", "Ms \u202aLee\u202c", "U+202A (a bidi control"],
    ["a right-to-left isolate", "Ms \u2067Lee\u2069", "U+2067 (a bidi control"],
    ["a pop directional isolate", "Ms Lee\u2069", "U+2069 (a bidi control"],
    ["only NUL", "\u0000", "U+0000 (a control character; a name is one line)"],
    // Regression: invisible format characters inside were kept, so "Ms\u200bLee" and "Ms Lee" were two
    // keys, tenants or reviewers that look the same.
    ["a zero-width space", "Ms\u200bLee", "U+200B (an invisible format character"],
    ["a soft hyphen", "Ms Le\u00ade", "U+00AD (an invisible format character"],
    ["a BOM", "Ms\ufeffLee", "U+FEFF (an invisible format character"],
    ["a word joiner", "Ms\u2060 Lee", "U+2060 (an invisible format character"],
    ["a tag character", "Ms Lee\u{e0041}", "U+E0041 (an invisible format character"],
  ] as const;

  it.each(forbidden)("refuses a name with %s, naming the field and the character", async (_, name, named) => {
    const portal = await call("POST", "/v1/integrations", {
      type: "webhook",
      name: "Portal",
      defaultRubric: { rubricId: scienceRubric.id },
    });
    expect(portal.statusCode, portal.body).toBe(201);
    const graded = await grade({ answer: "" });
    expect(graded.statusCode, graded.body).toBe(200);
    const gradeId = graded.json().id;
    const requests = [
      ["POST", "/v1/keys", { name, role: "teacher" }, "name"],
      ["POST", "/v1/tenants", { id: "north", name }, "name"],
      ["POST", "/v1/integrations", { type: "webhook", name }, "name"],
      ["PATCH", `/v1/integrations/${portal.json().id}`, { name }, "name"],
      ["POST", `/v1/grades/${gradeId}/approve`, { reviewer: name }, "reviewer"],
      ["PATCH", `/v1/grades/${gradeId}`, { reviewer: name, reason: "r", feedback: "f" }, "reviewer"],
      ["POST", `/v1/grades/${gradeId}/appeals`, { criterionId: "inputs", reason: "r", by: name }, "by"],
      ["PATCH", `/v1/groups/agr_${"0".repeat(32)}`, { reviewer: name, reason: "r" }, "reviewer"],
      ["POST", "/v1/appeals/apl_x/resolve", { outcome: "denied", reviewer: name, reason: "r" }, "reviewer"],
    ] as const;
    for (const [method, url, body, field] of requests) {
      const response = await call(method, url, body);
      expect(response.statusCode, `${method} ${url} ${response.body}`).toBe(400);
      expect(response.json().error.code).toBe("invalid_request");
      expect(response.json().error.message).toContain(`body.${field}: cannot contain ${named}`);
    }
    expect((await call("GET", "/v1/keys")).json().keys).toEqual([]);
    const integrations = (await call("GET", "/v1/integrations")).json().integrations;
    expect(integrations.map((integration: { name: string }) => integration.name)).toEqual(["Portal"]);
    expect((await call("GET", `/v1/grades/${gradeId}`)).json().version).toBe(1);
  });

  it("keeps names in Persian, Arabic and Hebrew, with their joiners and bidi marks", async () => {
    const names = [
      "خانم\u200cرضایی",
      "\u200fخانم رضایی\u200f (T-12)",
      "الأستاذة\u061c 3 سارة",
      "גב' לוי\u200e 7",
      "Ms Lee \u{1f469}\u200d\u{1f3eb}",
    ];
    for (const name of names) {
      const key = await call("POST", "/v1/keys", { name, role: "teacher" });
      expect(key.statusCode, key.body).toBe(201);
      expect(key.json().name).toBe(name);
      const graded = await grade({ answer: "" });
      const approved = await call("POST", `/v1/grades/${graded.json().id}/approve`, { reviewer: name });
      expect(approved.statusCode, approved.body).toBe(200);
      expect(approved.json().review.by).toBe(name);
    }
  });
});

describe("teachers' multi-line texts with control characters", () => {
  // Regression: feedback, comments and reasons were kept with U+0000, escape sequences and other controls,
  // which reached the student's page, exports, logs and the LMS comment raw.
  let gradeId: string;
  beforeEach(async () => {
    const graded = await grade({ answer: "" });
    expect(graded.statusCode, graded.body).toBe(200);
    gradeId = graded.json().id;
  });
  const call = (method: "POST" | "PATCH", url: string, payload: object) =>
    test.app.inject({ method, url, payload });

  it.each([
    ["NUL", "Good work\u0000", "U+0000"],
    ["ESC", "Good \u001b[31mwork", "U+001B"],
    ["a form feed", "Good\fwork", "U+000C"],
    ["a C1 control", "Good\u009bwork", "U+009B"],
  ])(
    "refuses feedback, a comment or a reason with %s, naming the field and the character",
    async (_, text, named) => {
      const requests = [
        ["PATCH", `/v1/grades/${gradeId}`, { reviewer: "T", reason: "r", feedback: text }, "feedback"],
        [
          "PATCH",
          `/v1/grades/${gradeId}`,
          { reviewer: "T", reason: "r", criteria: [{ criterionId: "inputs", comment: text }] },
          "criteria[0].comment",
        ],
        ["PATCH", `/v1/grades/${gradeId}`, { reviewer: "T", reason: text, feedback: "f" }, "reason"],
        ["POST", `/v1/grades/${gradeId}/reopen`, { reviewer: "T", reason: text }, "reason"],
        ["POST", `/v1/grades/${gradeId}/appeals`, { criterionId: "inputs", reason: text, by: "S" }, "reason"],
        [
          "PATCH",
          `/v1/groups/agr_${"0".repeat(32)}`,
          { reviewer: "T", reason: "r", feedback: text },
          "feedback",
        ],
        [
          "PATCH",
          `/v1/groups/agr_${"0".repeat(32)}`,
          { reviewer: "T", reason: "r", criteria: [{ criterionId: "inputs", comment: text }] },
          "criteria[0].comment",
        ],
        [
          "POST",
          "/v1/appeals/apl_x/resolve",
          { outcome: "denied", reviewer: "T", reason: "r", comment: text },
          "comment",
        ],
      ] as const;
      for (const [method, url, body, field] of requests) {
        const response = await call(method, url, body);
        expect(response.statusCode, `${method} ${url} ${response.body}`).toBe(400);
        expect(response.json().error.code).toBe("invalid_request");
        expect(response.json().error.message).toContain(
          `body.${field}: cannot contain ${named} (a control character; tabs and line breaks are fine)`,
        );
      }
      expect((await test.app.inject({ method: "GET", url: `/v1/grades/${gradeId}` })).json().version).toBe(1);
    },
  );

  it("keeps tabs, line breaks, right-to-left text and its bidi controls exactly", async () => {
    const feedback = "خوب است.\r\n\t- \u202bنمره ۲ از ۳\u202c\nSee\u00a0p. 4 \u2067(ref)\u2069";
    const comment = "Line one\nLine two\twith a tab \u200f";
    const changed = await call("PATCH", `/v1/grades/${gradeId}`, {
      reviewer: "T",
      reason: "Two lines:\nfirst\tsecond",
      feedback,
      criteria: [{ criterionId: "inputs", comment }],
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().feedback).toBe(feedback);
    expect(
      changed.json().criteria.find((criterion: { criterionId: string }) => criterion.criterionId === "inputs")
        .comment,
    ).toBe(comment);
  });
});

describe("a criterion id a change names", () => {
  // Regression: an unknown criterion id was echoed raw in the message, a bidi override reordering it and a
  // long one (no length limit) echoed whole.
  it("quotes an unknown criterion id with its invisible characters escaped, and refuses one past 64 characters", async () => {
    const graded = await grade({ answer: "" });
    const url = `/v1/grades/${graded.json().id}`;
    const unknown = await test.app.inject({
      method: "PATCH",
      url,
      payload: { reviewer: "T", reason: "r", criteria: [{ criterionId: "in\u202eputs", comment: "c" }] },
    });
    expect(unknown.statusCode, unknown.body).toBe(400);
    expect(unknown.json().error.message).toBe(
      'body.criteria[0].criterionId: the rubric has no criterion "in\\u202eputs"',
    );
    const long = await test.app.inject({
      method: "PATCH",
      url,
      payload: { reviewer: "T", reason: "r", criteria: [{ criterionId: "c".repeat(65), comment: "c" }] },
    });
    expect(long.statusCode, long.body).toBe(400);
    expect(long.json().error.message).toContain("body.criteria[0].criterionId");
    expect(long.json().error.message).not.toContain("c".repeat(65));
    const twice = await test.app.inject({
      method: "PATCH",
      url,
      payload: {
        reviewer: "T",
        reason: "r",
        criteria: [
          { criterionId: "inputs", comment: "a" },
          { criterionId: "inputs", comment: "b" },
        ],
      },
    });
    expect(twice.statusCode, twice.body).toBe(400);
    expect(twice.json().error.message).toBe('body.criteria[1].criterionId: "inputs" is listed twice');
  });
});

describe("ids a client sent, named in a refusal", () => {
  // Regression: an unknown id was echoed raw in the message, where a bidi override reordered the message
  // and a zero-width space made the id look like a known one.
  it("quotes them with what a reader cannot see escaped", async () => {
    const grade404 = await test.app.inject({ method: "GET", url: "/v1/grades/%E2%80%AEgrd_1" });
    expect(grade404.statusCode, grade404.body).toBe(404);
    expect(grade404.json().error.message).toBe('No grade with id "\\u202egrd_1".');
    const rubric404 = await grade({ rubricId: `${scienceRubric.id}\u200b` });
    expect(rubric404.statusCode, rubric404.body).toBe(404);
    expect(rubric404.json().error.message).toBe(`No rubric with id "${scienceRubric.id}\\u200b".`);
    const version404 = await grade({ rubricVersion: "v\u202e1" });
    expect(version404.statusCode, version404.body).toBe(404);
    expect(version404.json().error.message).toBe(`Rubric "${scienceRubric.id}" has no version "v\\u202e1".`);
    const calibration = await test.app.inject({
      method: "POST",
      url: `/v1/rubrics/${scienceRubric.id}/calibrations`,
      payload: {
        answers: Array.from({ length: 10 }, (_, index) => ({
          answer: `Plants need light and water (${index}).`,
          points: index === 3 ? { inputs: 1, outputs: 1, "in\u200bputs": 1 } : { inputs: 1, outputs: 1 },
        })),
      },
    });
    expect(calibration.statusCode, calibration.body).toBe(400);
    expect(calibration.json().error.message).toMatch(
      /^body\.answers\[3\]\.points\["in\\u200bputs"\]: rubric "[^"]+" \(version [^)]+\) has no criterion "in\\u200bputs"\.$/,
    );
  });

  // Regression: jobs, appeals and an appeal's criterion were still echoed raw.
  it("quotes a job, appeal or appealed criterion id too", async () => {
    const job404 = await test.app.inject({ method: "GET", url: "/v1/jobs/%E2%80%AEjob_1" });
    expect(job404.statusCode, job404.body).toBe(404);
    expect(job404.json().error.message).toBe('No job with id "\\u202ejob_1".');
    const appeal404 = await test.app.inject({
      method: "POST",
      url: "/v1/appeals/apl_%E2%81%A6x/resolve",
      payload: { outcome: "denied", reviewer: "T", reason: "r" },
    });
    expect(appeal404.statusCode, appeal404.body).toBe(404);
    expect(appeal404.json().error.message).toBe('No appeal with id "apl_\\u2066x".');
    const graded = await grade({ answer: "" });
    const appeal = await test.app.inject({
      method: "POST",
      url: `/v1/grades/${graded.json().id}/appeals`,
      payload: { criterionId: "in\u202eputs", reason: "r", by: "Ana" },
    });
    expect(appeal.statusCode, appeal.body).toBe(400);
    expect(appeal.json().error.message).toContain('no criterion "in\\u202eputs"');
  });
});

describe("integration and submission ids a client sent, named in a refusal", () => {
  // Regression: an unknown integration or submission id was echoed raw in the 404's message, where a bidi
  // override reordered it.
  beforeEach(async () => {
    await test.close();
    test = await buildTestAppWithRubric({ env: integrationEnv });
  });

  it("quotes them with what a reader cannot see escaped", async () => {
    const integration = await test.app.inject({ method: "GET", url: "/v1/integrations/%E2%80%AEint_1" });
    expect(integration.statusCode, integration.body).toBe(404);
    expect(integration.json().error.message).toBe('No integration with id "\\u202eint_1".');
    const changed = await test.app.inject({
      method: "PATCH",
      url: "/v1/integrations/int_%E2%80%8B1",
      payload: { name: "Portal" },
    });
    expect(changed.statusCode, changed.body).toBe(404);
    expect(changed.json().error.message).toBe('No integration with id "int_\\u200b1".');
    const submission = await test.app.inject({ method: "GET", url: "/v1/submissions/%E2%81%A6sub_1" });
    expect(submission.statusCode, submission.body).toBe(404);
    expect(submission.json().error.message).toBe('No submission with id "\\u2066sub_1".');
  });
});

describe("length limits of ids, names and teachers' texts", () => {
  // Counted in characters as a reader counts them (code points), as the answer is: 150 emoji were "300
  // characters" and refused in a field of 200.
  const emoji = (count: number) => "🌱".repeat(count);

  it("takes a student id, a reviewer and a reason of emoji up to the limit, and refuses one more", async () => {
    const kept = await grade({ studentId: emoji(200), submissionId: `s${emoji(199)}` });
    expect(kept.statusCode, kept.body).toBe(200);
    expect(kept.json()).toMatchObject({ studentId: emoji(200) });
    const refused = await grade({ studentId: emoji(201) });
    expect(refused.statusCode, refused.body).toBe(400);
    expect(refused.json().error.message).toBe("body.studentId: must be at most 200 characters");

    const gradeId = kept.json().id as string;
    const changed = await test.app.inject({
      method: "PATCH",
      url: `/v1/grades/${gradeId}`,
      payload: { reviewer: emoji(200), reason: emoji(2_000), feedback: emoji(150) },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    const tooLong = await test.app.inject({
      method: "POST",
      url: `/v1/grades/${gradeId}/approve`,
      payload: { reviewer: emoji(201) },
    });
    expect(tooLong.statusCode, tooLong.body).toBe(400);
    expect(tooLong.json().error.message).toBe("body.reviewer: must be at most 200 characters");
  });

  it("takes a rubric whose texts are emoji up to their limits", async () => {
    const rubric = {
      ...scienceRubric,
      id: "emoji-texts",
      title: emoji(200),
      criteria: scienceRubric.criteria.map((criterion) => ({
        ...criterion,
        title: emoji(200),
        description: emoji(4_000),
      })),
    };
    const uploaded = await test.app.inject({ method: "POST", url: "/v1/rubrics", payload: rubric });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const tooLong = await test.app.inject({
      method: "POST",
      url: "/v1/rubrics",
      payload: { ...rubric, id: "emoji-texts-2", title: emoji(201) },
    });
    expect(tooLong.statusCode, tooLong.body).toBe(400);
    expect(tooLong.json().error.message).toContain("title (line 1): must be at most 200 characters");
  });

  it("says maxLength in characters in the API document, as JSON Schema counts them", async () => {
    const document = (await test.app.inject({ method: "GET", url: "/docs/json" })).json();
    const body = document.paths["/v1/grade"].post.requestBody.content["application/json"].schema;
    const studentId =
      body.properties.studentId.anyOf?.find((option: { type?: string }) => option.type === "string") ??
      body.properties.studentId;
    expect(studentId.maxLength).toBe(200);
  });
});
