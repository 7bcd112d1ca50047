import { readFileSync } from "node:fs";
import { Validator } from "@seriousme/openapi-schema-validator";
import { afterEach, describe, expect, it } from "vitest";
import { errorCatalog } from "../../src/grading/errors.js";
import { buildTestApp, type TestApp } from "../helpers/test-app.js";

/**
 * The OpenAPI document at /docs/json: what Swagger UI and generated clients are built from. It must
 * be valid OpenAPI and say how to call each route: bodies in every media type a route takes, the
 * bearer key, errors, and the headers a client acts on.
 */

const apiKey = "docs-test-key-0123456789";
/** The one /v1 route without an API key: a Standard Webhooks signature authenticates it. */
const isSignedWebhook = (path: string) => path === "/v1/integrations/{id}/events";
let test: TestApp;
afterEach(() => test.close());

interface Operation {
  security?: Record<string, string[]>[];
  parameters?: { in: string; name: string; required?: boolean }[];
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<
    string,
    { headers?: Record<string, unknown>; content?: Record<string, { schema: unknown }> }
  >;
}

async function documentOf(env: Record<string, string> = {}) {
  test = await buildTestApp({ env });
  const response = await test.app.inject({ method: "GET", url: "/docs/json" });
  expect(response.statusCode).toBe(200);
  const document = response.json();
  const operations = Object.entries(document.paths as Record<string, Record<string, Operation>>).flatMap(
    ([path, item]) => Object.entries(item).map(([method, operation]) => ({ path, method, operation })),
  );
  return { document, operations };
}

async function expectValidOpenApi(document: unknown) {
  const result = await new Validator().validate(document as Record<string, unknown>);
  expect(result.errors ?? []).toEqual([]);
  expect(result.valid).toBe(true);
}

