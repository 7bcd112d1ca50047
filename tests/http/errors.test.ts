import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { errorCatalog } from "../../src/grading/errors.js";
import { buildTestApp, type TestApp } from "../helpers/test-app.js";

/** Every error path answers with a catalog body: `{error: {code, message, details?}}`, nothing else. */

let test: TestApp;
beforeEach(async () => {
  test = await buildTestApp();
});
afterEach(() => test.close());

function expectCatalogBody(body: unknown, code: keyof typeof errorCatalog) {
  expect(body).toEqual({ error: expect.objectContaining({ code, message: expect.any(String) }) });
  for (const key of Object.keys((body as { error: object }).error)) {
    expect(["code", "message", "details"]).toContain(key);
  }
}

describe("routing errors", () => {
  it("an unknown path answers 404 not_found", async () => {
    const response = await test.app.inject({ method: "GET", url: "/v1/nothing-here" });
    expect(response.statusCode).toBe(404);
    expectCatalogBody(response.json(), "not_found");
    expect(response.json().error.message).toBe("No route GET /v1/nothing-here.");
  });

  it("a known path with another method answers 405 method_not_allowed with Allow", async () => {
    const response = await test.app.inject({ method: "DELETE", url: "/v1/grades/grd_1" });
    expect(response.statusCode).toBe(405);
    expectCatalogBody(response.json(), "method_not_allowed");
    expect(response.headers.allow?.toString().split(", ").sort()).toEqual(["GET", "HEAD", "PATCH"]);
    expect(response.json().error.message).toBe(
      "/v1/grades/grd_1 does not take DELETE; it takes GET, HEAD, PATCH.",
    );
    const put = await test.app.inject({ method: "PUT", url: "/v1/rubrics" });
    expect(put.statusCode).toBe(405);
    expect(put.headers.allow?.toString().split(", ").sort()).toEqual(["GET", "HEAD", "POST"]);
  });

  it("a path that does not decode answers 400 invalid_request, not Fastify's own body", async () => {
    const response = await test.app.inject({ method: "GET", url: "/v1/rubrics/%E0%A4%A" });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: {
        code: "invalid_request",
        message: "path: is not a valid URL (malformed percent-encoding).",
        details: [{ path: "path", message: "is not a valid URL" }],
      },
    });
  });
});

describe("validation errors", () => {
  it("list the first 100 problems of a body and count the rest, naming a long unknown key cut short", async () => {
    // Regression: one problem per wrong item, each named twice: 60,000 answers that are not texts (780 KB)
    // made a 10 MB answer, and an unknown key of a million characters was echoed whole.
    const answers = Array.from({ length: 20_000 }, () => ({ answer: 1 }));
    const response = await test.app.inject({
      method: "POST",
      url: "/v1/jobs",
      payload: { rubricId: "r", answers },
    });
    expect(response.statusCode).toBe(400);
    expectCatalogBody(response.json(), "invalid_request");
    const { error } = response.json<{ error: { message: string; details: { path: string }[] } }>();
    expect(error.details).toHaveLength(100);
    expect(error.details[99]!.path).toBe("body.answers[99].answer");
    expect(error.message).toMatch(/; and 19900 more problems \(the first 100 are listed\)$/);
    expect(response.body.length).toBeLessThan(30_000);

    const long = "k".repeat(1_000_000);
    const unknown = await test.app.inject({
      method: "POST",
      url: "/v1/grade",
      payload: { rubricId: "r", answer: "a", [long]: 1 },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details).toEqual([
      { path: `body["${"k".repeat(64)}…"]`, message: "is not a known field" },
    ]);
  });
});

describe("a missing field", () => {
  it("says it is required, whatever its type, and a wrong value of an enum still names the allowed ones", async () => {
    // Regression: a missing enum field said "Invalid option: expected one of …", as if a wrong one was sent.
    const noOutcome = await test.app.inject({
      method: "POST",
      url: "/v1/appeals/apl_1/resolve",
      payload: { reviewer: "Ms Lee", reason: "checked" },
    });
    expect(noOutcome.statusCode).toBe(400);
    expect(noOutcome.json().error).toEqual({
      code: "invalid_request",
      message: "body.outcome: is required",
      details: [{ path: "body.outcome", message: "is required" }],
    });
    const noFormat = await test.app.inject({ method: "GET", url: "/v1/rubrics/r/export" });
    expect(noFormat.statusCode).toBe(400);
    expect(noFormat.json().error.details).toEqual([{ path: "querystring.format", message: "is required" }]);
    // The same words as any other missing field.
    const noAnswer = await test.app.inject({ method: "POST", url: "/v1/grade", payload: { rubricId: "r" } });
    expect(noAnswer.json().error.details).toEqual([{ path: "body.answer", message: "is required" }]);

    const wrongOutcome = await test.app.inject({
      method: "POST",
      url: "/v1/appeals/apl_1/resolve",
      payload: { outcome: "granted", reviewer: "Ms Lee", reason: "checked" },
    });
    expect(wrongOutcome.statusCode).toBe(400);
    expect(wrongOutcome.json().error.details).toEqual([
      { path: "body.outcome", message: 'Invalid option: expected one of "upheld"|"denied"' },
    ]);
  });
});

describe("multipart errors", () => {
  it.each([
    ["without a boundary", "multipart/form-data", "garbage"],
    [
      "cut off",
      "multipart/form-data; boundary=abc",
      '--abc\r\nContent-Disposition: form-data; name="file"; filename="r.yaml"\r\n\r\nid: x',
    ],
  ])("a multipart body %s answers 400 invalid_request, not 500", async (_name, contentType, payload) => {
    // Regression: the multipart parser's plain errors became internal_error.
    const response = await test.app.inject({
      method: "POST",
      url: "/v1/rubrics",
      headers: { "content-type": contentType },
      payload,
    });
    expect(response.statusCode).toBe(400);
    expectCatalogBody(response.json(), "invalid_request");
    expect(response.json().error.message).toMatch(/^body: is not valid multipart\/form-data \(/);
  });
});

describe("5xx bodies", () => {
  it("carry the catalog message and the request id, nothing from the error", async () => {
    await test.storage.close();
    const response = await test.app.inject({
      method: "GET",
      url: "/v1/grades",
      headers: { "x-request-id": "req-db-gone" },
    });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({
      error: { code: "internal_error", message: "Internal error. (request id req-db-gone)" },
    });
    expect(response.headers["x-request-id"]).toBe("req-db-gone");
  });
});