describe("the OpenAPI document", () => {
  it.each([
    ["with API keys", { GRADER_API_KEYS: apiKey }],
    ["without API keys", {}],
  ])("is valid OpenAPI %s", async (_name, env) => {
    const { document } = await documentOf(env);
    expect(document.openapi).toMatch(/^3\.0\./);
    await expectValidOpenApi(document);
  });

  it("describes the rubric upload as JSON, YAML text and a multipart file", async () => {
    // Regression: only the JSON body was described, so clients could not upload a YAML file.
    const { document } = await documentOf();
    const content = document.paths["/v1/rubrics"].post.requestBody.content;
    expect(Object.keys(content)).toEqual(
      expect.arrayContaining(["application/json", "application/yaml", "multipart/form-data"]),
    );
    expect(content["application/json"].schema).toMatchObject({
      type: "object",
      required: expect.arrayContaining(["id", "title", "question", "criteria"]),
    });
    expect(content["application/yaml"].schema).toMatchObject({ type: "string" });
    expect(content["multipart/form-data"].schema).toMatchObject({
      type: "object",
      properties: { file: { type: "string", format: "binary" } },
      required: ["file"],
    });
  });

  it("describes the signed webhook's body, which the route reads raw, in the media types it takes", async () => {
    // Regression: the webhook had no requestBody, so clients generated from the document sent none.
    const { document } = await documentOf();
    const webhook = document.paths["/v1/integrations/{id}/events"].post as Operation;
    expect(Object.keys(webhook.requestBody!.content).sort()).toEqual([
      "application/json",
      "application/jwt",
      "text/plain",
    ]);
    expect(JSON.stringify(webhook.requestBody!.content["application/json"]!.schema)).toContain(
      "submission.created",
    );
    expect(Object.keys(webhook.responses)).toEqual(expect.arrayContaining(["413", "415"]));
    const xml = await test.app.inject({
      method: "POST",
      url: "/v1/integrations/int_x/events",
      headers: { "content-type": "application/xml" },
      payload: "<event/>",
    });
    expect(xml.statusCode).toBe(415);
    expect(xml.json().error.message).toContain("application/json");
  });

  it("with keys, puts bearer security and 401 on every /v1 operation, and marks health checks open", async () => {
    // Regression: no route had security, so Swagger UI and generated clients sent no key.
    const { document, operations } = await documentOf({ GRADER_API_KEYS: apiKey });
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: "http", scheme: "bearer" });
    // Regression: it said "An API key from GRADER_API_KEYS", so a client holding a teacher's `rg_…` key
    // from POST /v1/keys read that its key would not do, and that every /v1 route needs one.
    const scheme = document.components.securitySchemes.bearer.description as string;
    expect(scheme).toContain("POST /v1/keys");
    expect(scheme).toContain("but the signed LMS events (POST /v1/integrations/{id}/events)");
    const v1 = operations.filter(({ path }) => path.startsWith("/v1/") && !isSignedWebhook(path));
    expect(v1.length).toBeGreaterThanOrEqual(8);
    // The inbound webhook takes a signature, not a key.
    expect(document.paths["/v1/integrations/{id}/events"].post.security).toEqual([]);
    for (const { path, method, operation } of v1) {
      expect({ path, method, security: operation.security }).toEqual({
        path,
        method,
        security: [{ bearer: [] }],
      });
      expect(operation.responses["401"], `${method} ${path}`).toBeDefined();
    }
    for (const path of ["/healthz", "/readyz"]) {
      expect(document.paths[path].get.security).toEqual([]);
    }
  });

  it("without keys, still documents the scheme and makes the key optional on /v1", async () => {
    const { document, operations } = await documentOf();
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: "http", scheme: "bearer" });
    for (const { path, operation } of operations) {
      const keyed = path.startsWith("/v1/") && !isSignedWebhook(path);
      expect(operation.security).toEqual(keyed ? [{ bearer: [] }, {}] : []);
      // A stored key of some tenant can still be sent, and be wrong, or lack the role.
      if (keyed) {
        expect(operation.responses["401"]).toBeDefined();
        expect(operation.responses["403"]).toBeDefined();
      } else if (!isSignedWebhook(path)) {
        expect(operation.responses["401"]).toBeUndefined();
      }
    }
  });

  it("gives every operation its error responses with the shared error schema", async () => {
    const { operations } = await documentOf({ GRADER_API_KEYS: apiKey });
    const errorSchema = operations[0]!.operation.responses["400"]!.content!["application/json"]!.schema;
    expect(errorSchema).toMatchObject({ type: "object", required: ["error"] });
    for (const { path, method, operation } of operations) {
      const expected = ["400", "500", ...(operation.requestBody ? ["413", "415"] : [])];
      for (const status of expected) {
        expect(
          operation.responses[status]?.content?.["application/json"]?.schema,
          `${method} ${path} ${status}`,
        ).toEqual(errorSchema);
      }
      // Every response carries the request id.
      for (const response of Object.values(operation.responses)) {
        expect(response.headers?.["X-Request-Id"]).toEqual({ $ref: "#/components/headers/X-Request-Id" });
      }
    }
    const byRoute = Object.fromEntries(
      operations.map(({ path, method, operation }) => [`${method} ${path}`, operation]),
    );
    expect(Object.keys(byRoute["get /v1/grades/{id}"]!.responses)).toEqual(expect.arrayContaining(["404"]));
    expect(byRoute["get /v1/grades"]!.responses["415"]).toBeUndefined();
  });

  it("documents Idempotency-Key, Idempotent-Replayed and Retry-After where the service uses them", async () => {
    const { document } = await documentOf();
    const grade = document.paths["/v1/grade"].post as Operation;
    expect(grade.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ in: "header", name: "idempotency-key", required: false }),
      ]),
    );
    expect(grade.responses["200"]!.headers).toHaveProperty("Idempotent-Replayed");
    expect(grade.responses["503"]!.headers).toMatchObject({ "Retry-After": { schema: { type: "integer" } } });
    expect(document.paths["/readyz"].get.responses["503"].headers).toHaveProperty("Retry-After");
    // The daily budget's refusal says when grading resumes.
    expect(grade.responses["429"]!.headers).toMatchObject({ "Retry-After": { schema: { type: "integer" } } });
  });

  it("documents the cost and operations routes, and every catalog code in docs/api.md with its status", async () => {
    const { document } = await documentOf();
    expect(Object.keys(document.paths["/v1/estimate"])).toEqual(["post"]);
    expect(Object.keys(document.paths["/v1/usage"])).toEqual(["get"]);
    expect(Object.keys(document.paths["/v1/settings"]).sort()).toEqual(["get", "put"]);
    expect(document.paths["/metrics"].get.responses["200"].content).toHaveProperty("text/plain");
    const estimate = document.paths["/v1/estimate"].post as Operation;
    expect(Object.keys(estimate.responses)).toEqual(expect.arrayContaining(["200", "400", "404", "503"]));

    const guide = readFileSync(new URL("../../docs/api.md", import.meta.url), "utf8");
    for (const [code, entry] of Object.entries(errorCatalog)) {
      expect(guide, code).toMatch(new RegExp(`^\\| \`${code}\` +\\| ${entry.status} +\\|`, "m"));
    }
  });

  it("lists the response media types the routes really send: CSV lists and the event stream", async () => {
    // Regression: the CSV answers to Accept: text/csv were missing, and the event stream was documented
    // as a JSON string.
    const { document } = await documentOf();
    await expectValidOpenApi(document);
    const paths = document.paths as Record<string, Record<string, Operation>>;
    const mediaTypes = (path: string) =>
      Object.keys(paths[path]!.get!.responses["200"]!.content ?? {}).sort();
    expect(mediaTypes("/v1/grades")).toEqual(["application/json", "text/csv"]);
    expect(mediaTypes("/v1/jobs/{id}/results")).toEqual(["application/json", "text/csv"]);
    expect(mediaTypes("/v1/jobs/{id}/events")).toEqual(["text/event-stream"]);
  });

  it("lists request media types that the routes really take", async () => {
    const { operations } = await documentOf();
    for (const { path, method, operation } of operations) {
      for (const mediaType of Object.keys(operation.requestBody?.content ?? {})) {
        const response = await test.app.inject({
          method: method.toUpperCase() as "POST",
          url: path.replace(/\{[^}]+\}/g, "x"),
          headers: {
            "content-type": mediaType === "multipart/form-data" ? `${mediaType}; boundary=b` : mediaType,
          },
          payload: mediaType === "multipart/form-data" ? "--b--\r\n" : "{}",
        });
        expect({ method, path, mediaType, status: response.statusCode }).not.toMatchObject({ status: 415 });
      }
    }
  });
});

describe("Swagger UI", () => {
  it("loads at /docs without a key when keys are configured", async () => {
    test = await buildTestApp({ env: { GRADER_API_KEYS: apiKey } });
    const page = await test.app.inject({ method: "GET", url: "/docs" });
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toContain("text/html");
    expect(page.body).toMatch(/swagger-ui/i);
    const initializer = await test.app.inject({ method: "GET", url: "/docs/static/swagger-initializer.js" });
    expect(initializer.statusCode).toBe(200);
    const json = await test.app.inject({ method: "GET", url: "/docs/json" });
    expect(json.statusCode).toBe(200);
  });

  it("cannot be framed by another site, which could lure clicks onto its Execute buttons", async () => {
    // Without keys the page's requests act as the operator: a frame on another site would be a way round
    // the Origin check that keeps other sites' pages from using the API through the user's browser.
    test = await buildTestApp();
    for (const url of ["/docs", "/docs/"]) {
      const page = await test.app.inject({ method: "GET", url });
      expect(page.statusCode).toBe(200);
      const policy = String(page.headers["content-security-policy"]);
      expect(policy).toMatch(/(^|;\s*)frame-ancestors 'none'(;|$)/);
      expect(page.headers["x-frame-options"]).toBe("DENY");
      expect(page.headers["x-content-type-options"]).toBe("nosniff");
    }
  });
});
